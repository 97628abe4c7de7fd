"""Bulk loads: many rows in one transaction with ``executemany`` (the sample database).

Not journalled — a sample database is made whole or not at all, and is not something to undo.
"""

from __future__ import annotations

from types import TracebackType

from repdesk.db.connect import Store

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


class BulkLoad:
    """One transaction of bulk inserts: ``with BulkLoad(store) as load: load.insert(...)``."""

    def __init__(self, store: Store) -> None:
        self.conn = store.conn

    def __enter__(self) -> BulkLoad:
        self.conn.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.conn.execute("COMMIT" if kind is None else "ROLLBACK")

    def insert(self, table: str, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """Insert rows whose values are in the order of ``cols``."""
        names = ", ".join(f'"{c}"' for c in cols)
        self.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})", rows)

    def update(self, table: str, ident: int, values: dict[str, Any]) -> None:
        """Change some columns of one row."""
        sets = ", ".join(f'"{c}" = ?' for c in values)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), ident])

    def id_of(self, table: str, key: str) -> int:
        """The id of the row of ``table`` whose ``key`` column is ``key``."""
        return int(self.conn.execute(f"SELECT id FROM {table} WHERE key = ?", (key,)).fetchone()[0])
