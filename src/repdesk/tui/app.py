"""The repdesk app: Today, Prospects, Review and Settings, keyboard-first and live."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from repdesk.tui import forms
from repdesk.tui.desk import Desk
from repdesk.tui.screens.base import DataScreen
from repdesk.tui.screens.help import HelpScreen
from repdesk.tui.screens.prospect import ProspectScreen
from repdesk.tui.screens.prospects import ProspectsScreen
from repdesk.tui.screens.review import ReviewScreen
from repdesk.tui.screens.settings import SettingsScreen
from repdesk.tui.screens.today import TodayScreen

LIVE_INTERVAL_S = 1.5


class RepdeskApp(App[None]):
    """One app factory for the command line, the tests and the screenshot script."""

    CSS_PATH = "app.tcss"
    TITLE = "repdesk"
    MODES = {
        "today": TodayScreen,
        "prospects": ProspectsScreen,
        "review": ReviewScreen,
        "settings": SettingsScreen,
    }
    DEFAULT_MODE = "today"
    BINDINGS = [
        Binding("1", "mode('today')", "Today"),
        Binding("2", "mode('prospects')", "Prospects"),
        Binding("3", "mode('review')", "Review"),
        Binding("4", "mode('settings')", "Settings"),
        Binding("c", "log('call')", "Call"),
        Binding("e", "log('email')", "Email"),
        Binding("v", "log('visit')", "Visit", show=False),
        Binding("s", "log('social')", "Social", show=False),
        Binding("m", "meeting", "Meeting"),
        Binding("d", "deal", "Deal"),
        Binding("n", "new_prospect", "Prospect"),
        Binding("u", "undo", "Undo"),
        Binding("slash", "search", "Search", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("D", "toggle_theme", "Light/dark", show=False),
        Binding("q", "quit", "Quit", show=False),
    ]

    def __init__(self, path: str, tz: str | None = None, *, demo: bool = False, live: bool = True) -> None:
        super().__init__()
        self.desk = Desk(path, tz)
        self.demo = demo
        self.live = live
        self.sub_title = "demo data" if demo else path
        self._signature = self.desk.signature()

    def on_mount(self) -> None:
        if self.live:
            self.set_interval(LIVE_INTERVAL_S, self.check_changes)

    # -- staying live ---------------------------------------------------------------------

    def check_changes(self) -> None:
        """Reload the screen when any process (the shell, too) has written to the database."""
        sig = self.desk.signature()
        if sig != self._signature:
            self._signature = sig
            self.refresh_data()

    def refresh_data(self) -> None:
        self._signature = self.desk.signature()
        screen = self.screen
        if isinstance(screen, DataScreen):
            screen.reload()
        else:
            for s in reversed(self.screen_stack):
                if isinstance(s, DataScreen):
                    s.reload()
                    break

    # -- actions --------------------------------------------------------------------------

    def action_mode(self, mode: str) -> None:
        self.switch_mode(mode)

    def _current_prospect(self) -> tuple[int | None, str]:
        for s in reversed(self.screen_stack):
            if isinstance(s, ProspectScreen) and s.detail:
                return s.pid, s.detail["company"]
        return None, ""

    def _form(self, form: Screen[Any]) -> None:
        def done(result: Any) -> None:
            if result is not None:
                self.refresh_data()

        self.push_screen(form, done)

    def action_log(self, channel: str) -> None:
        pid, company = self._current_prospect()
        self._form(forms.LogTouchForm(self.desk, channel, pid, company))

    def action_meeting(self) -> None:
        pid, company = self._current_prospect()
        self._form(forms.MeetingForm(self.desk, pid, company))

    def action_deal(self) -> None:
        pid, company = self._current_prospect()
        self._form(forms.DealForm(self.desk, pid, company))

    def action_new_prospect(self) -> None:
        self._form(forms.ProspectForm(self.desk))

    def open_prospect_form(self, detail: dict[str, Any]) -> None:
        self._form(forms.ProspectForm(self.desk, detail))

    def open_meeting_outcome(self, meeting: dict[str, Any]) -> None:
        self._form(forms.MeetingOutcomeForm(self.desk, meeting))

    def open_form(self, name: str, current: dict[str, Any] | None = None) -> None:
        self._form(forms.TargetForm(self.desk) if name == "target" else forms.CriterionForm(self.desk, current))

    def action_search(self) -> None:
        self.switch_mode("prospects")
        self.call_after_refresh(lambda: self.screen.query_one("#search").focus())

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_undo(self) -> None:
        self._undo()

    @work(thread=True, exclusive=True, group="undo")
    def _undo(self) -> None:
        label = self.desk.undo()
        self.call_from_thread(self._undone, label)

    def _undone(self, label: str | None) -> None:
        self.notify(f"Undone: {label}" if label else "Nothing to undo", timeout=4)
        if label:
            self.refresh_data()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for title, help_text, callback in (
            ("Log a call", "c", lambda: self.action_log("call")),
            ("Log an email", "e", lambda: self.action_log("email")),
            ("Log a visit", "v", lambda: self.action_log("visit")),
            ("Log a social message", "s", lambda: self.action_log("social")),
            ("Book a meeting", "m", self.action_meeting),
            ("Deal step: open, proposal, won, lost", "d", self.action_deal),
            ("New prospect", "n", self.action_new_prospect),
            ("Undo the last change", "u", self.action_undo),
            ("Go to Today", "1", lambda: self.switch_mode("today")),
            ("Go to Prospects", "2", lambda: self.switch_mode("prospects")),
            ("Go to Review", "3", lambda: self.switch_mode("review")),
            ("Go to Settings", "4", lambda: self.switch_mode("settings")),
            ("Search prospects", "/", self.action_search),
            ("Set a target", "Settings · t", lambda: self.open_form("target")),
            ("Add an ICP criterion", "Settings · i", lambda: self.open_form("criterion")),
            ("Toggle light and dark", "D", self.action_toggle_theme),
            ("Keys", "?", self.action_help),
        ):
            yield SystemCommand(title, f"key {help_text}", callback)


def run_app(path: str, tz: str | None = None, *, demo: bool = False) -> None:
    """Open the app on the database at ``path``."""
    RepdeskApp(path, tz, demo=demo).run()
