"""Every command that writes and reads records, end to end, and undo of each kind of write."""

from __future__ import annotations

import os
import stat

import pytest

from tests.conftest import Runner


def add_acme(rd: Runner) -> int:
    return int(rd("prospect", "add", "Acme Corp", "--contact", "Jane Doe", "--seniority", "vp",
                  "--industry", "software", "--employees", "200", "--source", "referral").out)  # fmt: skip


def test_prospect_add_list_show_edit(rd: Runner) -> None:
    pid = add_acme(rd)
    assert pid == 1
    listed = rd("prospect", "list", "--json").json()
    assert [p["company"] for p in listed] == ["Acme Corp"]
    assert listed[0]["stage"] == "new"
    shown = rd("prospect", "show", "acme", "--json").json()
    assert shown["contact"] == "Jane Doe" and shown["employees"] == 200
    assert shown["touches"] == [] and shown["meetings"] == [] and shown["deals"] == []
    assert shown["icp"] == {"fit": None, "grade": None, "met": [], "failed": [], "unknown": []}
    edited = rd("prospect", "edit", "1", "--title", "VP Sales", "--employees", "250", "--json").json()
    assert edited["title"] == "VP Sales" and edited["employees"] == 250
    assert "Acme Corp" in rd("prospect", "list").out
    assert "Jane Doe" in rd("prospect", "show", "Acme").out


def test_log_touch_and_update_outcome(rd: Runner) -> None:
    add_acme(rd)
    touch = rd("log", "email", "acme", "sent", "--note", "intro", "--json").json()
    assert touch["channel"] == "email" and touch["outcome"] == "sent" and touch["note"] == "intro"
    assert touch["at"] == "2026-11-20T15:00:00+00:00"
    replied = rd("touch", str(touch["id"]), "--outcome", "replied", "--json").json()
    assert replied["outcome"] == "replied"
    rd("log", "call", "acme", "connected", "--at", "yesterday", "--minutes", "7")
    assert rd.rows("SELECT at, minutes FROM touch WHERE channel = 'call'") == [("2026-11-19 12:00:00.000000", 7)]


def test_prospect_names_and_ambiguity(rd: Runner) -> None:
    add_acme(rd)
    rd("prospect", "add", "Acme Logistics")
    rd("prospect", "add", "Globex")
    assert rd("log", "call", "acme corp", "connected", "--json").json()["prospect_id"] == 1  # exact wins
    assert rd("log", "call", "glob", "connected", "--json").json()["prospect_id"] == 3  # unique part
    err = rd.fails("log", "call", "acme", "connected").err
    assert "matches 2 prospects" in err and "Acme Corp" in err and "Acme Logistics" in err
    assert "no prospect matches" in rd.fails("log", "call", "initech", "connected").err


def test_meetings(rd: Runner) -> None:
    add_acme(rd)
    m = rd("meeting", "book", "acme", "--at", "2026-11-18 10:00", "--kind", "first", "--goal", "demo", "--json").json()
    assert m["status"] == "scheduled" and m["kind"] == "first" and m["goal"] == "demo"
    done = rd("meeting", "done", str(m["id"]), "--outcome", "advanced", "--next-step", "send proposal", "--json").json()
    assert done["status"] == "held" and done["outcome"] == "advanced" and done["next_step"] == "send proposal"
    future = rd("meeting", "book", "acme", "--at", "mon 09:30", "--json").json()
    assert future["at"] == "2026-11-23T09:30:00+00:00"  # the next Monday
    rd.fails("meeting", "done", str(future["id"]), "--outcome", "advanced")  # not held yet
    assert rd("meeting", "cancel", str(future["id"]), "--json").json()["status"] == "cancelled"
    m2 = rd("meeting", "book", "acme", "--at", "2026-11-19 10:00", "--json").json()
    assert rd("meeting", "noshow", str(m2["id"]), "--json").json()["status"] == "no_show"


def test_deals(rd: Runner) -> None:
    add_acme(rd)
    d = rd("deal", "open", "acme", "--value", "25,000", "--title", "Pilot", "--at", "2026-11-02", "--json").json()
    assert d["value"] == 25000 and d["status"] == "open" and d["title"] == "Pilot"
    p = rd("deal", "proposal", str(d["id"]), "--value", "27000", "--at", "2026-11-05", "--json").json()
    assert p["proposal_value"] == 27000 and p["proposal_at"].startswith("2026-11-05")
    w = rd("deal", "won", str(d["id"]), "--value", "26500.50", "--json").json()
    assert w["status"] == "won" and w["value"] == 26500.5
    assert rd.rows("SELECT value_cents FROM deal") == [(2650050,)]
    rd.fails("deal", "lost", str(d["id"]), "--reason", "price")  # already won
    d2 = rd("deal", "open", "acme", "--value", "9k", "--json").json()
    assert d2["value"] == 9000
    lost = rd("deal", "lost", str(d2["id"]), "--reason", "competitor", "--json").json()
    assert lost["status"] == "lost" and lost["lost_reason"] == "competitor"
    assert rd("prospect", "show", "acme", "--json").json()["lifetime_value"] == 26500.5


