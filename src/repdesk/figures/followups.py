"""Follow-ups as lists, the day's queue (``repdesk next``) and the follow-up figures of review and
the weekly summary. Lean on purpose: ``next`` is run from a key binding all day."""

from __future__ import annotations

from datetime import date, timedelta, tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import Window, day_start, iso_local, local_date, to_db
from repdesk.domain.record import figure
from repdesk.domain.vocab import DAY_NAMES, SETTING_DEFAULTS
from repdesk.figures.sequence import attempts_since_hit, overdue_count, suggested_channel

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

GRADE_ORDER = {"A": 0, "B": 1, "C": 2, None: 3}
SECTIONS = ("meeting", "outcome", "overdue", "due", "suggested")
MIN_HOUR_TOUCHES = 20


def _setting_int(settings: dict[str, str], key: str) -> int:
    try:
        return int(settings.get(key) or SETTING_DEFAULTS[key])
    except ValueError:
        return int(SETTING_DEFAULTS[key])


# -- single prospects ---------------------------------------------------------------------------


@figure
class Sequence:
    """A prospect's outreach sequence: touches since the last hit, against the attempt cap."""

    attempts: int
    max_attempts: int

    @property
    def exhausted(self) -> bool:
        return self.attempts >= self.max_attempts

    def to_json(self) -> dict[str, Any]:
        return {"attempts": self.attempts, "max_attempts": self.max_attempts, "exhausted": self.exhausted}


def sequence_of(store: Store, prospect_id: int) -> Sequence:
    """The sequence state of one prospect (``exhausted`` at ``cadence.max_attempts`` touches without a hit)."""
    return Sequence(attempts_since_hit(store, prospect_id), _setting_int(store.settings(), "cadence.max_attempts"))


# -- follow-ups as records ----------------------------------------------------------------------


@figure
class FollowupRow:
    """One follow-up, as ``followup … --json`` prints it."""

    id: int
    prospect_id: int
    company: str
    due: str
    time: str | None
    channel: str
    note: str | None
    status: str
    auto: bool
    origin: str
    created_at: str | None
    done_at: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "prospect_id": self.prospect_id,
            "company": self.company,
            "due": self.due,
            "time": self.time,
            "channel": self.channel,
            "note": self.note,
            "status": self.status,
            "auto": self.auto,
            "created_at": self.created_at,
            "done_at": self.done_at,
        }


_FOLLOWUP_SQL = "SELECT f.*, p.company FROM followup f JOIN prospect p ON p.id = f.prospect_id"


def _followup(r: Any, tz: tzinfo) -> FollowupRow:
    return FollowupRow(
        id=r["id"],
        prospect_id=r["prospect_id"],
        company=r["company"],
        due=r["due"],
        time=r["time"],
        channel=r["channel"],
        note=r["note"],
        status=r["status"],
        auto=bool(r["auto"]),
        origin=r["origin"],
        created_at=iso_local(r["created_at"], tz),
        done_at=iso_local(r["done_at"], tz),
    )


def followup(store: Store, fid: int, tz: tzinfo) -> FollowupRow:
    """One follow-up by id (it must exist)."""
    return _followup(store.one(_FOLLOWUP_SQL + " WHERE f.id = ?", (fid,)), tz)


def followups(store: Store, tz: tzinfo, day: date, mode: str = "today") -> list[FollowupRow]:
    """``today``: open, due on or before ``day``; ``overdue``: open, due before it; ``date``: open,
    due on it; ``all``: every follow-up with its status. Soonest due first (timed before untimed)."""
    iso = day.isoformat()
    order = " ORDER BY f.due, f.time IS NULL, f.time, f.id"
    if mode == "all":
        rows = store.all(_FOLLOWUP_SQL + order)
    else:
        op = {"today": "<=", "overdue": "<", "date": "="}[mode]
        rows = store.all(_FOLLOWUP_SQL + f" WHERE f.status = 'open' AND f.due {op} ?" + order, (iso,))
    return [_followup(r, tz) for r in rows]


