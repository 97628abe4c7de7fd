"""Commands that read figures: today, review, status, the weekly export."""

from __future__ import annotations

from repdesk.cli.context import Ctx, out_json

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
    from repdesk.figures.review import review

    day = parse_day(ctx.args.as_of, ctx.tz)
    res = review(ctx.store, ctx.tz, day, ctx.args.days)
    if ctx.args.json:
        out_json(res)
    else:
        from repdesk.cli.show import print_review

        print_review(res, ctx.store.settings())


def cmd_status(ctx: Ctx) -> None:
    from repdesk.domain.dates import parse_day
    from repdesk.figures.today import status_line

    day = parse_day(ctx.args.date, ctx.tz)
    line = status_line(ctx.store, ctx.tz, day)
    from repdesk.figures.sequence import overdue_count

    overdue = overdue_count(ctx.store, day)
    print(line + (f" · {overdue} overdue" if overdue else ""))


def cmd_export_week(ctx: Ctx) -> None:
    from repdesk.io.exporters import export_week

    export_week(ctx.store, ctx.tz, ctx.args.week, ctx.args.format, ctx.args.output)
