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
        """Every record, without the undo journal and SQLite's id high-water marks (undo keeps both) and
        the kept figures (their version counts every write, an undo too)."""
        return [
            line
            for line in self.dump()
            if not line.startswith(
                (
                    'INSERT INTO "journal"',
                    'INSERT INTO "sqlite_sequence"',
                    'DELETE FROM "sqlite_sequence"',
                    'INSERT INTO "figure_cache"',
                )
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


# -- engines: SQLite always, PostgreSQL when a throwaway server can be started --------------------


class PgRunner(Runner):
    """Runs commands against a team database on PostgreSQL, as one rep's role."""

    def __init__(self, url: str, admin: str, tz: str = "UTC") -> None:
        super().__init__(url, tz)  # type: ignore[arg-type]
        self.admin = admin

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        from repdesk.db.pg import connect, translate

        with connect(self.admin) as conn:  # values loaded as repdesk loads them (instants as text)
            return [tuple(r) for r in conn.execute(translate(sql, bool(params)), params or None).fetchall()]

    def dump(self) -> list[str]:
        out: list[str] = []
        for (table,) in self.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
        ):
            out += [f"{table} {r}" for r in sorted(self.rows(f"SELECT * FROM {table}"), key=repr)]
        return out

    def records(self) -> list[str]:
        return [line for line in self.dump() if not line.startswith("journal ")]


class Team:
    """A fresh team database for one test: its administrator's URL and a way to add roles."""

    def __init__(self, server: Any, dbname: str) -> None:
        self.server = server
        self.admin = server.url(dbname=dbname)
        self.dbname = dbname

    def rep(self, name: str, manager: bool = False) -> str:
        from repdesk.db.pg import add_member

        return add_member(self.admin, f"{name}_{self.dbname}", manager=manager)


@pytest.fixture(scope="session")
def pg_server() -> Any:
    """A throwaway PostgreSQL cluster with a migrated, secured template database (or skip)."""
    from tests import pgserver

    server = pgserver.start()
    if server is None:
        pytest.skip(f"PostgreSQL tests skipped: {pgserver.REASON}")
    import psycopg

    from repdesk.db.pg import init_team

    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE repdesk_template")
    init_team(server.url(dbname="repdesk_template"))
    yield server
    server.stop()


_counter = iter(range(1, 1_000_000))


@pytest.fixture
def team(pg_server: Any, worker_id: str) -> Team:
    """A fresh team database (a copy of the secured template)."""
    import psycopg

    name = f"t{worker_id.replace('gw', '')}_{next(_counter)}"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE repdesk_template")
    return Team(pg_server, name)


ENGINES = ["sqlite", "postgresql"]


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _runner(request: pytest.FixtureRequest, engine: str, tmp_path: Path, name: str, tz: str) -> Runner:
    if engine == "sqlite":
        return Runner(tmp_path / name, tz=tz).create()
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip("about the local SQLite file")
    t: Team = request.getfixturevalue("team")
    return PgRunner(t.rep("rep"), t.admin, tz=tz)


@pytest.fixture
def rd(request: pytest.FixtureRequest, engine: str, tmp_path: Path) -> Runner:
    """A rep's database: a fresh SQLite file, and (parametrised) a fresh team database on PostgreSQL."""
    return _runner(request, engine, tmp_path, "repdesk.db", "UTC")


@pytest.fixture
def rd_ny(request: pytest.FixtureRequest, engine: str, tmp_path: Path) -> Runner:
    return _runner(request, engine, tmp_path, "ny.db", "America/New_York")