def prospect_followups(store: Store, prospect_id: int, tz: tzinfo) -> list[FollowupRow]:
    """A prospect's open follow-ups, soonest first."""
    rows = store.all(
        _FOLLOWUP_SQL + " WHERE f.prospect_id = ? AND f.status = 'open' ORDER BY f.due, f.time IS NULL, f.time, f.id",
        (prospect_id,),
    )
    return [_followup(r, tz) for r in rows]


def next_due(store: Store) -> dict[int, str]:
    """Each prospect's earliest open follow-up day (for the Prospects table's "next step")."""
    return {
        r[0]: r[1] for r in store.all("SELECT prospect_id, MIN(due) FROM followup WHERE status = 'open' GROUP BY 1")
    }


# -- the queue ----------------------------------------------------------------------------------


@figure
class QueueItem:
    """One row of the day's work list: who, how and why."""

    section: str
    prospect_id: int
    company: str
    contact: str | None
    reach: str | None  # the phone number or e-mail address to use
    channel: str
    due: str | None
    time: str | None
    followup_id: int | None
    meeting_id: int | None
    icp_grade: str | None
    attempts: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "prospect_id": self.prospect_id,
            "company": self.company,
            "contact": self.contact,
            "reach": self.reach,
            "channel": self.channel,
            "due": self.due,
            "time": self.time,
            "followup_id": self.followup_id,
            "meeting_id": self.meeting_id,
            "icp_grade": self.icp_grade,
            "attempts": self.attempts,
            "reason": self.reason,
        }


@figure
class Queue:
    """The day's ranked work list (``repdesk next``, the Today screen)."""

    date: str
    daily_goal: int | None
    done_today: int
    items: tuple[QueueItem, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "daily_goal": self.daily_goal,
            "done_today": self.done_today,
            "items": [i.to_json() for i in self.items],
        }


class _Grader:
    """ICP grades of prospects, criteria and answers loaded once."""

    def __init__(self, store: Store) -> None:
        from repdesk.domain.icp import compile_rules

        self.criteria = compile_rules(store.all("SELECT * FROM icp_criterion ORDER BY id"))  # parsed once
        self.store = store
        self._answers: dict[int, dict[int, bool]] | None = None

    def grade(self, p: Any) -> str | None:
        if not self.criteria:
            return None
        from repdesk.domain.icp import fit_grade

        if self._answers is None:
            self._answers = {}
            for a in self.store.all("SELECT prospect_id, criterion_id, value FROM icp_answer"):
                self._answers.setdefault(a[0], {})[a[1]] = bool(a[2])
        return fit_grade(self.criteria, p, self._answers.get(p["id"], {}))[1]


def _reach(p: Any, channel: str) -> str | None:
    first, second = ("email", "phone") if channel == "email" else ("phone", "email")
    value = p[first] or p[second]
    return None if value is None else str(value)


def _last_touch(store: Store, pid: int) -> Any:
    return store.one(
        "SELECT at, channel, outcome FROM touch WHERE prospect_id = ? ORDER BY at DESC, id DESC LIMIT 1", (pid,)
    )


def _why(parts: list[str], attempts: int, grade: str | None) -> str:
    if attempts:
        parts.append(f"attempt {attempts + 1}")
    if grade:
        parts.append(f"ICP {grade}")
    return " · ".join(parts)


