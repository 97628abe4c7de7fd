"""Writes of follow-ups: the manual ones a rep adds, and the automatic next step that touches and
meetings leave.

Every function that takes a :class:`~repdesk.db.connect.Change` writes inside the caller's
transaction, so the follow-up changes belong to the user action that caused them and are
undone (and redone) with it.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from repdesk.db.connect import Change, Store
from repdesk.domain import vocab
from repdesk.domain.dates import Workdays, local_date, now_utc, to_db
from repdesk.domain.errors import InputError
from repdesk.domain.rules import choose, clean_text
from repdesk.figures.calendar import workdays_of
from repdesk.figures.records import find_prospect, get
from repdesk.figures.sequence import attempts_since_hit, suggested_channel

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

#: a due day and an optional wall time, as :func:`repdesk.domain.dates.parse_day_time` reads them
Due = tuple[date, time | None]


def cadence(store: Store, key: str) -> int:
    """A ``cadence.*`` setting as a whole number (its default when unset or unreadable)."""
    raw = store.scalar("SELECT value FROM setting WHERE key = ?", (key,))
    try:
        return int(raw) if raw not in (None, "") else int(vocab.SETTING_DEFAULTS[key])
    except ValueError:
        return int(vocab.SETTING_DEFAULTS[key])


def _hhmm(t: time | None) -> str | None:
    return None if t is None else f"{t.hour:02d}:{t.minute:02d}"


def _insert(
    change: Change,
    prospect_id: int,
    due: Due,
    channel: str,
    *,
    origin: str,
    now: datetime,
    note: str | None = None,
    touch_id: int | None = None,
    meeting_id: int | None = None,
) -> int:
    return change.insert(
        "followup",
        {
            "prospect_id": prospect_id,
            "due": due[0].isoformat(),
            "time": _hhmm(due[1]),
            "channel": channel,
            "note": note,
            "status": "open",
            "auto": origin != "manual",
            "origin": origin,
            "touch_id": touch_id,
            "meeting_id": meeting_id,
            "created_at": to_db(now),
        },
    )


def _close_auto(change: Change, store: Store, prospect_id: int, done_at: str, closed_by: int | None) -> None:
    for r in store.all("SELECT id FROM followup WHERE prospect_id = ? AND status = 'open' AND auto", (prospect_id,)):
        change.update("followup", {"id": r[0]}, {"status": "done", "done_at": done_at, "closed_by": closed_by})


def _today(tz: tzinfo, now: datetime) -> date:
    return now.astimezone(tz).date()


def _row(store: Store, fid: int) -> Any:
    return store.one("SELECT * FROM followup WHERE id = ?", (fid,))


# -- what a rep does with follow-ups ------------------------------------------------------------


def add_followup(
    store: Store,
    ref: str | int,
    due: Due,
    tz: tzinfo,
    *,
    channel: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Any:
    """A manual follow-up, due today or later."""
    now = now or now_utc()
    if due[0] < _today(tz, now):
        raise InputError(f"a follow-up is due today or later, not {due[0].isoformat()}")
    ch = None if channel is None else choose(channel, vocab.CHANNELS, "channel")
    text = clean_text(note, "note")
    p = find_prospect(store, ref)
    if p["archived"]:
        raise InputError(f"{p['company']} is archived: un-archive it first (prospect edit … --archived no)")
    ch = ch or suggested_channel(store, p)
    with store.write(f"follow-up {p['company']}") as c:
        fid = _insert(c, p["id"], due, ch, origin="manual", now=now, note=text)
    return _row(store, fid)


def _open(store: Store, ident: str | int) -> Any:
    row = get(store, "followup", ident, "follow-up")
    if row["status"] != "open":
        raise InputError(f"follow-up {row['id']} is already {row['status']}")
    return row


def followup_done(store: Store, ident: str | int, *, now: datetime | None = None) -> Any:
    """Mark an open follow-up done (now)."""
    row = _open(store, ident)
    with store.write(f"follow-up {row['id']} done") as c:
        c.update("followup", {"id": row["id"]}, {"status": "done", "done_at": to_db(now or now_utc())})
    return _row(store, row["id"])


def followup_cancel(store: Store, ident: str | int, *, now: datetime | None = None) -> Any:
    """Cancel an open follow-up."""
    row = _open(store, ident)
    with store.write(f"follow-up {row['id']} cancelled") as c:
        c.update("followup", {"id": row["id"]}, {"status": "cancelled", "done_at": to_db(now or now_utc())})
    return _row(store, row["id"])


def followup_snooze(store: Store, ident: str | int, due: Due, tz: tzinfo, *, now: datetime | None = None) -> Any:
    """Move an open follow-up to another day (today or later); an automatic one is then no longer
    the touch's to reschedule."""
    now = now or now_utc()
    row = _open(store, ident)
    if due[0] < _today(tz, now):
        raise InputError(f"snooze to today or later, not {due[0].isoformat()}")
    values: dict[str, Any] = {"due": due[0].isoformat(), "time": _hhmm(due[1])}
    if row["auto"]:
        values["origin"] = "snoozed"
    with store.write(f"follow-up {row['id']} snoozed to {due[0].isoformat()}") as c:
        c.update("followup", {"id": row["id"]}, values)
    return _row(store, row["id"])


