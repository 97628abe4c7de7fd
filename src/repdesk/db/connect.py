"""The local SQLite store on the lean path: opening, checking, transactions and undo.

The tables are defined once, in :mod:`repdesk.models`, and created by the Alembic migrations.
This module speaks to the same file through :mod:`sqlite3` so that the commands a rep runs
all day (``log``, ``status``) start fast; the migration machinery is loaded only when a
database needs creating or upgrading. ``tests/test_store.py`` checks that what it writes is
exactly what the models read.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from repdesk.domain.errors import InputError, ProgramError

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

#: the schema revisions this release knows, oldest first; the last is the head
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011", "0012", "0013")
HEAD = REVISIONS[-1]
BUSY_TIMEOUT_S = 30.0
#: settings the program keeps for itself, not shown by ``config show``
HIDDEN_SETTINGS = ("database_uuid",)

#: columns of each table, in the models' order (checked against the models by a test)
COLUMNS: dict[str, tuple[str, ...]] = {
    "prospect": (
        "id", "company", "contact", "title", "seniority", "email", "phone", "website", "industry",
        "employees", "region", "source", "pain_points", "notes", "created_at", "churned_at",
        "archived", "source_id", "rep",
    ),
    "touch": ("id", "prospect_id", "at", "channel", "outcome", "minutes", "note", "source_id", "rep"),
    "touch_hour": ("hour", "channel", "outcome", "touches", "minutes", "timed"),  # SQLite only: no rep
    "touch_day": ("day", "channel", "outcome", "touches", "minutes", "timed"),  # SQLite only: no rep
    "prospect_state": (
        "prospect_id", "last_id", "last_at", "last_channel", "last_outcome", "last_hit_at", "attempts",
    ),  # SQLite only: no rep
    "meeting_day": ("day", "status", "kind", "meetings"),  # SQLite only: no rep
    "figure_cache": ("name", "version", "value_version", "program", "value"),  # SQLite only: no rep
    "meeting": (
        "id", "prospect_id", "at", "kind", "goal", "status", "outcome", "next_step", "note", "source_id", "rep",
    ),
    "deal": (
        "id", "prospect_id", "title", "value_cents", "opened_at", "proposal_at", "proposal_value_cents",
        "closed_at", "status", "lost_reason", "source_id", "rep",
    ),
    "followup": (
        "id", "prospect_id", "due", "time", "channel", "note", "status", "auto", "origin", "touch_id",
        "meeting_id", "closed_by", "created_at", "done_at", "rep", "source_id",
    ),
    "target": (
        "id", "period", "start", "end", "revenue_cents", "avg_deal_cents", "daily_goal", "workdays", "off_dates", "rep",
    ),
    "icp_criterion": ("id", "key", "label", "rule", "field", "choices", "min_value", "max_value", "level", "rep"),
    "icp_answer": ("prospect_id", "criterion_id", "value", "rep"),
    "setting": ("key", "value", "rep"),
    "journal": ("id", "at", "label", "ops", "undone", "rep"),
}  # fmt: skip
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "touch_hour": ("hour", "channel", "outcome"),
    "touch_day": ("day", "channel", "outcome"),
    "prospect_state": ("prospect_id",),
    "meeting_day": ("day", "status", "kind"),
    "figure_cache": ("name",),
    "icp_answer": ("prospect_id", "criterion_id"),
    "setting": ("key",),
}


def _names(cols: list[str]) -> str:
    """Column names quoted, so that a name SQL reserves (``end``) is a column on every engine."""
    return ", ".join(f'"{c}"' for c in cols)


def pk_of(table: str) -> tuple[str, ...]:
    """The primary key columns of ``table``."""
    return PRIMARY_KEYS.get(table, ("id",))


# -- opening, refusing, creating and upgrading a SQLite file ----------------------------------
#
# Kept apart, one function each, so another kind of store (PostgreSQL) can sit beside them.

SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 3, 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26


def describe_db_error(exc: BaseException, path: str = "") -> str:
    """A database error as the one line a person reads: what went wrong in their environment."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = None if code is None else code & 0xFF
    where = f" {path}" if path else ""
    if primary == SQLITE_FULL:
        return f"the disk is full: cannot write{where}; free some space and try again"
    if primary == SQLITE_READONLY:
        return f"cannot write{where}: the file, its folder or the disk is read-only"
    if primary in (SQLITE_PERM, SQLITE_CANTOPEN):
        return f"cannot open{where}: permission denied, or the file or its folder is missing"
    if primary == SQLITE_IOERR:
        return f"disk I/O error on{where or ' the database'}: {exc}"
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return f"the database{where} stayed locked by another program for {BUSY_TIMEOUT_S:.0f} s; try again"
    return f"database error{' on' + where if where else ''}: {exc}"


