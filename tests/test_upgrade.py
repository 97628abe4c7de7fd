"""Crash-safe upgrades: an online backup first, then one transaction, so a kill -9 at any
moment leaves a database that opens at the old revision or the new one with every record; and a
database left half-upgraded by an earlier release is recognised and repaired."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from repdesk.db import connect as lean
from repdesk.db.schema import SQLModel
from tests.conftest import DATA, Runner

KILLS = 22
SRC = str(Path(__file__).parents[1] / "src")
#: what every record of the 0001 schema holds, summed per table (rows, ids and every column's text)
FINGERPRINT = {
    "prospect": "SELECT COUNT(*), TOTAL(id), TOTAL(LENGTH(company || COALESCE(notes, ''))) FROM prospect",
    "touch": "SELECT COUNT(*), TOTAL(id), TOTAL(prospect_id), TOTAL(minutes), TOTAL(LENGTH(COALESCE(note, '')))"
    " FROM touch",
    "meeting": "SELECT COUNT(*), TOTAL(id), TOTAL(prospect_id), TOTAL(LENGTH(status || COALESCE(outcome, '')))"
    " FROM meeting",
    "deal": "SELECT COUNT(*), TOTAL(id), TOTAL(value_cents), TOTAL(LENGTH(status)) FROM deal",
    # the settings the rep made (an upgrade adds the database's own id, which is no record of theirs)
    "setting": "SELECT COUNT(*), GROUP_CONCAT(kv) FROM (SELECT key || '=' || value AS kv FROM setting"
    " WHERE key <> 'database_uuid' ORDER BY key)",
}


def fingerprint(path: Path) -> dict[str, tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return {t: tuple(conn.execute(sql).fetchone()) for t, sql in FINGERPRINT.items()}
    finally:
        conn.close()


def big_0001(path: Path, touches: int = 100_000) -> None:
    """The 0001 fixture with enough rows that its upgrade (index builds) takes a while to kill."""
    shutil.copy(DATA / "schema_0001.sqlite", path)
    conn = sqlite3.connect(path)
    conn.executescript(f"""
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
        INSERT INTO prospect (company, seniority, created_at, archived, notes)
            SELECT 'Co ' || i, 'unknown', '2026-01-01 12:00:00.000000', 0, 'n' || i FROM n;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {touches})
        INSERT INTO touch (prospect_id, at, channel, outcome, minutes, note)
            SELECT 3 + i % 10000, '2026-02-01 10:00:00.000000', 'call', 'connected', i % 30, 'note ' || i FROM n;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
        INSERT INTO meeting (prospect_id, at, kind, status)
            SELECT 3 + i % 10000, '2026-03-01 10:00:00.000000', 'first', 'scheduled' FROM n;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
        INSERT INTO deal (prospect_id, value_cents, opened_at, status)
            SELECT 3 + i % 10000, i * 100, '2026-03-01 10:00:00.000000', 'open' FROM n;
    """)
    conn.commit()
    conn.close()


def state(path: Path) -> tuple[str, bool]:
    """The stamp and whether the 0002 column is there, read the way SQLite opens a file after a crash."""
    conn = sqlite3.connect(path)
    try:
        stamp = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        has = any(r[1] == "source_id" for r in conn.execute("PRAGMA table_info(touch)"))
        return stamp, has
    finally:
        conn.close()


def schema_matches_models(path: Path) -> bool:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    finally:
        engine.dispose()


def _start(db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": SRC, "REPDESK_TZ": "UTC"}
    return subprocess.Popen(
        [sys.executable, "-m", "repdesk", "--db", str(db), "status"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def _backup_written(folder: Path) -> bool:
    return folder.is_dir() and any(p.suffix == ".db" for p in folder.iterdir())


def test_killed_upgrades_leave_every_record(tmp_path: Path) -> None:
    original = tmp_path / "original.db"
    big_0001(original)
    expected = fingerprint(original)

    # One upgrade to the end: how long it runs after its backup is written.
    probe = tmp_path / "probe" / "repdesk.db"
    probe.parent.mkdir()
    shutil.copy(original, probe)
    proc = _start(probe)
    while not _backup_written(probe.parent / "backups") and proc.poll() is None:
        time.sleep(0.002)
    began = time.monotonic()
    assert proc.wait(timeout=300) == 0
    span = max(time.monotonic() - began, 0.05)
    assert state(probe) == (lean.HEAD, True)

    outcomes = []
    for i in range(KILLS):
        db = tmp_path / f"k{i}" / "repdesk.db"
        db.parent.mkdir()
        shutil.copy(original, db)
        proc = _start(db)
        while not _backup_written(db.parent / "backups") and proc.poll() is None:
            time.sleep(0.002)
        time.sleep(span * i / KILLS)  # spread over the whole upgrade, its first moment included
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        stamp, has_column = state(db)
        # at the old revision or the new one, never in between
        assert (stamp, has_column) in (("0001", False), (lean.HEAD, True)), (i, stamp, has_column)
        outcomes.append(stamp)
        backups = sorted((db.parent / "backups").glob("*.db"))
        assert backups and fingerprint(backups[0]) == expected  # the backup holds every record too
        # it opens, is brought to the current schema, and every record is there
        assert Runner(db)("status").code == 0
        assert state(db) == (lean.HEAD, True)
        assert fingerprint(db) == expected, i
    assert outcomes.count("0001") >= KILLS // 4, outcomes  # most kills landed inside the upgrade
    assert schema_matches_models(db)


@pytest.mark.parametrize(
    "done",
    [
        ["ALTER TABLE prospect ADD COLUMN source_id VARCHAR"],
        ["ALTER TABLE prospect ADD COLUMN source_id VARCHAR", "ALTER TABLE touch ADD COLUMN source_id VARCHAR",
         "CREATE UNIQUE INDEX ix_prospect_source_id ON prospect (source_id)"],
        ["ALTER TABLE prospect ADD COLUMN source_id VARCHAR", "ALTER TABLE touch ADD COLUMN source_id VARCHAR",
         "ALTER TABLE meeting ADD COLUMN source_id VARCHAR", "ALTER TABLE deal ADD COLUMN source_id VARCHAR",
         "CREATE UNIQUE INDEX ix_prospect_source_id ON prospect (source_id)",
         "CREATE UNIQUE INDEX ix_touch_source_id ON touch (source_id)",
         "CREATE UNIQUE INDEX ix_meeting_source_id ON meeting (source_id)",
         "CREATE UNIQUE INDEX ix_deal_source_id ON deal (source_id)"],
    ],
    ids=["one column", "two columns and an index", "all of 0002 but the stamp"],
)  # fmt: skip
def test_half_upgraded_database_from_an_earlier_release_is_repaired(tmp_path: Path, done: list[str]) -> None:
    # An earlier release ran each step of an upgrade in its own transaction: killed part-way,
    # it left some of 0002 done with the stamp still at 0001.
    db = tmp_path / "half.db"
    shutil.copy(DATA / "schema_0001.sqlite", db)
    expected = fingerprint(db)
    conn = sqlite3.connect(db)
    for sql in done:
        conn.execute(sql)
    conn.commit()
    conn.close()
    assert state(db)[0] == "0001"
    rd = Runner(db)
    assert len(rd("prospect", "list", "--json").json()) == 2
    assert state(db) == (lean.HEAD, True)
    assert fingerprint(db) == expected
    assert schema_matches_models(db)
    rd("log", "call", "acme", "connected")
    assert rd.rows("SELECT COUNT(*) FROM touch") == [(4,)]


def test_upgrade_writes_an_online_backup_first(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(DATA / "schema_0001.sqlite", db)
    Runner(db)("status")
    (backup,) = (tmp_path / "backups").glob("old-*-schema-0001.db")
    assert state(backup) == ("0001", False) and fingerprint(backup) == fingerprint(db)
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
