"""Import from CRM exports: one mapping engine, presets on top.

Rows are read and validated first; then everything that is good goes in with ``executemany`` in one
transaction, journalled so that ``repdesk undo`` takes the whole import back. Each row keeps its
source id, so re-importing a file creates nothing and a changed row updates its record.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

from repdesk.db.connect import Store
from repdesk.domain import rules, vocab
from repdesk.domain.dates import local_wall, now_utc, to_db
from repdesk.domain.errors import InputError
from repdesk.io.importers.mapping import Mapping, choose, load_file, preset_mappings

TABLE = {"prospects": "prospect", "touches": "touch", "meetings": "meeting", "deals": "deal"}
COLUMNS = {
    "touch": ("prospect_id", "at", "channel", "outcome", "minutes", "note", "source_id"),
    "meeting": ("prospect_id", "at", "kind", "goal", "status", "outcome", "next_step", "note", "source_id"),
    "deal": ("prospect_id", "title", "value_cents", "opened_at", "proposal_at", "proposal_value_cents", "closed_at",
             "status", "lost_reason", "source_id"),
}  # fmt: skip
#: fields a row did not give, filled with a stand-in (not compared on re-import)
DEFAULTED = "_defaulted"
MDY = ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%y")


@dataclass
class Record:
    kind: str
    line: int
    source_id: str
    company: str
    values: dict[str, Any]
    dates: list[str] = field(default_factory=list)


@dataclass
class Report:
    rows: int = 0
    owner_skipped: int = 0
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)


# -- reading ----------------------------------------------------------------------------------


def read_csv(path: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and each row with its physical line number; BOM, CRLF, ``,`` ``;`` or tab handled."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise InputError(f"no file {path}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text (export it from the CRM as UTF-8 CSV)") from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{path} is empty") from None
    rows = []
    line = reader.line_num
    try:
        for raw in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in raw):
                continue
            rows.append((start, dict(zip(header, (c.strip() for c in raw), strict=False))))
    except csv.Error as exc:
        raise InputError(f"{path}, line {line + 1}: {exc}") from None
    return header, rows


def parse_instant(text: str, fmt: str | None, tz: tzinfo) -> datetime | None:
    """A cell as an aware instant: ISO, M/D/YYYY or ``fmt``; a date alone means 12:00 local."""
    text = text.strip()
    if not text:
        return None
    parsed: datetime | date | None = None
    if not fmt:
        try:
            parsed = datetime.fromisoformat(text) if ("T" in text or ":" in text) else date.fromisoformat(text)
        except ValueError:
            parsed = None
    for f in (fmt,) if fmt else MDY if parsed is None else ():
        try:
            stamp = datetime.strptime(text, f)
        except ValueError:
            continue
        parsed = stamp if any(d in f for d in ("%H", "%I")) else stamp.date()  # a date alone: noon, below
        break
    if parsed is None:
        raise InputError(f"cannot read the date {text!r}" + (f" with format {fmt!r}" if fmt else ""))
    if not isinstance(parsed, datetime):
        return local_wall(parsed, time(12, 0), tz).astimezone(UTC)
    if parsed.tzinfo is None:
        return local_wall(parsed.date(), parsed.time(), tz).astimezone(UTC)
    return parsed.astimezone(UTC)


# -- one row ----------------------------------------------------------------------------------


class RowReader:
    """Turns a CSV row into a validated record of one kind."""

    def __init__(self, mapping: Mapping, tz: tzinfo, now: datetime) -> None:
        self.m = mapping
        self.tz = tz
        self.now = now

    def cell(self, kind: str, row: dict[str, str], fld: str) -> str:
        for col in self.m.columns_of(kind).get(fld, []):
            value = row.get(col, "").strip()
            if value:
                break
        else:
            value = self.m.defaults.get(fld, "")
        table = self.m.values.get(fld)
        if table is not None and (value or "" in table):
            key = value.casefold()
            if key not in table:
                raise InputError(f"unknown {fld} {value!r} (the mapping knows: {', '.join(sorted(table)) or 'none'})")
            value = table[key]
        return value

    def when(self, kind: str, row: dict[str, str], fld: str, dates: list[str]) -> str | None:
        try:
            at = parse_instant(self.cell(kind, row, fld), self.m.date_format, self.tz)
        except InputError as exc:
            raise InputError(f"{fld}: {exc}") from None
        if at is None:
            return None
        stamp = to_db(at)
        dates.append(stamp)
        return stamp

    def read(self, kind: str, row: dict[str, str], line: int) -> Record:
        company = rules.clean_text(self.cell(kind, row, "company"), "company", vocab.MAX_NAME)
        if not company:
            raise InputError("no company")
        dates: list[str] = []
        values: dict[str, Any]
        if kind == "touches":
            channel, outcome = rules.check_outcome(self.cell(kind, row, "channel") or "other",
                                                     self.cell(kind, row, "outcome"))  # fmt: skip
            at = self.when(kind, row, "at", dates)
            if at is None:
                raise InputError("a touch needs a date")
            if at > to_db(self.now + rules.FUTURE_SLACK):
                raise InputError(f"a touch cannot lie in the future ({at[:16]})")
            minutes = self.cell(kind, row, "minutes")
            values = {"at": at, "channel": channel, "outcome": outcome,
                      "minutes": rules.parse_int(minutes, "minutes", 0, 1440) if minutes else None,
                      "note": rules.clean_text(self.cell(kind, row, "note"), "note")}  # fmt: skip
        elif kind == "meetings":
            at = self.when(kind, row, "at", dates)
            if at is None:
                raise InputError("a meeting needs a date")
            outcome = self.cell(kind, row, "outcome")
            status = self.cell(kind, row, "status") or ("held" if outcome else "scheduled")
            values = {
                "at": at,
                "kind": rules.choose(self.cell(kind, row, "kind") or "first", vocab.MEETING_KINDS, "meeting kind"),
                "goal": rules.choose(g, vocab.GOALS, "goal") if (g := self.cell(kind, row, "goal")) else None,
                "status": rules.choose(status, vocab.MEETING_STATUSES, "meeting status"),
                "outcome": rules.choose(outcome, vocab.MEETING_OUTCOMES, "meeting outcome") if outcome else None,
                "next_step": rules.clean_text(self.cell(kind, row, "next_step"), "next step", vocab.MAX_NAME),
                "note": rules.clean_text(self.cell(kind, row, "note"), "note"),
            }
        elif kind == "deals":
            values = self.deal(row, dates)
        else:
            fields = {f: self.cell(kind, row, f) for f in self.m.columns_of(kind) if f not in ("company", "created_at")}
            values = rules.prospect_values({k: v for k, v in fields.items() if v}, self.tz)
            created = self.when(kind, row, "created_at", dates)
            if created is not None:
                values["created_at"] = created
        return Record(kind, line, "", company, values, dates)

    def deal(self, row: dict[str, str], dates: list[str]) -> dict[str, Any]:
        k = "deals"
        raw_status = self.cell(k, row, "status").lower() or "open"
        value_text = self.cell(k, row, "value")
        value = rules.parse_money(value_text, "value") if value_text else 0
        if "at" in self.m.columns_of(k):  # one row per deal event (the weekly export)
            at = self.when(k, row, "at", dates)
            if at is None:
                raise InputError("a deal event needs a date")
            event = rules.choose(raw_status, ("opened", "proposal", "won", "lost", "open"), "deal event")
            out: dict[str, Any] = {
                "event": event,
                "at": at,
                "value_cents": value,
                "title": rules.clean_text(self.cell(k, row, "title"), "title", vocab.MAX_NAME),
            }
            if event == "lost":
                out["lost_reason"] = rules.choose(self.cell(k, row, "lost_reason") or "other", vocab.LOST_REASONS,
                                                    "lost reason")  # fmt: skip
            return out
        status = rules.choose(raw_status, vocab.DEAL_STATUSES, "deal status")
        opened = self.when(k, row, "opened_at", dates)
        proposal = self.when(k, row, "proposal_at", dates)
        closed = self.when(k, row, "closed_at", dates) if status != "open" else None
        if status != "open" and closed is None:
            raise InputError(f"a {status} deal needs a close date")
        defaulted = []
        if opened is None:
            opened = closed or proposal or to_db(self.now)
            defaulted.append("opened_at")
        if closed is not None and closed < opened:
            raise InputError(f"closed ({closed[:10]}) before it was opened ({opened[:10]})")
        reason = None
        if status == "lost":
            reason = rules.choose(self.cell(k, row, "lost_reason") or "other", vocab.LOST_REASONS, "lost reason")
        pv = self.cell(k, row, "proposal_value")
        return {
            "title": rules.clean_text(self.cell(k, row, "title"), "title", vocab.MAX_NAME),
            "value_cents": value,
            "opened_at": opened,
            "proposal_at": proposal,
            "proposal_value_cents": rules.parse_money(pv, "proposal value") if pv else None,
            "closed_at": closed,
            "status": status,
            "lost_reason": reason,
            DEFAULTED: defaulted,
        }


def merge_deal_events(events: list[Record]) -> Record:
    """Deal events of one deal (opened, proposal, won or lost) as one deal."""
    out: dict[str, Any] = dict.fromkeys(("title", "opened_at", "proposal_at", "proposal_value_cents", "closed_at",
                                         "lost_reason"))  # fmt: skip
    out.update(value_cents=0, status="open")
    for e in sorted(events, key=lambda r: r.values["at"]):
        v = e.values
        out["title"] = out["title"] or v["title"]
        if v["event"] in ("opened", "open"):
            out.update(opened_at=v["at"], value_cents=v["value_cents"])
        elif v["event"] == "proposal":
            out.update(proposal_at=v["at"], proposal_value_cents=v["value_cents"] or None)
        else:
            out.update(closed_at=v["at"], status=v["event"], lost_reason=v.get("lost_reason"))
            if v["event"] == "won" or not out["value_cents"]:
                out["value_cents"] = v["value_cents"]
    out["opened_at"] = out["opened_at"] or out["proposal_at"] or out["closed_at"]
    first = events[0]
    return Record("deals", first.line, first.source_id, first.company, out, [d for e in events for d in e.dates])


# -- the whole file ---------------------------------------------------------------------------


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
    out: Any = None,
) -> int:
    """Import a CSV; prints a report and returns the exit code (0, 2 or 3)."""
    out = out or sys.stdout
    header, rows = read_csv(path)
    if mapping:
        m = load_file(mapping)
    else:
        m = choose(preset_mappings(preset or "generic"), header, f"{Path(path).name} with preset {preset or 'generic'}")
    if owner and not m.owner:
        raise InputError(f"mapping {m.name} names no owner column, so --owner cannot filter")
    if owner and m.owner not in header:
        raise InputError(f"the file has no owner column {m.owner!r}")
    report = Report(rows=len(rows))
    reader = RowReader(m, tz, now_utc())
    records: list[Record] = []
    seen: set[str] = set()
    events: dict[str, list[Record]] = defaultdict(list)
    for line, row in rows:
        if owner and row.get(m.owner or "", "").casefold() != owner.casefold():
            report.owner_skipped += 1
            continue
        try:
            kind = m.kind or m.kinds.get(row.get(m.kind_column or "", "").casefold(), "")
            if not kind:
                raise InputError(f"unknown {m.kind_column} {row.get(m.kind_column or '', '')!r}")
            rec = reader.read(kind, row, line)
        except InputError as exc:
            report.bad.append((line, str(exc)))
            continue
        ident = row.get(m.id or "", "").strip() if m.id else ""
        if not ident:
            ident = "#" + hashlib.sha1("\x1f".join(row.values()).encode()).hexdigest()[:16]
        rec.source_id = f"{m.name}:{kind}:{ident}"
        if "event" in rec.values:
            events[rec.source_id].append(rec)
            continue
        if rec.source_id in seen:
            report.bad.append((line, f"source id {ident!r} repeated in the file"))
            continue
        seen.add(rec.source_id)
        records.append(rec)
    records += [merge_deal_events(evs) for evs in events.values()]
    if report.bad and atomic:
        _print(report, path, m, dry_run=True, out=out, atomic=True)
        return 2
    apply(store, records, report, label=f"import {Path(path).name}", dry_run=dry_run)
    _print(report, path, m, dry_run=dry_run, out=out)
    return 3 if report.bad else 0


def apply(store: Store, records: list[Record], report: Report, *, label: str, dry_run: bool) -> None:
    """Create, update or skip each record in one transaction (none at all for a dry run)."""
    by_company: dict[str, int] = {}
    for r in store.all("SELECT id, company FROM prospect ORDER BY id DESC"):
        by_company[r["company"].casefold()] = r["id"]
    # new prospects: created at the earliest date among their rows (unless a column says)
    new: dict[str, dict[str, Any]] = {}
    for rec in records:
        key = rec.company.casefold()
        if key in by_company:
            continue
        entry = new.setdefault(key, {"company": rec.company, "created_at": None, "source_id": None, "values": {}})
        earliest = min(rec.dates) if rec.dates else None
        if rec.kind == "prospects":
            entry["values"] = rec.values
            entry["source_id"] = rec.source_id
            if "created_at" in rec.values:
                entry["created_at"] = rec.values["created_at"]
                entry["fixed"] = True
        if earliest and not entry.get("fixed") and (entry["created_at"] is None or earliest < entry["created_at"]):
            entry["created_at"] = earliest
    existing = {t: _by_source(store, t) for t in ("prospect", "touch", "meeting", "deal")}
    inserts: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    updates: list[tuple[str, int, dict[str, Any]]] = []
    now = to_db(now_utc())
    for rec in records:
        table = TABLE[rec.kind]
        if rec.kind == "prospects":
            known_p = existing["prospect"].get(rec.source_id)
            pid = known_p["id"] if known_p is not None else by_company.get(rec.company.casefold())
            if pid is None:
                continue  # created with the new prospects below
            old = store.one("SELECT * FROM prospect WHERE id = ?", (pid,))
            assert old is not None
            changes = {k: v for k, v in rec.values.items() if old[k] != v}
            if old["source_id"] is None and rec.source_id not in existing["prospect"]:
                changes["source_id"] = rec.source_id
            if changes:
                updates.append(("prospect", pid, changes))
                report.updated["prospects"] += 1
            else:
                report.unchanged += 1
            continue
        known = existing[table].get(rec.source_id)
        if known is not None:
            skip = {DEFAULTED, *rec.values.get(DEFAULTED, ())}
            changes = {k: v for k, v in rec.values.items() if k not in skip and known[k] != v}
            if changes:
                updates.append((table, known["id"], changes))
                report.updated[rec.kind] += 1
            else:
                report.unchanged += 1
            continue
        report.created[rec.kind] += 1
        inserts[table].append((rec.company.casefold(), rec))  # prospect id resolved after prospects exist
    report.created["prospects"] += len(new)
    if dry_run:
        return
    with store.write(label) as ch:
        if new:
            cols = ["company", "seniority", "archived", "created_at", "source_id"]
            extra = sorted({k for e in new.values() for k in e["values"] if k not in cols})
            rows = []
            for e in new.values():
                vals = {**e["values"], "company": e["company"], "created_at": e["created_at"] or now,
                        "source_id": e["source_id"]}  # fmt: skip
                vals.setdefault("seniority", "unknown")
                vals.setdefault("archived", False)
                rows.append(tuple(vals.get(c) for c in [*cols, *extra]))
            ids = ch.insert_many("prospect", [*cols, *extra], rows)
            for e, pid in zip(new.values(), ids, strict=True):
                by_company[e["company"].casefold()] = pid
        for table, items in inserts.items():
            cols = list(COLUMNS[table])
            rows = []
            for key, rec in items:
                vals = {**rec.values, "prospect_id": by_company[key], "source_id": rec.source_id}
                rows.append(tuple(vals.get(c) for c in cols))
            ch.insert_many(table, cols, rows)
        for table, ident, changes in updates:
            ch.update(table, {"id": ident}, changes)


def _by_source(store: Store, table: str) -> dict[str, Any]:
    return {r["source_id"]: r for r in store.all(f"SELECT * FROM {table} WHERE source_id IS NOT NULL")}


def _print(report: Report, path: str, m: Mapping, *, dry_run: bool, out: Any, atomic: bool = False) -> None:
    def counts(d: dict[str, int]) -> str:
        return ", ".join(f"{n:,} {k}" for k, n in sorted(d.items()) if n) or "nothing"

    verb = "would create" if dry_run else "created"
    print(f"{Path(path).name}: {report.rows:,} rows (mapping {m.name})", file=out)
    if atomic:
        print(f"  --atomic: {len(report.bad)} bad rows, so nothing was imported", file=out)
    else:
        print(f"  {verb}: {counts(report.created)}", file=out)
        print(f"  {'would update' if dry_run else 'updated'}: {counts(report.updated)}", file=out)
        print(f"  unchanged: {report.unchanged:,}", file=out)
    if report.owner_skipped:
        print(f"  other owners' rows skipped: {report.owner_skipped:,}", file=out)
    if report.bad:
        print(f"  bad rows: {len(report.bad):,}", file=out)
        for line, reason in report.bad:
            print(f"line {line}: {reason}", file=sys.stderr)
