"""A realistic sample database: prospects with ICP fields, touches on working hours with weekday
differences, meetings with outcomes, deals won and lost, a target and ICP criteria.

Seeded, so the same seed and clock give the same file. ``touches`` scales it for benchmarks;
rows go in with ``executemany`` in one transaction.
"""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from repdesk.db.connect import Store
from repdesk.domain.dates import from_db, local_wall, now_utc, to_db
from repdesk.domain.errors import InputError
from repdesk.writes.bulk import BulkLoad

COMPANY_A = ("Acme", "Northwind", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent",
             "Hooli", "Vandelay", "Pied Piper", "Wonka", "Oscorp", "Aperture", "Black Mesa", "Massive Dynamic",
             "Gringotts", "Monarch", "Dunder", "Sterling", "Bluth", "Prestige", "Nakatomi", "Zorg", "Virtucon",
             "Ollivander", "Kruger", "Fjord", "Lumen", "Quanta", "Vertex", "Helix", "Nimbus", "Orbit", "Pinnacle",
             "Summit", "Harbor", "Beacon")  # fmt: skip
COMPANY_B = ("Corp", "Labs", "Logistics", "Systems", "Analytics", "Health", "Foods", "Energy", "Capital",
             "Robotics", "Software", "Freight", "Media", "Retail", "Bank", "Insurance", "Motors", "Works", "Group",
             "Partners")  # fmt: skip
FIRST = ("Jane", "Omar", "Li", "Sofia", "Mateo", "Priya", "Lukas", "Amara", "Chen", "Elena", "Noah", "Yuki", "Fatima",
         "Jonas", "Aisha", "Diego", "Ingrid", "Kofi", "Marta", "Raj")  # fmt: skip
LAST = ("Doe", "Haddad", "Wei", "Rossi", "García", "Patel", "Müller", "Okafor", "Nakamura", "Novak", "Smith", "Tanaka",
        "Khan", "Berg", "Mensah", "Silva", "Larsen", "Boateng", "Kowalska", "Iyer")  # fmt: skip
INDUSTRIES = ("software", "fintech", "logistics", "healthcare", "manufacturing", "retail", "education", "media")
REGIONS = ("EMEA", "NA", "APAC", "LATAM")
SOURCES = ("referral", "inbound", "outbound", "linkedin", "event", "partner", "customer", "other")
SENIORITY_TITLES = (("c_level", "CEO"), ("c_level", "CFO"), ("vp", "VP Sales"), ("vp", "VP Operations"),
                    ("director", "Director of IT"), ("director", "Head of Procurement"), ("manager", "Ops Manager"),
                    ("manager", "IT Manager"), ("individual", "Analyst"), ("unknown", None))  # fmt: skip
#: chance that a touch reaches someone, by weekday (Mon … Sun) — Thursday mornings are best
HIT_BY_DAY = (0.17, 0.23, 0.21, 0.27, 0.13, 0.10, 0.08)
HOURS = (8, 9, 9, 10, 10, 10, 11, 11, 12, 13, 14, 14, 15, 15, 16, 16, 17)
HOUR_BONUS = {8: 0.03, 9: 0.05, 10: 0.04, 11: 0.01, 12: -0.06, 13: -0.04, 16: 0.02, 17: -0.03}
MISS = {
    "call": ("no_answer", "no_answer", "no_answer", "voicemail", "voicemail", "busy", "gatekeeper", "wrong_number"),
    "email": ("sent", "sent", "sent", "sent", "bounced"),
    "social": ("sent",),
    "visit": ("no_answer", "gatekeeper"),
}
HIT = {"call": "connected", "email": "replied", "social": "replied", "visit": "connected"}
CHANNELS = ("call",) * 6 + ("email",) * 3 + ("social", "visit")
LOST = ("price", "timing", "competitor", "no_budget", "no_decision", "bad_fit", "ghosted")


