"""The use cases: every write a rep makes, validated, in one transaction, undoable.

Lean on purpose (sqlite3 and the standard library): the shell commands load it on every call.
The app and the importer call the same functions.
"""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation

from repdesk import vocab
from repdesk.errors import InputError
from repdesk.store import Store
from repdesk.timeutil import iso_local, now_utc, to_db

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

FUTURE_SLACK = timedelta(minutes=5)
_MONEY = re.compile(r"^(\d[\d,_]*)(\.\d+)?([kKmM])?$")

PROSPECT_TEXT_FIELDS = (
    "contact", "title", "email", "phone", "website", "industry", "region", "pain_points", "notes",
)  # fmt: skip


# -- input checks ---------------------------------------------------------------------------


def clean_text(value: str | None, what: str, limit: int = vocab.MAX_TEXT, *, required: bool = False) -> str | None:
    """Text as typed, trimmed; refuses control characters and text over ``limit`` characters."""
    if value is None:
        if required:
            raise InputError(f"{what} is required")
        return None
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        if required:
            raise InputError(f"{what} cannot be empty")
        return None
    if len(text) > limit:
        raise InputError(f"{what} is {len(text):,} characters long; the limit is {limit:,}")
    for ch in text:
        if ch not in "\n\t" and unicodedata.category(ch) == "Cc":
            raise InputError(f"{what} contains a control character (U+{ord(ch):04X})")
    return text


def parse_money(text: str | int | float, what: str = "amount") -> int:
    """An amount in major units (``25000``, ``25,000.50``, ``25k``) as integer cents."""
    raw = str(text).strip().replace(" ", "")
    if raw.startswith("-"):
        raise InputError(f"{what} cannot be negative: {text}")
    m = _MONEY.match(raw.lstrip("+"))
    if not m:
        raise InputError(f"cannot read the {what} {text!r} (use a number such as 25000 or 25,000.50)")
    try:
        value = Decimal(m.group(1).replace(",", "").replace("_", "") + (m.group(2) or ""))
    except InvalidOperation:
        raise InputError(f"cannot read the {what} {text!r}") from None
    suffix = (m.group(3) or "").lower()
    value *= {"": 1, "k": 1000, "m": 1_000_000}[suffix]
    cents = value * 100
    if cents != cents.to_integral_value():
        raise InputError(f"{what} has more than two decimals: {text}")
    if cents > 10**15:
        raise InputError(f"{what} is implausibly large: {text}")
    return int(cents)


def parse_int(text: str | int, what: str, lo: int = 0, hi: int = 10**9) -> int:
    """A whole number within bounds."""
    try:
        n = int(str(text).strip().replace(",", ""))
    except ValueError:
        raise InputError(f"{what} must be a whole number, not {text!r}") from None
    if n < lo or n > hi:
        raise InputError(f"{what} must be between {lo:,} and {hi:,}, not {n:,}")
    return n


def choose(value: str, allowed: tuple[str, ...], what: str) -> str:
    """One of the allowed words (case-insensitive, ``-`` or space for ``_``)."""
    word = value.strip().lower().replace("-", "_").replace(" ", "_")
    if word not in allowed:
        raise InputError(f"unknown {what} {value!r}; choose one of: {', '.join(allowed)}")
    return word


def not_future(at: datetime, now: datetime, what: str) -> None:
    """Refuse an instant more than five minutes ahead."""
    if at > now + FUTURE_SLACK:
        raise InputError(f"{what} cannot lie in the future ({at.isoformat(timespec='minutes')})")


# -- money and records ----------------------------------------------------------------------


def major(cents: int | None) -> int | float | None:
    """Integer cents as a JSON number in major units."""
    if cents is None:
        return None
    return cents // 100 if cents % 100 == 0 else cents / 100


def record(table: str, row: Any, tz: tzinfo) -> dict[str, Any]:
    """A stored row as a plain JSON-ready object: instants ISO 8601 with offset, money in major units."""
    out: dict[str, Any] = {}
    for key in row.keys():  # noqa: SIM118 - sqlite3.Row iterates values
        value = row[key]
        if key in ("at", "created_at", "churned_at", "opened_at", "proposal_at", "closed_at"):
            out[key] = iso_local(value, tz)
        elif key.endswith("_cents"):
            out[key[: -len("_cents")]] = major(value)
        elif key in ("archived", "value") and value is not None and table in ("prospect", "icp_answer"):
            out[key] = bool(value)
        elif key == "choices":
            out[key] = json.loads(value) if value else None
        else:
            out[key] = value
    return out


