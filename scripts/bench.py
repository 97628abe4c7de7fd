"""The performance budgets: every budget, each figure beside its floor measured in the same run.

    python scripts/bench.py                 # 1,000,000 touches (about 20 minutes on two cores)
    python scripts/bench.py --quick         # 100,000 touches, fewer runs: a smoke test of the script
    python scripts/bench.py --only app      # one group: hot, reports, lists, dense, export, import, app

A figure and its floor run alternately (A, B, B, A, …) and the ratio is the median of the ratios of
each pair, so a machine that slows down for a while slows both. Databases are built once under
./bench/: `repdesk demo` spread over years; the dense budgets' scenario, a rep's own demo history
into which a team's 1,000,000 calls of the last 90 days were imported (`repdesk import`); and, as
stress figures held to no budget, the demo packed into 13 weeks. Prints a Markdown table; the README
keeps the latest one. This is a benchmark, never a timed test: CI does not run it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
EXE = shutil.which("repdesk", path=str(Path(sys.executable).parent)) or "repdesk"
ENV = {**os.environ, "REPDESK_TZ": "UTC"}
ENV.pop("REPDESK_NOW", None)
ENV.pop("PYTHONDONTWRITEBYTECODE", None)  # measure what a user's installed copy does: bytecode cached
PY = sys.executable

rows: list[tuple[str, str, str, str, str, bool | None]] = []
notes: list[str] = []

# -- floors: the least a program could do for the same answer ------------------------------------
FLOOR_INSERT = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
c.execute("INSERT INTO touch (prospect_id, at, channel, outcome)"
          " VALUES (1, '2026-01-01 10:00:00.000000', 'call', 'busy')")
c.commit()
"""
FLOOR_OPEN = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
c.execute("SELECT COUNT(*) FROM touch WHERE at >= ? AND at < ?", (sys.argv[2], sys.argv[3])).fetchone()
"""
FLOOR_LIST = """
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.row_factory = sqlite3.Row
rows = c.execute("SELECT p.*, (SELECT MAX(t.at) FROM touch t WHERE t.prospect_id = p.id) AS last_touch"
                 " FROM prospect p WHERE NOT p.archived ORDER BY lower(p.company)").fetchall()
sys.stdout.write(json.dumps([dict(r) for r in rows]) + "\\n")
"""
FLOOR_GROUP = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT channel, outcome, COUNT(*) FROM touch WHERE at >= ? AND at < ? GROUP BY channel, outcome",
                (sys.argv[2], sys.argv[3])).fetchall())
"""
FLOOR_CSV = """
import csv, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
w = csv.writer(sys.stdout)
w.writerow(["kind", "id", "at", "company", "channel", "outcome", "minutes", "note"])
cur = c.execute("SELECT t.id, t.at, p.company, t.channel, t.outcome, t.minutes, t.note FROM touch t"
                " JOIN prospect p ON p.id = t.prospect_id WHERE t.at >= ? AND t.at < ? ORDER BY t.at",
                (sys.argv[2], sys.argv[3]))
for r in cur:
    w.writerow(["touch", *r])
"""
FLOOR_IMPORT = """
import csv, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], newline="") as fh:
    data = list(csv.DictReader(fh))
ids = {}
for r in data:
    ids.setdefault(r["company"], len(ids) + 1)
data.sort(key=lambda r: (ids[r["company"]], r["at"]))  # each prospect's touches together, oldest first: the
# cheapest order for the totals and the prospect state that triggers keep (file order costs some 3x more)
c.executemany("INSERT INTO prospect (id, company, seniority, created_at, archived, source_id) VALUES (?,?,?,?,?,?)",
              [(i, name, "unknown", "2025-02-01 12:00:00.000000", False, "c:" + name) for name, i in ids.items()])
c.executemany("INSERT INTO touch (prospect_id, at, channel, outcome, minutes, note, source_id) VALUES (?,?,?,?,?,?,?)",
              [(ids[r["company"]], r["at"] + ":00.000000", r["channel"], r["outcome"], int(r["minutes"] or 0) or None,
                r["note"] or None, r["id"]) for r in data])
c.commit()
"""


