"""Meeting and deal figures: counts, revenue, average deal, cycle, retention, ICP share and insight."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import EPOCH_DB, Window, local_date, whole_units
from repdesk.domain.money import major
from repdesk.domain.plan import median, ratio
from repdesk.domain.record import field_names, figure
from repdesk.domain.vocab import EMPLOYEE_BANDS, MEETING_STATUSES
from repdesk.figures.activity import TouchCounts


def _count(condition: str) -> str:
    """Portable SQL counting the rows that meet ``condition`` (a boolean is not a number on PostgreSQL)."""
    return f"COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"


WON, LOST = (_count(f"status = '{s}'") for s in ("won", "lost"))
WON_PROPOSED = _count("status = 'won' AND proposal_at IS NOT NULL")
LOST_PROPOSED = _count("status = 'lost' AND proposal_at IS NOT NULL")


@figure
class MeetingCounts:
    """Meetings dated in a window, by status, and first meetings held."""

    held: int
    no_show: int
    first_held: int
    scheduled: int
    cancelled: int
    meetings: int


@figure
class DealCounts:
    """Proposals sent in a window, and deals closed in it (with how many had a proposal)."""

    proposals: int
    won: int
    lost: int
    won_cents: int
    won_proposed: int
    lost_proposed: int


@figure
class Activity:
    """The leading and lagging counts of a window and their ratios (review and the weekly summary)."""

    touches: int
    hits: int
    hit_rate: float | None
    booked: int
    booked_rate: float | None
    meetings_held: int
    meetings_no_show: int
    show_rate: float | None
    proposals: int
    won: int
    lost: int
    win_rate: float | None
    won_revenue: float | None


def activity(t: TouchCounts, m: MeetingCounts, d: DealCounts) -> Activity:
    """The activity figures of a window from its counts."""
    return Activity(
        touches=t.touches,
        hits=t.hits,
        hit_rate=ratio(t.hits, t.touches),
        booked=t.booked,
        booked_rate=ratio(t.booked, t.touches),
        meetings_held=m.held,
        meetings_no_show=m.no_show,
        show_rate=ratio(m.held, m.held + m.no_show),
        proposals=d.proposals,
        won=d.won,
        lost=d.lost,
        win_rate=ratio(d.won, d.won + d.lost),
        won_revenue=major(d.won_cents),
    )


@figure
class Retention:
    """Customers at a window's start, at its end, kept, and the rate."""

    at_start: int
    at_end: int
    kept: int
    rate: float | None


@figure
class IcpShare:
    """Prospects created in a window, how many grade A, and the share."""

    new_prospects: int
    grade_a: int
    share: float | None


@figure
class InsightRow:
    """Closed deals of one profile value (an industry, a seniority, a band, a source)."""

    value: str
    won: int
    lost: int
    win_rate: float | None
    avg_won: float | None


#: each status counted on its own range of ``ix_meeting_status_at``, and the first meetings held on
#: ``ix_meeting_status_kind_at``: ranges of an index, never every meeting of the window
_MEETING_COUNTS_SQL = " UNION ALL ".join(
    [
        *(
            f"SELECT '{s}', COUNT(*) FROM meeting WHERE status = '{s}' AND at >= :lo AND at < :hi"
            for s in MEETING_STATUSES
        ),
        "SELECT 'first_held', COUNT(*) FROM meeting WHERE status = 'held' AND kind = 'first'"
        " AND at >= :lo AND at < :hi",
    ]
)


def meeting_counts(store: Store, w: Window) -> MeetingCounts:
    """Meetings dated in the window by status, and first meetings held.

    Whole UTC days are added up from ``meeting_day`` (kept by triggers, migration 0012); a part
    of a day, or the whole window where no triggers keep it, is counted on the meeting indexes."""
    n = dict.fromkeys((*MEETING_STATUSES, "first_held"), 0)
    days, parts = whole_units(w.lo, w.hi, 10) if store.touch_totals else (None, [(w.lo, w.hi)])
    if days is not None:
        for status, first, k in store.all(
            "SELECT status, kind = 'first', SUM(meetings) FROM meeting_day WHERE day >= ? AND day < ? GROUP BY 1, 2",
            days,
        ):
            n[status] = n.get(status, 0) + k
            if first and status == "held":
                n["first_held"] += k
    for lo, hi in parts:
        for key, k in store.all(_MEETING_COUNTS_SQL, {"lo": lo, "hi": hi}):
            n[key] += k
    return MeetingCounts(
        n["held"], n["no_show"], n["first_held"], n["scheduled"], n["cancelled"], sum(n[s] for s in MEETING_STATUSES)
    )


