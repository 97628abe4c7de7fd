"""Book a meeting."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, OptionList

from repdesk.domain import vocab
from repdesk.tui.forms.base import PickingForm, choice_list, field


class MeetingForm(PickingForm):
    """Book a meeting: prospect, when, kind and goal."""

    TITLE_TEXT = "Book a meeting"

    def fields(self) -> ComposeResult:
        yield from self.picker()
        yield from field("When", Input(placeholder="tomorrow 10:00 · thu 14:30 · 2026-11-24 09:00", id="at"))
        yield from field("Kind (Enter saves)", choice_list(vocab.MEETING_KINDS, "kind"))
        yield from field(
            "Goal: the next step aimed for (optional)", Input(placeholder=", ".join(vocab.GOALS), id="goal")
        )
        yield from field("Note (optional)", Input(placeholder="agenda, who attends", id="note"))

    def focus_next_field(self) -> None:
        self.query_one("#at", Input).focus()

    @on(OptionList.OptionSelected, "#kind")
    @on(Input.Submitted, "#at, #goal, #note")
    def save(self, event: Any = None) -> None:
        pid = self.need_prospect()
        if pid is None:
            return
        kinds = self.query_one("#kind", OptionList)
        kind = kinds.get_option_at_index(kinds.highlighted or 0).id or "first"
        at, goal, note = self.value("#at"), self.value("#goal"), self.value("#note")
        self.save_with(lambda: self.desk.book_meeting(pid, at, kind, goal, note), f"Meeting booked with {self.company}")
