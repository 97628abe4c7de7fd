"""The weekly summary for the manager: one object that every export format renders."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import Window, from_db, iso_local, now_utc, offset_segments
from repdesk.domain.errors import InputError
from repdesk.domain.money import major
from repdesk.domain.plan import STEP_LABELS, STEPS, Rate, ratio, whole_percent
from repdesk.domain.record import as_dict, field_names, figure
from repdesk.domain.vocab import DAY_NAMES
from repdesk.figures.activity import WeekdayRow, outcome_counts, touch_counts, touches_by_day, weekday_table
from repdesk.figures.calendar import workdays_of
from repdesk.figures.outcomes import activity, deal_counts, icp_share, lost_reasons, meeting_counts, won_cents
from repdesk.figures.plan import _window_days, funnel_for, plan, rates_of, target_for

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

#: figures compared week on week (counts are means per week in the trailing four weeks)
COUNTS = ("touches", "hits", "booked", "meetings_held", "new_prospects", "proposals", "won", "won_revenue", "lost")
RATIOS = ("hit_rate", "booked_rate", "show_rate", "icp_share", "win_rate")
LABELS = {
    "touches": "Touches",
    "hits": "Hits",
    "hit_rate": "Hit rate",
    "booked": "Meetings booked",
    "booked_rate": "Booked rate",
    "meetings_held": "Meetings held",
    "show_rate": "Show rate",
    "new_prospects": "New prospects",
    "icp_share": "ICP share (grade A) of new prospects",
    "proposals": "Proposals sent",
    "won": "Deals won",
    "won_revenue": "Revenue won",
    "lost": "Deals lost",
    "win_rate": "Win rate",
}
ORDER = ("touches", "hits", "hit_rate", "booked", "booked_rate", "meetings_held", "show_rate", "new_prospects",
         "icp_share", "proposals", "won", "won_revenue", "lost", "win_rate")  # fmt: skip


def parse_week(text: str | None, tz: tzinfo) -> date:
    """The Monday of an ISO week: ``2026-W47``, ``last``, ``this`` or none (the current week)."""
    today = now_utc().astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    if text is None or text.strip().lower() in ("", "this", "current"):
        return monday
    word = text.strip().upper()
    if word == "LAST":
        return monday - timedelta(weeks=1)
    m = re.fullmatch(r"(\d{4})-?W(\d{1,2})", word)
    if not m:
        raise InputError(f"cannot read the week {text!r} (use an ISO week such as 2026-W47, or last)")
    from repdesk.domain.rules import check_year

    check_year(int(m.group(1)), f"the week {text!r}")
    try:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise InputError(f"there is no week {text!r}") from None


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


@figure
class WeekFigures:
    """The figures of a span of days that the summary compares week on week."""

    touches: float
    hits: float
    hit_rate: float | None
    booked: float
    booked_rate: float | None
    meetings_held: float
    show_rate: float | None
    new_prospects: float
    icp_share: float | None
    proposals: float
    won: float
    won_revenue: float | None
    lost: float
    win_rate: float | None
    lost_reasons: dict[str, int]
    by_channel: dict[str, dict[str, int]]


@figure
class DayBarometer:
    """One working day of the week: its touches against that day's daily goal."""

    date: str
    day: str
    touches: int
    daily_goal: int | None
    barometer: float | None
    future: bool


@figure
class WeekTarget:
    """The target in force at the week's end (or today, for the current week) and revenue won to then."""

    period: str
    revenue: float | None
    won_to_date: float | None
    as_of: str


@figure
class Change:
    """Which way a figure went against the previous week and against the trailing four weeks."""

    previous_week: str
    trailing_4w: str


@figure
class Event:
    """A touch, meeting, deal step or new prospect of the week (the fields of :data:`EVENT_COLUMNS`)."""

    record: str
    id: int
    at: str
    company: str
    channel: str
    outcome: str
    kind: str
    status: str
    value: float | None
    reason: str
    minutes: int | None
    note: str


@figure
class WeekSummary(WeekFigures):
    """The whole weekly summary for the manager: one object that every export format renders. Its
    own week's figures are those of :class:`WeekFigures`; the previous week and the four before
    are the same figures for those weeks."""

    week: str
    start: str
    end: str
    rep: str
    currency: str
    meetings_no_show: int
    attainment: float | None
    target: WeekTarget | None
    barometer_by_day: tuple[DayBarometer, ...]
    followups_due: int
    followups_on_time: int
    followup_discipline: float | None
    overdue: int
    weekday: tuple[WeekdayRow, ...]
    best_day: str | None
    previous_week: WeekFigures
    trailing_4w: WeekFigures
    change: dict[str, Change]
    coaching: tuple[str, ...]
    events: tuple[Event, ...]


