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
#: an instant before any stored one, as stored (a portable stand-in for "no earlier instant")
EPOCH_DB = "1970-01-01 00:00:00.000000"
NOON = time(12, 0)
WEEKDAY_WORDS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
#: patterns as text: re compiles (and keeps) each on first use, not every command at start-up
_HHMM = r"^(\d{1,2}):(\d{2})$"


def zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; a clear error for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError):
        raise InputError(f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)") from None


def system_zone_name() -> str:
    """The system's IANA zone name, or ``UTC`` when it cannot be told.

    ``TZ`` may name a zone (``Europe/Berlin``) or a zone file (``:/etc/localtime``,
    ``/usr/share/zoneinfo/Europe/Berlin``); a file is followed to the zone it links to.
    """
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz.startswith("/"):
        real = os.path.realpath(tz)
        if "zoneinfo/" in real:
            return real.split("zoneinfo/", 1)[1]
    elif tz and "/" in tz or tz == "UTC":
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
        try:
            dt = datetime.fromisoformat(fixed)
        except ValueError:
            raise InputError(f"REPDESK_NOW={fixed!r} is not an ISO 8601 instant") from None
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


#: a stored instant's text from the start of a UTC day (after 10 characters) or hour (after 13)
_UNIT_START = {10: " 00:00:00.000000", 13: ":00:00.000000"}
_UNIT_STEP = {10: timedelta(days=1), 13: timedelta(hours=1)}


def whole_units(lo: str, hi: str, width: int) -> tuple[tuple[str, str] | None, list[tuple[str, str]]]:
    """The stored instants [lo, hi) as whole UTC days (``width`` 10) or hours (13): the first
    unit's and the end unit's prefix (``('2026-11-02', '2026-11-09')``, or None where no unit is
    whole), and the ranges of stored instants left over at either end."""
    start = _UNIT_START[width]
    if lo >= hi:
        return None, [(lo, hi)]
    first = lo[:width]
    if lo[width:] != start:
        first = (datetime.fromisoformat(first + start) + _UNIT_STEP[width]).isoformat(" ")[:width]
    last = hi[:width]  # units before this one are whole
    if first >= last:
        return None, [(lo, hi)]
    parts = []
    if lo[width:] != start:
        parts.append((lo, first + start))
    if hi[width:] != start:
        parts.append((last + start, hi))
    return (first, last), parts


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


FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2100, 12, 31)
_REL = r"^([+-])(\d{1,5})(d|w|wd)$"
_IN = r"^in (\d{1,5}) (day|days|week|weeks|working day|working days|wd)$"
_DATE_HELP = "use YYYY-MM-DD, today, yesterday, tomorrow, a weekday such as mon, next mon, in 3 days, +2d, +1w or +3wd"


