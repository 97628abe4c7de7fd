"""Where the data lives and which time zone the rep's days are in."""

from __future__ import annotations

import os

APP_NAME = "repdesk"
DB_NAME = "repdesk.db"


def data_dir() -> str:
    """The platform's user data folder for repdesk (platformdirs).

    On Linux the XDG rule is applied here, the same answer platformdirs gives (a test checks it),
    because a status bar runs `repdesk status` every few seconds and importing platformdirs costs
    more than the rest of that command's imports.
    """
    import sys

    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return os.path.join(base, APP_NAME)
    from platformdirs import user_data_dir

    return str(user_data_dir(APP_NAME, appauthor=False))


def db_path(arg: str | None = None) -> str:
    """The database file: ``--db``, else ``REPDESK_DB``, else the user data folder. An empty
    ``--db`` is refused rather than read as the default (an unset variable in a script)."""
    if arg is not None and not arg.strip():
        from repdesk.domain.errors import InputError

        raise InputError("--db is empty: name a database file (or leave --db out for the default one)")
    if arg:
        return os.path.expanduser(arg)
    env = os.environ.get("REPDESK_DB")
    if env:
        return os.path.expanduser(env)
    return os.path.join(data_dir(), DB_NAME)


def named_db(arg: str | None = None) -> bool:
    """Whether the rep named the database (``--db`` or ``REPDESK_DB``) rather than using the default one."""
    return bool(arg or os.environ.get("REPDESK_DB"))
