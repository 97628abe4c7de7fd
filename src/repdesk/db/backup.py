"""Online backup of an open database."""

from __future__ import annotations

from datetime import UTC

from repdesk.db.connect import Store
from repdesk.domain.dates import now_utc
from repdesk.domain.errors import InputError

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    pass


def backup(store: Store, dest: str) -> str:
    """Copy the database with SQLite's online backup (safe while the app is open)."""
    import os
    from pathlib import Path

    target = Path(dest).expanduser()
    if target.is_dir():
        stamp = now_utc().astimezone(UTC).strftime("%Y%m%d-%H%M%S")
        target = target / f"repdesk-{stamp}.db"
    if target.exists():
        raise InputError(f"{target} already exists; choose another name")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(target, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    import sqlite3

    out = sqlite3.connect(target)
    try:
        store.conn.backup(out)
    finally:
        out.close()
    return str(target)
