"""Writes of touches: log one, change its outcome or note."""

from __future__ import annotations

from datetime import datetime

from repdesk.db.connect import Store
from repdesk.domain.dates import now_utc, to_db
from repdesk.domain.errors import InputError
from repdesk.domain.rules import check_outcome, clean_text, not_future, parse_int
from repdesk.figures.records import find_prospect, get

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


def log_touch(
    store: Store,
    ref: str | int,
    channel: str,
    outcome: str,
    *,
    at: datetime | None = None,
    minutes: str | int | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Any:
    """Log one touch; returns the stored row."""
    now = now or now_utc()
    ch, out = check_outcome(channel, outcome)
    when = at or now
    not_future(when, now, "a touch")
    mins = None if minutes is None else parse_int(minutes, "minutes", 0, 24 * 60)
    text = clean_text(note, "note")
    p = find_prospect(store, ref)
    with store.write(f"log {ch} {p['company']} {out}") as c:
        tid = c.insert(
            "touch",
            {"prospect_id": p["id"], "at": to_db(when), "channel": ch, "outcome": out, "minutes": mins, "note": text},
        )
    return store.one("SELECT * FROM touch WHERE id = ?", (tid,))


def update_touch(store: Store, ident: str | int, outcome: str | None = None, note: str | None = None) -> Any:
    """Change a touch's outcome (an email ``sent`` that was later ``replied``) or note."""
    row = get(store, "touch", ident, "touch")
    values: dict[str, Any] = {}
    if outcome is not None:
        values["outcome"] = check_outcome(row["channel"], outcome)[1]
    if note is not None:
        values["note"] = clean_text(note, "note")
    if not values:
        raise InputError("nothing to change: give --outcome or --note")
    with store.write(f"update touch {row['id']}") as c:
        c.update("touch", {"id": row["id"]}, values)
    return store.one("SELECT * FROM touch WHERE id = ?", (row["id"],))