# -- prospects ------------------------------------------------------------------------------


def find_prospect(store: Store, ref: str | int) -> Any:
    """A prospect by id, by company name (exact wins), or by a part only one company contains."""
    text = str(ref).strip()
    if not text:
        raise InputError("name a prospect by id or company")
    if text.isdigit():
        row = store.one("SELECT * FROM prospect WHERE id = ?", (int(text),))
        if row is not None:
            return row
    exact = store.all("SELECT * FROM prospect WHERE company = ? COLLATE NOCASE", (text,))
    if not exact and not text.isascii():
        folded = text.casefold()
        exact = [r for r in store.all("SELECT * FROM prospect") if r["company"].casefold() == folded]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise InputError(_ambiguous(text, exact))
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    part = store.all("SELECT * FROM prospect WHERE company LIKE ? ESCAPE '\\' LIMIT 50", (f"%{escaped}%",))
    if not part and not text.isascii():
        folded = text.casefold()
        part = [r for r in store.all("SELECT * FROM prospect") if folded in r["company"].casefold()]
    if len(part) == 1:
        return part[0]
    if not part:
        raise InputError(f"no prospect matches {text!r} (see `repdesk prospect list`)")
    raise InputError(_ambiguous(text, part))


def _ambiguous(text: str, rows: list[Any]) -> str:
    names = "; ".join(f"{r['id']} {r['company']}" for r in rows[:8])
    more = f" and {len(rows) - 8} more" if len(rows) > 8 else ""
    return f"{text!r} matches {len(rows)} prospects: {names}{more} — use the id"


