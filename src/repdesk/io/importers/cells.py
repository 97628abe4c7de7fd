"""Reading a CRM's CSV: the file itself, money and dates as spreadsheets write them, text shown safely.

Everything here decides once per file (a column's decimal mark, whether dates are day-first) and then
reads each cell the same way, so a value is never read one way on one line and another way on the next.
"""

from __future__ import annotations

import csv
import os
import re
import stat
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from typing import IO

from repdesk.domain.dates import local_wall
from repdesk.domain.errors import InputError
from repdesk.present import one_line

#: a physical line longer than this is refused: no CSV line is that long
MAX_LINE = 1024 * 1024
EARLIEST, LATEST = date(1970, 1, 1), date(2100, 12, 31)


# -- text shown on a terminal -----------------------------------------------------------------


def quoted(text: str) -> str:
    """A value named in a message: quoted, and shown safely."""
    return "'" + one_line(text) + "'"


def squash(name: str) -> str:
    """A header as it is compared: case-insensitive, ignoring spaces, ``_``, ``-`` and ``.``."""
    return re.sub(r"[\s_.\-]+", "", name.replace("\ufeff", "")).casefold()


# -- the file ---------------------------------------------------------------------------------


class Source:
    """A CSV file that can be read through more than once, one row at a time, with line numbers."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.name = os.path.basename(path)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise InputError(f"no file {path}") from None
        except NotADirectoryError:
            raise InputError(f"no file {path}") from None
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{path} is a folder, not a CSV file")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{path} is not a regular file (a pipe or a device?); save the export to a file first")
        self.size = st.st_size
        first = self._lines(self._open())
        try:
            line = next(first, "")
        finally:
            first.close()
        if not line.strip():
            raise InputError(f"{path} is empty (no header line)")
        self.delimiter = max((",", ";", "\t"), key=line.count)
        rows = self.rows(with_header=True)
        try:
            _, header = next(rows)
        finally:
            rows.close()
        self.header = [h.strip() for h in header]

    def _open(self) -> IO[bytes]:
        return open(self.path, "rb")

    def _lines(self, fh: IO[bytes]) -> Generator[str, None, None]:
        """Each physical line, decoded; a line over 1 MB or not UTF-8 is refused with its number."""
        n = 0
        with fh:
            while True:
                raw = fh.readline(MAX_LINE + 1)
                if not raw:
                    return
                n += 1
                if len(raw) > MAX_LINE:
                    raise InputError(f"{self.name}, line {n}: a line longer than 1 MB; is this a CSV file?")
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise InputError(
                        f"{self.name}, line {n}: not UTF-8 text (export it from the CRM as UTF-8 CSV)"
                    ) from None
                if n == 1:
                    text = text.removeprefix("\ufeff")
                yield text

    def rows(self, *, with_header: bool = False) -> Generator[tuple[int, list[str]], None, None]:
        """Each non-empty row with the physical line it starts on (the header is line 1)."""
        csv.field_size_limit(MAX_LINE * 2)
        lines = self._lines(self._open())
        reader = csv.reader(lines, delimiter=self.delimiter)
        end = 0
        try:
            for raw in reader:
                start, end = end + 1, reader.line_num
                if start == 1 and not with_header:
                    continue
                yield start, raw
        except csv.Error as exc:
            raise InputError(f"{self.name}, line {end + 1}: {exc}") from None
        finally:
            lines.close()


# -- money ------------------------------------------------------------------------------------

_CURRENCY = re.compile(r"^[^\d]*?(?=[\d.,])|(?<=[\d.,])[^\d.,]*$")
_SPACES = re.compile(r"[\s\u00a0\u202f'’_]")
_FINAL = re.compile(r"([.,])(\d+)$")


def money_mark(text: str) -> str | None:
    """The decimal mark a value shows (a final separator followed by one or two digits), if any."""
    m = _FINAL.search(_SPACES.sub("", text.strip()))
    if m is None or len(m.group(2)) > 2:
        return None
    return m.group(1)


def plain_money(text: str, mark: str) -> str:
    """A money cell as plain digits with ``.`` for decimals: currency signs and codes, group separators gone."""
    raw = _SPACES.sub("", text.strip())
    raw = _CURRENCY.sub("", raw)
    if not raw or not re.fullmatch(r"[\d.,]+", raw):
        raise InputError(f"cannot read the amount {quoted(text)}")
    group = "," if mark == "." else "."
    if mark in raw:
        whole, _, frac = raw.rpartition(mark)
        if mark in whole:
            raise InputError(f"cannot read the amount {quoted(text)}")
    else:
        whole, frac = raw, ""
    if whole and not re.fullmatch(r"\d{1,3}(?:[" + re.escape(group) + r"]\d{3})*|\d+", whole):
        raise InputError(f"cannot read the amount {quoted(text)} (decimal mark {mark!r} in this column)")
    whole = whole.replace(group, "")
    return (whole or "0") + ("." + frac if frac else "")


@dataclass
class MoneyColumn:
    """What a money column's values say about its decimal mark."""

    name: str
    marks: dict[str, int] = field(default_factory=dict)
    example: dict[str, tuple[int, str]] = field(default_factory=dict)

    def feed(self, line: int, text: str) -> None:
        mark = money_mark(text)
        if mark is not None:
            self.marks[mark] = self.marks.get(mark, 0) + 1
            self.example.setdefault(mark, (line, text))

    def decide(self, given: str | None) -> str:
        if given is not None:
            other = "," if given == "." else "."
            if other in self.marks:
                line, text = self.example[other]
                raise InputError(
                    f"column {quoted(self.name)}: the mapping's decimal_mark is {given!r}, but line {line} "
                    f"has {quoted(text)}"
                )
            return given
        if len(self.marks) > 1:
            (l1, t1), (l2, t2) = self.example["."], self.example[","]
            raise InputError(
                f"column {quoted(self.name)} uses both decimal marks: {quoted(t1)} on line {l1}, {quoted(t2)} on "
                f'line {l2}; fix the file or set decimal_mark = "." or "," in a mapping (--mapping)'
            )
        return next(iter(self.marks), ".")


