"""Team mode on PostgreSQL: set-up, privacy enforced by the server, the manager's
read-only view and report, sync from a local file, and connection failures.

Every test here needs a PostgreSQL server: the session fixture starts a throwaway cluster with
initdb/pg_ctl, or skips with the reason.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from repdesk.cli.main import main
from tests.conftest import PgRunner, Runner, Team


def run(*args: str) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def two(team: Team) -> tuple[PgRunner, PgRunner, PgRunner]:
    """Rep A, rep B and a manager on one team database."""
    return (
        PgRunner(team.rep("a"), team.admin),
        PgRunner(team.rep("b"), team.admin),
        PgRunner(team.rep("m", manager=True), team.admin),
    )


def test_init_is_idempotent_and_add_rep_prints_a_working_url(team: Team) -> None:
    code, out, _ = run("team", "init", "--db", team.admin)
    assert code == 0 and "row-level security" in out
    code, out2, _ = run("team", "init", "--db", team.admin)  # again: nothing changes, exit 0
    assert code == 0 and out2 == out
    code, url, err = run("team", "add-rep", f"zoe_{team.dbname}", "--db", team.admin)
    assert code == 0, err
    url = url.strip()
    assert url.startswith(f"postgresql://zoe_{team.dbname}:") and "not shown again" in err
    code, shown, _ = run("db", "--db", url)
    password = url.split(":")[2].split("@")[0]
    assert shown.strip() == url.replace(password, "***") and password not in shown
    assert run("prospect", "add", "Zeta", "--db", url)[0] == 0
    # the same name twice is refused
    code, _, err = run("team", "add-rep", f"zoe_{team.dbname}", "--db", team.admin)
    assert code == 2 and "already exists" in err
    code, _, err = run("team", "add-rep", "Robert'); DROP TABLE touch;--", "--db", team.admin)
    assert code == 2 and err.count("\n") == 1


def test_a_rep_sees_and_changes_only_their_rows_through_repdesk(two: tuple[PgRunner, PgRunner, PgRunner]) -> None:
    a, b, _ = two
    a("prospect", "add", "Acme")
    b("prospect", "add", "Globex")
    b("log", "call", "globex", "connected", "--at", "2026-11-19 10:00")
    assert [p["company"] for p in a("prospect", "list", "--json").json()] == ["Acme"]
    globex_id = b("prospect", "show", "globex", "--json").json()["id"]
    a.fails("prospect", "show", str(globex_id))
    a.fails("log", "call", str(globex_id), "connected")
    a.fails("prospect", "edit", "globex", "--company", "Mine")
    touch_id = b.rows("SELECT id FROM touch")[0][0]
    a.fails("touch", "delete", str(touch_id))
    assert a("review", "--json").json()["touches"] == 0
    assert b("review", "--as-of", "2026-11-20", "--json").json()["touches"] == 1
    # ids are unique across the team database
    ids = [r[0] for r in a.rows("SELECT id FROM prospect ORDER BY id")]
    assert len(ids) == len(set(ids)) == 2
    # undo is per rep: A's undo does not touch B's touch
    assert "undone" in a("undo").out
    assert b.rows("SELECT COUNT(*) FROM touch")[0][0] == 1
    assert a.rows("SELECT company FROM prospect ORDER BY id") == [("Globex",)]


def test_a_rep_cannot_read_change_or_delete_another_reps_rows_with_plain_sql(
    two: tuple[PgRunner, PgRunner, PgRunner],
) -> None:
    a, b, _ = two
    b("prospect", "add", "Globex")
    b("log", "call", "globex", "connected", "--at", "2026-11-19 10:00")
    b("config", "set", "rep_name", "Bea")
    with psycopg.connect(str(a.db), autocommit=True) as conn:
        for table in ("prospect", "touch", "followup", "setting", "journal"):
            assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone() == (0,), table
        assert conn.execute("UPDATE prospect SET company = 'x'").rowcount == 0
        assert conn.execute("DELETE FROM touch").rowcount == 0
        assert conn.execute("DELETE FROM setting").rowcount == 0
        b_rep = b.rows("SELECT rep FROM prospect")[0][0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a row in B's name
            conn.execute("INSERT INTO prospect (company, created_at, rep) VALUES ('Fake', now(), %s)", (b_rep,))
        globex = b.rows("SELECT id FROM prospect")[0][0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a touch on B's prospect
            conn.execute(
                "INSERT INTO touch (prospect_id, at, channel, outcome) VALUES (%s, now(), 'call', 'connected')",
                (globex,),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # no way around the policies
            conn.execute("ALTER TABLE touch DISABLE ROW LEVEL SECURITY")
    assert b.rows("SELECT company FROM prospect") == [("Globex",)]
    assert b.rows("SELECT COUNT(*) FROM touch") == [(1,)]


def test_the_manager_reads_everything_and_writes_nothing(two: tuple[PgRunner, PgRunner, PgRunner]) -> None:
    a, b, m = two
    a("prospect", "add", "Acme")
    b("prospect", "add", "Globex")
    assert sorted(p["company"] for p in m("prospect", "list", "--json").json()) == ["Acme", "Globex"]
    before = m.dump()
    for args in (("prospect", "add", "Initech"), ("log", "call", "acme", "connected"), ("undo",),
                 ("config", "set", "rep_name", "M"), ("targets", "set", "2026-Q4", "--revenue", "1000")):  # fmt: skip
        res = m.fails(*args)
        assert res.err == "repdesk: read-only: a manager's role cannot write\n"
    assert m.dump() == before
    with psycopg.connect(str(m.db), autocommit=True) as conn:
        assert conn.execute("SELECT COUNT(*) FROM prospect").fetchone() == (2,)
        for sql in ("UPDATE prospect SET company = 'x'", "DELETE FROM prospect",
                    "INSERT INTO setting (key, value) VALUES ('a', 'b')"):  # fmt: skip
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
    assert m.dump() == before


def test_team_report_against_hand_arithmetic(two: tuple[PgRunner, PgRunner, PgRunner], tmp_path: Path) -> None:
    a, b, m = two
    # rep A: a fixed daily goal of 2; in 2026-W47 Mon 2 touches (1 hit), Tue 1, Wed 3 (2 hits): at goal Mon and Wed
    a("targets", "set", "2026-Q4", "--revenue", "100000", "--daily-goal", "2")
    a("prospect", "add", "Acme")
    for day, outcome in (("16", "connected"), ("16", "no_answer"), ("17", "busy"), ("18", "replied"),
                         ("18", "no_answer"), ("18", "meeting_booked")):  # fmt: skip
        a("log", "email" if outcome in ("replied",) else "call", "acme", outcome, "--at", f"2026-11-{day} 10:00")
    mid = a("meeting", "book", "acme", "--at", "2026-11-18 14:00", "--json").json()["id"]
    a("meeting", "done", str(mid), "--outcome", "advanced")
    did = a("deal", "open", "acme", "--value", "60000", "--at", "2026-11-18 15:00", "--json").json()["id"]
    a("deal", "proposal", str(did), "--at", "2026-11-19 09:00")
    a("deal", "won", str(did), "--at", "2026-11-19 16:00")
    # rep B: target 10,000, one deal of 20,000 won and one lost; one touch in the previous week
    b("targets", "set", "2026-Q4", "--revenue", "10000")
    b("prospect", "add", "Globex")
    b("log", "call", "globex", "connected", "--at", "2026-11-10 10:00")
    d1 = b("deal", "open", "globex", "--value", "20000", "--at", "2026-11-16", "--json").json()["id"]
    b("deal", "won", str(d1), "--at", "2026-11-17")
    d2 = b("deal", "open", "globex", "--value", "5000", "--at", "2026-11-16", "--json").json()["id"]
    b("deal", "lost", str(d2), "--reason", "price", "--at", "2026-11-18")
    r = m("team", "report", "--week", "2026-W47", "--format", "json").json()
    assert (r["week"], r["start"], r["end"]) == ("2026-W47", "2026-11-16", "2026-11-22")
    rows = {x["rep"].split("_")[0]: x for x in r["reps"]}
    assert rows["a"] == {"rep": rows["a"]["rep"], "touches": 6, "hit_rate": round(3 / 6, 6), "days_at_goal": 2,
                         "working_days": 5, "proposal_rate": 1.0, "win_rate": 1.0, "attainment": 0.6}  # fmt: skip
    assert rows["b"]["touches"] == 0 and rows["b"]["hit_rate"] is None
    assert (rows["b"]["win_rate"], rows["b"]["attainment"], rows["b"]["proposal_rate"]) == (0.5, 2.0, None)
    assert r["share_at_target"] == 0.5 and r["reps_with_target"] == 2
    prev = {x["rep"].split("_")[0]: x for x in r["previous_week"]["reps"]}
    assert prev["b"]["touches"] == 1 and prev["b"]["hit_rate"] == 1.0 and prev["a"]["touches"] == 0
    assert r["previous_week"]["share_at_target"] == 0.0  # nothing won before W47
    # the same figures as the rep's own weekly summary
    own = a("export", "week", "--week", "2026-W47", "--format", "json").json()
    assert own["touches"] == rows["a"]["touches"] and own["hit_rate"] == rows["a"]["hit_rate"]
    assert sum(1 for d in own["barometer_by_day"] if (d["barometer"] or 0) >= 1) == rows["a"]["days_at_goal"]
    # every format; files are private and never silently replaced
    for fmt in ("md", "html", "csv"):
        text = m("team", "report", "--week", "2026-W47", "--format", fmt).out
        assert (rows["a"]["rep"].replace("_", "\\_") if fmt == "md" else rows["a"]["rep"]) in text
    out = tmp_path / "team.html"
    m("team", "report", "--week", "2026-W47", "--format", "html", "-o", str(out))
    assert (out.stat().st_mode & 0o777) == 0o600 and "<table>" in out.read_text()
    assert "exists" in m.fails("team", "report", "--week", "2026-W47", "-o", str(out)).err
    assert "manager's" in a.fails("team", "report").err


def test_sync_copies_updates_and_deletes_and_leaves_the_file_alone(team: Team, tmp_path: Path) -> None:
    local = Runner(tmp_path / "mine.db")
    local("prospect", "add", "Acme", "--contact", "Ann")
    local("log", "call", "acme", "connected", "--at", "2026-11-18 10:00")
    local("log", "call", "acme", "no_answer", "--at", "2026-11-19 10:00")
    local("icp", "add", "Budget", "--manual")
    local("icp", "check", "acme", "--answer", "budget=yes")
    local("targets", "set", "2026-Q4", "--revenue", "50000")
    rep = PgRunner(team.rep("s"), team.admin)
    digest = hashlib.sha256(local.db.read_bytes()).hexdigest()
    first = local("sync", "--to", str(rep.db)).out
    assert "0 changed, 0 deleted" in first
    assert hashlib.sha256(local.db.read_bytes()).hexdigest() == digest  # opened read-only, unchanged
    again = local("sync", "--to", str(rep.db)).out
    assert " 0 created, 0 changed, 0 deleted" in again  # idempotent: nothing doubles
    mine = rep("review", "--as-of", "2026-11-20", "--json").json()
    theirs = local("review", "--as-of", "2026-11-20", "--json").json()
    assert {k: mine[k] for k in ("touches", "hits", "hit_rate")} == {
        k: theirs[k] for k in ("touches", "hits", "hit_rate")
    }
    assert rep("prospect", "show", "acme", "--json").json()["icp"]["met"] == ["budget"]
    # a touch synced, then undone locally: deleted on the server; an edit: updated
    local("log", "call", "acme", "busy", "--at", "2026-11-19 11:00")
    local("sync", "--to", str(rep.db))
    assert rep("review", "--as-of", "2026-11-20", "--json").json()["touches"] == 3
    local("undo")
    local("prospect", "edit", "acme", "--contact", "Bob")
    out = local("sync", "--to", str(rep.db)).out
    assert " 0 deleted" not in out and " 0 changed" not in out
    assert rep.rows("SELECT contact FROM prospect") == [("Bob",)]
    assert rep("review", "--as-of", "2026-11-20", "--json").json()["touches"] == 2
    server_followups = rep.rows("SELECT due, status, auto FROM followup ORDER BY due, status")
    assert server_followups == sorted(local.rows("SELECT due, status, auto FROM followup"), key=lambda r: (r[0], r[1]))
    # the sync is one undoable write on the server
    assert "undone: sync" in rep("undo").out


def test_sync_refuses_a_manager_and_an_older_file(team: Team, tmp_path: Path) -> None:
    local = Runner(tmp_path / "mine.db")
    local("prospect", "add", "Acme")
    manager = team.rep("mm", manager=True)
    assert "read-only" in local.fails("sync", "--to", manager).err
    import sqlite3

    conn = sqlite3.connect(local.db)
    conn.execute("UPDATE alembic_version SET version_num = '0006'")
    conn.commit()
    conn.close()
    assert "open it with repdesk once to upgrade it" in local.fails("sync", "--to", team.rep("s2")).err


@pytest.mark.parametrize("what", ["password", "port"])
def test_a_wrong_password_or_no_server_is_exit_1_naming_the_host(
    pg_server: Any, what: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    secret = "s3cret-Pa55"
    if what == "password":
        url, host = f"postgresql://postgres:{secret}@127.0.0.1:{pg_server.port}/postgres", f"127.0.0.1:{pg_server.port}"
    else:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        url, host = f"postgresql://postgres:{secret}@127.0.0.1:{port}/postgres", f"127.0.0.1:{port}"
    for args in (("status",), ("log", "call", "acme", "connected"), ("team", "report"), ("db",)):
        t0 = time.monotonic()
        code, out, err = run("--db", url, *args)
        assert time.monotonic() - t0 < 10
        assert secret not in out + err
        if args == ("db",):
            assert code == 0 and out.strip() == url.replace(secret, "***")
            continue
        assert code == 1, err
        assert err.startswith(f"repdesk: cannot connect to {host}: ") and err.count("\n") == 1, err
        assert ("password authentication failed" in err) if what == "password" else ("refused" in err), err
    assert list(tmp_path.iterdir()) == []  # no fallback to a local file


def test_figures_are_identical_on_both_engines(team: Team, tmp_path: Path) -> None:
    sqlite = Runner(tmp_path / "same.db", tz="America/New_York")
    pg = PgRunner(team.rep("same"), team.admin, tz="America/New_York")
    for rd in (sqlite, pg):
        rd("targets", "set", "2026-Q4", "--revenue", "300000", "--avg-deal", "25000")
        rd("icp", "add", "Software", "--field", "industry", "--in", "software,fintech")
        rd("prospect", "add", "Acme", "--industry", "Software", "--employees", "120")
        rd("prospect", "add", "Globex", "--industry", "retail")
        for i in range(40):
            day = 1 + i % 19
            outcome = ("connected", "no_answer", "voicemail", "meeting_booked", "replied")[i % 5]
            channel = "email" if outcome == "replied" else "call"
            rd("log", channel, "acme" if i % 3 else "globex", outcome, "--at", f"2026-11-{day:02d} {8 + i % 12}:30")
        mid = rd("meeting", "book", "acme", "--at", "2026-11-05 10:00", "--json").json()["id"]
        rd("meeting", "done", str(mid), "--outcome", "advanced")
        did = rd("deal", "open", "acme", "--value", "25000.50", "--at", "2026-11-05 12:00", "--json").json()["id"]
        rd("deal", "proposal", str(did), "--at", "2026-11-08")
        rd("deal", "won", str(did), "--at", "2026-11-12")
        d2 = rd("deal", "open", "globex", "--value", "999999999999.99", "--at", "2026-11-06", "--json").json()["id"]
        rd("deal", "lost", str(d2), "--reason", "price", "--at", "2026-11-13")

    def strip(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k != "rep"}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    for args in (("review", "--as-of", "2026-11-20", "--days", "60", "--json"), ("today", "--json"),
                 ("export", "week", "--week", "2026-W46", "--format", "json"), ("prospect", "list", "--json"),
                 ("prospect", "show", "acme", "--json"), ("next", "--json"), ("status",)):  # fmt: skip
        one, two = sqlite(*args).out, pg(*args).out
        if args[-1] == "--json" or "json" in args:
            assert strip(json.loads(one)) == strip(json.loads(two)), args
        else:
            assert one == two, args


async def test_the_app_on_the_team_database(team: Team) -> None:
    """A rep logs a call by keys in the app on PostgreSQL, undoes it; a manager's app refuses writes."""
    from repdesk.tui.app import RepdeskApp
    from repdesk.tui.shots import settle

    rep = PgRunner(team.rep("app"), team.admin)
    rep("prospect", "add", "Acme Corp", "--contact", "Jane Doe")
    rep("prospect", "add", "Globex")
    rep("targets", "set", "2026-11", "--revenue", "100000", "--daily-goal", "40")
    app = RepdeskApp(str(rep.db), "UTC", live=False)
    password = str(rep.db).split(":")[2].split("@")[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "***" in app.sub_title and password not in app.sub_title  # the title bar never shows it
        await pilot.press("c", *"glob")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(5):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert rep.rows("SELECT channel, outcome FROM touch") == [("call", "connected")]
        for _ in range(100):  # the screen reloads in a worker; the server may take a moment under load
            if "1 of 40" in str(app.screen.query_one("#barometer").render()):
                break
            await pilot.pause(0.1)
        assert "1 of 40" in str(app.screen.query_one("#barometer").render())
        await pilot.press("u")
        await settle(pilot)
        assert rep.rows("SELECT COUNT(*) FROM touch") == [(0,)]
    manager = PgRunner(team.rep("appm", manager=True), team.admin)
    before = manager.dump()
    app = RepdeskApp(str(manager.db), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c", *"glob")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running  # the refusal is shown, the app keeps going
    assert manager.dump() == before


def test_a_password_is_masked_wherever_it_sits() -> None:
    from repdesk.db.pg import masked, translate

    assert masked("postgresql://ana:s3%40cret@db:5432/sales") == "postgresql://ana:***@db:5432/sales"
    assert masked("postgresql://db/sales?sslmode=require&password=s3cret") == (
        "postgresql://db/sales?sslmode=require&password=***"
    )
    assert masked("postgresql://ana@db/sales") == "postgresql://ana@db/sales"
    # placeholders outside quotes only; % escaped
    assert translate("SELECT '?', ':x', ? WHERE a LIKE '%a' AND b = :b", True) == (
        "SELECT '?', ':x', %s WHERE a LIKE '%%a' AND b = %(b)s"
    )


def test_the_report_lists_only_this_teams_reps_when_a_server_holds_two_teams(pg_server: Any) -> None:
    from tests.conftest import Team

    teams = []
    for suffix in ("x", "y"):
        name = f"two_teams_{suffix}_{time.monotonic_ns() % 10**9}"
        with psycopg.connect(pg_server.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE repdesk_template")
        teams.append(Team(pg_server, name))
    x, y = teams
    rx = PgRunner(x.rep("ann"), x.admin)
    y.rep("bob")
    rx("prospect", "add", "Acme")
    rx("log", "call", "acme", "connected", "--at", "2026-11-16 10:00")
    for team, rep in ((x, "ann"), (y, "bob")):
        manager = PgRunner(team.rep("boss", manager=True), team.admin)
        report = manager("team", "report", "--week", "2026-W47", "--format", "json").json()
        assert [r["rep"] for r in report["reps"]] == [f"{rep}_{team.dbname}"]
    assert report["reps"][0]["touches"] == 0  # bob's team: ann's touch is not theirs


def test_the_report_counts_each_touch_on_its_local_day(team: Team) -> None:
    """Sunday 23:30 in New York is Monday 04:30 UTC: the week it belongs to follows the zone."""
    ny = PgRunner(team.rep("ann"), team.admin, tz="America/New_York")
    ny("prospect", "add", "Acme")
    ny("log", "call", "acme", "connected", "--at", "2026-11-15 23:30")  # a Sunday, local time
    ny("log", "call", "acme", "busy", "--at", "2026-11-16 09:00")  # the Monday after
    for zone, w46, w47 in (("America/New_York", 1, 1), ("UTC", 0, 2), ("Asia/Kolkata", 0, 2)):
        boss = PgRunner(team.rep(f"boss_{zone.split('/')[-1].lower()}", manager=True), team.admin, tz=zone)
        counts = []
        for week in ("2026-W46", "2026-W47"):
            report = boss("team", "report", "--week", week, "--format", "json").json()
            counts.append({r["rep"].split("_")[0]: r["touches"] for r in report["reps"]}["ann"])
        assert counts == [w46, w47], zone
