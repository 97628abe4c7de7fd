"""Commands of the plan: revenue targets and the ideal customer profile."""

from __future__ import annotations

import argparse

from repdesk.cli.context import Ctx, emit, out_json, say
from repdesk.domain.errors import InputError

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


def cmd_targets_set(ctx: Ctx) -> None:
    from repdesk.writes.targets import set_target

    a = ctx.args
    row = set_target(
        ctx.store,
        a.period,
        a.revenue,
        avg_deal=a.avg_deal,
        daily_goal=a.daily_goal,
        workdays=a.workdays,
        off_dates=a.off,
    )
    emit(ctx, "target", row, f"target {row['period']} set")


def cmd_targets_list(ctx: Ctx) -> None:
    from repdesk.figures.records import record
    from repdesk.figures.settings import target_rows

    rows = [record("target", r, ctx.tz) for r in target_rows(ctx.store)]
    if ctx.args.json:
        out_json(rows)
        return
    if not rows:
        say("no targets yet: repdesk targets set 2026-Q4 --revenue 300000 --avg-deal 25000")
    for r in rows:
        extra = "".join(
            [
                f"  avg deal {r['avg_deal']:,}" if r["avg_deal"] is not None else "",
                f"  daily goal {r['daily_goal']}" if r["daily_goal"] is not None else "",
            ]
        )
        say(f"{r['period']:<8} {r['start']} – {r['end']}  revenue {r['revenue']:,}{extra}  days {r['workdays']}")


def cmd_targets_split(ctx: Ctx) -> None:
    from repdesk.domain.plan import split_target

    res = split_target(ctx.args.amount, ctx.args.reps, ctx.args.raise_pct)
    if ctx.args.json:
        out_json(res)
        return
    reps = f"{res.reps} rep" + ("s" if res.reps != 1 else "")
    if res.raise_pct is None:
        say(f"{_num(res.amount)} over {reps}: each rep brings {_num(res.per_rep)}")
    else:
        say(
            f"a {res.raise_pct:g}% raise on {_num(res.amount)} is {_num(res.to_split)} more, "
            f"for a new total of {_num(res.new_total)}; over {reps}: "
            f"each rep must add {_num(res.per_rep)} to what they bring today"
        )


def _num(x: float) -> str:
    """Money without a currency, cents only when there are any."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def rule_args(a: argparse.Namespace) -> dict[str, Any]:
    """The ICP rule options of ``icp add`` and ``icp edit`` as keyword arguments of the service."""
    return {
        "field": a.field,
        "choices": a.in_,
        "min_value": a.min,
        "max_value": a.max,
        "min_seniority": a.min_seniority,
        "manual": a.manual,
    }


def cmd_icp_add(ctx: Ctx) -> None:
    from repdesk.writes.icp import add_criterion

    row = add_criterion(ctx.store, ctx.args.label, **rule_args(ctx.args))
    emit(ctx, "icp_criterion", row, f"ICP criterion {row['key']} added")


def cmd_icp_edit(ctx: Ctx) -> None:
    from repdesk.writes.icp import edit_criterion

    row = edit_criterion(ctx.store, ctx.args.key, label=ctx.args.label, **rule_args(ctx.args))
    emit(ctx, "icp_criterion", row, f"ICP criterion {row['key']} saved")


def cmd_icp_list(ctx: Ctx) -> None:
    from repdesk.figures.records import record
    from repdesk.figures.settings import criteria_rows
    from repdesk.present import describe_rule

    rows = criteria_rows(ctx.store)
    if ctx.args.json:
        out_json([record("icp_criterion", r, ctx.tz) for r in rows])
        return
    if not rows:
        say('no ICP criteria yet: repdesk icp add "Industry" --field industry --in software,fintech')
    for r in rows:
        say(f"{r['key']:<24} {r['label']:<28} {describe_rule(r)}")


def cmd_icp_remove(ctx: Ctx) -> None:
    from repdesk.writes.icp import remove_criterion

    row = remove_criterion(ctx.store, ctx.args.key)
    emit(ctx, "icp_criterion", row, f"ICP criterion {row['key']} removed")


def cmd_icp_check(ctx: Ctx) -> None:
    from repdesk.cli.show import print_checklist
    from repdesk.figures.prospects import icp_checklist
    from repdesk.figures.records import find_prospect
    from repdesk.writes.icp import answer_criteria

    p = find_prospect(ctx.store, ctx.args.prospect)
    answers: list[tuple[str, str | bool | None]] = []
    for item in ctx.args.answer or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise InputError(f"--answer takes KEY=yes|no, not {item!r}")
        answers.append((key, value))
    if answers:  # all or nothing: one bad answer stores none
        answer_criteria(ctx.store, p["id"], answers)
    check = icp_checklist(ctx.store, p)
    if ctx.args.json:
        from repdesk.domain.record import as_dict

        out_json({"id": p["id"], "company": p["company"], **as_dict(check)})
    else:
        print_checklist(ctx.store, p, check)
