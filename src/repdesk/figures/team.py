"""The team report: per rep role, a week's touches, hit rate, days at goal, proposal and
win rates and attainment, and the team's share of reps at or over target — each against the week before.

Read by a manager's role, which sees every rep's rows. Computed for the whole team at once: a few
queries grouped by rep and UTC hour (the same portable grouping as :mod:`repdesk.figures.activity`)
return per-rep, per-local-day counts, and each rep's funnel, plan and barometer are worked out from
them in Python with the same rules (:mod:`repdesk.domain.plan`) a rep's own figures use. Days are
local days of the report's zone.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date, timedelta, tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import Window, Workdays, from_db, offset_segments, to_db
from repdesk.domain.plan import ceil6, default_rates, funnel_rates, ratio, touches_per_deal
from repdesk.domain.record import figure
from repdesk.domain.vocab import SETTING_DEFAULTS
from repdesk.figures.activity import hour_start
from repdesk.figures.sequence import HITS_SQL

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

Counts = dict[str, dict[date, list[int]]]  # rep → local day → sums


@figure
class RepWeek:
    """One rep's figures for a week."""

    rep: str
    touches: int
    hit_rate: float | None
    days_at_goal: int
    working_days: int
    proposal_rate: float | None
    win_rate: float | None
    attainment: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "rep": self.rep,
            "touches": self.touches,
            "hit_rate": _r(self.hit_rate),
            "days_at_goal": self.days_at_goal,
            "working_days": self.working_days,
            "proposal_rate": _r(self.proposal_rate),
            "win_rate": _r(self.win_rate),
            "attainment": _r(self.attainment),
        }


@figure
class TeamWeek:
    """The team's week: one row per rep role and the share of reps at or over target."""

    week: str
    start: date
    end: date
    reps: tuple[RepWeek, ...]
    share_at_target: float | None
    reps_with_target: int
    previous_week: TeamWeek | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "week": self.week,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "reps": [r.to_json() for r in self.reps],
            "share_at_target": _r(self.share_at_target),
            "reps_with_target": self.reps_with_target,
        }
        if self.previous_week is not None:
            out["previous_week"] = self.previous_week.to_json()
        return out


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def rep_roles(store: Store) -> list[str]:
    """The rep roles of this team, by name: members of the rep group role granted CONNECT on this
    database (roles are shared by every database of a server; another team's reps are not listed)."""
    from repdesk.db.pg import REP_ROLE

    return [
        r[0]
        for r in store.all(
            "SELECT m.rolname FROM pg_roles m JOIN pg_auth_members a ON a.member = m.oid"
            " JOIN pg_roles g ON g.oid = a.roleid WHERE g.rolname = ? AND m.oid IN"
            " (SELECT acl.grantee FROM pg_database d, aclexplode(d.datacl) acl"
            "  WHERE d.datname = current_database() AND acl.privilege_type = 'CONNECT') ORDER BY 1",
            (REP_ROLE,),
        )
    ]


def _by_rep_day(store: Store, tz: tzinfo, sql_from: str, col: str, sums: list[str], lo: date, hi: date) -> Counts:
    """Sums grouped by rep and local day of ``col`` over [lo, hi]: by the server's own zone rules for a
    named zone (the team report runs on PostgreSQL only), else one query per span of constant offset."""
    w = Window.of(lo, hi, tz)
    out: Counts = defaultdict(lambda: defaultdict(lambda: [0] * len(sums)))
    zone = getattr(tz, "key", None)
    if zone is not None:  # the server knows the zones: each instant's local day, in one grouping
        for row in store.all(
            f"SELECT rep, CAST(({col} AT TIME ZONE ?) AS DATE), {', '.join(f'SUM({s})' for s in sums)}"
            f" FROM {sql_from} AND {col} >= ? AND {col} < ? GROUP BY 1, 2",
            (zone, w.lo, w.hi),
        ):
            out[row[0]][row[1]] = [int(v or 0) for v in row[2:]]
        return out
    text = f"CAST({col} AS TEXT)"
    for start, end, minutes in offset_segments(from_db(w.lo), from_db(w.hi), tz):
        turn = (60 - minutes % 60) % 60
        split = f", substr({text}, 15, 2) >= '{turn:02d}'" if turn else ", 1 = 1"
        rows = store.all(
            f"SELECT rep, substr({text}, 1, 13){split}, {', '.join(f'SUM({s})' for s in sums)} FROM {sql_from}"
            f" AND {col} >= ? AND {col} < ? GROUP BY 1, 2, 3",
            (to_db(start), to_db(end)),
        )
        for row in rows:
            hour = hour_start(row[1])
            day = (hour + timedelta(minutes=minutes + (turn if turn and row[2] else 0))).date()
            cell = out[row[0]][day]
            for i in range(len(sums)):
                cell[i] += int(row[3 + i] or 0)
    return out


