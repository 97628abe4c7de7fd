"""prospect_state, each prospect's latest touch, last hit and attempts kept by triggers: always equal
to reading the touches themselves, whatever the order of inserts, changes and deletes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA, Runner

HITS = ("connected", "replied", "not_interested", "meeting_booked")
EPOCH = "1970-01-01 00:00:00.000000"

pytestmark = pytest.mark.sqlite_only


def by_hand(conn: sqlite3.Connection) -> list[tuple]:
    """Each touched prospect's state, worked out in Python from every touch."""
    touches: dict[int, list[tuple]] = {}
    for tid, pid, at, channel, outcome in conn.execute("SELECT id, prospect_id, at, channel, outcome FROM touch"):
        touches.setdefault(pid, []).append((at, tid, channel, outcome))
    out = []
    for pid, rows in sorted(touches.items()):
        at, tid, channel, outcome = max(rows)  # the latest instant; ties: the higher id
        hits = [r[0] for r in rows if r[3] in HITS]
        last_hit = max(hits) if hits else None
        attempts = sum(r[0] > (last_hit or EPOCH) for r in rows)
        out.append((pid, tid, at, channel, outcome, last_hit, attempts))
    return out


def kept(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT prospect_id, last_id, last_at, last_channel, last_outcome, last_hit_at, attempts"
        " FROM prospect_state ORDER BY prospect_id"
    ).fetchall()


def test_every_command_keeps_the_state(rd: Runner, tmp_path: Path) -> None:
    rd("prospect", "add", "Acme Corp")
    rd("prospect", "add", "Globex")
    rd("log", "call", "acme", "no_answer", "--at", "2026-11-16 09:10")
    rd("log", "call", "acme", "voicemail", "--at", "2026-11-17 09:50")
    rd("log", "call", "acme", "connected", "--at", "2026-11-18 10:00")
    rd("log", "email", "acme", "sent", "--at", "2026-11-19 14:00")
    rd("log", "email", "globex", "sent", "--at", "2026-11-19 14:00")
    conn = sqlite3.connect(rd.db)
    assert kept(conn) == by_hand(conn)
    assert kept(conn)[0][1:] == (4, "2026-11-19 14:00:00.000000", "email", "sent", "2026-11-18 10:00:00.000000", 1)
    rd("touch", "edit", "3", "--outcome", "busy")  # the only hit gone: every touch is an attempt
    assert kept(conn) == by_hand(conn) and kept(conn)[0][5:] == (None, 4)
    rd("touch", "delete", "4")  # the latest touch
    assert kept(conn) == by_hand(conn) and kept(conn)[0][1] == 3
    rd("touch", "edit", "5", "--at", "2026-11-10 08:00")  # moved back in time
    assert kept(conn) == by_hand(conn)
    rd("undo")
    rd("undo")
    assert kept(conn) == by_hand(conn)
    rd("redo")
    assert kept(conn) == by_hand(conn)
    csv = tmp_path / "calls.csv"
    csv.write_text(
        "id,company,at,channel,outcome,minutes,note\n"
        "a1,Acme Corp,2026-11-12 10:05,call,meeting_booked,,\n"  # a hit before the latest touches
        "a2,Initech,2026-11-17 10:40,call,busy,4,\n"
    )
    rd("import", str(csv))
    assert kept(conn) == by_hand(conn) and len(kept(conn)) == 3
    rd("undo")  # the whole import
    assert kept(conn) == by_hand(conn) and len(kept(conn)) == 2
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("DELETE FROM prospect WHERE company = 'Globex'")  # its touches go with it
    assert kept(conn) == by_hand(conn) and [r[0] for r in kept(conn)] == [1]
    conn.close()


def test_an_older_database_gets_its_state_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(DATA / "schema_0001.sqlite", path)
    Runner(path)("status")
    conn = sqlite3.connect(path)
    assert kept(conn) == by_hand(conn) and kept(conn)
    conn.close()


INSTANTS = [f"2026-11-{d:02d} {h:02d}:00:00.000000" for d in (16, 17) for h in (9, 10)] + [
    "1969-12-31 23:00:00.000000",  # before the epoch the attempts count from
    EPOCH,
]
OUTCOMES = ("busy", "no_answer", "connected", "meeting_booked", "sent")
step = st.one_of(
    st.tuples(st.just("insert"), st.integers(1, 3), st.sampled_from(INSTANTS), st.sampled_from(OUTCOMES)),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(
        st.just("update"),
        st.integers(0, 30),
        st.sampled_from(("prospect_id", "at", "outcome", "channel")),
        st.integers(1, 3),
        st.sampled_from(INSTANTS),
        st.sampled_from(OUTCOMES),
    ),
)


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("state") / "blank.db"
    for name in ("Acme", "Globex", "Initech"):
        Runner(path)("prospect", "add", name)
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, max_size=25))
def test_any_order_of_raw_writes_keeps_the_state(blank: Path, tmp_path: Path, steps: list[tuple]) -> None:
    """The triggers see every write, repdesk's or not: ties, hits before and after the latest touch,
    touches moved between prospects, deletes of the latest touch or the last hit."""
    path = tmp_path / f"s{abs(hash(tuple(steps)))}.db"
    shutil.copy(blank, path)
    conn = sqlite3.connect(path)
    try:
        for s in steps:
            ids = [r[0] for r in conn.execute("SELECT id FROM touch ORDER BY id")]
            if s[0] == "insert":
                conn.execute(
                    "INSERT INTO touch (prospect_id, at, channel, outcome) VALUES (?, ?, ?, ?)",
                    (s[1], s[2], "email" if s[3] == "sent" else "call", s[3]),
                )
            elif ids and s[0] == "delete":
                conn.execute("DELETE FROM touch WHERE id = ?", (ids[s[1] % len(ids)],))
            elif ids:
                _, pick, column, pid, at, outcome = s
                value = {"prospect_id": pid, "at": at, "outcome": outcome, "channel": "meeting"}[column]
                conn.execute(f"UPDATE touch SET {column} = ? WHERE id = ?", (value, ids[pick % len(ids)]))
            assert kept(conn) == by_hand(conn), s
        conn.commit()
    finally:
        conn.close()
        path.unlink()