# -- the consequences of touches and meetings ---------------------------------------------------


def _by_outcome(store: Store, touch: Any, day: date, workdays: Workdays) -> date | None:
    """The due day of a touch's automatic next step by its outcome, or ``None`` (the cadence table)."""
    rule = vocab.OUTCOME_CADENCE[touch["outcome"]]
    if rule is None:
        return None
    key, working = rule
    n = cadence(store, key)
    if working:
        return workdays.add(day, n)
    from datetime import timedelta

    return day + timedelta(days=n)


def _blocked(store: Store, touch: Any) -> bool:
    """No automatic step: a meeting is scheduled after the touch, or the sequence is exhausted."""
    pid = touch["prospect_id"]
    if store.one(
        "SELECT 1 FROM meeting WHERE prospect_id = ? AND status = 'scheduled' AND at > ? LIMIT 1", (pid, touch["at"])
    ):
        return True
    if touch["outcome"] in vocab.HIT_OUTCOMES:
        return False
    return attempts_since_hit(store, pid, upto=touch["at"]) >= cadence(store, "cadence.max_attempts")


def _is_latest(store: Store, touch: Any, now: datetime) -> bool:
    """Whether the touch is the prospect's latest event (no later touch, held or missed meeting)."""
    pid, at = touch["prospect_id"], touch["at"]
    later = store.one(
        "SELECT 1 FROM touch WHERE prospect_id = ? AND (at > ? OR (at = ? AND id > ?)) LIMIT 1",
        (pid, at, at, touch["id"]),
    )
    if later is not None:
        return False
    meeting = store.one(
        "SELECT 1 FROM meeting WHERE prospect_id = ? AND status IN ('held', 'no_show', 'cancelled')"
        " AND at > ? AND at <= ? LIMIT 1",
        (pid, at, to_db(now)),
    )
    return meeting is None


def after_touch(
    change: Change,
    store: Store,
    touch: Any,
    tz: tzinfo,
    *,
    next_due: Due | None = None,
    no_next: bool = False,
    now: datetime | None = None,
) -> int | None:
    """The follow-up consequences of a touch just written, inside its transaction.

    The one place for them: ``log`` calls it for a new touch, and ``touch edit`` / ``touch delete``
    use :func:`touch_edited` / :func:`touch_deleted` below, which undo or redo exactly what this did.
    It closes the prospect's open manual follow-ups due on or before the touch's day (at the
    touch's instant); when the touch is the prospect's latest event it also closes the automatic
    one and schedules the next (``next_due``, else by outcome in working days, unless ``no_next``,
    a meeting scheduled after the touch, or an exhausted sequence). Returns the new follow-up's id.
    """
    now = now or now_utc()
    if next_due is not None and no_next:
        raise InputError("--next and --no-next cannot go together")
    pid, at, tid = touch["prospect_id"], touch["at"], touch["id"]
    day = local_date(at, tz)
    if next_due is not None and next_due[0] < day:
        raise InputError(f"--next must be on or after the touch's day ({day.isoformat()})")
    for r in store.all(
        "SELECT id FROM followup WHERE prospect_id = ? AND status = 'open' AND NOT auto AND due <= ?",
        (pid, day.isoformat()),
    ):
        change.update("followup", {"id": r[0]}, {"status": "done", "done_at": at, "closed_by": tid})
    if next_due is None and not _is_latest(store, touch, now):
        return None
    _close_auto(change, store, pid, at, tid)
    if no_next:
        return None
    if next_due is not None:
        return _insert(change, pid, next_due, touch["channel"], origin="next", now=now, touch_id=tid)
    if _blocked(store, touch):
        return None
    due = _by_outcome(store, touch, day, workdays_of(store))
    if due is None:
        return None
    return _insert(change, pid, (due, None), touch["channel"], origin="outcome", now=now, touch_id=tid)