def test_targets(rd: Runner) -> None:
    t = rd("targets", "set", "2026-q4", "--revenue", "300000", "--avg-deal", "25000", "--json").json()
    assert (t["period"], t["start"], t["end"], t["revenue"], t["avg_deal"]) == (
        "2026-Q4", "2026-10-01", "2026-12-31", 300000, 25000)  # fmt: skip
    t2 = rd("targets", "set", "2026-11", "--revenue", "100k", "--workdays", "mon-thu", "--off", "2026-11-26",
            "--json").json()  # fmt: skip
    assert t2["workdays"] == "mon,tue,wed,thu" and t2["off_dates"] == "2026-11-26"
    assert [x["period"] for x in rd("targets", "list", "--json").json()] == ["2026-Q4", "2026-11"]
    again = rd("targets", "set", "2026-Q4", "--revenue", "320000", "--json").json()
    assert again["id"] == t["id"] and again["revenue"] == 320000


def test_targets_split_golden(rd: Runner) -> None:
    # golden example 3: a 10% raise on 3,000,000 split over 10 reps
    assert rd("targets", "split", "3000000", "--raise", "10", "--reps", "10", "--json").json()["per_rep"] == 30000
    assert rd("targets", "split", "3000000", "--raise", "10", "--reps", "1", "--json").json()["per_rep"] == 300000
    assert rd("targets", "split", "3000000", "--reps", "10", "--json").json()["per_rep"] == 300000
    out = rd("targets", "split", "3000000", "--raise", "10", "--reps", "10").out
    assert "300,000 more" in out and "new total of 3,300,000" in out and "each rep must add 30,000" in out


def test_icp(rd: Runner) -> None:
    add_acme(rd)
    rd("prospect", "add", "Tiny Shop", "--industry", "retail", "--employees", "4", "--seniority", "individual")
    rd("prospect", "add", "Mystery Inc")
    c = rd("icp", "add", "Target industry", "--field", "industry", "--in", "Software,Fintech", "--json").json()
    assert c["key"] == "target_industry" and c["rule"] == "choice" and c["choices"] == ["Software", "Fintech"]
    rd("icp", "add", "Size (50–1000)", "--field", "employees", "--min", "50", "--max", "1000")
    rd("icp", "add", "Decision maker", "--min-seniority", "director")
    rd("icp", "add", "Budget confirmed", "--manual")
    assert "already exists" in rd.fails("icp", "add", "Budget Confirmed", "--manual").err
    keys = [x["key"] for x in rd("icp", "list", "--json").json()]
    assert keys == ["target_industry", "size_501000", "decision_maker", "budget_confirmed"]
    acme = rd("icp", "check", "acme", "--json").json()
    assert acme["met"] == ["target_industry", "size_501000", "decision_maker"]
    assert acme["unknown"] == ["budget_confirmed"] and acme["fit"] == 0.75 and acme["grade"] == "B"
    acme = rd("icp", "check", "acme", "--answer", "budget_confirmed=yes", "--json").json()
    assert acme["fit"] == 1.0 and acme["grade"] == "A"
    assert rd("prospect", "show", "acme", "--json").json()["icp"]["grade"] == "A"
    tiny = rd("icp", "check", "tiny", "--json").json()
    assert tiny["failed"] == ["target_industry", "size_501000", "decision_maker"] and tiny["grade"] == "C"
    mystery = rd("icp", "check", "mystery", "--json").json()
    assert mystery["unknown"] == keys and mystery["fit"] == 0.0
    assert "research to do" in rd("icp", "check", "mystery").out
    rd("icp", "remove", "size_501000")
    assert len(rd("icp", "list", "--json").json()) == 3
    # editing keeps the key; a manual criterion that gets a rule loses its answers (undo brings them back)
    edited = rd(
        "icp", "edit", "budget_confirmed", "--label", "Budget", "--field", "region", "--in", "EMEA", "--json"
    ).json()
    assert (edited["key"], edited["label"], edited["rule"], edited["choices"]) == (
        "budget_confirmed",
        "Budget",
        "choice",
        ["EMEA"],
    )
    assert rd.rows("SELECT COUNT(*) FROM icp_answer") == [(0,)]
    rd("undo")
    assert rd.rows("SELECT COUNT(*) FROM icp_answer") == [(1,)]
    assert rd("icp", "check", "acme", "--json").json()["grade"] == "A"
    rd.fails("icp", "edit", "nope", "--label", "X")
    rd.fails("icp", "edit", "target_industry")


def test_config(rd: Runner) -> None:
    settings = rd("config", "set", "rates.booked", "0.08", "--json").json()
    assert settings["rates.booked"] == "0.08" and settings["rates.win"] == "0.35"
    rd("config", "set", "currency", "eur")
    rd("config", "set", "rep_name", "Zoë Ångström 🚀")
    shown = rd("config", "show", "--json").json()
    assert shown["currency"] == "EUR" and shown["rep_name"] == "Zoë Ångström 🚀"


