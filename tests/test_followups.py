"""Follow-ups and the day's queue: golden cases with dates computed here, independently.

The clock is fixed at Friday 2026-11-20 15:00 UTC (tests/conftest.py); the zone is UTC.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import Runner

TODAY = date(2026, 11, 20)  # a Friday


def nth_working_day(start: date, n: int, *, weekdays: set[int] | None = None, off: set[date] | None = None) -> date:
    """The n-th working day after ``start``: walking the calendar one day at a time."""
    weekdays = {0, 1, 2, 3, 4} if weekdays is None else weekdays
    off = off or set()
    d, left = start, n
    while left:
        d += timedelta(days=1)
        if d.weekday() in weekdays and d not in off:
            left -= 1
    return d


def followups(rd: Runner, *extra: str) -> list[dict[str, Any]]:
    return rd("followup", "list", "--all", "--json", *extra).json()  # type: ignore[no-any-return]


def open_auto(rd: Runner) -> list[tuple[Any, ...]]:
    return rd.rows("SELECT prospect_id, due, channel FROM followup WHERE status = 'open' AND auto ORDER BY id")


# -- each outcome's next step -------------------------------------------------------------------


RETRY = ("no_answer", "busy", "voicemail", "gatekeeper")


@pytest.mark.parametrize(
    "channel, outcome, kind",
    [*(("call", o, "retry") for o in RETRY), ("email", "sent", "retry"), ("call", "connected", "nurture"),
     ("email", "replied", "nurture"), ("call", "not_interested", "recycle"), ("call", "meeting_booked", None),
     ("call", "wrong_number", None), ("email", "bounced", None)],
)  # fmt: skip
def test_each_outcome_schedules_its_next_step_across_a_weekend(
    rd: Runner, channel: str, outcome: str, kind: str | None
) -> None:
    rd("prospect", "add", "Acme")
    thursday = date(2026, 11, 19)
    rd("log", channel, "acme", outcome, "--at", "2026-11-19 10:00")
    expected = {
        "retry": nth_working_day(thursday, 2),  # Fri, (weekend), Mon 23
        "nurture": nth_working_day(thursday, 5),  # Fri, Mon, Tue, Wed, Thu 26
        "recycle": thursday + timedelta(days=90),  # calendar days
        None: None,
    }[kind]
    assert expected in (None, date(2026, 11, 23), date(2026, 11, 26), date(2027, 2, 17))
    got = open_auto(rd)
    if expected is None:
        assert got == []
    else:
        assert got == [(1, expected.isoformat(), channel)]


def test_a_target_non_working_day_is_skipped_and_the_shortest_target_rules(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("prospect", "add", "Globex")
    # the quarter works Monday to Saturday; November (shorter) Monday to Friday, with the 23rd off
    rd("targets", "set", "2026-Q4", "--revenue", "100000", "--workdays", "mon-sat")
    rd("targets", "set", "2026-11", "--revenue", "30000", "--off", "2026-11-23")
    rd("log", "call", "acme", "voicemail", "--at", "2026-11-19 10:00")
    nov = nth_working_day(date(2026, 11, 19), 2, off={date(2026, 11, 23)})
    assert nov == date(2026, 11, 24)
    # Friday 27 Nov → 2 working days: Mon 30 Nov (Nov rule), then Tue 1 Dec (December: only the quarter)
    rd("log", "call", "globex", "voicemail", "--at", "2026-11-20 10:00")
    d1 = nth_working_day(date(2026, 11, 20), 2, off={date(2026, 11, 23)})
    assert open_auto(rd) == [(1, nov.isoformat(), "call"), (2, d1.isoformat(), "call")]
    # a touch on Friday 4 December: Saturday 5 is a working day of the quarter
    from repdesk.domain.dates import Workdays

    cal = Workdays([("2026-10-01", "2026-12-31", "mon,tue,wed,thu,fri,sat", ""),
                    ("2026-11-01", "2026-11-30", "mon,tue,wed,thu,fri", "2026-11-23")])  # fmt: skip
    assert cal.add(date(2026, 12, 4), 1) == nth_working_day(date(2026, 12, 4), 1, weekdays={0, 1, 2, 3, 4, 5})
    assert cal.add(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Saturday 28 Nov is not (November rules)
    assert cal.add(date(2027, 1, 1), 1) == date(2027, 1, 4)  # no target: Monday to Friday


def test_next_and_no_next(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("log", "call", "acme", "voicemail", "--next", "+3wd", "--at", "2026-11-19 10:00")
    assert open_auto(rd) == [(1, nth_working_day(TODAY, 3).isoformat(), "call")]
    rd("log", "call", "acme", "voicemail", "--no-next")
    assert open_auto(rd) == []
    assert rd.rows("SELECT status FROM followup") == [("done",)]
    rd("log", "email", "acme", "sent", "--next", "tue 9:30")
    assert rd.rows("SELECT due, time, origin FROM followup WHERE status = 'open'") == [
        ((TODAY + timedelta(days=4)).isoformat(), "09:30", "next")
    ]


def test_a_backdated_touch_leaves_the_automatic_follow_up_alone(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("log", "call", "acme", "connected", "--at", "2026-11-20 10:00")
    before = open_auto(rd)
    assert before == [(1, nth_working_day(TODAY, 5).isoformat(), "call")]
    rd("log", "call", "acme", "voicemail", "--at", "2026-11-18 10:00")
    assert open_auto(rd) == before


# -- the attempt cap ----------------------------------------------------------------------------


def test_the_attempt_cap_exhausts_the_sequence_until_a_hit(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("config", "set", "cadence.max_attempts", "3")
    rd("log", "call", "acme", "connected", "--at", "2026-11-16 09:00")
    for i, day in enumerate(("2026-11-17", "2026-11-18")):
        rd("log", "call", "acme", "no_answer", "--at", f"{day} 09:00")
        assert len(open_auto(rd)) == 1, i
    # the third touch in a row without a hit: no follow-up, the sequence is exhausted
    rd("log", "call", "acme", "busy", "--at", "2026-11-19 09:00")
    assert open_auto(rd) == []
    shown = rd("prospect", "show", "acme", "--json").json()
    assert shown["sequence"] == {"attempts": 3, "max_attempts": 3, "exhausted": True}
    assert "exhausted" in rd("prospect", "show", "acme").out
    # a hit resets it
    rd("log", "call", "acme", "connected", "--at", "2026-11-20 09:00")
    assert open_auto(rd) == [(1, nth_working_day(TODAY, 5).isoformat(), "call")]
    assert rd("prospect", "show", "acme", "--json").json()["sequence"]["exhausted"] is False


# -- what a touch closes ------------------------------------------------------------------------


def test_a_touch_closes_due_manual_follow_ups_but_not_later_ones(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("followup", "add", "acme", "today", "--note", "ask for the CFO")
    rd("followup", "add", "acme", "mon")
    rd("log", "call", "acme", "connected", "--at", "2026-11-20 14:00")
    rows = {f["id"]: f for f in followups(rd)}
    assert rows[1]["status"] == "done" and rows[1]["done_at"] == "2026-11-20T14:00:00+00:00"
    assert rows[2]["status"] == "open" and rows[2]["due"] == "2026-11-23"
    assert rows[3]["auto"] is True and rows[3]["status"] == "open"


def test_a_backdated_touch_still_closes_manual_ones_due_by_its_day(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("followup", "add", "acme", "today")
    rd("log", "call", "acme", "connected", "--at", "2026-11-20 14:00")
    rd("log", "call", "acme", "voicemail", "--at", "2026-11-19 14:00")  # before the due day: closes nothing
    assert [f["status"] for f in followups(rd)] == ["done", "open"]


# -- meetings -----------------------------------------------------------------------------------


def test_log_books_the_meeting_and_leaves_no_follow_up(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("log", "call", "acme", "voicemail", "--at", "2026-11-19 10:00")
    assert len(open_auto(rd)) == 1
    out = rd("log", "call", "acme", "meeting_booked", "--meeting", "tue 10:00", "--kind", "demo").out
    assert "· booked meeting 1 2026-11-24 10:00" in out
    assert rd.rows("SELECT prospect_id, at, kind, status FROM meeting") == [
        (1, "2026-11-24 10:00:00.000000", "demo", "scheduled")
    ]
    assert open_auto(rd) == []
    # one action: undo takes the touch, the meeting and the follow-up changes together
    rd("undo")
    assert rd.rows("SELECT COUNT(*) FROM meeting") == [(0,)]
    assert len(open_auto(rd)) == 1


def test_no_automatic_follow_up_while_a_meeting_is_scheduled(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("meeting", "book", "acme", "--at", "wed 10:00")
    rd("log", "email", "acme", "sent")
    assert open_auto(rd) == []


@pytest.mark.parametrize(
    "command, expected",
    [
        (("done", "--outcome", "advanced"), ("email", 1)),
        (("done", "--outcome", "no_decision"), ("email", 1)),
        (("done", "--outcome", "disqualified"), None),
        (("noshow",), ("call", 1)),
        (("cancel",), ("call", 1)),
    ],
)
def test_meeting_outcomes(rd: Runner, command: tuple[str, ...], expected: tuple[str, int] | None) -> None:
    rd("prospect", "add", "Acme")
    rd("log", "call", "acme", "voicemail", "--at", "2026-11-18 10:00")
    rd("meeting", "book", "acme", "--at", "2026-11-20 10:00")  # closes the touch's follow-up
    assert open_auto(rd) == []
    rd("meeting", command[0], "1", *command[1:])
    if expected is None:
        assert open_auto(rd) == []
    else:
        assert open_auto(rd) == [(1, nth_working_day(TODAY, expected[1]).isoformat(), expected[0])]


def test_meeting_done_with_next(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("meeting", "book", "acme", "--at", "2026-11-19 10:00")
    rd("meeting", "done", "1", "--outcome", "advanced", "--next", "+1w")
    assert open_auto(rd) == [(1, (TODAY + timedelta(weeks=1)).isoformat(), "email")]


# -- undo ---------------------------------------------------------------------------------------


def test_undo_of_a_touch_restores_the_follow_ups_it_changed(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("log", "call", "acme", "voicemail", "--at", "2026-11-18 10:00")
    rd("followup", "add", "acme", "today")
    before = rd.rows("SELECT * FROM followup ORDER BY id")
    rd("log", "call", "acme", "connected")
    after = rd.rows("SELECT id, status FROM followup ORDER BY id")
    assert after == [(1, "done"), (2, "done"), (3, "open")]
    rd("undo")
    assert rd.rows("SELECT * FROM followup ORDER BY id") == before


def test_touch_outcome_change_reschedules_its_follow_up(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("log", "email", "acme", "sent", "--at", "2026-11-19 10:00")
    assert open_auto(rd) == [(1, nth_working_day(date(2026, 11, 19), 2).isoformat(), "email")]
    rd("touch", "1", "--outcome", "replied")
    assert open_auto(rd) == [(1, nth_working_day(date(2026, 11, 19), 5).isoformat(), "email")]
    rd("touch", "1", "--outcome", "bounced")
    assert open_auto(rd) == []


def test_touch_deleted_reverses_what_it_did(rd: Runner) -> None:
    from repdesk.db.connect import Store
    from repdesk.writes.followups import touch_deleted

    rd("prospect", "add", "Acme")
    rd("log", "call", "acme", "voicemail", "--at", "2026-11-18 10:00")
    rd("followup", "add", "acme", "today")
    before = rd.rows("SELECT * FROM followup ORDER BY id")
    rd("log", "call", "acme", "connected")
    with Store(rd.db) as st, st.write("delete touch 2") as c:
        touch_deleted(c, st, 2)
        c.delete("touch", {"id": 2})
    assert rd.rows("SELECT * FROM followup ORDER BY id") == before


# -- manual follow-ups and bad input ------------------------------------------------------------


def test_manual_follow_up_lifecycle(rd: Runner) -> None:
    rd("prospect", "add", "Acme", "--email", "a@acme.test")
    f = rd("followup", "add", "acme", "fri", "14:30", "--note", "send pricing", "--json").json()
    assert {k: f[k] for k in ("id", "prospect_id", "due", "time", "channel", "note", "status", "auto", "done_at")} == {
        "id": 1, "prospect_id": 1, "due": "2026-11-20", "time": "14:30", "channel": "email",
        "note": "send pricing", "status": "open", "auto": False, "done_at": None,
    }  # fmt: skip
    assert f["created_at"] == "2026-11-20T15:00:00+00:00"
    s = rd("followup", "snooze", "1", "next mon", "--json").json()
    assert s["due"] == "2026-11-30" and s["time"] is None
    assert rd("followup", "list", "--date", "2026-11-30", "--json").json()[0]["id"] == 1
    assert rd("followup", "list", "--json").json() == []
    d = rd("followup", "done", "1", "--json").json()
    assert d["status"] == "done" and d["done_at"] == "2026-11-20T15:00:00+00:00"
    rd("followup", "add", "acme", "tomorrow")
    assert rd("followup", "cancel", "2", "--json").json()["status"] == "cancelled"


@pytest.mark.parametrize(
    "args",
    [
        ("followup", "done", "99"),
        ("followup", "snooze", "99", "tomorrow"),
        ("followup", "add", "acme", "1969-12-31"),
        ("followup", "add", "acme", "2101-01-01"),
        ("followup", "add", "acme", "yesterday"),
        ("followup", "add", "acme", "in 40000 days"),
        ("followup", "snooze", "1", "yesterday"),
        ("followup", "add", "acme", "someday"),
        ("followup", "add", "acme", "tomorrow", "--channel", "pigeon"),
        ("followup", "add", "archived", "tomorrow"),
        ("log", "call", "acme", "voicemail", "--next", "tomorrow", "--no-next"),
        ("log", "call", "acme", "voicemail", "--at", "2026-11-19 10:00", "--next", "2026-11-18"),
        ("log", "call", "acme", "voicemail", "--meeting", "tomorrow"),
        ("log", "call", "acme", "meeting_booked", "--meeting", "2101-01-01"),
        ("next", "--limit", "0"),
        ("next", "--date", "1969-01-01"),
        ("followup", "list", "--date", "2100-13-01"),
    ],
)
def test_bad_input_writes_nothing(rd: Runner, args: tuple[str, ...]) -> None:
    rd("prospect", "add", "Acme")
    rd("prospect", "add", "Archived Co")
    rd("prospect", "edit", "archived", "--archived", "yes")
    rd("followup", "add", "acme", "tomorrow")
    before = rd.dump()
    rd.fails(*args)
    assert rd.dump() == before


def test_done_twice_is_refused(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("followup", "add", "acme", "today")
    rd("followup", "done", "1")
    res = rd.fails("followup", "done", "1")
    assert "already done" in res.err
    assert rd.rows("SELECT COUNT(*) FROM followup") == [(1,)]


def test_status_counts_overdue_follow_ups(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("config", "set", "daily_goal", "10")
    rd("followup", "add", "acme", "today")
    assert "overdue" not in rd("status").out
    out = rd("status", "--date", "2026-11-23").out.strip()
    assert out == "0/10 touches · 0% · 1 overdue"


# -- the queue ----------------------------------------------------------------------------------


@pytest.fixture
def queue_db(rd: Runner) -> Runner:
    """Prospects in every section of the queue, and some that must not be suggested."""
    rd("icp", "add", "Software", "--field", "industry", "--in", "software")
    rd("config", "set", "cadence.max_attempts", "2")
    add = {
        "Beta": ["--industry", "retail", "--phone", "555-2"],
        "Alpha": ["--industry", "software", "--phone", "555-1"],
        "Gamma": ["--industry", "software"],
        "Delta": ["--industry", "retail", "--email", "d@delta.test"],
        "Eps": ["--industry", "retail"],
        "Zeta": [],
        "Eta": [],
        "Theta": ["--industry", "software", "--email", "t@theta.test"],
        "Iota": ["--industry", "retail"],
        "Kappa": ["--industry", "software"],
        "Lambda": ["--industry", "software"],
        "Mu": ["--industry", "software"],
        "Nu": ["--industry", "software"],
        "Xi": ["--industry", "software"],
        "Pi": ["--industry", "software"],
        "Rho": ["--industry", "software"],
    }
    for name, opts in add.items():
        rd("prospect", "add", name, *opts)
    rd("log", "call", "beta", "voicemail", "--at", "2026-11-17 10:00", "--next", "2026-11-18")
    rd("log", "call", "alpha", "voicemail", "--at", "2026-11-17 11:00", "--next", "2026-11-18")
    rd("log", "call", "gamma", "busy", "--at", "2026-11-16 11:00", "--next", "2026-11-17")
    rd("followup", "add", "delta", "today", "09:00", "--channel", "email", "--note", "send the deck")
    rd("followup", "add", "eps", "today")
    rd("meeting", "book", "zeta", "--at", "today 16:00")
    rd("meeting", "book", "eta", "--at", "2026-11-18 10:00")
    rd("log", "call", "iota", "connected", "--at", "2026-11-10 10:00", "--no-next")
    rd("log", "call", "kappa", "connected", "--at", "2026-11-02 10:00", "--no-next")
    rd("log", "call", "lambda", "not_interested", "--at", "2026-11-12 10:00", "--no-next")
    rd("prospect", "edit", "mu", "--archived", "yes")
    for who, day in (("nu", "2026-11-01"), ("xi", "2026-07-01")):
        rd("log", "visit", who, "connected", "--at", f"{day} 10:00", "--no-next")
        deal = rd("deal", "open", who, "--value", "1000", "--at", "2026-06-01", "--json").json()
        rd("deal", "won", str(deal["id"]), "--at", "2026-06-15")
    rd("log", "call", "pi", "no_answer", "--at", "2026-11-05 10:00", "--no-next")
    rd("log", "call", "pi", "no_answer", "--at", "2026-11-06 10:00", "--no-next")
    rd("meeting", "book", "rho", "--at", "2026-11-10 10:00")
    rd("meeting", "done", "3", "--outcome", "disqualified")
    return rd


def test_the_queue_sections_order_and_suggestion_count(queue_db: Runner) -> None:
    rd = queue_db
    # without a daily goal: no suggestions
    q = rd("next", "--json").json()
    assert q["daily_goal"] is None
    assert [(i["section"], i["company"]) for i in q["items"]] == [
        ("meeting", "Zeta"), ("outcome", "Eta"),
        ("overdue", "Gamma"), ("overdue", "Alpha"), ("overdue", "Beta"),  # oldest due; then ICP A before C
        ("due", "Delta"), ("due", "Eps"),  # timed first
    ]  # fmt: skip
    # goal 8, no touch today, five follow-ups due: three suggestions close the gap
    rd("config", "set", "daily_goal", "8")
    q = rd("next", "--json").json()
    assert (q["daily_goal"], q["done_today"]) == (8, 0)
    suggested = [i for i in q["items"] if i["section"] == "suggested"]
    # ICP A first; never touched, then the longest since the last touch (a customer due a stay-in-touch)
    assert [i["company"] for i in suggested] == ["Theta", "Xi", "Kappa"]
    assert [i["channel"] for i in suggested] == ["email", "visit", "call"]
    alpha = next(i for i in q["items"] if i["company"] == "Alpha")
    assert alpha == {
        "section": "overdue", "prospect_id": 2, "company": "Alpha", "contact": None, "reach": "555-1",
        "channel": "call", "due": "2026-11-18", "time": None, "followup_id": 2, "meeting_id": None,
        "icp_grade": "A", "attempts": 1, "reason": "voicemail Tue · 2d late · attempt 2 · ICP A",
    }  # fmt: skip
    delta = next(i for i in q["items"] if i["company"] == "Delta")
    assert (delta["channel"], delta["time"], delta["reach"], delta["reason"]) == (
        "email",
        "09:00",
        "d@delta.test",
        "send the deck · ICP C",
    )
    assert q["items"][0]["meeting_id"] == 1 and q["items"][1]["meeting_id"] == 2
    # two touches today: one suggestion fewer each
    rd("log", "call", "gamma", "connected")
    rd("log", "call", "iota", "connected")
    q = rd("next", "--json").json()
    assert q["done_today"] == 2
    # Gamma's overdue follow-up is closed and Iota now has one: four follow-up rows, 8 - 2 - 4 = 2
    assert [i["company"] for i in q["items"] if i["section"] == "suggested"] == ["Theta", "Xi"]
    # --limit caps the whole list
    assert len(rd("next", "--limit", "3", "--json").json()["items"]) == 3
    text = rd("next").out
    assert "Overdue" in text and "Suggested" in text and "voicemail Tue" in text


def test_the_queue_of_another_day(queue_db: Runner) -> None:
    q = queue_db("next", "--date", "2026-11-18", "--json").json()
    assert [(i["section"], i["company"]) for i in q["items"]] == [
        ("meeting", "Eta"),
        ("overdue", "Gamma"),
        ("due", "Alpha"),
        ("due", "Beta"),
    ]


# -- figures: follow-up discipline and the best hour --------------------------------------------


def test_follow_up_discipline_in_review_and_the_weekly_export(rd: Runner) -> None:
    for name in ("Acme", "Globex", "Initech", "Umbrella", "Hooli"):
        rd("prospect", "add", name)
    # Acme: due Wed 18, answered Thu 19 — late
    rd("log", "call", "acme", "voicemail", "--at", "2026-11-16 10:00", "--next", "2026-11-18")
    rd("log", "call", "acme", "connected", "--at", "2026-11-19 10:00")
    # Globex: due Thu 19, answered that morning — on time
    rd("log", "call", "globex", "busy", "--at", "2026-11-17 10:00", "--next", "2026-11-19")
    rd("log", "call", "globex", "connected", "--at", "2026-11-19 09:00")
    # Initech: due Thu 19, cancelled — counts nowhere
    rd("log", "call", "initech", "voicemail", "--at", "2026-11-17 11:00", "--next", "2026-11-19")
    initech = [f for f in followups(rd) if f["prospect_id"] == 3][0]
    rd("followup", "cancel", str(initech["id"]))
    # Umbrella: due Thu 19, still open — due, not on time, and overdue on Friday
    rd("log", "call", "umbrella", "voicemail", "--at", "2026-11-18 10:00", "--next", "2026-11-19")
    # Hooli: due today, done today — on time
    hooli = rd("followup", "add", "hooli", "today", "--json").json()
    rd("followup", "done", str(hooli["id"]))
    due, on_time, overdue = 4, 2, 1  # Acme, Globex, Umbrella, Hooli; Globex and Hooli; Umbrella
    r = rd("review", "--as-of", "2026-11-20", "--days", "7", "--json").json()
    assert (r["followups_due"], r["followups_on_time"], r["overdue"]) == (due, on_time, overdue)
    assert r["followup_discipline"] == on_time / due
    week = rd("export", "week", "--week", "2026-W47", "--format", "json").json()
    assert (week["followup_discipline"], week["overdue"]) == (on_time / due, overdue)
    assert "2 of 4 done on time (50%) · 1 overdue" in rd("export", "week", "--week", "2026-W47").out
    csv = rd("export", "week", "--week", "2026-W47", "--format", "csv").out
    assert "followup_discipline,Follow-ups done on time,0.5," in csv and "overdue,Follow-ups overdue" in csv
    assert "Follow-ups on time" in rd("export", "week", "--week", "2026-W47", "--format", "html").out
    # nothing due: null, never 0
    assert rd("review", "--as-of", "2026-10-01", "--days", "7", "--json").json()["followup_discipline"] is None


def test_hit_rate_by_hour_and_the_best_hour(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    # (hour, touches, hits): hour 10 and 14 tie at 50% with 20 touches — the earlier wins;
    # hour 11 hits every time but has only 19 touches
    plan = [(9, 20, 5), (10, 20, 10), (11, 19, 19), (14, 20, 10)]
    for hour, n, hits in plan:
        for i in range(n):
            outcome = "connected" if i < hits else "no_answer"
            day = 16 + i % 5
            rd("log", "call", "acme", outcome, "--at", f"2026-11-{day} {hour:02d}:{i:02d}", "--no-next")
    r = rd("review", "--as-of", "2026-11-20", "--days", "7", "--json").json()
    assert [h["hour"] for h in r["hour"]] == list(range(24))
    by_hour = {h["hour"]: (h["touches"], h["hits"], h["hit_rate"]) for h in r["hour"]}
    for hour, n, hits in plan:
        assert by_hour[hour] == (n, hits, round(hits / n, 6))
    assert by_hour[8] == (0, 0, None)
    assert r["best_hour"] == 10


def test_the_log_line_names_the_meeting_it_booked_and_else_the_next_one(rd: Runner) -> None:
    """With a later meeting already booked, the touch that books an earlier one names the one it
    booked; a touch that books none names the prospect's next meeting, as the next one."""
    rd("prospect", "add", "Acme")
    rd("meeting", "book", "acme", "--at", "2026-12-04 11:00")
    out = rd("log", "call", "acme", "meeting_booked", "--meeting", "2026-11-24 10:00").out
    assert "· booked meeting 2 2026-11-24 10:00" in out and "2026-12-04" not in out
    out = rd("log", "call", "acme", "connected", "--at", "2026-11-20 10:00").out
    assert "· next meeting 2 2026-11-24 10:00" in out and "booked" not in out
