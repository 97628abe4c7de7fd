"""The day as the Today screen shows it: the day's figures, its timeline, meetings waiting for an
outcome and prospects going cold."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import Window, from_db, now_utc, to_db
from repdesk.domain.money import major
from repdesk.domain.record import figure
from repdesk.figures.followups import Hours, Queue, hours, queue
from repdesk.figures.plan import _window_days
from repdesk.figures.today import Today, today

#: a prospect with an open deal and no touch for this many days is going cold
STALE_DAYS = 14


@figure
class TimelineEntry:
    """A touch or a meeting of the day."""

    at: str  #: HH:MM in the rep's zone
    what: str
    company: str
    note: str
    kind: str  #: ``touch`` or ``meeting``
    id: int


@figure
class PendingMeeting:
    """A meeting in the past still marked scheduled: it needs an outcome."""

    id: int
    at: str  #: YYYY-MM-DD HH:MM in the rep's zone
    kind: str
    company: str


@figure
class ColdProspect:
    """A prospect with an open deal and no touch for :data:`STALE_DAYS` days."""

    id: int
    company: str
    contact: str
    last_touch: str  #: YYYY-MM-DD HH:MM in the rep's zone, or ``never``
    open_value: float | None


@figure
class Day:
    """Everything the Today screen shows."""

    today: Today
    timeline: tuple[TimelineEntry, ...]
    pending: tuple[PendingMeeting, ...]
    stale: tuple[ColdProspect, ...]
    prospect_count: int
    target_count: int
    criteria_count: int
    queue: Queue  #: the day's work list
    hours: Hours  #: hit rate by hour over the review window, for the best hour beside the queue


def local(stored: str, tz: tzinfo, *, full: bool = False) -> str:
    """A stored instant on the rep's clock: ``HH:MM``, or with ``full`` ``YYYY-MM-DD HH:MM``."""
    dt: datetime = from_db(stored).astimezone(tz)
    return dt.strftime("%Y-%m-%d %H:%M") if full else dt.strftime("%H:%M")


def day_view(store: Store, tz: tzinfo, day: date) -> Day:
    """The Today screen's figures for ``day``."""
    t = today(store, tz, day)
    w = Window.of(day, day, tz)
    entries = [
        TimelineEntry(local(r[1], tz), f"{r[2]} · {r[3]}", r[5], r[4] or "", "touch", r[0])
        for r in store.all(
            "SELECT t.id, t.at, t.channel, t.outcome, t.note, p.company FROM touch t"
            " JOIN prospect p ON p.id = t.prospect_id WHERE t.at >= ? AND t.at < ? ORDER BY t.at",
            (w.lo, w.hi),
        )
    ]
    entries += [
        TimelineEntry(m.at[11:16], f"meeting · {m.kind} · {m.status}", m.company, "", "meeting", m.id)
        for m in t.meetings
    ]
    entries.sort(key=lambda e: e.at, reverse=True)  # newest first: what was just logged is on top
    pending = tuple(
        PendingMeeting(r[0], local(r[1], tz, full=True), r[2], r[3])
        for r in store.all(
            "SELECT m.id, m.at, m.kind, p.company FROM meeting m JOIN prospect p ON p.id = m.prospect_id"
            " WHERE m.status = 'scheduled' AND m.at < ? ORDER BY m.at DESC LIMIT 20",
            (to_db(now_utc()),),
        )
    )
    counts = store.one(
        "SELECT (SELECT COUNT(*) FROM prospect), (SELECT COUNT(*) FROM target), (SELECT COUNT(*) FROM icp_criterion)"
    )
    assert counts is not None
    q = queue(store, tz, day, daily_goal=t.daily_goal, done_today=t.touches)
    h = hours(store, tz, Window.ending(day, _window_days(store.settings(), None), tz))
    return Day(t, tuple(entries), pending, cold_prospects(store, tz), counts[0], counts[1], counts[2], q, h)


def cold_prospects(store: Store, tz: tzinfo, limit: int = 12) -> tuple[ColdProspect, ...]:
    """Prospects with an open deal and no touch for two weeks, the largest open value first."""
    cutoff = to_db(now_utc() - timedelta(days=STALE_DAYS))
    rows = store.all(
        """
        SELECT p.id, p.company, p.contact,
          (SELECT MAX(t.at) FROM touch t WHERE t.prospect_id = p.id) AS last_touch,
          (SELECT COALESCE(SUM(CASE WHEN d.proposal_at IS NOT NULL
              THEN COALESCE(d.proposal_value_cents, d.value_cents) ELSE d.value_cents END), 0)
            FROM deal d WHERE d.prospect_id = p.id AND d.status = 'open') AS open_cents
        FROM prospect p
        WHERE NOT p.archived AND p.id IN (SELECT prospect_id FROM deal WHERE status = 'open')
        """
    )
    out = [
        ColdProspect(r[0], r[1], r[2] or "", local(r[3], tz, full=True) if r[3] else "never", major(r[4]))
        for r in rows
        if r[3] is None or r[3] < cutoff
    ]
    out.sort(key=lambda x: -(x.open_value or 0))
    return tuple(out[:limit])
