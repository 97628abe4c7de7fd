"""The prospect list, the prospect view and the demo's dense history: what they say, checked by hand."""

from __future__ import annotations

import itertools
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from repdesk.domain.icp import Grading, compile_rules, evaluate, fit_grade, fit_of
from repdesk.io.demo import generate
from tests.conftest import Runner


def seed_pipeline(rd: Runner) -> None:
    """Three prospects at different stages; every date chosen so the expected figures are plain."""
    rd("prospect", "add", "Acme Corp", "--contact", "Jane Doe", "--industry", "Software", "--employees", "200",
       "--seniority", "vp", "--region", "EMEA")  # fmt: skip
    rd("prospect", "add", "Globex", "--contact", "Hank Scorpio", "--industry", "retail", "--employees", "9000")
    rd("prospect", "add", "Initech", "--contact", "Bill Lumbergh")
    rd("icp", "add", "Industry", "--field", "industry", "--in", "software,fintech")
    rd("icp", "add", "Company size", "--field", "employees", "--min", "51", "--max", "1000")
    rd("icp", "add", "Decision maker", "--min-seniority", "director")
    rd("icp", "add", "Budget", "--manual")
    rd("icp", "check", "acme", "--answer", "budget=yes")
    for at in ("2026-11-02 10:00", "2026-11-18 09:30", "2026-11-10 16:00"):
        rd("log", "call", "acme", "no_answer", "--at", at)
    rd("log", "call", "globex", "connected", "--at", "2026-11-19 11:15")
    rd("meeting", "book", "acme", "--at", "2026-11-25 10:00")
    rd("meeting", "book", "acme", "--at", "2026-11-23 14:00")
    rd("meeting", "book", "globex", "--at", "2026-11-12 10:00")
    rd("meeting", "done", "3", "--outcome", "advanced")
    rd("deal", "open", "acme", "--value", "12000", "--at", "2026-11-03")
    rd("deal", "proposal", "1", "--value", "15000", "--at", "2026-11-05")
    rd("deal", "open", "globex", "--value", "30000", "--at", "2026-10-01")
    rd("deal", "won", "2", "--at", "2026-10-20")
    rd("deal", "open", "globex", "--value", "5000", "--at", "2026-11-01")


def test_prospect_list_figures(rd: Runner) -> None:
    seed_pipeline(rd)
    rows = {r["company"]: r for r in rd("prospect", "list", "--json").json()}
    acme, globex, initech = rows["Acme Corp"], rows["Globex"], rows["Initech"]
    # the latest of three touches logged out of order; the nearest of two scheduled meetings after now
    assert acme["last_touch"] == "2026-11-18T09:30:00+00:00"
    assert acme["next_meeting"] == "2026-11-23T14:00:00+00:00"
    # open pipeline: the proposal's value once a proposal was sent
    assert acme["stage"] == "proposal" and acme["open_value"] == 15000 and acme["lifetime_value"] == 0
    # all four criteria met (industry compared case-insensitively, 200 in 51–1000, vp ≥ director, budget yes)
    assert (acme["icp_grade"], acme["icp_fit"]) == ("A", 1.0)
    assert globex["last_touch"] == "2026-11-19T11:15:00+00:00" and globex["next_meeting"] is None
    assert globex["stage"] == "deal" and globex["open_value"] == 5000 and globex["lifetime_value"] == 30000
    # retail fails, 9000 fails, seniority unknown, budget unanswered: 0 of 4
    assert (globex["icp_grade"], globex["icp_fit"]) == ("C", 0.0)
    assert initech["stage"] == "new" and initech["last_touch"] is None and initech["open_value"] == 0
    assert [r["company"] for r in rd("prospect", "list", "--json").json()] == ["Acme Corp", "Globex", "Initech"]


def test_prospect_list_json_is_compact_when_piped(rd: Runner) -> None:
    seed_pipeline(rd)
    out = rd("prospect", "list", "--json").out
    assert out.count("\n") == 1 and '": ' not in out and ", " not in out.replace("Acme Corp", "")
    assert len(json.loads(out)) == 3


