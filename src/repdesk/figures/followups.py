"""Follow-ups as lists, the day's queue (``repdesk next``) and the follow-up figures of review and
the weekly summary. Lean on purpose: ``next`` is run from a key binding all day."""

from __future__ import annotations

from datetime import date, timedelta, tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import Window, day_start, from_db, iso_local, local_date, to_db
from repdesk.domain.record import figure
from repdesk.domain.vocab import DAY_NAMES, ICP_NUMERIC_FIELDS, ICP_TEXT_FIELDS, SETTING_DEFAULTS
from repdesk.figures.sequence import attempts_since_hit, channel_after, overdue_count, state_sql

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
    """ICP grades of prospects: criteria parsed once, the manual answers read once, each prospect
    graded once."""

    def __init__(self, store: Store) -> None:
        from repdesk.domain.icp import Grading, compile_rules

        self.criteria = compile_rules(store.all("SELECT * FROM icp_criterion ORDER BY id"))  # parsed once
        self._grading = Grading(self.criteria)
        self.store = store
        #: only a manual criterion reads an answer; without one there is nothing to read
        self._manual = tuple(r.id for r in self.criteria if r.rule == "manual")
        self._answers: dict[int, dict[int, bool]] = {}
        self._answered: set[int] | None = set()  # the prospects whose answers are read; None: every one
        self._grades: dict[int, str | None] = {}
        #: the prospect columns a queue row reads: who, how to reach them, and what the rules read
        read = {r.field for r in self.criteria}
        self.columns = ", ".join(
            f"p.{c}"
            for c in dict.fromkeys(
                ("id", "company", "contact", "phone", "email", *(f for f in _ICP_FIELDS if f in read))
            )
        )

    def read_answers(self, ids: set[int] | None) -> None:
        """Read the manual answers of these prospects (``None``: of every prospect)."""
        if not self._manual or self._answered is None:
            return
        manual = ",".join("?" * len(self._manual))
        sql = f"SELECT prospect_id, criterion_id, value FROM icp_answer WHERE criterion_id IN ({manual})"
        if ids is None:
            chunks: list[tuple[int, ...]] = [()]
            self._answers.clear()
            self._answered = None
        else:
            todo = sorted(ids - self._answered)
            chunks = [tuple(todo[i : i + _CHUNK]) for i in range(0, len(todo), _CHUNK)]
            self._answered.update(todo)
        for chunk in chunks:
            where = f" AND prospect_id IN ({','.join('?' * len(chunk))})" if chunk else ""
            for pid, cid, value in self.store.all(sql + where, (*self._manual, *chunk)):
                self._answers.setdefault(pid, {})[cid] = bool(value)

    def grade(self, p: Any) -> str | None:
        if not self.criteria:
            return None
        pid = p["id"]
        if pid in self._grades:
            return self._grades[pid]
        if self._answered is not None and pid not in self._answered:
            self.read_answers({pid})
        grade = self._grades[pid] = self._grading.fit_grade(p, self._answers.get(pid, _NONE))[1]
        return grade


_NONE: dict[int, bool] = {}


def _reach(p: Any, channel: str) -> str | None:
    first, second = ("email", "phone") if channel == "email" else ("phone", "email")
    value = p[first] or p[second]
    return None if value is None else str(value)


def _why(parts: list[str], attempts: int, grade: str | None) -> str:
    if attempts:
        parts.append(f"attempt {attempts + 1}")
    if grade:
        parts.append(f"ICP {grade}")
    return " · ".join(parts)


#: prospects read at once by id (under SQLite's and PostgreSQL's limits on parameters)
_CHUNK = 500

_ICP_FIELDS = (*ICP_TEXT_FIELDS, *ICP_NUMERIC_FIELDS)
#: what a suggestion and an ICP rule read of a prospect (never its long free text)
_COLUMNS = ", ".join(
    f"p.{c}" for c in dict.fromkeys(("id", "company", "contact", "phone", "email", "churned_at", *_ICP_FIELDS))
)
#: each prospect with its latest touch and attempts (:func:`repdesk.figures.sequence.state_sql`)
_STATE_SQL = "SELECT {columns}, {state} FROM prospect p {join} WHERE p.id IN ({marks})"


