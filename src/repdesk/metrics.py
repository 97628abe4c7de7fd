"""Every figure of the product, defined once (DESIGN §4): plain functions over the store that
return plain objects. Aggregates run in SQL on indexed columns; only per-window groups, deals
and new prospects come back into Python. No UI here.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta, tzinfo
from typing import Any

from repdesk.service import major
from repdesk.store import Store
from repdesk.timeutil import day_bounds, from_db, local_date, now_utc, offset_segments, parse_date, to_db
from repdesk.vocab import DAY_NAMES, EMPLOYEE_BANDS, HIT_OUTCOMES, SETTING_DEFAULTS, WEEKDAYS

K_SHRINK = 20
MIN_TRIALS = 20
Z95 = 1.96
STEPS = ("booked", "show", "proposal", "win")
STEP_LABELS = {
    "booked": "touch → meeting booked",
    "show": "booked → held",
    "proposal": "first meeting → proposal",
    "win": "proposal → won",
}
COACHING = {
    "booked": "Few touches turn into meetings: sharpen the opening line and ask for the meeting on every connect.",
    "show": "Booked meetings slip: confirm the day before and send an agenda with the invite.",
    "proposal": "First meetings rarely lead to a proposal: set a goal (demo, trial, proposal) for every first "
    "meeting and agree the next step before leaving.",
    "win": "Proposals are lost: qualify budget and decision makers before proposing, and follow up within two days.",
}
_HITS_SQL = "(" + ", ".join(f"'{o}'" for o in HIT_OUTCOMES) + ")"


def ratio(num: float | None, den: float | None) -> float | None:
    """``num ÷ den`` rounded to 6 decimals; ``None`` with a zero denominator."""
    if num is None or not den:
        return None
    return round(num / den, 6)


def median(values: list[int]) -> float:
    """The median of a non-empty list (the mean of the middle two for an even count)."""
    s = sorted(values)
    mid = len(s) // 2
    return float(s[mid]) if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def ceil6(x: float) -> int:
    """The ceiling after rounding to 6 decimals, so floating-point dust never adds one."""
    return math.ceil(round(x, 6))


def wilson(hits: int, n: int, z: float = Z95) -> tuple[float | None, float | None]:
    """The Wilson score interval of ``hits`` out of ``n``; both ``None`` when ``n`` is 0."""
    if n == 0:
        return None, None
    p = hits / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return round(max(0.0, centre - half), 6), round(min(1.0, centre + half), 6)


def shrunk(successes: int, trials: int, default: float, k: int = K_SHRINK) -> float:
    """``(successes + k·default) ÷ (trials + k)``, capped at 1."""
    return min(1.0, (successes + k * default) / (trials + k))


def touches_per_deal(rates: dict[str, float]) -> float:
    """1 ÷ the product of the four funnel rates."""
    product = 1.0
    for step in STEPS:
        product *= rates[step]
    return 1 / product


def parse_day(text: str | None, tz: tzinfo) -> date:
    """The as-of day: today on the rep's clock unless a date is given."""
    if text is None:
        return now_utc().astimezone(tz).date()
    return parse_date(text, tz)


class Window:
    """Local days ``first`` … ``last`` (inclusive) and their stored-text bounds [lo, hi)."""

    __slots__ = ("first", "last", "lo", "hi")

    def __init__(self, first: date, last: date, lo: str, hi: str) -> None:
        self.first, self.last, self.lo, self.hi = first, last, lo, hi

    @classmethod
    def of(cls, first: date, last: date, tz: tzinfo) -> Window:
        lo, hi = day_bounds(first, last, tz)
        return cls(first, last, lo, hi)

    @classmethod
    def ending(cls, as_of: date, days: int, tz: tzinfo) -> Window:
        return cls.of(as_of - timedelta(days=days - 1), as_of, tz)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


# -- counts ---------------------------------------------------------------------------------


def touch_counts(store: Store, w: Window, channel: str | None = None) -> dict[str, int]:
    """touches, hits, booked, and logged minutes over a window."""
    sql = (
        f"SELECT COUNT(*), COALESCE(SUM(outcome IN {_HITS_SQL}), 0), COALESCE(SUM(outcome = 'meeting_booked'), 0),"
        " COALESCE(SUM(minutes), 0), COUNT(minutes) FROM touch WHERE at >= ? AND at < ?"
    )
    params: tuple[Any, ...] = (w.lo, w.hi)
    if channel:
        sql += " AND channel = ?"
        params += (channel,)
    n, hits, booked, minutes, timed = store.one(sql, params)  # type: ignore[misc]
    return {"touches": n, "hits": hits, "booked": booked, "minutes": minutes, "timed_touches": timed}


