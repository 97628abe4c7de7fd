"""Today: the barometer, goals and counts of one day, and the status-bar line."""

from __future__ import annotations

import math
from datetime import date, tzinfo
from typing import Any

from repdesk.db.connect import Store
from repdesk.domain.dates import Window, from_db, now_utc, to_db
from repdesk.domain.plan import ratio
from repdesk.figures.activity import touch_counts
from repdesk.figures.plan import _window_days, funnel_for, plan


def today(store: Store, tz: tzinfo, day: date, *, detail: bool = True) -> dict[str, Any]:
    """Today's barometer, goals and counts (``detail``: also the day's meetings and those needing an outcome)."""
    settings = store.settings()
    f = funnel_for(store, tz, day, _window_days(settings, None), settings)
    p = plan(store, tz, day, f["rates"], settings)
    w = Window.of(day, day, tz)
    counts = touch_counts(store, w)
    meetings = (
        []
        if not detail
        else [
            dict(r)
            for r in store.all(
                "SELECT m.id, m.at, m.kind, m.status, m.outcome, m.prospect_id, p.company FROM meeting m"
                " JOIN prospect p ON p.id = m.prospect_id WHERE m.at >= ? AND m.at < ? ORDER BY m.at",
                (w.lo, w.hi),
            )
        ]
    )
    for m in meetings:
        m["at"] = from_db(m["at"]).astimezone(tz).isoformat(timespec="seconds")
    needs_outcome = (
        store.scalar(
            "SELECT COUNT(*) FROM meeting WHERE status = 'scheduled' AND at < ?",
            (w.hi if day < _today(tz) else _now_db(),),
        )
        if detail
        else None
    )
    goal = p["daily_goal"]
    return {
        "date": day.isoformat(),
        "touches": counts["touches"],
        "hits": counts["hits"],
        "booked": counts["booked"],
        "hit_rate": ratio(counts["hits"], counts["touches"]),
        "daily_goal": goal,
        "daily_goal_source": p["daily_goal_source"],
        "barometer": ratio(counts["touches"], goal),
        "pace_goal": p["pace_goal"],
        "attainment": p["attainment"],
        "won_so_far": p["won_so_far"],
        "target": p["target"],
        "working_days_left": p["working_days_left"],
        "touches_per_deal": p["touches_per_deal"],
        "improve_first": p["improve_first"],
        "daily_goal_if_improved": p["daily_goal_if_improved"],
        "rates": f["rates"],
        "meetings": meetings,
        "meetings_needing_outcome": needs_outcome,
    }


def _today(tz: tzinfo) -> date:
    return now_utc().astimezone(tz).date()


def _now_db() -> str:
    return to_db(now_utc())


def status_line(store: Store, tz: tzinfo, day: date) -> str:
    """One short line for a status bar: ``23/40 touches · 58% · pace 45``."""
    t = today(store, tz, day, detail=False)
    if t["daily_goal"] is None:
        return f"{t['touches']} touches · no goal set"
    percent = math.floor(round(t["barometer"] * 100, 6) + 0.5)  # half up: 57.5% shows as 58%
    line = f"{t['touches']}/{t['daily_goal']} touches · {percent}%"
    if t["pace_goal"] is not None:
        line += f" · pace {t['pace_goal']}"
    return line
