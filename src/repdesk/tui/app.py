"""The repdesk app: Today, Prospects, Review and Settings, keyboard-first and live."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterable
from functools import partial
from typing import Any

from textual import work
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import WorkerFailed

from repdesk.db.connect import describe_db_error
from repdesk.domain.errors import InputError, ProgramError
from repdesk.figures.day import PendingMeeting
from repdesk.present import one_line, safe_text
from repdesk.tui.actions import ACTIONS, NAV, SECTIONS, bindings
from repdesk.tui.desk import Desk
from repdesk.tui.forms.base import Form
from repdesk.tui.forms.criterion import CriterionForm
from repdesk.tui.forms.deal import DealForm
from repdesk.tui.forms.log_touch import LogTouchForm
from repdesk.tui.forms.meeting import MeetingForm
from repdesk.tui.forms.meeting_outcome import MeetingOutcomeForm
from repdesk.tui.forms.prospect import ProspectForm
from repdesk.tui.forms.target import TargetForm
from repdesk.tui.forms.touch_edit import TouchEditForm
from repdesk.tui.messages import DataChanged
from repdesk.tui.screens.base import DataScreen
from repdesk.tui.screens.help import HelpScreen
from repdesk.tui.screens.lists import ListsScreen
from repdesk.tui.screens.prospect import ProspectScreen
from repdesk.tui.screens.prospects import ProspectsScreen
from repdesk.tui.screens.review import ReviewScreen
from repdesk.tui.screens.settings import SettingsScreen
from repdesk.tui.screens.today import TodayScreen

LIVE_INTERVAL_S = 1.5
#: how long after the first screen has shown its data the prospect list is read ahead
WARM_AFTER_S = 1.0


def shown_path(path: str) -> str:
    """The database as the app shows it: a team database's connection string without its password."""
    if path.startswith(("postgresql://", "postgres://")):
        from repdesk.db.pg import masked

        return masked(path)
    return path