class Workdays:
    """The working-day rule, the one every count of working days uses.

    A day is a working day if it is one for the shortest target containing it (its working
    weekdays, minus its non-working dates); a day no target contains is one from Monday to
    Friday. Built from the targets' ``(start, end, workdays, off_dates)`` text columns.
    """

    __slots__ = ("_targets",)

    def __init__(self, targets: list[tuple[str, str, str, str]] | tuple[()] = ()) -> None:
        rules = []
        for start, end, workdays, off in targets:
            first, last = date.fromisoformat(start), date.fromisoformat(end)
            weekdays = frozenset(_WEEKDAY_INDEX[w] for w in workdays.split(",") if w in _WEEKDAY_INDEX)
            offs = frozenset(date.fromisoformat(x) for x in off.split(",") if x)
            rules.append(((last - first).days, first, last, weekdays, offs))
        rules.sort(key=lambda r: r[0])  # shortest first; a stable sort keeps the stored order on ties
        self._targets = rules

    def is_working(self, d: date) -> bool:
        """Whether ``d`` is a working day."""
        for _, first, last, weekdays, offs in self._targets:
            if first <= d <= last:
                return d.weekday() in weekdays and d not in offs
        return d.weekday() < 5

    def between(self, first: date, last: date) -> list[date]:
        """The working days from ``first`` to ``last``, both included, counted one by one."""
        out = []
        d = first
        while d <= last:
            if self.is_working(d):
                out.append(d)
            d += timedelta(days=1)
        return out

    def add(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (before it, for a negative ``n``); ``d`` itself for 0."""
        step = timedelta(days=1 if n >= 0 else -1)
        left = abs(n)
        guard = 0
        while left:
            d += step
            guard += 1
            if self.is_working(d):
                left -= 1
            elif guard > 3660 + 366 * abs(n):  # a calendar with no working day at all
                raise InputError("no working day found: check the targets' working days")
        return d


_WEEKDAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
MON_FRI = Workdays()


def check_day(d: date, text: str | None = None) -> date:
    """Refuse a day outside 1970-01-01 … 2100-12-31."""
    if not FIRST_DAY <= d <= LAST_DAY:
        shown = text if text is not None else d.isoformat()
        raise InputError(f"the date {shown!r} is out of range: dates run from 1970-01-01 to 2100-12-31")
    return d


def parse_date(
    text: str,
    tz: tzinfo,
    *,
    now: datetime | None = None,
    ahead: bool = False,
    workdays: Workdays | None = None,
) -> date:
    """A day from the date words (today, mon, next fri, +3wd, in 2 weeks…) or an ISO date.

    ``today``, ``yesterday``, ``tomorrow``; a weekday (``mon``): the most recent one, today
    included — with ``ahead`` (a WHEN that schedules) the next one, today included; ``next mon``:
    a week after the Monday that ``mon`` names; ``in 3 days``, ``in 2 weeks``, ``+2d``, ``+1w``
    (calendar days and weeks from today; ``-2d`` goes back); ``+3wd``, ``in 3 working days``:
    working days by the rule of :class:`Workdays`.
    """
    word = " ".join(text.strip().lower().split())
    today = (now or now_utc()).astimezone(tz).date()
    if word == "today":
        return today
    if word == "yesterday":
        return check_day(today - timedelta(days=1), text)
    if word == "tomorrow":
        return check_day(today + timedelta(days=1), text)
    if word in WEEKDAY_WORDS:
        return check_day(_weekday(today, WEEKDAY_WORDS[word], ahead), text)
    if word.startswith("next ") and word[5:] in WEEKDAY_WORDS:
        return check_day(_weekday(today, WEEKDAY_WORDS[word[5:]], ahead) + timedelta(days=7), text)
    m = re.match(_REL, word)
    n: int | None = None
    unit = ""
    if m:
        n = int(m.group(2)) * (-1 if m.group(1) == "-" else 1)
        unit = m.group(3)
    else:
        m = re.match(_IN, word)
        if m:
            n = int(m.group(1))
            unit = {"day": "d", "days": "d", "week": "w", "weeks": "w"}.get(m.group(2), "wd")
    if n is not None:
        if abs(n) > 60_000:
            raise InputError(f"the date {text!r} is out of range: dates run from 1970-01-01 to 2100-12-31")
        if unit == "wd":
            return check_day((workdays or MON_FRI).add(today, n), text)
        return check_day(today + timedelta(days=n * (7 if unit == "w" else 1)), text)
    try:
        d = date.fromisoformat(word)
    except ValueError:
        raise InputError(f"cannot read the date {text!r} ({_DATE_HELP})") from None
    return check_day(d, text)


def _weekday(today: date, wd: int, ahead: bool) -> date:
    if ahead:
        return today + timedelta(days=(wd - today.weekday()) % 7)
    return today - timedelta(days=(today.weekday() - wd) % 7)


def _hhmm(text: str, whole: str) -> time:
    m = re.match(_HHMM, text)
    if not m:
        raise InputError(f"cannot read the time in {whole!r} (use HH:MM)")
    hh, mm = int(m.group(1)), int(m.group(2))
    if hh > 23 or mm > 59:
        raise InputError(f"impossible time {whole!r}")
    return time(hh, mm)


def parse_day_time(
    text: str,
    tz: tzinfo,
    *,
    now: datetime | None = None,
    ahead: bool = False,
    workdays: Workdays | None = None,
) -> tuple[date, time | None]:
    """A local day and, when one was given, a wall time: the words of :func:`parse_date`, ISO dates
    and times (with or without offset), ``HH:MM`` (today), and a day's words with a time
    (``tomorrow 9:00``, ``fri 14:30``, ``next mon 10:00``, ``+2d 9:00``)."""
    now = now or now_utc()
    raw = " ".join(text.strip().split())
    if not raw:
        raise InputError(f"empty date: {_DATE_HELP}, optionally with a time HH:MM")
    if re.match(_HHMM, raw):
        return now.astimezone(tz).date(), _hhmm(raw, text)
    parts = raw.rsplit(" ", 1)
    if len(parts) == 2 and re.match(_HHMM, parts[1]):
        return parse_date(parts[0], tz, now=now, ahead=ahead, workdays=workdays), _hhmm(parts[1], text)
    if re.match(_ISO_DAY, raw[:10]) and len(raw) > 10 and raw[10] in "T ":
        try:
            dt = datetime.fromisoformat(raw)
        except ValueError:
            raise InputError(f"cannot read the date and time {text!r} (use YYYY-MM-DD HH:MM)") from None
        if dt.tzinfo is not None:
            dt = dt.astimezone(tz)
        check_day(dt.date(), text)
        return dt.date(), dt.time().replace(tzinfo=None)
    return parse_date(raw, tz, now=now, ahead=ahead, workdays=workdays), None


_ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"


def parse_when(
    text: str,
    tz: tzinfo,
    *,
    now: datetime | None = None,
    ahead: bool = False,
    workdays: Workdays | None = None,
) -> datetime:
    """An instant (aware, UTC) from what a rep types after ``--at``, ``--next`` or ``--meeting``.

    Everything :func:`parse_day_time` reads. A day without a time means 12:00 — but for today
    before noon (and not ``ahead``), now, so that a touch is never dated in the future. A wall
    time that a daylight-saving switch skips moves forward by the gap.
    """
    now = now or now_utc()
    raw = text.strip()
    if raw.lower() == "now":  # what the app's forms say they default to
        return now.astimezone(UTC)
    if "T" in raw[10:11] or "+" in raw[10:] or raw.endswith("Z"):
        try:
            dt = datetime.fromisoformat(raw)
        except ValueError:
            dt = None
        if dt is not None and dt.tzinfo is not None:
            check_day(dt.date(), text)  # before any arithmetic: year 1 or 9999 would overflow it
            check_day(dt.astimezone(tz).date(), text)
            return dt.astimezone(UTC)
    d, t = parse_day_time(text, tz, now=now, ahead=ahead, workdays=workdays)
    if t is not None:
        return local_wall(d, t, tz).astimezone(UTC)
    at = local_wall(d, NOON, tz)
    if not ahead and d == now.astimezone(tz).date() and at > now:
        return now.astimezone(UTC)
    return at.astimezone(UTC)


def parse_day(text: str | None, tz: tzinfo, workdays: Workdays | None = None) -> date:
    """The as-of day: today on the rep's clock unless a date is given."""
    if text is None:
        return now_utc().astimezone(tz).date()
    return parse_date(text, tz, workdays=workdays)


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
    for name in (arg, os.environ.get("REPDESK_TZ"), stored):
        if name:
            return zone(name)
    try:
        return zone(system_zone_name())
    except InputError:  # a system zone Python cannot read: UTC rather than no command working at all
        return ZoneInfo("UTC")