class _Series:
    """One rep's daily sums as running totals: the sum over any span of days in two lookups."""

    def __init__(self, days: dict[date, list[int]], width: int) -> None:
        self.days = sorted(days)
        self.width = width
        running = [0] * width
        self.totals: list[list[int]] = [list(running)]
        for d in self.days:
            running = [a + b for a, b in zip(running, days[d], strict=True)]
            self.totals.append(running)

    def sum(self, first: date, last: date) -> list[int]:
        lo, hi = bisect_left(self.days, first), bisect_right(self.days, last)
        if hi <= lo:
            return [0] * self.width
        return [b - a for a, b in zip(self.totals[lo], self.totals[hi], strict=True)]


def _by_rep(counts: Counts, width: int) -> dict[str, _Series]:
    return {rep: _Series(days, width) for rep, days in counts.items()}


def _window_sum(series: dict[str, _Series], rep: str, first: date, last: date, width: int) -> list[int]:
    """A rep's sums over the days from ``first`` to ``last`` (zeros for a rep with none)."""
    s = series.get(rep)
    return s.sum(first, last) if s is not None else [0] * width


class _Team:
    """Everything the report reads, fetched once for both weeks."""

    def __init__(self, store: Store, tz: tzinfo, first: date, last: date) -> None:
        self.tz = tz
        self.settings: dict[str, dict[str, str]] = defaultdict(lambda: dict(SETTING_DEFAULTS))
        for rep, key, value in store.all("SELECT rep, key, value FROM setting"):
            self.settings[rep][key] = value
        self.targets: dict[str, list[Any]] = defaultdict(list)
        for t in store.all("SELECT * FROM target ORDER BY id"):
            self.targets[t["rep"]].append(t)
        widest = max([90] + [_window(s) for s in self.settings.values()])
        lo = first - timedelta(days=widest)
        hit = f"CASE WHEN outcome IN {HITS_SQL} THEN 1 ELSE 0 END"
        booked = "CASE WHEN outcome = 'meeting_booked' THEN 1 ELSE 0 END"
        self.touches = _by_rep(_by_rep_day(store, tz, "touch WHERE 1 = 1", "at", ["1", hit, booked], lo, last), 3)
        self.meetings = _by_rep(_by_rep_day(
            store, tz, "meeting WHERE status IN ('held', 'no_show')", "at",
            ["CASE WHEN status = 'held' THEN 1 ELSE 0 END", "CASE WHEN status = 'no_show' THEN 1 ELSE 0 END",
             "CASE WHEN status = 'held' AND kind = 'first' THEN 1 ELSE 0 END"],
            lo, last,
        ), 3)  # fmt: skip
        self.proposals = _by_rep(
            _by_rep_day(store, tz, "deal WHERE proposal_at IS NOT NULL", "proposal_at", ["1"], lo, last), 1
        )
        # closed deals over a year and more: the observed average deal and revenue won so far in a period
        starts = [date.fromisoformat(t["start"]) for ts in self.targets.values() for t in ts]
        deal_lo = min([lo, first - timedelta(days=366), *starts])
        self.closed = _by_rep(_by_rep_day(
            store, tz, "deal WHERE status IN ('won', 'lost')", "closed_at",
            ["CASE WHEN status = 'won' THEN 1 ELSE 0 END", "CASE WHEN status = 'lost' THEN 1 ELSE 0 END",
             "CASE WHEN status = 'lost' AND proposal_at IS NOT NULL THEN 1 ELSE 0 END",
             "CASE WHEN status = 'won' THEN value_cents ELSE 0 END",
             "CASE WHEN status = 'won' AND proposal_at IS NOT NULL THEN 1 ELSE 0 END"],
            deal_lo, last,
        ), 5)  # fmt: skip

    def calendar(self, rep: str) -> Workdays:
        return Workdays([(t["start"], t["end"], t["workdays"], t["off_dates"]) for t in self.targets[rep]])

    def target(self, rep: str, day: date) -> Any:
        iso = day.isoformat()
        hits = [t for t in self.targets[rep] if t["start"] <= iso <= t["end"]]
        if not hits:
            return None
        return min(hits, key=lambda t: (date.fromisoformat(t["end"]) - date.fromisoformat(t["start"]), t["id"]))

    def won_cents(self, rep: str, first: date, last: date) -> int:
        return _window_sum(self.closed, rep, first, last, 5)[3]

    def daily_goal(self, rep: str, day: date) -> int | None:
        """The rep's daily goal as of ``day``, by the rules of ``repdesk today``."""
        settings = self.settings[rep]
        first = day - timedelta(days=_window(settings) - 1)
        t_n, _, t_booked = _window_sum(self.touches, rep, first, day, 3)
        held, no_show, first_held = _window_sum(self.meetings, rep, first, day, 3)
        (proposals,) = _window_sum(self.proposals, rep, first, day, 1)
        won, lost, lost_proposed, _, won_proposed = _window_sum(self.closed, rep, first, day, 5)
        rates = funnel_rates(
            touches=t_n, booked=t_booked, held=held, no_show=no_show, first_held=first_held, proposals=proposals,
            won=won, lost=lost, won_proposed=won_proposed, lost_proposed=lost_proposed,
            defaults=default_rates(settings),
        )  # fmt: skip
        target = self.target(rep, day)
        if target is not None and target["daily_goal"]:
            return int(target["daily_goal"])
        if target is not None:
            avg = target["avg_deal_cents"]
            if not avg:
                year = _window_sum(self.closed, rep, day - timedelta(days=364), day, 5)
                avg = year[3] / year[0] if year[0] else None
            days = self.calendar(rep).between(date.fromisoformat(target["start"]), date.fromisoformat(target["end"]))
            if avg and days:
                tpd = touches_per_deal({s: r.used for s, r in rates.items()})
                return ceil6(target["revenue_cents"] / avg * tpd / len(days))
        if settings.get("daily_goal"):
            return int(settings["daily_goal"])
        return None


