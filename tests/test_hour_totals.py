"""touch_hour and touch_day, the per-hour and per-day totals kept by triggers: always equal to counting
the touches themselves."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from repdesk.db.connect import Store
from repdesk.domain.dates import Window
from repdesk.figures.activity import heatmap, outcome_counts, touch_counts, weekday_table
from repdesk.figures.outcomes import meeting_counts
from tests.conftest import DATA, Runner

HITS = ("connected", "replied", "not_interested", "meeting_booked")


def totals(db: Path) -> tuple[list[tuple], list[tuple]]:
    """touch_hour's and touch_day's non-empty rows, and the same figures counted from touch by hand."""
    conn = sqlite3.connect(db)
    try:
        kept = [
            *conn.execute("SELECT hour, channel, outcome, touches, minutes, timed FROM touch_hour ORDER BY 1, 2, 3"),
            *conn.execute("SELECT day, channel, outcome, touches, minutes, timed FROM touch_day ORDER BY 1, 2, 3"),
        ]
        counted: list[tuple] = []
        for width in (13, 10):  # "YYYY-MM-DD HH", then "YYYY-MM-DD"
            cells: dict[tuple[str, str, str], list[int]] = {}
            for at, channel, outcome, minutes in conn.execute("SELECT at, channel, outcome, minutes FROM touch"):
                cell = cells.setdefault((at[:width], channel, outcome), [0, 0, 0])
                cell[0] += 1
                cell[1] += minutes or 0
                cell[2] += minutes is not None
            counted += [(*k, *v) for k, v in sorted(cells.items())]
        return kept, counted
    finally:
        conn.close()


@pytest.mark.sqlite_only
def test_every_write_keeps_the_totals(rd: Runner, tmp_path: Path) -> None:
    rd("prospect", "add", "Acme Corp")
    rd("prospect", "add", "Globex")
    rd("log", "call", "acme", "no_answer", "--at", "2026-11-18 09:10")
    rd("log", "call", "acme", "connected", "--at", "2026-11-18 09:50", "--minutes", "7")
    rd("log", "email", "globex", "sent", "--at", "2026-11-19 14:00")
    rd("touch", "edit", "3", "--outcome", "replied", "--at", "2026-11-19 16:30")
    rd("touch", "edit", "2", "--minutes", "12")
    rd("touch", "delete", "1")
    kept, counted = totals(rd.db)
    assert kept == counted and len(counted) == 4  # an hour or day whose last touch went leaves no row behind
    rd("undo")  # the delete
    rd("undo")  # the minutes
    kept, counted = totals(rd.db)
    assert kept == counted and ("2026-11-18 09", "call", "connected", 1, 7, 1) in kept
    rd("redo")
    assert totals(rd.db)[0] == totals(rd.db)[1]
    csv = tmp_path / "calls.csv"
    csv.write_text(
        "id,company,at,channel,outcome,minutes,note\n"
        "a1,Acme Corp,2026-11-17 10:05,call,busy,,\n"
        "a2,Initech,2026-11-17 10:40,call,meeting_booked,4,\n"
    )
    rd("import", str(csv))
    kept, counted = totals(rd.db)
    assert kept == counted and sum(r[3] for r in kept) == 2 * 5  # each touch in an hour and in a day
    rd("undo")  # the whole import
    kept, counted = totals(rd.db)
    assert kept == counted and sum(r[3] for r in kept) == 2 * 3


def test_window_counts_match_counting_by_hand(tmp_path: Path) -> None:
    """Half-hour zones split UTC hours: the parts are counted from touch, the whole hours from touch_hour,
    the whole UTC days from touch_day."""
    from repdesk.io.demo import generate

    db = tmp_path / "demo.db"
    generate(db, weeks=3, seed=5, now=datetime(2026, 11, 20, 15, 0, tzinfo=UTC))
    conn = sqlite3.connect(db)
    touches = conn.execute("SELECT at, channel, outcome, minutes FROM touch").fetchall()
    conn.close()
    store = Store(db)
    for name in ("UTC", "Asia/Kolkata", "America/St_Johns", "Asia/Kathmandu", "America/New_York"):
        tz = ZoneInfo(name)
        spans = ((date(2026, 11, 2), date(2026, 11, 15)), (date(2026, 11, 20), date(2026, 11, 20)),
                 (date(2026, 11, 1), date(2026, 11, 2)), (date(2026, 10, 25), date(2026, 11, 20)))  # fmt: skip
        for first, last in spans:
            w = Window.of(first, last, tz)
            for channel in (None, "call"):
                rows = [
                    t
                    for t in touches
                    if first <= datetime.fromisoformat(t[0]).replace(tzinfo=UTC).astimezone(tz).date() <= last
                    and (channel is None or t[1] == channel)
                ]
                expected = {
                    "touches": len(rows),
                    "hits": sum(t[2] in HITS for t in rows),
                    "booked": sum(t[2] == "meeting_booked" for t in rows),
                    "minutes": sum(t[3] or 0 for t in rows),
                    "timed_touches": sum(t[3] is not None for t in rows),
                }
                got = touch_counts(store, w, channel)
                assert {k: getattr(got, k) for k in expected} == expected, (name, first, channel)
                if channel is None:
                    by_outcome: dict[tuple[str, str], int] = {}
                    for t in rows:
                        by_outcome[(t[1], t[2])] = by_outcome.get((t[1], t[2]), 0) + 1
                    assert outcome_counts(store, w) == by_outcome, (name, first)
        w = Window.of(date(2026, 11, 2), date(2026, 11, 15), tz)
        by_day = [0] * 7
        grid = [[0] * 24 for _ in range(7)]
        for t in touches:
            local = datetime.fromisoformat(t[0]).replace(tzinfo=UTC).astimezone(tz)
            if date(2026, 11, 2) <= local.date() <= date(2026, 11, 15):
                by_day[local.weekday()] += 1
                grid[local.weekday()][local.hour] += 1
        table, _ = weekday_table(store, tz, w)
        assert [d.touches for d in table] == by_day, name
        assert [[cell[0] for cell in row] for row in heatmap(store, tz, w)] == grid, name
    store.close()


@pytest.mark.sqlite_only
def test_triggers_exist_at_the_head_revision(rd: Runner) -> None:
    """A later migration that rebuilds the touch table must create them again."""
    rd("prospect", "list")
    names = {r[0] for r in rd.rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'touch'")}
    assert {"touch_hour_insert", "touch_hour_delete", "touch_hour_update"} <= names
    assert {"touch_day_insert", "touch_day_delete", "touch_day_update"} <= names
    assert {"prospect_state_insert", "prospect_state_delete", "prospect_state_update"} <= names
    kept = {r[0] for r in rd.rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'meeting'")}
    assert {"meeting_day_insert", "meeting_day_delete", "meeting_day_update"} <= kept


def test_an_older_database_gets_its_totals_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(DATA / "schema_0001.sqlite", path)
    Runner(path)("status")
    kept, counted = totals(path)
    assert kept == counted
    kept, counted = meeting_totals(path)
    assert kept == counted


@pytest.mark.sqlite_only
@pytest.mark.parametrize("n", [3])
def test_a_raw_insert_is_counted_too(rd: Runner, n: int) -> None:
    """The totals do not depend on repdesk's code path: the triggers see every insert."""
    rd("prospect", "add", "Acme Corp")
    conn = sqlite3.connect(rd.db)
    at = datetime(2026, 11, 19, 10, 0)
    conn.executemany(
        "INSERT INTO touch (prospect_id, at, channel, outcome) VALUES (1, ?, 'call', 'busy')",
        [((at + timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M:%S.%f"),) for i in range(n)],
    )
    conn.commit()
    conn.close()
    kept, counted = totals(rd.db)
    assert kept == counted == [("2026-11-19 10", "call", "busy", n, 0, 0), ("2026-11-19", "call", "busy", n, 0, 0)]


def meeting_totals(db: Path) -> tuple[list[tuple], list[tuple]]:
    """meeting_day's rows, and the same counted from meeting by hand."""
    conn = sqlite3.connect(db)
    try:
        kept = conn.execute("SELECT day, status, kind, meetings FROM meeting_day ORDER BY 1, 2, 3").fetchall()
        cells: dict[tuple[str, str, str], int] = {}
        for at, status, kind in conn.execute("SELECT at, status, kind FROM meeting"):
            cells[(at[:10], status, kind)] = cells.get((at[:10], status, kind), 0) + 1
        return kept, [(*k, v) for k, v in sorted(cells.items())]
    finally:
        conn.close()


@pytest.mark.sqlite_only
def test_every_meeting_write_keeps_the_day_totals(rd: Runner) -> None:
    rd("prospect", "add", "Acme Corp")
    rd("meeting", "book", "acme", "--at", "2026-11-18 09:00", "--kind", "first")
    rd("meeting", "book", "acme", "--at", "2026-11-19 23:30", "--kind", "demo")
    rd("meeting", "book", "acme", "--at", "2026-11-24 10:00")
    rd("meeting", "done", "1", "--outcome", "advanced")
    rd("meeting", "noshow", "2")
    rd("meeting", "cancel", "3")
    kept, counted = meeting_totals(rd.db)
    assert kept == counted and len(kept) == 3
    rd("undo")
    rd("undo")
    kept, counted = meeting_totals(rd.db)
    assert kept == counted and ("2026-11-18", "held", "first", 1) in kept
    rd("redo")
    assert meeting_totals(rd.db)[0] == meeting_totals(rd.db)[1]


def test_meeting_counts_match_counting_by_hand(tmp_path: Path) -> None:
    """Whole UTC days from meeting_day, the parts of a day at either end of the window from meeting."""
    from repdesk.io.demo import generate

    db = tmp_path / "demo.db"
    generate(db, weeks=6, seed=9, now=datetime(2026, 11, 20, 15, 0, tzinfo=UTC))
    conn = sqlite3.connect(db)
    meetings = conn.execute("SELECT at, status, kind FROM meeting").fetchall()
    conn.close()
    store = Store(db)
    for name in ("UTC", "Asia/Kolkata", "America/New_York", "Pacific/Chatham"):
        tz = ZoneInfo(name)
        for first, last in ((date(2026, 10, 12), date(2026, 11, 20)), (date(2026, 11, 18), date(2026, 11, 18))):
            rows = [
                m
                for m in meetings
                if first <= datetime.fromisoformat(m[0]).replace(tzinfo=UTC).astimezone(tz).date() <= last
            ]
            got = meeting_counts(store, Window.of(first, last, tz))
            assert (got.held, got.no_show, got.scheduled, got.cancelled, got.meetings) == (
                sum(m[1] == "held" for m in rows),
                sum(m[1] == "no_show" for m in rows),
                sum(m[1] == "scheduled" for m in rows),
                sum(m[1] == "cancelled" for m in rows),
                len(rows),
            ), (name, first)
            assert got.first_held == sum(m[1] == "held" and m[2] == "first" for m in rows), (name, first)
            assert len(rows) > 0
    store.close()
