"""Touch figures: counts, per local day, weekday and hour, the weekday table and heatmap."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import Window, from_db, offset_segments, to_db, whole_units
from repdesk.domain.plan import MIN_TRIALS, ratio, wilson
from repdesk.domain.record import figure
from repdesk.domain.vocab import DAY_NAMES
from repdesk.figures.sequence import HITS_SQL

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


@figure
class TouchCounts:
    """Touches, hits, booked and logged minutes over a window."""

    touches: int
    hits: int
    booked: int
    minutes: int
    timed_touches: int


@figure
class DayCounts:
    """Touches, hits and booked of one local day."""

    touches: int
    hits: int
    booked: int


@figure
class WeekdayRow:
    """One weekday of the weekday table: counts, rates and the 95% Wilson interval of the hit rate."""

    day: str
    touches: int
    hits: int
    hit_rate: float | None
    booked: int
    booked_rate: float | None
    low: float | None
    high: float | None


_HIT = f"CASE WHEN outcome IN {HITS_SQL} THEN 1 ELSE 0 END"
_BOOKED = "CASE WHEN outcome = 'meeting_booked' THEN 1 ELSE 0 END"
_HIT_H = f"CASE WHEN outcome IN {HITS_SQL} THEN touches ELSE 0 END"
_BOOKED_H = "CASE WHEN outcome = 'meeting_booked' THEN touches ELSE 0 END"


def touch_counts(store: Store, w: Window, channel: str | None = None) -> TouchCounts:
    """touches, hits, booked, and logged minutes over a window.

    Whole UTC days are added up from ``touch_day`` and whole hours from ``touch_hour`` (both kept
    by triggers, see migrations 0007 and 0010), so a window of a million touches costs a few
    thousand rows; parts of an hour are counted in ``touch``.
    """
    total = [0, 0, 0, 0, 0]
    queries: list[tuple[str, tuple[Any, ...]]] = []
    for table, key, bounds in _ranges(store, w.lo, w.hi):
        if table == "touch":
            queries.append(
                (
                    f"SELECT COUNT(*), COALESCE(SUM({_HIT}), 0), COALESCE(SUM({_BOOKED}), 0),"
                    " COALESCE(SUM(minutes), 0), COUNT(minutes) FROM touch WHERE at >= ? AND at < ?",
                    bounds,
                )
            )
        else:
            queries.append(
                (
                    f"SELECT COALESCE(SUM(touches), 0), COALESCE(SUM({_HIT_H}), 0), COALESCE(SUM({_BOOKED_H}), 0),"
                    f" COALESCE(SUM(minutes), 0), COALESCE(SUM(timed), 0) FROM {table} WHERE {key} >= ? AND {key} < ?",
                    bounds,
                )
            )
    for sql, params in queries:
        if channel:
            sql += " AND channel = ?"
            params += (channel,)
        row = store.all(sql, params)[0]
        for i in range(5):
            total[i] += row[i]
    n, hits, booked, minutes, timed = total
    return TouchCounts(n, hits, booked, minutes, timed)


def _ranges(store: Store, lo: str, hi: str) -> list[tuple[str, str, tuple[str, str]]]:
    """[lo, hi) as (table, key column, bounds): whole UTC days in ``touch_day``, the whole hours
    left at either end in ``touch_hour``, the parts of an hour left in ``touch`` (by ``at``)."""
    hours, parts = _hour_split(store, lo, hi)
    out = [("touch", "at", part) for part in parts]
    if hours is None:
        return out
    days, edges = whole_units(hours[0] + _HOUR_START, hours[1] + _HOUR_START, 10)
    out += [("touch_hour", "hour", (a[:13], b[:13])) for a, b in edges]  # edges start and end on the hour
    if days is not None:
        out.append(("touch_day", "day", days))
    return out


def _hour_split(store: Store, lo: str, hi: str) -> tuple[tuple[str, str] | None, list[tuple[str, str]]]:
    """[lo, hi) as whole UTC hours for ``touch_hour`` (``('YYYY-MM-DD HH', …)`` bounds, or None) and
    the stored-text ranges left over for ``touch``; all of it for ``touch`` where there is no ``touch_hour``."""
    if not store.touch_totals:
        return None, [(lo, hi)]
    return whole_units(lo, hi, 13)


_HOUR_START = ":00:00.000000"


def hour_start(hour: str) -> datetime:
    """The start of a UTC hour written as the first 13 characters of an instant (``2026-11-20 10``);
    ``fromisoformat`` reads it some 40 times faster than ``strptime``, which matters over a year of hours."""
    return datetime.fromisoformat(hour + ":00")


def outcome_counts(store: Store, w: Window) -> dict[tuple[str, str], int]:
    """Touches over a window by (channel, outcome): whole days and hours from the totals, parts from ``touch``."""
    out: dict[tuple[str, str], int] = defaultdict(int)
    for table, key, bounds in _ranges(store, w.lo, w.hi):
        total = "COUNT(*)" if table == "touch" else "SUM(touches)"
        for channel, outcome, n in store.all(
            f"SELECT channel, outcome, {total} FROM {table} WHERE {key} >= ? AND {key} < ? GROUP BY 1, 2", bounds
        ):
            out[(channel, outcome)] += n
    return {k: n for k, n in out.items() if n}


def local_hours(
    store: Store, tz: tzinfo, w: Window, channel: str | None = None
) -> list[tuple[datetime, int, int, int]]:
    """(local wall-clock hour as a naive datetime, touches, hits, booked) over a window, one row per
    UTC hour with touches (or part of one, where the zone's offset turns mid-hour).

    Portable SQL: the database groups by UTC hour (the first 13 characters of the instant as text,
    the same on SQLite and PostgreSQL) — split at the minute where the zone's offset turns the local
    hour, for zones offset by a fraction of an hour — one query per span of constant UTC offset;
    Python shifts each group to the wall clock. Read once, it can be grouped several ways
    (:func:`group_hours`).
    """
    out: list[tuple[datetime, int, int, int]] = []
    for start, end, minutes in offset_segments(from_db(w.lo), from_db(w.hi), tz):
        turn = (60 - minutes % 60) % 60  # the UTC minute at which the local hour changes
        split = f", substr(CAST(at AS TEXT), 15, 2) >= '{turn:02d}'" if turn else ""
        hours, parts = (
            _hour_split(store, to_db(start), to_db(end)) if not turn else (None, [(to_db(start), to_db(end))])
        )
        queries: list[tuple[str, tuple[Any, ...]]] = []
        if hours is not None:  # whole UTC hours: added up per hour in touch_hour
            queries.append(
                (
                    f"SELECT hour, SUM(touches), SUM({_HIT_H}), SUM({_BOOKED_H}) FROM touch_hour"
                    " WHERE hour >= ? AND hour < ?",
                    hours,
                )
            )
        for lo, hi in parts:
            queries.append(
                (
                    f"SELECT substr(CAST(at AS TEXT), 1, 13){split}, COUNT(*), SUM({_HIT}), SUM({_BOOKED})"
                    " FROM touch WHERE at >= ? AND at < ?",
                    (lo, hi),
                )
            )
        shift = timedelta(minutes=minutes)
        late = timedelta(minutes=minutes + turn)
        for sql, params in queries:
            if channel:
                sql += " AND channel = ?"
                params += (channel,)
            n_keys = 2 if turn else 1
            grouped = " GROUP BY 1, 2" if turn else " GROUP BY 1"
            for row in store.all(sql + grouped, params):
                at = hour_start(row[0]) + (late if turn and row[1] else shift)
                out.append((at, row[n_keys], row[n_keys + 1], row[n_keys + 2]))
    return out


def group_hours(
    rows: list[tuple[datetime, int, int, int]], key: Callable[[datetime], tuple[Any, ...]]
) -> dict[tuple[Any, ...], list[int]]:
    """touches, hits and booked of :func:`local_hours` rows grouped by ``key`` of the wall-clock time."""
    out: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    for at, n, hits, booked in rows:
        cell = out[key(at)]
        cell[0] += n
        cell[1] += hits
        cell[2] += booked
    return out


def local_groups(
    store: Store, tz: tzinfo, w: Window, key: Callable[[datetime], tuple[Any, ...]], channel: str | None = None
) -> dict[tuple[Any, ...], list[int]]:
    """touches, hits and booked grouped by ``key`` of the wall-clock time (a naive datetime)."""
    return group_hours(local_hours(store, tz, w, channel), key)


def touches_by_day(store: Store, tz: tzinfo, w: Window) -> dict[date, DayCounts]:
    """touches, hits and booked per local day of the window."""
    return {
        key[0]: DayCounts(n, hits, booked)
        for key, (n, hits, booked) in local_groups(store, tz, w, lambda t: (t.date(),)).items()
    }


def weekday_table(
    store: Store,
    tz: tzinfo,
    w: Window,
    channel: str | None = None,
    rows: list[tuple[datetime, int, int, int]] | None = None,
) -> tuple[tuple[WeekdayRow, ...], str | None]:
    """Touches, hits, hit rate, booked, booked rate and the 95% Wilson interval per weekday, and the best
    day (from ``rows`` of :func:`local_hours` when they are already read)."""
    counts = [[0, 0, 0] for _ in range(7)]
    if rows is None:
        rows = local_hours(store, tz, w, channel)
    for key, cell in group_hours(rows, lambda t: (t.weekday(),)).items():
        counts[key[0]] = cell
    table = []
    for i, (n, hits, booked) in enumerate(counts):
        low, high = wilson(hits, n)
        table.append(WeekdayRow(DAY_NAMES[i], n, hits, ratio(hits, n), booked, ratio(booked, n), low, high))
    best: str | None = None
    best_rate = -1.0
    for i, (n, hits, _) in enumerate(counts):
        if n >= MIN_TRIALS and hits / n > best_rate:
            best, best_rate = DAY_NAMES[i], hits / n
    return tuple(table), best


def heatmap(store: Store, tz: tzinfo, w: Window) -> list[list[tuple[int, int]]]:
    """(touches, hits) by weekday (Mon first) × local hour."""
    grid = [[(0, 0) for _ in range(24)] for _ in range(7)]
    for (wd, hour), (n, hits, _) in local_groups(store, tz, w, lambda t: (t.weekday(), t.hour)).items():
        grid[wd][hour] = (n, hits)
    return grid
