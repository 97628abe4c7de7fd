"""Bad input: one clear line on stderr, exit code 2, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Runner

LONG = "x" * 100_001

BAD = [
    ["log", "call", "nobody", "connected"],
    ["log", "call", "acme", "bounced"],  # a call cannot bounce
    ["log", "social", "acme", "voicemail"],
    ["log", "fax", "acme", "sent"],
    ["log", "call", "acme", "exploded"],
    ["log", "call", "acme", "connected", "--at", "2026-02-30"],
    ["log", "call", "acme", "connected", "--at", "25:99"],
    ["log", "call", "acme", "connected", "--at", "next blue moon"],
    ["log", "call", "acme", "connected", "--at", "2026-12-01 10:00"],  # future
    ["log", "call", "acme", "connected", "--minutes", "-3"],
    ["log", "call", "acme", "connected", "--minutes", "lots"],
    ["log", "call", "acme", "connected", "--minutes", "1_0"],  # int() takes these three; a rep never means them
    ["log", "call", "acme", "connected", "--minutes", "\u0663"],  # ARABIC-INDIC DIGIT THREE
    ["next", "--limit", "\uff13"],  # FULLWIDTH DIGIT THREE
    ["status", "--db", ""],  # an unset variable in a script: not the default database
    ["log", "call", "acme", "connected", "--note", LONG],
    ["log", "call", "acme", "connected", "--note", "bell\x07"],
    ["prospect", "add", ""],
    ["prospect", "add", "   "],
    ["prospect", "add", "X" * 501],
    ["prospect", "add", "Initech", "--seniority", "emperor"],
    ["prospect", "add", "Initech", "--employees", "-5"],
    ["prospect", "add", "Initech", "--source", "carrier pigeon"],
    ["prospect", "add", "Initech", "--note", LONG],
    ["prospect", "edit", "acme"],
    ["prospect", "edit", "nobody", "--title", "CEO"],
    ["prospect", "show", "nobody"],
    ["deal", "open", "acme", "--value", "-100"],
    ["deal", "open", "acme", "--value", "lots"],
    ["deal", "open", "acme", "--value", "1.234"],
    ["deal", "open", "nobody", "--value", "100"],
    ["deal", "won", "999"],
    ["deal", "won", "abc"],
    ["deal", "lost", "1", "--reason", "aliens"],
    ["deal", "proposal", "1", "--at", "2026-10-01"],  # before the deal opened
    ["meeting", "book", "acme", "--at", "someday"],
    ["meeting", "book", "acme", "--at", "tomorrow", "--kind", "party"],
    ["meeting", "done", "1", "--outcome", "great"],
    ["meeting", "done", "42", "--outcome", "advanced"],
    ["targets", "set", "2026-13", "--revenue", "1000"],
    ["targets", "set", "2026-Q5", "--revenue", "1000"],
    ["targets", "set", "2026-11", "--revenue", "-1"],
    ["targets", "set", "2026-11", "--revenue", "1000", "--workdays", "funday"],
    ["targets", "split", "1000", "--reps", "0"],
    ["icp", "add", "Size", "--field", "employees", "--min", "500", "--max", "10"],
    ["icp", "add", "Size", "--field", "shoe_size", "--min", "5"],
    ["icp", "add", "Nothing"],
    ["icp", "add", "!!!", "--manual"],
    ["icp", "check", "acme", "--answer", "nope=yes"],
    ["icp", "remove", "nope"],
    ["config", "set", "colour", "blue"],
    ["config", "set", "timezone", "Mars/Olympus"],
    ["config", "set", "rates.win", "1.5"],
    ["config", "set", "currency", "dollars"],
    ["today", "--date", "someday"],
    ["review", "--days", "0"],
    ["log"],
    ["frobnicate"],
]


@pytest.fixture
def seeded(rd: Runner) -> Runner:
    rd("prospect", "add", "Acme Corp")
    rd("deal", "open", "acme", "--value", "100", "--at", "2026-11-10")
    rd("meeting", "book", "acme", "--at", "2026-11-25 10:00")
    return rd


@pytest.mark.parametrize("args", BAD, ids=lambda a: " ".join(a)[:60])
def test_bad_input_exits_2_and_writes_nothing(seeded: Runner, args: list[str]) -> None:
    before = seeded.dump()
    seeded.fails(*args)
    assert seeded.dump() == before


def test_emoji_and_right_to_left_text_kept_intact(rd: Runner) -> None:
    name = "שלום Café 🚀 مرحبا"
    note = "Called 📞 — said «oui» 👍 and עברית"
    pid = rd("prospect", "add", name, "--contact", "Zoë 🙂", "--json").json()["id"]
    rd("log", "call", str(pid), "connected", "--note", note)
    shown = rd("prospect", "show", "🚀", "--json").json()
    assert shown["company"] == name and shown["contact"] == "Zoë 🙂"
    assert shown["touches"][0]["note"] == note
    assert name in rd("prospect", "list").out
    assert rd("log", "call", "مرحبا", "connected", "--json").json()["prospect_id"] == pid


def test_text_file_as_db_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my grocery list\n")
    rd = Runner(path)
    err = rd.fails("prospect", "add", "Acme").err
    assert "not a repdesk database" in err
    assert path.read_text() == "my grocery list\n"


def test_foreign_sqlite_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    assert "not a repdesk database" in Runner(path).fails("prospect", "list").err
    assert path.read_bytes() == before


def test_folder_as_db_is_refused(tmp_path: Path) -> None:
    err = Runner(tmp_path).fails("prospect", "list", code=1).err  # an environment error
    assert "folder" in err and "not a repdesk database" not in err


def test_the_app_without_a_terminal_says_so_and_ends(tmp_path: Path) -> None:
    """`repdesk` with no command in a script or a pipe: one line and exit 2, at once, nothing made
    (the full-screen app would draw for no one and wait for keys that never come)."""
    import subprocess
    import sys

    db = tmp_path / "r.db"
    done = subprocess.run(
        [sys.executable, "-m", "repdesk", "--db", str(db)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "needs a terminal" in done.stderr
    assert not db.exists()
