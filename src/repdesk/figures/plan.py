"""The funnel over a window and the plan for a day: the target, daily and pace goals, attainment."""

from __future__ import annotations

from datetime import date, tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import Window
from repdesk.domain.money import major
from repdesk.domain.plan import Rate, default_rates, funnel_rates, goals, ratio
from repdesk.domain.record import figure
from repdesk.figures.activity import TouchCounts, touch_counts
from repdesk.figures.calendar import workdays_of
from repdesk.figures.outcomes import (
    DealCounts,
    MeetingCounts,
    average_deal_cents,
    deal_counts,
    meeting_counts,
    won_cents,
)

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


@figure
class Funnel:
    """The counts of the window ending on an as-of date and the four funnel steps."""

    window: Window
    touches: TouchCounts
    meetings: MeetingCounts
    deals: DealCounts
    rates: dict[str, Rate]


@figure
class TargetInfo:
    """The target a plan follows."""

    period: str
    start: str
    end: str
    revenue: float | None
    avg_deal: float | None


@figure
class Plan:
    """Daily goal, pace goal, attainment and the 'if improved' goal for an as-of date."""

    target: TargetInfo | None
    touches_per_deal: float
    daily_goal: int | None
    daily_goal_source: str | None
    pace_goal: int | None
    attainment: float | None
    won_so_far: float | None
    plan_avg_deal: float | None
    working_days: int | None
    working_days_left: int | None
    improve_first: str | None
    daily_goal_if_improved: int | None
    #: a target with no average deal set and none observed: the goal waits for ``--avg-deal``
    needs_avg_deal: bool = False


def target_for(store: Store, day: date) -> Any:
    """The target whose period contains ``day`` (the shortest one)."""
    iso = day.isoformat()
    rows = store.all('SELECT * FROM target WHERE start <= ? AND "end" >= ?', (iso, iso))
    if not rows:
        return None
    return min(rows, key=lambda r: (date.fromisoformat(r["end"]) - date.fromisoformat(r["start"]), r["id"]))


def plan(store: Store, tz: tzinfo, as_of: date, rates: dict[str, Rate], settings: dict[str, str]) -> Plan:
    """Daily goal, pace goal, attainment and the 'if improved' goal for the as-of date."""
    target = target_for(store, as_of)
    setting_goal = int(settings["daily_goal"]) if (settings.get("daily_goal") or "").isdigit() else None
    if target is None:
        g = goals(rates, revenue_cents=None, avg_deal_cents=None, won_cents=0, working_days=0,
                  working_days_left=0, fixed_daily_goal=None, setting_daily_goal=setting_goal)  # fmt: skip
        return Plan(None, g.touches_per_deal, g.daily_goal, g.daily_goal_source, None, None, None, None, None, None,
                    g.improve_first, None)  # fmt: skip
    first, last = date.fromisoformat(target["start"]), date.fromisoformat(target["end"])
    days_all = workdays_of(store).between(first, last)
    days_left = [d for d in days_all if d >= as_of]
    won = won_cents(store, Window.of(first, as_of, tz))
    avg = target["avg_deal_cents"] or average_deal_cents(store, tz, as_of)
    g = goals(
        rates,
        revenue_cents=target["revenue_cents"],
        avg_deal_cents=avg,
        won_cents=won,
        working_days=len(days_all),
        working_days_left=len(days_left),
        fixed_daily_goal=target["daily_goal"],
        setting_daily_goal=setting_goal,
    )
    info = TargetInfo(
        target["period"],
        target["start"],
        target["end"],
        major(target["revenue_cents"]),
        major(target["avg_deal_cents"]),
    )
    return Plan(
        target=info,
        touches_per_deal=g.touches_per_deal,
        daily_goal=g.daily_goal,
        daily_goal_source=g.daily_goal_source,
        pace_goal=g.pace_goal,
        attainment=ratio(won, target["revenue_cents"]),
        won_so_far=major(won),
        plan_avg_deal=None if avg is None else round(avg / 100, 2),
        working_days=len(days_all),
        working_days_left=len(days_left),
        improve_first=g.improve_first,
        daily_goal_if_improved=g.daily_goal_if_improved,
        needs_avg_deal=not avg and not target["daily_goal"],
    )


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


def funnel_for(store: Store, tz: tzinfo, as_of: date, days: int, settings: dict[str, str]) -> Funnel:
    """Counts and funnel rates over the window ending on the as-of date."""
    w = Window.ending(as_of, days, tz)
    t = touch_counts(store, w)
    m = meeting_counts(store, w)
    d = deal_counts(store, w)
    return Funnel(w, t, m, d, rates_of(t, m, d, settings))


def rates_of(t: TouchCounts, m: MeetingCounts, d: DealCounts, settings: dict[str, str]) -> dict[str, Rate]:
    """The four funnel steps from a window's counts."""
    return funnel_rates(
        touches=t.touches,
        booked=t.booked,
        held=m.held,
        no_show=m.no_show,
        first_held=m.first_held,
        proposals=d.proposals,
        won=d.won,
        lost=d.lost,
        won_proposed=d.won_proposed,
        lost_proposed=d.lost_proposed,
        defaults=default_rates(settings),
    )
