"""Lists to find and correct records: touches, meetings and deals, with their prospect's company."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import Window, iso_local, now_utc, to_db
from repdesk.domain.money import major
from repdesk.domain.record import figure

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


@figure
class TouchRow:
    """One touch as a list shows it; ``at`` is ISO 8601 in the rep's zone."""

    id: int
    prospect_id: int
    company: str
    at: str
    channel: str
    outcome: str
    minutes: int | None
    note: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "prospect_id": self.prospect_id,
            "company": self.company,
            "at": self.at,
            "channel": self.channel,
            "outcome": self.outcome,
            "minutes": self.minutes,
            "note": self.note,
        }


@figure
class MeetingRow:
    """One meeting as a list shows it; ``at`` is ISO 8601 in the rep's zone."""

    id: int
    prospect_id: int
    company: str
    at: str
    kind: str
    goal: str | None
    status: str
    outcome: str | None
    next_step: str | None
    note: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "prospect_id": self.prospect_id,
            "company": self.company,
            "at": self.at,
            "kind": self.kind,
            "goal": self.goal,
            "status": self.status,
            "outcome": self.outcome,
            "next_step": self.next_step,
            "note": self.note,
        }


@figure
class DealRow:
    """One deal as a list shows it: money in major units, instants ISO 8601 in the rep's zone.

    ``pipeline_value`` is what the deal adds to the open pipeline: the proposal value once a
    proposal was sent (when one was given), else the deal's value; ``None`` for a closed deal
    (the same rule as the prospect list's open value).
    """

    id: int
    prospect_id: int
    company: str
    title: str | None
    value: float
    opened_at: str
    proposal_at: str | None
    proposal_value: float | None
    closed_at: str | None
    status: str
    lost_reason: str | None
    pipeline_value: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "prospect_id": self.prospect_id,
            "company": self.company,
            "title": self.title,
            "value": self.value,
            "opened_at": self.opened_at,
            "proposal_at": self.proposal_at,
            "proposal_value": self.proposal_value,
            "closed_at": self.closed_at,
            "status": self.status,
            "lost_reason": self.lost_reason,
            "pipeline_value": self.pipeline_value,
        }


def touch_rows(
    store: Store, tz: tzinfo, *, prospect_id: int | None = None, first: date | None = None, last: date | None = None
) -> list[TouchRow]:
    """Touches, oldest first: of one prospect and/or on local days ``first`` … ``last`` (inclusive)."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if prospect_id is not None:
        where.append("t.prospect_id = ?")
        params.append(prospect_id)
    if first is not None and last is not None:
        w = Window.of(first, last, tz)
        where.append("t.at >= ? AND t.at < ?")
        params += [w.lo, w.hi]
    rows = store.all(
        "SELECT t.id, t.prospect_id, p.company, t.at, t.channel, t.outcome, t.minutes, t.note "
        "FROM touch t JOIN prospect p ON p.id = t.prospect_id "
        f"WHERE {' AND '.join(where)} ORDER BY t.at, t.id",
        tuple(params),
    )
    return [
        TouchRow(
            r["id"],
            r["prospect_id"],
            r["company"],
            iso_local(r["at"], tz) or "",
            r["channel"],
            r["outcome"],
            r["minutes"],
            r["note"],
        )
        for r in rows
    ]


MEETING_FILTERS = ("upcoming", "past", "needs_outcome")


def meeting_rows(store: Store, tz: tzinfo, which: str | None = None, now: datetime | None = None) -> list[MeetingRow]:
    """Meetings by time: all, ``upcoming`` (scheduled, from now on), ``past`` (before now, any status)
    or ``needs_outcome`` (still scheduled, before now)."""
    cut = to_db(now or now_utc())
    params: list[str]
    where, params = "1 = 1", []
    if which == "upcoming":
        where, params = "m.status = 'scheduled' AND m.at >= ?", [cut]
    elif which == "past":
        where, params = "m.at < ?", [cut]
    elif which == "needs_outcome":
        where, params = "m.status = 'scheduled' AND m.at < ?", [cut]
    rows = store.all(
        "SELECT m.id, m.prospect_id, p.company, m.at, m.kind, m.goal, m.status, m.outcome, m.next_step, m.note "
        f"FROM meeting m JOIN prospect p ON p.id = m.prospect_id WHERE {where} ORDER BY m.at, m.id",
        tuple(params),
    )
    return [
        MeetingRow(
            r["id"],
            r["prospect_id"],
            r["company"],
            iso_local(r["at"], tz) or "",
            r["kind"],
            r["goal"],
            r["status"],
            r["outcome"],
            r["next_step"],
            r["note"],
        )
        for r in rows
    ]


def pipeline_cents(status: str, value_cents: int, proposal_at: Any, proposal_value_cents: int | None) -> int | None:
    """What an open deal adds to the pipeline: the proposal value once a proposal was sent."""
    if status != "open":
        return None
    if proposal_at is not None and proposal_value_cents is not None:
        return proposal_value_cents
    return value_cents  # no proposal yet, or one sent without a value of its own


def deal_rows(store: Store, tz: tzinfo, status: str | None = None) -> list[DealRow]:
    """Deals by opening date: all, or those with one status (``open``, ``won``, ``lost``)."""
    where, params = ("1 = 1", ()) if status is None else ("d.status = ?", (status,))
    rows = store.all(
        "SELECT d.*, p.company FROM deal d JOIN prospect p ON p.id = d.prospect_id "
        f"WHERE {where} ORDER BY d.opened_at, d.id",
        params,
    )
    out = []
    for r in rows:
        pipe = pipeline_cents(r["status"], r["value_cents"], r["proposal_at"], r["proposal_value_cents"])
        out.append(
            DealRow(
                r["id"],
                r["prospect_id"],
                r["company"],
                r["title"],
                major(r["value_cents"]) or 0,
                iso_local(r["opened_at"], tz) or "",
                iso_local(r["proposal_at"], tz),
                None if r["proposal_value_cents"] is None else major(r["proposal_value_cents"]),
                iso_local(r["closed_at"], tz),
                r["status"],
                r["lost_reason"],
                None if pipe is None else major(pipe),
            )
        )
    return out