class _Prospects:
    """Prospects read by id, each once with its sequence state, one statement per 500 prospects:
    the candidates for suggestions, checked a batch at a time."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.rows: dict[int, Any] = {}
        self.attempts: dict[int, int] = {}
        self.last: dict[int, Any] = {}  # the latest touch: (id, at, channel, outcome)

    def load(self, ids: set[int]) -> None:
        """Read these prospects, their latest touch and their attempts."""
        state, join = state_sql(self.store)
        todo = sorted(i for i in ids if i not in self.rows)
        for i in range(0, len(todo), _CHUNK):
            chunk = tuple(todo[i : i + _CHUNK])
            sql = _STATE_SQL.format(columns=_COLUMNS, state=state, join=join, marks=",".join("?" * len(chunk)))
            for r in self.store.all(sql, chunk):
                pid = r["id"]
                self.rows[pid] = r
                self.attempts[pid] = r["attempts"]
                if r["touch_id"] is not None:
                    self.last[pid] = (r["touch_id"], r["touch_at"], r["touch_channel"], r["touch_outcome"])

    def channel(self, p: Any) -> str:
        """:func:`suggested_channel` from what is loaded."""
        last = self.last.get(p["id"])
        return channel_after(None if last is None else last[2], p)


#: each section's rows with their prospect and its sequence state, in one statement
_MEETINGS_SQL = (
    "SELECT m.id AS meeting_id, m.at AS meeting_at, m.kind AS meeting_kind, {columns}, {state}"
    " FROM meeting m JOIN prospect p ON p.id = m.prospect_id {join}"
    " WHERE m.status = 'scheduled' AND {where} ORDER BY m.at, m.id"
)
_FOLLOWUPS_SQL = (
    "SELECT f.id AS followup_id, f.due AS followup_due, f.time AS followup_time, f.channel AS followup_channel,"
    " f.note AS followup_note, f.auto AS followup_auto, {columns}, {state}"
    " FROM followup f JOIN prospect p ON p.id = f.prospect_id {join}"
    " WHERE f.status = 'open' AND f.due {op} ?"
)


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
    state, join = state_sql(store)
    # rows as dicts: a queue row reads each of its fields, and a row finds a name by a scan of its columns
    meetings = [
        (section, m)
        for section, where, params in (
            ("meeting", "m.at >= ? AND m.at < ?", (w.lo, w.hi)),
            ("outcome", "m.at < ?", (w.lo,)),
        )
        for m in store.mappings(
            _MEETINGS_SQL.format(columns=grader.columns, state=state, join=join, where=where)
            + ("" if limit is None else f" LIMIT {int(limit)}"),
            params,
        )
    ]
    followups = [
        (section, f)
        for section, op in (("overdue", "<"), ("due", "="))
        for f in store.mappings(
            _FOLLOWUPS_SQL.format(columns=grader.columns, state=state, join=join, op=op), (day.isoformat(),)
        )
    ]
    if limit is not None:
        meetings = meetings[:limit]
    grader.read_answers({m["id"] for _, m in meetings} | {f["id"] for _, f in followups})
    items: list[QueueItem] = []
    add, grade_of = items.append, grader.grade  # looked up once: a dense day has thousands of rows

    for section, p in meetings:
        at = from_db(p["meeting_at"]).astimezone(tz)
        local = at.isoformat(timespec="seconds")
        grade = grade_of(p)
        channel = channel_after(p["touch_channel"], p)
        kind = p["meeting_kind"].replace("_", " ")
        if section == "meeting":
            why = f"{kind} meeting at {local[11:16]}"
        else:
            why = f"{kind} meeting {DAY_NAMES[at.weekday()]} {local[5:10]}: outcome?"
        add(
            QueueItem(
                section, p["id"], p["company"], p["contact"], _reach(p, channel), channel, local[:10],
                local[11:16], None, p["meeting_id"], grade, 0, _why([why], 0, grade),
            )
        )  # fmt: skip

    for section in ("overdue", "due"):
        keyed = []
        for _, p in (x for x in followups if x[0] == section):
            grade = grade_of(p)
            due, time = p["followup_due"], p["followup_time"]
            if section == "overdue":
                key: tuple[Any, ...] = (due, GRADE_ORDER[grade], p["id"], time is None, time or "", p["followup_id"])
            else:
                key = (time is None, time or "", GRADE_ORDER[grade], p["id"], p["followup_id"])
            keyed.append((key, p, grade))
        keyed.sort(key=lambda k: k[0])
        if limit is not None:
            keyed = keyed[: max(0, limit - len(items))]
        for _, p, grade in keyed:
            attempts = p["attempts"]
            note, due = p["followup_note"], p["followup_due"]
            if note:
                parts = [note.splitlines()[0][:40]]
            elif p["touch_at"] is not None and p["followup_auto"]:
                d = local_date(p["touch_at"], tz)
                parts = [f"{p['touch_outcome'].replace('_', ' ')} {DAY_NAMES[d.weekday()]}"]
            else:
                parts = ["follow-up"]
            if section == "overdue":
                parts.append(f"{(day - date.fromisoformat(due)).days}d late")
            channel = p["followup_channel"]
            add(
                QueueItem(
                    section, p["id"], p["company"], p["contact"], _reach(p, channel), channel, due,
                    p["followup_time"], p["followup_id"], None, grade, attempts, _why(parts, attempts, grade),
                )
            )  # fmt: skip

    if daily_goal is not None and (limit is None or len(items) < limit):
        gap = daily_goal - done_today - len(followups)
        if limit is not None:
            gap = min(gap, limit - len(items))
        if gap > 0:
            items.extend(_suggestions(store, tz, day, gap, grader))
    return Queue(day.isoformat(), daily_goal, done_today, tuple(items))


_CANDIDATES_SQL = """
SELECT p.*, {last} AS last_at
FROM prospect p
WHERE NOT p.archived
  AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.prospect_id = p.id AND f.status = 'open')
  AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.prospect_id = p.id AND m.status = 'scheduled')
