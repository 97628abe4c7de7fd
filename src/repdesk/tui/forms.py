"""Small forms in modal screens: log a touch, book a meeting, add or edit a prospect, move a deal,
record a meeting's outcome, set a target, add an ICP criterion.

Enter saves, Escape cancels; the write runs in a thread worker and errors show inline — nothing
half-saved, since each write is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from repdesk.domain import vocab
from repdesk.domain.errors import InputError
from repdesk.tui.widgets.picker import ProspectPicker


class Form(ModalScreen[Any]):
    """A modal form with a title, an error line, and a save that runs in a worker."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    TITLE_TEXT = ""

    def __init__(self, desk: Any) -> None:
        super().__init__()
        self.desk = desk

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            yield Label(self.TITLE_TEXT, classes="form-title")
            yield from self.fields()
            yield Static("", classes="form-error", id="form-error")
            yield Label("Enter saves · Tab next field · Esc cancels", classes="form-hint")

    def fields(self) -> ComposeResult:
        yield from ()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(f"[b red]✗[/] {message}")

    def value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def save_with(self, fn: Callable[[], Any], done: str) -> None:
        """Run a write in a worker; dismiss with a notice, or show the error inline."""
        self._save(fn, done)

    @work(thread=True, exclusive=True, group="save")
    def _save(self, fn: Callable[[], Any], done: str) -> None:
        try:
            result = fn()
        except InputError as exc:
            self.app.call_from_thread(self.error, str(exc))
            return
        self.app.call_from_thread(self._saved, result, done)

    def _saved(self, result: Any, done: str) -> None:
        self.app.notify(done, timeout=3)
        self.dismiss(result)


def choice_list(items: tuple[str, ...], id: str) -> OptionList:  # noqa: A002
    options = OptionList(*[Option(i.replace("_", " "), id=i) for i in items], id=id, classes="choices")
    options.highlighted = 0
    return options


class PickingForm(Form):
    """A form that starts with a prospect picker (or a known prospect)."""

    def __init__(self, desk: Any, pid: int | None = None, company: str = "") -> None:
        super().__init__(desk)
        self.pid = pid
        self.company = company

    def picker(self) -> ComposeResult:
        if self.pid is None:
            yield ProspectPicker(self.desk, id="picker")
        else:
            yield Label(f"Prospect: [b]{self.company}[/b]", id="picked")

    def on_mount(self) -> None:
        if self.pid is None:
            self.query_one("#pick-input", Input).focus()
        else:
            self.focus_next_field()

    def focus_next_field(self) -> None:
        pass

    @on(ProspectPicker.Picked)
    def _picked(self, event: ProspectPicker.Picked) -> None:
        if event.pid is None:
            self._create(event.company)
        else:
            self.pid, self.company = event.pid, event.company
            self.query_one("#form-error", Static).update(f"[green]✓[/] {event.company}")
            self.focus_next_field()

    @work(thread=True, exclusive=True, group="save")
    def _create(self, company: str) -> None:
        try:
            row = self.desk.add_prospect({"company": company})
        except InputError as exc:
            self.app.call_from_thread(self.error, str(exc))
            return
        self.app.call_from_thread(self._created, row["id"], row["company"])

    def _created(self, pid: int, company: str) -> None:
        self.app.notify(f"New prospect {company}", timeout=3)
        self.pid, self.company = pid, company
        self.query_one("#form-error", Static).update(f"[green]✓[/] new prospect {company}")
        self.focus_next_field()

    def need_prospect(self) -> int | None:
        if self.pid is None:
            self.error("pick a prospect first")
        return self.pid


class LogTouchForm(PickingForm):
    """Log one touch: prospect, an outcome valid for the channel, an optional note and time."""

    def __init__(self, desk: Any, channel: str, pid: int | None = None, company: str = "") -> None:
        super().__init__(desk, pid, company)
        self.channel = channel
        self.TITLE_TEXT = f"Log {'an' if channel[0] in 'aeiou' else 'a'} {channel}"

    def fields(self) -> ComposeResult:
        yield from self.picker()
        yield Label("Outcome")
        yield choice_list(vocab.CHANNEL_OUTCOMES[self.channel], "outcome")
        yield Input(placeholder="note (optional)", id="note")
        yield Input(placeholder="when (default now): 14:30 · yesterday · mon 09:15", id="at")

    def focus_next_field(self) -> None:
        self.query_one("#outcome", OptionList).focus()

    @on(OptionList.OptionSelected, "#outcome")
    @on(Input.Submitted, "#note, #at")
    def save(self, event: Any = None) -> None:
        pid = self.need_prospect()
        if pid is None:
            return
        options = self.query_one("#outcome", OptionList)
        outcome = options.get_option_at_index(options.highlighted or 0).id or ""
        note, at = self.value("#note"), self.value("#at")
        self.save_with(
            lambda: self.desk.log_touch(pid, self.channel, outcome, note, at),
            f"Logged {self.channel} · {outcome.replace('_', ' ')} · {self.company}",
        )