# -- dates ------------------------------------------------------------------------------------

_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                           "nov", "dec"))}  # fmt: skip
_TIME = r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp]\.?[Mm]\.?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})" + _TIME + "$")
_NAMED = re.compile(
    r"^(?:[A-Za-z]+,?\s+)?(?:(\d{1,2})[\s\-]+([A-Za-z]{3,9})\.?[\s\-,]+(\d{4})|([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))"
    + _TIME
    + "$"
)


def numeric_order(text: str) -> str | None:
    """What a date such as ``3/14/2024`` says about its order: "dmy", "mdy", "either" or None (not that form)."""
    if len(text) < 6 or text[4:5] == "-" or text[:1] > "9":
        return None
    m = _NUMERIC.match(text.strip())
    if m is None or len(m.group(1)) > 2:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    if a > 12 and b <= 12:
        return "dmy"
    if b > 12 and a <= 12:
        return "mdy"
    return "either" if a != b else None


@dataclass
class DateOrder:
    """Whether the file's dates are day-first, decided from every date it holds."""

    seen: dict[str, tuple[int, str, str]] = field(default_factory=dict)

    def feed(self, line: int, column: str, text: str) -> None:
        kind = numeric_order(text)
        if kind is not None and kind not in self.seen:
            self.seen[kind] = (line, column, text)

    def decide(self, given: bool | None) -> bool:
        dmy, mdy = self.seen.get("dmy"), self.seen.get("mdy")
        if dmy and mdy:
            raise InputError(
                f"the file mixes day-first and month-first dates: {quoted(dmy[2])} (line {dmy[0]}, {quoted(dmy[1])}) "
                f"and {quoted(mdy[2])} (line {mdy[0]}, {quoted(mdy[1])})"
            )
        if given is not None:
            against = mdy if given else dmy
            if against:
                raise InputError(
                    f"the mapping says day_first = {str(given).lower()}, but line {against[0]} has "
                    f"{quoted(against[2])} in {quoted(against[1])}"
                )
            return given
        if dmy or mdy:
            return dmy is not None
        if "either" in self.seen:
            line, col, text = self.seen["either"]
            raise InputError(
                f"cannot tell whether dates such as {quoted(text)} (line {line}, {quoted(col)}) are day-first or "
                "month-first: give day_first = true or false in a mapping file (--mapping)"
            )
        return False


