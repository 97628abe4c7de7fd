"""The golden examples of the metric definitions, and the definitions checked against hand arithmetic."""

from __future__ import annotations

import math

import pytest

from repdesk.domain.plan import ceil6, shrunk, touches_per_deal, wilson
from tests.conftest import Runner


def test_golden_1_touches_per_deal() -> None:
    assert touches_per_deal({"booked": 0.05, "show": 1.0, "proposal": 0.5, "win": 0.4}) == pytest.approx(100)
    assert ceil6(1 / (0.05 * 1.0 * 0.5 * 0.4)) == 100  # floating-point dust never adds a touch


def golden_rates(rd: Runner) -> None:
    for key, value in (
        ("rates.booked", "0.05"),
        ("rates.show", "1.0"),
        ("rates.proposal", "0.5"),
        ("rates.win", "0.4"),
    ):
        rd("config", "set", key, value)


def test_golden_2_daily_goal(rd: Runner) -> None:
    golden_rates(rd)
    rd("targets", "set", "2026-Q3", "--revenue", "300000", "--avg-deal", "25000")
    t = rd("today", "--date", "2026-07-01", "--json").json()
    assert t["touches_per_deal"] == 100
    assert t["daily_goal"] == 19  # 300,000 / 25,000 = 12 deals × 100 = 1,200 touches / 66 weekdays
    assert t["pace_goal"] == 19  # nothing won yet, all 66 working days left
    assert t["attainment"] == 0


def test_golden_3_split(rd: Runner) -> None:
    assert rd("targets", "split", "3000000", "--raise", "10", "--reps", "10", "--json").json()["to_split"] == 300000
    assert rd("targets", "split", "3000000", "--raise", "10", "--reps", "10", "--json").json()["per_rep"] == 30000


