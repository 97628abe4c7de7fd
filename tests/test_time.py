"""Time input and days on the rep's wall clock, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from repdesk.domain.dates import parse_when
from repdesk.domain.errors import InputError
from tests.conftest import Runner

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
# Friday 2026-11-20 10:00 in New York (15:00 UTC)
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-18", datetime(2026, 11, 18, 17, 0, tzinfo=UTC)),  # a date means 12:00 local
        ("2026-11-18 09:15", datetime(2026, 11, 18, 14, 15, tzinfo=UTC)),
        ("2026-11-18T09:15", datetime(2026, 11, 18, 14, 15, tzinfo=UTC)),
        ("2026-11-18T09:15+01:00", datetime(2026, 11, 18, 8, 15, tzinfo=UTC)),
        ("yesterday", datetime(2026, 11, 19, 17, 0, tzinfo=UTC)),
        ("today", NOW),  # today before noon: now, never the future
        ("09:30", datetime(2026, 11, 20, 14, 30, tzinfo=UTC)),
        ("mon", datetime(2026, 11, 16, 17, 0, tzinfo=UTC)),  # the most recent Monday
        ("fri", NOW),  # today is Friday, before noon
        ("Wednesday 08:00", datetime(2026, 11, 18, 13, 0, tzinfo=UTC)),
        ("now", NOW),  # what the app's forms say they default to
        (" NOW ", NOW),
    ],
)
def test_parse_when(text: str, expected: datetime) -> None:
    assert parse_when(text, NY, now=NOW) == expected


def test_weekday_ahead_for_meetings() -> None:
    assert parse_when("mon", NY, now=NOW, ahead=True) == datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    assert parse_when("fri 15:00", NY, now=NOW, ahead=True) == datetime(2026, 11, 20, 20, 0, tzinfo=UTC)


def test_today_after_noon_means_noon() -> None:
    later = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)  # 15:00 in New York
    assert parse_when("today", NY, now=later) == datetime(2026, 11, 20, 17, 0, tzinfo=UTC)


def test_skipped_wall_time_moves_forward_by_the_gap() -> None:
    # 2026-03-08 02:30 does not exist in New York: clocks jump from 02:00 to 03:00
    at = parse_when("2026-03-08 02:30", NY, now=NOW)
    assert at.astimezone(NY).hour == 3 and at.astimezone(NY).minute == 30
    assert at == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-02-30", "31:00", "next week", "", "2026-11-18 25:00"])
def test_unparsable(text: str) -> None:
    with pytest.raises(InputError):
        parse_when(text, NY, now=NOW)


def test_monday_night_in_new_york_is_a_monday(rd_ny: Runner) -> None:
    rd_ny("prospect", "add", "Acme")
    # 23:30 on Monday 16 Nov in New York is 04:30 on Tuesday in UTC
    t = rd_ny("log", "call", "acme", "connected", "--at", "2026-11-16 23:30", "--json").json()
    assert rd_ny.rows("SELECT at FROM touch") == [("2026-11-17 04:30:00.000000",)]
    assert t["at"] == "2026-11-16T23:30:00-05:00"
    review = rd_ny("review", "--as-of", "2026-11-20", "--days", "7", "--json").json()
    by_day = {d["day"]: d["touches"] for d in review["weekday"]}
    assert by_day["Mon"] == 1 and by_day["Tue"] == 0
    assert rd_ny("today", "--date", "2026-11-16", "--json").json()["touches"] == 1
    assert rd_ny("today", "--date", "2026-11-17", "--json").json()["touches"] == 0


def test_days_across_the_autumn_dst_switch(tmp_path) -> None:
    rd = Runner(tmp_path / "b.db", tz="Europe/Berlin")
    rd("prospect", "add", "Acme")
    # Berlin leaves summer time on Sunday 2026-10-25 at 03:00 → 02:00; that day has 25 hours.
    for at in ("2026-10-24 23:59", "2026-10-25 00:30", "2026-10-25 23:30", "2026-10-26 00:10"):
        rd("log", "call", "acme", "connected", "--at", at)
    assert rd("today", "--date", "2026-10-24", "--json").json()["touches"] == 1
    assert rd("today", "--date", "2026-10-25", "--json").json()["touches"] == 2
    assert rd("today", "--date", "2026-10-26", "--json").json()["touches"] == 1
    weekday = {
        d["day"]: d["touches"] for d in rd("review", "--as-of", "2026-10-26", "--days", "7", "--json").json()["weekday"]
    }
    assert (weekday["Sat"], weekday["Sun"], weekday["Mon"]) == (1, 2, 1)
    # 23:30 on the 25th is 22:30 UTC (winter time); 00:30 is 22:30 UTC the day before (summer time)
    assert rd.rows("SELECT at FROM touch ORDER BY at")[1:3] == [
        ("2026-10-24 22:30:00.000000",), ("2026-10-25 22:30:00.000000",)]  # fmt: skip


def test_spring_forward_day_counts(tmp_path) -> None:
    rd = Runner(tmp_path / "s.db", tz="America/New_York")
    rd("prospect", "add", "Acme")
    rd("log", "call", "acme", "connected", "--at", "2026-03-08 02:30")  # skipped → 03:30
    rd("log", "call", "acme", "connected", "--at", "2026-03-08 23:59")
    rd("log", "call", "acme", "connected", "--at", "2026-03-07 23:59")
    assert rd("today", "--date", "2026-03-08", "--json").json()["touches"] == 2
    assert date(2026, 3, 8).weekday() == 6
