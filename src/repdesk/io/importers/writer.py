"""Who a row belongs to, and writing: batches under one undo action, or one transaction.

Prospects are held in memory by source id, name and domain (a rep has thousands, not millions);
touches, meetings and deals stream through in batches, each looked up by source id and then
inserted with ``executemany`` or updated.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from repdesk.db.connect import COLUMNS, Store
from repdesk.domain.dates import from_db, to_db
from repdesk.domain.errors import InputError
from repdesk.io.importers.cells import quoted
from repdesk.io.importers.records import Built, domain_of
from repdesk.writes.imports import ImportTransaction

if TYPE_CHECKING:
    from repdesk.io.importers import Report
    from repdesk.io.importers.mapping import Mapping

TABLE = {"prospects": "prospect", "touches": "touch", "meetings": "meeting", "deals": "deal"}
BATCH = 5000
EVENT_DEAL = ("title", "value_cents", "opened_at", "proposal_at", "proposal_value_cents", "closed_at", "status",
              "lost_reason")  # fmt: skip


class Writer:
    """Resolves each record's prospect and writes records in batches (or in one transaction)."""

    def __init__(self, store: Store, tz: tzinfo, m: Mapping, now: datetime, report: Report, *, label: str,
                 single: bool) -> None:  # fmt: skip
        self.store = store
        self.tx = ImportTransaction(store, label, to_db(now))
        self.tz = tz
        self.m = m
        self.now = to_db(now)
        self.report = report
        self.label = label
        self.single = single
        self.reject: Any = None  # called with (line, reason) for a bad row found while writing
        self.batch_ops: list[dict[str, Any]] = []
        self.pending: list[Built] = []
        self.events: dict[str, list[Built]] = defaultdict(list)
        self.new_created: dict[int, str] = {}  # prospects this import created → their created_at
        self.created_dirty: set[int] = set()
        self.new_prospects: list[int] = []
        self.by_sid: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.sid_of: dict[int, str | None] = {}
        self.name_of: dict[int, str] = {}
        self.by_domain: dict[str, list[int]] | None = None
        self.domains: dict[int, set[str]] = {}
        for r in self.tx.prospects():
            self._index(r[0], r[1], r[2], {domain_of(x) for x in (r[3], r[4]) if x} - {""})

    # -- prospects -------------------------------------------------------------------------------

    def _index(self, pid: int, company: str, sid: str | None, domains: set[str]) -> None:
        self.name_of[pid] = company
        self.sid_of[pid] = sid
        self.by_name[company.casefold()].append(pid)
        if sid:
            self.by_sid[sid] = pid
        self.domains[pid] = domains
        if self.by_domain is not None:
            for d in domains:
                self.by_domain.setdefault(d, []).append(pid)

    def _by_domain(self, domain: str) -> list[int]:
        if self.by_domain is None:
            self.by_domain = {}
            for pid, ds in self.domains.items():
                for d in ds:
                    self.by_domain.setdefault(d, []).append(pid)
        return self.by_domain.get(domain, [])

    def _names(self, pids: list[int]) -> str:
        shown = "; ".join(f"{p} {quoted(self.name_of[p])}" for p in pids[:6])
        return shown + (f" and {len(pids) - 6} more" if len(pids) > 6 else "")

    def company_key(self, company_id: str) -> str:
        return f"{self.m.source}:company:{company_id}"

    def find(self, b: Built) -> tuple[int | None, bool]:
        """The prospect a record belongs to (None: create it) and whether it adopts the row's company id."""
        name = b.company.casefold()
        if b.company_id:
            pid = self.by_sid.get(self.company_key(b.company_id))
            if pid is not None:
                return pid, False
            if name:
                free = [p for p in self.by_name.get(name, ()) if not self.sid_of[p]]
                if len(free) == 1:
                    return free[0], True
                if len(free) > 1:
                    raise InputError(f"{quoted(b.company)} could be any of {len(free)} prospects: {self._names(free)}")
                return None, False
        else:
            if name:
                same = self.by_name.get(name, [])
                if len(same) == 1:
                    return same[0], False
                if len(same) > 1:
                    raise InputError(f"{quoted(b.company)} could be any of {len(same)} prospects: {self._names(same)}"
                                     " — give the company's id column")  # fmt: skip
            if b.domain:
                hits = self._by_domain(b.domain)
                if len(hits) == 1:
                    return hits[0], False
                if len(hits) > 1:
                    raise InputError(f"the domain {quoted(b.domain)} matches {len(hits)} prospects: "
                                     f"{self._names(hits)}")  # fmt: skip
        if not b.company:
            if b.company_id:
                raise InputError(f"no prospect holds the company id {quoted(b.company_id)} — import the companies "
                                 "file first")  # fmt: skip
            raise InputError("no company — import the companies file first")
        return None, False

    def _create_prospect(self, b: Built) -> int:
        values = dict(b.values) if b.kind == "prospects" else {}
        values["company"] = b.company
        values.setdefault("seniority", "unknown")
        values.setdefault("archived", False)
        created = values.get("created_at") or (min(b.dates) if b.dates else self.now)
        values["created_at"] = created
        values["source_id"] = self.company_key(b.company_id) if b.company_id else None
        if b.domain and "website" not in values and "email" not in values and b.kind == "prospects":
            values["website"] = b.domain
        pid = self.tx.insert_prospect(values)
        self.new_prospects.append(pid)
        if b.kind != "prospects" or "created_at" not in b.values:
            self.new_created[pid] = created
        self._index(pid, b.company, values["source_id"],
                    {domain_of(x) for x in (values.get("email"), values.get("website")) if x} - {""})  # fmt: skip
        self.report.created["prospects"] += 1
        return pid

    def _adopt(self, pid: int, company_id: str) -> None:
        sid = self.company_key(company_id)
        self._update("prospect", pid, {"source_id": sid})
        self.sid_of[pid] = sid
        self.by_sid[sid] = pid

    def prospect_of(self, b: Built) -> int:
        pid, adopt = self.find(b)
        if pid is None:
            return self._create_prospect(b)
        if adopt:
            self._adopt(pid, b.company_id)
        if pid in self.new_created and b.dates:
            earliest = min(b.dates)
            if earliest < self.new_created[pid]:
                self.new_created[pid] = earliest
                self.created_dirty.add(pid)
        return pid

    # -- transactions ----------------------------------------------------------------------------

    def _begin(self) -> None:
        self.tx.begin()

    def _update(self, table: str, ident: int, values: dict[str, Any]) -> None:
        self.batch_ops.append(self.tx.update(table, ident, values))

    # -- records ---------------------------------------------------------------------------------

    def add(self, b: Built) -> None:
        self._begin()
        if b.kind == "prospects":
            self._prospect_row(b)
        elif b.event:
            self.events[b.source_id].append(b)
            return
        else:
            b.values["prospect_id"] = self.prospect_of(b)
            self.pending.append(b)
        if len(self.pending) >= BATCH or len(self.new_prospects) >= BATCH:
            self.flush()

    def _prospect_row(self, b: Built) -> None:
        pid, adopt = self.find(b)
        if pid is None:
            self._create_prospect(b)
            return
        if adopt:
            self._adopt(pid, b.company_id)
        old = self.tx.row("prospect", pid)
        changes = {k: v for k, v in b.values.items() if not self._same(k, old[k], v, b)}
        if changes:
            self._update("prospect", pid, changes)
        if changes or adopt:
            self.report.changed["prospects"] += 1
        else:
            self.report.unchanged += 1

    def _same(self, key: str, old: Any, new: Any, b: Built) -> bool:
        if old == new:
            return True
        d = b.date_only.get(key)
        if d is not None and old is not None:
            return bool(from_db(old).astimezone(self.tz).date() == d)
        return False

    def flush(self) -> None:
        """Write the pending records, and commit the batch (unless the import is one transaction)."""
        by_table: dict[str, list[Built]] = defaultdict(list)
        for b in self.pending:
            by_table[TABLE[b.kind]].append(b)
        self.pending = []
        if self.new_prospects:
            self.batch_ops.insert(0, {"op": "insert", "table": "prospect", "ranges": _ranges(self.new_prospects)})
            self.new_prospects = []
        for pid in self.created_dirty:
            self.tx.set_created(pid, self.new_created[pid])
        self.created_dirty.clear()
        for table, recs in by_table.items():
            self._write(table, recs)
        if not self.single:
            self._commit_batch()

    def _write(self, table: str, recs: list[Built]) -> None:
        known = self.tx.by_source_ids(table, [b.source_id for b in recs])
        cols = [c for c in COLUMNS[table] if c not in ("id", "rep")]  # rep: the column default (the role)
        rows = []
        for b in recs:
            old = known.get(b.source_id)
            if old is None:
                b.values["source_id"] = b.source_id
                rows.append(tuple(b.values.get(c) for c in cols))
                self.report.created[b.kind] += 1
                continue
            changes = {k: v for k, v in b.values.items() if k not in b.defaulted and not self._same(k, old[k], v, b)}
            if changes:
                self._update(table, old["id"], changes)
                self.report.changed[b.kind] += 1
            else:
                self.report.unchanged += 1
        if rows:
            self.batch_ops.append(self.tx.insert_rows(table, cols, rows))

    def _commit_batch(self) -> None:
        self.tx.commit(self.batch_ops)
        self.batch_ops = []

    def finish(self) -> None:
        """Write what is left: the last batch, and deals told as events (repdesk's weekly CSV)."""
        if self.events:
            self._begin()
            for evs in self.events.values():
                b = merge_deal_events(evs)
                try:
                    b.values["prospect_id"] = self.prospect_of(b)
                except InputError as exc:
                    self.reject(b.line, str(exc))
                    continue
                self.pending.append(b)
            self.events.clear()
        if self.tx.in_txn:
            self.flush()

    def commit(self) -> None:
        self.single = False
        self._commit_batch()

    def rollback(self) -> None:
        self.tx.rollback()

    def abandon(self) -> None:
        """An import stopped by an error: the batch under way is not written (committed ones stay)."""
        self.rollback()


def _ranges(ids: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for i in sorted(ids):
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def merge_deal_events(events: list[Built]) -> Built:
    """The events of one deal (opened, proposal, won or lost) as one deal."""
    out: dict[str, Any] = dict.fromkeys(EVENT_DEAL)
    out.update(value_cents=0, status="open")
    for e in sorted(events, key=lambda r: r.values["at"]):
        v = e.values
        out["title"] = out["title"] or v["title"]
        if v["event"] == "opened":
            out.update(opened_at=v["at"], value_cents=v["value_cents"])
        elif v["event"] == "proposal":
            out.update(proposal_at=v["at"], proposal_value_cents=v["value_cents"] or None)
        else:
            out.update(closed_at=v["at"], status=v["event"], lost_reason=v.get("lost_reason"))
            if v["event"] == "won" or not out["value_cents"]:
                out["value_cents"] = v["value_cents"]
    out["opened_at"] = out["opened_at"] or out["proposal_at"] or out["closed_at"]
    first = events[0]
    return Built("deals", first.company, first.company_id, first.domain, out,
                 dates=[d for e in events for d in e.dates], source_id=first.source_id, line=first.line)  # fmt: skip
