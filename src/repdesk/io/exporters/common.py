"""Formatting shared by the export formats."""

from __future__ import annotations

from typing import Any

from repdesk.figures.week import LABELS, ORDER, RATIOS
from repdesk.present import pct

ARROWS = {"up": "▲", "down": "▼", "same": "=", "—": ""}


def show(key: str, value: Any, currency: str) -> str:
    """A figure for people: percentages for ratios, money for revenue, counts with separators."""
    if value is None:
        return "—"
    if key in RATIOS:
        return pct(value)
    if key == "won_revenue":
        return f"{currency} {value:,.0f}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def comparison_rows(s: dict[str, Any]) -> list[tuple[str, str, str, str, str, str]]:
    """(label, this week, previous week, change, trailing 4-week average, change) for each figure."""
    cur = s["currency"]
    rows = []
    for key in ORDER:
        ch = s["change"][key]
        rows.append(
            (
                LABELS[key],
                show(key, s[key], cur),
                show(key, s["previous_week"][key], cur),
                ARROWS[ch["previous_week"]],
                show(key, s["trailing_4w"][key], cur),
                ARROWS[ch["trailing_4w"]],
            )
        )
    return rows


def title(s: dict[str, Any]) -> str:
    who = f"{s['rep']} — " if s["rep"] else ""
    return f"{who}weekly summary {s['week']} ({s['start']} – {s['end']})"


def followup_line(s: dict[str, Any]) -> str:
    """``Follow-ups: 12 of 15 done on time (80%) · 3 overdue at the week's end``."""
    from repdesk.present import pct

    due = s.get("followups_due", 0)
    done = f"{s.get('followups_on_time', 0)} of {due} done on time ({pct(s.get('followup_discipline'))})"
    return f"Follow-ups: {done if due else 'none due'} · {s.get('overdue', 0)} overdue at the week's end"
