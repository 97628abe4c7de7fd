"""Settings: targets, ICP criteria, default rates, rep name, currency, time zone."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from repdesk.domain.errors import InputError
from repdesk.tui.actions import bindings
from repdesk.tui.literal import lit
from repdesk.tui.screens.base import DataScreen
from repdesk.tui.widgets.table import Table

EDITABLE = ("rep_name", "currency", "timezone", "window_days", "daily_goal",
            "rates.booked", "rates.show", "rates.proposal", "rates.win")  # fmt: skip


class SettingsScreen(DataScreen):
    """Everything the plan depends on. Enter in a field saves it."""

    BINDINGS = bindings("settings")
    SCOPE = "settings"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings"), Horizontal(classes="row"):
            with Vertical(classes="pane"):
                yield Static("[b]Targets[/b] (t adds or replaces one)", classes="pane-title")
                yield Table(id="targets", cursor_type="row")
                yield Static("[b]ICP criteria[/b] (i adds · Enter edits · x removes)", classes="pane-title")
                yield Table(id="criteria", cursor_type="row")
            with Vertical(classes="pane", id="setting-fields"):
                yield Static("[b]Settings[/b] (Enter saves a field)", classes="pane-title")
                for key in EDITABLE:
                    with Horizontal(classes="setting"):
                        yield Label(key, classes="setting-label")
                        yield Input(id=f"s-{key.replace('.', '-')}", classes="setting-input")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#targets", DataTable).add_columns("period", "revenue", "avg deal", "daily goal", "days")
        self.query_one("#criteria", DataTable).add_columns("key", "label", "rule")

    def fetch(self) -> Any:
        return self.desk.settings_view()

    def show(self, data: dict[str, Any]) -> None:
        targets = self.query_one("#targets", DataTable)
        targets.clear()
        for t in data["targets"]:
            targets.add_row(t["period"], f"{t['revenue']:,}", f"{t['avg_deal']:,}" if t["avg_deal"] else "own",
                            str(t["daily_goal"] or "plan"), t["workdays"])  # fmt: skip
        crit = self.query_one("#criteria", DataTable)
        crit.clear()
        self.criteria = data["criteria"]
        for c in data["criteria"]:
            crit.add_row(c["key"], lit(c["label"]), lit(c["rule_text"]), key=c["key"])
        for key in EDITABLE:
            field = self.query_one(f"#s-{key.replace('.', '-')}", Input)
            if not field.has_focus:
                field.value = data["settings"].get(key, "")

    def action_remove(self) -> None:
        table = self.query_one("#criteria", DataTable)
        crits = getattr(self, "criteria", [])
        if table.has_focus and 0 <= table.cursor_row < len(crits):
            self.write(lambda: self.desk.remove_criterion(crits[table.cursor_row]["key"]), "criterion removed")

    @on(DataTable.RowSelected, "#criteria")
    def _edit_criterion(self, event: DataTable.RowSelected) -> None:
        crits = getattr(self, "criteria", [])
        if 0 <= event.cursor_row < len(crits):
            self.app.open_form("criterion", crits[event.cursor_row])  # type: ignore[attr-defined]

    @on(Input.Submitted, ".setting-input")
    def _save(self, event: Input.Submitted) -> None:
        key = (event.input.id or "")[2:].replace("rates-", "rates.")
        value = event.value
        self.write(lambda: self.desk.set_setting(key, value), f"{key} saved")

    @work(thread=True, exclusive=True, group="settings-write")
    def write(self, fn: Any, done: str) -> None:
        try:
            fn()
        except InputError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=6)
            return
        self.app.call_from_thread(self.notify, done, timeout=3)
        self.app.call_from_thread(self.reload)