def prospect_values(fields: dict[str, Any], tz: tzinfo) -> dict[str, Any]:
    """Validated prospect columns from what the rep typed (only the fields given)."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if value is None:
            continue
        if key == "company":
            out[key] = clean_text(value, "company", vocab.MAX_NAME, required=True)
        elif key == "seniority":
            out[key] = choose(value, vocab.SENIORITIES, "seniority")
        elif key == "source":
            out[key] = choose(value, vocab.SOURCES, "source")
        elif key == "employees":
            out[key] = None if str(value).strip() == "" else parse_int(value, "employees", 0, 10_000_000)
        elif key in PROSPECT_TEXT_FIELDS:
            limit = vocab.MAX_TEXT if key in ("pain_points", "notes") else vocab.MAX_NAME
            out[key] = clean_text(value, key.replace("_", " "), limit)
        elif key == "churned_at":
            from repdesk.timeutil import parse_when

            out[key] = None if str(value).strip().lower() in ("", "no", "none") else to_db(parse_when(value, tz))
        elif key == "archived":
            out[key] = 1 if str(value).strip().lower() in ("1", "yes", "true", "y") else 0
        else:
            raise InputError(f"unknown prospect field {key!r}")
    return out


def add_prospect(store: Store, fields: dict[str, Any], tz: tzinfo, now: datetime | None = None) -> Any:
    """Create a prospect; returns the stored row."""
    values = prospect_values(fields, tz)
    if "company" not in values:
        raise InputError("company is required")
    values.setdefault("seniority", "unknown")
    values.setdefault("archived", 0)
    values["created_at"] = to_db(now or now_utc())
    with store.write(f"add prospect {values['company']}") as ch:
        pid = ch.insert("prospect", values)
    return store.one("SELECT * FROM prospect WHERE id = ?", (pid,))


def edit_prospect(store: Store, ref: str | int, fields: dict[str, Any], tz: tzinfo) -> Any:
    """Change some fields of a prospect; returns the stored row."""
    row = find_prospect(store, ref)
    values = prospect_values(fields, tz)
    if not values:
        raise InputError("nothing to change: give at least one --FIELD VALUE")
    with store.write(f"edit prospect {row['company']}") as ch:
        ch.update("prospect", {"id": row["id"]}, values)
    return store.one("SELECT * FROM prospect WHERE id = ?", (row["id"],))


# -- touches --------------------------------------------------------------------------------


def check_outcome(channel: str, outcome: str) -> tuple[str, str]:
    """A channel and an outcome that makes sense for it."""
    ch = choose(channel, vocab.CHANNELS, "channel")
    out = outcome.strip().lower().replace("-", "_").replace(" ", "_")
    if out not in vocab.OUTCOMES:
        raise InputError(f"unknown outcome {outcome!r}; {ch} outcomes: {', '.join(vocab.CHANNEL_OUTCOMES[ch])}")
    if out not in vocab.CHANNEL_OUTCOMES[ch]:
        article = "an" if ch[0] in "aeiou" else "a"
        raise InputError(f"{article} {ch} cannot be {out!r}; {ch} outcomes: {', '.join(vocab.CHANNEL_OUTCOMES[ch])}")
    return ch, out


def log_touch(
    store: Store,
    ref: str | int,
    channel: str,
    outcome: str,
    *,
    at: datetime | None = None,
    minutes: str | int | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Any:
    """Log one touch; returns the stored row."""
    now = now or now_utc()
    ch, out = check_outcome(channel, outcome)
    when = at or now
    not_future(when, now, "a touch")
    mins = None if minutes is None else parse_int(minutes, "minutes", 0, 24 * 60)
    text = clean_text(note, "note")
    p = find_prospect(store, ref)
    with store.write(f"log {ch} {p['company']} {out}") as c:
        tid = c.insert(
            "touch",
            {"prospect_id": p["id"], "at": to_db(when), "channel": ch, "outcome": out, "minutes": mins, "note": text},
        )
    return store.one("SELECT * FROM touch WHERE id = ?", (tid,))


def get(store: Store, table: str, ident: str | int, what: str) -> Any:
    """One row by id, or a clear error."""
    try:
        key = int(str(ident).strip().lstrip("#"))
    except ValueError:
        raise InputError(f"{what} id must be a number, not {ident!r}") from None
    row = store.one(f"SELECT * FROM {table} WHERE id = ?", (key,))
    if row is None:
        raise InputError(f"no {what} with id {key}")
    return row


def update_touch(store: Store, ident: str | int, outcome: str | None = None, note: str | None = None) -> Any:
    """Change a touch's outcome (an email ``sent`` that was later ``replied``) or note."""
    row = get(store, "touch", ident, "touch")
    values: dict[str, Any] = {}
    if outcome is not None:
        values["outcome"] = check_outcome(row["channel"], outcome)[1]
    if note is not None:
        values["note"] = clean_text(note, "note")
    if not values:
        raise InputError("nothing to change: give --outcome or --note")
    with store.write(f"update touch {row['id']}") as c:
        c.update("touch", {"id": row["id"]}, values)
    return store.one("SELECT * FROM touch WHERE id = ?", (row["id"],))


# -- meetings -------------------------------------------------------------------------------


def book_meeting(
    store: Store,
    ref: str | int,
    at: datetime,
    *,
    kind: str = "first",
    goal: str | None = None,
    note: str | None = None,
) -> Any:
    """Book a meeting (it may lie in the future)."""
    k = choose(kind, vocab.MEETING_KINDS, "meeting kind")
    g = None if goal is None else choose(goal, vocab.GOALS, "meeting goal")
    text = clean_text(note, "note")
    p = find_prospect(store, ref)
    with store.write(f"book {k} meeting {p['company']}") as c:
        mid = c.insert(
            "meeting",
            {"prospect_id": p["id"], "at": to_db(at), "kind": k, "goal": g, "status": "scheduled", "note": text},
        )
    return store.one("SELECT * FROM meeting WHERE id = ?", (mid,))


def set_meeting_status(
    store: Store,
    ident: str | int,
    status: str,
    *,
    outcome: str | None = None,
    next_step: str | None = None,
    now: datetime | None = None,
) -> Any:
    """Record how a meeting went: held (with an outcome), no_show, cancelled or rescheduled."""
    row = get(store, "meeting", ident, "meeting")
    values: dict[str, Any] = {"status": choose(status, vocab.MEETING_STATUSES, "meeting status")}
    if values["status"] in ("held", "no_show"):
        from repdesk.timeutil import from_db

        not_future(from_db(row["at"]), now or now_utc(), "a meeting that was held or missed")
    if values["status"] == "held":
        if outcome is None:
            raise InputError(f"a held meeting needs --outcome ({', '.join(vocab.MEETING_OUTCOMES)})")
        values["outcome"] = choose(outcome, vocab.MEETING_OUTCOMES, "meeting outcome")
    else:
        values["outcome"] = None
    if next_step is not None:
        values["next_step"] = clean_text(next_step, "next step", vocab.MAX_NAME)
    with store.write(f"meeting {row['id']} {values['status']}") as c:
        c.update("meeting", {"id": row["id"]}, values)
    return store.one("SELECT * FROM meeting WHERE id = ?", (row["id"],))