def figures(store: Store, tz: tzinfo, w: Window) -> tuple[WeekFigures, int]:
    """Leading and lagging figures of a span of days, and its meetings that were no-shows."""
    t = touch_counts(store, w)
    m = meeting_counts(store, w)
    d = deal_counts(store, w)
    share = icp_share(store, w)
    channels: dict[str, dict[str, int]] = defaultdict(dict)
    for (channel, outcome), n in sorted(outcome_counts(store, w).items(), key=lambda x: (x[0][0], -x[1])):
        channels[channel][outcome] = n
    a = as_dict(activity(t, m, d))
    fig = WeekFigures(
        **{k: a[k] for k in ORDER if k in a},
        new_prospects=share.new_prospects,
        icp_share=share.share,
        lost_reasons=lost_reasons(store, w),
        by_channel=dict(channels),
    )
    return fig, m.no_show


def per_week(fig: WeekFigures, weeks: int) -> WeekFigures:
    """Counts as a mean per week; ratios stay pooled."""
    out = as_dict(fig)
    for key in COUNTS:
        out[key] = None if out[key] is None else round(out[key] / weeks, 2)
    return WeekFigures(**out)


def direction(now: float | None, before: float | None) -> str:
    """``up``, ``down``, ``same`` or ``—`` (nothing to compare)."""
    if now is None or before is None:
        return "—"
    if abs(now - before) < 1e-9:
        return "same"
    return "up" if now > before else "down"


#: the fields of an event, in the order the CSV writes them
EVENT_COLUMNS = ("record", "id", "at", "company", "channel", "outcome", "kind", "status", "value", "reason",
                 "minutes", "note")  # fmt: skip


def events(store: Store, tz: tzinfo, w: Window) -> tuple[Event, ...]:
    """Every touch, meeting and deal event of the week, oldest first."""
    return tuple(Event(*row) for row in event_rows(store, tz, w))


