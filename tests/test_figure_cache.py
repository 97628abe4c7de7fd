"""figure_cache: the review's ICP insight kept between runs is always the one computed afresh, whatever
wrote the deals or prospects since; and a read that cannot keep it (read-only, locked, in memory) still
shows it."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from repdesk.db import connect
from repdesk.db.connect import Store
from repdesk.figures import outcomes
from repdesk.present import json_text
from tests.conftest import Runner

pytestmark = pytest.mark.sqlite_only  # the cache and its triggers are the local file's


def fresh(db: Path) -> Any:
    """The insight computed from the deals and prospects as they are now, anything kept left aside."""
    store = Store(db, create=False)
    store.caches_figures = False
    try:
        return json.loads(json_text(outcomes.icp_insight(store)))
    finally:
        store.close()


def kept(db: Path) -> tuple[int, int | None]:
    """The version of the rows the insight reads, and the version the kept insight was computed at."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT version, value_version FROM figure_cache WHERE name = 'icp_insight'").fetchone()
    finally:
        conn.close()


def never_computed(store: Store) -> Any:
    raise AssertionError("the kept insight should have been read back")


def shown(rd: Runner, monkeypatch: pytest.MonkeyPatch) -> Any:
    """review's insight, which must equal a fresh one; then kept, so the next review reads it back."""
    got = rd("review", "--json").json()["icp_insight"]
    assert got == fresh(rd.db)
    version, at = kept(rd.db)
    assert at == version
    with monkeypatch.context() as m:
        m.setattr(outcomes, "_icp_insight", never_computed)
        assert rd("review", "--json").json()["icp_insight"] == got
    return got


