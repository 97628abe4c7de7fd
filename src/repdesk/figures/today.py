"""Today: the barometer, goals and counts of one day, and the meetings of the day."""

from __future__ import annotations

from datetime import date, tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import Window, from_db, now_utc, to_db
from repdesk.domain.plan import Rate, ratio
from repdesk.domain.record import figure
from repdesk.figures.activity import touch_counts
from repdesk.figures.plan import TargetInfo, _window_days, funnel_for, plan


@figure
class MeetingSlot:
    """A meeting of the day."""

    id: int
    at: str  #: ISO 8601 in the rep's zone
    kind: str
    status: str
    outcome: str | None
    prospect_id: int
    company: str


@figure
class Today:
    """One day's barometer, goals and counts."""

    date: str
    touches: int
    hits: int
    booked: int
    hit_rate: float | None
    daily_goal: int | None
    daily_goal_source: str | None
    barometer: float | None
    pace_goal: int | None
    attainment: float | None
    won_so_far: float | None
    target: TargetInfo | None
    working_days_left: int | None
    touches_per_deal: float
    improve_first: str | None
    daily_goal_if_improved: int | None
    needs_avg_deal: bool
    rates: dict[str, Rate]
    meetings: tuple[MeetingSlot, ...]
    meetings_needing_outcome: int | None


def today(store: Store, tz: tzinfo, day: date, *, detail: bool = True) -> Today:
    """A day's barometer, goals and counts (``detail``: also its meetings and those needing an outcome)."""
    settings = store.settings()
    f = funnel_for(store, tz, day, _window_days(settings, None), settings)
    p = plan(store, tz, day, f.rates, settings)
    w = Window.of(day, day, tz)
    counts = touch_counts(store, w)
    meetings: tuple[MeetingSlot, ...] = ()
    needs_outcome = None
    if detail:
        meetings = tuple(
            MeetingSlot(r[0], from_db(r[1]).astimezone(tz).isoformat(timespec="seconds"), *r[2:])
            for r in store.all(
                "SELECT m.id, m.at, m.kind, m.status, m.outcome, m.prospect_id, p.company FROM meeting m"
                " JOIN prospect p ON p.id = m.prospect_id WHERE m.at >= ? AND m.at < ? ORDER BY m.at",
                (w.lo, w.hi),
            )
        )
        needs_outcome = store.scalar(
            "SELECT COUNT(*) FROM meeting WHERE status = 'scheduled' AND at < ?",
            (w.hi if day < _today(tz) else _now_db(),),
        )
    return Today(
        date=day.isoformat(),
        touches=counts.touches,
        hits=counts.hits,
        booked=counts.booked,
        hit_rate=ratio(counts.hits, counts.touches),
        daily_goal=p.daily_goal,
        daily_goal_source=p.daily_goal_source,
        barometer=ratio(counts.touches, p.daily_goal),
        pace_goal=p.pace_goal,
        attainment=p.attainment,
        won_so_far=p.won_so_far,
        target=p.target,
        working_days_left=p.working_days_left,
        touches_per_deal=p.touches_per_deal,
        improve_first=p.improve_first,
        daily_goal_if_improved=p.daily_goal_if_improved,
        needs_avg_deal=p.needs_avg_deal,
        rates=f.rates,
        meetings=meetings,
        meetings_needing_outcome=needs_outcome,
    )


def _today(tz: tzinfo) -> date:
    return now_utc().astimezone(tz).date()


def _now_db() -> str:
    return to_db(now_utc())
