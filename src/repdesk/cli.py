"""The command line: parses input, calls the service layer, prints.

Only the standard library is imported at start-up; each command loads what it needs, so
``repdesk log`` and ``repdesk status`` stay within a few times a bare ``sqlite3`` insert.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence

from repdesk import __version__
from repdesk.errors import InputError, ProgramError

TYPE_CHECKING = False  # not `from typing import ...`: typing costs milliseconds on every `repdesk log`
if TYPE_CHECKING:
    from typing import Any, NoReturn
    from zoneinfo import ZoneInfo

    from repdesk.store import Store

PROG = "repdesk"


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise InputError(f"{message} (see `{self.prog} --help`)")


class Ctx:
    """What a command needs: the parsed arguments, the store (opened on first use) and the zone."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._store: Store | None = None
        self._tz: ZoneInfo | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            from repdesk.config import db_path
            from repdesk.store import Store

            self._store = Store(db_path(getattr(self.args, "db", None)))
        return self._store

    @property
    def tz(self) -> ZoneInfo:
        if self._tz is None:
            from repdesk.config import resolve_zone

            stored = self.store.scalar("SELECT value FROM setting WHERE key = 'timezone'")
            self._tz = resolve_zone(getattr(self.args, "tz", None), stored)
        return self._tz

    def when(self, text: str | None, *, ahead: bool = False) -> Any:
        if text is None:
            return None
        from repdesk.timeutil import parse_when

        return parse_when(text, self.tz, ahead=ahead)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def out_json(obj: Any) -> None:
    """Print an object as JSON (UTF-8 text kept as is)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def emit(ctx: Ctx, table: str, row: Any, line: str) -> None:
    """Print a created or changed record: JSON with ``--json``, else one line."""
    if getattr(ctx.args, "json", False):
        from repdesk.service import record

        out_json(record(table, row, ctx.tz))
    else:
        print(line)


# -- commands -------------------------------------------------------------------------------


def cmd_prospect_add(ctx: Ctx) -> None:
    from repdesk.service import add_prospect

    a = ctx.args
    fields = {k: getattr(a, k) for k in PROSPECT_FIELDS if getattr(a, k, None) is not None}
    fields["company"] = a.company
    if a.note is not None:
        fields["notes"] = a.note
    row = add_prospect(ctx.store, fields, ctx.tz)
    if getattr(a, "json", False):
        emit(ctx, "prospect", row, "")
    else:
        print(row["id"])


def cmd_prospect_edit(ctx: Ctx) -> None:
    from repdesk.service import edit_prospect

    a = ctx.args
    fields = {k: getattr(a, k) for k in (*PROSPECT_FIELDS, "company", "churned_at", "archived")}
    if a.note is not None:
        fields["notes"] = a.note
    row = edit_prospect(ctx.store, a.prospect, {k: v for k, v in fields.items() if v is not None}, ctx.tz)
    emit(ctx, "prospect", row, f"prospect {row['id']} {row['company']} updated")


def cmd_prospect_list(ctx: Ctx) -> None:
    from repdesk import views

    rows = views.prospect_rows(ctx.store, ctx.tz, include_archived=ctx.args.all)
    if ctx.args.json:
        out_json(rows)
    else:
        views.print_prospects(rows, ctx.store.settings()["currency"])


def cmd_prospect_show(ctx: Ctx) -> None:
    from repdesk import views
    from repdesk.service import find_prospect

    p = find_prospect(ctx.store, ctx.args.prospect)
    detail = views.prospect_detail(ctx.store, p, ctx.tz)
    if ctx.args.json:
        out_json(detail)
    else:
        views.print_prospect(detail, ctx.store.settings()["currency"])


def cmd_log(ctx: Ctx) -> None:
    from repdesk.service import log_touch

    a = ctx.args
    row = log_touch(ctx.store, a.prospect, a.channel, a.outcome, at=ctx.when(a.at), minutes=a.minutes, note=a.note)
    emit(ctx, "touch", row, f"touch {row['id']}: {row['channel']} {row['outcome']}")


def cmd_touch(ctx: Ctx) -> None:
    from repdesk.service import update_touch

    row = update_touch(ctx.store, ctx.args.id, ctx.args.outcome, ctx.args.note)
    emit(ctx, "touch", row, f"touch {row['id']}: {row['channel']} {row['outcome']}")


def cmd_meeting_book(ctx: Ctx) -> None:
    from repdesk.service import book_meeting

    a = ctx.args
    row = book_meeting(ctx.store, a.prospect, ctx.when(a.at, ahead=True), kind=a.kind, goal=a.goal, note=a.note)
    emit(ctx, "meeting", row, f"meeting {row['id']} booked ({row['kind']})")


def _meeting_status(status: str) -> Callable[[Ctx], None]:
    def run(ctx: Ctx) -> None:
        from repdesk.service import set_meeting_status

        a = ctx.args
        row = set_meeting_status(
            ctx.store, a.id, status, outcome=getattr(a, "outcome", None), next_step=getattr(a, "next_step", None)
        )
        emit(ctx, "meeting", row, f"meeting {row['id']} {row['status']}")

    return run


def cmd_deal_open(ctx: Ctx) -> None:
    from repdesk.service import open_deal

    a = ctx.args
    row = open_deal(ctx.store, a.prospect, a.value, title=a.title, at=ctx.when(a.at))
    emit(ctx, "deal", row, f"deal {row['id']} opened")


def cmd_deal_proposal(ctx: Ctx) -> None:
    from repdesk.service import deal_proposal

    row = deal_proposal(ctx.store, ctx.args.id, value=ctx.args.value, at=ctx.when(ctx.args.at))
    emit(ctx, "deal", row, f"deal {row['id']}: proposal sent")


def cmd_deal_won(ctx: Ctx) -> None:
    from repdesk.service import close_deal

    row = close_deal(ctx.store, ctx.args.id, "won", value=ctx.args.value, at=ctx.when(ctx.args.at))
    emit(ctx, "deal", row, f"deal {row['id']} won")


def cmd_deal_lost(ctx: Ctx) -> None:
    from repdesk.service import close_deal

    row = close_deal(ctx.store, ctx.args.id, "lost", reason=ctx.args.reason, at=ctx.when(ctx.args.at))
    emit(ctx, "deal", row, f"deal {row['id']} lost ({row['lost_reason']})")


def cmd_targets_set(ctx: Ctx) -> None:
    from repdesk.service import set_target

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
    from repdesk.service import record

    rows = [record("target", r, ctx.tz) for r in ctx.store.all("SELECT * FROM target ORDER BY start, period")]
    if ctx.args.json:
        out_json(rows)
        return
    if not rows:
        print("no targets yet: repdesk targets set 2026-Q4 --revenue 300000 --avg-deal 25000")
    for r in rows:
        extra = "".join(
            [
                f"  avg deal {r['avg_deal']:,}" if r["avg_deal"] is not None else "",
                f"  daily goal {r['daily_goal']}" if r["daily_goal"] is not None else "",
            ]
        )
        print(f"{r['period']:<8} {r['start']} – {r['end']}  revenue {r['revenue']:,}{extra}  days {r['workdays']}")


def cmd_targets_split(ctx: Ctx) -> None:
    from repdesk.service import split_target

    res = split_target(ctx.args.amount, ctx.args.reps, ctx.args.raise_pct)
    if ctx.args.json:
        out_json(res)
    else:
        what = (
            f"{res['raise_pct']:g}% more on {res['amount']:,}" if res["raise_pct"] is not None else f"{res['amount']:,}"
        )
        print(f"{what}: {res['to_split']:,.2f} over {res['reps']} reps = {res['per_rep']:,.2f} each")


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
    from repdesk.service import add_criterion

    row = add_criterion(ctx.store, ctx.args.label, **rule_args(ctx.args))
    emit(ctx, "icp_criterion", row, f"ICP criterion {row['key']} added")


def cmd_icp_edit(ctx: Ctx) -> None:
    from repdesk.service import edit_criterion

    row = edit_criterion(ctx.store, ctx.args.key, label=ctx.args.label, **rule_args(ctx.args))
    emit(ctx, "icp_criterion", row, f"ICP criterion {row['key']} saved")


def cmd_icp_list(ctx: Ctx) -> None:
    from repdesk.service import record
    from repdesk.views import describe_rule

    rows = ctx.store.all("SELECT * FROM icp_criterion ORDER BY id")
    if ctx.args.json:
        out_json([record("icp_criterion", r, ctx.tz) for r in rows])
        return
    if not rows:
        print('no ICP criteria yet: repdesk icp add "Industry" --field industry --in software,fintech')
    for r in rows:
        print(f"{r['key']:<24} {r['label']:<28} {describe_rule(r)}")


def cmd_icp_remove(ctx: Ctx) -> None:
    from repdesk.service import remove_criterion

    row = remove_criterion(ctx.store, ctx.args.key)
    emit(ctx, "icp_criterion", row, f"ICP criterion {row['key']} removed")


def cmd_icp_check(ctx: Ctx) -> None:
    from repdesk import views
    from repdesk.service import answer_criterion, find_prospect, icp_checklist

    p = find_prospect(ctx.store, ctx.args.prospect)
    for item in ctx.args.answer or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise InputError(f"--answer takes KEY=yes|no, not {item!r}")
        answer_criterion(ctx.store, p["id"], key, value)
    check = icp_checklist(ctx.store, p)
    if ctx.args.json:
        out_json({"id": p["id"], "company": p["company"], **check})
    else:
        views.print_checklist(ctx.store, p, check)


def cmd_config_show(ctx: Ctx) -> None:
    settings = ctx.store.settings()
    if ctx.args.json:
        out_json(settings)
        return
    for k, v in settings.items():
        print(f"{k:<16} {v}")


def cmd_config_set(ctx: Ctx) -> None:
    from repdesk.service import set_setting

    settings = set_setting(ctx.store, ctx.args.key, ctx.args.value)
    if ctx.args.json:
        out_json(settings)
    else:
        print(f"{ctx.args.key.strip().lower()} = {settings[ctx.args.key.strip().lower()]}")


def cmd_undo(ctx: Ctx) -> None:
    label = ctx.store.undo()
    if label is None:
        print("nothing to undo")
    else:
        print(f"undone: {label}")


def cmd_backup(ctx: Ctx) -> None:
    from repdesk.config import data_dir
    from repdesk.service import backup

    dest = ctx.args.path or os.path.join(data_dir(), "backups")
    print(backup(ctx.store, dest))


def cmd_db(ctx: Ctx) -> None:
    from repdesk.config import db_path

    print(db_path(getattr(ctx.args, "db", None)))


def cmd_demo(ctx: Ctx) -> None:
    from repdesk.demo import generate

    a = ctx.args
    tz = ctx_zone(a)
    stats = generate(a.path, weeks=a.weeks, touches=a.touches, seed=a.seed, tz=tz)
    print(
        f"{a.path}: {stats['prospects']:,} prospects, {stats['touches']:,} touches, "
        f"{stats['meetings']:,} meetings, {stats['deals']:,} deals"
    )


def ctx_zone(a: argparse.Namespace) -> ZoneInfo:
    """The zone for a command that has no store yet."""
    from repdesk.config import resolve_zone

    return resolve_zone(getattr(a, "tz", None), None)


def cmd_today(ctx: Ctx) -> None:
    from repdesk import metrics

    day = metrics.parse_day(ctx.args.date, ctx.tz)
    res = metrics.today(ctx.store, ctx.tz, day)
    if ctx.args.json:
        out_json(res)
    else:
        from repdesk import report

        report.print_today(res, ctx.store.settings())


def cmd_review(ctx: Ctx) -> None:
    from repdesk import metrics

    day = metrics.parse_day(ctx.args.as_of, ctx.tz)
    res = metrics.review(ctx.store, ctx.tz, day, ctx.args.days)
    if ctx.args.json:
        out_json(res)
    else:
        from repdesk import report

        report.print_review(res, ctx.store.settings())


def cmd_status(ctx: Ctx) -> None:
    from repdesk import metrics

    day = metrics.parse_day(ctx.args.date, ctx.tz)
    print(metrics.status_line(ctx.store, ctx.tz, day))


def cmd_export_week(ctx: Ctx) -> None:
    from repdesk.exporters import export_week

    export_week(ctx.store, ctx.tz, ctx.args.week, ctx.args.format, ctx.args.output)


def cmd_import(ctx: Ctx) -> int:
    from repdesk.importers import run_import

    a = ctx.args
    code = run_import(
        ctx.store, ctx.tz, a.file, preset=a.preset, mapping=a.mapping, owner=a.owner, dry_run=a.dry_run, atomic=a.atomic
    )
    return code


def cmd_app(ctx: Ctx) -> None:
    from repdesk.tui.app import run_app

    a = ctx.args
    if a.demo:
        import tempfile

        from repdesk.demo import generate

        with tempfile.TemporaryDirectory(prefix="repdesk-demo-") as folder:  # gone when the app closes
            path = os.path.join(folder, "demo.db")
            print("building a sample database…", file=sys.stderr)
            generate(path, tz=ctx_zone(a))
            run_app(path, getattr(a, "tz", None), demo=True)
        return
    from repdesk.config import db_path

    run_app(str(db_path(getattr(a, "db", None))), getattr(a, "tz", None))


# -- the parser -----------------------------------------------------------------------------

PROSPECT_FIELDS = (
    "contact", "title", "seniority", "email", "phone", "website", "industry", "employees", "region", "source",
    "pain_points",
)  # fmt: skip


class _Skip:
    """Stands in for the parsers of commands not being run, so start-up builds only one command."""

    def add_argument(self, *args: Any, **kwargs: Any) -> None:
        pass

    def add_parser(self, *args: Any, **kwargs: Any) -> _Skip:
        return self

    def add_subparsers(self, *args: Any, **kwargs: Any) -> _Skip:
        return self

    def set_defaults(self, **kwargs: Any) -> None:
        pass


COMMANDS = (
    "prospect", "log", "touch", "meeting", "deal", "targets", "icp", "today", "review", "status", "export", "import",
    "config", "undo", "backup", "db", "demo",
)  # fmt: skip


def command_of(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (``None`` when there is none or it is unknown)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in ("--db", "--tz"):
            skip = True
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def build_parser(only: str | None = None) -> Parser:
    """The command line; with ``only``, just that command's parsers (argparse is slow to build them all)."""
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="database file (env REPDESK_DB)")
    common.add_argument("--tz", metavar="ZONE", default=argparse.SUPPRESS, help="IANA time zone (env REPDESK_TZ)")
    js = Parser(add_help=False)
    js.add_argument("--json", action="store_true", help="print the record as JSON")

    p = Parser(
        prog=PROG,
        description="A private, keyboard-first log of your selling, with honest numbers. "
        "Without a command, opens the app.",
        parents=[common],
    )
    p.add_argument("--version", action="version", version=f"repdesk {__version__}")
    p.add_argument("--demo", action="store_true", help="open the app on a fresh sample database")
    p.set_defaults(run=cmd_app)
    sub = p.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)

    def cmd(parent: Any, name: str, fn: Callable[[Ctx], int | None], text: str, json_flag: bool = True) -> Any:
        if isinstance(parent, _Skip) or (parent is sub and only not in (None, name)):
            return _Skip()
        parents = [common, js] if json_flag else [common]
        sp: Parser = parent.add_parser(name, help=text, description=text, parents=parents)
        sp.set_defaults(run=fn)
        return sp

    def group(name: str, text: str) -> Any:
        if only not in (None, name):
            return _Skip()
        g = sub.add_parser(name, help=text, description=text, parents=[common])
        if only is None:  # the top-level help lists the group; its commands are built when it runs
            return _Skip()
        g.set_defaults(run=lambda ctx: g.print_help())
        return g.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)

    def prospect_options(sp: Any) -> None:
        sp.add_argument("--contact")
        sp.add_argument("--title")
        sp.add_argument("--seniority", help="c_level, vp, director, manager, individual, unknown")
        sp.add_argument("--email")
        sp.add_argument("--phone")
        sp.add_argument("--website")
        sp.add_argument("--industry")
        sp.add_argument("--employees")
        sp.add_argument("--region")
        sp.add_argument("--source", help="referral, inbound, outbound, linkedin, event, partner, customer, other")
        sp.add_argument("--pain-points", dest="pain_points")
        sp.add_argument("--note", help="notes on the prospect")

    g = group("prospect", "add, list, show and edit prospects")
    sp = cmd(g, "add", cmd_prospect_add, "add a prospect; prints its id")
    sp.add_argument("company")
    prospect_options(sp)
    sp = cmd(g, "list", cmd_prospect_list, "list prospects")
    sp.add_argument("--all", action="store_true", help="include archived prospects")
    sp = cmd(g, "show", cmd_prospect_show, "a prospect with its touches, meetings, deals and ICP checklist")
    sp.add_argument("prospect", help="id, company, or a unique part of it")
    sp = cmd(g, "edit", cmd_prospect_edit, "change a prospect's fields")
    sp.add_argument("prospect")
    sp.add_argument("--company")
    prospect_options(sp)
    sp.add_argument("--churned-at", dest="churned_at", help="date the customer churned ('none' to clear)")
    sp.add_argument("--archived", help="yes or no")

    sp = cmd(sub, "log", cmd_log, "log a touch: repdesk log call acme connected")
    sp.add_argument("channel", help="call, email, visit, social, other")
    sp.add_argument("prospect")
    sp.add_argument("outcome", help="e.g. no_answer, voicemail, connected, sent, replied, meeting_booked")
    sp.add_argument("--at", help="when (default now): 14:30, yesterday, mon, 2026-11-20 09:15")
    sp.add_argument("--minutes")
    sp.add_argument("--note")
    sp = cmd(sub, "touch", cmd_touch, "change a touch's outcome or note (an email that got a reply)")
    sp.add_argument("id")
    sp.add_argument("--outcome")
    sp.add_argument("--note")

    g = group("meeting", "book meetings and record how they went")
    sp = cmd(g, "book", cmd_meeting_book, "book a meeting")
    sp.add_argument("prospect")
    sp.add_argument("--at", required=True, help="when: 2026-11-24 10:00, thu 14:00, tomorrow")
    sp.add_argument("--kind", default="first", help="first, follow_up, demo, site_visit, proposal, other")
    sp.add_argument("--goal", help="the next step aimed for: demo, trial, site_visit, evaluation, proposal")
    sp.add_argument("--note")
    sp = cmd(g, "done", _meeting_status("held"), "a meeting was held")
    sp.add_argument("id")
    sp.add_argument("--outcome", required=True, help="advanced, no_decision, disqualified")
    sp.add_argument("--next-step", dest="next_step")
    for name, status, text in (
        ("noshow", "no_show", "the prospect did not show up"),
        ("cancel", "cancelled", "a meeting was cancelled"),
        ("reschedule", "rescheduled", "a meeting was moved (book the new one with meeting book)"),
    ):
        sp = cmd(g, name, _meeting_status(status), text)
        sp.add_argument("id")

    g = group("deal", "open deals and move them to proposal, won or lost")
    sp = cmd(g, "open", cmd_deal_open, "open a deal")
    sp.add_argument("prospect")
    sp.add_argument("--value", required=True)
    sp.add_argument("--title")
    sp.add_argument("--at")
    sp = cmd(g, "proposal", cmd_deal_proposal, "a proposal was sent")
    sp.add_argument("id")
    sp.add_argument("--value")
    sp.add_argument("--at")
    sp = cmd(g, "won", cmd_deal_won, "the deal was won")
    sp.add_argument("id")
    sp.add_argument("--value")
    sp.add_argument("--at")
    sp = cmd(g, "lost", cmd_deal_lost, "the deal was lost")
    sp.add_argument("id")
    sp.add_argument("--reason", required=True, help="price, timing, competitor, no_budget, no_decision, bad_fit, ...")
    sp.add_argument("--at")

    g = group("targets", "revenue targets and the split of a team target")
    sp = cmd(g, "set", cmd_targets_set, "set the target of a month (2026-11) or quarter (2026-Q4)")
    sp.add_argument("period")
    sp.add_argument("--revenue", required=True)
    sp.add_argument("--avg-deal", dest="avg_deal")
    sp.add_argument("--daily-goal", dest="daily_goal")
    sp.add_argument("--workdays", help="working weekdays, default mon-fri")
    sp.add_argument("--off", help="non-working dates, comma-separated YYYY-MM-DD")
    cmd(g, "list", cmd_targets_list, "list targets")
    sp = cmd(g, "split", cmd_targets_split, "what each rep must bring to a team target")
    sp.add_argument("amount")
    sp.add_argument("--reps", required=True)
    sp.add_argument("--raise", dest="raise_pct", metavar="PCT", help="split only this percentage increase")

    def rule_options(sp: Any) -> None:
        sp.add_argument("--field", help="the prospect field the rule looks at")
        sp.add_argument("--in", dest="in_", metavar="A,B,...", help="choice: the field is one of these")
        sp.add_argument("--min", help="range: lowest allowed (inclusive)")
        sp.add_argument("--max", help="range: highest allowed (inclusive)")
        sp.add_argument("--min-seniority", dest="min_seniority", help="seniority at or above this level")
        sp.add_argument("--manual", action="store_true", help="a yes/no you answer per prospect")

    g = group("icp", "the ideal customer profile: criteria and per-prospect checklists")
    sp = cmd(g, "add", cmd_icp_add, "add a criterion")
    sp.add_argument("label")
    rule_options(sp)
    sp = cmd(g, "edit", cmd_icp_edit, "change a criterion's label or rule (its key stays)")
    sp.add_argument("key")
    sp.add_argument("--label")
    rule_options(sp)
    cmd(g, "list", cmd_icp_list, "list criteria")
    sp = cmd(g, "remove", cmd_icp_remove, "remove a criterion")
    sp.add_argument("key")
    sp = cmd(g, "check", cmd_icp_check, "a prospect's ICP checklist; --answer KEY=yes|no answers manual ones")
    sp.add_argument("prospect")
    sp.add_argument("--answer", action="append", metavar="KEY=yes|no")

    sp = cmd(sub, "today", cmd_today, "today's barometer, goals and counts")
    sp.add_argument("--date", help="another day than today")
    sp = cmd(sub, "review", cmd_review, "your ratios, funnel and weekday hit rates")
    sp.add_argument("--as-of", dest="as_of")
    sp.add_argument("--days", type=int, help="window length in days (default the window_days setting, 90)")
    sp = cmd(sub, "status", cmd_status, "one short line for a status bar", json_flag=False)
    sp.add_argument("--date")

    g = group("export", "the weekly summary for your manager")
    sp = cmd(g, "week", cmd_export_week, "export a week's summary", json_flag=False)
    sp.add_argument("--week", help="ISO week such as 2026-W47, or 'last' (default this week)")
    sp.add_argument("--format", default="md", choices=("md", "html", "csv", "json"))
    sp.add_argument("-o", "--output", help="write to this file (default stdout)")

    sp = cmd(sub, "import", cmd_import, "import a CRM's CSV export", json_flag=False)
    sp.add_argument("file")
    sp.add_argument("--preset", choices=("hubspot", "pipedrive", "salesforce", "generic"))
    sp.add_argument("--mapping", help="a mapping file (TOML)")
    sp.add_argument("--owner", help="keep only this owner's rows")
    sp.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    sp.add_argument("--atomic", action="store_true", help="all rows or none")

    g = group("config", "settings")
    cmd(g, "show", cmd_config_show, "show settings")
    sp = cmd(g, "set", cmd_config_set, "change a setting")
    sp.add_argument("key")
    sp.add_argument("value")

    cmd(sub, "undo", cmd_undo, "undo the last change (repeatable)", json_flag=False)
    sp = cmd(sub, "backup", cmd_backup, "copy the database (safe while the app is open)", json_flag=False)
    sp.add_argument("path", nargs="?")
    cmd(sub, "db", cmd_db, "print the database path", json_flag=False)
    sp = cmd(sub, "demo", cmd_demo, "write a realistic sample database", json_flag=False)
    sp.add_argument("path")
    sp.add_argument("--weeks", type=int, default=26)
    sp.add_argument("--touches", type=int, help="total touches (scales the history, for benchmarks)")
    sp.add_argument("--seed", type=int, default=7)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    ctx: Ctx | None = None
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        args = build_parser(command_of(argv)).parse_args(argv)
        ctx = Ctx(args)
        return int(args.run(ctx) or 0)
    except InputError as exc:
        print(f"repdesk: {exc}", file=sys.stderr)
        return 2
    except ProgramError as exc:
        print(f"repdesk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except sqlite3.Error as exc:
        print(f"repdesk: database error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"repdesk: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    finally:
        if ctx is not None:
            ctx.close()


def main_entry() -> None:
    """The ``repdesk`` console script."""
    raise SystemExit(main())
