"""Lists: the touches, meetings and deals, newest first — Enter edits the highlighted row, x deletes it."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from repdesk.domain.errors import InputError
from repdesk.present import money_text
from repdesk.tui.actions import bindings
from repdesk.tui.literal import lit
from repdesk.tui.screens.base import DataScreen
from repdesk.tui.widgets.table import Table

TABLES = ("l-touches", "l-meetings", "l-deals")


def _when(iso: str | None) -> str:
    return "" if not iso else iso[:16].replace("T", " ")


class ListsScreen(DataScreen):
    """Find and correct: every record kind in a table, the newest on top.

    Numbers and dates come first and the free text last, so a narrow terminal (80×24) clips a
    company or a note at the edge, never a figure.
    """

    BINDINGS = bindings("lists")
    SCOPE = "lists"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="lists-screen"):
            yield Static("[b]Touches[/b], last 30 days (Enter edits · x deletes · Tab next list)", classes="pane-title")
            yield Table(id="l-touches", cursor_type="row", zebra_stripes=True)
            yield Static("[b]Meetings[/b] (Enter records an outcome · x deletes)", classes="pane-title")
            yield Table(id="l-meetings", cursor_type="row", zebra_stripes=True)
            yield Static("[b]Deals[/b] (Enter moves the deal on · x deletes)", classes="pane-title")
            yield Table(id="l-deals", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#l-touches", DataTable).add_columns(
            "id", "when", "company", "channel", "outcome", "min", "note"
        )
        self.query_one("#l-meetings", DataTable).add_columns("id", "when", "kind", "status", "outcome", "company")
        self.query_one("#l-deals", DataTable).add_columns("id", "opened", "status", "value", "company", "title")
        self.query_one("#l-touches", DataTable).focus()

    def fetch(self) -> Any:
        return self.desk.lists()

    def show(self, data: dict[str, Any]) -> None:
        self.data = data
        cur = data["currency"]
        cells: dict[str, list[tuple[Any, ...]]] = {
            "l-touches": [(t.id, _when(t.at), t.company, t.channel, t.outcome, "" if t.minutes is None else t.minutes,
                           (t.note or "").replace("\n", " ")[:40]) for t in data["touches"]],
            "l-meetings": [(m.id, _when(m.at), m.kind, m.status, m.outcome or "", m.company) for m in data["meetings"]],
            "l-deals": [(d.id, _when(d.opened_at)[:10], d.status,
                         money_text(d.pipeline_value if d.status == "open" else d.value, cur), d.company, d.title or "")
                        for d in data["deals"]],
        }  # fmt: skip
        for name, rows in cells.items():
            table = self.query_one(f"#{name}", DataTable)
            row = table.cursor_row
            table.clear()
            for r in rows:
                table.add_row(*[lit(c) for c in r], key=str(r[0]))  # user text as typed, never markup
            if rows:
                table.move_cursor(row=min(row, len(rows) - 1))

    def _highlighted(self) -> tuple[str, Any] | None:
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is None or table.id not in TABLES or not getattr(self, "data", None):
            return None
        kind = table.id.removeprefix("l-")
        rows = self.data[kind]
        if not rows or not 0 <= table.cursor_row < len(rows):
            return None
        return kind, rows[table.cursor_row]

    def action_edit(self) -> None:
        picked = self._highlighted()
        if picked is None:
            return
        kind, row = picked
        self.app.edit_record(kind, row)  # type: ignore[attr-defined]

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_delete(self) -> None:
        picked = self._highlighted()
        if picked is not None:
            self._delete(*picked)

    @work(thread=True, exclusive=True, group="delete")
    def _delete(self, kind: str, row: Any) -> None:
        what = {"touches": "touch", "meetings": "meeting", "deals": "deal"}[kind]
        try:
            self.desk.delete(what, row.id)
        except InputError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=6)
            return
        self.app.call_from_thread(self.notify, f"Deleted {what} #{row.id} · u brings it back", timeout=5)
        self.app.call_from_thread(self.app.refresh_data)  # type: ignore[attr-defined]
