"""Prospects: a searchable, sortable table; Enter opens a prospect."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Input, Static

from repdesk.present import prospect_cells
from repdesk.tui.actions import bindings
from repdesk.tui.screens.base import DataScreen

COLUMNS = (
    ("company", "company"),
    ("contact", "contact"),
    ("stage", "stage"),
    ("icp_grade", "ICP"),
    ("last_touch", "last touch"),
    ("next_meeting", "next meeting"),
    ("open_value", "open value"),
)
SHOWN = 1000


class ProspectsScreen(DataScreen):
    """Every prospect, filtered as you type, sorted by any column."""

    BINDINGS = bindings("prospects")
    SCOPE = "prospects"
    sort_index = 0
    reverse = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ search company or contact", id="search")
        yield Static("", id="count")
        yield DataTable(id="prospects", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#prospects", DataTable)
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        table.focus()

    def fetch(self) -> Any:
        return self.desk.prospects(self.query_one("#search", Input).value)

    def show(self, rows: list[dict[str, Any]]) -> None:
        total = len(rows)
        key = COLUMNS[self.sort_index][0]
        rows = sorted(rows, key=lambda r: (r[key] is None, r[key] if r[key] is not None else ""), reverse=self.reverse)
        rows = rows[:SHOWN]  # a table of every one of 10,000 prospects would be slow to build; sort first
        table = self.query_one("#prospects", DataTable)
        table.clear()
        for r in rows:
            table.add_row(*prospect_cells(r), f"{r['open_value']:,}" if r["open_value"] else "", key=str(r["id"]))
        arrow = "↓" if self.reverse else "↑"
        more = f" (showing {len(rows):,}; type to narrow)" if total > len(rows) else ""
        self.query_one("#count", Static).update(
            f"{total:,} prospects{more} · sorted by {COLUMNS[self.sort_index][1]} {arrow} · Enter opens · n adds"
        )

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self.reload()

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        self.query_one("#prospects", DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        self.query_one("#prospects", DataTable).focus()

    def action_sort(self) -> None:
        if self.reverse:
            self.sort_index = (self.sort_index + 1) % len(COLUMNS)
        self.reverse = not self.reverse
        self.reload()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        index = event.column_index
        self.reverse = not self.reverse if index == self.sort_index else False
        self.sort_index = index
        self.reload()

    @on(DataTable.RowSelected, "#prospects")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            from repdesk.tui.screens.prospect import ProspectScreen

            self.app.push_screen(ProspectScreen(int(event.row_key.value)))