def run(cmd: list[str]) -> float:
    """Wall time of one process, in seconds."""
    t0 = time.perf_counter()
    subprocess.run(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def paired(a: list[str], b: list[str], runs: int) -> tuple[float, float, float]:
    """Median time of ``a``, of ``b``, and the median of the ratios a ÷ b, run alternately (one warm-up each)."""
    run(a)
    run(b)
    ta, tb, ratios = [], [], []
    for i in range(runs):
        if i % 2:
            y, x = run(b), run(a)
        else:
            x, y = run(a), run(b)
        ta.append(x)
        tb.append(y)
        ratios.append(x / y)
    return statistics.median(ta), statistics.median(tb), statistics.median(ratios)


def ms(x: float) -> str:
    return f"{x * 1000:,.0f} ms"


def record(figure: str, value: str, floor: str, ratio: float | None, budget: float | None, unit: str = "×") -> None:
    """One row of the table; ``ratio`` None means ``value`` is compared with the budget directly;
    ``budget`` None: a stress figure, shown beside the budgets but held to none."""
    shown = "—" if ratio is None else f"{ratio:.2f}×"
    if budget is None:
        rows.append((figure, value, floor, shown, "stress", None))
        print(f"· {figure}: {value} | {floor} | {shown} (stress figure, no budget)", flush=True)
        return
    measured = ratio if ratio is not None else float(value.split()[0].replace(",", ""))
    ok = measured <= budget
    rows.append((figure, value, floor, shown, f"≤ {budget:g}{unit}", ok))
    print(f"{'✓' if ok else '✗'} {figure}: {value} | {floor} | {shown} (≤ {budget:g}{unit})", flush=True)


def compare(figure: str, a: list[str], floor_name: str, b: list[str], budget: float | None, runs: int) -> None:
    va, vb, ratio = paired(a, b, runs)
    record(figure, ms(va), f"{floor_name} {ms(vb)}", ratio, budget)


# -- databases --------------------------------------------------------------------------------------
def database(name: str, *args: str) -> Path:
    path = BENCH / name
    if not path.exists():
        BENCH.mkdir(exist_ok=True)
        t0 = time.perf_counter()
        if not args:  # an empty repdesk database: created by a write, the write undone
            add = [EXE, "--db", str(path), "prospect", "add", "Acme"]
            subprocess.run(add, env=ENV, check=True, capture_output=True)
            subprocess.run([EXE, "--db", str(path), "undo"], env=ENV, check=True, capture_output=True)
        else:
            subprocess.run([EXE, "demo", str(path), *args], env=ENV, check=True, capture_output=True)
        print(f"  (built {name} in {time.perf_counter() - t0:.1f} s)", flush=True)
    # at this release's schema before any copy is timed (an older file is upgraded by its first command)
    subprocess.run([EXE, "--db", str(path), "status"], env=ENV, check=True, capture_output=True)
    shutil.rmtree(BENCH / "backups", ignore_errors=True)  # the upgrade's safety copy
    conn = sqlite3.connect(path)  # everything in the main file, so that a copy of it is the whole database
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def work_copy(db: Path, name: str) -> Path:
    """A copy to write into (the built databases stay as built)."""
    work = BENCH / name
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copy(db, work)
    return work


def today_bounds() -> tuple[str, str]:
    day = datetime.now(UTC).date()
    return f"{day} 00:00:00.000000", f"{day + timedelta(days=1)} 00:00:00.000000"


def rd(db: Path, *args: str) -> list[str]:
    return [EXE, "--db", str(db), *args]


# -- the groups -------------------------------------------------------------------------------------
def bench_hot(db: Path, label: str, runs: int) -> None:
    work = work_copy(db, "hot.db")
    lo, hi = today_bounds()
    compare(f"`log` ({label})", rd(work, "log", "call", "1", "busy", "--no-next"), "sqlite3 insert",
            [PY, "-c", FLOOR_INSERT, str(work)], 3, runs)  # fmt: skip
    floor = [PY, "-c", FLOOR_OPEN, str(work), lo, hi]
    compare(f"`status` ({label})", rd(work, "status"), "sqlite3 open + count", floor, 3, runs)
    compare(f"`next` ({label})", rd(work, "next"), "status floor", floor, 3, runs)


def bench_reports(db: Path, empty: Path, label: str, runs: int) -> None:
    for args in (["today", "--json"], ["review", "--json"]):
        compare(f"`{' '.join(args)}` ({label})", rd(db, *args), "empty db", rd(empty, *args), 1.5, runs)


def bench_export(db: Path, empty: Path, label: str, runs: int) -> None:
    for fmt in ("md", "html", "csv", "json"):
        args = ["export", "week", "--week", "last", "--format", fmt]
        compare(f"`export week --format {fmt}` ({label})", rd(db, *args), "empty db", rd(empty, *args), 1.5, runs)


def bench_lists(db: Path, label: str, runs: int) -> None:
    compare(f"`prospect list --json` ({label})", rd(db, "prospect", "list", "--json"), "sqlite3 + json.dumps",
            [PY, "-c", FLOOR_LIST, str(db)], 3, runs)  # fmt: skip
    conn = sqlite3.connect(db)
    busiest, most = conn.execute(
        "SELECT prospect_id, COUNT(*) FROM touch GROUP BY prospect_id ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()
    one = conn.execute("SELECT prospect_id FROM touch GROUP BY prospect_id HAVING COUNT(*) = 1 LIMIT 1").fetchone()
    conn.close()
    target = db
    if one is None:  # every demo prospect is busy: add one with a single touch to a copy
        target = work_copy(db, "show.db")
        subprocess.run(rd(target, "prospect", "add", "Single Touch Ltd"), env=ENV, check=True, capture_output=True)
        subprocess.run(rd(target, "log", "call", "Single Touch Ltd", "busy"), env=ENV, check=True, capture_output=True)
        one = ("Single Touch Ltd",)
    compare(f"`prospect show` busiest ({most:,} touches; {label})", rd(target, "prospect", "show", str(busiest)),
            "one-touch prospect", rd(target, "prospect", "show", str(one[0])), 1.5, runs)  # fmt: skip


def bench_dense(db: Path, label: str, runs: int, budget: float | None = 3) -> None:
    work = work_copy(db, "dense-work.db")
    lo, hi = today_bounds()
    floor = [PY, "-c", FLOOR_OPEN, str(work), lo, hi]
    for args in (["status"], ["today", "--json"], ["next"]):
        compare(f"`{' '.join(args)}` ({label})", rd(work, *args), "status floor", floor, budget, runs)
    day = datetime.now(UTC).date()
    wlo, whi = f"{day - timedelta(days=89)} 00:00:00.000000", hi
    compare(f"`review --json` ({label})", rd(work, "review", "--json"), "sqlite3 GROUP BY",
            [PY, "-c", FLOOR_GROUP, str(work), wlo, whi], budget, runs)  # fmt: skip
    # the last whole week: the current one is nearly empty early in the week, and the budget is about
    # writing a week full of touches
    monday = day - timedelta(days=day.weekday() + 7)
    klo, khi = f"{monday} 00:00:00.000000", f"{monday + timedelta(days=7)} 00:00:00.000000"
    compare(f"`export week --week last --format csv` ({label})",
            rd(work, "export", "week", "--week", "last", "--format", "csv"),
            "sqlite3 + csv module", [PY, "-c", FLOOR_CSV, str(work), klo, khi], budget, runs)  # fmt: skip


def team_history(n: int) -> Path:
    """``n`` CSV rows: a team's calls over the 90 days up to yesterday, across 2,000 companies, as a
    generic export (the history a rep imports in the dense budget's scenario)."""
    src = BENCH / f"history-{n}.csv"
    first = datetime.now(UTC).date() - timedelta(days=90)
    rng = random.Random(2)
    calls = ("no_answer", "busy", "voicemail", "connected", "not_interested", "meeting_booked", "gatekeeper")
    emails = ("sent", "sent", "bounced", "replied", "meeting_booked")
    with open(src, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "company", "at", "channel", "outcome", "minutes", "note"])
        for i in range(n):
            day = first + timedelta(days=i * 90 // n)
            channel = "email" if rng.random() < 0.25 else "call"
            outcome = rng.choice(emails if channel == "email" else calls)
            minutes = rng.choice(("", "2", "5")) if channel == "call" else ""
            at = f"{day} {8 + i % 10:02d}:{i * 7 % 60:02d}"
            w.writerow([f"h{i}", f"Account {rng.randrange(2000)}", at, channel, outcome, minutes, ""])
    return src


def imported_history(n: int) -> Path:
    """The dense budget's scenario: a rep's own 26 weeks (`repdesk demo`) into which a team's history of
    ``n`` touches over the 90 days up to yesterday was imported (`repdesk import`)."""
    path = BENCH / f"dense-import-{n}.db"
    if not path.exists():
        BENCH.mkdir(exist_ok=True)
        t0 = time.perf_counter()
        building = BENCH / "dense-import-building.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(building) + suffix).unlink(missing_ok=True)
        subprocess.run([EXE, "demo", str(building)], env=ENV, check=True, capture_output=True)
        src = team_history(n)
        subprocess.run(rd(building, "import", str(src)), env=ENV, check=True, capture_output=True)
        src.unlink()
        conn = sqlite3.connect(building)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        building.rename(path)
        print(f"  (built {path.name} in {time.perf_counter() - t0:.1f} s)", flush=True)
    return database(path.name)


def import_file(n: int) -> Path:
    """``n`` CSV rows: touches across 2,000 companies, as a generic export."""
    src = BENCH / f"import-{n}.csv"
    if not src.exists():
        rng = random.Random(1)
        outcomes = ("no_answer", "busy", "voicemail", "connected", "not_interested", "meeting_booked")
        with open(src, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "company", "at", "channel", "outcome", "minutes", "note"])
            for i in range(n):
                at = f"2025-02-{1 + i % 28:02d} {8 + i % 9:02d}:{i % 60:02d}"
                w.writerow([f"t{i}", f"Company {rng.randrange(2000)}", at, "call", rng.choice(outcomes),
                            rng.choice(("", "3", "5")), ""])  # fmt: skip
    return src


def bench_import(empty: Path, n: int, big: int, runs: int) -> None:
    src = import_file(n)
    ta, tb, ratios = [], [], []
    for i in range(max(3, runs // 2)):
        a, b = work_copy(empty, "import-a.db"), work_copy(empty, "import-b.db")
        pair = [(rd(a, "import", str(src)), ta), ([PY, "-c", FLOOR_IMPORT, str(b), str(src)], tb)]
        for cmd, times in pair if i % 2 == 0 else pair[::-1]:
            t0 = time.perf_counter()
            subprocess.run(cmd, env=ENV, capture_output=True, check=False)
            times.append(time.perf_counter() - t0)
        ratios.append(ta[-1] / tb[-1])
    record(f"`import` of {n:,} CSV rows", ms(statistics.median(ta)), f"csv + executemany {ms(statistics.median(tb))}",
           statistics.median(ratios), 3)  # fmt: skip
    src = import_file(big)
    db = work_copy(empty, "import-big.db")
    peak = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True);"
        " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
    )
    t0 = time.perf_counter()
    out = subprocess.run([PY, "-c", peak, *rd(db, "import", str(src))], env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    record(f"`import` of {big:,} CSV rows: peak memory ({seconds:.0f} s)", f"{float(out.stdout.split()[-1]):.0f} MB",
           "budget", None, 300, " MB")  # fmt: skip


FIRST_PAINT = """
import resource, sys
from repdesk.tui.app import RepdeskApp
from repdesk.tui.shots import settle

async def painted(pilot):
    await settle(pilot)  # the Today screen has shown its figures
    pilot.app.exit()

RepdeskApp(sys.argv[1], "UTC", live=False).run(headless=True, auto_pilot=painted, size=(160, 48))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

IN_APP = """
import asyncio, json, resource, statistics, sys, time
from textual import events
from repdesk.tui.app import RepdeskApp
from repdesk.tui.shots import settle

RUNS = int(sys.argv[2])
out = {}

async def until(cond, limit=120.0):
    t0 = time.perf_counter()
    while not cond():
        if time.perf_counter() - t0 > limit:
            raise TimeoutError("the screen did not show its data")
        await asyncio.sleep(0.001)

async def switch(pilot, key, mode):
    app = pilot.app
    stack = app._screen_stacks.get(mode) or []
    before = stack[-1].shown if stack else 0
    t0 = time.perf_counter()
    await pilot.press(key)
    screen = app.screen
    await until(lambda: screen.shown > before)  # a screen reloads when it is shown: wait for that
    await pilot.pause()  # and for the paint
    return time.perf_counter() - t0

async def drive(pilot):
    app = pilot.app
    await settle(pilot)
    await app.workers.wait_for_complete()
    ratios, today, prospects = [], [], []
    for i in range(RUNS):  # Prospects (2) and Today (1), alternately
        p = await switch(pilot, "2", "prospects")
        t = await switch(pilot, "1", "today")
        prospects.append(p); today.append(t); ratios.append(p / t)
    out["today"] = statistics.median(today)
    out["prospects"] = statistics.median(prospects)
    out["ratio"] = statistics.median(ratios)
    await switch(pilot, "2", "prospects")
    await pilot.press("slash")
    screen = app.screen
    # a key goes to the app as the terminal driver sends it; the time runs until the table is updated
    # and the screen after it painted (Pilot's press also waits for the process to idle, 40 ms or more)
    paints = []
    display = app._display
    def counted(*args, **kwargs):  # every paint of the screen goes through here
        display(*args, **kwargs)
        paints.append(time.perf_counter())
    app._display = counted
    keys = []
    for text in ("acme", "\\b\\b\\b\\bnorth", "\\b\\b\\b\\b\\bzz", "\\b\\b"):
        for ch in text:
            n = screen.updates
            key = "backspace" if ch == "\\b" else ch
            t0 = time.perf_counter()
            app._driver.send_message(events.Key(key, None if key == "backspace" else key))
            await until(lambda: screen.updates > n)
            updated = time.perf_counter()
            await until(lambda: paints and paints[-1] > updated)
            keys.append(paints[-1] - t0)
            await asyncio.sleep(0.1)  # a person types about ten keys a second
    out["key_median"] = statistics.median(keys)
    out["key_max"] = max(keys)
    out["keys"] = len(keys)
    await pilot.press("escape", "enter")  # a prospect's detail
    await settle(pilot)
    for key in ("escape", "3", "4", "1"):
        await pilot.press(key)
        await settle(pilot)
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    app.exit()

RepdeskApp(sys.argv[1], "UTC", live=False).run(headless=True, auto_pilot=drive, size=(160, 48))
print(json.dumps(out))
"""


def bench_app(db: Path, empty: Path, label: str, runs: int) -> None:
    a, b, ratio = paired([PY, "-c", FIRST_PAINT, str(db)], [PY, "-c", FIRST_PAINT, str(empty)], runs)
    record(f"app first paint, Today shown ({label})", ms(a), f"same app, empty db {ms(b)}", ratio, 1.5)
    res = subprocess.run([PY, "-c", FIRST_PAINT, str(db)], env=ENV, capture_output=True, text=True, check=True)
    record(f"app peak memory at first paint ({label})", f"{float(res.stdout.split()[-1]):.0f} MB", "budget", None,
           250, " MB")  # fmt: skip
    res = subprocess.run([PY, "-c", IN_APP, str(db), str(runs)], env=ENV, capture_output=True, text=True, check=True)
    m = json.loads(res.stdout.strip().splitlines()[-1])
    record(f"app: Prospects screen shown ({label})", ms(m["prospects"]), f"Today screen shown {ms(m['today'])}",
           m["ratio"], 1.5)  # fmt: skip
    record(f"app: search keystroke → table updated, median of {m['keys']} ({label})", ms(m["key_median"]),
           "budget", None, 100, " ms")  # fmt: skip
    record(f"app: search keystroke, slowest ({label})", ms(m["key_max"]), "budget", None, 100, " ms")
    record(f"app peak memory after every screen ({label})", f"{m['rss_mb']:.0f} MB", "budget", None, 250, " MB")


# -- team mode: 50 reps × 40 touches a working day × one year on one local server -------
FLOOR_PG_INSERT = """
import psycopg, sys
with psycopg.connect(sys.argv[1]) as c:
    c.execute("INSERT INTO touch (prospect_id, at, channel, outcome) VALUES (%s, now(), 'call', 'busy')",
              (sys.argv[2],))
"""


def team_database(server: object, reps: int) -> tuple[str, list[str]]:
    """A team database loaded with ``reps`` reps' year; the manager's URL and each rep's."""
    import psycopg

    from repdesk.db.pg import add_member, init_team

    admin = server.url()  # type: ignore[attr-defined]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_team")
        conn.execute("CREATE DATABASE bench_team")
    admin = server.url(dbname="bench_team")  # type: ignore[attr-defined]
    init_team(admin)
    urls = [add_member(admin, f"rep{i:02d}", manager=False) for i in range(reps)]
    manager = add_member(admin, "manager", manager=True)
    rng = random.Random(7)
    today = datetime.now(UTC).date()
    days = [today - timedelta(days=i) for i in range(1, 366) if (today - timedelta(days=i)).weekday() < 5]
    outcomes = ["no_answer"] * 40 + ["voicemail"] * 20 + ["busy"] * 10 + ["connected"] * 20 + ["meeting_booked"] * 5
    outcomes += ["not_interested"] * 5
    quarter_start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    after = quarter_start.replace(month=quarter_start.month + 2, day=28) + timedelta(days=4)
    quarter_end = after.replace(day=1) - timedelta(days=1)
    with psycopg.connect(admin) as conn:
        pid = mid = did = 0
        prospects, touches, meetings, deals, targets = [], [], [], [], []
        for r in range(reps):
            rep = f"rep{r:02d}"
            mine = list(range(pid + 1, pid + 301))
            pid += 300
            for p in mine:
                prospects.append((p, f"Company {p}", "unknown", f"{days[-1]} 09:00:00", False, rep))
            for d in days:
                for k in range(40):
                    at = f"{d} {8 + k // 5:02d}:{(k % 5) * 12:02d}:00"
                    touches.append((rng.choice(mine), at, "call", rng.choice(outcomes), rep))
                if rng.random() < 0.5:
                    mid += 1
                    status = rng.choice(("held", "held", "held", "no_show"))
                    meetings.append((mid, rng.choice(mine), f"{d} 15:00:00", "first", status, rep))
                if rng.random() < 0.15:
                    did += 1
                    closed = rng.choice(("won", "lost", "open"))
                    deals.append((did, rng.choice(mine), 2_500_000, f"{d} 16:00:00", f"{d} 16:30:00",
                                  None if closed == "open" else f"{d} 17:00:00", closed,
                                  "price" if closed == "lost" else None, rep))  # fmt: skip
            targets.append((quarter_start.strftime("%Y-") + f"Q{(quarter_start.month + 2) // 3}",
                            quarter_start.isoformat(), quarter_end.isoformat(), 30_000_000, 2_500_000,
                            "mon,tue,wed,thu,fri", "", rep))  # fmt: skip
        with conn.cursor() as cur:
            for table, cols, data in (
                ("prospect", "id, company, seniority, created_at, archived, rep", prospects),
                ("touch", "prospect_id, at, channel, outcome, rep", touches),
                ("meeting", "id, prospect_id, at, kind, status, rep", meetings),
                ("deal", "id, prospect_id, value_cents, opened_at, proposal_at, closed_at, status, lost_reason, rep",
                 deals),
                ("target", 'period, start, "end", revenue_cents, avg_deal_cents, workdays, off_dates, rep', targets),
            ):  # fmt: skip
                with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in data:
                        copy.write_row(row)
            for table in ("prospect", "meeting", "deal"):
                cur.execute(f"SELECT setval('{table}_id_seq', (SELECT MAX(id) FROM {table}))")
            cur.execute("ANALYZE")
    sizes = f"{len(touches):,} touches, {len(meetings):,} meetings, {len(deals):,} deals"
    notes.append(f"Team database: {reps} reps, {sizes}.")
    return manager, urls


def bench_team(runs: int, reps: int) -> None:
    sys.path.insert(0, str(ROOT))
    from tests import pgserver

    server = pgserver.start()
    if server is None:
        notes.append(f"Team mode not measured: {pgserver.REASON}.")
        return
    try:
        manager, urls = team_database(server, reps)
        label = f"{reps} reps × 40 touches a working day × 1 year"
        compare(f"`team report --week last --format json` ({label})",
                [EXE, "--db", manager, "team", "report", "--week", "last", "--format", "json"],
                "one rep's `review --json`", [EXE, "--db", urls[0], "review", "--json"], 2, runs)  # fmt: skip
        pid = subprocess.run([EXE, "--db", urls[0], "prospect", "list", "--json"], env=ENV, capture_output=True,
                             text=True, check=True).stdout  # fmt: skip
        first = str(json.loads(pid)[0]["id"])
        compare(f"`log` to PostgreSQL ({label})", [EXE, "--db", urls[0], "log", "call", first, "busy", "--no-next"],
                "psycopg one-row insert", [PY, "-c", FLOOR_PG_INSERT, urls[0], first], 3, runs)  # fmt: skip
    finally:
        server.stop()


GROUPS = ("hot", "reports", "lists", "dense", "export", "import", "app", "team")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="100,000 touches, 3 runs: checks the script, not budgets")
    ap.add_argument("--touches", type=int, help="touches in the demo databases (default 1,000,000)")
    ap.add_argument("--runs", type=int, help="pairs per figure (default 7; 3 with --quick)")
    ap.add_argument("--only", choices=GROUPS, action="append", help="run only these groups (repeatable)")
    a = ap.parse_args()
    n = a.touches or (100_000 if a.quick else 1_000_000)
    runs = a.runs or (3 if a.quick else 7)
    only = set(a.only or GROUPS)
    subprocess.run([PY, "-m", "compileall", "-q", "-f", str(ROOT / "src")], check=True)
    local = only - {"team"}
    empty = database("empty.db")
    spread = database(f"demo-{n}.db", "--touches", str(n)) if local - {"dense", "import"} else empty
    label = f"{n:,} touches"
    if "hot" in only:
        bench_hot(spread, label, runs)
    if "reports" in only:
        bench_reports(spread, empty, label, runs)
    if "lists" in only:
        bench_lists(spread, label, runs)
    if "dense" in only:
        # the budget's scenario: a rep who imported a team's history (an import brings touches, not
        # meetings or follow-ups, so the day's queue is the rep's own)
        bench_dense(imported_history(n), f"dense: {n:,} imported touches in the 90 days to yesterday", runs)
        # stress, beside it: the demo generator packing the touches into 13 weeks makes meetings and
        # follow-ups at the same pace, a rep with hundreds of meetings a day and a queue of some 1,600 rows
        stress = database(f"dense-{n}.db", "--touches", str(n), "--weeks", "13")
        queue = (
            sqlite3.connect(stress)
            .execute(
                "SELECT (SELECT COUNT(*) FROM meeting WHERE status = 'scheduled' AND at < ?)"
                " + (SELECT COUNT(*) FROM followup WHERE status = 'open' AND due <= ?)",
                (today_bounds()[1], datetime.now(UTC).date().isoformat()),
            )
            .fetchone()[0]
        )
        bench_dense(stress, f"stress: the demo's {n:,} touches in 13 weeks, a {queue:,}-row queue", runs, None)
    if "export" in only:
        bench_export(spread, empty, label, runs)
    if "import" in only:
        bench_import(empty, 10_000 if a.quick else 100_000, 100_000 if a.quick else 1_000_000, runs)
    if "app" in only:
        bench_app(spread, empty, label, runs)
    if "team" in only:
        bench_team(runs, 10 if a.quick else 50)
    print()
    print("| figure | value | floor | ratio | budget | |")
    print("|---|---:|---|---:|---:|---|")
    for figure, value, floor, ratio, budget, ok in rows:
        print(f"| {figure} | {value} | {floor} | {ratio} | {budget} | {'·' if ok is None else '✓' if ok else '✗'} |")
    for note in notes:
        print(f"\n{note}")


if __name__ == "__main__":
    main()