def touch_deleted(change: Change, store: Store, touch_id: int) -> None:
    """Reverse a touch's follow-up changes, as ``undo`` would: call before deleting the touch, in
    the same transaction. Follow-ups it scheduled go; those it closed are open again."""
    for r in store.all("SELECT id FROM followup WHERE touch_id = ?", (touch_id,)):
        change.delete("followup", {"id": r[0]})
    for r in store.all("SELECT id FROM followup WHERE closed_by = ?", (touch_id,)):
        change.update("followup", {"id": r[0]}, {"status": "open", "done_at": None, "closed_by": None})


def touch_edited(change: Change, store: Store, touch: Any, tz: tzinfo) -> None:
    """Reschedule the automatic follow-up an edited touch scheduled by its outcome (call after the
    update, in the same transaction); one set by ``--next``, or snoozed since, is left alone. A new
    outcome that calls for no next step removes it."""
    row = store.one(
        "SELECT id FROM followup WHERE touch_id = ? AND origin = 'outcome' AND status = 'open'", (touch["id"],)
    )
    if row is None:
        return
    due = None if _blocked(store, touch) else _by_outcome(store, touch, local_date(touch["at"], tz), workdays_of(store))
    if due is None:
        change.delete("followup", {"id": row[0]})
    else:
        change.update("followup", {"id": row[0]}, {"due": due.isoformat(), "time": None, "channel": touch["channel"]})


def after_meeting_booked(change: Change, store: Store, prospect_id: int, now: datetime) -> None:
    """Booking a meeting closes the prospect's automatic follow-up."""
    _close_auto(change, store, prospect_id, to_db(now), None)


def after_meeting_status(
    change: Change,
    store: Store,
    meeting: Any,
    tz: tzinfo,
    *,
    next_due: Due | None = None,
    now: datetime | None = None,
) -> int | None:
    """The next step a meeting's outcome leaves: an e-mail ``cadence.after_meeting``
    working days after a meeting that advanced or ended without a decision (``next_due`` sets it),
    none after a disqualification, a call the next working day after a no-show or cancellation.
    A touch logged after the meeting is the later event and keeps its own follow-up."""
    now = now or now_utc()
    status, outcome = meeting["status"], meeting["outcome"]
    if status == "rescheduled" or (status == "scheduled" and next_due is None):
        return None
    pid = meeting["prospect_id"]
    if next_due is None and store.one(
        "SELECT 1 FROM touch WHERE prospect_id = ? AND at > ? LIMIT 1", (pid, meeting["at"])
    ):
        return None
    day = local_date(meeting["at"], tz)
    if next_due is not None and next_due[0] < day:
        raise InputError(f"--next must be on or after the meeting's day ({day.isoformat()})")
    _close_auto(change, store, pid, to_db(now), None)
    mid = meeting["id"]
    if next_due is not None:
        channel = "email" if status == "held" else "call"
        return _insert(change, pid, next_due, channel, origin="next", now=now, meeting_id=mid)
    if status == "held" and outcome in ("advanced", "no_decision"):
        due = workdays_of(store).add(day, cadence(store, "cadence.after_meeting"))
        return _insert(change, pid, (due, None), "email", origin="meeting", now=now, meeting_id=mid)
    if status in ("no_show", "cancelled"):
        due = workdays_of(store).add(day, 1)
        return _insert(change, pid, (due, None), "call", origin="meeting", now=now, meeting_id=mid)
    return None
