"""One facade over the store for the app: every read and write the screens need, as plain objects.

Each call opens its own connection (cheap with SQLite), so the app's thread workers never share one.
No Textual here; the screens call this and render what it returns.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from repdesk.db.connect import Store
from repdesk.domain.dates import Window, now_utc, parse_day_time, parse_when, resolve_zone
from repdesk.domain.record import figure
from repdesk.domain.rules import parse_rule_spec, rule_spec
from repdesk.figures.activity import heatmap
from repdesk.figures.calendar import workdays_of
from repdesk.figures.day import Day, day_view
from repdesk.figures.deals import OpenDeal, open_deals
from repdesk.figures.prospects import ProspectDetail, ProspectRow, prospect_detail, prospect_rows
from repdesk.figures.records import find_prospect, pickable, record
from repdesk.figures.review import Review, review
from repdesk.figures.settings import criteria_rows, settings_view
from repdesk.present import describe_rule
from repdesk.writes.deals import close_deal, deal_proposal, open_deal
from repdesk.writes.followups import followup_done, followup_snooze
from repdesk.writes.icp import add_criterion, answer_criterion, edit_criterion, remove_criterion
from repdesk.writes.meetings import book_meeting, set_meeting_status
from repdesk.writes.prospects import add_prospect, edit_prospect
from repdesk.writes.settings import set_setting
from repdesk.writes.targets import set_target
from repdesk.writes.touches import log_touch


@figure
class ProspectView:
    """What the prospect screen shows: the prospect in full, the ICP criteria (each with its rule in
    words as ``rule_text``) and the currency."""

    detail: ProspectDetail
    criteria: tuple[dict[str, Any], ...]
    currency: str


class Desk:
    """The rep's desk: a database path and the zone days are counted in."""

    def __init__(self, path: str, tz_name: str | None = None) -> None:
        self.path = str(path)
        self.tz_arg = tz_name
        self._prospects: tuple[Any, list[ProspectRow]] | None = None
        with Store(self.path) as st:  # creates or migrates once, up front
            self.tz: ZoneInfo = resolve_zone(tz_name, st.settings().get("timezone"))

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A connection of its own; a database moved or deleted meanwhile is an error, never re-created."""
        st = Store(self.path, create=False)
        try:
            yield st
        finally:
            st.close()

    def signature(self) -> tuple[int, int, int]:
        """Changes whenever any process commits to the file (WAL size/mtime), or to the team database (its journal)."""
        if self.path.startswith(("postgresql://", "postgres://")):
            from repdesk.figures.records import journal_signature

            with self.store() as st:
                return journal_signature(st)
        sig = []
        for suffix in ("", "-wal"):
            try:
                s = os.stat(self.path + suffix)
                sig.extend([s.st_mtime_ns, s.st_size])
            except FileNotFoundError:
                sig.extend([0, 0])
        return (sig[0], sig[2], sig[3])

    def today_date(self) -> date:
        return now_utc().astimezone(self.tz).date()

    # -- reads ------------------------------------------------------------------------------

    def today(self) -> Day:
        """Today's figures, the day's timeline, meetings needing an outcome and prospects going cold."""
        with self.store() as st:
            return day_view(st, self.tz, self.today_date())

    def settings(self) -> dict[str, str]:
        """Every setting, defaults filled in."""
        with self.store() as st:
            return st.settings()

    def review(self, days: int) -> tuple[Review, list[list[tuple[int, int]]]]:
        """The review over the last ``days`` days and its weekday × hour heatmap."""
        with self.store() as st:
            r = review(st, self.tz, self.today_date(), days)
            return r, heatmap(st, self.tz, Window.ending(self.today_date(), days, self.tz))

    def prospects(self, search: str = "") -> list[ProspectRow]:
        """Prospects whose company or contact contains ``search``; every one, read once per change of the data."""
        if search:
            with self.store() as st:
                return prospect_rows(st, self.tz, search=search)
        cached = self.cached_prospects()
        if cached is not None:
            return cached
        key = self._prospects_key()
        with self.store() as st:
            rows = prospect_rows(st, self.tz)
        self._prospects = (key, rows)
        return rows

    def cached_prospects(self) -> list[ProspectRow] | None:
        """Every prospect as last read, if nothing has changed since (and within the hour); else None."""
        cached = self._prospects
        return cached[1] if cached is not None and cached[0] == self._prospects_key() else None

    def _prospects_key(self) -> tuple[Any, ...]:
        # any write to the file, another zone, or a new hour ("next meeting" moves on with time)
        return (self.signature(), str(self.tz), int(now_utc().timestamp()) // 3600)

    def prospect(self, pid: int) -> ProspectView:
        """One prospect in full, the ICP criteria with their rules in words, and the currency."""
        with self.store() as st:
            p = find_prospect(st, pid)
            detail = prospect_detail(st, p, self.tz)
            criteria = tuple({**c, "rule_text": describe_rule(c)} for c in criteria_rows(st))
            return ProspectView(detail, criteria, st.settings()["currency"])

    def pick(self, text: str, limit: int = 8) -> list[dict[str, Any]]:
        """Prospects for a picker: fuzzy on company and contact (every typed letter, in order)."""
        needle = text.casefold().strip()
        with self.store() as st:
            rows = pickable(st)
        scored = []
        for r in rows:
            hay = f"{r['company']} {r['contact'] or ''}".casefold()
            score = fuzzy_score(needle, hay)
            if score is not None:
                scored.append((score, r["company"].casefold(), dict(r)))
        scored.sort(key=lambda x: (x[0], x[1]))
        return [s[2] for s in scored[:limit]]

    def find(self, ref: str | int) -> dict[str, Any]:
        """A prospect by id or (part of) its company name."""
        with self.store() as st:
            return dict(find_prospect(st, ref))

    def open_deals(self, pid: int | None = None) -> tuple[OpenDeal, ...]:
        with self.store() as st:
            return open_deals(st, pid)

    def settings_view(self) -> dict[str, Any]:
        with self.store() as st:
            view = settings_view(st, self.tz)
        return {
            "settings": view.settings,
            "targets": list(view.targets),
            "criteria": [
                {**record("icp_criterion", r, self.tz), "rule_text": describe_rule(r), "spec": rule_spec(r)}
                for r in view.criteria
            ],
        }

    # -- writes -----------------------------------------------------------------------------

    def when(self, text: str | None, *, ahead: bool = False) -> datetime | None:
        text = (text or "").strip()
        if not text:
            return None
        with self.store() as st:
            return parse_when(text, self.tz, ahead=ahead, workdays=workdays_of(st))

    def log_touch(self, pid: int, channel: str, outcome: str, note: str = "", at: str = "", minutes: str = "") -> Any:
        with self.store() as st:
            return log_touch(
                st, pid, channel, outcome, at=self.when(at), minutes=minutes or None, note=note or None, tz=self.tz
            )

    def snooze(self, fid: int, when: str = "+1wd") -> Any:
        """Move a follow-up to another day (default the next working day)."""
        with self.store() as st:
            due = parse_day_time(when, self.tz, ahead=True, workdays=workdays_of(st))
            return followup_snooze(st, fid, due, self.tz)

    def followup_done(self, fid: int) -> Any:
        with self.store() as st:
            return followup_done(st, fid)

    def add_prospect(self, fields: dict[str, Any]) -> Any:
        with self.store() as st:
            return add_prospect(st, {k: v for k, v in fields.items() if v not in (None, "")}, self.tz)

    def edit_prospect(self, pid: int, fields: dict[str, Any]) -> Any:
        with self.store() as st:
            return edit_prospect(st, pid, fields, self.tz)

    def book_meeting(self, pid: int, at: str, kind: str, goal: str | None, note: str = "") -> Any:
        when = self.when(at, ahead=True)
        if when is None:
            from repdesk.domain.errors import InputError

            raise InputError("when is the meeting? e.g. tomorrow 10:00 or thu 14:30")
        with self.store() as st:
            return book_meeting(st, pid, when, kind=kind, goal=goal or None, note=note or None)

    def meeting_outcome(self, mid: int, status: str, outcome: str | None = None, next_step: str = "") -> Any:
        with self.store() as st:
            return set_meeting_status(st, mid, status, outcome=outcome, next_step=next_step or None, tz=self.tz)

    def deal_step(self, step: str, *, pid: int | None = None, deal_id: int | None = None, value: str = "",
                  reason: str = "", title: str = "", at: str = "") -> Any:  # fmt: skip
        when = self.when(at)
        with self.store() as st:
            if step == "open":
                assert pid is not None
                return open_deal(st, pid, value, title=title or None, at=when)
            assert deal_id is not None
            if step == "proposal":
                return deal_proposal(st, deal_id, value=value or None, at=when, tz=self.tz)
            if step == "won":
                return close_deal(st, deal_id, "won", value=value or None, at=when, tz=self.tz)
            return close_deal(st, deal_id, "lost", reason=reason, at=when, tz=self.tz)

    def answer(self, pid: int, key: str, value: bool | None) -> None:
        with self.store() as st:
            answer_criterion(st, pid, key, value)

    def set_setting(self, key: str, value: str) -> None:
        """Change a setting; a new time zone applies at once (unless ``--tz`` named one for this run)."""
        with self.store() as st:
            set_setting(st, key, value)
            if key.strip().lower() == "timezone":
                self.tz = resolve_zone(self.tz_arg, st.settings().get("timezone"))

    def set_target(self, period: str, revenue: str, avg_deal: str, daily_goal: str, workdays: str) -> Any:
        with self.store() as st:
            return set_target(st, period, revenue, avg_deal=avg_deal or None, daily_goal=daily_goal or None,
                                      workdays=workdays or None)  # fmt: skip

    def add_criterion(self, label: str, spec: str) -> Any:
        """A criterion from a label and a one-line rule (see :func:`parse_rule_spec`)."""
        with self.store() as st:
            return add_criterion(st, label, **parse_rule_spec(spec))

    def edit_criterion(self, key: str, label: str, spec: str) -> Any:
        with self.store() as st:
            return edit_criterion(st, key, label=label, **parse_rule_spec(spec))

    def remove_criterion(self, key: str) -> None:
        with self.store() as st:
            remove_criterion(st, key)

    def undo(self) -> str | None:
        with self.store() as st:
            return st.undo()

    def lists(self, days: int = 30) -> dict[str, Any]:
        """Touches of the last ``days`` days, meetings and deals, newest first."""
        from repdesk.figures.lists import deal_rows, meeting_rows, touch_rows

        last = self.today_date()
        with self.store() as st:
            return {
                "touches": touch_rows(st, self.tz, first=last - timedelta(days=days - 1), last=last)[::-1],
                "meetings": meeting_rows(st, self.tz)[::-1][:500],
                "deals": deal_rows(st, self.tz)[::-1][:500],
                "currency": st.settings()["currency"],
            }

    def edit_touch(self, tid: int, changed: dict[str, str]) -> Any:
        """Correct a touch from a form's changed fields (text as typed)."""
        from repdesk.writes.touches import edit_touch

        with self.store() as st:
            return edit_touch(
                st,
                tid,
                channel=changed.get("channel"),
                outcome=changed.get("outcome"),
                at=self.when(changed["at"]) if changed.get("at") else None,
                minutes=changed.get("minutes"),
                note=changed.get("note"),
                tz=self.tz,
            )

    def delete(self, what: str, ident: int) -> Any:
        """Delete a touch, meeting or deal (undoable)."""
        from repdesk.writes.deals import delete_deal
        from repdesk.writes.meetings import delete_meeting
        from repdesk.writes.touches import delete_touch

        fn = {"touch": delete_touch, "meeting": delete_meeting, "deal": delete_deal}[what]
        with self.store() as st:
            return fn(st, ident)

    def redo(self) -> str | None:
        with self.store() as st:
            return st.redo()

    def export_week(self) -> list[str]:
        """This week's summary as Markdown and HTML in ``exports/`` beside the database; the paths."""
        from repdesk.figures.week import parse_week
        from repdesk.io.exporters import export_week

        folder = os.path.join(os.path.dirname(os.path.abspath(self.path)), "exports")
        os.makedirs(folder, mode=0o700, exist_ok=True)
        stamp = now_utc().astimezone(self.tz).strftime("%Y%m%d-%H%M%S")
        paths = []
        with self.store() as st:
            iso = parse_week(None, self.tz).isocalendar()
            for fmt in ("md", "html"):
                path = os.path.join(folder, f"repdesk-{iso.year}-W{iso.week:02d}-{stamp}.{fmt}")
                export_week(st, self.tz, None, fmt, path)
                os.chmod(path, 0o600)
                paths.append(path)
        return paths

    def backup(self) -> str:
        """An online backup in ``backups/`` beside the database; its path."""
        from repdesk.db.backup import backup

        folder = os.path.join(os.path.dirname(os.path.abspath(self.path)), "backups")
        os.makedirs(folder, mode=0o700, exist_ok=True)  # a folder, so the backup gets a dated name in it
        with self.store() as st:
            return backup(st, folder)


def fuzzy_score(needle: str, hay: str) -> int | None:
    """Lower is better; ``None`` when the letters of ``needle`` do not appear in order in ``hay``."""
    if not needle:
        return 0
    idx = hay.find(needle)
    if idx == 0:
        return 0
    if idx > 0:
        return 1 + (0 if hay[idx - 1] == " " else 1)
    pos, gaps = -1, 0
    for ch in needle:
        nxt = hay.find(ch, pos + 1)
        if nxt < 0:
            return None
        gaps += nxt - pos - 1
        pos = nxt
    return 10 + gaps
