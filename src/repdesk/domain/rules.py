"""The rule book: every validation and limit of what a rep may enter.

The command line, the app and the importer call these same functions, so a value one of
them refuses is refused by all. No I/O here.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo

from repdesk.domain import vocab
from repdesk.domain.dates import FIRST_DAY, LAST_DAY
from repdesk.domain.errors import InputError

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


FUTURE_SLACK = timedelta(minutes=5)

# -- the limits every entry point enforces --------------------------------------------------
#: any date a rep gives, reads included (--as-of, --date, --week, a target period): the date
#: words are parsed in dates.py, which holds the check so that it needs nothing from here
DATE_MIN, DATE_MAX = FIRST_DAY, LAST_DAY
#: money, in major units: whole cents from 0 to a trillion
MONEY_MAX = 10**12
#: counts (employees, minutes, --touches): whole numbers up to a billion
COUNT_MAX = 10**9
#: funnel rates (settings rates.*)
RATE_MIN, RATE_MAX = 0.001, 1.0
#: ids are SQLite integers; anything longer than this cannot name a record
ID_MAX = 2**63 - 1


def check_year(year: int, what: str) -> None:
    """A year within the date limits (for weeks and target periods)."""
    if not DATE_MIN.year <= year <= DATE_MAX.year:
        raise InputError(f"{what}: the year {year} is out of range ({DATE_MIN.year}–{DATE_MAX.year})")


def parse_id(text: str | int, what: str) -> int:
    """A record id as typed (``12``, ``#12``): a whole number that SQLite can hold."""
    raw = str(text).strip().lstrip("#")
    if not (raw.isascii() and raw.isdigit()):
        raise InputError(f"{what} id must be a number, not {text!r}")
    if len(raw) > 19 or int(raw) > ID_MAX:
        raise InputError(f"no {what} with id {raw}")
    return int(raw)


def finite_float(text: str | float, what: str) -> float:
    """A number, never NaN or infinity."""
    import math

    try:
        x = float(str(text).strip())
    except ValueError:
        raise InputError(f"{what} must be a number, not {text!r}") from None
    if not math.isfinite(x):
        raise InputError(f"{what} must be a finite number, not {text!r}")
    return x


def parse_rate(text: str | float, what: str) -> float:
    """A funnel rate: a fraction from 0.001 to 1."""
    x = finite_float(text, what)
    if not RATE_MIN <= x <= RATE_MAX:
        raise InputError(f"{what} must be a fraction from {RATE_MIN} to {RATE_MAX:g}, such as 0.05 — not {text}")
    return x


#: compiled by re on first use, not at start-up
_MONEY = r"^(\d[\d,_]*)(\.\d+)?([kKmM])?$"


PROSPECT_TEXT_FIELDS = (
    "contact", "title", "email", "phone", "website", "industry", "region", "pain_points", "notes",
)  # fmt: skip


def clean_text(value: str | None, what: str, limit: int = vocab.MAX_TEXT, *, required: bool = False) -> str | None:
    """Text as typed, trimmed; refuses control characters and text over ``limit`` characters."""
    import unicodedata

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
    """An amount in major units (``25000``, ``25,000.50``, ``25k``) as integer cents, 0 … 10^12."""
    from decimal import Decimal, InvalidOperation

    raw = str(text).strip().replace(" ", "")
    if raw.startswith("-"):
        raise InputError(f"{what} cannot be negative: {text}")
    m = re.match(_MONEY, raw.lstrip("+"))
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
    if cents > MONEY_MAX * 100:
        raise InputError(f"{what} is too large: {text} (the limit is {MONEY_MAX:,})")
    return int(cents)


def parse_int(text: str | int, what: str, lo: int = 0, hi: int = COUNT_MAX) -> int:
    """A whole number within bounds (at most 10^9 unless said otherwise)."""
    raw = str(text).strip().replace(",", "")
    digits = raw[1:] if raw[:1] in ("+", "-") else raw
    # ASCII digits only: int() would also take 1_0, ٣ or ３
    if not (digits.isascii() and digits.isdigit()):
        raise InputError(f"{what} must be a whole number, not {text!r}")
    if len(raw) > 24:
        raise InputError(f"{what} must be between {lo:,} and {hi:,}, not {raw[:24]}…")
    n = int(raw)
    if n < lo or n > hi:
        raise InputError(f"{what} must be between {lo:,} and {hi:,}, not {n:,}")
    return n


def choose(value: str, allowed: tuple[str, ...], what: str) -> str:
    """One of the allowed words (case-insensitive, ``-`` or space for ``_``)."""
    word = value.strip().lower().replace("-", "_").replace(" ", "_")
    if word not in allowed:
        from repdesk.domain.suggest import did_you_mean

        hint = did_you_mean(word, allowed)
        raise InputError(f"unknown {what} {value!r}; choose one of: {', '.join(allowed)}{hint}")
    return word


def not_future(at: datetime, now: datetime, what: str, tz: tzinfo | None = None) -> None:
    """Refuse an instant more than five minutes ahead (shown on the rep's clock: ``tz``, else ``at``'s own)."""
    if at > now + FUTURE_SLACK:
        shown = at.astimezone(tz) if tz is not None else at
        raise InputError(f"{what} cannot lie in the future ({shown.strftime('%Y-%m-%d %H:%M')})")


def meeting_result(
    status: str, outcome: str | None, at: datetime, now: datetime, tz: tzinfo | None = None
) -> tuple[str, str | None]:
    """How a meeting went: a status, and the outcome a held meeting needs (none for any other status).

    A meeting that was held or missed cannot lie in the future.
    """
    st = choose(status, vocab.MEETING_STATUSES, "meeting status")
    if st in ("held", "no_show"):
        not_future(at, now, "a meeting that was held or missed", tz)
    if st != "held":
        return st, None
    if not outcome:
        raise InputError(f"a held meeting needs an outcome ({', '.join(vocab.MEETING_OUTCOMES)})")
    return st, choose(outcome, vocab.MEETING_OUTCOMES, "meeting outcome")


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
            out[key] = None if str(value).strip() == "" else parse_int(value, "employees")
        elif key in PROSPECT_TEXT_FIELDS:
            limit = vocab.MAX_TEXT if key in ("pain_points", "notes") else vocab.MAX_NAME
            out[key] = clean_text(value, key.replace("_", " "), limit)
        elif key == "churned_at":
            from repdesk.domain.dates import parse_when, to_db

            out[key] = None if str(value).strip().lower() in ("", "no", "none") else to_db(parse_when(value, tz))
        elif key == "archived":
            out[key] = str(value).strip().lower() in ("1", "yes", "true", "y")
        else:
            raise InputError(f"unknown prospect field {key!r}")
    return out


def check_outcome(channel: str, outcome: str) -> tuple[str, str]:
    """A channel and an outcome that makes sense for it."""
    ch = choose(channel, vocab.CHANNELS, "channel")
    out = outcome.strip().lower().replace("-", "_").replace(" ", "_")
    if out not in vocab.OUTCOMES:
        from repdesk.domain.suggest import did_you_mean

        hint = did_you_mean(out, vocab.CHANNEL_OUTCOMES[ch]) or did_you_mean(out, vocab.OUTCOMES)
        raise InputError(f"unknown outcome {outcome!r}; {ch} outcomes: {', '.join(vocab.CHANNEL_OUTCOMES[ch])}{hint}")
    if out not in vocab.CHANNEL_OUTCOMES[ch]:
        article = "an" if ch[0] in "aeiou" else "a"
        raise InputError(f"{article} {ch} cannot be {out!r}; {ch} outcomes: {', '.join(vocab.CHANNEL_OUTCOMES[ch])}")
    return ch, out


def period_bounds(period: str) -> tuple[str, date, date]:
    """``2026-11`` or ``2026-Q4`` as (normalised name, first day, last day)."""
    import calendar

    text = period.strip().upper()
    m = re.match(r"^(\d{4})-(\d{2})$", text)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        check_year(y, f"the period {period!r}")
        if not 1 <= mo <= 12:
            raise InputError(f"no month {mo} in {period!r}")
        return text, date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
    m = re.match(r"^(\d{4})-Q([1-4])$", text)
    if m:
        y, q = int(m.group(1)), int(m.group(2))
        check_year(y, f"the period {period!r}")
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
    import json

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
            items = [clean_text(c, "an --in value", vocab.MAX_NAME, required=True) or "" for c in items]
            if len(", ".join(items)) > vocab.MAX_TEXT:
                raise InputError(f"--in is too long; the limit is {vocab.MAX_TEXT:,} characters")
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
    import json

    if c["rule"] == "manual":
        return "manual"
    if c["rule"] == "min_seniority":
        return f"seniority >= {c['level']}"
    if c["rule"] == "choice":
        return f"{c['field']} in {','.join(json.loads(c['choices']))}"
    lo = "" if c["min_value"] is None else f"{c['min_value']:g}"
    hi = "" if c["max_value"] is None else f"{c['max_value']:g}"
    return f"{c['field']} {lo}..{hi}"


def _float(text: str, what: str) -> float:
    """A bound of a range rule: a finite number within ±10^12."""
    x = finite_float(text, what)
    if abs(x) > MONEY_MAX:
        raise InputError(f"{what} is out of range: {text}")
    return x
