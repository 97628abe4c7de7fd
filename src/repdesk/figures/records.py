"""Single records: a prospect named by id or company, a row by id, a row as a JSON-ready object."""

from __future__ import annotations

from datetime import tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import iso_local
from repdesk.domain.errors import InputError
from repdesk.domain.money import major

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


def find_prospect(store: Store, ref: str | int) -> Any:
    """A prospect by id, by company name (exact wins), or by a part only one company contains."""
    text = str(ref).strip()
    if not text:
        raise InputError("name a prospect by id or company")
    if text.isascii() and text.isdigit() and len(text) <= 18:
        row = store.one("SELECT * FROM prospect WHERE id = ?", (int(text),))
        if row is not None:
            return row
    exact = store.all("SELECT * FROM prospect WHERE lower(company) = lower(?)", (text,))
    if not exact and not text.isascii():
        folded = text.casefold()
        exact = [r for r in store.all("SELECT * FROM prospect") if r["company"].casefold() == folded]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise InputError(_ambiguous(text, exact))
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    part = store.all(
        "SELECT * FROM prospect WHERE lower(company) LIKE lower(?) ESCAPE '\\' ORDER BY id LIMIT 50", (f"%{escaped}%",)
    )
    if not part and not text.isascii():
        folded = text.casefold()
        part = [r for r in store.all("SELECT * FROM prospect") if folded in r["company"].casefold()]
    if len(part) == 1:
        return part[0]
    if not part:
        from repdesk.domain.suggest import did_you_mean

        names = [r[0] for r in store.all("SELECT company FROM prospect ORDER BY id LIMIT 100000")]
        hint = did_you_mean(text, names) or " (see `repdesk prospect list`)"
        raise InputError(f"no prospect matches {text!r}{hint}")
    raise InputError(_ambiguous(text, part))


def _ambiguous(text: str, rows: list[Any]) -> str:
    names = "; ".join(f"{r['id']} {r['company']}" for r in rows[:8])
    more = f" and {len(rows) - 8} more" if len(rows) > 8 else ""
    return f"{text!r} matches {len(rows)} prospects: {names}{more} — use the id"


def get(store: Store, table: str, ident: str | int, what: str) -> Any:
    """One row by id, or a clear error."""
    from repdesk.domain.rules import parse_id

    key = parse_id(ident, what)
    row = store.one(f"SELECT * FROM {table} WHERE id = ?", (key,))
    if row is None:
        raise InputError(f"no {what} with id {key}")
    return row


def record(table: str, row: Any, tz: tzinfo) -> dict[str, Any]:
    """A stored row as a plain JSON-ready object: instants ISO 8601 with offset, money in major units."""
    out: dict[str, Any] = {}
    for key in row.keys():  # noqa: SIM118 - sqlite3.Row iterates values
        value = row[key]
        if key in ("at", "created_at", "churned_at", "opened_at", "proposal_at", "closed_at"):
            out[key] = iso_local(value, tz)
        elif key.endswith("_cents"):
            out[key[: -len("_cents")]] = major(value)
        elif key in ("archived", "value") and value is not None and table in ("prospect", "icp_answer"):
            out[key] = bool(value)
        elif key == "choices":
            import json  # here: only an ICP criterion has choices, and status never prints one

            out[key] = json.loads(value) if value else None
        else:
            out[key] = value
    return out


def find_deal(store: Store, ref: str | int) -> Any:
    """A deal by id (a number is always a deal id), or the one open deal of a prospect named as in P."""
    text = str(ref).strip()
    if text.lstrip("#").isdigit():
        return get(store, "deal", text, "deal")
    p = find_prospect(store, text)
    rows = store.all("SELECT * FROM deal WHERE prospect_id = ? AND status = 'open' ORDER BY id", (p["id"],))
    if len(rows) == 1:
        return rows[0]
    if not rows:
        raise InputError(f"{p['company']} has no open deal; name the deal by id (see `repdesk deal list`)")
    listed = "; ".join(f"{r['id']} {r['title'] or 'untitled'} {major(r['value_cents']):,}" for r in rows[:8])
    raise InputError(f"{p['company']} has {len(rows)} open deals: {listed} — use the deal id")


def pickable(store: Store) -> list[Any]:
    """Id, company and contact of every prospect not archived (for a picker)."""
    return store.all("SELECT id, company, contact FROM prospect WHERE NOT archived")


def company_names_read_only(path: str) -> list[str]:
    """The companies of the prospects not archived in the SQLite file at ``path``, opened read-only
    with a short timeout (for shell completion: it never creates, migrates or waits on a database)."""
    import os
    import sqlite3

    if not os.path.isfile(path):
        return []
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return [r[0] for r in conn.execute("SELECT company FROM prospect WHERE NOT archived ORDER BY company")]
        finally:
            conn.close()
    except sqlite3.Error:
        return []


def journal_signature(store: Store) -> tuple[int, int, int]:
    """Changes with every write and undo (the newest journal entry, the count, the count undone):
    how an open app notices writes to a team database, where no file changes."""
    row = store.one(
        "SELECT COALESCE(MAX(id), 0), COUNT(*), COALESCE(SUM(CASE WHEN undone THEN 1 ELSE 0 END), 0) FROM journal"
    )
    return (0, 0, 0) if row is None else (int(row[0]), int(row[1]), int(row[2]))
