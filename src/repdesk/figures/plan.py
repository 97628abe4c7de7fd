"""The funnel over a window and the plan for a day: the target, daily and pace goals, attainment."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import Any

from repdesk.db.connect import Store
from repdesk.domain.dates import Window
from repdesk.domain.money import major
from repdesk.domain.plan import (
    STEPS,
    ceil6,
    default_rates,
    funnel_rates,
    improve_first,
    ratio,
    touches_per_deal,
)
from repdesk.figures.activity import touch_counts
from repdesk.figures.calendar import workdays_of
from repdesk.figures.outcomes import average_deal_cents, deal_counts, meeting_counts, won_cents


def target_for(store: Store, day: date) -> Any:
    """The target whose period contains ``day`` (the shortest one)."""
    iso = day.isoformat()
    rows = store.all('SELECT * FROM target WHERE start <= ? AND "end" >= ?', (iso, iso))
    if not rows:
        return None
    return min(rows, key=lambda r: (date.fromisoformat(r["end"]) - date.fromisoformat(r["start"]), r["id"]))


def plan(
    store: Store, tz: tzinfo, as_of: date, rates: dict[str, dict[str, Any]], settings: dict[str, str]
) -> dict[str, Any]:
    """Daily goal, pace goal, attainment and the 'if improved' goal for the as-of date."""
    used = {s: rates[s]["used"] for s in STEPS}
    tpd = touches_per_deal(used)
    target = target_for(store, as_of)
    out: dict[str, Any] = {
        "target": None,
        "touches_per_deal": round(tpd, 6),
        "daily_goal": None,
        "daily_goal_source": None,
        "pace_goal": None,
        "attainment": None,
        "won_so_far": None,
        "plan_avg_deal": None,
        "working_days": None,
        "working_days_left": None,
        "improve_first": improve_first(rates),
        "daily_goal_if_improved": None,
    }
    avg = None
    if target is not None:
        first, last = date.fromisoformat(target["start"]), date.fromisoformat(target["end"])
        days_all = workdays_of(store).between(first, last)
        days_left = [d for d in days_all if d >= as_of]
        won = won_cents(store, Window.of(first, as_of, tz))
        observed = average_deal_cents(store, tz, as_of)
        avg = target["avg_deal_cents"] if target["avg_deal_cents"] else observed
        out.update(
            target={
                "period": target["period"],
                "start": target["start"],
                "end": target["end"],
                "revenue": major(target["revenue_cents"]),
                "avg_deal": major(target["avg_deal_cents"]),
            },
            attainment=ratio(won, target["revenue_cents"]),
            won_so_far=major(won),
            plan_avg_deal=None if avg is None else round(avg / 100, 2),
            working_days=len(days_all),
            working_days_left=len(days_left),
        )
        if avg:
            if days_left:
                gap = max(0, target["revenue_cents"] - won)
                out["pace_goal"] = ceil6(gap / avg * tpd / len(days_left))
            if days_all:
                out["daily_goal_if_improved"] = None
    if target is not None and target["daily_goal"]:
        out.update(daily_goal=int(target["daily_goal"]), daily_goal_source="target")
    elif target is not None and avg and out["working_days"]:
        out.update(
            daily_goal=ceil6(target["revenue_cents"] / avg * tpd / out["working_days"]), daily_goal_source="plan"
        )
    elif settings.get("daily_goal"):
        out.update(daily_goal=int(settings["daily_goal"]), daily_goal_source="setting")
    step = out["improve_first"]
    if step is not None and target is not None and avg and out["working_days"]:
        better = dict(used)
        better[step] = rates[step]["default"]
        out["daily_goal_if_improved"] = ceil6(
            target["revenue_cents"] / avg * touches_per_deal(better) / out["working_days"]
        )
    return out


def _window_days(settings: dict[str, str], days: int | None) -> int:
    if days is not None:
        if days < 1 or days > 36500:
            from repdesk.domain.errors import InputError

            raise InputError("--days must be between 1 and 36,500")
        return days
    try:
        return max(1, int(settings.get("window_days") or 90))
    except ValueError:
        return 90


def funnel_for(store: Store, tz: tzinfo, as_of: date, days: int, settings: dict[str, str]) -> dict[str, Any]:
    """Counts and funnel rates over the window ending on the as-of date."""
    w = Window.ending(as_of, days, tz)
    touches = touch_counts(store, w)
    meetings = meeting_counts(store, w)
    deals = deal_counts(store, w)
    rates = funnel_rates(touches, meetings, deals, default_rates(settings))
    return {"window": w, "touches": touches, "meetings": meetings, "deals": deals, "rates": rates}
