"""Messages the app's parts send each other."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """A write was saved: every screen that shows data reloads."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
