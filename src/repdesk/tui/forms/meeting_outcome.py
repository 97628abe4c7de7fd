"""Record how a meeting went."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, OptionList

from repdesk.figures.day import PendingMeeting
from repdesk.tui.forms.base import Form, choice_list, field


class MeetingOutcomeForm(Form):
    """How a meeting went: held (advanced, no decision, disqualified), no-show or cancelled."""

    CHOICES = ("held_advanced", "held_no_decision", "held_disqualified", "no_show", "cancelled")

    def __init__(self, desk: Any, meeting: PendingMeeting) -> None:
        super().__init__(desk)
        self.meeting = meeting
        self.TITLE_TEXT = f"Meeting #{meeting.id} with {meeting.company} ({meeting.at})"

    def fields(self) -> ComposeResult:
        yield from field("How did it go? (Enter saves)", choice_list(self.CHOICES, "result"))
        yield from field(
            "Next step agreed (optional, before choosing)", Input(placeholder="e.g. demo on Tuesday", id="next_step")
        )

    def on_mount(self) -> None:
        self.query_one("#result", OptionList).focus()

    @on(OptionList.OptionSelected, "#result")
    def save(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or ""
        mid = self.meeting.id
        next_step = self.value("#next_step")
        if choice.startswith("held_"):
            outcome = choice[len("held_") :]
            self.save_with(lambda: self.desk.meeting_outcome(mid, "held", outcome, next_step), f"Meeting #{mid} held")
        else:
            self.save_with(lambda: self.desk.meeting_outcome(mid, choice), f"Meeting #{mid}: {choice}")
