"""The reads are portable SQL: local days, weekdays and hours are computed from UTC hours in Python,
right in zones offset by a fraction of an hour too."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from repdesk.db.connect import Store
from repdesk.domain.dates import Window
from repdesk.figures.activity import heatmap, touches_by_day, weekday_table
from repdesk.figures.followups import hours
from tests.conftest import Runner


@pytest.mark.parametrize(
    ("zone", "utc_times", "expected"),
    [
        # Kolkata is UTC+5:30: 18:15 UTC Monday is 23:45 Monday; 18:45 UTC is 00:15 Tuesday
        ("Asia/Kolkata", ["2026-11-16T18:15:00Z", "2026-11-16T18:45:00Z"], [(0, 23), (1, 0)]),
        # St John's is UTC-3:30: 03:15 UTC Tuesday is 23:45 Monday; 03:45 UTC is 00:15 Tuesday
        ("America/St_Johns", ["2026-11-17T03:15:00Z", "2026-11-17T03:45:00Z"], [(0, 23), (1, 0)]),
        # Kathmandu is UTC+5:45: 18:14 UTC Monday is 23:59 Monday; 18:15 UTC is 00:00 Tuesday
        ("Asia/Kathmandu", ["2026-11-16T18:14:00Z", "2026-11-16T18:15:00Z"], [(0, 23), (1, 0)]),
    ],
)
def test_fractional_offsets(tmp_path: Path, zone: str, utc_times: list[str], expected: list[tuple[int, int]]) -> None:
    rd = Runner(tmp_path / "z.db", tz=zone)
    rd("prospect", "add", "Acme")
    for at in utc_times:
        rd("log", "call", "acme", "connected", "--at", at)
    tz = ZoneInfo(zone)
    w = Window.ending(date(2026, 11, 20), 30, tz)
    with Store(rd.db) as st:
        grid = heatmap(st, tz, w)
        table, _ = weekday_table(st, tz, w)
        days = touches_by_day(st, tz, w)
        by_hour = hours(st, tz, w)
    cells = sorted((wd, h) for wd in range(7) for h in range(24) if grid[wd][h][0])
    assert cells == expected
    assert [row.touches for row in table] == [1, 1, 0, 0, 0, 0, 0]
    assert sorted(days) == [date(2026, 11, 16), date(2026, 11, 17)]
    assert [(r.hour, r.touches) for r in by_hour.rows if r.touches] == [(0, 1), (23, 1)]
