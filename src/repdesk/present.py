"""How a figure reads: percent, money, gauges and rule descriptions, shared by every screen and export."""

from __future__ import annotations

from typing import Any

from repdesk.domain.plan import whole_percent


def pct(x: float | None) -> str:
    """A ratio as the percentage a person reads, the same everywhere (``—`` for null)."""
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


def prospect_cells(r: dict[str, Any]) -> tuple[str, ...]:
    """A prospect row as table cells: company, contact, stage, ICP grade, last touch, next meeting,
    next step (the earliest open follow-up's day)."""
    return (
        r["company"],
        r["contact"] or "",
        r["stage"],
        r["icp_grade"] or "–",
        (r["last_touch"] or "")[:10],
        (r["next_meeting"] or "")[:16].replace("T", " "),
        r.get("next_step") or "",
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
