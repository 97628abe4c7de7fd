"""Correct a touch: channel, outcome, time, minutes, note (the same rules as ``repdesk touch edit``)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from repdesk.domain import vocab
from repdesk.figures.lists import TouchRow
from repdesk.tui.forms.base import Form, field


class TouchEditForm(Form):
    """Edit one touch; only what changed is written, in one undoable action."""

    def __init__(self, desk: Any, touch: TouchRow) -> None:
        super().__init__(desk)
        self.touch = touch
        self.TITLE_TEXT = f"Touch #{touch.id} with {touch.company}"

    def fields(self) -> ComposeResult:
        t = self.touch
        yield from field("Channel", Input(value=t.channel, placeholder=", ".join(vocab.CHANNELS), id="channel"))
        yield from field("Outcome", Input(value=t.outcome, placeholder="e.g. connected, replied", id="outcome"))
        yield from field("When", Input(value=t.at[:16].replace("T", " "), placeholder="2026-11-20 14:30", id="at"))
        yield from field("Minutes", Input(value="" if t.minutes is None else str(t.minutes), id="minutes"))
        yield from field("Note", Input(value=t.note or "", id="note"))

    def on_mount(self) -> None:
        self.query_one("#outcome", Input).focus()

    @on(Input.Submitted)
    def save(self, event: Any = None) -> None:
        t = self.touch
        was = {"channel": t.channel, "outcome": t.outcome, "at": t.at[:16].replace("T", " "),
               "minutes": "" if t.minutes is None else str(t.minutes), "note": t.note or ""}  # fmt: skip
        changed = {k: self.value(f"#{k}") for k in was if self.value(f"#{k}") != was[k]}
        if not changed:
            self.dismiss(None)
            return
        self.save_with(lambda: self.desk.edit_touch(t.id, changed), f"Touch #{t.id} corrected")
