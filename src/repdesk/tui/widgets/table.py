"""The app's data table: Textual's DataTable, drawn again once its columns are measured."""

from __future__ import annotations

from textual import events
from textual.widgets import DataTable


class Table(DataTable[object]):
    """A DataTable that forgets the lines it drew before its columns were measured.

    DataTable measures new rows when the app is next idle, but keeps the lines it rendered before
    that under the same key: a heading drawn between adding the rows and that idle moment kept the
    narrow widths of the column labels while the rows below it were drawn at their measured widths.
    """

    async def _on_idle(self, event: events.Idle | None) -> None:
        measured = bool(self._updated_cells or self._require_update_dimensions)
        await super()._on_idle(event)  # type: ignore[arg-type]
        if measured:
            self._clear_caches()
            self.refresh()