def test_compiled_rules_agree_with_evaluate() -> None:
    criteria = [
        {"id": 1, "key": "industry", "rule": "choice", "field": "industry", "choices": '["Software", " fintech", "1"]',
         "min_value": None, "max_value": None, "level": None},
        {"id": 2, "key": "size", "rule": "range", "field": "employees", "choices": None, "min_value": 51.0,
         "max_value": None, "level": None},
        {"id": 3, "key": "dm", "rule": "min_seniority", "field": None, "choices": None, "min_value": None,
         "max_value": None, "level": "director"},
        {"id": 4, "key": "budget", "rule": "manual", "field": None, "choices": None, "min_value": None,
         "max_value": None, "level": None},
    ]  # fmt: skip
    rules = compile_rules(criteria)
    grading = Grading(rules)  # remembers each text value's verdict: asked twice, answers the same
    # numbers in a text field: 1 is the choice "1", 1.0 is not (they hash alike, so a verdict kept by value must
    # tell them apart)
    industries = (None, "", "  ", "software", "SOFTWARE ", "FinTech", "retail", 1, 1.0, "1")
    employees = (None, 0, 50, 50.5, 51, 51.0, 10_000, "1,200", "many")
    seniorities = (None, "unknown", "manager", "director", "c_level")
    answers = (None, True, False)
    for ind, emp, sen, ans in itertools.product(industries, employees, seniorities, answers):
        p = {"industry": ind, "employees": emp, "seniority": sen}
        given = {} if ans is None else {4: ans}
        by_hand = [evaluate(c, p, given.get(c["id"])) for c in criteria]
        assert [r.check(p, given.get(r.id)) for r in rules] == by_hand
        met = by_hand.count("met")
        fit = fit_of(criteria, p, given)
        assert fit.fit == round(met / 4, 6) and fit_of(rules, p, given) == fit
        assert fit_grade(rules, p, given) == (fit.fit, fit.grade)
        assert grading.fit_grade(p, given) == grading.fit_grade(p, given) == (fit.fit, fit.grade)


def test_prospect_show_latest_touches_and_counts(rd: Runner) -> None:
    rd("prospect", "add", "Busy Corp")
    rd("prospect", "add", "Quiet Ltd")
    start = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
    outcomes = ("no_answer", "connected", "busy", "meeting_booked", "voicemail")
    for i in range(40):
        at = (start + timedelta(days=i)).strftime("%Y-%m-%d %H:%M")
        rd("log", "call", "busy", outcomes[i % 5], "--at", at, "--note", f"call number {i}")
    rd("log", "call", "quiet", "busy", "--at", "2026-11-02 10:00")
    text = rd("prospect", "show", "busy").out
    # 40 touches: outcomes cycle through five, two of which are hits and one booked
    assert "40 (16 hits, 8 booked)" in text and "2026-09-01 – 2026-10-10" in text
    assert "the latest 15 of 40 events (--all shows every one)" in text
    assert "call number 39" in text and "call number 25" in text and "call number 24" not in text
    lines = [ln for ln in text.splitlines() if "call number" in ln]
    assert lines == sorted(lines) and len(lines) == 15
    everything = rd("prospect", "show", "busy", "--all").out
    assert sum("call number" in ln for ln in everything.splitlines()) == 40 and "latest" not in everything
    shown = rd("prospect", "show", "busy", "--json").json()
    assert [t["note"] for t in shown["touches"]] == [f"call number {i}" for i in range(40)]
    assert shown["counts"]["touches"] == 40 and shown["counts"]["hits"] == 16 and shown["counts"]["booked"] == 8
    assert shown["counts"]["last_touch"] == "2026-10-10T09:00:00+00:00"
    quiet = rd("prospect", "show", "quiet").out
    assert "1 (0 hits, 0 booked)" in quiet and "latest" not in quiet and "call busy" in quiet


def test_demo_weeks_holds_for_a_dense_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "dense.db"
    now = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    stats = generate(db, weeks=2, touches=20_000, seed=3, now=now)
    conn = sqlite3.connect(db)
    lo, hi, n = conn.execute("SELECT MIN(at), MAX(at), COUNT(*) FROM touch").fetchone()
    conn.close()
    # two weeks back from today (Friday 20 November): 6 November is the first day
    assert lo >= "2026-11-06" and hi <= "2026-11-20 15:00" and n == stats["touches"]
    assert n >= 19_000  # only today's touches after the clock's time are left out (about a 15th of them)
    spread = tmp_path / "spread.db"
    stats = generate(spread, touches=20_000, seed=3, now=now)  # without --weeks: a rep's pace, 36 a day
    conn = sqlite3.connect(spread)
    (lo,) = conn.execute("SELECT MIN(at) FROM touch").fetchone()
    conn.close()
    assert lo < "2024-11-20"  # 20,000 ÷ 180 a week ≈ 112 weeks


def test_demo_command_takes_weeks(rd: Runner, tmp_path: Path) -> None:
    out = rd("demo", str(tmp_path / "d.db"), "--weeks", "1", "--touches", "3000").out
    assert "touches" in out
    conn = sqlite3.connect(tmp_path / "d.db")
    (lo,) = conn.execute("SELECT MIN(at) FROM touch").fetchone()
    conn.close()
    assert lo >= "2026-11-13"
    rd.fails("demo", str(tmp_path / "e.db"), "--weeks", "0")