class MeetingForm(PickingForm):
    """Book a meeting: prospect, when, kind and goal."""

    TITLE_TEXT = "Book a meeting"

    def fields(self) -> ComposeResult:
        yield from self.picker()
        yield Input(placeholder="when: tomorrow 10:00 · thu 14:30 · 2026-11-24 09:00", id="at")
        yield Label("Kind")
        yield choice_list(vocab.MEETING_KINDS, "kind")
        yield Input(placeholder="goal (demo, trial, site_visit, evaluation, proposal)", id="goal")

    def focus_next_field(self) -> None:
        self.query_one("#at", Input).focus()

    @on(OptionList.OptionSelected, "#kind")
    @on(Input.Submitted, "#at, #goal")
    def save(self, event: Any = None) -> None:
        pid = self.need_prospect()
        if pid is None:
            return
        kinds = self.query_one("#kind", OptionList)
        kind = kinds.get_option_at_index(kinds.highlighted or 0).id or "first"
        at, goal = self.value("#at"), self.value("#goal")
        self.save_with(lambda: self.desk.book_meeting(pid, at, kind, goal), f"Meeting booked with {self.company}")


PROSPECT_INPUTS = (
    ("company", "company (required)"),
    ("contact", "contact name"),
    ("title", "title"),
    ("seniority", "seniority: c_level, vp, director, manager, individual"),
    ("email", "email"),
    ("phone", "phone"),
    ("industry", "industry"),
    ("employees", "employees"),
    ("region", "region"),
    ("source", "source: referral, inbound, outbound, linkedin, event, partner, customer, other"),
    ("notes", "notes"),
)


class ProspectForm(Form):
    """Add a prospect, or edit one (``current`` holds its fields)."""

    def __init__(self, desk: Any, current: dict[str, Any] | None = None) -> None:
        super().__init__(desk)
        self.current = current
        self.TITLE_TEXT = "New prospect" if current is None else f"Edit {current['company']}"

    def fields(self) -> ComposeResult:
        for key, hint in PROSPECT_INPUTS:
            value = "" if self.current is None or self.current.get(key) is None else str(self.current[key])
            yield Input(value=value, placeholder=hint, id=f"f-{key}")

    def on_mount(self) -> None:
        self.query_one("#f-company", Input).focus()

    @on(Input.Submitted)
    def save(self, event: Any = None) -> None:
        values = {key: self.value(f"#f-{key}") for key, _ in PROSPECT_INPUTS}
        if self.current is None:
            self.save_with(lambda: self.desk.add_prospect(values), f"Added {values['company']}")
        else:
            pid = self.current["id"]
            changed = {
                k: v for k, v in values.items() if v != ("" if self.current.get(k) is None else str(self.current[k]))
            }
            if not changed:
                self.dismiss(None)
                return
            self.save_with(lambda: self.desk.edit_prospect(pid, changed), "Saved")


