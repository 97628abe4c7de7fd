"""What every form shares: a modal with a title, labelled fields, an error line, and a save in a worker.

Enter saves, Escape cancels; the write runs in a thread worker and errors show inline — nothing
half-saved, since each write is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from repdesk.domain.errors import InputError
from repdesk.tui.actions import bindings
from repdesk.tui.literal import line
from repdesk.tui.messages import DataChanged
from repdesk.tui.widgets.picker import ProspectPicker


class Form(ModalScreen[Any]):
    """A modal form with a title, an error line, and a save that runs in a worker."""

    BINDINGS = bindings("form")
    SCOPE = "form"
    TITLE_TEXT = ""

    def __init__(self, desk: Any) -> None:
        super().__init__()
        self.desk = desk

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            yield Label(self.TITLE_TEXT, classes="form-title")
            yield from self.fields()
            yield Static("", classes="form-error", id="form-error")
            yield Label("Enter saves · Tab next field · Esc leaves a field, then closes", classes="form-hint")

    def fields(self) -> ComposeResult:
        yield from ()

    def action_cancel(self) -> None:
        """Esc: leave the text field first (the form stays), then close the form."""
        if isinstance(self.focused, Input):
            self.set_focus(None)
            self.query_one("#form-error", Static).update("Esc again closes the form · Tab goes back to the fields")
            return
        self.dismiss(None)

    def error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(line(("✗ ", "bold red"), message))

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
        self.app.post_message(DataChanged(done))
        self.dismiss(result)


def field(label: str, widget: Widget) -> ComposeResult:
    """A form field with its visible label above it (a placeholder alone vanishes once you type)."""
    yield Label(label, classes="field-label")
    yield widget


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
            yield from field("Prospect (type to search, Enter picks)", ProspectPicker(self.desk, id="picker"))
        else:
            yield Label(line("Prospect: ", (self.company, "bold")), id="picked")

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
            self.query_one("#form-error", Static).update(line(("✓ ", "green"), event.company))
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
        self.app.post_message(DataChanged(f"new prospect {company}"))
        self.pid, self.company = pid, company
        self.query_one("#form-error", Static).update(line(("✓ ", "green"), "new prospect ", company))
        self.focus_next_field()

    def need_prospect(self) -> int | None:
        if self.pid is None:
            self.error("pick a prospect first")
        return self.pid
