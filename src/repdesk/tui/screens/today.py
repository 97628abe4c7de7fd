"""Today: the barometer, goals, the day's timeline, meetings needing an outcome, stale prospects, quick log."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from repdesk.domain.errors import InputError
from repdesk.domain.plan import STEP_LABELS
from repdesk.figures.day import Day
from repdesk.present import no_goal_advice, pct
from repdesk.tui.actions import bindings
from repdesk.tui.screens.base import DataScreen
from repdesk.tui.widgets.barometer import Barometer, level

WELCOME = """[b]Welcome to repdesk.[/b] Three steps to honest numbers:

  1. Set a revenue target (Settings, key [b]4[/b], then [b]t[/b]) — or `repdesk targets set 2026-Q4 --revenue 300000`
  2. Describe your ideal customer (Settings, [b]i[/b]) — industry, size, seniority, or a yes/no you answer
  3. Add your first prospect ([b]n[/b]) and log a call ([b]c[/b])

Just looking? Quit ([b]q[/b]) and run [b]repdesk --demo[/b] for a sample history."""


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
                with Vertical(classes="pane"):
                    yield Static("[b]Today[/b] (newest first)", classes="pane-title")
                    yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
                with Vertical(classes="pane"):
                    yield Static("[b]Meetings needing an outcome[/b] (Enter)", classes="pane-title")
                    yield DataTable(id="pending", cursor_type="row")
                    yield Static("[b]Gone stale[/b] (open deal, no touch for 14 days)", classes="pane-title")
                    yield DataTable(id="stale", cursor_type="row")
        with Horizontal(id="quickbar"):
            yield Label("Quick log (:)", id="quicklabel")
            yield Input(
                placeholder='call acme connected --at 10:00 --minutes 5 --note "asked for a deck"', id="quicklog"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#timeline", DataTable).add_columns("time", "what", "prospect", "note")
        self.query_one("#pending", DataTable).add_columns("id", "when", "kind", "prospect")
        self.query_one("#stale", DataTable).add_columns("prospect", "last touch", "open value")

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
            timeline.add_row(e.at, e.what, e.company, e.note[:40])
        if not day.timeline:
            timeline.add_row("", "nothing logged yet today", "", "")
        pending = self.query_one("#pending", DataTable)
        pending.clear()
        self.pending = list(day.pending)
        for m in day.pending:
            pending.add_row(str(m.id), m.at, m.kind, m.company, key=str(m.id))
        stale = self.query_one("#stale", DataTable)
        stale.clear()
        for s in day.stale:
            stale.add_row(s.company, s.last_touch, money(s.open_value, cur))

    def action_quick_log(self) -> None:
        self.query_one("#quicklog", Input).focus()

    def action_meeting_outcome(self) -> None:
        table = self.query_one("#pending", DataTable)
        if not table.has_focus or not getattr(self, "pending", None):
            return
        row = table.cursor_row
        if 0 <= row < len(self.pending):
            self.app.open_meeting_outcome(self.pending[row])  # type: ignore[attr-defined]

    @on(DataTable.RowSelected, "#pending")
    def _pending_selected(self, event: DataTable.RowSelected) -> None:
        self.action_meeting_outcome()

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
