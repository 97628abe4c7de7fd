"""Commands of follow-ups and the day's queue: followup add/list/done/snooze/cancel, next.

``next`` is bound to a key by reps: it imports only what it reads.
"""

from __future__ import annotations

from repdesk.cli.context import Ctx, out_json, say
from repdesk.present import count, flat
from repdesk.present import safe_text as safe  # the one safe-text function

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


def _print(ctx: Ctx, fid: int, verb: str) -> None:
    from repdesk.figures.followups import followup

    f = followup(ctx.store, fid, ctx.tz)
    if ctx.args.json:
        out_json(f.to_json())
    else:
        when = f.due + (f" {f.time}" if f.time else "")
        say(f"follow-up {f.id} {verb}: {f.channel} {safe(f.company)} {when}")


def cmd_followup_add(ctx: Ctx) -> None:
    from repdesk.writes.followups import add_followup

    a = ctx.args
    row = add_followup(ctx.store, a.prospect, ctx.due(" ".join(a.when)), ctx.tz, channel=a.channel, note=a.note)
    _print(ctx, row["id"], "added")


def cmd_followup_done(ctx: Ctx) -> None:
    from repdesk.writes.followups import followup_done

    _print(ctx, followup_done(ctx.store, ctx.args.id)["id"], "done")


def cmd_followup_cancel(ctx: Ctx) -> None:
    from repdesk.writes.followups import followup_cancel

    _print(ctx, followup_cancel(ctx.store, ctx.args.id)["id"], "cancelled")


def cmd_followup_snooze(ctx: Ctx) -> None:
    from repdesk.writes.followups import followup_snooze

    row = followup_snooze(ctx.store, ctx.args.id, ctx.due(" ".join(ctx.args.when)), ctx.tz)
    _print(ctx, row["id"], "snoozed")


def cmd_followup_list(ctx: Ctx) -> None:
    from repdesk.figures.followups import followups

    a = ctx.args
    mode = "all" if a.all else "overdue" if a.overdue else "date" if a.date else "today"
    rows = followups(ctx.store, ctx.tz, ctx.day(a.date), mode)
    if a.json:
        out_json([r.to_json() for r in rows])
        return
    if not rows:
        say("no follow-ups" + ("" if mode == "all" else " due"))
        return
    for r in rows:
        when = r.due + (f" {r.time}" if r.time else "      ")
        status = f" [{r.status}]" if mode == "all" else ""
        kind = "auto" if r.auto else "    "
        note = f"  {safe(r.note.splitlines()[0][:60])}" if r.note else ""
        say(f"{r.id:>6}  {when}  {r.channel:<6} {kind} {safe(r.company)}{status}{note}")


def cmd_next(ctx: Ctx) -> None:
    from repdesk.domain.rules import parse_int
    from repdesk.figures.followups import queue
    from repdesk.figures.today import today

    a = ctx.args
    limit = None if a.limit is None else parse_int(a.limit, "--limit", 1, 10_000)
    day = ctx.day(a.date)
    t = today(ctx.store, ctx.tz, day, detail=False)
    q = queue(ctx.store, ctx.tz, day, daily_goal=t.daily_goal, done_today=t.touches, limit=limit)
    if a.json:
        out_json(q.to_json())
        return
    print_queue(q)


def print_queue(q: Any) -> None:
    """The queue as a person reads it: a heading per section, one line per row."""
    goal = (
        f"{q.done_today}/{q.daily_goal} touches"
        if q.daily_goal is not None
        else f"{count(q.done_today, 'touch', 'touches')}"
    )
    say(f"{q.date} · {goal} · {len(q.items)} to do")
    titles = {
        "meeting": "Meetings today",
        "outcome": "Meetings needing an outcome",
        "overdue": "Overdue",
        "due": "Due today",
        "suggested": "Suggested (to reach the daily goal)",
    }
    section = None
    lines = []
    for i, item in enumerate(q.items, 1):
        if item.section != section:
            section = item.section
            lines.append(f"\n{titles[section]}")
        who = flat(item.company) + (f" — {flat(item.contact)}" if item.contact else "")
        reach = f" {flat(item.reach)}" if item.reach else ""
        when = f" {item.time}" if item.time and item.section in ("meeting", "due") else ""
        lines.append(f"{i:>3}. {item.channel:<6}{when} {who}{reach}")
        lines.append(f"     {flat(item.reason)}")
    if lines:
        say("\n".join(lines))  # one write, the user text in it shown literally (control characters escaped)
    if not q.items:
        say("nothing in the queue: no meetings or follow-ups due, and no one to suggest")