# -- deals ----------------------------------------------------------------------------------


def open_deal(
    store: Store,
    ref: str | int,
    value: str | int,
    *,
    title: str | None = None,
    at: datetime | None = None,
    now: datetime | None = None,
) -> Any:
    """Open a deal with a prospect."""
    now = now or now_utc()
    cents = parse_money(value, "deal value")
    when = at or now
    not_future(when, now, "a deal")
    text = clean_text(title, "title", vocab.MAX_NAME)
    p = find_prospect(store, ref)
    with store.write(f"open deal {p['company']}") as c:
        did = c.insert(
            "deal",
            {"prospect_id": p["id"], "title": text, "value_cents": cents, "opened_at": to_db(when), "status": "open"},
        )
    return store.one("SELECT * FROM deal WHERE id = ?", (did,))


def _deal_step(store: Store, ident: str | int, at: datetime | None, now: datetime | None) -> tuple[Any, str]:
    row = get(store, "deal", ident, "deal")
    now = now or now_utc()
    when = at or now
    not_future(when, now, "a deal step")
    if to_db(when) < row["opened_at"]:
        raise InputError(f"deal {row['id']} was opened on {row['opened_at'][:10]}; a later step cannot come before it")
    return row, to_db(when)


def deal_proposal(
    store: Store, ident: str | int, *, value: str | None = None, at: datetime | None = None, now: datetime | None = None
) -> Any:
    """Record that a proposal was sent."""
    row, when = _deal_step(store, ident, at, now)
    if row["status"] != "open":
        raise InputError(f"deal {row['id']} is already {row['status']}")
    values: dict[str, Any] = {"proposal_at": when}
    if value is not None:
        values["proposal_value_cents"] = parse_money(value, "proposal value")
    with store.write(f"proposal for deal {row['id']}") as c:
        c.update("deal", {"id": row["id"]}, values)
    return store.one("SELECT * FROM deal WHERE id = ?", (row["id"],))


def close_deal(
    store: Store,
    ident: str | int,
    status: str,
    *,
    value: str | None = None,
    reason: str | None = None,
    at: datetime | None = None,
    now: datetime | None = None,
) -> Any:
    """Mark a deal won (optionally at a final value) or lost (with a reason)."""
    row, when = _deal_step(store, ident, at, now)
    if row["status"] != "open":
        raise InputError(f"deal {row['id']} is already {row['status']}")
    values: dict[str, Any] = {"status": status, "closed_at": when}
    if status == "won":
        if value is not None:
            values["value_cents"] = parse_money(value, "deal value")
    else:
        if reason is None:
            raise InputError(f"a lost deal needs --reason ({', '.join(vocab.LOST_REASONS)})")
        values["lost_reason"] = choose(reason, vocab.LOST_REASONS, "lost reason")
    with store.write(f"deal {row['id']} {status}") as c:
        c.update("deal", {"id": row["id"]}, values)
    return store.one("SELECT * FROM deal WHERE id = ?", (row["id"],))


# -- targets --------------------------------------------------------------------------------


def period_bounds(period: str) -> tuple[str, date, date]:
    """``2026-11`` or ``2026-Q4`` as (normalised name, first day, last day)."""
    text = period.strip().upper()
    m = re.match(r"^(\d{4})-(\d{2})$", text)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if not 1 <= mo <= 12:
            raise InputError(f"no month {mo} in {period!r}")
        return text, date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
    m = re.match(r"^(\d{4})-Q([1-4])$", text)
    if m:
        y, q = int(m.group(1)), int(m.group(2))
        last_month = q * 3
        return text, date(y, last_month - 2, 1), date(y, last_month, calendar.monthrange(y, last_month)[1])
    raise InputError(f"cannot read the period {period!r} (use a month such as 2026-11 or a quarter such as 2026-Q4)")


