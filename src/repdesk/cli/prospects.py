"""Commands of prospects: add, edit, list, show."""

from __future__ import annotations

from repdesk.cli.context import Ctx, emit, out_json, say

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    pass


PROSPECT_FIELDS = (
    "contact", "title", "seniority", "email", "phone", "website", "industry", "employees", "region", "source",
    "pain_points",
)  # fmt: skip


def cmd_prospect_add(ctx: Ctx) -> None:
    from repdesk.writes.prospects import add_prospect

    a = ctx.args
    fields = {k: getattr(a, k) for k in PROSPECT_FIELDS if getattr(a, k, None) is not None}
    fields["company"] = a.company
    if a.note is not None:
        fields["notes"] = a.note
    row = add_prospect(ctx.store, fields, ctx.tz, created=ctx.when(a.created))
    if getattr(a, "json", False):
        emit(ctx, "prospect", row, "")
    else:
        say(row["id"])


def cmd_prospect_edit(ctx: Ctx) -> None:
    from repdesk.writes.prospects import edit_prospect

    a = ctx.args
    fields = {k: getattr(a, k) for k in (*PROSPECT_FIELDS, "company", "churned_at", "archived")}
    if a.note is not None:
        fields["notes"] = a.note
    row = edit_prospect(ctx.store, a.prospect, {k: v for k, v in fields.items() if v is not None}, ctx.tz)
    emit(ctx, "prospect", row, f"prospect {row['id']} {row['company']} updated")


def cmd_prospect_list(ctx: Ctx) -> None:
    from repdesk.figures.prospects import prospect_rows

    rows = prospect_rows(ctx.store, ctx.tz, include_archived=ctx.args.all)
    if ctx.args.json:
        out_json(rows)
    else:
        from repdesk.cli.show import print_prospects  # Rich only for the table

        print_prospects(rows, ctx.store.settings()["currency"])


def cmd_prospect_show(ctx: Ctx) -> None:
    from repdesk.figures.prospects import LATEST, prospect_detail
    from repdesk.figures.records import find_prospect

    p = find_prospect(ctx.store, ctx.args.prospect)
    everything = ctx.args.json or ctx.args.all
    detail = prospect_detail(ctx.store, p, ctx.tz, latest=None if everything else LATEST)
    if ctx.args.json:
        out_json(detail.to_json())
    else:
        from repdesk.cli.show import print_prospect  # Rich only for the text view

        print_prospect(detail, ctx.store.settings()["currency"], latest=None if everything else LATEST)
