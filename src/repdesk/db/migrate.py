"""Schema migrations with Alembic. Imported only when a database needs creating or upgrading."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.pool import NullPool

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    """The Alembic configuration pointing at the migrations shipped with repdesk."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest revision the shipped migrations know."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every revision the shipped migrations know."""
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def upgrade(path: str, revision: str = "head") -> None:
    """Bring the database at ``path`` to ``revision`` in ONE transaction.

    SQLite's DDL is transactional, but Python's driver commits it on its own: here the driver is
    told to leave transactions alone and ``BEGIN IMMEDIATE`` … ``COMMIT`` wraps the whole run,
    the version stamp included. A kill at any moment leaves the file as it was, or upgraded.
    """
    import sqlite3

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        engine.dispose()


def has_column(bind: Any, table: str, column: str) -> bool:
    """Whether ``table`` already has ``column`` (a migration left half-done by an earlier release)."""
    if bind.dialect.name == "sqlite":
        return any(c[1] == column for c in bind.exec_driver_sql(f"PRAGMA table_info({table})"))
    from sqlalchemy import inspect

    return any(c["name"] == column for c in inspect(bind).get_columns(table))  # PostgreSQL (team mode)
