"""Benchmarks of DESIGN §10: each figure beside its floor, measured in the same run.

    python scripts/bench.py                      # 10k, 100k and 1M touches
    python scripts/bench.py --sizes 10000 --runs 5

Whole-process times are medians of several runs. Databases are built under ./bench/.
Prints a Markdown table (the README keeps the latest one).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
EXE = shutil.which("repdesk", path=str(Path(sys.executable).parent)) or "repdesk"
ENV = {**os.environ, "REPDESK_TZ": "UTC"}
ENV.pop("REPDESK_NOW", None)
ENV.pop("PYTHONDONTWRITEBYTECODE", None)  # measure what a user's installed copy does: bytecode cached

FLOOR_INSERT = (
    "import sqlite3,sys; c=sqlite3.connect(sys.argv[1], timeout=30); "
    "c.execute(\"INSERT INTO touch (prospect_id, at, channel, outcome) VALUES (1, '2026-01-01 10:00:00.000000',"
    " 'call', 'busy')\"); c.commit()"
)
FLOOR_COUNT = (
    "import sqlite3,sys; c=sqlite3.connect(sys.argv[1], timeout=30); "
    "c.execute(\"SELECT COUNT(*) FROM touch WHERE at >= '2026-11-20' AND at < '2026-11-21'\").fetchone()"
)
rows: list[tuple[str, str, float, str, float]] = []


def timed(cmd: list[str], runs: int) -> float:
    """Median wall time of a command, in seconds (one warm-up run first)."""
    subprocess.run(cmd, env=ENV, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=ENV, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def record(figure: str, value: float, floor_name: str, floor: float, budget: float, unit: str = "s") -> None:
    ratio = value / floor if floor else float("nan")
    ok = "✓" if ratio <= budget else "✗"
    fmt = (lambda x: f"{x * 1000:.0f} ms") if unit == "s" else (lambda x: f"{x:.0f} MB")
    rows.append((figure, fmt(value), ratio, f"{floor_name} {fmt(floor)}", budget))
    print(f"{figure:<44} {fmt(value):>9}  floor {floor_name} {fmt(floor):>9}  ratio {ratio:5.2f} (≤ {budget}) {ok}",
          flush=True)  # fmt: skip


def demo_db(touches: int | None) -> Path:
    name = "empty.db" if touches is None else f"demo-{touches}.db"
    path = BENCH / name
    if not path.exists():
        BENCH.mkdir(exist_ok=True)
        if touches is None:
            subprocess.run([EXE, "--db", str(path), "prospect", "add", "Acme"], env=ENV, check=True)
            subprocess.run([EXE, "--db", str(path), "undo"], env=ENV, check=True, capture_output=True)
        else:
            t0 = time.perf_counter()
            subprocess.run([EXE, "demo", str(path), "--touches", str(touches)], env=ENV, check=True)
            print(f"  (built {path.name} in {time.perf_counter() - t0:.1f} s)", flush=True)
    return path


def bench_hot_path(db: Path, runs: int, label: str) -> None:
    work = BENCH / f"hot-{label}.db"
    shutil.copy(db, work)
    for suffix in ("-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    floor = timed([sys.executable, "-c", FLOOR_INSERT, str(work)], runs)
    log = timed([EXE, "--db", str(work), "log", "call", "1", "busy"], runs)
    record(f"`repdesk log` ({label})", log, "sqlite3 insert", floor, 3)
    floor_c = timed([sys.executable, "-c", FLOOR_COUNT, str(work)], runs)
    status = timed([EXE, "--db", str(work), "status"], runs)
    record(f"`repdesk status` ({label})", status, "sqlite3 count", floor_c, 3)
    hlp = timed([EXE, "--help"], runs)
    record("`repdesk --help`", hlp, "sqlite3 count", floor_c, 3)


def bench_reports(db: Path, empty: Path, runs: int, label: str) -> None:
    for args in (["today", "--json"], ["review", "--json"]):
        base = timed([EXE, "--db", str(empty), *args], runs)
        value = timed([EXE, "--db", str(db), *args], runs)
        record(f"`{' '.join(args)}` ({label})", value, "empty db", base, 1.5)


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


def bench_app(dbs: dict[int, Path], empty: Path, runs: int) -> None:
    largest = max(dbs)
    base = timed([sys.executable, "-c", FIRST_PAINT, str(empty)], runs)
    value = timed([sys.executable, "-c", FIRST_PAINT, str(dbs[largest])], runs)
    record(f"app first paint, data shown ({largest:,} touches)", value, "same app, empty db", base, 1.5)
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT, str(dbs[largest])], env=ENV, capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    record(f"app peak memory ({largest:,} touches)", float(out.split()[-1]), "budget", 250.0, 1.0, unit="MB")


def bench_export(dbs: dict[int, Path], empty: Path, runs: int) -> None:
    largest = max(dbs)
    for fmt in ("md", "html"):
        args = ["export", "week", "--week", "last", "--format", fmt]
        base = timed([EXE, "--db", str(empty), *args], runs)
        value = timed([EXE, "--db", str(dbs[largest]), *args], runs)
        record(f"`export week --format {fmt}` ({largest:,} touches)", value, "empty db", base, 1.5)


def bench_import(dbs: dict[int, Path], empty: Path, runs: int) -> None:
    """100,000 CSV rows (touches across 2,000 companies) into a fresh database: budget 10 s."""
    import csv
    import random

    src = BENCH / "import-100k.csv"
    if not src.exists():
        rng = random.Random(1)
        outcomes = ("no_answer", "busy", "voicemail", "connected", "not_interested", "meeting_booked")
        with open(src, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "company", "at", "channel", "outcome", "minutes", "note"])
            for i in range(100_000):
                day = 1 + i % 28
                at = f"2025-02-{day:02d} {8 + i % 9:02d}:{i % 60:02d}"
                w.writerow([f"t{i}", f"Company {rng.randrange(2000)}", at, "call", rng.choice(outcomes),
                            rng.choice(("", "3", "5")), ""])  # fmt: skip
    times = []
    for n in range(max(1, runs // 2)):
        db = BENCH / f"import-{n}.db"
        db.unlink(missing_ok=True)
        subprocess.run([EXE, "--db", str(db), "prospect", "list"], env=ENV, check=True, capture_output=True)
        t0 = time.perf_counter()
        subprocess.run([EXE, "--db", str(db), "import", str(src)], env=ENV, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    record("`import` of 100,000 CSV rows", statistics.median(times), "budget", 10.0, 1.0)


EXTRA: list[Callable[[dict[int, Path], Path, int], None]] = [bench_app, bench_export, bench_import]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--only", help="hot, reports or extra")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",") if s]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    empty = demo_db(None)
    dbs = {n: demo_db(n) for n in sizes}
    largest = max(sizes)
    if a.only in (None, "hot"):
        bench_hot_path(dbs[largest], a.runs, f"{largest:,} touches")
    if a.only in (None, "reports"):
        for n in sizes:
            bench_reports(dbs[n], empty, a.runs, f"{n:,} touches")
    if a.only in (None, "extra"):
        for fn in EXTRA:
            fn(dbs, empty, a.runs)
    print()
    print("| figure | value | floor | ratio | budget |")
    print("|---|---:|---|---:|---:|")
    for figure, value, ratio, floor, budget in rows:
        print(f"| {figure} | {value} | {floor} | {ratio:.2f}× | ≤ {budget}× |")


if __name__ == "__main__":
    main()
