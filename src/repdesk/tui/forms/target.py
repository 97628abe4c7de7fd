"""Set a revenue target."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from repdesk.tui.forms.base import Form


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
