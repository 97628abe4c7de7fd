"""The store: schema versions, migrations, refusal of foreign files, and the lean path
writing exactly what the SQLModel models read."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, create_engine, select

from repdesk.db import connect as lean
from repdesk.db.migrate import head_revision, known_revisions
from repdesk.db.schema import Deal, IcpAnswer, IcpCriterion, Meeting, Prospect, Setting, SQLModel, Target, Touch
from tests.conftest import DATA, Runner


def test_revisions_match_the_migrations() -> None:
    assert head_revision() == lean.HEAD
    assert set(lean.REVISIONS) == known_revisions()


def test_lean_columns_match_the_models() -> None:
    for name, table in SQLModel.metadata.tables.items():
        assert tuple(c.name for c in table.columns) == lean.COLUMNS[name], name
        assert tuple(c.name for c in table.primary_key.columns) == lean.pk_of(name), name


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    Runner(tmp_path / "a.db")("prospect", "add", "Acme")
    engine = create_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []


def test_what_the_lean_path_writes_the_models_read(rd: Runner) -> None:
    rd("prospect", "add", "Acme Corp", "--employees", "120", "--seniority", "vp", "--industry", "software")
    rd("log", "call", "acme", "connected", "--at", "2026-11-19 14:30", "--minutes", "5", "--note", "hi 👋")
    rd("meeting", "book", "acme", "--at", "2026-11-19 16:00", "--goal", "demo")
    rd("meeting", "done", "1", "--outcome", "advanced")
    rd("deal", "open", "acme", "--value", "1234.56", "--at", "2026-11-19 17:00")
    rd("deal", "won", "1")
    rd("targets", "set", "2026-Q4", "--revenue", "300000", "--avg-deal", "25000")
    rd("icp", "add", "Budget", "--manual")
    rd("icp", "check", "acme", "--answer", "budget=no")
    rd("config", "set", "currency", "EUR")
    admin = getattr(rd, "admin", None)  # on PostgreSQL: the same models over the team database
    engine = create_engine("postgresql+psycopg://" + admin.split("://", 1)[1] if admin else f"sqlite:///{rd.db}")
    with Session(engine) as s:
        p = s.exec(select(Prospect)).one()
        assert (p.company, p.employees, p.seniority, p.archived) == ("Acme Corp", 120, "vp", False)
        t = s.exec(select(Touch)).one()
        assert t.at == datetime(2026, 11, 19, 14, 30, tzinfo=UTC) and t.minutes == 5 and t.note == "hi 👋"
        m = s.exec(select(Meeting)).one()
        assert (m.status, m.outcome, m.goal) == ("held", "advanced", "demo")
        d = s.exec(select(Deal)).one()
        assert d.value_cents == 123456 and d.status == "won" and d.closed_at == datetime(2026, 11, 20, 15, tzinfo=UTC)
        tg = s.exec(select(Target)).one()
        assert (tg.period, tg.revenue_cents, tg.avg_deal_cents) == ("2026-Q4", 30_000_000, 2_500_000)
        assert s.exec(select(IcpCriterion)).one().rule == "manual"
        assert s.exec(select(IcpAnswer)).one().value is False
        assert s.exec(select(Setting).where(Setting.key == "currency")).one().value == "EUR"


def test_old_database_upgrades_with_rows_intact(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(DATA / "schema_0001.sqlite", path)
    rd = Runner(path)
    detail = rd("prospect", "show", "Müller", "--json").json()
    assert detail["deals"][0]["value"] == 25000 and detail["deals"][0]["status"] == "won"
    assert detail["meetings"][0]["outcome"] == "advanced"
    assert len(rd("prospect", "show", "acme", "--json").json()["touches"]) == 2
    assert rd.rows("SELECT version_num FROM alembic_version") == [(lean.HEAD,)]
    assert rd.rows("SELECT journal_mode FROM pragma_journal_mode") == [("wal",)]
    rd("log", "call", "acme", "connected")
    assert rd.rows("SELECT COUNT(*) FROM touch") == [(4,)]


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    rd = Runner(path)
    rd("prospect", "add", "Acme")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = rd.dump()
    err = rd.fails("log", "call", "acme", "connected").err
    assert "newer release" in err
    assert rd.dump() == before


@pytest.mark.sqlite_only
def test_wal_and_foreign_keys(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    assert rd.rows("PRAGMA journal_mode") == [("wal",)]
    with lean.Store(rd.db) as st:
        assert st.scalar("PRAGMA foreign_keys") == 1