def test_golden_4_barometer(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("targets", "set", "2026-11", "--revenue", "100000", "--daily-goal", "40")
    for i in range(23):
        rd("log", "call", "acme", "no_answer", "--at", f"2026-11-20 {8 + i // 4:02d}:{(i % 4) * 10:02d}")
    rd("log", "call", "acme", "no_answer", "--at", "2026-11-19 10:00")  # another day: not today
    t = rd("today", "--json").json()
    assert (t["touches"], t["daily_goal"]) == (23, 40)
    assert t["barometer"] == 0.575
    assert rd("status").out.strip() == "23/40 touches · 58%"  # golden example 4; no pace goal without an average deal


def test_status_without_goal_and_empty_database(rd: Runner) -> None:
    assert rd("status").out.strip() == "0 touches · no goal set"
    t = rd("today", "--json").json()
    assert t["daily_goal"] is None and t["barometer"] is None and t["pace_goal"] is None and t["attainment"] is None
    assert "no daily goal yet" in rd("today").out
    rd("prospect", "add", "Acme")
    rd("log", "call", "acme", "busy")
    assert rd("status").out.strip() == "1 touch · no goal set"  # one touch, not "1 touches"
    assert "1 touch, 0 hits, 0 booked" in rd("today").out
    assert rd("next").out.startswith(f"{rd('today', '--json').json()['date']} · 1 touch · ")
    rd("undo")
    r = rd("review", "--json").json()
    for key in ("hit_rate", "booked_rate", "show_rate", "proposal_rate", "win_rate", "avg_deal", "cycle_days",
                "icp_share", "retention", "best_day", "improve_first"):  # fmt: skip
        assert r[key] is None, key
    assert r["touches"] == 0 and len(r["weekday"]) == 7
    assert {k: r["rates"]["booked"][k] for k in ("own", "n", "used", "default")} == {
        "own": None, "n": 0, "used": 0.05, "default": 0.05,
    }  # fmt: skip
    assert "Review" in rd("review").out


def test_wilson_against_hand_computation() -> None:
    # 30 hits of 100, z = 1.96, computed by hand:
    # centre = (0.3 + 1.96²/200) / (1 + 1.96²/100) = 0.319208 / 1.038416 = 0.307399
    # half = 1.96·sqrt(0.3·0.7/100 + 1.96²/40000) / 1.038416 = 1.96·0.046864 / 1.038416 = 0.088458
    low, high = wilson(30, 100)
    assert low == pytest.approx(0.2189, abs=1e-4) and high == pytest.approx(0.3958, abs=1e-4)
    assert wilson(0, 0) == (None, None)
    assert wilson(0, 10)[0] == 0.0
    assert wilson(10, 10)[1] == 1.0


def test_shrinkage() -> None:
    assert shrunk(0, 0, 0.05) == 0.05
    assert shrunk(10, 100, 0.05) == pytest.approx((10 + 20 * 0.05) / 120)
    assert shrunk(30, 10, 0.6) == 1.0  # more proposals than first meetings: capped at 1


def test_review_figures_on_a_small_history(rd: Runner) -> None:
    """A small history worked out by hand."""
    rd("prospect", "add", "Acme")
    rd("prospect", "add", "Globex")
    # 10 touches in the window: 4 hits of which 2 booked
    outcomes = ["connected", "meeting_booked", "no_answer", "voicemail", "not_interested", "meeting_booked",
                "busy", "no_answer", "no_answer", "gatekeeper"]  # fmt: skip
    for i, o in enumerate(outcomes):
        rd("log", "call", "acme" if i % 2 else "globex", o, "--at", f"2026-11-{2 + i:02d} 10:00")
    rd("log", "call", "acme", "connected", "--at", "2026-01-05 10:00")  # outside a 30-day window
    m1 = rd("meeting", "book", "acme", "--at", "2026-11-05 10:00", "--json").json()["id"]
    m2 = rd("meeting", "book", "globex", "--at", "2026-11-09 10:00", "--json").json()["id"]
    m3 = rd("meeting", "book", "globex", "--at", "2026-11-10 10:00", "--kind", "demo", "--json").json()["id"]
    m4 = rd("meeting", "book", "globex", "--at", "2026-11-11 10:00", "--json").json()["id"]
    rd("meeting", "done", str(m1), "--outcome", "advanced")
    rd("meeting", "done", str(m2), "--outcome", "advanced")
    rd("meeting", "noshow", str(m3))
    rd("meeting", "cancel", str(m4))
    d1 = rd("deal", "open", "acme", "--value", "10000", "--at", "2026-11-05 12:00", "--json").json()["id"]
    rd("deal", "proposal", str(d1), "--at", "2026-11-08")
    rd("deal", "won", str(d1), "--at", "2026-11-15")
    d2 = rd("deal", "open", "globex", "--value", "4000", "--at", "2026-11-09 12:00", "--json").json()["id"]
    rd("deal", "proposal", str(d2), "--at", "2026-11-10")
    rd("deal", "lost", str(d2), "--reason", "price", "--at", "2026-11-12")
    r = rd("review", "--as-of", "2026-11-20", "--days", "30", "--json").json()
    assert (r["touches"], r["hits"], r["booked"]) == (10, 4, 2)
    assert r["hit_rate"] == 0.4 and r["booked_rate"] == 0.2
    assert (r["meetings_held"], r["show_rate"]) == (2, round(2 / 3, 6))
    assert (r["first_meetings_held"], r["proposals"], r["proposal_rate"]) == (2, 2, 1.0)
    assert (r["won"], r["lost"], r["win_rate"], r["won_revenue"]) == (1, 1, 0.5, 10000)
    assert r["avg_deal"] == 10000
    # the won deal with Acme starts at Acme's first touch (2026-01-05, no previous close), won 2026-11-15
    assert r["cycle_days"] == 314
    assert r["lost_reasons"] == {"price": 1}
    assert r["return_on_effort"]["per_touch"] == 1000
    booked = r["rates"]["booked"]
    assert {k: booked[k] for k in ("own", "n", "used", "default")} == {
        "own": 0.2, "n": 10, "used": round((2 + 20 * 0.05) / 30, 6), "default": 0.05,
    }  # fmt: skip
    assert r["rates"]["win"]["n"] == 2
    expected_tpd = 1 / (((2 + 1) / 30) * ((2 + 18) / 23) * min(1, (2 + 12) / 22) * ((1 + 7) / 22))
    assert r["touches_per_deal"] == pytest.approx(expected_tpd, rel=1e-5)
    assert r["improve_first"] is None  # no step has 20 trials


def test_cycle_days_from_first_touch_after_previous_close(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("log", "call", "acme", "connected", "--at", "2026-01-10")
    d1 = rd("deal", "open", "acme", "--value", "100", "--at", "2026-02-01", "--json").json()["id"]
    rd("deal", "won", str(d1), "--at", "2026-03-01")  # starts at first touch 01-10 → 50 days
    rd("log", "call", "acme", "connected", "--at", "2026-05-01")  # first touch after the previous close
    d2 = rd("deal", "open", "acme", "--value", "100", "--at", "2026-05-20", "--json").json()["id"]
    rd("deal", "won", str(d2), "--at", "2026-06-09")  # starts 05-01 → 39 days
    d3 = rd("deal", "open", "acme", "--value", "100", "--at", "2026-06-20", "--json").json()["id"]
    rd("deal", "won", str(d3), "--at", "2026-06-30")  # no touch after 06-09: starts when opened → 10 days
    r = rd("review", "--as-of", "2026-07-01", "--days", "365", "--json").json()
    assert r["cycle_days"] == 39  # median of 50, 39, 10
    assert math.isclose(r["avg_deal"], 100)


def test_improve_first_and_retention(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("targets", "set", "2026-11", "--revenue", "100000", "--avg-deal", "10000")
    for i in range(40):  # 40 touches, 1 booked: own 0.025 < 0.05 default → ratio 0.5
        rd(
            "log",
            "call",
            "acme",
            "meeting_booked" if i == 0 else "no_answer",
            "--at",
            f"2026-11-{1 + i % 19:02d} 09:{i:02d}",
        )
    r = rd("review", "--as-of", "2026-11-20", "--json").json()
    assert r["improve_first"] == "booked"
    t = rd("today", "--json").json()
    assert t["improve_first"] == "booked"
    used = dict(booked=(1 + 1) / 60, show=0.9, proposal=0.6, win=0.35)
    better = dict(used, booked=0.05)
    wd = 21  # weekdays in November 2026
    assert t["daily_goal"] == math.ceil(round(10 / (used["booked"] * 0.9 * 0.6 * 0.35) / wd, 6))
    assert t["daily_goal_if_improved"] == math.ceil(round(10 / (better["booked"] * 0.9 * 0.6 * 0.35) / wd, 6))
    # retention: a customer won before the window, churned inside it
    d = rd("deal", "open", "acme", "--value", "500", "--at", "2026-01-05", "--json").json()["id"]
    rd("deal", "won", str(d), "--at", "2026-01-20")
    assert rd("review", "--as-of", "2026-11-20", "--json").json()["retention"] == 1.0
    rd("prospect", "edit", "acme", "--churned-at", "2026-11-01")
    assert rd("review", "--as-of", "2026-11-20", "--json").json()["retention"] == 0.0


@pytest.mark.sqlite_only  # the test plants rows in the local file itself
def test_retention_matches_counting_by_hand(rd: Runner) -> None:
    """Customers at a window's start and end, and those kept, counted as sets of prospects by hand: a won
    deal or a churn on the very instant a window starts or ends included."""
    import random
    import sqlite3
    from datetime import date, timedelta
    from zoneinfo import ZoneInfo

    from repdesk.db.connect import Store
    from repdesk.domain.dates import Window
    from repdesk.figures.outcomes import retention

    rng = random.Random(3)
    instants = [f"2026-{m:02d}-{d:02d} {h:02d}:00:00.000000" for m in (9, 10, 11) for d in (1, 15) for h in (0, 5)]
    conn = sqlite3.connect(rd.db)
    deals: list[tuple[int, str, str]] = []
    churn: dict[int, str | None] = {}
    for pid in range(1, 41):
        churn[pid] = rng.choice([None, None, *instants])
        conn.execute(
            "INSERT INTO prospect (id, company, seniority, created_at, archived, churned_at) VALUES (?, ?, 'unknown',"
            " '2026-01-01 00:00:00.000000', 0, ?)",
            (pid, f"Co {pid}", churn[pid]),
        )
        for _ in range(rng.randint(0, 3)):
            status, closed = rng.choice(["won", "won", "lost", "open"]), rng.choice(instants)
            deals.append((pid, status, closed))
            conn.execute(
                "INSERT INTO deal (prospect_id, value_cents, opened_at, closed_at, status) VALUES (?, 100, ?, ?, ?)",
                (pid, "2026-01-01 00:00:00.000000", closed, status),
            )
    conn.commit()
    conn.close()

    def customers(t: str) -> set[int]:
        first: dict[int, str] = {}
        for pid, status, closed in deals:
            if status == "won" and closed < t:
                first[pid] = min(first.get(pid, closed), closed)
        return {pid for pid in first if churn[pid] is None or churn[pid] >= t}  # type: ignore[operator]

    store = Store(rd.db)
    for zone in ("UTC", "Asia/Kolkata"):
        for first_day in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 15), date(2026, 10, 1)):
            for days in (1, 14, 30, 61, 90):
                w = Window.of(first_day, first_day + timedelta(days=days - 1), ZoneInfo(zone))
                start, end = customers(w.lo), customers(w.hi)
                r = retention(store, w)
                assert (r.at_start, r.at_end, r.kept) == (len(start), len(end), len(start & end)), (zone, w)
    store.close()


def test_icp_share_and_insight(rd: Runner) -> None:
    rd("icp", "add", "Industry", "--field", "industry", "--in", "software")
    rd("prospect", "add", "A", "--industry", "software", "--employees", "30", "--source", "referral")
    rd("prospect", "add", "B", "--industry", "retail", "--employees", "5000")
    rd("prospect", "add", "C", "--industry", "Software")
    r = rd("review", "--json").json()
    assert r["new_prospects"] == 3 and r["icp_share"] == round(2 / 3, 6)
    for name, outcome in (("A", "won"), ("B", "lost"), ("C", "won")):
        d = rd("deal", "open", name, "--value", "1000", "--at", "2026-11-01", "--json").json()["id"]
        rd("deal", outcome, str(d), *(["--reason", "price"] if outcome == "lost" else []), "--at", "2026-11-10")
    insight = rd("review", "--json").json()["icp_insight"]
    industries = {x["value"]: x for x in insight["industry"]}
    assert industries["software"]["win_rate"] == 1.0 and industries["retail"]["win_rate"] == 0.0
    assert industries["software"]["avg_won"] == 1000 or industries["Software"]["avg_won"] == 1000
    bands = {x["value"]: x for x in insight["employees"]}
    assert bands["11–50"]["won"] == 1 and bands["1001+"]["lost"] == 1 and bands["unknown"]["won"] == 1