def queue(
    store: Store,
    tz: tzinfo,
    day: date,
    *,
    daily_goal: int | None,
    done_today: int,
    limit: int | None = None,
) -> Queue:
    """The queue for ``day`` in its sections and order: meetings that day, meetings
    needing an outcome, overdue and due follow-ups, then suggestions up to the gap to the goal."""
    w = Window.of(day, day, tz)
    grader = _Grader(store)
    prospects: dict[int, Any] = {}

    def prospect(pid: int) -> Any:
        if pid not in prospects:
            prospects[pid] = store.one("SELECT * FROM prospect WHERE id = ?", (pid,))
        return prospects[pid]

    items: list[QueueItem] = []

    def full() -> bool:
        return limit is not None and len(items) >= limit

    for section, sql, params in (
        ("meeting", "status = 'scheduled' AND at >= ? AND at < ? ORDER BY at, id", (w.lo, w.hi)),
        ("outcome", "status = 'scheduled' AND at < ? ORDER BY at, id", (w.lo,)),
    ):
        for m in store.all("SELECT id, prospect_id, at, kind FROM meeting WHERE " + sql, params):
            if full():
                break
            p = prospect(m["prospect_id"])
            local = iso_local(m["at"], tz) or ""
            grade = grader.grade(p)
            channel = suggested_channel(store, p)
            if section == "meeting":
                why = f"{m['kind'].replace('_', ' ')} meeting at {local[11:16]}"
            else:
                d = date.fromisoformat(local[:10])
                why = f"{m['kind'].replace('_', ' ')} meeting {DAY_NAMES[d.weekday()]} {local[5:10]}: outcome?"
            items.append(
                QueueItem(
                    section, p["id"], p["company"], p["contact"], _reach(p, channel), channel, local[:10],
                    local[11:16], None, m["id"], grade, 0, _why([why], 0, grade),
                )
            )  # fmt: skip

    followup_rows = 0
    for section, op in (("overdue", "<"), ("due", "=")):
        rows = store.all(
            f"SELECT * FROM followup WHERE status = 'open' AND due {op} ? ORDER BY due, time IS NULL, time, id",
            (day.isoformat(),),
        )
        followup_rows += len(rows)
        keyed = []
        for f in rows:
            p = prospect(f["prospect_id"])
            grade = grader.grade(p)
            if section == "overdue":
                key: tuple[Any, ...] = (
                    f["due"],
                    GRADE_ORDER[grade],
                    p["id"],
                    f["time"] is None,
                    f["time"] or "",
                    f["id"],
                )
            else:
                key = (f["time"] is None, f["time"] or "", GRADE_ORDER[grade], p["id"], f["id"])
            keyed.append((key, f, p, grade))
        keyed.sort(key=lambda k: k[0])
        for _, f, p, grade in keyed:
            if full():
                break
            attempts = attempts_since_hit(store, p["id"])
            last = _last_touch(store, p["id"])
            parts = []
            if f["note"]:
                parts.append(f["note"].splitlines()[0][:40])
            elif last is not None and f["auto"]:
                d = local_date(last["at"], tz)
                parts.append(f"{last['outcome'].replace('_', ' ')} {DAY_NAMES[d.weekday()]}")
            else:
                parts.append("follow-up")
            if section == "overdue":
                late = (day - date.fromisoformat(f["due"])).days
                parts.append(f"{late}d late")
            items.append(
                QueueItem(
                    section, p["id"], p["company"], p["contact"], _reach(p, f["channel"]), f["channel"], f["due"],
                    f["time"], f["id"], None, grade, attempts, _why(parts, attempts, grade),
                )
            )  # fmt: skip

    if daily_goal is not None and not full():
        gap = daily_goal - done_today - followup_rows
        if limit is not None:
            gap = min(gap, limit - len(items))
        if gap > 0:
            items.extend(_suggestions(store, tz, day, gap, grader))
    return Queue(day.isoformat(), daily_goal, done_today, tuple(items))


_CANDIDATES_SQL = """
SELECT p.*, (SELECT MAX(t.at) FROM touch t WHERE t.prospect_id = p.id) AS last_at
FROM prospect p
WHERE NOT p.archived
  AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.prospect_id = p.id AND f.status = 'open')
  AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.prospect_id = p.id AND m.status = 'scheduled')
"""


