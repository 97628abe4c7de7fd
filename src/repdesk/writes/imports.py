"""The SQL of an import: the store side of the importer's batches.

The importer (io/importers) decides what each row is and which prospect it belongs to; these
functions write it. A non-atomic import commits in batches under one journalled action, so
``undo`` removes the whole import and ``redo`` brings it back; an atomic one is one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from repdesk.db.connect import Store

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


def _names(cols: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in cols)


class ImportTransaction:
    """Batches of writes on one connection, journalled as one undoable action."""

    def __init__(self, store: Store, label: str, now: str) -> None:
        self.conn = store.conn
        self.label = label
        self.now = now
        self.in_txn = False
        self.journal_id: int | None = None
        self.ops: list[dict[str, Any]] = []

    # -- reads the import needs while writing ---------------------------------------------------

    def prospects(self) -> Iterator[tuple[int, str, str | None, str | None, str | None]]:
        """Id, company, source id, e-mail and website of every prospect."""
        yield from self.conn.execute("SELECT id, company, source_id, email, website FROM prospect")

    def row(self, table: str, ident: int) -> Any:
        """One stored row by id."""
        return self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (ident,)).fetchone()

    def by_source_ids(self, table: str, sids: list[str]) -> dict[str, Any]:
        """The stored rows of ``table`` holding these source ids, by source id."""
        known: dict[str, Any] = {}
        for i in range(0, len(sids), 500):
            chunk = sids[i : i + 500]
            sql = f"SELECT * FROM {table} WHERE source_id IN ({','.join('?' * len(chunk))})"
            for r in self.conn.execute(sql, chunk):
                known[r["source_id"]] = r
        return known

    # -- writes ---------------------------------------------------------------------------------

    def begin(self) -> None:
        if not self.in_txn:
            self.conn.execute("BEGIN IMMEDIATE")
            self.in_txn = True

    def insert_prospect(self, values: dict[str, Any]) -> int:
        """A new prospect; its id."""
        cols = list(values)
        sql = f"INSERT INTO prospect ({_names(cols)}) VALUES ({', '.join('?' * len(cols))}) RETURNING id"
        return int(self.conn.execute(sql, [values[c] for c in cols]).fetchone()[0])

    def update(self, table: str, ident: int, values: dict[str, Any]) -> dict[str, Any]:
        """Change some columns of one row; returns the journal operation that undoes it."""
        old = self.row(table, ident)
        sets = ", ".join(f'"{c}" = ?' for c in values)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), ident])
        return {"op": "update", "table": table, "rows": [dict(zip(old.keys(), tuple(old), strict=True))]}

    def set_created(self, pid: int, created: str) -> None:
        """An imported prospect's created_at (the earliest date among its rows)."""
        self.conn.execute("UPDATE prospect SET created_at = ? WHERE id = ?", (created, pid))

    def insert_rows(self, table: str, cols: list[str], rows: list[tuple[Any, ...]]) -> dict[str, Any]:
        """Insert many rows with ``executemany``; returns the journal operation that undoes it."""
        self.conn.executemany(f"INSERT INTO {table} ({_names(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
        # one statement under the write lock: the ids are consecutive, ending at the largest
        last = self.conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
        return {"op": "insert", "table": table, "ranges": [[last - len(rows) + 1, last]]}

    def commit(self, batch_ops: list[dict[str, Any]]) -> None:
        """Commit a batch, its operations added to the import's one journal entry."""
        if not self.in_txn:
            return
        if batch_ops:
            self.ops.extend(batch_ops)
            ops = json.dumps(self.ops)
            if self.journal_id is None:  # the import stands in the undo order where it started
                self.conn.execute("DELETE FROM journal WHERE undone = ?", (True,))  # a new action ends redo
                sql = "INSERT INTO journal (at, label, ops, undone) VALUES (?, ?, ?, ?) RETURNING id"
                self.journal_id = int(self.conn.execute(sql, (self.now, self.label, ops, False)).fetchone()[0])
            else:
                self.conn.execute("UPDATE journal SET ops = ? WHERE id = ?", (ops, self.journal_id))
        self.conn.execute("COMMIT")
        self.in_txn = False

    def rollback(self) -> None:
        if self.in_txn:
            self.conn.execute("ROLLBACK")
            self.in_txn = False
