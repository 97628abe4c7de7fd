"""Writes of prospects: add and edit."""

from __future__ import annotations

from datetime import datetime, tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import now_utc, to_db
from repdesk.domain.errors import InputError
from repdesk.domain.rules import not_future, prospect_values
from repdesk.figures.records import find_prospect

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


def add_prospect(
    store: Store, fields: dict[str, Any], tz: tzinfo, now: datetime | None = None, created: datetime | None = None
) -> Any:
    """Create a prospect, met now or at ``created`` (a prospect met last month); returns the stored row."""
    now = now or now_utc()
    if created is not None:
        not_future(created, now, "a prospect's creation", tz)
    values = prospect_values(fields, tz)
    if "company" not in values:
        raise InputError("company is required")
    values.setdefault("seniority", "unknown")
    values.setdefault("archived", False)
    values["created_at"] = to_db(created or now)
    with store.write(f"add prospect {values['company']}") as ch:
        pid = ch.insert("prospect", values)
    return store.one("SELECT * FROM prospect WHERE id = ?", (pid,))


def edit_prospect(store: Store, ref: str | int, fields: dict[str, Any], tz: tzinfo) -> Any:
    """Change some fields of a prospect; returns the stored row."""
    row = find_prospect(store, ref)
    values = prospect_values(fields, tz)
    if not values:
        raise InputError("nothing to change: give at least one --FIELD VALUE")
    with store.write(f"edit prospect {row['company']}") as ch:
        ch.update("prospect", {"id": row["id"]}, values)
    return store.one("SELECT * FROM prospect WHERE id = ?", (row["id"],))
