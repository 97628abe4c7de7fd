"""Log one touch."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, OptionList

from repdesk.domain import vocab
from repdesk.tui.forms.base import PickingForm, choice_list, field


class LogTouchForm(PickingForm):
    """Log one touch: prospect, an outcome valid for the channel, an optional note and time."""

    def __init__(self, desk: Any, channel: str, pid: int | None = None, company: str = "") -> None:
        super().__init__(desk, pid, company)
        self.channel = channel
        self.TITLE_TEXT = f"Log {'an' if channel[0] in 'aeiou' else 'a'} {channel}"

    def fields(self) -> ComposeResult:
        yield from self.picker()
        yield from field("Outcome (Enter saves)", choice_list(vocab.CHANNEL_OUTCOMES[self.channel], "outcome"))
        yield from field("Note (optional)", Input(placeholder="what was said", id="note"))
        yield from field("When (default now)", Input(placeholder="14:30 · yesterday 9:00 · mon 09:15", id="at"))
        yield from field("Minutes (optional)", Input(placeholder="time spent", id="minutes"))

    def focus_next_field(self) -> None:
        self.query_one("#outcome", OptionList).focus()

    @on(OptionList.OptionSelected, "#outcome")
    @on(Input.Submitted, "#note, #at, #minutes")
    def save(self, event: Any = None) -> None:
        pid = self.need_prospect()
        if pid is None:
            return
        options = self.query_one("#outcome", OptionList)
        outcome = options.get_option_at_index(options.highlighted or 0).id or ""
        note, at, minutes = self.value("#note"), self.value("#at"), self.value("#minutes")
        self.save_with(
            lambda: self.desk.log_touch(pid, self.channel, outcome, note, at, minutes),
            f"Logged {self.channel} · {outcome.replace('_', ' ')} · {self.company}",
        )