def deal_counts(store: Store, w: Window) -> DealCounts:
    """Proposals sent, and deals won and lost (with and without a proposal) in the window."""
    proposals = store.scalar("SELECT COUNT(*) FROM deal WHERE proposal_at >= ? AND proposal_at < ?", (w.lo, w.hi))
    row = store.one(
        f"SELECT {WON}, {LOST},"
        " COALESCE(SUM(CASE WHEN status = 'won' THEN value_cents END), 0),"
        f" {WON_PROPOSED}, {LOST_PROPOSED}"
        " FROM deal WHERE closed_at >= ? AND closed_at < ? AND status IN ('won', 'lost')",
        (w.lo, w.hi),
    )
    assert row is not None
    return DealCounts(proposals, *row)


def lost_reasons(store: Store, w: Window) -> dict[str, int]:
    """Deals lost in the window, by reason."""
    rows = store.all(
        "SELECT COALESCE(lost_reason, 'other'), COUNT(*) FROM deal WHERE status = 'lost'"
        " AND closed_at >= ? AND closed_at < ? GROUP BY 1 ORDER BY 2 DESC",
        (w.lo, w.hi),
    )
    return {r[0]: r[1] for r in rows}


def won_cents(store: Store, w: Window) -> int:
    """Revenue won in a window, in cents."""
    return int(
        store.scalar(
            "SELECT COALESCE(SUM(value_cents), 0) FROM deal WHERE status = 'won' AND closed_at >= ? AND closed_at < ?",
            (w.lo, w.hi),
        )
    )


def average_deal_cents(store: Store, tz: tzinfo, as_of: date) -> float | None:
    """Mean value of deals won in the 365 days ending on the as-of date (``None`` if none)."""
    w = Window.ending(as_of, 365, tz)
    value = store.scalar(
        "SELECT AVG(value_cents) FROM deal WHERE status = 'won' AND closed_at >= ? AND closed_at < ?", (w.lo, w.hi)
    )
    return None if value is None else float(value)


def cycle_days(store: Store, tz: tzinfo, w: Window) -> float | None:
    """Median calendar days from a won deal's start to its close, over deals won in the window.

    A deal starts at the earlier of its opening and the first touch of its prospect after the
    previous close (the latest close of the prospect's other deals before this one opened).
    """
    rows = store.all(
        """
        SELECT d.opened_at, d.closed_at,
          (SELECT MIN(t.at) FROM touch t WHERE t.prospect_id = d.prospect_id
             AND t.at > COALESCE((SELECT MAX(d2.closed_at) FROM deal d2 WHERE d2.prospect_id = d.prospect_id
                                   AND d2.id <> d.id AND d2.closed_at < d.opened_at), ?)) AS first_touch
        FROM deal d WHERE d.status = 'won' AND d.closed_at >= ? AND d.closed_at < ?
        """,
        (EPOCH_DB, w.lo, w.hi),
    )
    if not rows:
        return None
    spans = []
    for opened, closed, first_touch in rows:
        start = min(opened, first_touch) if first_touch else opened
        spans.append((local_date(closed, tz) - local_date(start, tz)).days)
    return median(spans)


#: per customer (a prospect with a won deal closed before the window's end): its first won close and
#: its churn; a customer at an instant was won before it and not churned by then
_RETENTION_SQL = f"""
SELECT {_count("first < :lo AND (churned IS NULL OR churned >= :lo)")},
  {_count("churned IS NULL OR churned >= :hi")},
  {_count("first < :lo AND (churned IS NULL OR churned >= :hi)")}
FROM (SELECT MIN(d.closed_at) AS first, p.churned_at AS churned FROM deal d JOIN prospect p ON p.id = d.prospect_id
      WHERE d.status = 'won' AND d.closed_at < :hi GROUP BY d.prospect_id, p.churned_at) AS customer
"""


def retention(store: Store, w: Window) -> Retention:
    """Customers at the window's end who were customers at its start ÷ customers at its start.

    Counted in SQL: customers at the start, at the end, and kept (won before the start, not churned by the end).
    """
    row = store.one(_RETENTION_SQL, {"lo": w.lo, "hi": w.hi})
    assert row is not None
    at_start, at_end, kept = row
    return Retention(at_start, at_end, kept, ratio(kept, at_start))


