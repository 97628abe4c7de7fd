"""Touch figures: counts, per local day, weekday and hour, the weekday table and heatmap."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, tzinfo
from typing import Any

from repdesk.db.connect import Store
from repdesk.domain.dates import Window, from_db, offset_segments, to_db
from repdesk.domain.plan import MIN_TRIALS, ratio, wilson
from repdesk.domain.vocab import DAY_NAMES, HIT_OUTCOMES

_HITS_SQL = "(" + ", ".join(f"'{o}'" for o in HIT_OUTCOMES) + ")"


def touch_counts(store: Store, w: Window, channel: str | None = None) -> dict[str, int]:
    """touches, hits, booked, and logged minutes over a window."""
    sql = (
        f"SELECT COUNT(*), COALESCE(SUM(outcome IN {_HITS_SQL}), 0), COALESCE(SUM(outcome = 'meeting_booked'), 0),"
        " COALESCE(SUM(minutes), 0), COUNT(minutes) FROM touch WHERE at >= ? AND at < ?"
    )
    params: tuple[Any, ...] = (w.lo, w.hi)
    if channel:
        sql += " AND channel = ?"
        params += (channel,)
    n, hits, booked, minutes, timed = store.one(sql, params)  # type: ignore[misc]
    return {"touches": n, "hits": hits, "booked": booked, "minutes": minutes, "timed_touches": timed}


def local_groups(
    store: Store, tz: tzinfo, w: Window, key_sql: tuple[str, ...], channel: str | None = None
) -> dict[tuple[str, ...], list[int]]:
    """touches, hits and booked grouped by local-time keys computed in SQL (``{at}`` stands for the
    instant shifted to the wall clock), one query per span of constant UTC offset."""
    out: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    for start, end, minutes in offset_segments(from_db(w.lo), from_db(w.hi), tz):
        shifted = f"datetime(at, '{minutes:+d} minutes')"
        keys = ", ".join(k.format(at=shifted) for k in key_sql)
        sql = (
            f"SELECT {keys}, COUNT(*), SUM(outcome IN {_HITS_SQL}), SUM(outcome = 'meeting_booked')"
            " FROM touch WHERE at >= ? AND at < ?"
        )
        params: tuple[Any, ...] = (to_db(start), to_db(end))
        if channel:
            sql += " AND channel = ?"
            params += (channel,)
        n_keys = len(key_sql)
        for row in store.all(sql + " GROUP BY " + ", ".join(str(i + 1) for i in range(n_keys)), params):
            cell = out[tuple(row[:n_keys])]
            cell[0] += row[n_keys]
            cell[1] += row[n_keys + 1]
            cell[2] += row[n_keys + 2]
    return out


def touches_by_day(store: Store, tz: tzinfo, w: Window) -> dict[date, dict[str, int]]:
    """touches, hits and booked per local day of the window."""
    return {
        date.fromisoformat(key[0]): {"touches": n, "hits": hits, "booked": booked}
        for key, (n, hits, booked) in local_groups(store, tz, w, ("date({at})",)).items()
    }


def weekday_table(
    store: Store, tz: tzinfo, w: Window, channel: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """Touches, hits, hit rate, booked, booked rate and the 95% Wilson interval per weekday, and the best day."""
    counts = [[0, 0, 0] for _ in range(7)]
    for key, cell in local_groups(store, tz, w, ("strftime('%w', {at})",), channel).items():
        counts[(int(key[0]) + 6) % 7] = cell  # SQLite counts from Sunday = 0
    table = []
    for i, (n, hits, booked) in enumerate(counts):
        low, high = wilson(hits, n)
        table.append(
            {
                "day": DAY_NAMES[i],
                "touches": n,
                "hits": hits,
                "hit_rate": ratio(hits, n),
                "booked": booked,
                "booked_rate": ratio(booked, n),
                "low": low,
                "high": high,
            }
        )
    best: str | None = None
    best_rate = -1.0
    for i, (n, hits, _) in enumerate(counts):
        if n >= MIN_TRIALS and hits / n > best_rate:
            best, best_rate = DAY_NAMES[i], hits / n
    return table, best


def heatmap(store: Store, tz: tzinfo, w: Window) -> list[list[tuple[int, int]]]:
    """(touches, hits) by weekday (Mon first) × local hour."""
    grid = [[(0, 0) for _ in range(24)] for _ in range(7)]
    for (wd, hour), (n, hits, _) in local_groups(
        store, tz, w, ("strftime('%w', {at})", "strftime('%H', {at})")
    ).items():
        grid[(int(wd) + 6) % 7][int(hour)] = (n, hits)
    return grid
