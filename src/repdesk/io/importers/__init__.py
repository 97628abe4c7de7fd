"""Import from CRM exports: one engine, presets as data.

The file is read through twice. The first pass settles what holds for the whole file — which
mapping reads it, each money column's decimal mark, whether dates are day-first — so that a file
that cannot be read is refused (exit 2) before anything is written. The second pass reads each
row through the same rule book as the command line and writes in batches under one undo action.
Memory stays flat: rows stream through, only the ids already seen are kept.
"""

from __future__ import annotations

import sys
import time as _time
from collections import Counter
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import TextIO

from repdesk.db.connect import Store
from repdesk.domain.dates import now_utc
from repdesk.domain.errors import InputError
from repdesk.io.importers.cells import DateOrder, MoneyColumn, Source, quoted, squash
from repdesk.io.importers.mapping import DATES, MONEY, Mapping, load_file, preset_mappings, recognise
from repdesk.io.importers.records import Built, RowReader
from repdesk.io.importers.writer import Writer
from repdesk.present import one_line

BATCH = 5000
KIND_WORD = {"prospects": "prospect", "touches": "touch", "meetings": "meeting", "deals": "deal"}


@dataclass
class Report:
    rows: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    bad: int = 0
    created: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0


class Plan:
    """A mapping bound to a header: the column indexes of each field of each kind."""

    def __init__(self, m: Mapping, header: list[str]) -> None:
        self.m = m
        self.header = header
        index: dict[str, int] = {}
        for i, h in enumerate(header):
            index.setdefault(squash(h), i)
        self.index = index

        def cols(names: tuple[str, ...]) -> tuple[int, ...]:
            return tuple(dict.fromkeys(index[squash(n)] for n in names if squash(n) in index))

        self.fields: dict[str, dict[str, tuple[int, ...]]] = {}
        for kind in m.kinds_read():
            table = {f: cols(c) for f, c in m.columns.get(kind, {}).items()}
            table["company_id"] = cols(m.company_id + m.columns.get(kind, {}).get("company_id", ()))
            self.fields[kind] = {f: c for f, c in table.items() if c}
        self.id = cols(m.id)
        self.owner = cols(m.owner)
        self.kind_col = cols(m.kind_column)
        self.skips = [(cols(s.columns), s) for s in m.skip]
        self.money = sorted({i for t in self.fields.values() for f, c in t.items() if f in MONEY for i in c})
        self.dates = sorted({i for t in self.fields.values() for f, c in t.items() if f in DATES for i in c})

    @staticmethod
    def first(cells: list[str], idx: tuple[int, ...]) -> str:
        for i in idx:
            if i < len(cells):
                v = cells[i].strip()
                if v:
                    return v
        return ""

    def skip_reason(self, cells: list[str], owner: str | None, kind: str | None = None) -> str | None:
        """Why a row is skipped by rule (not a record, another owner's), or None."""
        for idx, rule in self.skips:
            if not idx or (rule.kind is not None and rule.kind != kind):
                continue
            value = self.first(cells, idx)
            key = squash(value)
            if (rule.among is not None and key in rule.among) or (rule.unless is not None and key not in rule.unless):
                col = self.header[idx[0]] if idx else rule.columns[0]
                return rule.reason or f"{col} {value or '(empty)'}"
        if owner is not None and self.first(cells, self.owner).casefold() != owner:
            return "other owners"
        return None

    def kind_of(self, cells: list[str]) -> str:
        if self.m.kind:
            return self.m.kind
        value = self.first(cells, self.kind_col)
        kind = self.m.kinds.get(squash(value))
        if kind is None:
            col = self.header[self.kind_col[0]] if self.kind_col else "kind"
            raise InputError(f"unknown {col} {quoted(value)} (known: {', '.join(sorted(self.m.kinds)) or 'none'})")
        return kind


def choose_mapping(src: Source, preset: str | None, mapping: str | None) -> Mapping:
    """The mapping that reads this file: --preset, --mapping, both, or recognised from the header."""
    what = src.name
    override = load_file(mapping) if mapping else None
    if override is not None and preset is None and (override.kind or override.kind_column):
        base = override
    else:
        if preset:
            candidates = preset_mappings(preset)
        else:
            from repdesk.io.importers.mapping import all_presets

            candidates = all_presets()
        base = recognise(src.header, candidates, what, preset)
        if override is not None:
            base = base.overridden(override)
    have = {squash(h) for h in src.header}
    lacks = base.lacks(have)
    if lacks:
        raise InputError(f"{what}: {base.name} cannot read this file; it lacks {'; '.join(lacks)}")
    return base


