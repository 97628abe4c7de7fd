"""Files: output files written safely, databases never created, given a schema or
misdiagnosed by accident, and many processes creating one new database all succeed."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Runner


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- output files ---------------------------------------------------------------------------


def test_export_refuses_to_replace_a_file_without_force(rd: Runner, tmp_path: Path) -> None:
    target = tmp_path / "week.md"
    target.write_text("my notes\n")
    err = rd.fails("export", "week", "-o", str(target)).err
    assert str(target) in err and "--force" in err
    assert target.read_text() == "my notes\n"
    rd("export", "week", "-o", str(target), "--force")
    assert target.read_text().startswith("# weekly summary")
    assert _mode(target) == 0o600


def test_export_is_private_under_a_permissive_umask(rd: Runner, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        for fmt in ("md", "html", "json", "csv"):
            rd("export", "week", "--format", fmt, "-o", str(tmp_path / f"w.{fmt}"))
    finally:
        os.umask(old)
    for name in ("w.md", "w.html", "w.json", "w.csv", "w-summary.csv"):
        assert _mode(tmp_path / name) == 0o600, name


def test_export_never_follows_a_planted_temporary_link(rd: Runner, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    for name in (".week.md.tmp", ".week.md.tmp.tmp"):
        (tmp_path / name).symlink_to(victim)
    rd("export", "week", "-o", str(tmp_path / "week.md"))
    assert victim.read_text() == "precious\n"
    assert (tmp_path / "week.md").read_text().startswith("# weekly summary")
    assert not any(p.name.endswith(".tmp") and not p.is_symlink() for p in tmp_path.iterdir())


def test_export_replaces_a_link_itself_not_what_it_points_to(rd: Runner, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "week.md").symlink_to(victim)
    rd.fails("export", "week", "-o", str(tmp_path / "week.md"))
    rd("export", "week", "-o", str(tmp_path / "week.md"), "--force")
    assert victim.read_text() == "precious\n" and not (tmp_path / "week.md").is_symlink()


def test_csv_summary_file_is_never_replaced_without_force(rd: Runner, tmp_path: Path) -> None:
    summary = tmp_path / "week-summary.csv"
    summary.write_text("keep me\n")
    err = rd.fails("export", "week", "--format", "csv", "-o", str(tmp_path / "week.csv")).err
    assert "week-summary.csv" in err
    assert summary.read_text() == "keep me\n" and not (tmp_path / "week.csv").exists()  # all or nothing
    rd("export", "week", "--format", "csv", "-o", str(tmp_path / "week.csv"), "--force")
    assert summary.read_text().startswith("figure,")


@pytest.mark.sqlite_only  # the test reads or plants rows in the local file itself
def test_backup_without_path_writes_into_backups_beside_the_database(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    out = rd("backup").out.strip()
    assert re.fullmatch(re.escape(str(rd.db.parent / "backups")) + r"/repdesk-\d{8}-\d{6}\.db", out), out
    copy = Path(out)
    assert _mode(copy) == 0o600 and _mode(copy.parent) == 0o700
    assert Runner(copy)("prospect", "list", "--json").json()[0]["company"] == "Acme"
    second = rd("backup").out.strip()  # the same second: a new name, never the old file replaced
    assert second != out and Path(second).exists()


@pytest.mark.sqlite_only  # the test reads or plants rows in the local file itself
def test_backup_to_a_path_refuses_an_existing_file_without_force(rd: Runner, tmp_path: Path) -> None:
    rd("prospect", "add", "Acme")
    target = tmp_path / "copy.db"
    target.write_text("not mine to overwrite")
    assert str(target) in rd.fails("backup", str(target)).err
    assert target.read_text() == "not mine to overwrite"
    assert rd("backup", str(target), "--force").out.strip() == str(target)
    assert Runner(target)("prospect", "list", "--json").json()[0]["company"] == "Acme"


# -- never creating, never misdiagnosing -------------------------------------------------------


@pytest.mark.parametrize("command", [["status"], ["today", "--json"], ["review"], ["prospect", "list"],
                                     ["export", "week"], ["config", "show"], ["icp", "list"]])  # fmt: skip
def test_read_only_command_never_creates_a_named_database(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo.db"
    err = Runner(missing).fails(*command).err
    assert f"no repdesk database at {missing}" in err
    assert list(tmp_path.iterdir()) == []


def test_read_only_command_on_the_default_location_shows_the_empty_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from repdesk.cli.main import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("REPDESK_DB", raising=False)
    assert main(["--tz", "UTC", "status"]) == 0
    assert main(["--tz", "UTC", "today", "--json"]) == 0
    assert not (tmp_path / "xdg").exists()


def test_empty_file_is_never_given_a_schema(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    for args in (["prospect", "add", "Acme"], ["status"]):
        assert "empty file" in Runner(empty).fails(*args).err
    assert empty.stat().st_size == 0


def test_an_sqlite_file_without_tables_is_never_given_a_schema(tmp_path: Path) -> None:
    path = tmp_path / "blank.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")  # a valid SQLite file with no tables at all
    conn.commit()
    conn.close()
    before = path.read_bytes()
    assert "not a repdesk database" in Runner(path).fails("prospect", "add", "Acme").err
    assert path.read_bytes() == before


def test_a_device_as_database_is_refused(tmp_path: Path) -> None:
    err = Runner(Path("/dev/null")).fails("prospect", "show", "1").err
    assert "not a regular file" in err


@pytest.mark.sqlite_only  # the test reads or plants rows in the local file itself
def test_a_full_disk_is_reported_as_such_not_as_a_foreign_file(rd: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    from repdesk.db import connect

    rd("prospect", "add", "Acme")
    real = connect._connect

    def tiny_disk(path: str) -> sqlite3.Connection:
        conn = real(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite reports a full disk past this size
        return conn

    monkeypatch.setattr(connect, "_connect", tiny_disk)
    before = rd.dump()
    err = rd.fails("prospect", "add", "Big", "--note", "x" * 90_000, code=1).err
    assert "disk is full" in err and "not a repdesk database" not in err
    assert rd.dump() == before


@pytest.mark.skipif(shutil.which("setpriv") is None and os.geteuid() == 0, reason="needs setpriv to drop root")
@pytest.mark.sqlite_only  # the test reads or plants rows in the local file itself
def test_an_unreadable_database_is_permission_denied_not_a_foreign_file(rd: Runner, tmp_path: Path) -> None:
    rd("prospect", "add", "Acme")
    folder = tmp_path / "locked"
    folder.mkdir()
    db = folder / "repdesk.db"
    shutil.copy(rd.db, db)
    os.chmod(db, 0o600)
    cmd = [sys.executable, "-m", "repdesk", "--db", str(db), "--tz", "UTC", "prospect", "list"]
    if os.geteuid() == 0:  # root reads everything: run as nobody
        os.chmod(tmp_path, 0o755)
        os.chmod(folder, 0o755)
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
    assert res.returncode == 1, res
    assert "permission denied" in res.stderr and "not a repdesk database" not in res.stderr
    assert "Traceback" not in res.stderr


# -- creating one new database from many processes at once -------------------------------------


def _create_and_add(path: str, start: multiprocessing.synchronize.Event, n: int) -> None:  # type: ignore[name-defined]
    from repdesk.db.connect import Store
    from repdesk.writes.prospects import add_prospect

    start.wait()
    try:
        with Store(path) as st:
            add_prospect(st, {"company": f"P{n}"}, __import__("zoneinfo").ZoneInfo("UTC"))
    except BaseException as exc:  # noqa: BLE001 - reported through the exit code
        print(f"{n}: {exc!r}", file=sys.stderr)
        os._exit(1)
    os._exit(0)


def test_many_processes_creating_one_new_database_all_succeed(tmp_path: Path) -> None:
    import repdesk.db.migrate  # noqa: F401 - loaded once, before the fork

    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    path = str(tmp_path / "new" / "repdesk.db")
    procs = [ctx.Process(target=_create_and_add, args=(path, start, n)) for n in range(104)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * len(procs)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM prospect").fetchone()[0] == len(procs)
    conn.close()
    assert sorted(os.listdir(tmp_path / "new")) in (["repdesk.db"], ["repdesk.db", "repdesk.db-shm", "repdesk.db-wal"])
    assert _mode(Path(path)) == 0o600 and _mode(tmp_path / "new") == 0o700
