"""A write reported as saved survives kill -9; parallel writers lose nothing; the hot path stays lean."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import Runner

ENV = {**os.environ, "REPDESK_TZ": "UTC"}


def repdesk(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "repdesk", "--db", str(db), *args], capture_output=True, text=True, env=ENV, timeout=60
    )


def test_saved_write_survives_kill_9(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    Runner(db)("prospect", "add", "Acme")
    # a process that logs a touch, reports it saved, then hangs until killed
    script = textwrap.dedent(
        f"""
        import sys, time
        from repdesk.cli.main import main
        code = main(["--db", {str(db)!r}, "log", "call", "acme", "connected", "--note", "survivor"])
        print("saved" if code == 0 else "failed", flush=True)
        time.sleep(60)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=ENV)
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("touch 1")
    assert proc.stdout.readline().strip() == "saved"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert Runner(db).rows("SELECT note FROM touch") == [("survivor",)]


def test_parallel_writers_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    Runner(db)("prospect", "add", "Acme")
    worker = textwrap.dedent(
        f"""
        import sys, io, contextlib
        from repdesk.cli.main import main
        bad = 0
        for i in range(200):
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                note = sys.argv[1] + "-" + str(i)
                code = main(["--db", {str(db)!r}, "log", "call", "acme", "no_answer", "--note", note])
            if code != 0 or err.getvalue():
                bad += 1
                print(err.getvalue(), file=sys.stderr)
        print(bad)
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", worker, f"w{n}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV
        )  # fmt: skip
        for n in range(4)
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert out.strip() == "0", err
        assert "locked" not in err
    rows = Runner(db).rows("SELECT note FROM touch")
    assert len(rows) == 800 and len({r[0] for r in rows}) == 800


def test_parallel_processes_of_the_real_command(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    Runner(db)("prospect", "add", "Acme")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "repdesk", "--db", str(db), "log", "call", "acme", "busy"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )  # fmt: skip
        for _ in range(24)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0 and err == ""
    assert Runner(db).rows("SELECT COUNT(*) FROM touch") == [(24,)]


def _modules_after(args: list[str], db: Path) -> set[str]:
    script = textwrap.dedent(
        f"""
        import sys, io, contextlib
        from repdesk.cli.main import main
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main({args!r})
            except SystemExit:
                pass
        print("modules:", " ".join(sorted(sys.modules)))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=ENV, check=True).stdout
    return set(out.splitlines()[-1].removeprefix("modules:").split())


def test_help_imports_neither_sqlmodel_nor_textual(tmp_path: Path) -> None:
    mods = _modules_after(["--help"], tmp_path / "x.db")
    assert not {"sqlmodel", "textual", "sqlalchemy", "alembic", "rich", "psycopg"} & mods


def test_log_and_status_stay_off_heavy_imports(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "h.db"
    Runner(db)("prospect", "add", "Acme")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    ENV["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    Runner(tmp_path / "xdg" / "repdesk" / "repdesk.db")("prospect", "add", "Acme")  # the default database exists
    heavy = {"sqlmodel", "textual", "sqlalchemy", "alembic", "rich", "platformdirs", "psycopg"}
    # dataclasses (it imports inspect) and typing cost the commands run all day more than their budget
    # shutil (argparse's help width) brings bz2, lzma and zlib; decimal is for splitting targets only
    slow = {"dataclasses", "inspect", "typing", "shutil", "lzma", "decimal"}
    # and a plain line of these commands is read without argparse (with gettext and locale)
    slow |= {"argparse", "gettext", "locale"}
    for args in (
        ["--db", str(db), "log", "call", "acme", "connected"],
        ["--db", str(db), "status"],
        ["--db", str(db), "next"],
        ["--db", str(db), "today", "--json"],
        ["status"],
    ):
        mods = _modules_after(args, db)
        assert not (heavy | slow) & mods, (args, (heavy | slow) & mods)
        if "log" not in args and "--json" not in args:  # a read writes no journal entry, so it needs no JSON
            assert "json" not in mods, args
