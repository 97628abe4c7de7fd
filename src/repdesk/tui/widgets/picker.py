"""Fuzzy prospect picking: type a few letters of the company or contact."""

from __future__ import annotations

from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from repdesk.tui.literal import lit

NEW = -1


class ProspectPicker(Vertical):
    """An input and a short list of matching prospects; Enter picks, and a new name can be created."""

    DEFAULT_CSS = """
    ProspectPicker { height: auto; }
    ProspectPicker OptionList { height: auto; max-height: 7; }
    """

    class Picked(Message):
        """A prospect was chosen (``pid`` is ``None`` for a new one named ``company``)."""

        def __init__(self, picker: ProspectPicker, pid: int | None, company: str) -> None:
            super().__init__()
            self.picker = picker
            self.pid = pid
            self.company = company

    def __init__(self, desk: Any, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.desk = desk
        self.matches: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder="prospect: type a few letters of the company or contact", id="pick-input")
        yield OptionList(id="pick-list")

    def on_mount(self) -> None:
        self.search("")

    @on(Input.Changed, "#pick-input")
    def _changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @work(thread=True, exclusive=True, group="pick")
    def search(self, text: str) -> None:
        matches = self.desk.pick(text)
        self.app.call_from_thread(self._show, text, matches)

    def _show(self, text: str, matches: list[dict[str, Any]]) -> None:
        self.matches = matches
        options = self.query_one("#pick-list", OptionList)
        options.clear_options()
        for m in matches:
            label = m["company"] + (f"  ·  {m['contact']}" if m["contact"] else "")
            options.add_option(Option(lit(label), id=str(m["id"])))
        name = text.strip()
        if name and not any(m["company"].casefold() == name.casefold() for m in matches):
            options.add_option(Option(lit(f"+ new prospect “{name}”"), id="new"))
        if options.option_count:
            options.highlighted = 0

    def on_key(self, event: events.Key) -> None:
        options = self.query_one("#pick-list", OptionList)
        if self.query_one("#pick-input", Input).has_focus and event.key in ("down", "up"):
            if options.option_count:
                current = options.highlighted or 0
                step = 1 if event.key == "down" else -1
                options.highlighted = max(0, min(options.option_count - 1, current + step))
            event.stop()
            event.prevent_default()

    @on(Input.Submitted, "#pick-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose(self.query_one("#pick-list", OptionList).highlighted)

    @on(OptionList.OptionSelected, "#pick-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        options = self.query_one("#pick-list", OptionList)
        if index is None or index >= options.option_count:
            return
        option = options.get_option_at_index(index)
        if option.id == "new":
            self.post_message(self.Picked(self, None, self.query_one("#pick-input", Input).value.strip()))
        else:
            company = next(m["company"] for m in self.matches if str(m["id"]) == option.id)
            self.query_one("#pick-input", Input).value = company
            self.post_message(self.Picked(self, int(option.id or 0), company))
