"""Prospects: a searchable, sortable table; Enter opens a prospect."""

from __future__ import annotations

import gc
import time
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static

from repdesk.figures.prospects import ProspectRow
from repdesk.present import prospect_cells, safe_text
from repdesk.tui.actions import bindings
from repdesk.tui.screens.base import DataScreen
from repdesk.tui.widgets.rowtable import Column, RowTable

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
#: the widest a column grows (longer text ends in an ellipsis); company and contact give way to a
#: narrow terminal down to their least, then columns go, the first of DROP first
MAX_WIDTH = {"company": 80, "contact": 48}
LEAST_WIDTH = {"company": 14, "contact": 10}
DROP = ("next_meeting", "open_value", "last_touch", "stage", "next_step")
#: the columns of numbers
RIGHT = {"open_value"}
#: keystrokes closer together than this are filtered once, after the last one
DEBOUNCE_S = 0.04


class ProspectsScreen(DataScreen):
    """Every prospect, filtered as you type, sorted by any column.

    The list is read once per change of the data (in a worker) and kept; typing filters that kept
    list on the UI thread without touching the database, and the table draws only the rows on
    screen (:class:`~repdesk.tui.widgets.rowtable.RowTable`).
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
        self._needle = ""
        self._pending: Timer | None = None
        self._last_filter = 0.0
        #: how many times the table has been brought up to date (benchmarks wait on it)
        self.updates = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ search company or contact", id="search")
        yield Static("", id="count")
        yield RowTable([Column(key, label, len(label), right=key in RIGHT) for key, label in COLUMNS], id="prospects")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#prospects", RowTable)
        table.search = self.query_one("#search", Input)  # "/" on the table, and what is typed after it
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
        self._size_columns()
        self._sort()
        # the list and its search text (tens of thousands of objects, kept until the data changes)
        # out of the cyclic collector's full passes too, as the app's start-up is: one such pass
        # over them costs a keystroke 25-45 ms
        gc.freeze()

    def _size_columns(self) -> None:
        """Each column as wide as its longest cell over every prospect (capped), fitted to the table's
        width: set once per read of the list and on a resize, never per keystroke."""
        from rich.cells import cell_len

        cells = [self._cells(r) for r in self._base]
        self._natural = {
            key: min(
                max(max((cell_len(safe_text(c[i])) for c in cells), default=0), cell_len(label)), MAX_WIDTH.get(key, 40)
            )  # fmt: skip
            for i, (key, label) in enumerate(COLUMNS)
        }
        self._fit_columns()

    def _fit_columns(self) -> None:
        table = self.query_one("#prospects", RowTable)
        # the width inside the vertical scrollbar (the list is nearly always longer than the screen)
        room = table.scrollable_content_region.width or self.app.size.width - 2
        widths = dict(getattr(self, "_natural", {key: len(label) for key, label in COLUMNS}))
        shown = [key for key, _ in COLUMNS]

        def total() -> int:
            return sum(widths[k] + 2 for k in shown)

        for key in ("company", "contact"):  # the long ones give way first
            over = total() - room
            if over > 0:
                widths[key] = max(LEAST_WIDTH[key], widths[key] - over)
        for key in DROP:  # then the columns a rep needs least
            if total() > room:
                shown.remove(key)
        columns = [
            Column(key, label, widths[key], right=key in RIGHT, index=i)
            for i, (key, label) in enumerate(COLUMNS)
            if key in shown
        ]
        if [(c.key, c.width) for c in table.columns] != [(c.key, c.width) for c in columns]:
            table.set_columns(columns)

    def on_resize(self) -> None:
        self._fit_columns()

    def _sort(self) -> None:
        key = COLUMNS[self.sort_index][0]

        def order(r: ProspectRow) -> tuple[bool, Any]:
            value = getattr(r, key)
            return (value is None, value if value is not None else "")

        self._rows = sorted(self._base, key=order, reverse=self.reverse)
        self._hay = [f"{r.company}\n{r.contact or ''}".casefold() for r in self._rows]
        self._filter()

    def _filter(self) -> None:
        """Match the search against the kept list and hand the matches to the table."""
        self._pending = None
        self._last_filter = time.monotonic()
        needle = self._needle
        if needle:
            self._matches = [r for r, hay in zip(self._rows, self._hay, strict=True) if needle in hay]
        else:
            self._matches = self._rows
        today = self.desk.today_date().isoformat()

        def cells(r: ProspectRow) -> tuple[str | tuple[str, str], ...]:
            row: list[str | tuple[str, str]] = list(self._cells(r))
            step = r.next_step
            if step and step < today:  # an overdue next step reads red
                row[6] = (step, "bold red")
            return tuple(row)

        self.query_one("#prospects", RowTable).set_rows(self._matches, cells)
        arrow = "↓" if self.reverse else "↑"
        self.query_one("#count", Static).update(
            f"{len(self._matches):,} prospects · sorted by {COLUMNS[self.sort_index][1]} {arrow} · Enter opens · n adds"
        )
        self.updates += 1

    @staticmethod
    def _cells(r: ProspectRow) -> tuple[str, ...]:
        return (*prospect_cells(r), f"{r.open_value:,}" if r.open_value else "")

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
        self.query_one("#prospects", RowTable).focus()

    def action_search(self) -> None:
        # at once, not after the key: the letters typed right behind the "/" go to the search
        self.set_focus(self.query_one("#search", Input))

    def action_clear_search(self) -> None:
        """Esc: from the search field, to the list it narrowed (the filter kept, so Enter opens one of
        the matches); in the list, the filter cleared."""
        search = self.query_one("#search", Input)
        if self.focused is not search and search.value:
            search.value = ""
        self.query_one("#prospects", RowTable).focus()

    def action_sort(self) -> None:
        if self.reverse:
            self.sort_index = (self.sort_index + 1) % len(COLUMNS)
        self.reverse = not self.reverse
        self._sort()

    @on(RowTable.HeaderSelected)
    def _header(self, event: RowTable.HeaderSelected) -> None:
        index = event.table.columns[event.column_index].index or 0
        self.reverse = not self.reverse if index == self.sort_index else False
        self.sort_index = index
        self._sort()

    @on(RowTable.RowSelected, "#prospects")
    def _open(self, event: RowTable.RowSelected) -> None:
        if 0 <= event.row < len(self._matches):
            from repdesk.tui.screens.prospect import ProspectScreen

            self.app.push_screen(ProspectScreen(self._matches[event.row].id))