class RepdeskApp(App[None]):
    """One app factory for the command line, the tests and the screenshot script."""

    CSS_PATH = "app.tcss"
    TITLE = "repdesk"
    MODES = {
        "today": TodayScreen,
        "prospects": ProspectsScreen,
        "review": ReviewScreen,
        "settings": SettingsScreen,
        "lists": ListsScreen,
    }
    DEFAULT_MODE = "today"
    BINDINGS = bindings("app")

    def __init__(self, path: str, tz: str | None = None, *, demo: bool = False, live: bool = True) -> None:
        super().__init__()
        self.desk = Desk(path, tz)
        self.demo = demo
        self.live = live
        self.sub_title = f"{'demo data' if demo else shown_path(path)}  ·  {NAV}"
        self._signature = self.desk.signature()
        self._warmed = False
        #: the one line printed when the app had to stop (exit code 1)
        self.fatal: str | None = None

    # -- user text and errors ---------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification shows its text literally: messages carry company names and notes."""
        super().notify(safe_text(message), title=safe_text(title), severity=severity, timeout=timeout, markup=False)

    def _handle_exception(self, error: Exception) -> None:
        """A database or input error is a notification and the app keeps running; anything else ends
        the app with a one-line message (no traceback) and exit code 1."""
        inner = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(inner, InputError | ProgramError | sqlite3.Error | OSError):
            text = describe_db_error(inner, self.desk.path) if isinstance(inner, sqlite3.Error) else str(inner)
            self.notify(text, title="Cannot do that" if isinstance(inner, InputError) else "Database error",
                        severity="error", timeout=10)  # fmt: skip
            return
        self.fatal = f"repdesk: the app stopped: {type(inner).__name__}: {inner}"
        self.exit(return_code=1)

    def on_mount(self) -> None:
        if self.live:
            self.set_interval(LIVE_INTERVAL_S, self.check_changes)

    def on_ready(self) -> None:
        """The first screen is up: what it took to start (some 100,000 objects of Textual, Rich and
        repdesk, alive until the app ends) is kept out of the cyclic collector's full passes, which
        would otherwise walk all of it every few seconds of typing, 40–80 ms each time."""
        import gc

        gc.freeze()

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

    def warm(self) -> None:
        """A moment after the first screen has shown its data, read the prospect list in the
        background, so that the Prospects screen and its search need not wait for the database
        (not at once: the first paint does not share the processor with it)."""
        if not self._warmed:
            self._warmed = True
            self.set_timer(WARM_AFTER_S, self._warm)

    @work(thread=True, group="warm")
    def _warm(self) -> None:
        try:
            self.desk.prospects()
        except Exception:  # noqa: BLE001 - a read ahead that fails is not there; the screen that reads it reports why
            return

    # -- actions --------------------------------------------------------------------------

    def action_mode(self, mode: str) -> None:
        self.switch_mode(mode)

    def _current_prospect(self) -> tuple[int | None, str]:
        for s in reversed(self.screen_stack):
            if isinstance(s, ProspectScreen) and s.company is not None:
                return s.pid, s.company
        return None, ""

    def _form(self, form: Screen[Any]) -> None:
        self.push_screen(form)

    def on_data_changed(self, _message: DataChanged) -> None:
        self.refresh_data()

    def action_log(self, channel: str) -> None:
        pid, company = self._current_prospect()
        self._form(LogTouchForm(self.desk, channel, pid, company))

    def action_meeting(self) -> None:
        pid, company = self._current_prospect()
        self._form(MeetingForm(self.desk, pid, company))

    def action_deal(self) -> None:
        pid, company = self._current_prospect()
        self._form(DealForm(self.desk, pid, company))

    def action_new_prospect(self) -> None:
        self._form(ProspectForm(self.desk))

    def open_prospect_form(self, detail: dict[str, Any]) -> None:
        self._form(ProspectForm(self.desk, detail))

    def open_meeting_outcome(self, meeting: PendingMeeting) -> None:
        self._form(MeetingOutcomeForm(self.desk, meeting))

    def edit_record(self, kind: str, row: Any) -> None:
        """Enter on a row of Lists: correct a touch, record a meeting's outcome, move a deal on."""
        if kind == "touches":
            self._form(TouchEditForm(self.desk, row))
        elif kind == "meetings":
            if row.status != "scheduled":
                self.notify(f"meeting #{row.id} is {row.status}; only a scheduled one takes an outcome", timeout=4)
                return
            self._form(MeetingOutcomeForm(self.desk, PendingMeeting(row.id, row.at[:16].replace("T", " "),
                                                                    row.kind, row.company)))  # fmt: skip
        else:
            self._form(DealForm(self.desk, row.prospect_id, row.company))

    def action_open_form(self, name: str) -> None:
        self.open_form(name)

    def open_form(self, name: str, current: dict[str, Any] | None = None) -> None:
        self._form(TargetForm(self.desk) if name == "target" else CriterionForm(self.desk, current))

    def action_search(self) -> None:
        self.switch_mode("prospects")
        self.call_after_refresh(lambda: self.screen.query_one("#search").focus())

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_undo(self) -> None:
        self._undo("undo")

    def action_redo(self) -> None:
        self._undo("redo")

    @work(thread=True, exclusive=True, group="undo")
    def _undo(self, which: str) -> None:
        label = self.desk.undo() if which == "undo" else self.desk.redo()
        self.call_from_thread(self._undone, which, label)

    def _undone(self, which: str, label: str | None) -> None:
        self.notify(f"{which.capitalize()}ne: {label}" if label else f"Nothing to {which}", timeout=4)
        if label:
            self.refresh_data()

    def action_leave_field(self) -> None:
        """Esc in a text field leaves it (for the screen's table, if it has one), so keys are shortcuts again."""
        if isinstance(self.focused, Input):
            tables = [t for t in self.screen.query("DataTable, RowTable") if t.display]
            self.screen.set_focus(tables[0] if tables else None)

    def action_export_week(self) -> None:
        self._file_job("export")

    def action_backup(self) -> None:
        self._file_job("backup")

    @work(thread=True)
    def _file_job(self, which: str) -> None:
        try:
            paths = self.desk.export_week() if which == "export" else [self.desk.backup()]
        except (InputError, OSError) as exc:
            self.call_from_thread(self.notify, f"{which} failed: {exc}", severity="error", timeout=8)
            return
        done = "Week exported" if which == "export" else "Backed up"
        self.call_from_thread(self.notify, f"{done}: " + " · ".join(paths), timeout=8, markup=False)

    #: the app's own shortcuts that are off while a form is open (they would stack a form on a form,
    #: or change the data under it); Tab, Esc, help and quit stay
    OFF_IN_FORM = frozenset(a.action.split("(")[0] for a in ACTIONS if a.scope == "app") - {
        "quit",
        "help",
        "command_palette",
        "toggle_theme",
        "leave_field",
    }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (isinstance(self.screen, Form) and action in self.OFF_IN_FORM)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands, then every action of the app and of the current screen (one table)."""
        yield from super().get_system_commands(screen)
        scope = getattr(screen, "SCOPE", "app")
        for a in ACTIONS:
            on_app = a.scope == "app" or a.action.startswith("app.")
            if a.palette and (on_app or a.scope == scope):
                where = "" if a.scope == "app" else f"{SECTIONS[a.scope]} · "
                target = self if on_app else screen
                yield SystemCommand(
                    a.title, f"key {where}{a.keys_text}", partial(self._run, target, a.action.removeprefix("app."))
                )

    def _run(self, target: Any, action: str) -> None:
        self.call_next(self.run_action, action, target)


def run_app(path: str, tz: str | None = None, *, demo: bool = False) -> int:
    """Open the app on the database at ``path``; returns the exit code (1 when it had to stop)."""
    app = RepdeskApp(path, tz, demo=demo)
    app.run()
    if app.fatal:
        sys.stderr.write(one_line(app.fatal) + "\n")
    return app.return_code or (1 if app.fatal else 0)