def _window(settings: dict[str, str]) -> int:
    try:
        return max(1, min(36500, int(settings.get("window_days") or 90)))
    except ValueError:
        return 90


def _week(team: _Team, reps: list[str], monday: date) -> TeamWeek:
    sunday = monday + timedelta(days=6)
    rows = []
    with_target = at_target = 0
    for rep in reps:
        n, hits, _ = _window_sum(team.touches, rep, monday, sunday, 3)
        _, _, first_held = _window_sum(team.meetings, rep, monday, sunday, 3)
        (proposals,) = _window_sum(team.proposals, rep, monday, sunday, 1)
        won, lost, _, _, _ = _window_sum(team.closed, rep, monday, sunday, 5)
        working = team.calendar(rep).between(monday, sunday)
        at_goal = 0
        for day in working:
            goal = team.daily_goal(rep, day)
            done = _window_sum(team.touches, rep, day, day, 3)[0]
            if goal and done / goal >= 1:
                at_goal += 1
        target = team.target(rep, sunday)
        attainment = None
        if target is not None:
            won_so_far = team.won_cents(rep, date.fromisoformat(target["start"]), sunday)
            attainment = ratio(won_so_far, target["revenue_cents"])
            with_target += 1
            at_target += attainment is not None and attainment >= 1
        rows.append(
            RepWeek(rep, n, ratio(hits, n), at_goal, len(working), ratio(proposals, first_held),
                    ratio(won, won + lost), attainment)
        )  # fmt: skip
    iso = monday.isocalendar()
    return TeamWeek(
        f"{iso.year}-W{iso.week:02d}", monday, sunday, tuple(rows), ratio(at_target, with_target), with_target
    )


def team_week(store: Store, tz: tzinfo, monday: date) -> TeamWeek:
    """The team report for the ISO week starting on ``monday``, with the week before."""
    reps = rep_roles(store)
    team = _Team(store, tz, monday - timedelta(weeks=1), monday + timedelta(days=6))
    this = _week(team, reps, monday)
    prev = _week(team, reps, monday - timedelta(weeks=1))
    return TeamWeek(this.week, this.start, this.end, this.reps, this.share_at_target, this.reps_with_target, prev)