def _suggestions(store: Store, tz: tzinfo, day: date, need: int, grader: _Grader) -> list[QueueItem]:
    """Up to ``need`` prospects to reach: best ICP grade, then longest since the last touch (never
    touched first), then lowest id; skipping the disqualified, those recently not interested or
    with an exhausted sequence, and customers not yet due a stay-in-touch touch."""
    settings = store.settings()
    recycle_from = to_db(day_start(day - timedelta(days=_setting_int(settings, "cadence.recycle")), tz))
    customer_days = _setting_int(settings, "cadence.customer")
    customer_from = to_db(day_start(day - timedelta(days=customer_days), tz))
    max_attempts = _setting_int(settings, "cadence.max_attempts")
    cands = store.all(_CANDIDATES_SQL)
    ranked = sorted(cands, key=lambda r: (GRADE_ORDER[grader.grade(r)], r["last_at"] or "", r["id"]))
    out: list[QueueItem] = []
    for p in ranked:
        if len(out) >= need:
            break
        pid, last_at = p["id"], p["last_at"]
        held = store.scalar(
            "SELECT outcome FROM meeting WHERE prospect_id = ? AND status = 'held' ORDER BY at DESC, id DESC LIMIT 1",
            (pid,),
        )
        if held == "disqualified":
            continue
        attempts = 0
        if last_at is not None and last_at >= recycle_from:
            if store.one(
                "SELECT 1 FROM touch WHERE prospect_id = ? AND outcome = 'not_interested' AND at >= ? LIMIT 1",
                (pid, recycle_from),
            ):
                continue
            attempts = attempts_since_hit(store, pid)
            if attempts >= max_attempts:
                continue
        elif last_at is not None:
            attempts = attempts_since_hit(store, pid)
        customer = (
            store.one("SELECT 1 FROM deal WHERE prospect_id = ? AND status = 'won' LIMIT 1", (pid,)) is not None
            and not p["churned_at"]
        )
        if customer and last_at is not None and last_at >= customer_from:
            continue
        grade = grader.grade(p)
        channel = suggested_channel(store, p)
        if last_at is None:
            parts = ["never touched"]
        else:
            ago = (day - local_date(last_at, tz)).days
            parts = [("customer: " if customer else "") + f"last touch {ago} day{'s' if ago != 1 else ''} ago"]
        out.append(
            QueueItem(
                "suggested", pid, p["company"], p["contact"], _reach(p, channel), channel, None, None, None, None,
                grade, attempts, _why(parts, attempts, grade),
            )
        )  # fmt: skip
    return out


# -- figures for review and the weekly summary --------------------------------------------------


@figure
class Discipline:
    """Follow-ups due in a window, those done on or before their due day (cancelled ones excluded),
    their ratio (null with none due), and the open ones due before the window's last day."""

    followups_due: int
    followups_on_time: int
    followup_discipline: float | None
    overdue: int


def discipline(store: Store, tz: tzinfo, w: Window, overdue_on: date | None = None) -> Discipline:
    """Follow-up discipline over a window, and the open follow-ups due before ``overdue_on`` (default
    the window's last day)."""
    due = on_time = 0
    bounds: dict[str, str] = {}
    for d, status, done_at in store.all(
        "SELECT due, status, done_at FROM followup WHERE status IN ('open', 'done') AND due >= ? AND due <= ?",
        (w.first.isoformat(), w.last.isoformat()),
    ):
        due += 1
        if status == "done" and done_at is not None:
            if d not in bounds:
                bounds[d] = to_db(day_start(date.fromisoformat(d) + timedelta(days=1), tz))
            on_time += str(done_at)[:26] < bounds[d]
    rate = None if not due else round(on_time / due, 6)
    return Discipline(due, on_time, rate, overdue_count(store, overdue_on or w.last))


@figure
class HourRow:
    """Touches and hits in one hour of the wall clock."""

    hour: int
    touches: int
    hits: int
    hit_rate: float | None


@figure
class Hours:
    """Hit rate by hour of day (wall clock), and the best hour: the highest hit rate among hours
    with at least 20 touches (ties: the earlier hour)."""

    rows: tuple[HourRow, ...]
    best_hour: int | None


def hours(store: Store, tz: tzinfo, w: Window) -> Hours:
    """Touches and hits per local hour over a window."""
    from repdesk.figures.activity import local_groups

    counts = [[0, 0] for _ in range(24)]
    for (hour,), (n, hits, _) in local_groups(store, tz, w, lambda t: (t.hour,)).items():
        counts[hour] = [n, hits]
    rows = tuple(HourRow(h, n, hits, None if not n else round(hits / n, 6)) for h, (n, hits) in enumerate(counts))
    best, rate = None, -1.0
    for h, (n, hits) in enumerate(counts):
        if n >= MIN_HOUR_TOUCHES and hits / n > rate:
            best, rate = h, hits / n
    return Hours(rows, best)
