"""Online backup of an open database."""

from __future__ import annotations

import os
import sqlite3

from repdesk.db.connect import Store
from repdesk.db.files import fill_with
from repdesk.domain.dates import now_utc


def default_backup_path(store: Store) -> str:
    """``backups/repdesk-YYYYMMDD-HHMMSS.db`` beside the database (a new name, never an existing one)."""
    folder = os.path.join(os.path.dirname(os.path.abspath(store.path)), "backups")
    stamp = now_utc().strftime("%Y%m%d-%H%M%S")
    target = os.path.join(folder, f"repdesk-{stamp}.db")
    n = 1
    while os.path.lexists(target):
        n += 1
        target = os.path.join(folder, f"repdesk-{stamp}-{n}.db")
    return target


def backup(store: Store, dest: str | None = None, *, force: bool = False) -> str:
    """Copy the database with SQLite's online backup (safe while the app is open); returns the file written.

    Without ``dest``, a new file in ``backups/`` beside the database; a ``dest`` that is a folder gets
    a dated file inside it. The copy is written to a private temporary file and put in place; an
    existing file is replaced only with ``force``.
    """
    if dest is None:
        target = default_backup_path(store)
    else:
        target = os.path.expanduser(dest)
        if os.path.isdir(target):
            target = os.path.join(target, os.path.basename(default_backup_path(store)))

    def fill(tmp: str) -> None:
        out = sqlite3.connect(tmp)
        try:
            store.conn.backup(out)
        finally:
            out.close()

    return fill_with(target, fill, force=force)
