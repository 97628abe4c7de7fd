"""One row → one validated record, through the same rule book as the command line."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from repdesk.domain import rules, vocab
from repdesk.domain.dates import from_db, to_db
from repdesk.domain.errors import InputError
from repdesk.io.importers.cells import plain_money, quoted, read_instant, squash
from repdesk.io.importers.mapping import LENIENT

if TYPE_CHECKING:
    from repdesk.io.importers import Decided, Plan

TRUE = frozenset(("1", "true", "yes", "y", "x", "won", "closed"))
#: mail providers whose domain says nothing about a company
FREE_MAIL = frozenset(("gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com",
                       "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.de", "gmx.net",
                       "web.de", "yandex.ru", "mail.ru", "qq.com", "163.com"))  # fmt: skip


@dataclass
class Built:
    """A row read and checked; who it belongs to is settled by the writer."""

    kind: str
    company: str
    company_id: str
    domain: str
    values: dict[str, Any]
    dates: list[str] = field(default_factory=list)
    date_only: dict[str, Any] = field(default_factory=dict)
    defaulted: set[str] = field(default_factory=set)
    natural_key: str = ""
    event: bool = False
    source_id: str = ""
    line: int = 0


def domain_of(text: str) -> str:
    """The domain of an e-mail address or a website, lower case, without ``www.``; "" for free mail."""
    t = text.strip().lower()
    t = t.rsplit("@", 1)[1] if "@" in t else t.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0]
    t = t.removeprefix("www.").strip(".")
    return "" if t in FREE_MAIL or "." not in t else t


class RowReader:
    """Turns a row's cells into a :class:`Built` record of one kind."""

    def __init__(self, plan: Plan, tz: tzinfo, now: datetime, decided: Decided) -> None:
        self.plan = plan
        self.m = plan.m
        self.tz = tz
        self.now = now
        self.today = now.astimezone(tz).date()
        self.decided = decided
        self.future_db = to_db(now + rules.FUTURE_SLACK)
        self.defaults = {k: self.m.defaults.get(k, {}) for k in plan.fields}

    # -- cells ---------------------------------------------------------------------------------

    def raw(self, kind: str, cells: list[str], fld: str) -> str:
        """A field's cell as written (the first non-empty of its columns), else the mapping's default."""
        idx = self.plan.fields[kind].get(fld)
        value = ""
        if idx is not None:
            n = len(cells)
            for i in idx:
                if i < n and (value := cells[i].strip()):
                    break
        if not value:
            value = self.defaults[kind].get(fld, "")
        if value and self.m.formula_prefix and value[0] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
            value = value[1:]
        return value

    def column(self, kind: str, fld: str) -> str:
        idx = self.plan.fields[kind].get(fld, ())
        return self.plan.header[idx[0]] if idx else fld

    def word(self, kind: str, cells: list[str], fld: str) -> str:
        """A value translated by the mapping's table; an unknown one is a bad row naming it and its column."""
        value = self.raw(kind, cells, fld)
        table = self.m.values.get(kind, {}).get(fld)
        if table is None or not value:
            return value
        got = table.get(squash(value))
        if got is None:
            if fld in LENIENT:
                return ""
            known = ", ".join(sorted(set(table))[:12])
            raise InputError(f"unknown {fld.replace('_', ' ')} {quoted(value)} in {quoted(self.column(kind, fld))} "
                             f"(the {self.m.name} preset knows: {known})")  # fmt: skip
        return got

    def lenient(self, kind: str, cells: list[str], fld: str, allowed: tuple[str, ...]) -> tuple[str | None, str]:
        """A value that falls back to a catch-all; returns it and the CRM's own words when they were not ours."""
        raw = self.raw(kind, cells, fld)
        if not raw:
            return None, ""
        value = self.word(kind, cells, fld)
        word = value.strip().lower().replace("-", "_").replace(" ", "_")
        if word in allowed:
            return word, ""
        return LENIENT[fld], raw

    def when(self, kind: str, cells: list[str], fld: str, b: Built) -> str | None:
        text = self.raw(kind, cells, fld)
        if not text:
            return None
        try:
            inst = read_instant(text, self.tz, self.decided.day_first, self.m.date_format)
        except InputError as exc:
            raise InputError(f"{self.column(kind, fld)}: {exc}") from None
        stamp = to_db(inst.at)
        if inst.date_only:
            b.date_only[fld] = inst.at.astimezone(self.tz).date()
        b.dates.append(stamp)
        return stamp

    def money(self, kind: str, cells: list[str], fld: str) -> int | None:
        idx = self.plan.fields[kind].get(fld, ())
        for i in idx:
            text = cells[i].strip() if i < len(cells) else ""
            if text:
                if "-" in text or text.startswith("("):
                    raise InputError(f"{self.column(kind, fld)}: an amount cannot be negative: {quoted(text)}")
                try:
                    return rules.parse_money(plain_money(text, self.decided.marks.get(i, ".")), fld)
                except InputError as exc:
                    raise InputError(f"{self.plan.header[i]}: {exc}") from None
        default = self.m.defaults.get(kind, {}).get(fld)
        return rules.parse_money(default, fld) if default else None

    def count(self, text: str) -> str:
        """A whole number as written: group separators (the mark that is not the decimal one) dropped."""
        mark = self.m.decimal_mark or "."
        group = "," if mark == "." else "."
        return text.replace(group, "").replace(" ", "").replace("\u00a0", "").removesuffix(mark + "0")

    def text(self, kind: str, cells: list[str], fld: str, limit: int = vocab.MAX_NAME) -> str | None:
        return rules.clean_text(self.raw(kind, cells, fld) or None, fld.replace("_", " "), limit)

    # -- a row ----------------------------------------------------------------------------------

    def read(self, kind: str, cells: list[str]) -> Built:
        company = self.raw(kind, cells, "company")
        company_id = self.raw(kind, cells, "company_id")
        email = self.raw(kind, cells, "email")
        website = self.raw(kind, cells, "website")
        domain = domain_of(email) if email else (domain_of(website) if website else "")
        if company:
            company = rules.clean_text(company, "company", vocab.MAX_NAME) or ""
        b = Built(kind, company, company_id, domain, {})
        if kind == "touches":
            self.touch(cells, b)
        elif kind == "meetings":
            self.meeting(cells, b)
        elif kind == "deals":
            self.deal(cells, b)
        else:
            self.prospect(cells, b)
        if not self.plan.id:
            first_date = self.raw(kind, cells, "opened_at" if kind == "deals" else "at")
            parts = (kind, company or company_id, self.raw(kind, cells, "title" if kind == "deals" else "subject"),
                     first_date)  # fmt: skip
            b.natural_key = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=10).hexdigest()
        return b

    def instant_now_if_today(self, at: str, b: Built, fld: str) -> str:
        """A touch dated today without a time is not in the future: it happened by now."""
        d = b.date_only.get(fld)
        if d is not None and d == self.today and at > to_db(self.now):
            return to_db(self.now)
        return at

    def touch(self, cells: list[str], b: Built) -> None:
        k = "touches"
        channel = self.word(k, cells, "channel") or "other"
        outcome = self.word(k, cells, "outcome")
        if not outcome and channel.strip().lower() in ("email", "social"):
            outcome = "sent"  # an e-mail logged with no outcome was sent
        if not outcome:
            raise InputError(f"no outcome ({self.column(k, 'outcome')} is empty)")
        ch, out = rules.check_outcome(channel, outcome)
        at = self.when(k, cells, "at", b)
        if at is None:
            raise InputError(f"a touch needs a date ({self.column(k, 'at')} is empty)")
        at = self.instant_now_if_today(at, b, "at")
        if at > self.future_db:
            rules.not_future(from_db(at), self.now, "a touch", self.tz)
        minutes: int | None = None
        if m := self.raw(k, cells, "minutes"):
            minutes = rules.parse_int(m, "minutes", 0, 24 * 60)
        elif s := self.raw(k, cells, "seconds"):
            minutes = rules.parse_int(round(_number(s, "seconds") / 60), "minutes", 0, 24 * 60)
        elif ms := self.raw(k, cells, "milliseconds"):
            minutes = rules.parse_int(round(_number(ms, "milliseconds") / 60000), "minutes", 0, 24 * 60)
        note = _join(self.raw(k, cells, "subject"), self.raw(k, cells, "note"))
        b.values = {"at": at, "channel": ch, "outcome": out, "minutes": minutes,
                    "note": rules.clean_text(note or None, "note")}  # fmt: skip

    def meeting(self, cells: list[str], b: Built) -> None:
        k = "meetings"
        at = self.when(k, cells, "at", b)
        if at is None:
            raise InputError(f"a meeting needs a date ({self.column(k, 'at')} is empty)")
        said = self.word(k, cells, "outcome")
        status, outcome = rules.meeting_result(self.word(k, cells, "status") or ("held" if said else "scheduled"),
                                               said or None, from_db(at), self.now, self.tz)  # fmt: skip
        goal = self.word(k, cells, "goal")
        note = _join(self.raw(k, cells, "subject"), self.raw(k, cells, "note"))
        b.values = {
            "at": at,
            "kind": rules.choose(self.word(k, cells, "kind") or "first", vocab.MEETING_KINDS, "meeting kind"),
            "goal": rules.choose(goal, vocab.GOALS, "goal") if goal else None,
            "status": status,
            "outcome": outcome,
            "next_step": self.text(k, cells, "next_step"),
            "note": rules.clean_text(note or None, "note"),
        }

    def deal(self, cells: list[str], b: Built) -> None:
        k = "deals"
        fields = self.plan.fields[k]
        title = self.text(k, cells, "title")
        cents = self.raw(k, cells, "value_cents")
        value = rules.parse_int(cents.split(".")[0], "value in cents", 0, 10**14) if cents else None
        if value is None:
            value = self.money(k, cells, "value")
        if self.m.events:  # one row per deal event (repdesk's weekly CSV)
            event = rules.choose(self.raw(k, cells, "status") or "opened", ("opened", "proposal", "won", "lost"),
                                   "deal event")  # fmt: skip
            at = self.when(k, cells, "at", b)
            if at is None:
                raise InputError("a deal event needs a date")
            reason = None
            if event == "lost":
                reason, _ = self.lenient(k, cells, "lost_reason", vocab.LOST_REASONS)
            b.event = True
            b.values = {"event": event, "at": at, "value_cents": value or 0, "title": title,
                        "lost_reason": reason or ("other" if event == "lost" else None)}  # fmt: skip
            return
        if "won" in fields or "closed" in fields:
            won = self.raw(k, cells, "won").strip().lower() in TRUE
            closed = won or self.raw(k, cells, "closed").strip().lower() in TRUE
            status = "won" if won else "lost" if closed else "open"
        else:
            word = self.word(k, cells, "status")
            if not word:
                raise InputError(f"no deal status ({self.column(k, 'status')} is empty)")
            status = rules.choose(word, vocab.DEAL_STATUSES, "deal status")
        opened = self.when(k, cells, "opened_at", b)
        proposal = self.when(k, cells, "proposal_at", b)
        closed_at = self.when(k, cells, "closed_at", b) if status != "open" else None
        if status != "open" and closed_at is None:
            raise InputError(f"a {status} deal without any close date ({self.column(k, 'closed_at')} is empty)")
        if opened is None:
            opened = closed_at or proposal or to_db(self.now)
            b.defaulted.add("opened_at")
        if closed_at is not None and closed_at < opened:
            opened = closed_at  # the record was made after the fact (data migrated into the CRM)
            b.date_only.pop("opened_at", None)
            b.defaulted.add("opened_at")
        reason = None
        if status == "lost":
            reason, _ = self.lenient(k, cells, "lost_reason", vocab.LOST_REASONS)
            reason = reason or "other"
        b.values = {
            "title": title,
            "value_cents": value or 0,
            "opened_at": opened,
            "proposal_at": proposal,
            "proposal_value_cents": self.money(k, cells, "proposal_value"),
            "closed_at": closed_at,
            "status": status,
            "lost_reason": reason,
        }

    def prospect(self, cells: list[str], b: Built) -> None:
        k = "prospects"
        if not b.company and b.domain:
            b.company = b.domain  # a company with no name but a domain is named by its domain
        fields: dict[str, Any] = {}
        for f in ("title", "phone", "industry", "region", "email", "website"):
            if v := self.raw(k, cells, f):
                fields[f] = v
        contact = self.raw(k, cells, "contact") or " ".join(
            x for x in (self.raw(k, cells, "first_name"), self.raw(k, cells, "last_name")) if x
        )
        if contact:
            fields["contact"] = contact
        if v := self.raw(k, cells, "employees"):
            fields["employees"] = self.count(v)
        notes = [self.raw(k, cells, "notes")]
        for f, allowed in (("seniority", vocab.SENIORITIES), ("source", vocab.SOURCES)):
            word, words = self.lenient(k, cells, f, allowed)
            if word:
                fields[f] = word
            if words:
                notes.append(f"{self.column(k, f)}: {words}")
        if v := self.raw(k, cells, "pain_points"):
            fields["pain_points"] = v
        if note := "\n".join(n for n in notes if n):
            fields["notes"] = note
        b.values = rules.prospect_values(fields, self.tz)
        created = self.when(k, cells, "created_at", b)
        if created is not None:
            b.values["created_at"] = created


def _join(a: str, b: str) -> str:
    return f"{a}\n{b}" if a and b and a != b else a or b


def _number(text: str, what: str) -> float:
    try:
        n = float(text.replace(",", ""))
    except ValueError:
        raise InputError(f"{what} must be a number, not {quoted(text)}") from None
    if n != n or n in (float("inf"), float("-inf")) or n < 0:
        raise InputError(f"{what} must be a number, not {quoted(text)}")
    return n