def icp_share(store: Store, w: Window) -> IcpShare:
    """Share of prospects created in the window with grade A (``None`` with no criteria or none new).

    The rules are parsed once and each prospect is read with only the fields they check.
    """
    from repdesk.domain.icp import compile_rules, fit_grade

    rules = compile_rules(store.all("SELECT * FROM icp_criterion ORDER BY id"))
    fields = sorted({r.field for r in rules if r.field} & _PROSPECT_FIELDS)
    new = store.all(
        f"SELECT {', '.join(['id', *fields])} FROM prospect WHERE created_at >= ? AND created_at < ?", (w.lo, w.hi)
    )
    if not rules or not new:
        return IcpShare(len(new), 0, None)
    answers: dict[int, dict[int, bool]] = defaultdict(dict)
    if any(r.rule == "manual" for r in rules):
        for pid, cid, value in store.all(
            "SELECT a.prospect_id, a.criterion_id, a.value FROM icp_answer a JOIN prospect p ON p.id = a.prospect_id"
            " WHERE p.created_at >= ? AND p.created_at < ?",
            (w.lo, w.hi),
        ):
            answers[pid][cid] = bool(value)
    none: dict[int, bool] = {}
    grade_a = sum(fit_grade(rules, p, answers.get(p["id"], none))[1] == "A" for p in new)
    return IcpShare(len(new), grade_a, ratio(grade_a, len(new)))


#: the prospect fields an ICP rule may read
_PROSPECT_FIELDS = frozenset(
    ("company", "contact", "title", "seniority", "email", "phone", "website", "industry", "employees", "region",
     "source", "pain_points", "notes")
)  # fmt: skip


def icp_insight(store: Store) -> dict[str, tuple[InsightRow, ...]]:
    """Win rate and average won value by industry, seniority, employee band and source, over all closed deals.

    It depends on no date, so it is kept in ``figure_cache`` and computed again only after a write of
    a deal or of a prospect's profile (migration 0013's triggers count them) or by another release.
    """
    import json  # here, not at the top: the commands run all day import this module, never json

    version, kept = store.kept_figure("icp_insight")
    if kept is not None:
        return {dim: tuple(InsightRow(*row) for row in rows) for dim, rows in json.loads(kept).items()}
    out = _icp_insight(store)
    if version is not None:
        fields = field_names(InsightRow)
        try:
            value = json.dumps({dim: [[getattr(r, f) for f in fields] for r in rows] for dim, rows in out.items()})
        except (TypeError, ValueError):  # a profile value no JSON holds (bytes put in by another program)
            return out
        store.keep_figure("icp_insight", version, value)
    return out


def _icp_insight(store: Store) -> dict[str, tuple[InsightRow, ...]]:
    """:func:`icp_insight` computed from the deals and prospects."""
    band = " ".join(
        f"WHEN p.employees <= {hi} THEN '{label}'" if hi is not None else f"ELSE '{label}'"
        for _, hi, label in EMPLOYEE_BANDS
    )
    # grouped in SQL: only the distinct profiles, not every deal, come back into Python
    rows = store.all(
        "SELECT p.industry, p.seniority,"
        f" CASE WHEN p.employees IS NULL OR p.employees < 1 THEN 'unknown' {band} END, p.source,"
        " SUM(CASE WHEN d.status = 'won' THEN 1 ELSE 0 END), SUM(CASE WHEN d.status = 'lost' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN d.status = 'won' THEN d.value_cents END)"
        " FROM deal d JOIN prospect p ON p.id = d.prospect_id WHERE d.status IN ('won', 'lost')"
        " GROUP BY 1, 2, 3, 4"
    )
    names = ("industry", "seniority", "employees", "source")
    tables: list[dict[str, list[int]]] = [{}, {}, {}, {}]
    for *profile, won, lost, value in rows:
        value = value or 0
        for table, key in zip(tables, profile, strict=True):
            cell = table.get(key or "unknown")
            if cell is None:
                table[key or "unknown"] = [won, lost, value]
            else:
                cell[0] += won
                cell[1] += lost
                cell[2] += value
    dims = dict(zip(names, tables, strict=True))
    out: dict[str, tuple[InsightRow, ...]] = {}
    for dim, groups in dims.items():
        items = [
            InsightRow(key, won, lost, ratio(won, won + lost), None if not won else round(total / won / 100, 2))
            for key, (won, lost, total) in groups.items()
        ]
        items.sort(key=lambda r: (-(r.win_rate or 0), -(r.won + r.lost), r.value))
        out[dim] = tuple(items)
    return out
