"""What every main screen shares: its data loads in a thread worker and is shown on the UI thread."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.screen import Screen
from textual.worker import get_current_worker


class DataScreen(Screen[None]):
    """A screen whose ``fetch`` runs in a worker and whose ``show`` renders the result."""

    #: set once the first data has been shown (tests and benchmarks wait on it)
    loaded = False
    #: how many times data has been shown (a benchmark waits for the next one)
    shown = 0

    @property
    def desk(self) -> Any:
        return self.app.desk  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Fetch fresh data in a worker."""
        self._load()

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        data = self.fetch()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, data)

    def _show(self, data: Any) -> None:
        with self.app.batch_update():  # every widget's new content laid out and painted once
            self.show(data)
        self._mark_shown()

    def _mark_shown(self) -> None:
        """The screen shows current data (freshly loaded, or kept because nothing changed)."""
        first = not self.loaded
        self.loaded = True
        self.shown += 1
        if first:
            warm = getattr(self.app, "warm", None)
            if warm is not None:
                warm()

    def fetch(self) -> Any:
        raise NotImplementedError

    def show(self, data: Any) -> None:
        raise NotImplementedError
