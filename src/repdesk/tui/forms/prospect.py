"""Add or edit a prospect."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from repdesk.tui.forms.base import Form

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
