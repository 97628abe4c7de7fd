"""Today: the barometer, goals, the day's timeline, meetings needing an outcome, stale prospects, quick log."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from repdesk.domain.errors import InputError
from repdesk.domain.plan import STEP_LABELS
from repdesk.figures.day import Day
from repdesk.present import no_goal_advice, pct
from repdesk.tui.actions import bindings
from repdesk.tui.literal import lit
from repdesk.tui.screens.base import DataScreen
from repdesk.tui.widgets.barometer import Barometer, level
from repdesk.tui.widgets.table import Table

WELCOME = """[b]Welcome to repdesk.[/b] Three steps to honest numbers:

  1. Set a revenue target (Settings, key [b]4[/b], then [b]t[/b]) — or `repdesk targets set 2026-Q4 --revenue 300000`
  2. Describe your ideal customer (Settings, [b]i[/b]) — industry, size, seniority, or a yes/no you answer
  3. Add your first prospect ([b]n[/b]) and log a call ([b]c[/b])

Just looking? Quit ([b]q[/b]) and run [b]repdesk --demo[/b] for a sample history."""


SECTION_MARK = {"meeting": "meet", "outcome": "outc", "overdue": "late", "due": "due", "suggested": "sugg"}


def money(value: float | int | None, currency: str) -> str:
    if value is None:
        return "—"
    return f"{currency} {value:,.0f}"


class TodayScreen(DataScreen):
    """The screen a rep opens every morning."""

    BINDINGS = bindings("today")
    SCOPE = "today"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="today"):
            yield Static("", id="welcome")
            yield Barometer(id="barometer")
            with Horizontal(id="figures"):
                yield Static("", id="goals", classes="card")
                yield Static("", id="plan", classes="card")
            with Horizontal(id="lists"):
                with Vertical(classes="pane", id="queue-pane"):
                    yield Static("[b]Queue[/b]", id="queue-title", classes="pane-title")
                    yield Table(id="queue", cursor_type="row", zebra_stripes=True)
                with Vertical(classes="pane"):
                    yield Static("[b]Today[/b] (newest first)", classes="pane-title")
                    yield Table(id="timeline", cursor_type="row", zebra_stripes=True)
                    yield Static("[b]Gone stale[/b] (open deal, no touch for 14 days)", classes="pane-title")
                    yield Table(id="stale", cursor_type="row")
        with Horizontal(id="quickbar"):
            yield Label("Quick log (:)", id="quicklabel")
            yield Input(
                placeholder='call acme connected --at 10:00 --minutes 5 --note "asked for a deck"', id="quicklog"
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#timeline", DataTable).add_columns("time", "what", "prospect", "note")
        self.query_one("#queue", DataTable).add_columns("", "when", "how", "who", "why")
        self.queue_items: list[Any] = []
        self.select_after: tuple[int | None, int] | None = None  # (prospect id, row) to select after a reload
        # the working list (Enter logs the highlighted row), focused without scrolling the barometer away
        self.query_one("#queue", DataTable).focus(scroll_visible=False)
        self.query_one("#stale", DataTable).add_columns("prospect", "last touch", "open value")

    #: below this many columns the queue's why and the day's tables cannot stand side by side
    NARROW = 150

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#lists").set_class(event.size.width < self.NARROW, "narrow")
        # the queue fills a tall terminal (18 rows at 40 lines, what the barometer and goals leave)
        self.query_one("#queue").styles.max_height = max(18, event.size.height - 22)

    def fetch(self) -> Any:
        return self.desk.today(), self.desk.settings()["currency"]

    def show(self, data: tuple[Day, str]) -> None:
        day, cur = data
        t = day.today
        welcome = self.query_one("#welcome", Static)
        first_run = day.prospect_count == 0
        welcome.display = first_run
        welcome.update(WELCOME if first_run else "")
        gauge = self.query_one(Barometer)
        gauge.touches, gauge.goal = t.touches, t.daily_goal
        gauge.set_class(True, f"-{level(t.barometer)}")
        if t.daily_goal is None:
            goals = "[b]No daily goal yet[/b]\n" + "\n".join(
                escape(line)
                for line in no_goal_advice(
                    t.needs_avg_deal, t.target.period if t.target else None, t.target.revenue if t.target else None
                )
            )
        else:
            goals = (
                f"[b]Daily goal[/b]  {t.daily_goal} touches\n"
                f"[b]Pace goal[/b]   {t.pace_goal if t.pace_goal is not None else '—'}"
                f"  ({t.working_days_left or 0} working days left)\n"
                f"[b]Hits[/b] {t.hits} · [b]booked[/b] {t.booked} · hit rate {pct(t.hit_rate)}"
            )
        self.query_one("#goals", Static).update(goals)
        target = t.target
        plan = f"[b]Touches per deal[/b]  {t.touches_per_deal:.0f}\n"
        if target:
            plan += (
                f"[b]Target {target.period}[/b]  {money(t.won_so_far, cur)} of {money(target.revenue, cur)}"
                f"  ({pct(t.attainment)})\n"
            )
        if t.improve_first:
            plan += f"[b]Improve first[/b]  {STEP_LABELS[t.improve_first]}"
            if t.daily_goal_if_improved:
                plan += f" → goal {t.daily_goal_if_improved}"
        self.query_one("#plan", Static).update(plan)
        timeline = self.query_one("#timeline", DataTable)
        timeline.clear()
        for e in day.timeline:
            timeline.add_row(e.at, lit(e.what), lit(e.company), lit(e.note[:40]))
        if not day.timeline:
            timeline.add_row("", "nothing logged yet today", "", "")
        self.show_queue(day)
        stale = self.query_one("#stale", DataTable)
        stale.clear()
        for s in day.stale:
            stale.add_row(lit(s.company), s.last_touch, money(s.open_value, cur))

    def action_quick_log(self) -> None:
        self.query_one("#quicklog", Input).focus()

    # -- the queue: a power dialer ---------------------------------------------------------

    def show_queue(self, day: Day) -> None:
        """The day's queue as the working list, with the best hour beside it."""
        q = day.queue
        best = day.hours.best_hour
        title = f"[b]Queue[/b] · {len(q.items)} to do · Enter logs · s snooze · d done"
        if best is not None:
            hr = day.hours.rows[best]
            title += f"\n[dim]best hour {best:02d}:00 ({pct(hr.hit_rate)} of {hr.touches} touches hit)[/]"
        self.query_one("#queue-title", Static).update(title)
        table = self.query_one("#queue", DataTable)
        previous = table.cursor_row
        table.clear()
        self.queue_items = list(q.items)
        for item in q.items:
            when = (item.time or "") if item.section in ("meeting", "due") else (item.due or "")[5:]
            who = lit(item.company) + lit(f" {item.contact}" if item.contact else "", "dim")
            style = {"overdue": "red", "outcome": "yellow", "meeting": "bold", "suggested": "dim"}.get(item.section, "")
            table.add_row(Text(SECTION_MARK[item.section], style=style), when, item.channel, who, lit(item.reason))
        if not q.items:
            table.add_row("", "", "", "nothing due", "add follow-ups with repdesk followup add")
        target = previous
        if self.select_after is not None:
            pid, row = self.select_after
            self.select_after = None
            ids = [i.prospect_id for i in self.queue_items]
            target = ids.index(pid) if pid in ids else row
        if self.queue_items:
            table.move_cursor(row=max(0, min(target, len(self.queue_items) - 1)))

    def _item(self) -> Any:
        table = self.query_one("#queue", DataTable)
        row = table.cursor_row
        if not self.queue_items or not 0 <= row < len(self.queue_items):
            return None
        return self.queue_items[row]

    def action_work(self) -> None:
        """Enter on a queue row: record a meeting's outcome, or log a touch with the suggested channel;
        after saving, the next row is selected."""
        item = self._item()
        if item is None:
            return
        if item.meeting_id is not None and item.section == "outcome":
            from repdesk.figures.day import PendingMeeting

            meeting = PendingMeeting(item.meeting_id, f"{item.due} {item.time}", "", item.company)
            self.app.open_meeting_outcome(meeting)  # type: ignore[attr-defined]
            return
        from repdesk.tui.forms.log_touch import LogTouchForm

        row = self.query_one("#queue", DataTable).cursor_row
        following = self.queue_items[row + 1].prospect_id if row + 1 < len(self.queue_items) else None

        def logged(result: Any) -> None:
            if result is not None:
                self.select_after = (following, row)
                self.query_one("#queue", DataTable).focus()

        self.app.push_screen(LogTouchForm(self.desk, item.channel, item.prospect_id, item.company), logged)

    @on(DataTable.RowSelected, "#queue")
    def _queue_selected(self, event: DataTable.RowSelected) -> None:
        self.action_work()

    def action_meeting_outcome(self) -> None:
        if self.query_one("#queue", DataTable).has_focus:
            self.action_work()

    def action_snooze(self) -> None:
        """``s``: on a follow-up in the queue, move it to the next working day; elsewhere (or on a row
        without a follow-up), log a social message as everywhere else."""
        item = self._item() if self.query_one("#queue", DataTable).has_focus else None
        if item is None or item.followup_id is None:
            self.app.action_log("social")  # type: ignore[attr-defined]
            return
        self.followup_worker("snooze", item.followup_id, item.company)

    def action_done(self) -> None:
        """``d``: on a follow-up in the queue, mark it done; elsewhere (or on a row without a
        follow-up), a deal step as everywhere else."""
        item = self._item() if self.query_one("#queue", DataTable).has_focus else None
        if item is None or item.followup_id is None:
            self.app.action_deal()  # type: ignore[attr-defined]
            return
        self.followup_worker("done", item.followup_id, item.company)

    @work(thread=True, exclusive=True, group="followup")
    def followup_worker(self, what: str, fid: int, company: str) -> None:
        try:
            if what == "snooze":
                row = self.desk.snooze(fid)
                message = f"Snoozed {company} to {row['due']}"
            else:
                self.desk.followup_done(fid)
                message = f"Done: {company}"
        except InputError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._followup_changed, message)

    def _followup_changed(self, message: str) -> None:
        self.notify(message, timeout=3)
        self.app.refresh_data()  # type: ignore[attr-defined]

    @on(Input.Submitted, "#quicklog")
    def _quick(self, event: Input.Submitted) -> None:
        self.quick_log(event.value)

    @work(thread=True, exclusive=True, group="quicklog")
    def quick_log(self, line: str) -> None:
        """``call acme connected [--at WHEN] [--minutes N] [--note TEXT]`` — the words of ``repdesk log``."""
        from repdesk.tui.quicklog import parse_quick

        try:
            q = parse_quick(line)
            p = self.desk.find(q.prospect)
            row = self.desk.log_touch(p["id"], q.channel, q.outcome, q.note, q.at, q.minutes)
        except InputError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=6)
            return
        self.app.call_from_thread(self._quick_done, f"Logged {row['channel']} · {row['outcome']} · {p['company']}")

    def _quick_done(self, message: str) -> None:
        self.query_one("#quicklog", Input).value = ""
        self.notify(message, timeout=3)
        self.app.refresh_data()  # type: ignore[attr-defined]