class DealForm(PickingForm):
    """A deal step: open a deal for a prospect, or move an open deal to proposal, won or lost."""

    TITLE_TEXT = "Deal step"
    STEPS = ("open", "proposal", "won", "lost")

    def fields(self) -> ComposeResult:
        yield from self.picker()
        yield Label("Step")
        yield choice_list(self.STEPS, "step")
        yield Label("Open deal (for proposal, won, lost)")
        yield OptionList(id="deal", classes="choices")
        yield Input(placeholder="value (for open: required; proposal/won: optional)", id="value")
        yield Input(placeholder="lost reason: " + ", ".join(vocab.LOST_REASONS), id="reason")

    def focus_next_field(self) -> None:
        self.load_deals()
        self.query_one("#step", OptionList).focus()

    @work(thread=True, exclusive=True, group="deals")
    def load_deals(self) -> None:
        deals = self.desk.open_deals(self.pid)
        self.app.call_from_thread(self._deals, deals)

    def _deals(self, deals: list[dict[str, Any]]) -> None:
        box = self.query_one("#deal", OptionList)
        box.clear_options()
        for d in deals:
            tag = " · proposal sent" if d["proposal"] else ""
            box.add_option(Option(f"#{d['id']} {d['title'] or 'deal'} · {d['value']:,}{tag}", id=str(d["id"])))
        if deals:
            box.highlighted = 0

    @on(OptionList.OptionSelected, "#step")
    def _step(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = "#value" if event.option.id in ("open", "proposal", "won") else "#reason"
        if event.option.id != "open" and self.query_one("#deal", OptionList).option_count:
            self.query_one("#deal", OptionList).focus()
        else:
            self.query_one(target, Input).focus()

    @on(OptionList.OptionSelected, "#deal")
    def _deal(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        steps = self.query_one("#step", OptionList)
        step = steps.get_option_at_index(steps.highlighted or 0).id
        self.query_one("#reason" if step == "lost" else "#value", Input).focus()

    @on(Input.Submitted, "#value, #reason")
    def save(self, event: Any = None) -> None:
        pid = self.need_prospect()
        if pid is None:
            return
        steps = self.query_one("#step", OptionList)
        step = steps.get_option_at_index(steps.highlighted or 0).id or "open"
        value, reason = self.value("#value"), self.value("#reason")
        if step == "open":
            if not value:
                self.error("a new deal needs a value")
                return
            self.save_with(
                lambda: self.desk.deal_step("open", pid=pid, value=value), f"Deal opened with {self.company}"
            )
            return
        deals = self.query_one("#deal", OptionList)
        if not deals.option_count:
            self.error(f"{self.company} has no open deal; choose 'open' first")
            return
        deal_id = int(deals.get_option_at_index(deals.highlighted or 0).id or 0)
        if step == "lost" and not reason:
            self.error("a lost deal needs a reason: " + ", ".join(vocab.LOST_REASONS))
            return
        self.save_with(
            lambda: self.desk.deal_step(step, deal_id=deal_id, value=value, reason=reason), f"Deal #{deal_id}: {step}"
        )


class MeetingOutcomeForm(Form):
    """How a meeting went: held (advanced, no decision, disqualified), no-show or cancelled."""

    CHOICES = ("held_advanced", "held_no_decision", "held_disqualified", "no_show", "cancelled")

    def __init__(self, desk: Any, meeting: dict[str, Any]) -> None:
        super().__init__(desk)
        self.meeting = meeting
        self.TITLE_TEXT = f"Meeting #{meeting['id']} with {meeting['company']} ({meeting['at']})"

    def fields(self) -> ComposeResult:
        yield choice_list(self.CHOICES, "result")

    def on_mount(self) -> None:
        self.query_one("#result", OptionList).focus()

    @on(OptionList.OptionSelected, "#result")
    def save(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or ""
        mid = self.meeting["id"]
        if choice.startswith("held_"):
            outcome = choice[len("held_") :]
            self.save_with(lambda: self.desk.meeting_outcome(mid, "held", outcome), f"Meeting #{mid} held")
        else:
            self.save_with(lambda: self.desk.meeting_outcome(mid, choice), f"Meeting #{mid}: {choice}")


class TargetForm(Form):
    """Set a month's or quarter's revenue target."""

    TITLE_TEXT = "Target"

    def fields(self) -> ComposeResult:
        yield Input(placeholder="period: 2026-11 or 2026-Q4", id="period")
        yield Input(placeholder="revenue target, e.g. 300000", id="revenue")
        yield Input(placeholder="average deal (optional; else your own from the last 365 days)", id="avg")
        yield Input(placeholder="fixed daily goal (optional)", id="goal")
        yield Input(placeholder="working days (default mon-fri)", id="workdays")

    def on_mount(self) -> None:
        self.query_one("#period", Input).focus()

    @on(Input.Submitted)
    def save(self, event: Any = None) -> None:
        v = [self.value(f"#{k}") for k in ("period", "revenue", "avg", "goal", "workdays")]
        self.save_with(lambda: self.desk.set_target(*v), f"Target {v[0]} set")


class CriterionForm(Form):
    """Add an ICP criterion from a label and a short rule, or edit one (``current``)."""

    def __init__(self, desk: Any, current: dict[str, Any] | None = None) -> None:
        super().__init__(desk)
        self.current = current
        self.TITLE_TEXT = "New ICP criterion" if current is None else f"Edit ICP criterion {current['key']}"

    def fields(self) -> ComposeResult:
        cur = self.current or {}
        yield Input(value=cur.get("label", ""), placeholder="label, e.g. Target industry", id="label")
        yield Input(
            value=cur.get("spec", ""),
            placeholder="rule: industry in software,fintech · employees 50..1000 · seniority >= director · manual",
            id="rule",
        )

    def on_mount(self) -> None:
        self.query_one("#label", Input).focus()

    @on(Input.Submitted)
    def save(self, event: Any = None) -> None:
        label, rule = self.value("#label"), self.value("#rule")
        if self.current is None:
            self.save_with(lambda: self.desk.add_criterion(label, rule), f"ICP criterion {label} added")
        else:
            key = self.current["key"]
            self.save_with(lambda: self.desk.edit_criterion(key, label, rule), f"ICP criterion {key} saved")