def parse_workdays(text: str) -> str:
    """``mon-fri``, ``mon,tue,thu`` or ``mon-thu,sat`` as a canonical comma list."""
    days: list[str] = []
    for part in text.lower().replace(" ", "").split(","):
        if not part:
            continue
        ends = part.split("-")
        try:
            idx = [vocab.WEEKDAYS.index(e[:3]) for e in ends]
        except ValueError:
            raise InputError(f"cannot read the working days {text!r} (use mon-fri or mon,tue,thu)") from None
        if len(idx) == 1:
            days.append(vocab.WEEKDAYS[idx[0]])
        elif len(idx) == 2 and idx[0] <= idx[1]:
            days.extend(vocab.WEEKDAYS[idx[0] : idx[1] + 1])
        else:
            raise InputError(f"cannot read the working days {text!r}")
    if not days:
        raise InputError("at least one working day is needed")
    return ",".join(d for d in vocab.WEEKDAYS if d in days)


def set_target(
    store: Store,
    period: str,
    revenue: str,
    *,
    avg_deal: str | None = None,
    daily_goal: str | None = None,
    workdays: str | None = None,
    off_dates: str | None = None,
) -> Any:
    """Create or replace the target of a month or quarter."""
    name, first, last = period_bounds(period)
    values: dict[str, Any] = {
        "period": name,
        "start": first.isoformat(),
        "end": last.isoformat(),
        "revenue_cents": parse_money(revenue, "revenue target"),
        "avg_deal_cents": None if avg_deal is None else parse_money(avg_deal, "average deal"),
        "daily_goal": None if daily_goal is None else parse_int(daily_goal, "daily goal", 1, 10_000),
        "workdays": parse_workdays(workdays or "mon-fri"),
        "off_dates": "",
    }
    if values["revenue_cents"] == 0:
        raise InputError("a revenue target must be more than 0")
    if values["avg_deal_cents"] == 0:
        raise InputError("an average deal must be more than 0")
    if off_dates:
        days = []
        for part in off_dates.split(","):
            try:
                days.append(date.fromisoformat(part.strip()).isoformat())
            except ValueError:
                raise InputError(f"cannot read the non-working date {part!r} (use YYYY-MM-DD)") from None
        values["off_dates"] = ",".join(sorted(set(days)))
    old = store.one("SELECT id FROM target WHERE period = ?", (name,))
    with store.write(f"target {name}") as c:
        if old is None:
            tid = c.insert("target", values)
        else:
            tid = old["id"]
            c.update("target", {"id": tid}, values)
    return store.one("SELECT * FROM target WHERE id = ?", (tid,))


def split_target(amount: str, reps: str | int, raise_pct: str | None = None) -> dict[str, Any]:
    """What each rep must bring: the amount ÷ reps, or with a raise the increase ÷ reps."""
    cents = parse_money(amount, "amount")
    n = parse_int(reps, "reps", 1, 100_000)
    if raise_pct is None:
        total = Decimal(cents)
    else:
        try:
            pct = Decimal(str(raise_pct).strip().rstrip("%"))
        except InvalidOperation:
            raise InputError(f"cannot read the raise {raise_pct!r} (a percentage such as 10)") from None
        if pct < 0:
            raise InputError("the raise cannot be negative")
        total = Decimal(cents) * pct / 100
    each = total / n
    return {
        "amount": major(cents),
        "raise_pct": None if raise_pct is None else float(pct),
        "to_split": float(total / 100),
        "reps": n,
        "per_rep": float(each / 100),
    }


# -- ICP ------------------------------------------------------------------------------------


def criterion_rule(
    *,
    field: str | None = None,
    choices: str | None = None,
    min_value: str | None = None,
    max_value: str | None = None,
    min_seniority: str | None = None,
    manual: bool = False,
) -> dict[str, Any]:
    """The rule columns of an ICP criterion: choice, range, min_seniority or manual."""
    values: dict[str, Any] = dict.fromkeys(("field", "choices", "min_value", "max_value", "level"))
    rules = sum(
        [manual, min_seniority is not None, choices is not None, min_value is not None or max_value is not None]
    )
    if rules != 1:
        raise InputError(
            "give exactly one rule: --field F --in A,B | --field F --min X --max Y | --min-seniority L | --manual"
        )
    if manual:
        values["rule"] = "manual"
    elif min_seniority is not None:
        level = choose(min_seniority, vocab.SENIORITIES, "seniority")
        if level == "unknown":
            raise InputError("--min-seniority needs a level: " + ", ".join(vocab.SENIORITY_RANK))
        values.update(rule="min_seniority", level=level)
    else:
        fields = (*vocab.ICP_TEXT_FIELDS, *vocab.ICP_NUMERIC_FIELDS)
        if field is None:
            raise InputError("this rule needs --field (one of: " + ", ".join(fields) + ")")
        f = choose(field, fields, "field")
        if choices is not None:
            items = [c.strip() for c in choices.split(",") if c.strip()]
            if not items:
                raise InputError("--in needs at least one value")
            values.update(rule="choice", field=f, choices=json.dumps(items, ensure_ascii=False))
        else:
            lo = None if min_value is None else _float(min_value, "--min")
            hi = None if max_value is None else _float(max_value, "--max")
            if lo is not None and hi is not None and lo > hi:
                raise InputError(f"--min {lo:g} is above --max {hi:g}")
            values.update(rule="range", field=f, min_value=lo, max_value=hi)
    return values