def local_groups(
    store: Store, tz: tzinfo, w: Window, key_sql: tuple[str, ...], channel: str | None = None
) -> dict[tuple[str, ...], list[int]]:
    """touches, hits and booked grouped by local-time keys computed in SQL (``{at}`` stands for the
    instant shifted to the wall clock), one query per span of constant UTC offset."""
    out: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    for start, end, minutes in offset_segments(from_db(w.lo), from_db(w.hi), tz):
        shifted = f"datetime(at, '{minutes:+d} minutes')"
        keys = ", ".join(k.format(at=shifted) for k in key_sql)
        sql = (
            f"SELECT {keys}, COUNT(*), SUM(outcome IN {_HITS_SQL}), SUM(outcome = 'meeting_booked')"
            " FROM touch WHERE at >= ? AND at < ?"
        )
        params: tuple[Any, ...] = (to_db(start), to_db(end))
        if channel:
            sql += " AND channel = ?"
            params += (channel,)
        n_keys = len(key_sql)
        for row in store.all(sql + " GROUP BY " + ", ".join(str(i + 1) for i in range(n_keys)), params):
            cell = out[tuple(row[:n_keys])]
            cell[0] += row[n_keys]
            cell[1] += row[n_keys + 1]
            cell[2] += row[n_keys + 2]
    return out


def touches_by_day(store: Store, tz: tzinfo, w: Window) -> dict[date, dict[str, int]]:
    """touches, hits and booked per local day of the window."""
    return {
        date.fromisoformat(key[0]): {"touches": n, "hits": hits, "booked": booked}
        for key, (n, hits, booked) in local_groups(store, tz, w, ("date({at})",)).items()
    }


def weekday_table(
    store: Store, tz: tzinfo, w: Window, channel: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """Touches, hits, hit rate, booked, booked rate and the 95% Wilson interval per weekday, and the best day."""
    counts = [[0, 0, 0] for _ in range(7)]
    for key, cell in local_groups(store, tz, w, ("strftime('%w', {at})",), channel).items():
        counts[(int(key[0]) + 6) % 7] = cell  # SQLite counts from Sunday = 0
    table = []
    for i, (n, hits, booked) in enumerate(counts):
        low, high = wilson(hits, n)
        table.append(
            {
                "day": DAY_NAMES[i],
                "touches": n,
                "hits": hits,
                "hit_rate": ratio(hits, n),
                "booked": booked,
                "booked_rate": ratio(booked, n),
                "low": low,
                "high": high,
            }
        )
    best: str | None = None
    best_rate = -1.0
    for i, (n, hits, _) in enumerate(counts):
        if n >= MIN_TRIALS and hits / n > best_rate:
            best, best_rate = DAY_NAMES[i], hits / n
    return table, best


def heatmap(store: Store, tz: tzinfo, w: Window) -> list[list[tuple[int, int]]]:
    """(touches, hits) by weekday (Mon first) × local hour."""
    grid = [[(0, 0) for _ in range(24)] for _ in range(7)]
    for (wd, hour), (n, hits, _) in local_groups(
        store, tz, w, ("strftime('%w', {at})", "strftime('%H', {at})")
    ).items():
        grid[(int(wd) + 6) % 7][int(hour)] = (n, hits)
    return grid


def meeting_counts(store: Store, w: Window) -> dict[str, int]:
    """Meetings dated in the window by status, and first meetings held."""
    row = store.one(
        "SELECT COALESCE(SUM(status = 'held'), 0), COALESCE(SUM(status = 'no_show'), 0),"
        " COALESCE(SUM(status = 'held' AND kind = 'first'), 0), COALESCE(SUM(status = 'scheduled'), 0),"
        " COALESCE(SUM(status = 'cancelled'), 0), COUNT(*) FROM meeting WHERE at >= ? AND at < ?",
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
        "SELECT COALESCE(SUM(status = 'won'), 0), COALESCE(SUM(status = 'lost'), 0),"
        " COALESCE(SUM(CASE WHEN status = 'won' THEN value_cents END), 0),"
        " COALESCE(SUM(status = 'lost' AND proposal_at IS NOT NULL), 0)"
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
                                   AND d2.id <> d.id AND d2.closed_at < d.opened_at), '')) AS first_touch
        FROM deal d WHERE d.status = 'won' AND d.closed_at >= ? AND d.closed_at < ?
        """,
        (w.lo, w.hi),
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


# -- ICP ------------------------------------------------------------------------------------


def icp_share(store: Store, w: Window) -> dict[str, Any]:
    """Share of prospects created in the window with grade A (``None`` with no criteria or none new)."""
    from repdesk.icp import fit_of

    criteria = store.all("SELECT * FROM icp_criterion ORDER BY id")
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


def employee_band(n: int | None) -> str:
    """The employee band of a head count."""
    if n is None:
        return "unknown"
    for lo, hi, label in EMPLOYEE_BANDS:
        if n >= lo and (hi is None or n <= hi):
            return label
    return "unknown"


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
        " SUM(d.status = 'won'), SUM(d.status = 'lost'), SUM(CASE WHEN d.status = 'won' THEN d.value_cents END)"
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


# -- the funnel and the plan ----------------------------------------------------------------


def default_rates(settings: dict[str, str]) -> dict[str, float]:
    """The benchmark rate of each funnel step (settings ``rates.*``)."""
    out = {}
    for step in STEPS:
        try:
            out[step] = float(settings.get(f"rates.{step}") or SETTING_DEFAULTS[f"rates.{step}"])
        except ValueError:
            out[step] = float(SETTING_DEFAULTS[f"rates.{step}"])
    return out


def funnel_rates(
    touches: dict[str, int], meetings: dict[str, int], deals: dict[str, int], defaults: dict[str, float]
) -> dict[str, dict[str, Any]]:
    """Each step's own rate, trials, used (shrunk) rate and default."""
    pairs = {
        "booked": (touches["booked"], touches["touches"]),
        "show": (meetings["held"], meetings["held"] + meetings["no_show"]),
        "proposal": (deals["proposals"], meetings["first_held"]),
        "win": (deals["won"], deals["won"] + deals["lost_proposed"]),
    }
    return {
        step: {
            "own": ratio(s, n),
            "n": n,
            "successes": s,
            "used": round(shrunk(s, n, defaults[step]), 6),
            "default": defaults[step],
        }
        for step, (s, n) in pairs.items()
    }


