"""The keys, on one page, made from the app's action table."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from repdesk.tui.actions import help_lines


def keys_text() -> Text:
    """Every key of the app, by where it works."""
    out = Text()
    out.append("repdesk keys\n", style="bold")
    for section, rows in help_lines():
        out.append(f"\n{section}\n", style="bold")
        for key, title in rows:
            out.append(f"  {key:<8}", style="bold cyan")
            out.append(f"{title}\n")
    out.append("\nIn a picker: type a few letters of the company or contact (fuzzy), ↑↓, Enter.\n")
    out.append("A new company name in the picker creates the prospect on the spot.")
    return out


class HelpScreen(ModalScreen[None]):
    """The help page; Esc, ? or q closes it."""

    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            yield Static(keys_text())
