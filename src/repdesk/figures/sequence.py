"""A prospect's sequence: touches since the last hit, and how to reach them next.

Kept free of dataclasses and typing: ``repdesk log`` reads it on every touch.
"""

from __future__ import annotations

from datetime import date, tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import EPOCH_DB
from repdesk.domain.vocab import HIT_OUTCOMES

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

HITS_SQL = "(" + ", ".join(f"'{o}'" for o in HIT_OUTCOMES) + ")"


def attempts_since_hit(store: Store, prospect_id: int, upto: str | None = None) -> int:
    """Touches in a row without a hit: since the prospect's last hit, or its first touch (up to
    and including the instant ``upto``, when given)."""
    bound = "" if upto is None else " AND at <= :upto"
    return int(
        store.scalar(
            "SELECT COUNT(*) FROM touch WHERE prospect_id = :p"
            + bound
            + " AND at > COALESCE((SELECT MAX(at) FROM touch"
            f" WHERE prospect_id = :p AND outcome IN {HITS_SQL}" + bound + "), :epoch)",
            {"p": prospect_id, "upto": upto, "epoch": EPOCH_DB},
        )
    )


#: a prospect ``p``'s latest touch and attempts, read from its touches (where no triggers keep
#: ``prospect_state``); the same columns as :data:`_KEPT_STATE`
_LIVE_STATE = (
    "t.id AS touch_id, t.at AS touch_at, t.channel AS touch_channel, t.outcome AS touch_outcome,"
    " (SELECT COUNT(*) FROM touch c WHERE c.prospect_id = p.id AND c.at > COALESCE("
    f"(SELECT MAX(h.at) FROM touch h WHERE h.prospect_id = p.id AND h.outcome IN {HITS_SQL}), '{EPOCH_DB}'))"
    " AS attempts",
    "LEFT JOIN touch t ON t.id = (SELECT x.id FROM touch x WHERE x.prospect_id = p.id ORDER BY x.at DESC, x.id DESC"
    " LIMIT 1)",
)
_KEPT_STATE = (
    "s.last_id AS touch_id, s.last_at AS touch_at, s.last_channel AS touch_channel,"
    " s.last_outcome AS touch_outcome, COALESCE(s.attempts, 0) AS attempts",
    "LEFT JOIN prospect_state s ON s.prospect_id = p.id",
)


def state_sql(store: Store) -> tuple[str, str]:
    """``(columns, join)`` for a query over prospects ``p``: each one's latest touch (``touch_id``,
    ``touch_at``, ``touch_channel``, ``touch_outcome``; ties: the higher id) and its ``attempts``
    (:func:`attempts_since_hit`); from ``prospect_state`` where triggers keep it (migration 0011)."""
    return _KEPT_STATE if store.touch_totals else _LIVE_STATE


def suggested_channel(store: Store, prospect: Any, followup_channel: str | None = None) -> str:
    """How to reach a prospect: the follow-up's channel, else the last touch's, else a call with a
    phone, an e-mail with an e-mail address, else a call."""
    if followup_channel:
        return followup_channel
    last = store.scalar(
        "SELECT channel FROM touch WHERE prospect_id = ? ORDER BY at DESC, id DESC LIMIT 1", (prospect["id"],)
    )
    return channel_after(last, prospect)


def channel_after(last_channel: str | None, prospect: Any) -> str:
    """The last touch's channel, else a call with a phone, an e-mail with an e-mail, else a call."""
    if last_channel:
        return str(last_channel)
    return "call" if prospect["phone"] or not prospect["email"] else "email"


def overdue_count(store: Store, day: date) -> int:
    """Open follow-ups due before ``day``."""
    return int(store.scalar("SELECT COUNT(*) FROM followup WHERE status = 'open' AND due < ?", (day.isoformat(),)))


def next_step_text(store: Store, prospect_id: int, tz: tzinfo, booked: bool = False) -> str:
    """`` · booked meeting 4 2026-11-24 10:00 · next: call Tue 2026-11-24``, as the shell prints a
    prospect's next steps after a write: the meeting the write ``booked`` (the prospect's newest),
    else the prospect's next scheduled meeting from now on (``next meeting …``), and the open
    automatic follow-up."""
    from repdesk.domain.dates import iso_local, now_utc, to_db
    from repdesk.domain.vocab import DAY_NAMES

    out = ""
    if booked:
        m = store.one("SELECT id, at FROM meeting WHERE prospect_id = ? ORDER BY id DESC LIMIT 1", (prospect_id,))
        label = "booked meeting"
    else:
        m = store.one(
            "SELECT id, at FROM meeting WHERE prospect_id = ? AND status = 'scheduled' AND at >= ?"
            " ORDER BY at, id LIMIT 1",
            (prospect_id, to_db(now_utc())),
        )
        label = "next meeting"
    if m is not None:
        at = iso_local(m["at"], tz) or ""
        out += f" · {label} {m['id']} {at[:10]} {at[11:16]}"
    f = store.one(
        "SELECT due, time, channel FROM followup WHERE prospect_id = ? AND status = 'open' AND auto",
        (prospect_id,),
    )
    if f is not None:
        d = date.fromisoformat(f["due"])
        out += f" · next: {f['channel']} {DAY_NAMES[d.weekday()]} {f['due']}" + (f" {f['time']}" if f["time"] else "")
    return out
