"""Every key of the app in one table: the bindings, the command palette, the help screen and the
README's key table are all made from it, so they cannot disagree.

A row names where its key works (``app`` everywhere, else one screen), the Textual action it runs,
the short label of the footer and the title the command palette and help show.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a rep can do with a key."""

    key: str  #: Textual key name(s), comma-separated
    action: str  #: the Textual action string, run on ``scope``
    label: str  #: the footer's short label
    title: str  #: what the palette and help call it
    scope: str = "app"  #: ``app`` or the screen it belongs to
    show: bool = True  #: shown in the footer
    display: str | None = None  #: how the key is written, when not the key name
    bind: bool = True  #: False for keys a widget handles itself (Enter on a table row)
    palette: bool = True  #: offered in the command palette

    @property
    def keys_text(self) -> str:
        """The key as a person types it."""
        first = self.key.split(",")[0]
        return self.display or KEY_NAMES.get(first, first)


KEY_NAMES = {"escape": "Esc", "enter": "Enter", "space": "Space"}

#: help sections, in the order they are shown
SECTIONS = {
    "app": "Everywhere",
    "today": "Today",
    "prospects": "Prospects",
    "prospect": "A prospect",
    "review": "Review",
    "settings": "Settings",
    "lists": "Lists",
    "form": "In a form",
}

ACTIONS: tuple[Action, ...] = (
    Action("1", "mode('today')", "Today", "Go to Today", show=False),
    Action("2", "mode('prospects')", "Prospects", "Go to Prospects", show=False),
    Action("3", "mode('review')", "Review", "Go to Review", show=False),
    Action("4", "mode('settings')", "Settings", "Go to Settings", show=False),
    Action("5", "mode('lists')", "Lists", "Go to Lists: touches, meetings, deals to correct", show=False),
    Action("c", "log('call')", "Call", "Log a call"),
    Action("e", "log('email')", "Email", "Log an email"),
    Action("v", "log('visit')", "Visit", "Log a visit", show=False),
    Action("s", "log('social')", "Social", "Log a social message", show=False),
    Action("m", "meeting", "Meeting", "Book a meeting"),
    Action("d", "deal", "Deal", "Deal step: open, proposal, won, lost"),
    Action("n", "new_prospect", "Prospect", "New prospect"),
    Action("u", "undo", "Undo", "Undo the last change"),
    Action("r", "redo", "Redo", "Redo what undo took back", show=False),
    Action("W", "export_week", "Export week", "Export this week's summary (Markdown and HTML)", show=False),
    Action("b", "backup", "Backup", "Back up the database (safe while the app is open)", show=False),
    Action("escape", "leave_field", "Leave field", "Leave the text field", show=False, palette=False),
    Action("slash", "search", "Search", "Search prospects", show=False, display="/"),
    Action("question_mark", "help", "Help", "Keys", display="?"),
    Action("ctrl+p", "command_palette", "Palette", "Command palette", show=False, bind=False, palette=False),
    Action("D", "toggle_theme", "Light/dark", "Toggle light and dark", show=False),
    Action("q", "quit", "Quit", "Quit", show=False),
    Action("colon", "quick_log", "Quick log", "Quick log: call acme connected", scope="today", display=":"),
    Action("enter", "work", "Log", "Work the queue: log the highlighted row", scope="today", bind=False, palette=False),
    Action(
        "s",
        "snooze",
        "Snooze",
        "Snooze the highlighted follow-up a working day (else: log a social)",
        scope="today",
    ),
    Action("d", "done", "Done", "Mark the highlighted follow-up done (else: a deal step)", scope="today"),
    Action("slash", "search", "Search", "Search prospects", scope="prospects", display="/", palette=False),
    Action("o", "sort", "Sort", "Change the sort", scope="prospects"),
    Action("escape", "clear_search", "Clear", "Leave the search, then clear it", scope="prospects", show=False),
    Action("enter", "open", "Open", "Open the prospect", scope="prospects", bind=False, palette=False),
    Action("escape", "app.pop_screen", "Back", "Back", scope="prospect", palette=False),
    Action("f", "edit", "Edit fields", "Edit the prospect's fields", scope="prospect"),
    Action(
        "space", "toggle_answer", "Toggle ICP answer", "Toggle a manual ICP answer (yes → no → ?)", scope="prospect"
    ),
    Action("y", "answer(True)", "Yes", "Answer the ICP criterion yes", scope="prospect", show=False),
    Action("N", "answer(False)", "No", "Answer the ICP criterion no", scope="prospect", show=False),
    Action("w", "window", "Window 30/90/365", "Review window: 30, 90 or 365 days", scope="review"),
    Action("t", "app.open_form('target')", "Add target", "Set a target", scope="settings"),
    Action("i", "app.open_form('criterion')", "Add ICP criterion", "Add an ICP criterion", scope="settings"),
    Action("enter", "edit", "Edit", "Edit the selected criterion", scope="settings", bind=False, palette=False),
    Action("x", "remove", "Remove criterion", "Remove the selected criterion", scope="settings"),
    Action("enter", "edit", "Edit", "Edit the highlighted row", scope="lists", bind=False, palette=False),
    Action("f", "edit", "Edit", "Edit the highlighted touch, meeting or deal", scope="lists"),
    Action("x", "delete", "Delete", "Delete the highlighted row (u brings it back)", scope="lists"),
    Action("enter", "save", "Save", "Save the form", scope="form", bind=False, palette=False),
    Action("escape", "cancel", "Cancel", "Leave the field, then close the form", scope="form"),
)


def for_scope(scope: str) -> list[Action]:
    """The actions of one scope, in table order."""
    return [a for a in ACTIONS if a.scope == scope]


#: the screens and their keys, as the title bar shows them (the footer keeps to the screen's own keys)
NAV = "  ".join(f"{a.key} {a.label}" for a in ACTIONS if a.action.startswith("mode("))


def bindings(scope: str) -> list[Binding | tuple[str, str] | tuple[str, str, str]]:
    """The Textual bindings of one scope."""
    return [
        Binding(a.key, a.action, a.label, show=a.show, key_display=a.display, tooltip=a.title)
        for a in for_scope(scope)
        if a.bind
    ]


def help_lines() -> list[tuple[str, list[tuple[str, str]]]]:
    """The help screen: per section, (key, title) pairs."""
    return [(title, [(a.keys_text, a.title) for a in for_scope(scope)]) for scope, title in SECTIONS.items()]


def markdown_table() -> str:
    """The README's key table."""
    lines = ["| where | key | does |", "|---|---|---|"]
    for section, rows in help_lines():
        for key, title in rows:
            shown = "`|`" if key == "|" else f"`{key}`"
            lines.append(f"| {section} | {shown} | {title} |")
    return "\n".join(lines)
