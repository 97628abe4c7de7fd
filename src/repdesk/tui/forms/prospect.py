"""Add or edit a prospect."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from repdesk.tui.forms.base import Form, field

PROSPECT_INPUTS = (
    ("company", "Company (required)", "Acme Corp"),
    ("contact", "Contact", "Jane Doe"),
    ("title", "Title", "VP Sales"),
    ("seniority", "Seniority", "c_level, vp, director, manager, individual, unknown"),
    ("email", "Email", "jane@acme.example"),
    ("phone", "Phone", "+1 555 0100"),
    ("website", "Website", "acme.example"),
    ("industry", "Industry", "software"),
    ("employees", "Employees", "120"),
    ("region", "Region", "EMEA"),
    ("source", "Source", "referral, inbound, outbound, linkedin, event, partner, customer, other"),
    ("pain_points", "Pain points", "what hurts them"),
    ("notes", "Notes", ""),
)


class ProspectForm(Form):
    """Add a prospect, or edit one (``current`` holds its fields)."""

    def __init__(self, desk: Any, current: dict[str, Any] | None = None) -> None:
        super().__init__(desk)
        self.current = current
        self.TITLE_TEXT = "New prospect" if current is None else f"Edit {current['company']}"

    def fields(self) -> ComposeResult:
        for key, label, hint in PROSPECT_INPUTS:
            value = "" if self.current is None or self.current.get(key) is None else str(self.current[key])
            yield from field(label, Input(value=value, placeholder=hint, id=f"f-{key}"))

    def on_mount(self) -> None:
        self.query_one("#f-company", Input).focus()

    @on(Input.Submitted)
    def save(self, event: Any = None) -> None:
        values = {key: self.value(f"#f-{key}") for key, _, _ in PROSPECT_INPUTS}
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
