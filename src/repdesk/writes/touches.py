"""Writes of touches: log one, correct it, delete it."""

from __future__ import annotations

from datetime import datetime, tzinfo

from repdesk.db.connect import Store
from repdesk.domain import vocab
from repdesk.domain.dates import now_utc, to_db
from repdesk.domain.errors import InputError
from repdesk.domain.rules import check_outcome, choose, clean_text, not_future, parse_int
from repdesk.figures.records import find_prospect, get

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

    from repdesk.writes.followups import Due


def log_touch(
    store: Store,
    ref: str | int,
    channel: str,
    outcome: str,
    *,
    at: datetime | None = None,
    minutes: str | int | None = None,
    note: str | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    next_due: Due | None = None,
    no_next: bool = False,
    meeting_at: datetime | None = None,
    meeting_kind: str | None = None,
) -> Any:
    """Log one touch and its follow-up consequences in one action; returns the stored row.

    ``next_due`` / ``no_next`` set or skip the automatic next step; ``meeting_at`` (with a
    ``meeting_booked`` outcome) books the meeting the touch produced in the same action.
    """
    from repdesk.writes.followups import after_meeting_booked, after_touch

    now = now or now_utc()
    ch, out = check_outcome(channel, outcome)
    when = at or now
    not_future(when, now, "a touch")
    mins = None if minutes is None else parse_int(minutes, "minutes", 0, 24 * 60)
    text = clean_text(note, "note")
    if next_due is not None and no_next:
        raise InputError("--next and --no-next cannot go together")
    if meeting_kind is not None and meeting_at is None:
        raise InputError("--kind goes with --meeting WHEN")
    kind = None
    if meeting_at is not None:
        if out != "meeting_booked":
            raise InputError(f"--meeting books the meeting of a meeting_booked touch, not of {out!r}")
        kind = choose(meeting_kind or "first", vocab.MEETING_KINDS, "meeting kind")
    p = find_prospect(store, ref)
    zone = tz or store_zone(store)
    with store.write(f"log {ch} {p['company']} {out}") as c:
        tid = c.insert(
            "touch",
            {"prospect_id": p["id"], "at": to_db(when), "channel": ch, "outcome": out, "minutes": mins, "note": text},
        )
        row = store.one("SELECT * FROM touch WHERE id = ?", (tid,))
        after_touch(c, store, row, zone, next_due=next_due, no_next=no_next, now=now)
        if meeting_at is not None:
            c.insert(
                "meeting",
                {"prospect_id": p["id"], "at": to_db(meeting_at), "kind": kind, "status": "scheduled"},
            )
            after_meeting_booked(c, store, p["id"], now)
    return row


def store_zone(store: Store) -> tzinfo:
    """The rep's zone as stored (else ``REPDESK_TZ``, else the system's), for callers without one."""
    from repdesk.domain.dates import resolve_zone

    return resolve_zone(None, store.scalar("SELECT value FROM setting WHERE key = 'timezone'"))


def edit_touch(
    store: Store,
    ident: str | int,
    *,
    channel: str | None = None,
    outcome: str | None = None,
    at: datetime | None = None,
    minutes: str | int | None = None,
    note: str | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> Any:
    """Correct a touch: channel, outcome, time, minutes (``""`` clears them) or note (``""`` clears it).

    The channel/outcome matrix holds for the result: changing only the channel keeps the
    outcome, which must then suit the new channel. A new channel, outcome or time reschedules,
    in the same action, the automatic follow-up the touch scheduled by its outcome.
    """
    from repdesk.writes.followups import touch_edited

    row = get(store, "touch", ident, "touch")
    values: dict[str, Any] = {}
    if channel is not None or outcome is not None:
        ch, out = check_outcome(channel or row["channel"], outcome or row["outcome"])
        values.update(channel=ch, outcome=out)
    if at is not None:
        not_future(at, now or now_utc(), "a touch")
        values["at"] = to_db(at)
    if minutes is not None:
        values["minutes"] = None if str(minutes).strip() == "" else parse_int(minutes, "minutes", 0, 24 * 60)
    if note is not None:
        values["note"] = clean_text(note, "note") or None
    if not values:
        raise InputError("nothing to change: give --channel, --outcome, --at, --minutes or --note")
    with store.write(f"edit touch {row['id']}") as c:
        c.update("touch", {"id": row["id"]}, values)
        if {"channel", "outcome", "at"} & set(values):
            new = store.one("SELECT * FROM touch WHERE id = ?", (row["id"],))
            touch_edited(c, store, new, tz or store_zone(store))
    return store.one("SELECT * FROM touch WHERE id = ?", (row["id"],))


def delete_touch(store: Store, ident: str | int) -> Any:
    """Delete a touch (undoable); returns the row as it was. Its follow-up changes are reversed
    in the same action, as ``undo`` would."""
    from repdesk.writes.followups import touch_deleted

    row = get(store, "touch", ident, "touch")
    with store.write(f"delete touch {row['id']}") as c:
        touch_deleted(c, store, row["id"])
        c.delete("touch", {"id": row["id"]})
    return row


def update_touch(
    store: Store, ident: str | int, outcome: str | None = None, note: str | None = None, tz: tzinfo | None = None
) -> Any:
    """Change a touch's outcome (an email ``sent`` that was later ``replied``) or note."""
    return edit_touch(store, ident, outcome=outcome, note=note, tz=tz)
