"""Commands that record selling: log a touch, change it, meetings and deals."""

from __future__ import annotations

from collections.abc import Callable

from repdesk.cli.context import Ctx, emit, out_json

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


def cmd_log(ctx: Ctx) -> None:
    from repdesk.writes.touches import log_touch

    a = ctx.args
    if a.next is not None and a.no_next:
        from repdesk.domain.errors import InputError

        raise InputError("--next and --no-next cannot go together")
    row = log_touch(
        ctx.store,
        a.prospect,
        a.channel,
        a.outcome,
        at=ctx.when(a.at),
        minutes=a.minutes,
        note=a.note,
        tz=ctx.tz,
        next_due=ctx.due(a.next),
        no_next=a.no_next,
        meeting_at=ctx.when(a.meeting, ahead=True),
        meeting_kind=a.kind,
    )
    booked = a.meeting is not None  # then name the meeting this touch booked
    line = f"touch {row['id']}: {row['channel']} {row['outcome']}{_next_step(ctx, row['prospect_id'], booked)}"
    emit(ctx, "touch", row, line)


def _next_step(ctx: Ctx, prospect_id: int, booked: bool = False) -> str:
    """`` · next: call Tue 2026-11-24`` — the meeting just booked, else the prospect's next scheduled
    meeting, and its open automatic follow-up."""
    from repdesk.figures.sequence import next_step_text

    return next_step_text(ctx.store, prospect_id, ctx.tz, booked)


def _touch_line(verb: str, row: Any, tz: Any) -> str:
    from repdesk.domain.dates import from_db

    when = from_db(row["at"]).astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return f"touch {row['id']} {verb}: {row['channel']} {row['outcome']} at {when}"


def cmd_touch_list(ctx: Ctx) -> None:
    from datetime import timedelta

    from repdesk.cli.show import print_touches
    from repdesk.domain.rules import parse_int
    from repdesk.figures.lists import touch_rows
    from repdesk.figures.records import find_prospect

    a = ctx.args
    pid = None if a.prospect is None else find_prospect(ctx.store, a.prospect)["id"]
    first = last = None
    if a.date is not None:
        first = last = ctx.day(a.date)
    elif a.days is not None or pid is None:
        days = 7 if a.days is None else parse_int(a.days, "--days", 1, 100_000)
        last = ctx.day(None)
        first = last - timedelta(days=days - 1)
    rows = touch_rows(ctx.store, ctx.tz, prospect_id=pid, first=first, last=last)
    if a.json:
        out_json([r.to_json() for r in rows])
    else:
        span = "" if first is None else f" on {first}" if first == last else f" from {first} to {last}"
        print_touches(rows, f"no touches{span}")


def cmd_touch_edit(ctx: Ctx) -> None:
    from repdesk.writes.touches import edit_touch

    a = ctx.args
    row = edit_touch(
        ctx.store,
        a.id,
        channel=a.channel,
        outcome=a.outcome,
        at=ctx.when(a.at),
        minutes=a.minutes,
        note=a.note,
        tz=ctx.tz,
    )
    emit(ctx, "touch", row, _touch_line("corrected", row, ctx.tz))


def cmd_touch_delete(ctx: Ctx) -> None:
    from repdesk.writes.touches import delete_touch

    row = delete_touch(ctx.store, ctx.args.id)
    emit(ctx, "touch", row, _touch_line("deleted", row, ctx.tz) + " (repdesk undo brings it back)")


def cmd_meeting_book(ctx: Ctx) -> None:
    from repdesk.writes.meetings import book_meeting

    a = ctx.args
    row = book_meeting(ctx.store, a.prospect, ctx.when(a.at, ahead=True), kind=a.kind, goal=a.goal, note=a.note)
    emit(ctx, "meeting", row, f"meeting {row['id']} booked ({row['kind']})")


def _meeting_status(status: str) -> Callable[[Ctx], None]:
    def run(ctx: Ctx) -> None:
        from repdesk.writes.meetings import set_meeting_status

        a = ctx.args
        row = set_meeting_status(
            ctx.store,
            a.id,
            status,
            outcome=getattr(a, "outcome", None),
            next_step=getattr(a, "next_step", None),
            tz=ctx.tz,
            next_due=ctx.due(getattr(a, "next", None)),
        )
        emit(ctx, "meeting", row, f"meeting {row['id']} {row['status']}{_next_step(ctx, row['prospect_id'])}")

    return run


meeting_held = _meeting_status("held")
meeting_no_show = _meeting_status("no_show")
meeting_cancelled = _meeting_status("cancelled")
meeting_rescheduled = _meeting_status("rescheduled")


def cmd_meeting_list(ctx: Ctx) -> None:
    from repdesk.cli.show import print_meetings
    from repdesk.figures.lists import meeting_rows

    rows = meeting_rows(ctx.store, ctx.tz, ctx.args.which)
    if ctx.args.json:
        out_json([r.to_json() for r in rows])
    else:
        empty = {"upcoming": "no upcoming meetings", "past": "no past meetings"}
        print_meetings(
            rows, empty.get(ctx.args.which, "no meetings awaiting an outcome" if ctx.args.which else "no meetings")
        )


def cmd_deal_list(ctx: Ctx) -> None:
    from repdesk.cli.show import print_deals
    from repdesk.figures.lists import deal_rows

    rows = deal_rows(ctx.store, ctx.tz, ctx.args.status)
    if ctx.args.json:
        out_json([r.to_json() for r in rows])
    else:
        print_deals(
            rows, ctx.store.settings()["currency"], f"no {ctx.args.status} deals" if ctx.args.status else "no deals"
        )


def cmd_deal_open(ctx: Ctx) -> None:
    from repdesk.writes.deals import open_deal

    a = ctx.args
    row = open_deal(ctx.store, a.prospect, a.value, title=a.title, at=ctx.when(a.at))
    emit(ctx, "deal", row, f"deal {row['id']} opened")


def cmd_deal_proposal(ctx: Ctx) -> None:
    from repdesk.writes.deals import deal_proposal

    row = deal_proposal(ctx.store, ctx.args.id, value=ctx.args.value, at=ctx.when(ctx.args.at), tz=ctx.tz)
    emit(ctx, "deal", row, f"deal {row['id']}: proposal sent")


def cmd_deal_won(ctx: Ctx) -> None:
    from repdesk.writes.deals import close_deal

    row = close_deal(ctx.store, ctx.args.id, "won", value=ctx.args.value, at=ctx.when(ctx.args.at), tz=ctx.tz)
    emit(ctx, "deal", row, f"deal {row['id']} won")


def cmd_deal_lost(ctx: Ctx) -> None:
    from repdesk.writes.deals import close_deal

    row = close_deal(ctx.store, ctx.args.id, "lost", reason=ctx.args.reason, at=ctx.when(ctx.args.at), tz=ctx.tz)
    emit(ctx, "deal", row, f"deal {row['id']} lost ({row['lost_reason']})")
