"""Set a revenue target."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from repdesk.tui.forms.base import Form, field


class TargetForm(Form):
    """Set a month's or quarter's revenue target."""

    TITLE_TEXT = "Target"

    def fields(self) -> ComposeResult:
        yield from field("Period", Input(placeholder="2026-11 or 2026-Q4", id="period"))
        yield from field("Revenue target", Input(placeholder="e.g. 300000", id="revenue"))
        yield from field("Average deal (optional)", Input(placeholder="else your own from the last 365 days", id="avg"))
        yield from field("Fixed daily goal (optional)", Input(placeholder="touches a day", id="goal"))
        yield from field("Working days", Input(placeholder="default mon-fri", id="workdays"))

    def on_mount(self) -> None:
        self.query_one("#period", Input).focus()

    @on(Input.Submitted)
    def save(self, event: Any = None) -> None:
        v = [self.value(f"#{k}") for k in ("period", "revenue", "avg", "goal", "workdays")]
        self.save_with(lambda: self.desk.set_target(*v), f"Target {v[0]} set")
