"""Commands that read figures: today, review, status, the weekly export."""

from __future__ import annotations

from repdesk.cli.context import Ctx, out_json, say

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    pass


def cmd_today(ctx: Ctx) -> None:
    from repdesk.domain.dates import parse_day
    from repdesk.figures.today import today

    day = parse_day(ctx.args.date, ctx.tz)
    res = today(ctx.store, ctx.tz, day)
    if ctx.args.json:
        out_json(res)
    else:
        from repdesk.cli.show import print_today

        print_today(res, ctx.store.settings())


def cmd_review(ctx: Ctx) -> None:
    from repdesk.domain.dates import parse_day
    from repdesk.domain.rules import parse_int
    from repdesk.figures.review import review

    day = parse_day(ctx.args.as_of, ctx.tz)
    days = None if ctx.args.days is None else parse_int(ctx.args.days, "--days", 1, 3650)
    res = review(ctx.store, ctx.tz, day, days)
    if ctx.args.json:
        out_json(res)
    else:
        from repdesk.cli.show import print_review

        print_review(res, ctx.store.settings())


def cmd_status(ctx: Ctx) -> None:
    from repdesk.domain.dates import parse_day
    from repdesk.figures.sequence import overdue_count
    from repdesk.figures.today import today

    day = parse_day(ctx.args.date, ctx.tz)
    t = today(ctx.store, ctx.tz, day, detail=False)
    overdue = overdue_count(ctx.store, day)
    say(status_line(t.touches, t.daily_goal, t.barometer, t.pace_goal) + (f" · {overdue} overdue" if overdue else ""))


def status_line(touches: int, goal: int | None, barometer: float | None, pace: int | None) -> str:
    """One short line for a status bar: ``23/40 touches · 58% · pace 45``."""
    from repdesk.present import count, pct

    if goal is None:
        return f"{count(touches, 'touch', 'touches')} · no goal set"
    line = f"{touches}/{goal} touches · {pct(barometer)}"
    if pace is not None:
        line += f" · pace {pace}"
    return line


def cmd_export_week(ctx: Ctx) -> None:
    from repdesk.io.exporters import export_week

    export_week(ctx.store, ctx.tz, ctx.args.week, ctx.args.format, ctx.args.output, force=ctx.args.force)
