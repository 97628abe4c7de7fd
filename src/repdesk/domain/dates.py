"""Instants and days: stored in UTC, read and shown on the rep's wall clock.

Lean on purpose (standard library only): the shell commands a rep runs all day use it.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from repdesk.domain.errors import InputError

DB_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
NOON = time(12, 0)
WEEKDAY_WORDS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


def zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; a clear error for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError):
        raise InputError(f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)") from None


def system_zone_name() -> str:
    """The system's IANA zone name, or ``UTC`` when it cannot be told."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and "/" in tz or tz == "UTC":
        return tz
    try:
        with open("/etc/timezone") as fh:
            name = fh.read().strip()
            if name:
                return name
    except OSError:
        pass
    try:
        link = os.readlink("/etc/localtime")
        if "zoneinfo/" in link:
            return link.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    return "UTC"


def now_utc() -> datetime:
    """The current instant. ``REPDESK_NOW`` (ISO 8601 with offset) fixes the clock for screenshots."""
    fixed = os.environ.get("REPDESK_NOW")
    if fixed:
        dt = datetime.fromisoformat(fixed)
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        return dt.astimezone(UTC)
    return datetime.now(UTC)


def to_db(dt: datetime) -> str:
    """An aware instant as stored: naive UTC text, the format SQLAlchemy uses for SQLite."""
    return dt.astimezone(UTC).strftime(DB_FORMAT)


def from_db(text: str) -> datetime:
    """A stored instant as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def iso_local(text: str | None, tz: tzinfo) -> str | None:
    """A stored instant as ISO 8601 with the rep's offset, to the second."""
    if text is None:
        return None
    return from_db(text).astimezone(tz).isoformat(timespec="seconds")


def local_wall(d: date, t: time, tz: tzinfo) -> datetime:
    """The instant of wall time ``d t`` in ``tz``; a time a DST switch skips moves forward by the gap."""
    naive = datetime.combine(d, t)
    aware = naive.replace(tzinfo=tz)
    # Round-trip through UTC: a skipped wall time comes back moved forward by the gap.
    return aware.astimezone(UTC).astimezone(tz)


def day_start(d: date, tz: tzinfo) -> datetime:
    """The first instant of local day ``d`` (midnight, or the first wall time after a skipped one)."""
    return local_wall(d, time(0, 0), tz)


def day_bounds(first: date, last: date, tz: tzinfo) -> tuple[str, str]:
    """Stored-text bounds [start, end) covering local days ``first`` … ``last``, both inclusive."""
    return to_db(day_start(first, tz)), to_db(day_start(last + timedelta(days=1), tz))


