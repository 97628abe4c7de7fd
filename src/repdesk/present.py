"""How a figure reads: percent, money, gauges and rule descriptions, shared by every screen and export."""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing stays off the hot path: every command prints through this module
if TYPE_CHECKING:
    from typing import Any

#: what is never sent to a terminal as it is: C0 controls but tab and newline, DEL, C1 controls,
#: bidirectional embeddings, overrides and isolates, and lone surrogates (bytes that were not UTF-8).
#: Patterns, compiled (by :mod:`re`, once) only for a text that holds a character :func:`_plain` lets
#: through: compiling the class costs a millisecond, and most output has none of it.
UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
#: the same characters as JSON leaves them (it escapes C0 itself)
_JSON_UNSAFE = "[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


def _plain(text: str) -> bool:
    """Whether ``text`` is printable through and through, newlines and tabs aside: then it holds none
    of :data:`UNSAFE` (controls, format characters and surrogates are all unprintable)."""
    return text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(value: object) -> str:
    """User text for the terminal: shown exactly as typed, control characters as visible escapes.

    ``ESC`` becomes ``\\x1b``, a right-to-left override ``\\u202e``; tab and newline stay. The result
    is still plain text: hand it to Rich as ``rich.text.Text`` (or with ``markup=False``), never as markup.
    """
    text = value if isinstance(value, str) else str(value)
    return text if _plain(text) else re.sub(UNSAFE, _visible, text)


def one_line(value: object) -> str:
    """:func:`safe_text` on one line (an error message): newlines and tabs shown as ``\\n`` and ``\\t``."""
    return flat(safe_text(value))


def flat(text: str) -> str:
    """Text kept on its line: newlines and tabs shown as ``\\n`` and ``\\t`` (nothing else escaped:
    what is printed still goes through :func:`safe_text`, as a whole)."""
    return text.replace("\n", "\\n").replace("\t", "\\t") if "\n" in text or "\t" in text else text


def json_text(obj: Any, *, indent: int | None = 2) -> str:
    """JSON with UTF-8 text kept as is, but every control, bidi-override or stray surrogate character
    escaped (``\\u001b``, ``\\u007f``, ``\\u202e``), so that printing it is harmless. Figures (records)
    go in by their ``to_json()`` or else their fields, dates as ISO text."""
    import json

    separators = (",", ": ") if indent is not None else (",", ":")
    text = json.dumps(obj, ensure_ascii=False, indent=indent, separators=separators, default=_jsonable)
    # these characters can only stand inside JSON strings, where \\uXXXX means the same character
    return text if _plain(text) else re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)


def _jsonable(obj: Any) -> Any:
    to_json = getattr(obj, "to_json", None)
    if to_json is not None:  # a record whose JSON is not just its fields
        return to_json()
    names = getattr(obj, "__record_fields__", None)
    if names is not None:
        return {name: getattr(obj, name) for name in names}
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    raise TypeError(f"{type(obj).__name__} is not JSON")


def count(n: int, singular: str, plural: str | None = None) -> str:
    """A count and its noun, singular for one: ``1 touch``, ``2 touches``, ``0 hits``."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def pct(x: float | None) -> str:
    """A ratio as the percentage a person reads, the same everywhere (``—`` for null)."""
    from repdesk.domain.plan import whole_percent  # here, not at the top: every command prints through safe_text

    return "—" if x is None else f"{whole_percent(x)}%"


def gauge(barometer: float | None, width: int = 30) -> str:
    """A text gauge coloured red below 50%, amber below 100%, green at or above."""
    if barometer is None:
        return ""
    filled = min(width, round(barometer * width))
    colour = "red" if barometer < 0.5 else "yellow" if barometer < 1 else "green"
    return f"[{colour}]{'█' * filled}[/{colour}]{'░' * (width - filled)}"


def money_text(value: float | int | None, currency: str) -> str:
    """Money for people: ``USD 25,000``."""
    if value is None:
        return "—"
    return f"{currency} {value:,.0f}" if float(value).is_integer() else f"{currency} {value:,.2f}"


def describe_rule(c: Any) -> str:
    """A criterion's rule in words."""
    import json

    if c["rule"] == "manual":
        return "manual (answer per prospect)"
    if c["rule"] == "min_seniority":
        return f"seniority ≥ {c['level']}"
    if c["rule"] == "choice":
        return f"{c['field']} in {', '.join(json.loads(c['choices']))}"
    lo = "" if c["min_value"] is None else f"{c['min_value']:g} ≤ "
    hi = "" if c["max_value"] is None else f" ≤ {c['max_value']:g}"
    return f"{lo}{c['field']}{hi}"


def prospect_cells(r: Any) -> tuple[str, ...]:
    """A prospect row (a list figure) as table cells: company, contact, stage, ICP grade, last touch,
    next meeting, next step (the earliest open follow-up's day)."""
    return (
        r.company,
        r.contact or "",
        r.stage,
        r.icp_grade or "–",
        (r.last_touch or "")[:10],
        (r.next_meeting or "")[:16].replace("T", " "),
        r.next_step or "",
    )


def no_goal_advice(needs_avg_deal: bool, period: str | None, revenue: float | None = None) -> list[str]:
    """What to set when there is no daily goal: exactly the command that is missing."""
    if needs_avg_deal and period:
        amount = "…" if revenue is None else f"{revenue:g}"
        return [
            f"The target {period} has no average deal, and no deal won in the last 365 days gives one: "
            f"repdesk targets set {period} --revenue {amount} --avg-deal 25000",
            "or a fixed goal: repdesk config set daily_goal 40",
        ]
    return [
        "Set a target: repdesk targets set 2026-Q4 --revenue 300000 --avg-deal 25000",
        "or a fixed goal: repdesk config set daily_goal 40",
    ]