def parse_rule_spec(spec: str) -> dict[str, Any]:
    """A rule typed in one line: ``industry in a,b`` · ``employees 50..1000`` · ``seniority >= director``
    · ``manual``, as keyword arguments of :func:`criterion_rule`."""
    s = spec.strip()
    if s.lower() == "manual":
        return {"manual": True}
    parts = s.split(None, 2)
    if len(parts) == 3 and parts[0].lower() == "seniority" and parts[1] == ">=":
        return {"min_seniority": parts[2]}
    if len(parts) == 3 and parts[1].lower() == "in":
        return {"field": parts[0], "choices": parts[2]}
    if len(parts) == 2 and ".." in parts[1]:
        lo, hi = parts[1].split("..", 1)
        return {"field": parts[0], "min_value": lo or None, "max_value": hi or None}
    raise InputError("rule: 'industry in a,b' · 'employees 50..1000' · 'seniority >= director' · 'manual'")


def rule_spec(c: Any) -> str:
    """A criterion's rule in the one-line form :func:`parse_rule_spec` reads."""
    if c["rule"] == "manual":
        return "manual"
    if c["rule"] == "min_seniority":
        return f"seniority >= {c['level']}"
    if c["rule"] == "choice":
        return f"{c['field']} in {','.join(json.loads(c['choices']))}"
    lo = "" if c["min_value"] is None else f"{c['min_value']:g}"
    hi = "" if c["max_value"] is None else f"{c['max_value']:g}"
    return f"{c['field']} {lo}..{hi}"


def add_criterion(store: Store, label: str, **rule: Any) -> Any:
    """Add an ICP criterion (see :func:`criterion_rule` for the rules)."""
    from repdesk.icp import criterion_key

    text = clean_text(label, "label", vocab.MAX_NAME, required=True)
    assert text is not None
    key = criterion_key(text)
    if not key:
        raise InputError(f"the label {label!r} gives an empty key; use some ASCII letters or digits")
    if store.one("SELECT id FROM icp_criterion WHERE key = ?", (key,)):
        raise InputError(f"an ICP criterion with key {key!r} already exists")
    values = {"key": key, "label": text, **criterion_rule(**rule)}
    with store.write(f"add ICP criterion {key}") as c:
        cid = c.insert("icp_criterion", values)
    return store.one("SELECT * FROM icp_criterion WHERE id = ?", (cid,))


def edit_criterion(store: Store, key: str, *, label: str | None = None, **rule: Any) -> Any:
    """Change a criterion's label or rule; its key stays. Answers go when a manual rule becomes another."""
    row = store.one("SELECT * FROM icp_criterion WHERE key = ?", (key.strip().lower(),))
    if row is None:
        raise InputError(f"no ICP criterion {key!r} (see `repdesk icp list`)")
    values: dict[str, Any] = {}
    if label is not None:
        values["label"] = clean_text(label, "label", vocab.MAX_NAME, required=True)
    if any(v not in (None, False) for v in rule.values()):
        values.update(criterion_rule(**rule))
    if not values:
        raise InputError("nothing to change: give --label or a rule")
    with store.write(f"edit ICP criterion {row['key']}") as c:
        if row["rule"] == "manual" and values.get("rule", "manual") != "manual":
            for a in store.all("SELECT prospect_id FROM icp_answer WHERE criterion_id = ?", (row["id"],)):
                c.delete("icp_answer", {"prospect_id": a[0], "criterion_id": row["id"]})
        c.update("icp_criterion", {"id": row["id"]}, values)
    return store.one("SELECT * FROM icp_criterion WHERE id = ?", (row["id"],))


