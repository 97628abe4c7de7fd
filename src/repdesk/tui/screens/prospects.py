"""Prospects: a searchable, sortable table; Enter opens a prospect."""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static

from repdesk.figures.prospects import ProspectRow
from repdesk.present import prospect_cells, safe_text
from repdesk.tui.actions import bindings
from repdesk.tui.screens.base import DataScreen

COLUMNS = (
    ("company", "company"),
    ("contact", "contact"),
    ("stage", "stage"),
    ("icp_grade", "ICP"),
    ("last_touch", "last touch"),
    ("next_meeting", "next meeting"),
    ("next_step", "next step"),
    ("open_value", "open value"),
)
#: rows put in the table at once; more are added as the cursor nears the end (a DataTable
#: measures every cell it is given, so a page, not every one of 10,000 prospects)
PAGE = 100
#: keystrokes closer together than this are filtered once, after the last one
DEBOUNCE_S = 0.04


class ProspectsScreen(DataScreen):
    """Every prospect, filtered as you type, sorted by any column.

    The list is read once per change of the data (in a worker) and kept; typing filters and pages
    that kept list on the UI thread without touching the database, and the table is only extended
    or refilled with the rows that changed.
    """

    BINDINGS = bindings("prospects")
    SCOPE = "prospects"
    sort_index = 0
    reverse = False

    def __init__(self) -> None:
        super().__init__()
        self._base: list[ProspectRow] = []  # every prospect, as read (by company)
        self._rows: list[ProspectRow] = []  # every prospect, in the current sort order
        self._hay: list[str] = []  # company and contact, case-folded, per row of _rows
        self._matches: list[ProspectRow] = []  # the rows that match the search
        self._shown: list[tuple[int, tuple[str, ...]]] = []  # the table's rows: prospect id and cells, by slot
        self._needle = ""
        self._pending: Timer | None = None
        self._last_filter = 0.0
        #: how many times the table has been brought up to date (benchmarks wait on it)
        self.updates = 0

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

    def on_screen_resume(self) -> None:
        """Shown again: at once from the list already read when nothing changed, else read anew."""
        rows = self.desk.cached_prospects()
        if rows is None:
            self.reload()
        elif rows is self._base:
            self._mark_shown()
        else:
            self._show(rows)

    def fetch(self) -> Any:
        return self.desk.prospects()

    def show(self, rows: list[ProspectRow]) -> None:
        self._base = rows
        self._sort()

    def _sort(self) -> None:
        key = COLUMNS[self.sort_index][0]

        def order(r: ProspectRow) -> tuple[bool, Any]:
            value = getattr(r, key)
            return (value is None, value if value is not None else "")

        self._rows = sorted(self._base, key=order, reverse=self.reverse)
        self._hay = [f"{r.company}\n{r.contact or ''}".casefold() for r in self._rows]
        self._filter()

    def _filter(self) -> None:
        """Match the search against the kept list and bring the table up to date."""
        self._pending = None
        self._last_filter = time.monotonic()
        needle = self._needle
        if needle:
            self._matches = [r for r, hay in zip(self._rows, self._hay, strict=True) if needle in hay]
        else:
            self._matches = self._rows
        self._fill(PAGE)
        arrow = "↓" if self.reverse else "↑"
        total = len(self._matches)
        more = f" (showing {len(self._shown):,}; type to narrow)" if total > len(self._shown) else ""
        self.query_one("#count", Static).update(
            f"{total:,} prospects{more} · sorted by {COLUMNS[self.sort_index][1]} {arrow} · Enter opens · n adds"
        )
        self.updates += 1

    def _fill(self, count: int) -> None:
        """Show the first ``count`` matches, updating the table in place: row ``i`` of the table is
        slot ``i``; a slot whose prospect or cells changed has only its changed cells rewritten, and
        rows are added or taken off at the end (a DataTable measures every cell it is given, so a
        keystroke that narrows the list rewrites a few cells instead of rebuilding a page)."""
        table = self.query_one("#prospects", DataTable)
        wanted = [(r.id, self._cells(r)) for r in self._matches[:count]]
        shown = self._shown
        if len(wanted) * 2 < len(shown) - len(wanted):  # mostly rows to take off: fewer to write anew
            table.clear()
            shown = []
        today = self.desk.today_date().isoformat()

        def text(column: str, cell: str) -> Text:
            overdue = column == "next_step" and cell != "" and cell < today  # an overdue next step reads red
            return Text(safe_text(cell), no_wrap=True, end="", style="bold red" if overdue else "")

        for slot, ((_, cells), (_, before)) in enumerate(zip(wanted, shown, strict=False)):
            if cells != before:
                for (column, _label), cell, old in zip(COLUMNS, cells, before, strict=True):
                    if cell != old:
                        table.update_cell(str(slot), column, text(column, cell))
        for slot in range(len(shown) - 1, len(wanted) - 1, -1):
            table.remove_row(str(slot))
        for slot in range(len(shown), len(wanted)):
            cells = wanted[slot][1]
            table.add_row(*(text(column, c) for (column, _label), c in zip(COLUMNS, cells, strict=True)), key=str(slot))
        self._shown = wanted

    @staticmethod
    def _cells(r: ProspectRow) -> tuple[str, ...]:
        # shown as Text, never markup: a company called "[bold]" reads as typed
        return (*prospect_cells(r), f"{r.open_value:,}" if r.open_value else "")

    @on(DataTable.RowHighlighted, "#prospects")
    def _more(self, event: DataTable.RowHighlighted) -> None:
        shown = len(self._shown)
        if event.cursor_row >= shown - 10 and shown < len(self._matches):
            self._fill(shown + PAGE)

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self._needle = event.value.strip().casefold()
        if self._pending is not None:
            self._pending.stop()
        wait = DEBOUNCE_S - (time.monotonic() - self._last_filter)
        if wait <= 0:  # the first key after a pause shows at once; a burst is filtered after its last key
            self._filter()
        else:
            self._pending = self.set_timer(wait, self._filter)

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
        self._sort()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        index = event.column_index
        self.reverse = not self.reverse if index == self.sort_index else False
        self.sort_index = index
        self._sort()

    @on(DataTable.RowSelected, "#prospects")
    def _open(self, event: DataTable.RowSelected) -> None:
        slot = int(event.row_key.value) if event.row_key.value is not None else -1
        if 0 <= slot < len(self._shown):
            from repdesk.tui.screens.prospect import ProspectScreen

            self.app.push_screen(ProspectScreen(self._shown[slot][0]))