def _company(rng: random.Random, i: int) -> str:
    name = f"{COMPANY_A[i % len(COMPANY_A)]} {COMPANY_B[(i // len(COMPANY_A)) % len(COMPANY_B)]}"
    cycle = i // (len(COMPANY_A) * len(COMPANY_B))
    return name if cycle == 0 else f"{name} {cycle + 1}"


def generate(
    path: str | Path,
    *,
    weeks: int | None = None,
    touches: int | None = None,
    seed: int = 7,
    tz: tzinfo = UTC,
    now: datetime | None = None,
) -> dict[str, int]:
    """Write a sample database at ``path`` (which must not exist); returns row counts.

    ``weeks`` is the span of the history, ending today. Without it the span is 26 weeks, or as many
    as ``touches`` need at a rep's pace (36 a working day); with both, the touches are packed into
    those weeks — a dense history, as when a team's calls are imported.
    """
    target = Path(path).expanduser()
    if target.exists():
        raise InputError(f"{target} already exists; demo writes a new file only")
    if weeks is not None and (weeks < 1 or weeks > 10_000):
        raise InputError("--weeks must be between 1 and 10,000")
    per_day = 36
    if touches is not None and (touches < 0 or touches > 20_000_000):
        raise InputError("--touches must be between 0 and 20,000,000")
    if weeks is None:
        weeks = 26 if touches is None else max(26, math.ceil(touches / (5 * per_day)))
    rng = random.Random(seed)
    now = now or now_utc()
    today = now.astimezone(tz).date()
    first_day = today - timedelta(weeks=weeks)
    workdays = [first_day + timedelta(days=i) for i in range((today - first_day).days + 1)]
    # weekdays, a few weekend days, and always today, so the Today screen has something to show
    workdays = [d for d in workdays if d.weekday() < 5 or d == today or rng.random() < 0.04]
    total = touches if touches is not None else len(workdays) * per_day
    n_prospects = max(40, min(10_000, total // 30))

    store = Store(target)
    with BulkLoad(store) as load:
        # -- prospects ------------------------------------------------------------------------
        prospects = []
        created: list[date] = []
        for i in range(n_prospects):
            seniority, title = SENIORITY_TITLES[rng.randrange(len(SENIORITY_TITLES))]
            first, last = FIRST[rng.randrange(len(FIRST))], LAST[rng.randrange(len(LAST))]
            employees = None if rng.random() < 0.12 else int(math.exp(rng.uniform(math.log(5), math.log(8000))))
            industry = None if rng.random() < 0.08 else INDUSTRIES[rng.randrange(len(INDUSTRIES))]
            day = workdays[min(len(workdays) - 1, int(len(workdays) * (i / n_prospects) ** 0.8))]
            created.append(day)
            company = _company(rng, i)
            prospects.append(
                (
                    i + 1,
                    company,
                    f"{first} {last}",
                    title,
                    seniority,
                    f"{first.lower()}@{company.split()[0].lower()}.example",
                    f"+1 555 01{i % 100:02d}",
                    f"https://{company.split()[0].lower()}.example",
                    industry,
                    employees,
                    REGIONS[rng.randrange(4)],
                    SOURCES[rng.randrange(len(SOURCES))],
                    None,
                    None,
                    to_db(local_wall(day, time(8, 30), tz)),
                    None,
                    0,
                )  # fmt: skip
            )
        load.insert(
            "prospect",
            ("id", "company", "contact", "title", "seniority", "email", "phone", "website", "industry", "employees",
             "region", "source", "pain_points", "notes", "created_at", "churned_at", "archived"),
            prospects,
        )  # fmt: skip
        fitness = [
            (0.6 if p[8] in ("software", "fintech", "logistics") else 0.3)
            + (0.3 if p[9] and 51 <= p[9] <= 1000 else 0.0)
            + (0.2 if p[4] in ("c_level", "vp", "director") else 0.0)
            for p in prospects
        ]
        # -- touches --------------------------------------------------------------------------
        touch_rows: list[tuple[Any, ...]] = []
        booked: list[tuple[int, datetime]] = []
        per = total / max(1, len(workdays))
        carry = 0.0
        now_local = now.astimezone(tz)
        # prospects become workable on their created day: a sliding range over the list
        for day in workdays:
            carry += per
            n = int(carry)
            carry -= n
            hi = max(1, _upto(created, day))
            base = HIT_BY_DAY[day.weekday()]
            for _ in range(n):
                hour = HOURS[rng.randrange(len(HOURS))]
                minute = rng.randrange(60)
                if day == today and (hour, minute) >= (now_local.hour, now_local.minute):
                    continue
                pid = rng.randrange(max(0, hi - 400), hi) + 1
                channel = CHANNELS[rng.randrange(len(CHANNELS))]
                p_hit = max(0.02, base + HOUR_BONUS.get(hour, 0.0) + 0.08 * (fitness[pid - 1] - 0.6))
                if channel == "email":
                    p_hit *= 0.6
                if rng.random() < p_hit:
                    r = rng.random()
                    outcome = "meeting_booked" if r < 0.22 else "not_interested" if r < 0.5 else HIT[channel]
                else:
                    outcome = rng.choice(MISS[channel])
                at = local_wall(day, time(hour, minute), tz)
                minutes = rng.choice((2, 3, 5, 8, 12)) if channel == "call" and rng.random() < 0.6 else None
                touch_rows.append((pid, to_db(at), channel, outcome, minutes, None))
                if outcome == "meeting_booked":
                    booked.append((pid, at))
        touch_rows.sort(key=lambda r: r[1])
        load.insert("touch", ("prospect_id", "at", "channel", "outcome", "minutes", "note"), touch_rows)
        # -- meetings and deals ---------------------------------------------------------------
        meeting_rows: list[tuple[Any, ...]] = []
        deal_rows: list[tuple[Any, ...]] = []
        had_first: set[int] = set()
        won_by: dict[int, datetime] = {}
        for pid, at in booked:
            when = local_wall(
                (at + timedelta(days=rng.randint(1, 9))).astimezone(tz).date(),
                time(rng.choice((9, 10, 11, 14, 15, 16)), 0),
                tz,
            )
            kind = "first" if pid not in had_first else rng.choice(("follow_up", "demo", "site_visit", "proposal"))
            had_first.add(pid)
            goal = rng.choice(("demo", "trial", "evaluation", "proposal", "site_visit"))
            if when > now:
                meeting_rows.append((pid, to_db(when), kind, goal, "scheduled", None, None))
                continue
            if when > now - timedelta(days=3) and rng.random() < 0.5:
                meeting_rows.append((pid, to_db(when), kind, goal, "scheduled", None, None))  # still needs an outcome
                continue
            r = rng.random()
            status = "held" if r < 0.84 else "no_show" if r < 0.93 else "cancelled" if r < 0.98 else "rescheduled"
            m_outcome: str | None = None
            if status == "held":
                q = rng.random() + 0.15 * (fitness[pid - 1] - 0.6)
                m_outcome = "advanced" if q < 0.62 else "no_decision" if q < 0.88 else "disqualified"
            meeting_rows.append(
                (pid, to_db(when), kind, goal, status, m_outcome, "send proposal" if m_outcome == "advanced" else None)
            )
            if kind == "first" and m_outcome == "advanced":
                emp = prospects[pid - 1][9] or 50
                value = int(round(rng.uniform(0.6, 1.4) * (6000 + 30 * min(emp, 2000)), -2)) * 100
                opened = when
                proposal = opened + timedelta(days=rng.randint(2, 18)) if rng.random() < 0.7 else None
                closed = status_ = reason = None
                if proposal is not None and proposal > now:
                    proposal = None
                if proposal is not None:
                    close_at = proposal + timedelta(days=rng.randint(7, 45))
                    if close_at <= now:
                        win = rng.random() < 0.38 + 0.25 * (fitness[pid - 1] - 0.6)
                        closed, status_ = close_at, "won" if win else "lost"
                        reason = None if win else LOST[rng.randrange(len(LOST))]
                elif opened + timedelta(days=40) < now and rng.random() < 0.5:
                    closed, status_, reason = (
                        opened + timedelta(days=40),
                        "lost",
                        rng.choice(("ghosted", "no_decision")),
                    )
                deal_rows.append(
                    (
                        pid,
                        f"{rng.choice(('Platform', 'Pilot', 'Annual plan', 'Expansion', 'Starter'))} licence",
                        value,
                        to_db(opened),
                        to_db(proposal) if proposal else None,
                        value if proposal else None,
                        to_db(closed) if closed else None,
                        status_ or "open",
                        reason,
                    )  # fmt: skip
                )
                if status_ == "won" and closed is not None:
                    won_by[pid] = closed
        load.insert("meeting", ("prospect_id", "at", "kind", "goal", "status", "outcome", "next_step"), meeting_rows)
        load.insert(
            "deal",
            ("prospect_id", "title", "value_cents", "opened_at", "proposal_at", "proposal_value_cents", "closed_at",
             "status", "lost_reason"),
            deal_rows,
        )  # fmt: skip
        _demo_followups(load, touch_rows, meeting_rows, tz, today, now, rng)
        for pid, closed in list(won_by.items())[::9]:
            churn = closed + timedelta(days=rng.randint(60, 300))
            if churn < now:
                load.update("prospect", pid, {"churned_at": to_db(churn)})
        # -- target, ICP, settings ------------------------------------------------------------
        q = (today.month - 1) // 3 + 1
        qstart = date(today.year, 3 * q - 2, 1)
        qend = (date(today.year + (q == 4), (3 * q) % 12 + 1, 1)) - timedelta(days=1)
        revenue, avg_deal = _quarter_target(store, tz, today, qstart, qend, per_day)
        load.insert(
            "target",
            ("period", "start", "end", "revenue_cents", "avg_deal_cents", "daily_goal", "workdays", "off_dates"),
            [
                (
                    f"{today.year}-Q{q}",
                    qstart.isoformat(),
                    qend.isoformat(),
                    revenue,
                    avg_deal,
                    None,
                    "mon,tue,wed,thu,fri",
                    "",
                )
            ],  # fmt: skip
        )
        criteria = [
            (
                "industry",
                "Industry",
                "choice",
                "industry",
                json.dumps(["software", "fintech", "logistics"]),
                None,
                None,
                None,
            ),
            ("company_size", "Company size", "range", "employees", None, 51.0, 1000.0, None),
            ("decision_maker", "Decision maker", "min_seniority", None, None, None, None, "director"),
            ("region", "Region", "choice", "region", json.dumps(["EMEA", "NA"]), None, None, None),
            ("budget_confirmed", "Budget confirmed", "manual", None, None, None, None, None),
        ]
        load.insert(
            "icp_criterion", ("key", "label", "rule", "field", "choices", "min_value", "max_value", "level"), criteria
        )
        budget_id = load.id_of("icp_criterion", "budget_confirmed")
        answers = [(pid, budget_id, 1 if rng.random() < 0.6 else 0) for pid in sorted(had_first) if rng.random() < 0.7]
        load.insert("icp_answer", ("prospect_id", "criterion_id", "value"), answers)
        load.insert(
            "setting",
            ("key", "value"),
            [("rep_name", "Alex Rivera"), ("currency", "USD"), ("timezone", getattr(tz, "key", "UTC"))],
        )
    store.close()
    return {
        "prospects": n_prospects,
        "touches": len(touch_rows),
        "meetings": len(meeting_rows),
        "deals": len(deal_rows),
    }


def _demo_followups(
    load: BulkLoad,
    touch_rows: list[tuple[Any, ...]],
    meeting_rows: list[tuple[Any, ...]],
    tz: tzinfo,
    today: date,
    now: datetime,
    rng: random.Random,
) -> None:
    """The follow-ups the last 60 days of touches left: done by the prospect's next touch (mostly on
    time), the latest one still open, by the follow-up cadence (Mon–Fri, as the demo's target)."""
    from repdesk.domain.dates import MON_FRI
    from repdesk.domain.vocab import OUTCOME_CADENCE, SETTING_DEFAULTS

    since = to_db(local_wall(today - timedelta(days=60), time(0, 0), tz))
    scheduled = {m[0] for m in meeting_rows if m[4] == "scheduled"}
    latest: dict[int, tuple[int, tuple[Any, ...]]] = {}
    rows: list[tuple[Any, ...]] = []
    first = next((i for i, r in enumerate(touch_rows) if r[1] >= since), len(touch_rows))
    for i in range(first, len(touch_rows)):
        r = touch_rows[i]
        pid = r[0]
        if pid in latest:
            tid, prev = latest[pid]
            due = _cadence_due(prev, tz, MON_FRI, SETTING_DEFAULTS, OUTCOME_CADENCE)
            if due is not None:
                rows.append((pid, due.isoformat(), None, prev[2], None, "done", 1, "outcome", tid, None, i + 1,
                             prev[1], r[1]))  # fmt: skip
        latest[pid] = (i + 1, r)
    from repdesk.domain.vocab import HIT_OUTCOMES

    streak: dict[int, int] = {}  # touches in a row without a hit: an exhausted sequence gets no follow-up
    for r in touch_rows:
        streak[r[0]] = 0 if r[3] in HIT_OUTCOMES else streak.get(r[0], 0) + 1
    cap = int(SETTING_DEFAULTS["cadence.max_attempts"])
    for pid, (tid, r) in latest.items():
        due = _cadence_due(r, tz, MON_FRI, SETTING_DEFAULTS, OUTCOME_CADENCE)
        late = due is not None and due < today - timedelta(days=rng.choice((1, 2, 3, 30)))
        if due is None or streak[pid] >= cap or pid in scheduled or late:
            continue
        rows.append((pid, due.isoformat(), None, r[2], None, "open", 1, "outcome", tid, None, None, r[1], None))
    load.insert(
        "followup",
        ("prospect_id", "due", "time", "channel", "note", "status", "auto", "origin", "touch_id", "meeting_id",
         "closed_by", "created_at", "done_at"),
        rows,
    )  # fmt: skip


def _cadence_due(touch: tuple[Any, ...], tz: tzinfo, cal: Any, defaults: Any, table: Any) -> date | None:
    rule = table[touch[3]]
    if rule is None:
        return None
    day = from_db(touch[1]).astimezone(tz).date()
    n = int(defaults[rule[0]])
    return cal.add(day, n) if rule[1] else day + timedelta(days=n)


def _quarter_target(
    store: Store, tz: tzinfo, today: date, first: date, last: date, per_day: float
) -> tuple[int, int | None]:
    """A stretching quarterly target (its daily goal a fifth above the demo's daily activity), and the
    average deal to set on it when no deal won in the last year gives one — so the demo always has a goal."""
    from repdesk.domain.plan import STEPS, touches_per_deal
    from repdesk.figures.outcomes import average_deal_cents
    from repdesk.figures.plan import funnel_for

    settings = store.settings()
    rates = funnel_for(store, tz, today, 90, settings).rates
    tpd = touches_per_deal({s: rates[s].used for s in STEPS})
    observed = average_deal_cents(store, tz, today)
    avg = observed or 25_000_00
    workdays = sum(1 for i in range((last - first).days + 1) if (first + timedelta(days=i)).weekday() < 5)
    revenue = per_day * 1.2 * workdays / tpd * avg
    return max(10_000_00, int(round(revenue, -6))), None if observed else int(avg)


def _upto(created: list[date], day: date) -> int:
    """How many prospects exist on ``day`` (``created`` is sorted)."""
    import bisect

    return bisect.bisect_right(created, day)
