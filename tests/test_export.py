"""The weekly summary: one implementation (it agrees with `review`), four formats, hostile text kept harmless."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import Runner, demo_at_fixed_clock

HOSTILE = 'Evil | Corp <script>alert("x")</script>\nnew line'
FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_at_fixed_clock(tmp_path_factory, "week", weeks=12, seed=5)


def test_week_figures_agree_with_review(demo: Path) -> None:
    rd = Runner(demo)
    s = rd("export", "week", "--week", "2026-W46", "--format", "json").json()
    assert (s["week"], s["start"], s["end"]) == ("2026-W46", "2026-11-09", "2026-11-15")
    r = rd("review", "--as-of", "2026-11-15", "--days", "7", "--json").json()
    for key in ("touches", "hits", "hit_rate", "booked", "booked_rate", "meetings_held", "show_rate", "proposals",
                "won", "won_revenue", "lost", "win_rate", "new_prospects", "icp_share"):  # fmt: skip
        assert s[key] == r[key], key
    assert s["weekday"] == r["weekday"]
    assert s["touches"] > 0
    prev = rd("review", "--as-of", "2026-11-08", "--days", "7", "--json").json()
    assert s["previous_week"]["touches"] == prev["touches"]
    # the four weeks before: counts as the mean per week, ratios pooled over the 28 days
    weeks = [rd("review", "--as-of", (date(2026, 11, 8) - timedelta(weeks=i)).isoformat(), "--days", "7",
                "--json").json() for i in range(4)]  # fmt: skip
    assert s["trailing_4w"]["touches"] == round(sum(w["touches"] for w in weeks) / 4, 2)
    pooled = rd("review", "--as-of", "2026-11-08", "--days", "28", "--json").json()
    assert s["trailing_4w"]["hit_rate"] == pooled["hit_rate"]
    assert s["change"]["touches"]["previous_week"] in ("up", "down", "same")
    for key in ("week", "start", "end", "touches", "hits", "hit_rate", "booked", "meetings_held", "proposals", "won",
                "won_revenue", "lost", "new_prospects", "icp_share", "barometer_by_day", "weekday", "previous_week",
                "trailing_4w"):  # fmt: skip
        assert key in s


def test_barometer_by_day(demo: Path) -> None:
    s = Runner(demo)("export", "week", "--week", "2026-W47", "--format", "json").json()
    days = s["barometer_by_day"]
    assert [d["day"] for d in days] == ["Mon", "Tue", "Wed", "Thu", "Fri"]
    for d in days:
        assert d["daily_goal"] and d["barometer"] == round(d["touches"] / d["daily_goal"], 6)
    today = Runner(demo)("today", "--json").json()
    assert days[4]["touches"] == today["touches"] and days[4]["daily_goal"] == today["daily_goal"]


@pytest.mark.parametrize("window", ["1", "2", "3", "90"])
def test_each_days_goal_is_that_days_plan_for_any_window(demo: Path, tmp_path: Path, window: str) -> None:
    """Each working day's goal is `today --date DAY`'s, whatever the funnel's window (the summary carries
    the window from one day to the next; `today` reads it whole)."""
    import shutil

    db = tmp_path / "copy.db"
    shutil.copy(demo, db)
    rd = Runner(db)
    rd("config", "set", "window_days", window)
    days = rd("export", "week", "--week", "2026-W47", "--format", "json").json()["barometer_by_day"]
    assert len(days) == 5 and len({d["daily_goal"] for d in days}) > 1  # the goal moves with the window
    for d in days:
        assert d["daily_goal"] == rd("today", "--date", d["date"], "--json").json()["daily_goal"], d["date"]


@pytest.fixture
def hostile(rd: Runner) -> Runner:
    rd("prospect", "add", HOSTILE)
    rd("prospect", "add", FORMULA)
    rd("log", "call", "1", "connected", "--at", "2026-11-17 10:00", "--note", "@SUM(A1:A9) | <b>bold</b>")
    rd("log", "email", "2", "sent", "--at", "2026-11-18 10:00", "--note=-2+3")
    d = rd("deal", "open", "1", "--value", "5000", "--at", "2026-11-16", "--json").json()["id"]
    rd("deal", "won", str(d), "--at", "2026-11-19")
    rd("config", "set", "rep_name", "Sam <i>Seller</i> | the best")
    return rd


class TextAndTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_and_escaped(hostile: Runner, tmp_path: Path) -> None:
    out = tmp_path / "week.html"
    hostile("export", "week", "--week", "2026-W47", "--format", "html", "-o", str(out))
    page = out.read_text()
    parser = TextAndTags()
    parser.feed(page)
    assert "script" not in parser.tags and "i" not in parser.tags
    text = "".join(parser.text)
    assert '<script>alert("x")</script>' in text  # shown as text, not run
    assert "Sam <i>Seller</i> | the best" in text
    assert "svg" in parser.tags and "style" in parser.tags
    assert not re.search(r"(src|href)=", page) and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert "USD 5,000" in text and "Touches" in text


def test_csv_neutralises_formulas(hostile: Runner, tmp_path: Path) -> None:
    out = tmp_path / "week.csv"
    hostile("export", "week", "--week", "2026-W47", "--format", "csv", "-o", str(out))
    with open(out, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["record"] for r in rows} == {"prospect", "touch", "deal"}
    cells = [v for r in rows for v in r.values()]
    for v in cells:
        assert not v.startswith(("=", "+", "-", "@", "\t", "\r")), v
    assert "'" + FORMULA in cells and "'@SUM(A1:A9) | <b>bold</b>" in cells and "'-2+3" in cells
    assert HOSTILE in cells  # quoted, newline and all, and read back intact
    with open(tmp_path / "week-summary.csv", newline="") as fh:
        summary = {r["figure"]: r for r in csv.DictReader(fh)}
    assert summary["touches"]["this_week"] == "2" and summary["won_revenue"]["this_week"] == "5000"


def test_csv_to_stdout_has_both_sections(hostile: Runner) -> None:
    text = hostile("export", "week", "--week", "2026-W47", "--format", "csv").out
    events, summary = text.split("\r\n\r\n")
    assert events.startswith("record,id,at,company") and summary.startswith("figure,label,this_week")


def test_markdown_tables_survive_hostile_text(hostile: Runner) -> None:
    md = hostile("export", "week", "--week", "2026-W47").out
    assert "<script>" not in md and "<i>" not in md
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|"):
            cols = len(re.findall(r"(?<!\\)\|", line))
            block_start = i
            while block_start > 0 and lines[block_start - 1].startswith("|"):
                block_start -= 1
            assert cols == len(re.findall(r"(?<!\\)\|", lines[block_start])), line
    assert "Evil \\| Corp" in md
    assert md.startswith("# Sam \\<i\\>Seller\\</i\\> \\| the best — weekly summary 2026-W47")


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_an_empty_week_in_every_format(rd: Runner, fmt: str) -> None:
    res = rd("export", "week", "--week", "2026-W30", "--format", fmt)
    if fmt == "json":
        s = json.loads(res.out)
        assert s["touches"] == 0 and s["hit_rate"] is None and "No activity logged this week." in s["coaching"]
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(res.out)))[0][0] == "record"
    else:
        assert "No activity logged this week." in res.out


def test_week_arguments(rd: Runner) -> None:
    assert rd("export", "week", "--format", "json").json()["week"] == "2026-W47"
    assert rd("export", "week", "--week", "last", "--format", "json").json()["week"] == "2026-W46"
    rd.fails("export", "week", "--week", "2026-W60")
    rd.fails("export", "week", "--week", "someday")


@pytest.mark.parametrize(
    ("zone", "week"),
    [
        ("UTC", "2026-W46"),
        ("America/New_York", "2026-W44"),
        ("Asia/Kolkata", "2026-W45"),
        ("Europe/Amsterdam", "2026-W13"),
    ],
)
def test_streamed_csv_events_are_the_json_events(demo: Path, zone: str, week: str) -> None:
    """CSV rows are written straight from the database; JSON holds the same events, in the same order
    (a week with a daylight-saving switch — New York's 1 November — included)."""
    rd = Runner(demo, tz=zone)
    events = rd("export", "week", "--week", week, "--format", "json").json()["events"]
    text = rd("export", "week", "--week", week, "--format", "csv").out
    rows = list(csv.reader(io.StringIO(text.split("\r\n\r\n")[0])))
    assert rows[0] == ["record", "id", "at", "company", "channel", "outcome", "kind", "status", "value", "reason",
                       "minutes", "note"]  # fmt: skip
    expected = [["" if e[c] is None else str(e[c]) for c in rows[0]] for e in events]
    assert rows[1:] == expected
    assert [e["at"] for e in events] == sorted(e["at"] for e in events) or zone == "America/New_York"
