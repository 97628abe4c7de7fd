"""The keys, on one page."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = """[b]repdesk keys[/b]

[b]Screens[/b]     1 Today · 2 Prospects · 3 Review · 4 Settings · Esc back
[b]Log[/b]         c call · e email · v visit · s social · m meeting · d deal step · n new prospect
[b]Today[/b]       : quick log (call acme connected) · Enter on a meeting: record its outcome
[b]Prospects[/b]   / search · o sort · Enter open · f edit fields · space toggle a manual ICP answer
[b]Review[/b]      w window 30 / 90 / 365 days
[b]Settings[/b]    t target · i ICP criterion · Enter edits it · x removes it · Enter saves a field
[b]Everywhere[/b]  u undo · ctrl+p command palette · D light/dark · ? this help · q quit

In a form: type to pick a prospect (fuzzy), ↑↓ to choose, Enter saves, Esc cancels.
A new company name in the picker creates the prospect on the spot."""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            yield Static(KEYS)
