"""The review: ratios, funnel, weekday table and ICP figures over a window."""

from __future__ import annotations

from datetime import date, tzinfo

from repdesk.db.connect import Store
from repdesk.domain.plan import COACHING, STEP_LABELS, STEPS, Rate, ratio, whole_percent
from repdesk.domain.record import as_dict, figure
from repdesk.figures.activity import WeekdayRow, local_hours, weekday_table
from repdesk.figures.followups import HourRow, discipline
from repdesk.figures.followups import hours as hour_table
from repdesk.figures.outcomes import (
    Activity,
    InsightRow,
    activity,
    average_deal_cents,
    cycle_days,
    icp_insight,
    icp_share,
    lost_reasons,
    retention,
)
from repdesk.figures.plan import _window_days, funnel_for, plan


@figure
class ReturnOnEffort:
    """Revenue won per touch and per logged hour."""

    per_touch: float | None
    per_hour: float | None
    hours_logged: float


@figure
class Review(Activity):
    """The ratios, the funnel, the weekday table and ICP figures over a window (its activity
    figures first, as the weekly summary has them too)."""

    as_of: str
    days: int
    start: str
    first_meetings_held: int
    proposal_rate: float | None
    avg_deal: float | None
    cycle_days: float | None
    new_prospects: int
    icp_share: float | None
    retention: float | None
    customers: int
    return_on_effort: ReturnOnEffort
    rates: dict[str, Rate]
    improve_first: str | None
    touches_per_deal: float
    daily_goal: int | None
    daily_goal_if_improved: int | None
    weekday: tuple[WeekdayRow, ...]
    best_day: str | None
    lost_reasons: dict[str, int]
    icp_insight: dict[str, tuple[InsightRow, ...]]
    coaching: tuple[str, ...]
    followups_due: int
    followups_on_time: int
    followup_discipline: float | None
    overdue: int
    hour: tuple[HourRow, ...]
    best_hour: int | None


def review(store: Store, tz: tzinfo, as_of: date, days: int | None = None) -> Review:
    """The ratios, the funnel, the weekday table and ICP figures over the window ending on ``as_of``."""
    settings = store.settings()
    n_days = _window_days(settings, days)
    f = funnel_for(store, tz, as_of, n_days, settings)
    w, t, m, d = f.window, f.touches, f.meetings, f.deals
    by_local_hour = local_hours(store, tz, w)  # read once: the weekday table and the hour table
    weekday, best = weekday_table(store, tz, w, rows=by_local_hour)
    avg = average_deal_cents(store, tz, as_of)
    p = plan(store, tz, as_of, f.rates, settings)
    share = icp_share(store, w)
    ret = retention(store, w)
    hours = t.minutes / 60
    a = activity(t, m, d)
    disc = discipline(store, tz, w)
    by_hour = hour_table(store, tz, w, by_hour=by_local_hour)
    return Review(
        as_of=as_of.isoformat(),
        days=n_days,
        start=w.first.isoformat(),
        **as_dict(a),
        first_meetings_held=m.first_held,
        proposal_rate=ratio(d.proposals, m.first_held),
        avg_deal=None if avg is None else round(avg / 100, 2),
        cycle_days=cycle_days(store, tz, w),
        new_prospects=share.new_prospects,
        icp_share=share.share,
        retention=ret.rate,
        customers=ret.at_end,
        return_on_effort=ReturnOnEffort(
            per_touch=None if not t.touches else round(d.won_cents / 100 / t.touches, 2),
            per_hour=None if not hours else round(d.won_cents / 100 / hours, 2),
            hours_logged=round(hours, 2),
        ),
        rates=f.rates,
        improve_first=p.improve_first,
        touches_per_deal=p.touches_per_deal,
        daily_goal=p.daily_goal,
        daily_goal_if_improved=p.daily_goal_if_improved,
        weekday=weekday,
        best_day=best,
        lost_reasons=lost_reasons(store, w),
        icp_insight=icp_insight(store),
        coaching=coaching_notes(f.rates, best, weekday),
        **as_dict(disc),
        hour=by_hour.rows,
        best_hour=by_hour.best_hour,
    )


def coaching_notes(rates: dict[str, Rate], best_day: str | None, weekday: tuple[WeekdayRow, ...]) -> tuple[str, ...]:
    """Short notes where a ratio sits below its benchmark (with enough data to say so)."""
    notes = []
    for step in STEPS:
        r = rates[step]
        if r.below_default:
            assert r.own is not None
            notes.append(
                f"{STEP_LABELS[step]} is {whole_percent(r.own)}% against a benchmark of {whole_percent(r.default)}% "
                f"(n={r.n}). {COACHING[step]}"
            )
    if best_day is not None:
        best = next(row for row in weekday if row.day == best_day)
        assert best.hit_rate is not None
        notes.append(
            f"People pick up most on {best_day} ({whole_percent(best.hit_rate)}% hit rate): put your calls there."
        )
    return tuple(notes)