"""


def _suggestions(store: Store, tz: tzinfo, day: date, need: int, grader: _Grader) -> list[QueueItem]:
    """Up to ``need`` prospects to reach: best ICP grade, then longest since the last touch (never
    touched first), then lowest id; skipping the disqualified, those recently not interested or
    with an exhausted sequence, and customers not yet due a stay-in-touch touch.

    The ranked candidates are checked a batch at a time, a few statements per batch."""
    settings = store.settings()
    recycle_from = to_db(day_start(day - timedelta(days=_setting_int(settings, "cadence.recycle")), tz))
    customer_days = _setting_int(settings, "cadence.customer")
    customer_from = to_db(day_start(day - timedelta(days=customer_days), tz))
    max_attempts = _setting_int(settings, "cadence.max_attempts")
    kept = store.touch_totals  # prospect_state kept by triggers (migration 0011)
    last = "SELECT s.last_at FROM prospect_state s" if kept else "SELECT MAX(t.at) FROM touch t"
    cands = store.all(_CANDIDATES_SQL.format(last=f"({last} WHERE {'s' if kept else 't'}.prospect_id = p.id)"))
    grader.read_answers(None)  # every candidate is graded to rank them
    ranked = sorted(cands, key=lambda r: (GRADE_ORDER[grader.grade(r)], r["last_at"] or "", r["id"]))
    known = _Prospects(store)
    out: list[QueueItem] = []
    step = max(2 * need, 50)
    for start in range(0, len(ranked), step):
        if len(out) >= need:
            break
        batch = ranked[start : start + step]
        ids = tuple(p["id"] for p in batch)
        known.load(set(ids))
        marks = ",".join("?" * len(ids))
        latest_held: dict[int, tuple[int, str | None]] = {}
        for pid, mid, outcome in store.all(
            "SELECT m.prospect_id, m.id, m.outcome FROM meeting m WHERE m.prospect_id IN (" + marks + ")"
            " AND m.status = 'held' AND m.at = (SELECT MAX(x.at) FROM meeting x WHERE x.prospect_id = m.prospect_id"
            " AND x.status = 'held')",
            ids,
        ):
            if pid not in latest_held or mid > latest_held[pid][0]:  # ties: the later id
                latest_held[pid] = (mid, outcome)
        not_interested = {
            r[0]
            for r in store.all(
                "SELECT DISTINCT prospect_id FROM touch WHERE prospect_id IN (" + marks + ")"
                " AND outcome = 'not_interested' AND at >= ?",
                (*ids, recycle_from),
            )
        }
        won = {
            r[0]
            for r in store.all(
                "SELECT DISTINCT prospect_id FROM deal WHERE prospect_id IN (" + marks + ") AND status = 'won'", ids
            )
        }
        for p in batch:
            if len(out) >= need:
                break
            pid, last_at = p["id"], p["last_at"]
            if pid in latest_held and latest_held[pid][1] == "disqualified":
                continue
            attempts = known.attempts.get(pid, 0) if last_at is not None else 0
            if last_at is not None and last_at >= recycle_from and (pid in not_interested or attempts >= max_attempts):
                continue
            customer = pid in won and not p["churned_at"]
            if customer and last_at is not None and last_at >= customer_from:
                continue
            grade = grader.grade(p)
            channel = known.channel(p)
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


#: one due day's follow-ups, and those done before the bound (the next day's start in the rep's zone)
_DISCIPLINE_SQL = (
    "SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN status = 'done' AND done_at < ? THEN 1 ELSE 0 END), 0) AS done"
    " FROM followup WHERE status IN ('open', 'done') AND due = ?"
)
_DAYS_PER_QUERY = 100


def discipline(store: Store, tz: tzinfo, w: Window, overdue_on: date | None = None) -> Discipline:
    """Follow-up discipline over a window, and the open follow-ups due before ``overdue_on`` (default
    the window's last day)."""
    due = on_time = 0
    # counted in SQL a due day at a time: done on time means done before the day after it began,
    # in the rep's zone (a bound computed here, so the SQL stays portable)
    days = [w.first + timedelta(days=i) for i in range((w.last - w.first).days + 1)]
    for i in range(0, len(days), _DAYS_PER_QUERY):
        chunk = days[i : i + _DAYS_PER_QUERY]
        params: list[str] = []
        for d in chunk:
            params += [to_db(day_start(d + timedelta(days=1), tz)), d.isoformat()]
        sql = " UNION ALL ".join([_DISCIPLINE_SQL] * len(chunk))
        for n, done in store.all(
            f"SELECT COALESCE(SUM(n), 0), COALESCE(SUM(done), 0) FROM ({sql}) AS days", tuple(params)
        ):
            due += int(n)
            on_time += int(done)
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


def hours(store: Store, tz: tzinfo, w: Window, by_hour: list[Any] | None = None) -> Hours:
    """Touches and hits per local hour over a window (from ``by_hour``, rows of ``local_hours``, when read)."""
    from repdesk.figures.activity import group_hours, local_hours

    counts = [[0, 0] for _ in range(24)]
    if by_hour is None:
        by_hour = local_hours(store, tz, w)
    for (hour,), (n, hits, _) in group_hours(by_hour, lambda t: (t.hour,)).items():
        counts[hour] = [n, hits]
    rows = tuple(HourRow(h, n, hits, None if not n else round(hits / n, 6)) for h, (n, hits) in enumerate(counts))
    best, rate = None, -1.0
    for h, (n, hits) in enumerate(counts):
        if n >= MIN_HOUR_TOUCHES and hits / n > rate:
            best, rate = h, hits / n
    return Hours(rows, best)
