"""``repdesk sync --to URL``: a rep's local history copied up to their role on the team database.

The local file is opened read-only and left as it is. Each record's source id on the server is
``repdesk:<the local database's UUID>:<table>:<local id>``, so a second run updates what changed,
inserts what is new, never duplicates, and deletes from the server what no longer exists locally
(undone or deleted). Targets and ICP criteria are matched by their own keys (period, key) and
ICP answers by prospect and criterion. The whole sync is one write, undoable on the server.
"""

from __future__ import annotations

import os
import sqlite3

from repdesk.db.connect import HEAD, REVISIONS, Change, Store
from repdesk.domain.errors import InputError

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

#: tables copied by source id, parents first; the columns that point at other copied records
KEYED = {
    "prospect": {},
    "touch": {"prospect_id": "prospect"},
    "meeting": {"prospect_id": "prospect"},
    "deal": {"prospect_id": "prospect"},
    "followup": {"prospect_id": "prospect", "touch_id": "touch", "meeting_id": "meeting", "closed_by": "touch"},
}
BOOLEANS = {"archived", "auto", "value"}
SKIP = {"id", "rep", "source_id"}


def _open_local(path: str) -> sqlite3.Connection:
    if not os.path.isfile(path):
        raise InputError(f"no repdesk database at {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        raise InputError(f"{path} is not a repdesk database (not an SQLite file, or corrupt)") from None
    if "alembic_version" not in tables:
        raise InputError(f"{path} is not a repdesk database")
    rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    rev = None if rev is None else str(rev[0])
    if rev != HEAD:
        conn.close()
        if rev in REVISIONS:
            raise InputError(f"{path} is from an older release of repdesk: open it with repdesk once to upgrade it")
        raise InputError(f"{path} was written by a newer release of repdesk (schema {rev}); upgrade repdesk")
    return conn


def _values(row: sqlite3.Row) -> dict[str, Any]:
    out = {}
    for k in row.keys():  # noqa: SIM118 - a sqlite3.Row iterates its values
        if k in SKIP:
            continue
        v = row[k]
        out[k] = bool(v) if k in BOOLEANS and v is not None else v
    return out


def _differs(old: Any, new: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in new.items() if old[k] != v}


def _put(change: Any, table: str, old: Any, values: dict[str, Any], counts: dict[str, int]) -> int:
    """Insert ``values`` (no ``old`` row), or update ``old`` where it differs; counted. The row's id."""
    if old is None:
        counts["created"] += 1
        return int(change.insert(table, values))
    diff = _differs(old, values)
    if diff:
        change.update(table, {"id": old["id"]}, diff)
    counts["changed" if diff else "unchanged"] += 1
    return int(old["id"])


def sync(path: str, url: str) -> dict[str, int]:
    """Copy the local database at ``path`` to the connecting rep on ``url``; counts of what changed."""
    local = _open_local(path)
    try:
        row = local.execute("SELECT value FROM setting WHERE key = 'database_uuid'").fetchone()
        if row is None:
            raise InputError(f"{path} has no database id: open it with repdesk once to upgrade it")
        prefix = f"repdesk:{row[0]}:"
        with Store(url) as server, server.write(f"sync from {os.path.basename(path)}") as change:
            return _copy(local, server, change, prefix)
    finally:
        local.close()


def _copy(local: sqlite3.Connection, server: Store, change: Change, prefix: str) -> dict[str, int]:
    counts = {"created": 0, "changed": 0, "deleted": 0, "unchanged": 0}
    ids: dict[str, dict[int, int]] = {}
    seen: dict[str, set[str]] = {}
    stale: dict[str, list[int]] = {}
    for table, refs in KEYED.items():
        existing = {
            r["source_id"]: r
            for r in server.all(f"SELECT * FROM {table} WHERE source_id LIKE ?", (prefix + "%",))  # a UUID: no _ or %
        }
        ids[table], seen[table] = {}, set()
        for r in local.execute(f"SELECT * FROM {table} ORDER BY id"):
            sid = f"{prefix}{table}:{r['id']}"
            seen[table].add(sid)
            values = _values(r)
            for col, parent in refs.items():
                if values.get(col) is not None:
                    values[col] = ids[parent].get(values[col])
            ids[table][r["id"]] = _put(change, table, existing.get(sid), {**values, "source_id": sid}, counts)
        stale[table] = [old["id"] for sid, old in existing.items() if sid not in seen[table]]
    for table in reversed(KEYED):  # records before their prospect, so that undo brings each back
        for ident in stale[table]:
            change.delete(table, {"id": ident})
            counts["deleted"] += 1
    criteria: dict[int, int] = {}
    for table, key in (("target", "period"), ("icp_criterion", "key")):
        for r in local.execute(f"SELECT * FROM {table} ORDER BY id"):
            values = _values(r)
            old = server.one(f"SELECT * FROM {table} WHERE {key} = ?", (r[key],))
            new_id = _put(change, table, old, values, counts)
            if table == "icp_criterion":
                criteria[r["id"]] = new_id
    for r in local.execute("SELECT * FROM icp_answer"):
        pid, cid = ids["prospect"].get(r["prospect_id"]), criteria.get(r["criterion_id"])
        if pid is None or cid is None:
            continue
        old = server.one("SELECT value FROM icp_answer WHERE prospect_id = ? AND criterion_id = ?", (pid, cid))
        if old is None or bool(old[0]) != bool(r["value"]):
            change.upsert("icp_answer", {"prospect_id": pid, "criterion_id": cid, "value": bool(r["value"])})
            counts["created" if old is None else "changed"] += 1
        else:
            counts["unchanged"] += 1
    return counts
