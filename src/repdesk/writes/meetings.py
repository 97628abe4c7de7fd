"""Writes of meetings: book one, record how it went."""

from __future__ import annotations

from datetime import datetime, tzinfo

from repdesk.db.connect import Store
from repdesk.domain import vocab
from repdesk.domain.dates import now_utc, to_db
from repdesk.domain.errors import InputError
from repdesk.domain.rules import choose, clean_text, meeting_result
from repdesk.figures.records import find_prospect, get

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

    from repdesk.writes.followups import Due


def book_meeting(
    store: Store,
    ref: str | int,
    at: datetime,
    *,
    kind: str = "first",
    goal: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Any:
    """Book a meeting (it may lie in the future); it closes the prospect's automatic follow-up."""
    from repdesk.writes.followups import after_meeting_booked

    k = choose(kind, vocab.MEETING_KINDS, "meeting kind")
    g = None if goal is None else choose(goal, vocab.GOALS, "meeting goal")
    text = clean_text(note, "note")
    p = find_prospect(store, ref)
    with store.write(f"book {k} meeting {p['company']}") as c:
        mid = c.insert(
            "meeting",
            {"prospect_id": p["id"], "at": to_db(at), "kind": k, "goal": g, "status": "scheduled", "note": text},
        )
        after_meeting_booked(c, store, p["id"], now or now_utc())
    return store.one("SELECT * FROM meeting WHERE id = ?", (mid,))


def set_meeting_status(
    store: Store,
    ident: str | int,
    status: str,
    *,
    outcome: str | None = None,
    next_step: str | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    next_due: Due | None = None,
) -> Any:
    """Record how a meeting went: held (with an outcome), no_show, cancelled or rescheduled, and the
    follow-up that leaves (``next_due`` sets its day), in one action."""
    from repdesk.writes.followups import after_meeting_status
    from repdesk.writes.touches import store_zone

    row = get(store, "meeting", ident, "meeting")
    if next_due is not None and status not in ("held",):
        raise InputError("--next goes with meeting done")
    from repdesk.domain.dates import from_db

    st, result = meeting_result(status, outcome, from_db(row["at"]), now or now_utc(), tz)
    values: dict[str, Any] = {"status": st, "outcome": result}
    if next_step is not None:
        values["next_step"] = clean_text(next_step, "next step", vocab.MAX_NAME)
    with store.write(f"meeting {row['id']} {values['status']}") as c:
        c.update("meeting", {"id": row["id"]}, values)
        new = store.one("SELECT * FROM meeting WHERE id = ?", (row["id"],))
        after_meeting_status(c, store, new, tz or store_zone(store), next_due=next_due, now=now)
    return store.one("SELECT * FROM meeting WHERE id = ?", (row["id"],))


def delete_meeting(store: Store, ident: str | int) -> Any:
    """Delete a meeting (undoable); returns the row as it was."""
    row = get(store, "meeting", ident, "meeting")
    with store.write(f"delete meeting {row['id']}") as c:
        c.delete("meeting", {"id": row["id"]})
    return row
