"""Random and extreme arguments thrown at every command (hypothesis): an exit code the command line documents (0, 1, 2 or 3),
never a traceback or an internal error, and the database unchanged whenever the answer is exit 2."""

from __future__ import annotations

import contextlib
import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repdesk.cli.main import main
from tests.conftest import Runner

#: values that found bugs before, or sit on a limit
EXTREMES = [
    "", " ", "0", "-1", "1", "1" * 25, "9" * 400, "nan", "inf", "-inf", "1e-320", "1e400", "0.001", "1.005",
    "1000000000000", "1000000000001", "²", "٣", "0x10", "#1", "today", "yesterday", "tomorrow", "mon", "next fri",
    "+99999d", "+3wd", "in 3 days", "25:99", "14:30", "0001-01-01", "1969-12-31", "1970-01-01", "2100-12-31",
    "2101-01-01", "9999-12-31", "9999-12-31T23:59+14:00", "0001-01-01T00:00-12:00", "2026-02-30", "2026-W99",
    "0001-W01", "9999-Q4", "2026-11", "2026-Q5", "[/]", "[bold]x", "[link=http://e.vil]y[/link]", "\x1b[2J",
    "\x1b]0;title\x07", "a\u202eb", "\x7f", "\udcff", "acme", "Acme Corp", "call", "email", "connected", "sent",
    "meeting_booked", "advanced", "price", "good=yes", "nosuch=yes", "good=maybe", "rates.win", "timezone",
    "Europe/Berlin", "Mars/Olympus", "../../etc/passwd", "x" * 600,
]  # fmt: skip

TEMPLATES = [
    ["prospect", "add", 0], ["prospect", "add", 0, "--employees", 1], ["prospect", "add", 0, "--created", 1],
    ["prospect", "add", 0, "--source", 1, "--seniority", 2], ["prospect", "list"], ["prospect", "list", "--json"],
    ["prospect", "show", 0], ["prospect", "show", 0, "--json"], ["prospect", "edit", 0, "--title", 1],
    ["prospect", "edit", 0, "--churned-at", 1], ["prospect", "edit", 0, "--archived", 1],
    ["log", 0, 1, 2], ["log", "call", 0, "connected", "--at", 1], ["log", "call", "acme", 0, "--minutes", 1],
    ["log", "call", "acme", "connected", "--note", 0, "--next", 1],
    ["log", "call", "acme", "meeting_booked", "--meeting", 0, "--kind", 1],
    ["touch", "list", "--date", 0], ["touch", "list", "--days", 0], ["touch", "list", "--prospect", 0],
    ["touch", "edit", 0, "--outcome", 1], ["touch", "edit", 0, "--at", 1, "--minutes", 2], ["touch", "delete", 0],
    ["meeting", "book", 0, "--at", 1], ["meeting", "book", "acme", "--at", 0, "--kind", 1, "--goal", 2],
    ["meeting", "done", 0, "--outcome", 1], ["meeting", "done", 0, "--outcome", "advanced", "--next", 1],
    ["meeting", "noshow", 0], ["meeting", "cancel", 0], ["meeting", "list"],
    ["deal", "open", 0, "--value", 1], ["deal", "open", "acme", "--value", 0, "--at", 1],
    ["deal", "proposal", 0, "--value", 1], ["deal", "won", 0, "--at", 1], ["deal", "lost", 0, "--reason", 1],
    ["deal", "list"], ["followup", "add", 0, 1], ["followup", "add", "acme", 0, "--channel", 1],
    ["followup", "list", "--date", 0], ["followup", "done", 0], ["followup", "snooze", 0, 1],
    ["followup", "cancel", 0], ["next", "--date", 0], ["next", "--limit", 0],
    ["targets", "set", 0, "--revenue", 1], ["targets", "set", "2026-11", "--revenue", "1000", "--avg-deal", 0],
    ["targets", "set", "2026-11", "--revenue", 0, "--daily-goal", 1, "--workdays", 2],
    ["targets", "set", "2026-11", "--revenue", "1000", "--off", 0], ["targets", "list"],
    ["targets", "split", 0, "--reps", 1], ["targets", "split", "1000", "--reps", "3", "--raise", 0],
    ["icp", "add", 0, "--manual"], ["icp", "add", 0, "--field", 1, "--in", 2],
    ["icp", "add", "Size", "--field", "employees", "--min", 0, "--max", 1], ["icp", "add", 0, "--min-seniority", 1],
    ["icp", "edit", 0, "--label", 1], ["icp", "list"], ["icp", "remove", 0], ["icp", "check", 0],
    ["icp", "check", "acme", "--answer", 0, "--answer", 1],
    ["today", "--date", 0], ["today", "--json", "--date", 0], ["review", "--as-of", 0], ["review", "--days", 0],
    ["review", "--json", "--as-of", 0, "--days", 1], ["status", "--date", 0], ["export", "week", "--week", 0],
    ["export", "week", "--week", 0, "--format", 1], ["config", "show"], ["config", "set", 0, 1],
    ["config", "set", "rates.win", 0], ["config", "set", "timezone", 0], ["undo"], ["redo"], ["db"],
    ["status", "--tz", 0], ["today", "--tz", 0], [0], [0, 1], [0, 1, 2],
]  # fmt: skip

value = st.one_of(
    st.sampled_from(EXTREMES),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates().map(lambda d: d.isoformat()),
)


def _args(template: list[object], values: list[str]) -> list[str]:
    return [values[t] if isinstance(t, int) else str(t) for t in template]


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ["REPDESK_NOW"] = "2026-11-20T15:00:00+00:00"
    db = tmp_path_factory.mktemp("property") / "seed.db"
    rd = Runner(db)
    rd("prospect", "add", "Acme Corp", "--employees", "50")
    rd("prospect", "add", "Globex")
    rd("log", "call", "acme", "connected", "--at", "2026-11-19 10:00")
    rd("meeting", "book", "acme", "--at", "2026-11-25 10:00")
    rd("deal", "open", "acme", "--value", "1000", "--at", "2026-11-10")
    rd("icp", "add", "Good", "--manual")
    rd("targets", "set", "2026-11", "--revenue", "100000")
    return db


@settings(
    max_examples=160,
    deadline=None,
    derandomize=True,  # the same examples in every run of CI
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(template=st.sampled_from(TEMPLATES), values=st.lists(value, min_size=3, max_size=3))
def test_any_arguments_to_any_command(
    template_db: Path, tmp_path: Path, template: list[object], values: list[str]
) -> None:
    db = tmp_path / "p.db"
    if not db.exists():
        shutil.copy(template_db, db)
    args = _args(template, values)
    if args and args[0] in ("demo", "import", "backup", "completion") or not args or args[0].startswith("-"):
        args = ["status", *args]  # commands that write files elsewhere, or the app, are tested on their own
    conn = sqlite3.connect(db)
    before = list(conn.iterdump())
    conn.close()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--db", str(db), *args])
        except SystemExit as exc:  # --help and --version print and exit 0
            code = int(exc.code or 0)
    assert code in (0, 2, 3), (args, code, err.getvalue())
    assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue(), (args, err.getvalue())
    if code == 2:
        assert err.getvalue().startswith("repdesk: ") and err.getvalue().count("\n") == 1, (args, err.getvalue())
        conn = sqlite3.connect(db)
        assert list(conn.iterdump()) == before, args
        conn.close()
    for ch in "\x1b\x07\x7f\u202e":
        assert ch not in out.getvalue() and ch not in err.getvalue(), (args, ch)
