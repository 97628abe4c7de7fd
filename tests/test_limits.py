"""Limits and no tracebacks: extreme input is exit 2 with one line and nothing
written, whatever command it reaches; every command is all or nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Runner

HUGE_ID = "1" * 25

EXTREME = [
    # ids that cannot exist
    ["deal", "won", HUGE_ID],
    ["deal", "proposal", "9" * 19],
    ["touch", "edit", HUGE_ID, "--note", "x"],
    ["touch", "delete", HUGE_ID],
    ["meeting", "done", HUGE_ID, "--outcome", "advanced"],
    ["meeting", "noshow", "-1"],
    ["followup", "done", HUGE_ID],
    ["log", "call", HUGE_ID, "connected"],
    ["prospect", "show", "²"],  # a digit to str.isdigit, not to int()
    # dates outside 1970-01-01 … 2100-12-31, reads included
    ["log", "call", "acme", "connected", "--at", "0001-01-01"],
    ["log", "call", "acme", "connected", "--at", "1969-12-31 23:00"],
    ["log", "call", "acme", "connected", "--at", "0001-01-01T00:00+05:00"],
    ["meeting", "book", "acme", "--at", "9999-12-31 10:00"],
    ["meeting", "book", "acme", "--at", "2101-01-01"],
    ["deal", "open", "acme", "--value", "10", "--at", "1900-01-01"],
    ["prospect", "edit", "acme", "--churned-at", "0001-01-01"],
    ["today", "--date", "9999-12-31"],
    ["today", "--date", "0001-01-01"],
    ["status", "--date", "9999-12-31"],
    ["review", "--as-of", "0001-01-01"],
    ["review", "--as-of", "2100-12-31", "--days", "99999999999"],
    ["review", "--days", "1" * 30],
    ["export", "week", "--week", "9999-W01"],
    ["export", "week", "--week", "0001-W01"],
    ["targets", "set", "9999-Q4", "--revenue", "1000"],
    ["targets", "set", "0000-01", "--revenue", "1000"],
    ["targets", "set", "2026-11", "--revenue", "1000", "--off", "0001-01-01"],
    ["next", "--date", "9999-12-31"],
    ["followup", "add", "acme", "+99999d"],
    # money: 0 … 10^12, two decimals, never NaN or infinity
    ["deal", "open", "acme", "--value", "nan"],
    ["deal", "open", "acme", "--value", "inf"],
    ["deal", "open", "acme", "--value", "1e13"],
    ["deal", "open", "acme", "--value", "1000000000000.01"],
    ["deal", "open", "acme", "--value", "9" * 400],
    ["targets", "set", "2026-11", "--revenue", "1000000000001"],
    ["targets", "split", "nan", "--reps", "3"],
    ["targets", "split", "1000", "--reps", "3", "--raise", "nan"],
    ["targets", "split", "1000", "--reps", "3", "--raise", "inf"],
    ["targets", "split", "1000", "--reps", "3", "--raise", "1e400"],
    # counts: whole numbers up to 10^9
    ["prospect", "add", "Initech", "--employees", "1000000001"],
    ["prospect", "add", "Initech", "--employees", "1e3"],
    ["log", "call", "acme", "connected", "--minutes", "9" * 5000],
    ["targets", "set", "2026-11", "--revenue", "1000", "--daily-goal", "1" * 25],
    ["next", "--limit", "1" * 25],
    # rates in [0.001, 1]
    ["config", "set", "rates.win", "1e-320"],
    ["config", "set", "rates.win", "nan"],
    ["config", "set", "rates.booked", "inf"],
    ["config", "set", "rates.show", "0"],
    ["config", "set", "rates.proposal", "0.0009"],
    ["config", "set", "window_days", "1" * 25],
    # ICP ranges never NaN or infinity
    ["icp", "add", "Size", "--field", "employees", "--min", "nan"],
    ["icp", "add", "Size", "--field", "employees", "--max", "inf"],
    ["icp", "add", "Size", "--field", "employees", "--min", "-1e400"],
    ["icp", "add", "Region", "--field", "region", "--in", "a,\x1b]0;x\x07"],
]


@pytest.fixture
def seeded(rd: Runner) -> Runner:
    rd("prospect", "add", "Acme Corp")
    rd("deal", "open", "acme", "--value", "100", "--at", "2026-11-10")
    return rd


@pytest.mark.parametrize("args", EXTREME, ids=lambda a: " ".join(a)[:60])
def test_extreme_input_exits_2_and_writes_nothing(seeded: Runner, args: list[str]) -> None:
    before = seeded.dump()
    seeded.fails(*args)
    assert seeded.dump() == before


def test_limits_themselves_are_accepted(rd: Runner) -> None:
    rd("prospect", "add", "Acme", "--employees", "1000000000", "--note", "n" * 100_000)
    rd("deal", "open", "acme", "--value", "1000000000000", "--at", "1970-01-01 12:00")
    rd("config", "set", "rates.win", "0.001")
    rd("config", "set", "rates.show", "1")
    assert rd("today", "--date", "2100-12-31", "--json").json()["date"] == "2100-12-31"
    assert rd("review", "--as-of", "1970-01-01", "--days", "1", "--json").json()["touches"] == 0
    rd("export", "week", "--week", "2100-W52")


@pytest.mark.sqlite_only  # the test reads or plants rows in the local file itself
def test_a_rate_stored_out_of_limits_falls_back_to_its_default(rd: Runner) -> None:
    # an earlier release accepted `config set rates.win 1e-320`, then every command divided by zero
    rd("prospect", "add", "Acme")
    conn = __import__("sqlite3").connect(rd.db)
    with conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('rates.win', '1e-320')")
    conn.close()
    today = rd("today", "--json").json()
    assert today["touches_per_deal"] == pytest.approx(1 / (0.05 * 0.9 * 0.6 * 0.35), rel=1e-3)
    rd("review")


def test_icp_check_with_one_bad_answer_stores_none(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("icp", "add", "Good", "--manual")
    rd("icp", "add", "Budget", "--manual")
    before = rd.dump()
    rd.fails("icp", "check", "acme", "--answer", "good=yes", "--answer", "nosuch=yes")
    rd.fails("icp", "check", "acme", "--answer", "good=yes", "--answer", "budget=maybe")
    assert rd.dump() == before
    rd("icp", "check", "acme", "--answer", "good=yes", "--answer", "budget=no")
    assert sorted(rd.rows("SELECT criterion_id, value FROM icp_answer")) == [(1, 1), (2, 0)]
    rd("undo")  # one action: both answers go together
    assert rd.rows("SELECT COUNT(*) FROM icp_answer") == [(0,)]


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    src = str(Path(__file__).parents[1] / "src")
    return subprocess.run(
        [sys.executable, "-m", "repdesk", *args], env={**env, "PYTHONPATH": src}, capture_output=True, timeout=120
    )


def test_invalid_utf8_arguments_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    env = {k: v for k, v in os.environ.items() if k not in ("REPDESK_TZ", "TZ")}
    env["LC_ALL"] = "C.UTF-8"
    assert _run(["--db", db, "prospect", "add", "Acme"], env).returncode == 0
    before = Runner(Path(db)).dump()
    for args in (["--db", db, "prospect", "add", b"Caf\xe9".decode("utf-8", "surrogateescape")],
                 ["--db", db, "log", "call", "acme", "connected", "--note", b"\xff\xfe".decode("utf-8", "surrogateescape")],
                 ["--db", db, "prospect", "show", b"\xc3(".decode("utf-8", "surrogateescape")]):  # fmt: skip
        res = subprocess.run(
            [sys.executable, "-m", "repdesk", *[a.encode("utf-8", "surrogateescape") for a in args]],
            env={**env, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}, capture_output=True, timeout=120,
        )  # fmt: skip
        assert res.returncode == 2, res
        assert b"Traceback" not in res.stderr and b"not valid UTF-8" in res.stderr
        assert res.stderr.count(b"\n") == 1
    assert Runner(Path(db)).dump() == before


def test_tz_naming_the_zone_file_works(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    env = {k: v for k, v in os.environ.items() if k != "REPDESK_TZ"}
    for tz in (":/etc/localtime", "/etc/localtime", ":/usr/share/zoneinfo/Europe/Berlin", "Nowhere/Atlantis"):
        env["TZ"] = tz
        res = _run(["--db", db, "prospect", "add", "Acme"], env)
        assert res.returncode == 0, (tz, res)
        res = _run(["--db", db, "today", "--json"], env)
        assert res.returncode == 0 and b"Traceback" not in res.stderr, (tz, res)
    env["TZ"] = ":/usr/share/zoneinfo/Europe/Berlin"
    from repdesk.domain.dates import system_zone_name

    os.environ["TZ"], old = env["TZ"], os.environ.get("TZ")
    try:
        if Path("/usr/share/zoneinfo/Europe/Berlin").exists():
            assert system_zone_name() == "Europe/Berlin"
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old


def test_a_program_error_never_shows_a_traceback(rd: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    import repdesk.cli.reports as reports

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(reports, "status_line", broken)
    res = rd.fails("status", code=1)
    assert "internal error" in res.err and "boom" in res.err