@pytest.mark.parametrize(
    "write, table",
    [
        (["prospect", "add", "Initech"], "prospect"),
        (["log", "call", "acme", "no_answer"], "touch"),
        (["meeting", "book", "acme", "--at", "tomorrow 10:00"], "meeting"),
        (["deal", "open", "acme", "--value", "1000"], "deal"),
        (["targets", "set", "2026-12", "--revenue", "1000"], "target"),
        (["icp", "add", "Region", "--field", "region", "--in", "EMEA"], "icp_criterion"),
        (["config", "set", "rep_name", "Sam"], "setting"),
    ],
)
def test_undo_each_create(rd: Runner, write: list[str], table: str) -> None:
    add_acme(rd)
    before = rd.records()
    rd(*write)
    after = rd.records()
    assert after != before
    assert rd("undo").out.startswith("undone: ")
    assert rd.records() == before
    assert rd("redo").out.startswith("redone: ")  # the same record, its id included
    assert rd.records() == after


def test_undo_each_change(rd: Runner) -> None:
    add_acme(rd)
    rd("icp", "add", "Budget", "--manual")
    rd("icp", "add", "Region", "--field", "region", "--in", "EMEA")
    t = rd("log", "email", "acme", "sent", "--json").json()
    m = rd("meeting", "book", "acme", "--at", "2026-11-19 10:00", "--json").json()
    d = rd("deal", "open", "acme", "--value", "1000", "--at", "2026-11-10", "--json").json()
    rd("targets", "set", "2026-11", "--revenue", "1000")
    rd("config", "set", "currency", "EUR")
    changes = [
        ["prospect", "edit", "acme", "--title", "CEO", "--churned-at", "2026-11-19"],
        ["touch", str(t["id"]), "--outcome", "replied"],
        ["meeting", "done", str(m["id"]), "--outcome", "no_decision"],
        ["deal", "proposal", str(d["id"])],
        ["deal", "won", str(d["id"]), "--value", "1200"],
        ["targets", "set", "2026-11", "--revenue", "2000"],
        ["config", "set", "currency", "GBP"],
        ["icp", "check", "acme", "--answer", "budget=yes"],
        ["icp", "remove", "budget"],
        ["icp", "remove", "region"],
    ]
    snapshots = []
    for change in changes:
        snapshots.append(rd.records())
        rd(*change)
    final = rd.records()
    for snap in reversed(snapshots):  # undo is repeatable, newest first
        rd("undo")
        assert rd.records() == snap
    for snap in snapshots[1:]:  # redo brings each back, oldest first
        rd("redo")
        assert rd.records() == snap
    rd("redo")
    assert rd.records() == final and rd("redo").out.strip() == "nothing to redo"
    for snap in reversed(snapshots):
        rd("undo")
        assert rd.records() == snap
    assert rd("icp", "check", "acme", "--json").json()["unknown"] == ["budget", "region"]


def test_undo_with_nothing(rd: Runner) -> None:
    assert rd("undo").out.strip() == "nothing to undo"


def test_storage_location_and_privacy(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    from repdesk.cli.main import main

    assert main(["prospect", "add", "Acme"]) == 0
    path = tmp_path / "xdg" / "repdesk" / "repdesk.db"
    assert path.exists()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    monkeypatch.setenv("REPDESK_DB", str(tmp_path / "env.db"))
    assert main(["prospect", "add", "Globex"]) == 0
    assert (tmp_path / "env.db").exists()


def test_data_dir_is_what_platformdirs_says(tmp_path, monkeypatch) -> None:
    from platformdirs import user_data_dir

    from repdesk.db.location import data_dir

    assert data_dir() == user_data_dir("repdesk", appauthor=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert data_dir() == user_data_dir("repdesk", appauthor=False) == str(tmp_path / "repdesk")
    monkeypatch.setenv("XDG_DATA_HOME", "")
    assert data_dir() == user_data_dir("repdesk", appauthor=False)


@pytest.mark.sqlite_only
def test_db_and_backup(rd: Runner, tmp_path) -> None:
    add_acme(rd)
    assert rd("db").out.strip() == str(rd.db)
    dest = tmp_path / "copy.db"
    assert rd("backup", str(dest)).out.strip() == str(dest)
    copy = Runner(dest)
    assert copy("prospect", "list", "--json").json()[0]["company"] == "Acme Corp"
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
    rd.fails("backup", str(dest))  # never overwrites
    folder = tmp_path / "backups"
    folder.mkdir()
    made = rd("backup", str(folder)).out.strip()
    assert made.startswith(str(folder)) and made.endswith(".db")


def test_version_and_help(capsys) -> None:
    from repdesk import __version__
    from repdesk.cli.main import main

    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "log" in capsys.readouterr().out
