"""Writes of deals: open, proposal, won, lost."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from repdesk.db.connect import Store
from repdesk.domain import vocab
from repdesk.domain.dates import from_db, now_utc, to_db
from repdesk.domain.errors import InputError
from repdesk.domain.rules import choose, clean_text, not_future, parse_money
from repdesk.figures.records import find_deal, find_prospect

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


def open_deal(
    store: Store,
    ref: str | int,
    value: str | int,
    *,
    title: str | None = None,
    at: datetime | None = None,
    now: datetime | None = None,
) -> Any:
    """Open a deal with a prospect."""
    now = now or now_utc()
    cents = parse_money(value, "deal value")
    when = at or now
    not_future(when, now, "a deal")
    text = clean_text(title, "title", vocab.MAX_NAME)
    p = find_prospect(store, ref)
    with store.write(f"open deal {p['company']}") as c:
        did = c.insert(
            "deal",
            {"prospect_id": p["id"], "title": text, "value_cents": cents, "opened_at": to_db(when), "status": "open"},
        )
    return store.one("SELECT * FROM deal WHERE id = ?", (did,))


def _deal_step(
    store: Store, ident: str | int, at: datetime | None, now: datetime | None, tz: tzinfo | None
) -> tuple[Any, str]:
    """The open deal a step applies to and the step's instant, or a clear error."""
    row = find_deal(store, ident)
    now = now or now_utc()
    when = at or now
    not_future(when, now, "a deal step")
    if to_db(when) < row["opened_at"]:
        opened = from_db(row["opened_at"]).astimezone(tz or UTC).strftime("%Y-%m-%d %H:%M")
        raise InputError(f"deal {row['id']} was opened on {opened}; a later step cannot come before it")
    if row["status"] != "open":
        raise InputError(f"deal {row['id']} is already {row['status']}")
    return row, to_db(when)


def deal_proposal(
    store: Store,
    ident: str | int,
    *,
    value: str | None = None,
    at: datetime | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> Any:
    """Record that a proposal was sent."""
    row, when = _deal_step(store, ident, at, now, tz)
    values: dict[str, Any] = {"proposal_at": when}
    if value is not None:
        values["proposal_value_cents"] = parse_money(value, "proposal value")
    with store.write(f"proposal for deal {row['id']}") as c:
        c.update("deal", {"id": row["id"]}, values)
    return store.one("SELECT * FROM deal WHERE id = ?", (row["id"],))


def close_deal(
    store: Store,
    ident: str | int,
    status: str,
    *,
    value: str | None = None,
    reason: str | None = None,
    at: datetime | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> Any:
    """Mark a deal won (optionally at a final value) or lost (with a reason)."""
    row, when = _deal_step(store, ident, at, now, tz)
    values: dict[str, Any] = {"status": status, "closed_at": when}
    if status == "won":
        if value is not None:
            values["value_cents"] = parse_money(value, "deal value")
    else:
        if reason is None:
            raise InputError(f"a lost deal needs --reason ({', '.join(vocab.LOST_REASONS)})")
        values["lost_reason"] = choose(reason, vocab.LOST_REASONS, "lost reason")
    with store.write(f"deal {row['id']} {status}") as c:
        c.update("deal", {"id": row["id"]}, values)
    return store.one("SELECT * FROM deal WHERE id = ?", (row["id"],))


def delete_deal(store: Store, ident: str | int) -> Any:
    """Delete a deal (undoable); returns the row as it was."""
    row = find_deal(store, ident)
    with store.write(f"delete deal {row['id']}") as c:
        c.delete("deal", {"id": row["id"]})
    return row