@dataclass
class Instant:
    """A cell read as an instant: stored UTC text, and whether the cell held a date alone."""

    at: datetime
    date_only: bool


def _year(text: str) -> int:
    y = int(text)
    if len(text) <= 2:
        y += 2000 if y < 70 else 1900
    return y


def _offset(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    from datetime import timedelta, timezone

    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def read_instant(text: str, tz: tzinfo, day_first: bool, fmt: str | None = None) -> Instant:
    """A date or date-time cell as an aware instant; a date alone means 12:00 in ``tz``."""
    text = text.strip()
    parsed: datetime | None = None
    date_only = False
    if fmt:
        try:
            parsed = datetime.strptime(text, fmt)
            date_only = not any(d in fmt for d in ("%H", "%I"))
        except ValueError:
            raise InputError(f"cannot read the date {quoted(text)} with format {fmt!r}") from None
    elif len(text) >= 10 and text[4] == "-" and text[:4].isdigit():
        try:
            parsed = datetime.fromisoformat(text.replace(" UTC", "Z"))
            date_only = len(text) == 10
        except ValueError:
            parsed = None
    if parsed is None:
        parsed, date_only = _loose(text, day_first)
    if parsed.tzinfo is None:
        if date_only:
            parsed = parsed.replace(hour=12)
        utc = tz is UTC or getattr(tz, "key", None) in ("UTC", "Etc/UTC")
        parsed = parsed.replace(tzinfo=UTC) if utc else local_wall(parsed.date(), parsed.time(), tz)
    at = parsed.astimezone(UTC)
    if not EARLIEST <= at.date() <= LATEST:
        raise InputError(f"the date {quoted(text)} is outside 1970-01-01 … 2100-12-31")
    return Instant(at, date_only)


def _loose(text: str, day_first: bool) -> tuple[datetime, bool]:
    m = _NUMERIC.match(text)
    try:
        if m is not None:
            a, b, c = m.group(1), m.group(2), m.group(3)
            if len(a) == 4:
                y, mo, d = int(a), int(b), int(c)
            elif day_first:
                d, mo, y = int(a), int(b), _year(c)
            else:
                mo, d, y = int(a), int(b), _year(c)
            rest = m.groups()[3:]
        else:
            n = _NAMED.match(text)
            if n is None:
                raise ValueError
            if n.group(1):
                d, month, y = int(n.group(1)), n.group(2), int(n.group(3))
            else:
                month, d, y = n.group(4), int(n.group(5)), int(n.group(6))
            mo = _MONTHS[month[:3].lower()]
            rest = n.groups()[6:]
        hh, mm, ss, ampm, off = rest
        if hh is None:
            return datetime(y, mo, d), True
        hour = int(hh)
        if ampm:
            if not 1 <= hour <= 12:
                raise ValueError
            hour = hour % 12 + (12 if ampm[0] in "Pp" else 0)
        return datetime(y, mo, d, hour, int(mm), int(ss or 0), tzinfo=_offset(off)), False
    except (ValueError, KeyError):
        raise InputError(f"cannot read the date {quoted(text)}") from None


def local_noon(d: date, tz: tzinfo) -> datetime:
    """12:00 on ``d`` in ``tz``, as UTC."""
    return local_wall(d, time(12, 0), tz).astimezone(UTC)
