"""Deals as the app offers them for a next step."""

from __future__ import annotations

from repdesk.db.connect import Store
from repdesk.domain.money import major
from repdesk.domain.record import figure


@figure
class OpenDeal:
    """An open deal a rep can move on."""

    id: int
    title: str
    value: float | None
    company: str
    proposal: bool  #: a proposal was sent


def open_deals(store: Store, pid: int | None = None) -> tuple[OpenDeal, ...]:
    """The open deals (of one prospect, or all), the newest first."""
    sql = (
        "SELECT d.id, d.title, d.value_cents, d.proposal_at, p.company FROM deal d"
        " JOIN prospect p ON p.id = d.prospect_id WHERE d.status = 'open'"
    )
    params: tuple[int, ...] = ()
    if pid is not None:
        sql += " AND d.prospect_id = ?"
        params = (pid,)
    rows = store.all(sql + " ORDER BY d.opened_at DESC, d.id DESC", params)
    return tuple(OpenDeal(r[0], r[1] or "", major(r[2]), r[4], r[3] is not None) for r in rows)
