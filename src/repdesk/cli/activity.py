"""Commands that record selling: log a touch, change it, meetings and deals."""

from __future__ import annotations

from collections.abc import Callable

from repdesk.cli.context import Ctx, emit

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    pass


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
    emit(
        ctx, "touch", row, f"touch {row['id']}: {row['channel']} {row['outcome']}{_next_step(ctx, row['prospect_id'])}"
    )


def _next_step(ctx: Ctx, prospect_id: int) -> str:
    """`` · next: call Tue 2026-11-24`` — the prospect's scheduled meeting and open automatic follow-up."""
    from repdesk.figures.sequence import next_step_text

    return next_step_text(ctx.store, prospect_id, ctx.tz)


def cmd_touch(ctx: Ctx) -> None:
    from repdesk.writes.touches import update_touch

    row = update_touch(ctx.store, ctx.args.id, ctx.args.outcome, ctx.args.note)
    emit(ctx, "touch", row, f"touch {row['id']}: {row['channel']} {row['outcome']}")


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


def cmd_deal_open(ctx: Ctx) -> None:
    from repdesk.writes.deals import open_deal

    a = ctx.args
    row = open_deal(ctx.store, a.prospect, a.value, title=a.title, at=ctx.when(a.at))
    emit(ctx, "deal", row, f"deal {row['id']} opened")


def cmd_deal_proposal(ctx: Ctx) -> None:
    from repdesk.writes.deals import deal_proposal

    row = deal_proposal(ctx.store, ctx.args.id, value=ctx.args.value, at=ctx.when(ctx.args.at))
    emit(ctx, "deal", row, f"deal {row['id']}: proposal sent")


def cmd_deal_won(ctx: Ctx) -> None:
    from repdesk.writes.deals import close_deal

    row = close_deal(ctx.store, ctx.args.id, "won", value=ctx.args.value, at=ctx.when(ctx.args.at))
    emit(ctx, "deal", row, f"deal {row['id']} won")


def cmd_deal_lost(ctx: Ctx) -> None:
    from repdesk.writes.deals import close_deal

    row = close_deal(ctx.store, ctx.args.id, "lost", reason=ctx.args.reason, at=ctx.when(ctx.args.at))
    emit(ctx, "deal", row, f"deal {row['id']} lost ({row['lost_reason']})")