def raw(db: Path, sql: str, params: tuple[Any, ...] = ()) -> None:
    """A write by another program: plain sqlite3, foreign keys off (its default)."""
    conn = sqlite3.connect(db)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def test_the_kept_insight_is_always_a_fresh_one(rd: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rd("prospect", "add", "Acme Corp", "--industry", "software", "--employees", "120", "--seniority", "vp")
    rd("prospect", "add", "Globex", "--industry", "retail", "--source", "referral")
    before = shown(rd, monkeypatch)

    rd("deal", "open", "acme", "--value", "1000", "--at", "2026-11-02")  # open: not in the insight yet
    assert shown(rd, monkeypatch) == before
    rd("deal", "won", "1", "--at", "2026-11-10")
    won = shown(rd, monkeypatch)
    assert won != before and won["industry"][0]["value"] == "software"
    rd("deal", "open", "globex", "--value", "500", "--at", "2026-11-03")
    rd("deal", "lost", "2", "--reason", "price", "--at", "2026-11-12")
    lost = shown(rd, monkeypatch)
    assert lost != won

    version = kept(rd.db)[0]
    rd("log", "call", "acme", "connected")  # a touch and a note change nothing the insight reads
    rd("prospect", "edit", "acme", "--note", "met at the fair")
    assert kept(rd.db) == (version, version)

    rd("prospect", "edit", "acme", "--industry", "finance")
    edited = shown(rd, monkeypatch)
    assert {r["value"] for r in edited["industry"]} == {"finance", "retail"}
    rd("undo")
    assert shown(rd, monkeypatch) == lost
    rd("redo")
    assert shown(rd, monkeypatch) == edited

    csv = tmp_path / "deals.csv"
    csv.write_text("id,company,title,value,status,closed_at\nx1,Initech,Renewal,700,won,2026-11-05 10:00\n")
    rd("import", str(csv))
    imported = shown(rd, monkeypatch)
    assert imported != edited and any(r["value"] == "unknown" for r in imported["industry"])
    rd("undo")  # the whole import
    assert shown(rd, monkeypatch) == edited

    raw(rd.db, "DELETE FROM prospect WHERE company = 'Globex'")  # its deal is left behind, joined to nothing
    deleted = shown(rd, monkeypatch)
    assert deleted != edited and [r["value"] for r in deleted["industry"]] == ["finance"]

    raw(
        rd.db,
        "INSERT INTO deal (prospect_id, value_cents, opened_at, closed_at, status) VALUES (1, 90000, ?, ?, 'won')",
        ("2026-11-01 09:00:00.000000", "2026-11-15 09:00:00.000000"),
    )
    inserted = shown(rd, monkeypatch)
    assert inserted["industry"][0]["won"] == deleted["industry"][0]["won"] + 1
    raw(rd.db, "DELETE FROM deal WHERE value_cents = 90000")
    assert shown(rd, monkeypatch) == deleted

    # a deal whose prospect another program adds only afterwards
    raw(
        rd.db,
        "INSERT INTO deal (prospect_id, value_cents, opened_at, closed_at, status) VALUES (99, 100, ?, ?, 'lost')",
        ("2026-11-01 09:00:00.000000", "2026-11-15 09:00:00.000000"),
    )
    assert shown(rd, monkeypatch) == deleted
    raw(
        rd.db,
        "INSERT INTO prospect (id, company, seniority, industry, created_at, archived) VALUES (99, 'Umbrella',"
        " 'unknown', 'media', '2026-11-01 09:00:00.000000', 0)",
    )
    assert {r["value"] for r in shown(rd, monkeypatch)["industry"]} == {"finance", "media"}


def test_triggers_exist_at_the_head_revision(rd: Runner) -> None:
    """A later migration that rebuilds the deal or prospect table must create them again."""
    names = {r[0] for r in rd.rows("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for table in ("deal", "prospect"):
        assert {f"icp_insight_{table}_{op}" for op in ("insert", "update", "delete")} <= names


def deals(rd: Runner) -> None:
    rd("prospect", "add", "Acme Corp", "--industry", "software")
    rd("deal", "open", "acme", "--value", "1000", "--at", "2026-11-02")
    rd("deal", "won", "1", "--at", "2026-11-10")


def test_a_read_only_file_still_shows_the_insight(rd: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    deals(rd)
    expected = fresh(rd.db)
    os.chmod(rd.db, 0o444)
    if os.geteuid() == 0:  # root writes a protected file all the same: open it as SQLite does for anyone else
        monkeypatch.setattr(connect, "_uri", lambda path, mode="rw": f"file:{os.path.abspath(path)}?mode=ro")
    try:
        assert rd("review", "--json").json()["icp_insight"] == expected
        assert rd("review").code == 0
    finally:
        os.chmod(rd.db, 0o644)
    assert kept(rd.db)[1] is None  # nothing kept, and nothing failed


@pytest.mark.skipif(shutil.which("setpriv") is None and os.geteuid() == 0, reason="needs setpriv to drop root")
def test_a_file_its_reader_may_not_write_still_shows_the_insight(rd: Runner) -> None:
    """The same in another process, as a user who may read the file but not write it."""
    deals(rd)
    expected = fresh(rd.db)
    folder = Path(tempfile.mkdtemp())  # the reader's own folder (SQLite writes its WAL index there)
    try:
        db = folder / "repdesk.db"
        shutil.copy(rd.db, db)
        os.chmod(db, 0o444)
        cmd = [sys.executable, "-m", "repdesk", "--db", str(db), "--tz", "UTC", "review", "--json"]
        if os.geteuid() == 0:  # root writes everything: read as nobody, in a folder of theirs
            os.chown(folder, 65534, 65534)
            os.chown(db, 65534, 65534)
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
        res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
        assert res.returncode == 0 and res.stderr == "", res
        assert json.loads(res.stdout)["icp_insight"] == expected
        assert kept(db)[1] is None
    finally:
        shutil.rmtree(folder)


def test_a_locked_database_is_neither_waited_for_nor_written(rd: Runner) -> None:
    deals(rd)
    expected = fresh(rd.db)
    other = sqlite3.connect(rd.db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is writing
    store = Store(rd.db)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        assert json.loads(json_text(outcomes.icp_insight(store))) == expected
    finally:
        other.execute("ROLLBACK")
        other.close()
    update = next(i for i, s in enumerate(statements) if s.startswith("UPDATE figure_cache"))
    assert statements[update - 1] == "PRAGMA busy_timeout = 0"  # the write gave up at once
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == connect.BUSY_TIMEOUT_S * 1000
    assert not store.conn.in_transaction
    assert kept(rd.db)[1] is None
    outcomes.icp_insight(store)  # unlocked: kept now
    store.close()
    version, at = kept(rd.db)
    assert at == version


def test_the_empty_database_in_memory_keeps_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "missing.db", create=False, empty_if_missing=True)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    assert outcomes.icp_insight(store) == {"industry": (), "seniority": (), "employees": (), "source": ()}
    assert not any("figure_cache" in s for s in statements)
    store.close()
