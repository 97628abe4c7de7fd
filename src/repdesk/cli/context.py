"""What every command shares: the context (store, zone, dates) and printing for a person or as JSON."""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from argparse import Namespace
    from typing import Any
    from zoneinfo import ZoneInfo

    from repdesk.db.connect import Store


PROG = "repdesk"


class Ctx:
    """What a command needs: the parsed arguments, the store (opened on first use) and the zone."""

    def __init__(self, args: Namespace, *, readonly: bool = False) -> None:
        self.args = args
        self.readonly = readonly
        self._store: Store | None = None
        self._tz: ZoneInfo | None = None

    @property
    def opened(self) -> bool:
        """Whether the store has been opened."""
        return self._store is not None

    @property
    def store(self) -> Store:
        """The database, opened on first use; a command that only reads never creates one."""
        if self._store is None:
            from repdesk.db.connect import Store
            from repdesk.db.location import db_path, named_db

            path = db_path(getattr(self.args, "db", None))
            if self.readonly:
                self._store = Store(path, create=False, empty_if_missing=not named_db(getattr(self.args, "db", None)))
            else:
                self._store = Store(path)
        return self._store

    @property
    def tz(self) -> ZoneInfo:
        if self._tz is None:
            from repdesk.domain.dates import resolve_zone
            from repdesk.figures.settings import stored_zone

            self._tz = resolve_zone(getattr(self.args, "tz", None), stored_zone(self.store))
        return self._tz

    def workdays(self, text: str) -> Any:
        """The working-day calendar, loaded only for a date that counts working days (``+3wd``)."""
        low = text.lower()
        if "wd" not in low and "working" not in low:
            return None
        from repdesk.figures.calendar import workdays_of

        return workdays_of(self.store)

    def when(self, text: str | None, *, ahead: bool = False) -> Any:
        if text is None:
            return None
        from repdesk.domain.dates import parse_when

        # shown on the rep's clock (an error naming it, a confirmation)
        return parse_when(text, self.tz, ahead=ahead, workdays=self.workdays(text)).astimezone(self.tz)

    def due(self, text: str | None) -> Any:
        """A WHEN that schedules (a follow-up): its day and optional time, weekdays looking ahead."""
        if text is None:
            return None
        from repdesk.domain.dates import parse_day_time

        return parse_day_time(text, self.tz, ahead=True, workdays=self.workdays(text))

    def day(self, text: str | None) -> Any:
        """A day to read (``--date``, ``--as-of``): today unless given."""
        from repdesk.domain.dates import parse_day

        return parse_day(text, self.tz, self.workdays(text or ""))

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def out_json(obj: Any) -> None:
    """Print an object as JSON (UTF-8 text kept as is, control characters escaped): indented for a
    person, compact for a pipe; figures (records) by their fields."""
    from repdesk.present import json_text

    sys.stdout.write(json_text(obj, indent=2 if sys.stdout.isatty() else None) + "\n")


def say(line: object = "") -> None:
    """Print a line for a person: user text in it shown literally, control characters as visible escapes."""
    from repdesk.present import safe_text

    sys.stdout.write(safe_text(line) + "\n")


def emit(ctx: Ctx, table: str, row: Any, line: str) -> None:
    """Print a created or changed record: JSON with ``--json``, else one line."""
    if getattr(ctx.args, "json", False):
        from repdesk.figures.records import record

        out_json(record(table, row, ctx.tz))
    else:
        say(line)


def ctx_zone(a: Namespace) -> ZoneInfo:
    """The zone for a command that has no store yet."""
    from repdesk.domain.dates import resolve_zone

    return resolve_zone(getattr(a, "tz", None), None)