def offset_segments(lo: datetime, hi: datetime, tz: tzinfo) -> list[tuple[datetime, datetime, int]]:
    """Spans [start, end) of ``lo`` … ``hi`` over which ``tz`` keeps one UTC offset (in minutes).

    Lets SQL group instants by local day, weekday or hour with a fixed modifier per span,
    so days and weekdays stay right across daylight-saving switches.
    """

    def offset(t: datetime) -> int:
        delta = t.astimezone(tz).utcoffset()
        return 0 if delta is None else int(delta.total_seconds() // 60)

    spans = []
    start, current, t = lo, offset(lo), lo
    step = timedelta(hours=12)  # no zone switches twice within twelve hours
    while t < hi:
        nxt = min(t + step, hi)
        if offset(nxt) != current:
            a, b = t, nxt
            while b - a > timedelta(seconds=1):
                mid = a + (b - a) / 2
                if offset(mid) == current:
                    a = mid
                else:
                    b = mid
            if b > start:
                spans.append((start, b, current))
            start, current = b, offset(b)
        t = nxt
    if hi > start:
        spans.append((start, hi, current))
    return spans


def local_date(text: str, tz: tzinfo) -> date:
    """The local calendar day of a stored instant."""
    return from_db(text).astimezone(tz).date()


def parse_date(text: str, tz: tzinfo, *, now: datetime | None = None, ahead: bool = False) -> date:
    """A day from ``today``, ``yesterday``, ``tomorrow``, a weekday name or an ISO date.

    A weekday means the most recent one, today included; with ``ahead`` the next one, today included.
    """
    word = text.strip().lower()
    today = (now or now_utc()).astimezone(tz).date()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word in WEEKDAY_WORDS:
        wd = WEEKDAY_WORDS[word]
        if ahead:
            return today + timedelta(days=(wd - today.weekday()) % 7)
        return today - timedelta(days=(today.weekday() - wd) % 7)
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise InputError(
            f"cannot read the date {text!r} (use YYYY-MM-DD, today, yesterday or a weekday such as mon)"
        ) from None


def parse_when(text: str, tz: tzinfo, *, now: datetime | None = None, ahead: bool = False) -> datetime:
    """An instant (aware, UTC) from what a rep types after ``--at``.

    ISO date and time (with or without offset), ``HH:MM`` (today), ``today``, ``yesterday``,
    a weekday name, or an ISO date. A day without a time means 12:00 — but for today before
    noon (and not ``ahead``), now, so that a touch is never dated in the future.
    """
    now = now or now_utc()
    raw = text.strip()
    if not raw:
        raise InputError("empty date: use YYYY-MM-DD[ HH:MM], HH:MM, today, yesterday or a weekday")
    m = _HHMM.match(raw)
    if m:
        hh, mm = int(m.group(1)), int(m.group(2))
        if hh > 23 or mm > 59:
            raise InputError(f"impossible time {text!r}")
        return local_wall(now.astimezone(tz).date(), time(hh, mm), tz).astimezone(UTC)
    parts = raw.split()
    if len(parts) == 2 and _HHMM.match(parts[1]):
        d = parse_date(parts[0], tz, now=now, ahead=ahead)
        return parse_when(f"{d.isoformat()}T{parts[1]}", tz, now=now, ahead=ahead)
    if "T" in raw or (len(raw) > 10 and raw[10] == " "):
        try:
            dt = datetime.fromisoformat(raw)
        except ValueError:
            raise InputError(f"cannot read the date and time {text!r} (use YYYY-MM-DD HH:MM)") from None
        if dt.tzinfo is None:
            return local_wall(dt.date(), dt.time(), tz).astimezone(UTC)
        return dt.astimezone(UTC)
    d = parse_date(raw, tz, now=now, ahead=ahead)
    at = local_wall(d, NOON, tz)
    if not ahead and d == now.astimezone(tz).date() and at > now:
        return now.astimezone(UTC)
    return at.astimezone(UTC)


def parse_day(text: str | None, tz: tzinfo) -> date:
    """The as-of day: today on the rep's clock unless a date is given."""
    if text is None:
        return now_utc().astimezone(tz).date()
    return parse_date(text, tz)


class Window:
    """Local days ``first`` … ``last`` (inclusive) and their stored-text bounds [lo, hi)."""

    __slots__ = ("first", "last", "lo", "hi")

    def __init__(self, first: date, last: date, lo: str, hi: str) -> None:
        self.first, self.last, self.lo, self.hi = first, last, lo, hi

    @classmethod
    def of(cls, first: date, last: date, tz: tzinfo) -> Window:
        lo, hi = day_bounds(first, last, tz)
        return cls(first, last, lo, hi)

    @classmethod
    def ending(cls, as_of: date, days: int, tz: tzinfo) -> Window:
        return cls.of(as_of - timedelta(days=days - 1), as_of, tz)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def resolve_zone(arg: str | None, stored: str | None) -> ZoneInfo:
    """The rep's zone: ``--tz``, else ``REPDESK_TZ``, else the stored setting, else the system's."""
    from repdesk.domain.dates import system_zone_name, zone

    for name in (arg, os.environ.get("REPDESK_TZ"), stored):
        if name:
            return zone(name)
    return zone(system_zone_name())
