"""Metrics on real public data, checked against figures computed here with the csv module."""

from __future__ import annotations

import csv
import statistics
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from repdesk.db.connect import Store
from repdesk.writes.deals import close_deal, open_deal
from repdesk.writes.prospects import add_prospect
from repdesk.writes.touches import log_touch
from tests.conftest import Runner, shared_data

UTC = UTC
AS_OF = date(2026, 11, 20)
WEEKDAY_OF = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4}


def test_uci_phone_campaign_weekday_hit_rates(tmp_path: Path) -> None:
    with open(shared_data("uci_bank_marketing", "bank-additional.csv"), newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    # the expected figures, straight from the CSV
    touches: Counter[str] = Counter(r["day_of_week"] for r in rows)
    hits: Counter[str] = Counter(r["day_of_week"] for r in rows if r["y"] == "yes")
    assert sum(touches.values()) == 4119

    db = tmp_path / "uci.db"
    Runner(db)("prospect", "add", "Portuguese bank clients")
    tz = UTC
    with Store(db) as st:
        # one call per row, dated on a day with that row's weekday inside the 90-day window
        monday = AS_OF - timedelta(days=AS_OF.weekday())
        for i, r in enumerate(rows):
            day = monday - timedelta(weeks=i % 12) + timedelta(days=WEEKDAY_OF[r["day_of_week"]])
            if day > AS_OF:
                day -= timedelta(weeks=1)
            at = datetime.combine(day, time(9 + i % 8, i % 60), tzinfo=tz)
            outcome = "connected" if r["y"] == "yes" else "no_answer"
            log_touch(st, 1, "call", outcome, at=at, now=datetime(2026, 11, 20, 23, 0, tzinfo=UTC))
    review = Runner(db)("review", "--as-of", AS_OF.isoformat(), "--days", "90", "--json").json()
    assert review["touches"] == 4119
    by_day = {d["day"]: d for d in review["weekday"]}
    for label, name in zip(("mon", "tue", "wed", "thu", "fri"), ("Mon", "Tue", "Wed", "Thu", "Fri"), strict=True):
        d = by_day[name]
        assert d["touches"] == touches[label], name
        assert d["hits"] == hits[label], name
        assert d["hit_rate"] == pytest.approx(hits[label] / touches[label], abs=1e-6), name
        assert d["low"] < d["hit_rate"] < d["high"]
    assert by_day["Sat"]["touches"] == 0 and by_day["Sat"]["hit_rate"] is None
    best = max(touches, key=lambda k: (hits[k] / touches[k], -WEEKDAY_OF[k]))
    assert review["best_day"] == best.capitalize()


AGENTS = ["Darcel Schlecht", "Anna Snelling", "Hayden Neloms"]


@pytest.mark.parametrize("agent", AGENTS)
def test_maven_agent_win_rate_average_deal_and_cycle(tmp_path: Path, agent: str) -> None:
    with open(shared_data("maven_crm", "sales_pipeline.csv"), newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["sales_agent"] == agent and r["deal_stage"] in ("Won", "Lost")]
    won = [r for r in rows if r["deal_stage"] == "Won"]
    lost = [r for r in rows if r["deal_stage"] == "Lost"]
    as_of = date(2017, 12, 31)
    year_ago = as_of - timedelta(days=364)
    won_year = [int(r["close_value"]) for r in won if date.fromisoformat(r["close_date"]) >= year_ago]
    cycles = [(date.fromisoformat(r["close_date"]) - date.fromisoformat(r["engage_date"])).days for r in won]

    db = tmp_path / "maven.db"
    Runner(db)("config", "set", "currency", "USD")
    now = datetime(2018, 1, 1, tzinfo=UTC)
    with Store(db) as st:
        ids: dict[str, int] = {}
        for r in rows:
            if r["account"] not in ids:
                ids[r["account"]] = add_prospect(st, {"company": r["account"]}, UTC, now=now)["id"]
            opened = datetime.combine(date.fromisoformat(r["engage_date"]), time(12), tzinfo=UTC)
            closed = datetime.combine(date.fromisoformat(r["close_date"]), time(12), tzinfo=UTC)
            deal = open_deal(st, ids[r["account"]], r["close_value"] or "0", at=opened, now=now)
            if r["deal_stage"] == "Won":
                close_deal(st, deal["id"], "won", at=closed, now=now)
            else:
                close_deal(st, deal["id"], "lost", reason="other", at=closed, now=now)
    r = Runner(db)("review", "--as-of", as_of.isoformat(), "--days", "500", "--json").json()
    assert (r["won"], r["lost"]) == (len(won), len(lost))
    assert r["win_rate"] == pytest.approx(len(won) / (len(won) + len(lost)), abs=1e-6)
    assert r["won_revenue"] == sum(int(x["close_value"]) for x in won)
    assert r["avg_deal"] == pytest.approx(sum(won_year) / len(won_year), abs=0.01)
    assert r["cycle_days"] == statistics.median(cycles)
