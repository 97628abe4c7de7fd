"""Add or edit an ICP criterion."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from repdesk.tui.forms.base import Form, field


class CriterionForm(Form):
    """Add an ICP criterion from a label and a short rule, or edit one (``current``)."""

    def __init__(self, desk: Any, current: dict[str, Any] | None = None) -> None:
        super().__init__(desk)
        self.current = current
        self.TITLE_TEXT = "New ICP criterion" if current is None else f"Edit ICP criterion {current['key']}"

    def fields(self) -> ComposeResult:
        cur = self.current or {}
        yield from field("Label", Input(value=cur.get("label", ""), placeholder="e.g. Target industry", id="label"))
        yield from field(
            "Rule",
            Input(
                value=cur.get("spec", ""),
                placeholder="industry in software,fintech · employees 50..1000 · seniority >= director · manual",
                id="rule",
            ),
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
