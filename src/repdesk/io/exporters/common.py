"""Formatting shared by the export formats."""

from __future__ import annotations

from typing import Any

from repdesk.figures.week import LABELS, ORDER, RATIOS, WeekSummary
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


def comparison_rows(s: WeekSummary) -> list[tuple[str, str, str, str, str, str]]:
    """(label, this week, previous week, change, trailing 4-week average, change) for each figure."""
    cur = s.currency
    rows = []
    for key in ORDER:
        ch = s.change[key]
        rows.append(
            (
                LABELS[key],
                show(key, getattr(s, key), cur),
                show(key, getattr(s.previous_week, key), cur),
                ARROWS[ch.previous_week],
                show(key, getattr(s.trailing_4w, key), cur),
                ARROWS[ch.trailing_4w],
            )
        )
    return rows


def title(s: WeekSummary) -> str:
    who = f"{s.rep} — " if s.rep else ""
    return f"{who}weekly summary {s.week} ({s.start} – {s.end})"


def attainment_line(s: WeekSummary) -> str | None:
    """``Attainment 2026-Q4: USD 50,000 of USD 240,000 (21%) to 2026-11-22``, or none without a target."""
    t = s.target
    if t is None:
        return None
    cur = s.currency
    return (
        f"Attainment {t.period}: {show('won_revenue', t.won_to_date, cur)} of {show('won_revenue', t.revenue, cur)}"
        f" ({show('hit_rate', s.attainment, cur)}) to {t.as_of}"
    )


def followup_line(s: WeekSummary) -> str:
    """``Follow-ups: 12 of 15 done on time (80%) · 3 overdue at the week's end``."""
    due = s.followups_due
    done = f"{s.followups_on_time} of {due} done on time ({pct(s.followup_discipline)})"
    return f"Follow-ups: {done if due else 'none due'} · {s.overdue} overdue at the week's end"


def deal_events(s: WeekSummary) -> list[list[Any]]:
    """(day, company, step, value, reason) of the week's deal steps: proposals, wins and losses."""
    return [
        [e.at[:10], e.company, e.status, show("won_revenue", e.value, s.currency), e.reason]
        for e in s.events
        if e.record == "deal" and e.status in ("won", "lost", "proposal")
    ]


def channel_rows(s: WeekSummary) -> list[list[Any]]:
    """(channel, outcome, touches) of the week."""
    return [
        [ch, outcome.replace("_", " "), n] for ch, outcomes in s.by_channel.items() for outcome, n in outcomes.items()
    ]