def run_import(
    store: Store,
    tz: tzinfo,
    path: str,
    *,
    preset: str | None = None,
    mapping: str | None = None,
    owner: str | None = None,
    dry_run: bool = False,
    atomic: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Import a CSV; prints a report and returns the exit code (0, 2 or 3)."""
    out = out or sys.stdout
    err = err or sys.stderr
    src = Source(path)
    m = choose_mapping(src, preset, mapping)
    plan = Plan(m, src.header)
    if owner is not None and not plan.owner:
        cols = ", ".join(m.owner) or "none"
        raise InputError(f"{src.name}: no owner column to filter with --owner (the mapping's: {cols})")
    owner_key = owner.strip().casefold() if owner is not None else None
    decided = decide(src, plan, owner_key)
    now = now_utc()
    reader = RowReader(plan, tz, now, decided)
    report = Report()
    progress = Progress(err, src.name, decided.rows)
    writer = Writer(store, tz, m, now, report, label=f"import {src.name}", single=atomic or dry_run)

    def reject(line: int, reason: str) -> None:
        report.bad += 1
        print(f"line {line}: {one_line(reason)}", file=err)

    writer.reject = reject
    seen_ids: set[str] = set()
    row_keys: Counter[str] = Counter()
    try:
        for line, cells in src.rows():
            if not any(c.strip() for c in cells):
                if m.stop_at_blank:
                    break
                continue
            report.rows += 1
            progress.tick(report.rows)
            try:
                kind = plan.kind_of(cells)
                if kind == "skip":
                    col = src.header[plan.kind_col[0]]
                    report.skipped[f"{col} {plan.first(cells, plan.kind_col)}"] += 1
                    continue
                reason = plan.skip_reason(cells, owner_key, kind)
                if reason is not None:
                    report.skipped[reason] += 1
                    continue
                built = reader.read(kind, cells)
                ident = plan.first(cells, plan.id)
                if ident:
                    key = f"{KIND_WORD[kind]}:{ident}"
                    if key in seen_ids and not built.event:
                        raise InputError(f"id {quoted(ident)} repeated in the file")
                    seen_ids.add(key)
                else:
                    key = f"{KIND_WORD[kind]}:#{built.natural_key}"
                    row_keys[key] += 1
                    if row_keys[key] > 1:
                        key += f"#{row_keys[key]}"
                built.source_id = f"{m.source}:{key}"
                built.line = line
                writer.add(built)
            except InputError as exc:
                reject(line, str(exc))
        writer.finish()
    except BaseException:
        writer.abandon()
        raise
    finally:
        progress.done()
    if atomic and report.bad:
        writer.rollback()
        print(f"repdesk: --atomic: {report.bad:,} bad rows, so nothing was imported", file=err)
        print_report(report, src.name, m, out, dry_run=True, atomic=True)
        return 2
    if dry_run:
        writer.rollback()
    else:
        writer.commit()
    print_report(report, src.name, m, out, dry_run=dry_run)
    return 3 if report.bad else 0


@dataclass
class Decided:
    """What the first pass settled for the whole file."""

    rows: int
    marks: dict[int, str]
    day_first: bool


def decide(src: Source, plan: Plan, owner: str | None) -> Decided:
    """The first pass: decimal marks per money column, day-first for the file; refuses a file it cannot read."""
    m = plan.m
    money = {i: MoneyColumn(src.header[i]) for i in plan.money}
    order = DateOrder()
    dates = [(i, src.header[i]) for i in plan.dates]
    rows = 0
    for line, cells in src.rows():
        if not any(c.strip() for c in cells):
            if m.stop_at_blank:
                break
            continue
        rows += 1
        try:
            kind = plan.kind_of(cells)
        except InputError:
            continue
        if kind == "skip" or plan.skip_reason(cells, owner, kind) is not None:
            continue
        n = len(cells)
        for i, mc in money.items():
            if i < n and cells[i]:
                mc.feed(line, cells[i])
        for i, col in dates:
            if i < n:
                v = cells[i]
                if v and v[4:5] != "-":
                    order.feed(line, col, v)
    marks = {i: mc.decide(m.decimal_mark) for i, mc in money.items()}
    day_first = m.day_first if m.date_format else order.decide(m.day_first)
    return Decided(rows, marks, bool(day_first))


class Progress:
    """A progress line on a terminal (stderr), for long imports only."""

    def __init__(self, err: TextIO, name: str, total: int) -> None:
        self.err = err
        self.name = name
        self.total = total
        self.on = total >= 20_000 and getattr(err, "isatty", lambda: False)()
        self.next = _time.monotonic() + 0.5
        self.shown = False

    def tick(self, n: int) -> None:
        if self.on and n % 1000 == 0 and _time.monotonic() >= self.next:
            self.next = _time.monotonic() + 0.25
            self.err.write(f"\r{one_line(self.name)}: {n:,} of {self.total:,} rows ({100 * n // self.total}%)")
            self.err.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            self.err.write("\r\x1b[K")
            self.err.flush()


def _counts(d: Counter[str]) -> str:
    return ", ".join(f"{n:,} {k}" for k, n in sorted(d.items()) if n) or "nothing"


def print_report(r: Report, name: str, m: Mapping, out: TextIO, *, dry_run: bool, atomic: bool = False) -> None:
    created, changed, skipped = sum(r.created.values()), sum(r.changed.values()), sum(r.skipped.values())
    print(f"{one_line(name)}: {r.rows:,} rows read as {m.name}", file=out)
    totals = (
        f"{created:,} created, {changed:,} changed, {r.unchanged:,} unchanged, {skipped:,} skipped, {r.bad:,} rejected"
    )
    if atomic:
        print(f"  nothing imported (--atomic); it would have been: {totals}", file=out)
    elif dry_run:
        print(f"  dry run, nothing written; it would be: {totals}", file=out)
    else:
        print(f"  {totals}", file=out)
    if created:
        print(f"  {'would create' if dry_run else 'created'}: {_counts(r.created)}", file=out)
    if changed:
        print(f"  {'would change' if dry_run else 'changed'}: {_counts(r.changed)}", file=out)
    for reason, n in sorted(r.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  skipped {n:,}: {one_line(reason)}", file=out)
    if r.bad:
        print(f"  rejected {r.bad:,} bad rows (listed on stderr with their line numbers)", file=out)


__all__ = ["Built", "Decided", "Plan", "Report", "run_import"]