def _float(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{what} must be a number, not {text!r}") from None


def remove_criterion(store: Store, key: str) -> Any:
    """Remove an ICP criterion (and its answers; undo brings both back)."""
    row = store.one("SELECT * FROM icp_criterion WHERE key = ?", (key.strip().lower(),))
    if row is None:
        raise InputError(f"no ICP criterion {key!r} (see `repdesk icp list`)")
    with store.write(f"remove ICP criterion {row['key']}") as c:
        c.delete("icp_criterion", {"id": row["id"]})
    return row


def answer_criterion(store: Store, ref: str | int, key: str, answer: str | bool | None) -> Any:
    """Answer a manual criterion for a prospect (``None`` clears the answer)."""
    p = find_prospect(store, ref)
    crit = store.one("SELECT * FROM icp_criterion WHERE key = ?", (key.strip().lower(),))
    if crit is None:
        raise InputError(f"no ICP criterion {key!r} (see `repdesk icp list`)")
    if crit["rule"] != "manual":
        raise InputError(f"{crit['key']!r} is worked out from the prospect's fields; only manual criteria take answers")
    with store.write(f"ICP {crit['key']} for {p['company']}") as c:
        k = {"prospect_id": p["id"], "criterion_id": crit["id"]}
        if answer is None:
            c.delete("icp_answer", k)
        else:
            if isinstance(answer, str):
                word = answer.strip().lower()
                if word not in ("yes", "no", "y", "n", "true", "false"):
                    raise InputError(f"answer {crit['key']} with yes or no, not {answer!r}")
                answer = word in ("yes", "y", "true")
            c.upsert("icp_answer", {**k, "value": 1 if answer else 0})
    return p


def icp_checklist(store: Store, prospect: Any) -> dict[str, Any]:
    """The ICP checklist of one prospect: fit, grade and the keys met, failed and unknown."""
    from repdesk.icp import fit_of

    criteria = store.all("SELECT * FROM icp_criterion ORDER BY id")
    answers = {
        r["criterion_id"]: bool(r["value"])
        for r in store.all("SELECT criterion_id, value FROM icp_answer WHERE prospect_id = ?", (prospect["id"],))
    }
    return fit_of(criteria, prospect, answers)


# -- settings -------------------------------------------------------------------------------


def set_setting(store: Store, key: str, value: str) -> dict[str, str]:
    """Change one setting; returns every setting."""
    k = key.strip().lower()
    if k not in vocab.SETTING_DEFAULTS:
        raise InputError(f"unknown setting {key!r}; settings: {', '.join(vocab.SETTING_DEFAULTS)}")
    v = value.strip()
    if k == "currency":
        if not re.fullmatch(r"[A-Za-z]{3}", v):
            raise InputError(f"currency must be a three-letter code such as USD or EUR, not {value!r}")
        v = v.upper()
    elif k == "timezone":
        if v:
            from repdesk.timeutil import zone

            zone(v)
    elif k == "window_days":
        v = str(parse_int(v, "window_days", 1, 3650))
    elif k == "daily_goal":
        v = "" if v in ("", "none") else str(parse_int(v, "daily_goal", 1, 10_000))
    elif k.startswith("rates."):
        rate = _float(v, k)
        if not 0 < rate <= 1:
            raise InputError(f"{k} must be a fraction above 0 and at most 1, such as 0.05")
        v = repr(rate)
    else:
        v = clean_text(v, k, vocab.MAX_NAME) or ""
    with store.write(f"set {k}") as c:
        c.upsert("setting", {"key": k, "value": v})
    return store.settings()


def backup(store: Store, dest: str) -> str:
    """Copy the database with SQLite's online backup (safe while the app is open)."""
    import os
    from pathlib import Path

    target = Path(dest).expanduser()
    if target.is_dir():
        stamp = now_utc().astimezone(UTC).strftime("%Y%m%d-%H%M%S")
        target = target / f"repdesk-{stamp}.db"
    if target.exists():
        raise InputError(f"{target} already exists; choose another name")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(target, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    import sqlite3

    out = sqlite3.connect(target)
    try:
        store.conn.backup(out)
    finally:
        out.close()
    return str(target)
