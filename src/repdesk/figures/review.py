"""The review: ratios, funnel, weekday table and ICP figures over a window."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import Any

from repdesk.db.connect import Store
from repdesk.domain.dates import Window
from repdesk.domain.plan import activity_figures, coaching_notes, ratio
from repdesk.figures.activity import weekday_table
from repdesk.figures.outcomes import average_deal_cents, cycle_days, icp_insight, icp_share, lost_reasons, retention
from repdesk.figures.plan import _window_days, funnel_for, plan


def review(store: Store, tz: tzinfo, as_of: date, days: int | None = None) -> dict[str, Any]:
    """The ratios, the funnel, the weekday table and ICP figures over a window."""
    settings = store.settings()
    n_days = _window_days(settings, days)
    f = funnel_for(store, tz, as_of, n_days, settings)
    w: Window = f["window"]
    t, m, d = f["touches"], f["meetings"], f["deals"]
    rates = f["rates"]
    weekday, best = weekday_table(store, tz, w)
    avg = average_deal_cents(store, tz, as_of)
    p = plan(store, tz, as_of, rates, settings)
    share = icp_share(store, w)
    ret = retention(store, w)
    hours = t["minutes"] / 60
    return {
        "as_of": as_of.isoformat(),
        "days": n_days,
        "start": w.first.isoformat(),
        **activity_figures(t, m, d),
        "first_meetings_held": m["first_held"],
        "proposal_rate": ratio(d["proposals"], m["first_held"]),
        "avg_deal": None if avg is None else round(avg / 100, 2),
        "cycle_days": cycle_days(store, tz, w),
        "new_prospects": share["new_prospects"],
        "icp_share": share["share"],
        "retention": ret["rate"],
        "customers": ret["at_end"],
        "return_on_effort": {
            "per_touch": None if not t["touches"] else round(d["won_cents"] / 100 / t["touches"], 2),
            "per_hour": None if not hours else round(d["won_cents"] / 100 / hours, 2),
            "hours_logged": round(hours, 2),
        },
        "rates": {k: {key: v[key] for key in ("own", "n", "used", "default")} for k, v in rates.items()},
        "improve_first": p["improve_first"],
        "touches_per_deal": p["touches_per_deal"],
        "daily_goal": p["daily_goal"],
        "daily_goal_if_improved": p["daily_goal_if_improved"],
        "weekday": weekday,
        "best_day": best,
        "lost_reasons": lost_reasons(store, w),
        "icp_insight": icp_insight(store),
        "coaching": coaching_notes(rates, best, weekday),
    }