def improve_first(rates: dict[str, dict[str, Any]]) -> str | None:
    """The step whose own rate sits furthest below its default, among steps with at least 20 trials."""
    best, best_score = None, math.inf
    for step in STEPS:
        r = rates[step]
        if r["n"] >= MIN_TRIALS and r["own"] is not None:
            score = r["own"] / r["default"]
            if score < best_score:
                best, best_score = step, score
    return best


def target_for(store: Store, day: date) -> Any:
    """The target whose period contains ``day`` (the shortest one)."""
    iso = day.isoformat()
    return store.one(
        "SELECT * FROM target WHERE start <= ? AND end >= ? ORDER BY julianday(end) - julianday(start), id LIMIT 1",
        (iso, iso),
    )


def working_days(target: Any, first: date, last: date) -> list[date]:
    """The target's working days between ``first`` and ``last``, both included."""
    weekdays = {WEEKDAYS.index(d) for d in target["workdays"].split(",") if d}
    off = {d for d in target["off_dates"].split(",") if d}
    days = []
    d = first
    while d <= last:
        if d.weekday() in weekdays and d.isoformat() not in off:
            days.append(d)
        d += timedelta(days=1)
    return days


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
        days_all = working_days(target, first, last)
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


# -- the three reports ----------------------------------------------------------------------


def _window_days(settings: dict[str, str], days: int | None) -> int:
    if days is not None:
        if days < 1 or days > 36500:
            from repdesk.errors import InputError

            raise InputError("--days must be between 1 and 36,500")
        return days
    try:
        return max(1, int(settings.get("window_days") or 90))
    except ValueError:
        return 90


def activity_figures(t: dict[str, int], m: dict[str, int], d: dict[str, int]) -> dict[str, Any]:
    """The leading and lagging counts of a window and their ratios, as review and the weekly summary show them."""
    return {
        "touches": t["touches"],
        "hits": t["hits"],
        "hit_rate": ratio(t["hits"], t["touches"]),
        "booked": t["booked"],
        "booked_rate": ratio(t["booked"], t["touches"]),
        "meetings_held": m["held"],
        "meetings_no_show": m["no_show"],
        "show_rate": ratio(m["held"], m["held"] + m["no_show"]),
        "proposals": d["proposals"],
        "won": d["won"],
        "lost": d["lost"],
        "win_rate": ratio(d["won"], d["won"] + d["lost"]),
        "won_revenue": major(d["won_cents"]),
    }


def funnel_for(store: Store, tz: tzinfo, as_of: date, days: int, settings: dict[str, str]) -> dict[str, Any]:
    """Counts and funnel rates over the window ending on the as-of date."""
    w = Window.ending(as_of, days, tz)
    touches = touch_counts(store, w)
    meetings = meeting_counts(store, w)
    deals = deal_counts(store, w)
    rates = funnel_rates(touches, meetings, deals, default_rates(settings))
    return {"window": w, "touches": touches, "meetings": meetings, "deals": deals, "rates": rates}


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


def coaching_notes(rates: dict[str, dict[str, Any]], best_day: str | None, weekday: list[dict[str, Any]]) -> list[str]:
    """Short notes where a ratio sits below its benchmark (with enough data to say so)."""
    notes = []
    for step in STEPS:
        r = rates[step]
        if r["n"] >= MIN_TRIALS and r["own"] is not None and r["own"] < r["default"]:
            notes.append(
                f"{STEP_LABELS[step]} is {r['own']:.0%} against a benchmark of {r['default']:.0%} "
                f"(n={r['n']}). {COACHING[step]}"
            )
    if best_day is not None:
        best = next(row for row in weekday if row["day"] == best_day)
        notes.append(f"People pick up most on {best_day} ({best['hit_rate']:.0%} hit rate): put your calls there.")
    return notes


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