def _uri(path: str, mode: str = "rw") -> str:
    """A SQLite URI for ``path`` that never creates a missing file (``mode=rw``)."""
    quoted = os.path.abspath(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{quoted}?mode={mode}"


def _connect(path: str) -> sqlite3.Connection:
    """Open an existing file; SQLite is never allowed to create one here."""
    conn = sqlite3.connect(_uri(path), uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def check_file(path: str) -> bool:
    """Whether a database file exists at ``path``; refuses what cannot be one, leaving it untouched."""
    import stat

    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(f"{path} is a link to a missing file; not a repdesk database") from None
        return False
    except NotADirectoryError:
        raise InputError(f"{path}: a part of this path is a file, not a folder") from None
    except PermissionError:
        raise ProgramError(f"cannot reach {path}: permission denied") from None
    except OSError as exc:
        raise ProgramError(f"cannot reach {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ProgramError(f"{path} is a folder where the database file should be")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path} is not a regular file (a device or a pipe); not a repdesk database")
    if st.st_size == 0:
        raise InputError(f"{path} is an empty file, not a repdesk database; left untouched")
    if not os.access(path, os.R_OK):
        raise ProgramError(f"cannot read {path}: permission denied")
    return True


def _revision(conn: sqlite3.Connection, path: str) -> str:
    """The schema revision of an open repdesk file. Refuses foreign files; environment errors say so."""
    try:
        tables = _tables(conn)
        row = (
            conn.execute("SELECT version_num FROM alembic_version").fetchone() if "alembic_version" in tables else None
        )
    except sqlite3.DatabaseError as exc:
        code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        if code == SQLITE_NOTADB or (code == 0 and "not a database" in str(exc)):
            raise InputError(f"{path} is not a repdesk database (not an SQLite file); left untouched") from None
        if code == SQLITE_CORRUPT:
            raise InputError(f"{path} is corrupt; left untouched (restore a backup from backups/)") from None
        raise ProgramError(describe_db_error(exc, path)) from None
    if "alembic_version" not in tables or "touch" not in tables:
        raise InputError(f"{path} is an SQLite file but not a repdesk database; left untouched")
    if row is None:
        raise InputError(f"{path} has no schema version; it is not a repdesk database; left untouched")
    return str(row[0])


def create_sqlite(path: str) -> None:
    """Make a new database at ``path``, atomically.

    The schema is built in a temporary file beside it and linked into place only if no file
    appeared meanwhile, so many processes creating the same database at once all succeed and
    no empty or half-made file is ever given a schema.
    """
    from repdesk.db.files import ensure_folder, install, new_temp, remove_quietly, sync_file
    from repdesk.db.migrate import upgrade

    path = os.path.abspath(path)
    folder, name = os.path.split(path)
    ensure_folder(folder)
    tmp = new_temp(folder, name)
    try:
        upgrade(tmp)
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
        sync_file(tmp)
        install(tmp, path, force=False)  # someone else's finished database may have won: use it
    finally:
        remove_quietly(tmp)


def backup_before_upgrade(conn: sqlite3.Connection, path: str, rev: str) -> str:
    """An online backup of a database about to be upgraded, in ``backups/`` beside it."""
    from repdesk.db.files import ensure_folder, fill_with
    from repdesk.domain.dates import now_utc

    folder = os.path.join(os.path.dirname(os.path.abspath(path)), "backups")
    ensure_folder(folder)
    stamp = now_utc().strftime("%Y%m%d-%H%M%S")
    base = os.path.splitext(os.path.basename(path))[0]
    target = os.path.join(folder, f"{base}-{stamp}-schema-{rev}.db")
    n = 1
    while os.path.lexists(target):
        n += 1
        target = os.path.join(folder, f"{base}-{stamp}-schema-{rev}-{n}.db")

    def fill(tmp: str) -> None:
        out = sqlite3.connect(tmp)
        try:
            conn.backup(out)
        finally:
            out.close()

    return fill_with(target, fill)


def upgrade_sqlite(path: str) -> None:
    """Bring an older database to the current schema: an online backup first, then one transaction.

    A kill at any moment leaves the file at the old revision or the new one. A file left
    half-upgraded by an earlier release (stamp at one revision, some tables at the next) is
    repaired by the same run: every migration checks what is already there.
    """
    from repdesk.db.migrate import upgrade

    try:
        upgrade(path)
    except Exception as exc:
        orig = getattr(exc, "orig", exc)
        if isinstance(orig, sqlite3.Error):
            raise ProgramError(describe_db_error(orig, path)) from None
        raise


def _empty_in_memory() -> sqlite3.Connection:
    """An empty database in memory: what a read-only command shows before the rep's file exists."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="repdesk-empty-") as folder:
        path = os.path.join(folder, "empty.db")
        create_sqlite(path)
        src = sqlite3.connect(path)
        mem = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        try:
            src.backup(mem)
        finally:
            src.close()
    mem.row_factory = sqlite3.Row
    return mem


class Store:
    """An open repdesk database: one connection, explicit transactions, an undo journal."""

    engine = "sqlite"

    def __new__(cls, path: str | os.PathLike[str], *, create: bool = True, empty_if_missing: bool = False) -> Store:  # noqa: ARG004
        """A ``postgresql://`` URL opens the team database (:mod:`repdesk.db.pg`), anything else a file."""
        if cls is Store and isinstance(path, str) and path.startswith(("postgresql://", "postgres://")):
            from repdesk.db.pg import PgStore

            return super().__new__(PgStore)
        return super().__new__(cls)

    #: ``touch_hour``, ``touch_day``, ``meeting_day`` and ``prospect_state`` are kept by triggers
    #: here (SQLite), so figures may add up hours and days instead of touches and meetings, and read
    #: a prospect's sequence state
    touch_totals = True
    #: ``figure_cache``'s versions are kept by triggers here (SQLite), so a figure that depends on no
    #: date may be read back instead of computed (not in the empty database in memory: nothing to keep)
    caches_figures = True

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True, empty_if_missing: bool = False) -> None:
        """Open the database at ``path``: with ``create``, make it when it is missing; else a missing
        file is exit 2 (``empty_if_missing``: an empty database in memory instead, for reads)."""
        # plain strings and os.path, not pathlib: this runs on every `repdesk log`
        self.path = os.path.expanduser(os.fspath(path))
        if not check_file(self.path):
            if empty_if_missing:
                self.conn = _empty_in_memory()
                self.caches_figures = False
                return
            if not create:
                raise InputError(f"no repdesk database at {self.path}")
            create_sqlite(self.path)
        self.conn = self._open()
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA synchronous = FULL")

    def _open(self) -> sqlite3.Connection:
        """Connect, check the schema revision, and upgrade an older file (the only place that may)."""
        try:
            conn = _connect(self.path)
        except sqlite3.Error as exc:
            raise ProgramError(describe_db_error(exc, self.path)) from None
        try:
            rev = _revision(conn, self.path)
            if rev == HEAD:
                return conn
            if rev not in REVISIONS:
                raise InputError(
                    f"{self.path} was written by a newer release of repdesk (schema {rev}); "
                    "upgrade repdesk to open it — the file is left untouched"
                )
            backup_before_upgrade(conn, self.path, rev)
        except BaseException:
            conn.close()
            raise
        conn.close()
        upgrade_sqlite(self.path)
        conn = _connect(self.path)
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error:
            pass  # another process holds it; WAL is only an optimisation here
        if _revision(conn, self.path) != HEAD:
            conn.close()
            raise ProgramError(f"{self.path} could not be brought to schema {HEAD}")
        return conn

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
                import json  # here, not at the top: a read (status, next) never needs it

                from repdesk.domain.dates import now_utc, to_db

                self.conn.execute("DELETE FROM journal WHERE undone = ?", (True,))
                self.conn.execute(
                    "INSERT INTO journal (at, label, ops, undone) VALUES (?, ?, ?, ?)",
                    (to_db(now_utc()), label, json.dumps(change.ops), False),
                )
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:  # SQLite may have rolled back already (a full disk, say)
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
        import json

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

    def mappings(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Every row of a query as a dict: quicker than rows read by column name where many rows are
        each read field by field (a row finds a name by a scan of its columns)."""
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def stream(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Iterator[sqlite3.Row]:
        """Rows one at a time, for results too many to hold at once (a week of an imported team's calls)."""
        return iter(self.conn.execute(sql, params))

    def scalar(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Any:
        """The first column of the first row, or ``None``."""
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def kept_figure(self, name: str) -> tuple[int | None, str | None]:
        """The version of the rows figure ``name`` reads, and the figure (JSON) when this release computed
        it at that version; ``(None, None)`` where no figure is kept (see :meth:`keep_figure`)."""
        if not self.caches_figures:
            return None, None
        row = self.conn.execute(
            "SELECT version, value_version, program, value FROM figure_cache WHERE name = ?", (name,)
        ).fetchone()
        if row is None:
            return None, None
        from repdesk import __version__

        return row[0], row[3] if row[1] == row[0] and row[2] == __version__ else None

    def keep_figure(self, name: str, version: int, value: str) -> None:
        """Keep figure ``name`` (JSON) as computed from the rows at ``version``, read by :meth:`kept_figure`
        before computing it; not if a write came in between (the version moved on).

        A read never fails or waits for this: a database locked by another writer, read-only or
        full keeps nothing, and the figure is computed again next time.
        """
        if self.conn.in_transaction:  # inside a caller's transaction: theirs to commit, not ours
            return
        from repdesk import __version__

        timeout = int(self.conn.execute("PRAGMA busy_timeout").fetchone()[0])
        try:
            self.conn.execute("PRAGMA busy_timeout = 0")
            try:
                self.conn.execute(
                    "UPDATE figure_cache SET value_version = ?, program = ?, value = ? WHERE name = ? AND version = ?",
                    (version, __version__, value, name, version),
                )
            finally:
                self.conn.execute(f"PRAGMA busy_timeout = {timeout}")
        except sqlite3.Error:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")

    def settings(self) -> dict[str, str]:
        """Every setting, defaults filled in."""
        from repdesk.domain.vocab import SETTING_DEFAULTS

        out = dict(SETTING_DEFAULTS)
        out.update(
            {r[0]: r[1] for r in self.conn.execute("SELECT key, value FROM setting") if r[0] not in HIDDEN_SETTINGS}
        )
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
