"""Touch figures: counts, per local day, weekday and hour, the weekday table and heatmap."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from repdesk.db.connect import Store
from repdesk.domain.dates import Window, from_db, offset_segments, to_db
from repdesk.domain.plan import MIN_TRIALS, ratio, wilson
from repdesk.domain.vocab import DAY_NAMES, HIT_OUTCOMES


@dataclass(frozen=True, slots=True)
class TouchCounts:
    """Touches, hits, booked and logged minutes over a window."""

    touches: int
    hits: int
    booked: int
    minutes: int
    timed_touches: int


@dataclass(frozen=True, slots=True)
class DayCounts:
    """Touches, hits and booked of one local day."""

    touches: int
    hits: int
    booked: int


@dataclass(frozen=True, slots=True)
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


_HITS_SQL = "(" + ", ".join(f"'{o}'" for o in HIT_OUTCOMES) + ")"
_HIT = f"CASE WHEN outcome IN {_HITS_SQL} THEN 1 ELSE 0 END"
_BOOKED = "CASE WHEN outcome = 'meeting_booked' THEN 1 ELSE 0 END"


def touch_counts(store: Store, w: Window, channel: str | None = None) -> TouchCounts:
    """touches, hits, booked, and logged minutes over a window."""
    sql = (
        f"SELECT COUNT(*), COALESCE(SUM({_HIT}), 0), COALESCE(SUM({_BOOKED}), 0),"
        " COALESCE(SUM(minutes), 0), COUNT(minutes) FROM touch WHERE at >= ? AND at < ?"
    )
    params: tuple[Any, ...] = (w.lo, w.hi)
    if channel:
        sql += " AND channel = ?"
        params += (channel,)
    n, hits, booked, minutes, timed = store.one(sql, params)  # type: ignore[misc]
    return TouchCounts(n, hits, booked, minutes, timed)


def local_groups(
    store: Store, tz: tzinfo, w: Window, key: Callable[[datetime], tuple[Any, ...]], channel: str | None = None
) -> dict[tuple[Any, ...], list[int]]:
    """touches, hits and booked grouped by ``key`` of the wall-clock time (a naive datetime).

    Portable SQL: the database groups by UTC hour (the first 13 characters of the instant as text,
    the same on SQLite and PostgreSQL) — split at the minute where the zone's offset turns the local
    hour, for zones offset by a fraction of an hour — one query per span of constant UTC offset;
    Python shifts each group to the wall clock.
    """
    out: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    for start, end, minutes in offset_segments(from_db(w.lo), from_db(w.hi), tz):
        turn = (60 - minutes % 60) % 60  # the UTC minute at which the local hour changes
        split = f", substr(CAST(at AS TEXT), 15, 2) >= '{turn:02d}'" if turn else ""
        sql = (
            f"SELECT substr(CAST(at AS TEXT), 1, 13){split}, COUNT(*), SUM({_HIT}), SUM({_BOOKED})"
            " FROM touch WHERE at >= ? AND at < ?"
        )
        params: tuple[Any, ...] = (to_db(start), to_db(end))
        if channel:
            sql += " AND channel = ?"
            params += (channel,)
        n_keys = 2 if turn else 1
        for row in store.all(sql + (" GROUP BY 1, 2" if turn else " GROUP BY 1"), params):
            hour = datetime.strptime(row[0], "%Y-%m-%d %H")
            at = hour + timedelta(minutes=minutes + (turn if turn and row[1] else 0))
            cell = out[key(at)]
            cell[0] += row[n_keys]
            cell[1] += row[n_keys + 1]
            cell[2] += row[n_keys + 2]
    return out


def touches_by_day(store: Store, tz: tzinfo, w: Window) -> dict[date, DayCounts]:
    """touches, hits and booked per local day of the window."""
    return {
        key[0]: DayCounts(n, hits, booked)
        for key, (n, hits, booked) in local_groups(store, tz, w, lambda t: (t.date(),)).items()
    }


def weekday_table(
    store: Store, tz: tzinfo, w: Window, channel: str | None = None
) -> tuple[tuple[WeekdayRow, ...], str | None]:
    """Touches, hits, hit rate, booked, booked rate and the 95% Wilson interval per weekday, and the best day."""
    counts = [[0, 0, 0] for _ in range(7)]
    for key, cell in local_groups(store, tz, w, lambda t: (t.weekday(),), channel).items():
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
