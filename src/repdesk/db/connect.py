"""The local SQLite store on the lean path: opening, checking, transactions and undo.

The tables are defined once, in :mod:`repdesk.models`, and created by the Alembic migrations.
This module speaks to the same file through :mod:`sqlite3` so that the commands a rep runs
all day (``log``, ``status``) start fast; the migration machinery is loaded only when a
database needs creating or upgrading. ``tests/test_store.py`` checks that what it writes is
exactly what the models read.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from repdesk.domain.errors import InputError

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

#: the schema revisions this release knows, oldest first; the last is the head
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD = REVISIONS[-1]
BUSY_TIMEOUT_S = 30.0

#: columns of each table, in the models' order (checked against the models by a test)
COLUMNS: dict[str, tuple[str, ...]] = {
    "prospect": (
        "id", "company", "contact", "title", "seniority", "email", "phone", "website", "industry",
        "employees", "region", "source", "pain_points", "notes", "created_at", "churned_at",
        "archived", "source_id",
    ),
    "touch": ("id", "prospect_id", "at", "channel", "outcome", "minutes", "note", "source_id"),
    "touch_hour": ("hour", "channel", "outcome", "touches", "minutes", "timed"),
    "meeting": (
        "id", "prospect_id", "at", "kind", "goal", "status", "outcome", "next_step", "note", "source_id",
    ),
    "deal": (
        "id", "prospect_id", "title", "value_cents", "opened_at", "proposal_at", "proposal_value_cents",
        "closed_at", "status", "lost_reason", "source_id",
    ),
    "followup": (
        "id", "prospect_id", "due", "time", "channel", "note", "status", "auto", "origin", "touch_id",
        "meeting_id", "closed_by", "created_at", "done_at",
    ),
    "target": (
        "id", "period", "start", "end", "revenue_cents", "avg_deal_cents", "daily_goal", "workdays", "off_dates",
    ),
    "icp_criterion": ("id", "key", "label", "rule", "field", "choices", "min_value", "max_value", "level"),
    "icp_answer": ("prospect_id", "criterion_id", "value"),
    "setting": ("key", "value"),
    "journal": ("id", "at", "label", "ops", "undone"),
}  # fmt: skip
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "touch_hour": ("hour", "channel", "outcome"),
    "icp_answer": ("prospect_id", "criterion_id"),
    "setting": ("key",),
}


def _names(cols: list[str]) -> str:
    """Column names quoted, so that a name SQL reserves (``end``) is a column on every engine."""
    return ", ".join(f'"{c}"' for c in cols)


def pk_of(table: str) -> tuple[str, ...]:
    """The primary key columns of ``table``."""
    return PRIMARY_KEYS.get(table, ("id",))


def _private_file(path: str) -> None:
    """Create the folder (0700) and an empty file (0600) for a new database."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.exists(folder):
        os.makedirs(folder, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _revision(conn: sqlite3.Connection, path: str) -> str | None:
    """The schema revision of an open file; ``None`` for an empty database. Refuses foreign files."""
    try:
        tables = _tables(conn)
    except sqlite3.DatabaseError:
        raise InputError(f"{path} is not a repdesk database (not an SQLite file, or corrupt); left untouched") from None
    if not tables:
        return None
    if "alembic_version" not in tables or "touch" not in tables:
        raise InputError(f"{path} is an SQLite file but not a repdesk database; left untouched")
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None:
        raise InputError(f"{path} has no schema version; it is not a repdesk database; left untouched")
    return str(row[0])


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


class Store:
    """An open repdesk database: one connection, explicit transactions, an undo journal."""

    #: ``touch_hour`` is kept by triggers here (SQLite), so figures may add up its hours
    hour_totals = True

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        # plain strings and os.path, not pathlib: this runs on every `repdesk log`
        self.path = os.path.expanduser(os.fspath(path))
        if os.path.isdir(self.path):
            raise InputError(f"{self.path} is a folder, not a database file")
        if not os.path.exists(self.path):
            if not create:
                raise InputError(f"no database at {self.path}")
            _private_file(self.path)
        self.conn = _connect(self.path)
        rev = _revision(self.conn, self.path)
        if rev != HEAD:
            if rev is not None and rev not in REVISIONS:
                self.conn.close()
                raise InputError(
                    f"{self.path} was written by a newer release of repdesk (schema {rev}); "
                    "upgrade repdesk to open it — the file is left untouched"
                )
            self._migrate()
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA synchronous = FULL")

    def _migrate(self) -> None:
        """Create or upgrade the schema (the only place that loads Alembic)."""
        from repdesk.db.migrate import upgrade

        self.conn.close()
        try:
            upgrade(self.path)
        except Exception:
            # Another process may have migrated the same file at the same moment.
            self.conn = _connect(self.path)
            if _revision(self.conn, self.path) != HEAD:
                raise
        self.conn = _connect(self.path)
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.conn.execute("PRAGMA journal_mode = WAL")
        os.chmod(self.path, 0o600)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def write(self, label: str | None = None) -> Iterator[Change]:
        """One write transaction; with a ``label`` it is journalled so ``undo`` can revert it.

        A journalled write also forgets what ``redo`` could bring back: a new action ends the redo stack.
        """
        self.conn.execute("BEGIN IMMEDIATE")
        change = Change(self.conn)
        try:
            yield change
            if label is not None and change.ops:
                from repdesk.domain.dates import now_utc, to_db

                self.conn.execute("DELETE FROM journal WHERE undone = ?", (True,))
                self.conn.execute(
                    "INSERT INTO journal (at, label, ops, undone) VALUES (?, ?, ?, ?)",
                    (to_db(now_utc()), label, json.dumps(change.ops), False),
                )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def undo(self) -> str | None:
        """Revert the newest journalled write; returns its label, or ``None`` when there is none.

        The entry stays in the journal, marked undone, holding what redoes it (the same rows, ids included).
        """
        return self._step("SELECT id, label, ops FROM journal WHERE undone = ? ORDER BY id DESC LIMIT 1", True)

    def redo(self) -> str | None:
        """Bring back the write undone last; returns its label, or ``None`` when there is none."""
        return self._step("SELECT id, label, ops FROM journal WHERE undone = ? ORDER BY id LIMIT 1", False)

    def _step(self, pick: str, undone: bool) -> str | None:
        """Revert the journal entry ``pick`` finds and mark it ``undone`` (or not), holding what reverts it."""
        with self.write() as change:
            row = self.conn.execute(pick, (not undone,)).fetchone()
            if row is None:
                return None
            for op in reversed(json.loads(row["ops"])):
                change.revert(op)
            self.conn.execute(
                "UPDATE journal SET undone = ?, ops = ? WHERE id = ?", (undone, json.dumps(change.ops), row["id"])
            )
            return str(row["label"])

    def can_redo(self) -> bool:
        """Whether ``redo`` has something to bring back."""
        return self.conn.execute("SELECT 1 FROM journal WHERE undone = ? LIMIT 1", (True,)).fetchone() is not None

    # -- reads --------------------------------------------------------------------------------

    def one(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> sqlite3.Row | None:
        """The first row of a query, or ``None``."""
        return self.conn.execute(sql, params).fetchone()  # type: ignore[no-any-return]

    def all(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        """Every row of a query."""
        return self.conn.execute(sql, params).fetchall()

    def stream(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Iterator[sqlite3.Row]:
        """Rows one at a time, for results too many to hold at once (a week of an imported team's calls)."""
        return iter(self.conn.execute(sql, params))

    def scalar(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Any:
        """The first column of the first row, or ``None``."""
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def settings(self) -> dict[str, str]:
        """Every setting, defaults filled in."""
        from repdesk.domain.vocab import SETTING_DEFAULTS

        out = dict(SETTING_DEFAULTS)
        out.update({r[0]: r[1] for r in self.conn.execute("SELECT key, value FROM setting")})
        return out


class Change:
    """The writes of one transaction, recorded as the operations that undo them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.ops: list[dict[str, Any]] = []

    def insert(self, table: str, values: dict[str, Any]) -> int:
        """Insert one row; returns its id (0 for a table keyed otherwise)."""
        cols = list(values)
        keys = pk_of(table)
        sql = f"INSERT INTO {table} ({_names(cols)}) VALUES ({', '.join('?' * len(cols))})"
        if keys == ("id",):
            sql += " RETURNING id"
        cur = self.conn.execute(sql, [values[c] for c in cols])
        rowid = int(cur.fetchone()[0]) if keys == ("id",) else 0
        key = {"id": rowid} if keys == ("id",) else {k: values[k] for k in keys}
        self.ops.append({"op": "insert", "table": table, "keys": [key]})
        return rowid

    def insert_many(self, table: str, cols: list[str], rows: list[tuple[Any, ...]]) -> list[int]:
        """Insert many rows with ``executemany``; returns their ids (tables with an ``id`` key)."""
        if not rows:
            return []
        before = self.conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
        sql = f"INSERT INTO {table} ({_names(cols)}) VALUES ({', '.join('?' * len(cols))})"
        self.conn.executemany(sql, rows)
        ids = [r[0] for r in self.conn.execute(f"SELECT id FROM {table} WHERE id > ? ORDER BY id", (before,))]
        self.ops.append({"op": "insert", "table": table, "ids": ids})
        return ids

    def _old(self, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
        where = " AND ".join(f"{k} = ?" for k in key)
        row = self.conn.execute(f"SELECT * FROM {table} WHERE {where}", list(key.values())).fetchone()
        return None if row is None else dict(zip(row.keys(), tuple(row), strict=True))

    def update(self, table: str, key: dict[str, Any], values: dict[str, Any]) -> None:
        """Change some columns of one row."""
        old = self._old(table, key)
        if old is None:
            raise InputError(f"no {table} with {key}")
        sets = ", ".join(f'"{c}" = ?' for c in values)
        where = " AND ".join(f"{k} = ?" for k in key)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE {where}", [*values.values(), *key.values()])
        self.ops.append({"op": "update", "table": table, "rows": [old]})

    def upsert(self, table: str, values: dict[str, Any]) -> None:
        """Insert or replace a row of a table without dependants (settings, ICP answers)."""
        key = {k: values[k] for k in pk_of(table)}
        old = self._old(table, key)
        if old is None:
            self.insert(table, values)
        else:
            self.update(table, key, {c: v for c, v in values.items() if c not in key})

    def delete(self, table: str, key: dict[str, Any]) -> None:
        """Delete one row (and keep it, and the rows that cascade with it, for undo)."""
        old = self._old(table, key)
        if old is None:
            return
        cascaded: list[dict[str, Any]] = []
        if table == "icp_criterion":
            for r in self.conn.execute("SELECT * FROM icp_answer WHERE criterion_id = ?", (old["id"],)):
                cascaded.append(dict(zip(r.keys(), tuple(r), strict=True)))
        where = " AND ".join(f"{k} = ?" for k in key)
        self.conn.execute(f"DELETE FROM {table} WHERE {where}", list(key.values()))
        if cascaded:  # undone after the row itself is back (ops are undone newest first)
            self.ops.append({"op": "delete", "table": "icp_answer", "rows": cascaded})
        self.ops.append({"op": "delete", "table": table, "rows": [old]})

    def _rows(self, table: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
        cur = self.conn.execute(f"SELECT * FROM {table} WHERE {where}", params)
        return [dict(zip(r.keys(), tuple(r), strict=True)) for r in cur]

    def revert(self, op: dict[str, Any]) -> None:
        """Undo one recorded operation, recording in turn what reverts *that* (so undo can be redone)."""
        table = op["table"]
        keys = pk_of(table)
        if op["op"] == "insert":
            gone: list[dict[str, Any]] = []
            ids = op.get("ids", [])
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                where = f"id IN ({','.join('?' * len(chunk))})"
                gone += self._rows(table, where, chunk)
                self.conn.execute(f"DELETE FROM {table} WHERE {where}", chunk)
            for lo, hi in op.get("ranges", []):  # an import's rows: id ranges, not one id each
                gone += self._rows(table, "id BETWEEN ? AND ?", [lo, hi])
                self.conn.execute(f"DELETE FROM {table} WHERE id BETWEEN ? AND ?", (lo, hi))
            for key in op.get("keys", []):
                where = " AND ".join(f"{k} = ?" for k in key)
                gone += self._rows(table, where, list(key.values()))
                self.conn.execute(f"DELETE FROM {table} WHERE {where}", list(key.values()))
            if gone:
                self.ops.append({"op": "delete", "table": table, "rows": gone})
        elif op["op"] == "update":
            now: list[dict[str, Any]] = []
            for row in op["rows"]:
                where = " AND ".join(f"{k} = ?" for k in keys)
                now += self._rows(table, where, [row[k] for k in keys])
                sets = ", ".join(f'"{c}" = ?' for c in row if c not in keys)
                vals = [v for c, v in row.items() if c not in keys] + [row[k] for k in keys]
                self.conn.execute(f"UPDATE {table} SET {sets} WHERE {where}", vals)
            if now:
                self.ops.append({"op": "update", "table": table, "rows": now})
        elif op["op"] == "delete":
            back: list[dict[str, Any]] = []
            for row in op["rows"]:
                cols = list(row)
                self.conn.execute(
                    f"INSERT INTO {table} ({_names(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [row[c] for c in cols],
                )
                back.append({k: row[k] for k in keys})
            if back:
                self.ops.append({"op": "insert", "table": table, "keys": back})