def event_rows(store: Store, tz: tzinfo, w: Window) -> Iterator[tuple[Any, ...]]:
    """The events of :func:`events` as tuples in :data:`EVENT_COLUMNS` order, one at a time: the
    week's touches (the bulk of them) come from the cursor as they are written, merged with the few
    meetings, deals and prospects, so a week of an imported team's calls is never held in memory."""
    others: list[tuple[Any, ...]] = []
    for r in store.all(
        "SELECT m.id, m.at, m.kind, m.status, m.outcome, m.goal, m.note, p.company FROM meeting m"
        " JOIN prospect p ON p.id = m.prospect_id WHERE m.at >= ? AND m.at < ?",
        (w.lo, w.hi),
    ):
        others.append(("meeting", r["id"], iso_local(r["at"], tz), r["company"], "", r["outcome"] or "", r["kind"],
                       r["status"], None, "", None, r["note"] or ""))  # fmt: skip
    for col, status in (("opened_at", "opened"), ("proposal_at", "proposal"), ("closed_at", None)):
        for r in store.all(
            f"SELECT d.id, d.{col} AS at, d.title, d.value_cents, d.proposal_value_cents, d.status, d.lost_reason,"
            f" p.company FROM deal d JOIN prospect p ON p.id = d.prospect_id WHERE d.{col} >= ? AND d.{col} < ?",
            (w.lo, w.hi),
        ):
            value = (
                r["proposal_value_cents"] if status == "proposal" and r["proposal_value_cents"] else r["value_cents"]
            )
            others.append(("deal", r["id"], iso_local(r["at"], tz), r["company"], "", "", r["title"] or "",
                           status or r["status"], major(value), r["lost_reason"] or "", None, ""))  # fmt: skip
    # each company of the week once, with the day it became a prospect (so a re-import keeps it)
    names = {e[3] for e in others}
    names.update(
        r[0]
        for r in store.all(
            "SELECT company FROM prospect WHERE id IN (SELECT prospect_id FROM touch WHERE at >= ? AND at < ?)",
            (w.lo, w.hi),
        )
    )
    for r in store.all(
        "SELECT id, company, created_at FROM prospect WHERE created_at >= ? AND created_at < ?", (w.lo, w.hi)
    ):
        names.add(r["company"])
    listed = sorted(names)
    for i in range(0, len(listed), 500):
        chunk = listed[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for r in store.all(f"SELECT id, company, created_at FROM prospect WHERE company IN ({marks})", tuple(chunk)):
            others.append(("prospect", r["id"], iso_local(r["created_at"], tz), r["company"], "", "", "", "", None,
                           "", None, ""))  # fmt: skip
    others.sort(key=_event_key)
    segments = offset_segments(from_db(w.lo), from_db(w.hi), tz)
    touches = _touch_rows(store, tz, w, segments[0][2] if len(segments) == 1 else None)
    if len(segments) != 1:  # the offset changes this week: local times do not follow UTC order
        yield from sorted([*touches, *others], key=_event_key)
        return
    # the touches come in UTC order, which is local order at one offset: merge the others in
    pending = iter(others)
    nxt = next(pending, None)
    for row in touches:
        while nxt is not None and _event_key(nxt) < (row[2], "touch", row[1]):
            yield nxt
            nxt = next(pending, None)
        yield row
    if nxt is not None:
        yield nxt
        yield from pending


def _event_key(e: tuple[Any, ...]) -> tuple[Any, ...]:
    return (e[2], e[0], e[1])


def _touch_rows(store: Store, tz: tzinfo, w: Window, offset: int | None) -> Iterator[tuple[Any, ...]]:
    """The week's touches as event rows, oldest first. At one UTC ``offset`` (minutes) the local time
    is the stored time shifted, checked once against :func:`iso_local` (which is used otherwise)."""
    cur = store.stream(
        "SELECT t.id, t.at, t.channel, t.outcome, t.minutes, t.note, p.company FROM touch t"
        " JOIN prospect p ON p.id = t.prospect_id WHERE t.at >= ? AND t.at < ? ORDER BY t.at, t.id",
        (w.lo, w.hi),
    )

    def via_zone(at: str) -> str | None:
        return iso_local(at, tz)

    local: Callable[[str], str | None] = via_zone
    checked = offset is None
    if offset is not None:
        shift = timedelta(minutes=offset)
        sign, (hours, minutes) = "+" if offset >= 0 else "-", divmod(abs(offset), 60)
        suffix = f"{sign}{hours:02d}:{minutes:02d}"
        parse = datetime.fromisoformat

        def shifted(at: str) -> str | None:
            return (parse(at[:19]) + shift).isoformat() + suffix

        local = shifted

    for tid, at, channel, outcome, minutes, note, company in cur:
        when = local(at)
        if not checked:  # a zone whose offset is not whole minutes (local mean time of old dates) says so here
            checked = True
            if when != iso_local(at, tz):
                local = via_zone
                when = local(at)
        yield ("touch", tid, when, company, channel, outcome, "", "", None, "", minutes, note or "")


def week_summary(store: Store, tz: tzinfo, monday: date, *, with_events: bool = True) -> WeekSummary:
    """The whole weekly summary for the week starting on ``monday``.

    ``with_events=False`` leaves ``events`` empty, for a writer that streams :func:`event_rows`.
    """
    settings = store.settings()
    sunday = monday + timedelta(days=6)
    w = Window.of(monday, sunday, tz)
    this, no_show = figures(store, tz, w)
    prev, _ = figures(store, tz, Window.of(monday - timedelta(weeks=1), sunday - timedelta(weeks=1), tz))
    trailing = per_week(
        figures(store, tz, Window.of(monday - timedelta(weeks=4), monday - timedelta(days=1), tz))[0], 4
    )
    today = now_utc().astimezone(tz).date()
    weekday, best = weekday_table(store, tz, w)
    # the barometer of each working day: that day's touches ÷ that day's daily goal
    working = set(workdays_of(store).between(monday, sunday))
    by_day = touches_by_day(store, tz, w)
    barometer = []
    span = _window_days(settings, None)
    counts: Any = None  # the funnel's counts over the window ending on the day, carried from day to day
    for i in range(7):
        day = monday + timedelta(days=i)
        if day not in working:
            continue
        counts = _window_counts(store, tz, day, span, settings, counts)
        touches = by_day[day].touches if day in by_day else 0
        _, t_day, m_day, d_day = counts
        goal = plan(store, tz, day, rates_of(t_day, m_day, d_day, settings), settings).daily_goal
        barometer.append(DayBarometer(day.isoformat(), DAY_NAMES[i], touches, goal, ratio(touches, goal), day > today))
    as_of = min(sunday, today) if today >= monday else sunday
    attainment = None
    target_info = None
    at_end = target_for(store, as_of)
    if at_end is not None:
        first = date.fromisoformat(at_end["start"])
        won = won_cents(store, Window.of(first, as_of, tz))
        attainment = ratio(won, at_end["revenue_cents"])
        target_info = WeekTarget(at_end["period"], major(at_end["revenue_cents"]), major(won), as_of.isoformat())
    compare = {
        key: Change(
            direction(getattr(this, key), getattr(prev, key)), direction(getattr(this, key), getattr(trailing, key))
        )
        for key in ORDER
    }
    rates = rates_of(touch_counts(store, w), meeting_counts(store, w), deal_counts(store, w), settings)
    from repdesk.figures.followups import discipline

    d = discipline(store, tz, w, sunday + timedelta(days=1) if today > sunday else today)
    return WeekSummary(
        **as_dict(this),
        week=week_label(monday),
        start=monday.isoformat(),
        end=sunday.isoformat(),
        rep=settings.get("rep_name") or "",
        currency=settings.get("currency") or "USD",
        meetings_no_show=no_show,
        attainment=attainment,
        target=target_info,
        barometer_by_day=tuple(barometer),
        followups_due=d.followups_due,
        followups_on_time=d.followups_on_time,
        followup_discipline=d.followup_discipline,
        overdue=d.overdue,
        weekday=weekday,
        best_day=best,
        previous_week=prev,
        trailing_4w=trailing,
        change=compare,
        coaching=tuple(coaching_flags(this, trailing, barometer, rates)),
        events=events(store, tz, w) if with_events else (),
    )


def _add(a: Any, b: Any, sign: int) -> Any:
    """Two records of counts added field by field (``sign`` -1: ``b`` taken off)."""
    return type(a)(*(getattr(a, n) + sign * getattr(b, n) for n in field_names(a)))


def _window_counts(store: Store, tz: tzinfo, day: date, span: int, settings: dict[str, str], before: Any) -> Any:
    """(day, touches, meetings, deals): the counts of the ``span`` days ending on ``day``. Given those
    ``before`` for an earlier day of the week, the days that entered the window are added and those that
    left it taken off (a day's counts are sums over its own instants), instead of reading the whole
    window again for each day."""
    if before is None or (day - before[0]).days >= span:
        f = funnel_for(store, tz, day, span, settings)
        return (day, f.touches, f.meetings, f.deals)
    _, t, m, d = before
    d0 = before[0]
    for k in range(1, (day - d0).days + 1):
        for when, sign in ((d0 + timedelta(days=k), 1), (d0 + timedelta(days=k - span), -1)):
            one = Window.of(when, when, tz)
            t = _add(t, touch_counts(store, one), sign)
            m = _add(m, meeting_counts(store, one), sign)
            d = _add(d, deal_counts(store, one), sign)
    return (day, t, m, d)


def coaching_flags(
    this: WeekFigures, trailing: WeekFigures, barometer: list[DayBarometer], rates: dict[str, Rate]
) -> list[str]:
    """Short flags for the manager's eye."""
    flags = []
    done = [b for b in barometer if not b.future and b.barometer is not None]
    if done:
        below = [b for b in done if b.barometer is not None and b.barometer < 1]
        if len(below) > len(done) / 2:
            flags.append(f"Activity below the daily goal on {len(below)} of {len(done)} working days.")
    if this.touches == 0:
        flags.append("No activity logged this week.")
    if this.hit_rate is not None and trailing.hit_rate and this.hit_rate < 0.8 * trailing.hit_rate:
        flags.append(
            f"Hit rate {whole_percent(this.hit_rate)}% is well under the four-week level of "
            f"{whole_percent(trailing.hit_rate)}%."
        )
    if this.new_prospects == 0:
        flags.append("No new prospects added: the pipeline needs feeding.")
    for step in STEPS:
        r = rates[step]
        if r.n >= 10 and r.own is not None and r.own < r.default:
            flags.append(
                f"{STEP_LABELS[step]} at {whole_percent(r.own)}% (benchmark {whole_percent(r.default)}%, n={r.n})."
            )
    return flags
