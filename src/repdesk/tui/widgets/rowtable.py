"""A table of many rows drawn line by line: only the rows on screen are ever formatted.

Textual's DataTable keeps every row it is given, measures its cells and, after any change,
renders each visible cell again through Rich. For a list that a search narrows on every key
(10,000 prospects), this table holds a reference to the caller's list instead: giving it a new
list costs nothing until the visible rows are painted, each of them one strip of pre-padded text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from repdesk.present import safe_text


class Column:
    """A column: its key, its heading, its width in cells, whether it aligns right, and which of a
    row's cells it shows (``index``; by default its place among the columns)."""

    __slots__ = ("index", "key", "label", "right", "width")

    def __init__(self, key: str, label: str, width: int, *, right: bool = False, index: int | None = None) -> None:
        self.key, self.label, self.width, self.right, self.index = key, label, width, right, index


#: a row's cells: text, with an optional style for one cell
Cells = Sequence[str | tuple[str, str]]


class RowTable(ScrollView, can_focus=True):
    """Rows of text in fixed-width columns under a heading that stays put, with a row cursor.

    ``set_rows(items, cells)`` shows ``items`` (any sequence, kept by reference); ``cells(item)``
    gives a row's cell texts, called only for rows drawn. User text is shown literally: cells are
    plain text (control characters made visible), never markup.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "rowtable--header",
        "rowtable--cursor",
        "rowtable--even",
    }
    DEFAULT_CSS = """
    RowTable { background: $surface; }
    RowTable > .rowtable--header { text-style: bold; background: $panel; color: $foreground; }
    RowTable > .rowtable--cursor { background: $block-cursor-background; color: $block-cursor-foreground;
                                   text-style: $block-cursor-text-style; }
    RowTable:blur > .rowtable--cursor { background: $block-cursor-blurred-background;
                                        text-style: $block-cursor-blurred-text-style; }
    RowTable > .rowtable--even { background: $surface-lighten-1; }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class _Event(Message):
        """Something that happened to the table (``control`` is it, for ``@on`` selectors)."""

        def __init__(self, table: RowTable, index: int) -> None:
            super().__init__()
            self.table, self.index = table, index

        @property
        def control(self) -> RowTable:
            return self.table

        @property
        def row(self) -> int:
            return self.index

        @property
        def column_index(self) -> int:
            return self.index

    class RowHighlighted(_Event):
        """The cursor moved to ``row``."""

    class RowSelected(_Event):
        """Enter, or a click on the row under the cursor: ``row`` chosen."""

    class HeaderSelected(_Event):
        """A click on the heading of column ``column_index``."""

    def __init__(self, columns: Sequence[Column] = (), *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._items: Sequence[Any] = ()
        self._cells: Callable[[Any], Cells] = lambda item: item
        self._lines: dict[int, list[tuple[str, str]]] = {}  # row → its padded cells, for rows drawn
        self._header_text = ""
        #: the field ``/`` moves to; the letters typed right behind it follow it there
        self.search: Widget | None = None
        self.columns: list[Column] = []
        self.set_columns(columns)

    # -- content ----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._items)

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)
        for i, column in enumerate(self.columns):
            if column.index is None:
                column.index = i
        self._header_text = ""
        self._lines.clear()
        self._resize()

    def set_rows(self, items: Sequence[Any], cells: Callable[[Any], Cells]) -> None:
        """Show ``items`` (kept by reference, not copied); the cursor stays on its row number."""
        self._items, self._cells = items, cells
        self._lines.clear()
        self._resize()
        if self.cursor_row >= len(items):
            self.cursor_row = max(0, len(items) - 1)
        self.refresh()

    def _resize(self) -> None:
        width = sum(c.width for c in self.columns) + 2 * len(self.columns)
        self.virtual_size = Size(width, len(self._items) + 1)

    def _fit(self, text: str, width: int, right: bool) -> str:
        text = safe_text(text).replace("\n", " ").replace("\t", " ")
        if cell_len(text) > width:
            return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
        pad = " " * (width - cell_len(text))
        return pad + text if right else text + pad

    def _row(self, index: int) -> list[tuple[str, str]]:
        line = self._lines.get(index)
        if line is None:
            line = []
            cells = self._cells(self._items[index])
            for column in self.columns:
                cell = cells[column.index or 0]
                text, style = (cell, "") if isinstance(cell, str) else cell
                line.append((" " + self._fit(text, column.width, column.right) + " ", style))
            if len(self._lines) > 500:  # rows drawn long ago go
                self._lines.clear()
            self._lines[index] = line
        return line

    # -- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        if y == 0:
            if not self._header_text:
                self._header_text = "".join(" " + self._fit(c.label, c.width, c.right) + " " for c in self.columns)
            style = self.get_component_rich_style("rowtable--header")
            return Strip([Segment(self._header_text, style)]).crop_extend(scroll_x, scroll_x + width, style)
        index = scroll_y + y - 1
        if index >= len(self._items):
            return Strip.blank(width, self.rich_style)
        base = self.rich_style
        if index == self.cursor_row:
            base = base + self.get_component_rich_style("rowtable--cursor")
        elif index % 2:
            base = base + self.get_component_rich_style("rowtable--even")
        segments = [
            Segment(text, base + Style.parse(style) if style and index != self.cursor_row else base)
            for text, style in self._row(index)
        ]
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, base)

    # -- the cursor ---------------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        if not self._items:
            return
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.RowHighlighted(self, new))

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self._items) - 1)) if self._items else 0

    def _scroll_to_cursor(self) -> None:
        rows = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + rows:
            self.scroll_to(y=self.cursor_row - rows + 1, animate=False)

    def move_cursor(self, row: int) -> None:
        self.cursor_row = row

    def action_cursor(self, step: int) -> None:
        self.cursor_row += step

    def action_page(self, direction: int) -> None:
        self.cursor_row += direction * max(1, self.scrollable_content_region.height - 2)

    def action_edge(self, end: int) -> None:
        self.cursor_row = len(self._items) - 1 if end else 0

    def action_select(self) -> None:
        if self._items:
            self.post_message(self.RowSelected(self, self.cursor_row))

    # -- "/" and the letters right behind it ----------------------------------------------------

    async def _on_key(self, event: events.Key) -> None:
        """``/`` moves to the search at once, and a letter that reaches the table after the focus has
        moved on (typed fast, or pasted, behind the ``/``) goes on to the field that has it now:
        Textual delivers keys already on their way to the widget they were sent to."""
        focused = self.screen.focused
        if self.search is not None and event.key == "slash" and focused is self:
            event.stop()
            event.prevent_default()
            self.screen.set_focus(self.search)
        elif focused is not None and focused is not self and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))

    # -- the mouse ----------------------------------------------------------------------------

    async def _on_click(self, event: events.Click) -> None:
        y = event.y
        if y == 0:
            x = event.x + int(self.scroll_offset.x)
            edge = 0
            for i, column in enumerate(self.columns):
                edge += column.width + 2
                if x < edge:
                    self.post_message(self.HeaderSelected(self, i))
                    return
            return
        row = int(self.scroll_offset.y) + y - 1
        if 0 <= row < len(self._items):
            if row == self.cursor_row:
                self.post_message(self.RowSelected(self, row))
            else:
                self.cursor_row = row
