"""Shared fixtures: a fresh database file per test and a way to run commands as a user would."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from repdesk.cli.main import main

FIXED_NOW = "2026-11-20T15:00:00+00:00"  # a Friday afternoon
DATA = Path(__file__).parent / "data"
#: real public data sets, beside the repository (CI clones the project next to ``shared/``); never copied in
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A file of the shared real data sets; the test is skipped, saying why, where it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the real data sets live in ../shared/data beside the repository")
    return path


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class Runner:
    """Runs ``repdesk`` commands in-process against one database file."""

    def __init__(self, db: Path, tz: str = "UTC") -> None:
        self.db = db
        self.tz = tz

    def __call__(self, *args: str, ok: bool = True) -> Result:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--db", str(self.db), "--tz", self.tz, *args])
        res = Result(code, out.getvalue(), err.getvalue())
        if ok:
            assert code == 0, res
        return res

    def fails(self, *args: str, code: int = 2) -> Result:
        res = self(*args, ok=False)
        assert res.code == code, res
        assert res.err.count("\n") == 1 and res.err.startswith("repdesk: "), res.err
        return res

    def create(self) -> Runner:
        """Make the database, as the first command that writes would (read-only commands never do)."""
        from repdesk.db.connect import Store

        Store(self.db).close()
        return self

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def dump(self) -> list[str]:
        """Every row of every table, to prove that nothing was written."""
        conn = sqlite3.connect(self.db)
        try:
            return list(conn.iterdump())
        finally:
            conn.close()

    def records(self) -> list[str]:
        """Every record, without the undo journal and SQLite's id high-water marks (undo keeps both)."""
        return [
            line
            for line in self.dump()
            if not line.startswith(
                ('INSERT INTO "journal"', 'INSERT INTO "sqlite_sequence"', 'DELETE FROM "sqlite_sequence"')
            )
        ]


def demo_at_fixed_clock(tmp_path_factory: pytest.TempPathFactory, name: str, *, weeks: int, seed: int) -> Path:
    """A demo database generated as if it were FIXED_NOW (for module-scoped fixtures)."""
    from repdesk.io.demo import generate

    mp = pytest.MonkeyPatch()
    mp.setenv("REPDESK_NOW", FIXED_NOW)
    db = tmp_path_factory.mktemp(name) / "demo.db"
    generate(db, weeks=weeks, seed=seed)
    mp.undo()
    return db


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPDESK_NOW", FIXED_NOW)
    monkeypatch.delenv("REPDESK_DB", raising=False)
    monkeypatch.delenv("REPDESK_TZ", raising=False)


@pytest.fixture
def rd(tmp_path: Path) -> Runner:
    return Runner(tmp_path / "repdesk.db").create()


@pytest.fixture
def rd_ny(tmp_path: Path) -> Runner:
    return Runner(tmp_path / "ny.db", tz="America/New_York").create()
