"""Meeting and deal figures: counts, revenue, average deal, cycle, retention, ICP share and insight."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, tzinfo
from typing import Any

from repdesk.db.connect import Store
from repdesk.domain.dates import EPOCH_DB, Window, local_date
from repdesk.domain.plan import median, ratio
from repdesk.domain.vocab import EMPLOYEE_BANDS


def _count(condition: str) -> str:
    """Portable SQL counting the rows that meet ``condition`` (a boolean is not a number on PostgreSQL)."""
    return f"COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"


HELD, NO_SHOW, SCHEDULED, CANCELLED, WON, LOST = (
    _count(f"status = '{s}'") for s in ("held", "no_show", "scheduled", "cancelled", "won", "lost")
)
FIRST_HELD = _count("status = 'held' AND kind = 'first'")
LOST_PROPOSED = _count("status = 'lost' AND proposal_at IS NOT NULL")


def meeting_counts(store: Store, w: Window) -> dict[str, int]:
    """Meetings dated in the window by status, and first meetings held."""
    row = store.one(
        f"SELECT {HELD}, {NO_SHOW}, {FIRST_HELD}, {SCHEDULED}, {CANCELLED}, COUNT(*)"
        " FROM meeting WHERE at >= ? AND at < ?",
        (w.lo, w.hi),
    )
    assert row is not None
    return {
        "held": row[0],
        "no_show": row[1],
        "first_held": row[2],
        "scheduled": row[3],
        "cancelled": row[4],
        "meetings": row[5],
    }


def deal_counts(store: Store, w: Window) -> dict[str, int]:
    """Proposals sent, and deals won and lost (with and without a proposal) in the window."""
    proposals = store.scalar("SELECT COUNT(*) FROM deal WHERE proposal_at >= ? AND proposal_at < ?", (w.lo, w.hi))
    row = store.one(
        f"SELECT {WON}, {LOST},"
        " COALESCE(SUM(CASE WHEN status = 'won' THEN value_cents END), 0),"
        f" {LOST_PROPOSED}"
        " FROM deal WHERE closed_at >= ? AND closed_at < ? AND status IN ('won', 'lost')",
        (w.lo, w.hi),
    )
    assert row is not None
    return {"proposals": proposals, "won": row[0], "lost": row[1], "won_cents": row[2], "lost_proposed": row[3]}


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


def customers_at(store: Store, *instants: str) -> list[set[int]]:
    """For each instant, the prospects with a won deal closed before it and not churned by then."""
    rows = store.all(
        "SELECT d.prospect_id, MIN(d.closed_at), p.churned_at FROM deal d JOIN prospect p ON p.id = d.prospect_id"
        " WHERE d.status = 'won' AND d.closed_at < ? GROUP BY d.prospect_id",
        (max(instants),),
    )
    return [{pid for pid, first, churned in rows if first < t and (churned is None or churned >= t)} for t in instants]


def retention(store: Store, w: Window) -> dict[str, Any]:
    """Customers at the window's end who were customers at its start ÷ customers at its start."""
    start, end = customers_at(store, w.lo, w.hi)
    kept = len(start & end)
    return {"at_start": len(start), "at_end": len(end), "kept": kept, "rate": ratio(kept, len(start))}


def icp_share(store: Store, w: Window) -> dict[str, Any]:
    """Share of prospects created in the window with grade A (``None`` with no criteria or none new)."""
    from repdesk.domain.icp import compile_rules, fit_of

    criteria = compile_rules(store.all("SELECT * FROM icp_criterion ORDER BY id"))
    new = store.all("SELECT * FROM prospect WHERE created_at >= ? AND created_at < ?", (w.lo, w.hi))
    if not criteria or not new:
        return {"new_prospects": len(new), "grade_a": 0, "share": None}
    answers: dict[int, dict[int, bool]] = defaultdict(dict)
    ids = [p["id"] for p in new]
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for a in store.all(
            "SELECT prospect_id, criterion_id, value FROM icp_answer"
            f" WHERE prospect_id IN ({','.join('?' * len(chunk))})",
            tuple(chunk),
        ):
            answers[a[0]][a[1]] = bool(a[2])
    grade_a = sum(fit_of(criteria, p, answers[p["id"]])["grade"] == "A" for p in new)
    return {"new_prospects": len(new), "grade_a": grade_a, "share": ratio(grade_a, len(new))}


def icp_insight(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Win rate and average won value by industry, seniority, employee band and source, over all closed deals."""
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
    dims: dict[str, dict[str, list[int]]] = {
        k: defaultdict(lambda: [0, 0, 0]) for k in ("industry", "seniority", "employees", "source")
    }
    for industry, seniority, band_label, source, won, lost, value in rows:
        for dim, key in (
            ("industry", industry or "unknown"),
            ("seniority", seniority or "unknown"),
            ("employees", band_label),
            ("source", source or "unknown"),
        ):
            cell = dims[dim][key]
            cell[0] += won
            cell[1] += lost
            cell[2] += value or 0
    out: dict[str, list[dict[str, Any]]] = {}
    for dim, groups in dims.items():
        items: list[dict[str, Any]] = [
            {
                "value": key,
                "won": won,
                "lost": lost,
                "win_rate": ratio(won, won + lost),
                "avg_won": None if not won else round(total / won / 100, 2),
            }
            for key, (won, lost, total) in groups.items()
        ]
        items.sort(key=lambda r: (-(r["win_rate"] or 0), -(r["won"] + r["lost"]), r["value"]))
        out[dim] = items
    return out
