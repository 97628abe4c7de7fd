"""The team report: per rep role, a week's touches, hit rate, days at goal, proposal and
win rates and attainment, and the team's share of reps at or over target — each against the week before.

Read by a manager's role, which sees every rep's rows. Computed for the whole team at once: a few
queries grouped by rep and UTC hour (the same portable grouping as :mod:`repdesk.figures.activity`)
return per-rep, per-local-day counts, and each rep's funnel, plan and barometer are worked out from
them in Python with the same rules (:mod:`repdesk.domain.plan`) a rep's own figures use. Days are
local days of the report's zone.
"""

from __future__ import annotations

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
    """Sums grouped by rep and local day of ``col`` over [lo, hi], one query per span of constant offset."""
    w = Window.of(lo, hi, tz)
    out: Counts = defaultdict(lambda: defaultdict(lambda: [0] * len(sums)))
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


def _window_sum(days: dict[date, list[int]], first: date, last: date, width: int) -> list[int]:
    total = [0] * width
    for d, cell in days.items():
        if first <= d <= last:
            for i in range(width):
                total[i] += cell[i]
    return total


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
        self.touches = _by_rep_day(store, tz, "touch WHERE 1 = 1", "at", ["1", hit, booked], lo, last)
        self.meetings = _by_rep_day(
            store, tz, "meeting WHERE status IN ('held', 'no_show')", "at",
            ["CASE WHEN status = 'held' THEN 1 ELSE 0 END", "CASE WHEN status = 'no_show' THEN 1 ELSE 0 END",
             "CASE WHEN status = 'held' AND kind = 'first' THEN 1 ELSE 0 END"],
            lo, last,
        )  # fmt: skip
        self.proposals = _by_rep_day(store, tz, "deal WHERE proposal_at IS NOT NULL", "proposal_at", ["1"], lo, last)
        # closed deals over a year and more: the observed average deal and revenue won so far in a period
        starts = [date.fromisoformat(t["start"]) for ts in self.targets.values() for t in ts]
        deal_lo = min([lo, first - timedelta(days=366), *starts])
        self.closed = _by_rep_day(
            store, tz, "deal WHERE status IN ('won', 'lost')", "closed_at",
            ["CASE WHEN status = 'won' THEN 1 ELSE 0 END", "CASE WHEN status = 'lost' THEN 1 ELSE 0 END",
             "CASE WHEN status = 'lost' AND proposal_at IS NOT NULL THEN 1 ELSE 0 END",
             "CASE WHEN status = 'won' THEN value_cents ELSE 0 END",
             "CASE WHEN status = 'won' AND proposal_at IS NOT NULL THEN 1 ELSE 0 END"],
            deal_lo, last,
        )  # fmt: skip

    def calendar(self, rep: str) -> Workdays:
        return Workdays([(t["start"], t["end"], t["workdays"], t["off_dates"]) for t in self.targets[rep]])

    def target(self, rep: str, day: date) -> Any:
        iso = day.isoformat()
        hits = [t for t in self.targets[rep] if t["start"] <= iso <= t["end"]]
        if not hits:
            return None
        return min(hits, key=lambda t: (date.fromisoformat(t["end"]) - date.fromisoformat(t["start"]), t["id"]))

    def won_cents(self, rep: str, first: date, last: date) -> int:
        return _window_sum(self.closed.get(rep, {}), first, last, 5)[3]

    def daily_goal(self, rep: str, day: date) -> int | None:
        """The rep's daily goal as of ``day``, by the rules of ``repdesk today``."""
        settings = self.settings[rep]
        first = day - timedelta(days=_window(settings) - 1)
        t_n, _, t_booked = _window_sum(self.touches.get(rep, {}), first, day, 3)
        held, no_show, first_held = _window_sum(self.meetings.get(rep, {}), first, day, 3)
        (proposals,) = _window_sum(self.proposals.get(rep, {}), first, day, 1)
        won, lost, lost_proposed, _, won_proposed = _window_sum(self.closed.get(rep, {}), first, day, 5)
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
                year = _window_sum(self.closed.get(rep, {}), day - timedelta(days=364), day, 5)
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
        n, hits, _ = _window_sum(team.touches.get(rep, {}), monday, sunday, 3)
        _, _, first_held = _window_sum(team.meetings.get(rep, {}), monday, sunday, 3)
        (proposals,) = _window_sum(team.proposals.get(rep, {}), monday, sunday, 1)
        won, lost, _, _, _ = _window_sum(team.closed.get(rep, {}), monday, sunday, 5)
        working = team.calendar(rep).between(monday, sunday)
        at_goal = 0
        for day in working:
            goal = team.daily_goal(rep, day)
            done = team.touches.get(rep, {}).get(day, [0])[0]
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
