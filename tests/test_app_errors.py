"""The app under hostile text and a failing database: user text shown literally,
a database error a notification while the app keeps running, a fatal one exit code 1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from repdesk.tui.app import RepdeskApp
from repdesk.tui.shots import settle
from tests.conftest import Runner

HOSTILE = "[/]Evil [link=http://e.vil]Corp[/link] \x1b]0;pwned\x07 :smile:"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    db = tmp_path / "app.db"
    rd = Runner(db)
    rd("prospect", "add", "Acme [/] [bold]", "--contact", "[red]Jane", "--note", "[link=x]n[/link]")
    rd("icp", "add", "[/]Budget[b]", "--manual")
    rd("log", "call", "acme", "connected", "--note", "[/] said [bold]yes")
    rd("deal", "open", "acme", "--value", "100")
    conn = sqlite3.connect(db)
    with conn:  # text the command line refuses, as an old import could have stored it
        conn.execute(
            "INSERT INTO prospect (company, seniority, created_at, archived) "
            "VALUES (?, 'unknown', '2026-11-20 10:00:00.000000', 0)",
            (HOSTILE,),
        )
    conn.close()
    return db


def _record(app: RepdeskApp) -> list[str]:
    """Every notification the app raises, as the text it shows."""
    seen: list[str] = []
    shown = app.notify

    def notify(message: str, **kwargs: object) -> None:
        shown(message, **kwargs)  # type: ignore[arg-type]
        seen.append(message)

    app.notify = notify  # type: ignore[method-assign]
    return seen


def _texts(app: RepdeskApp) -> str:
    """Everything the current screen shows, as plain text."""
    from textual.widgets import DataTable, Static

    from repdesk.tui.widgets.rowtable import RowTable

    parts = []
    for w in app.screen.query(Static):
        parts.append(str(w.render()))
    for t in app.screen.query(DataTable):
        for r in range(t.row_count):
            parts.extend(str(c) for c in t.get_row_at(r))
    for rt in app.screen.query(RowTable):  # the lines as drawn
        parts.extend(rt.render_line(y).text for y in range(rt.size.height))
    return "\n".join(parts)


async def test_hostile_text_is_shown_literally_on_every_screen(hostile: Path) -> None:
    app = RepdeskApp(str(hostile), "UTC", live=False)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(pilot)
        assert "Acme [/] [bold]" in _texts(app)  # Today's timeline
        await pilot.press("2")
        await settle(pilot)
        shown = _texts(app)
        assert "Acme [/] [bold]" in shown and "[/]Evil [link=http://e.vil]Corp[/link]" in shown
        assert "\\x1b]0;pwned\\x07" in shown and "\x1b" not in shown
        assert ":smile:" in shown
        await pilot.press("/", *"acme", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = _texts(app)
        assert "Acme [/] [bold]" in detail and "[red]Jane" in detail and "[/]Budget[b]" in detail
        assert "[/] said [bold]yes" in detail
        await pilot.press("4")
        await settle(pilot)
        assert "[/]Budget[b]" in _texts(app)
        app.notify("no prospect matches '[/]\x1b[2J'")  # a message carrying user text
        await settle(pilot)
        shown = [(n.message, n.markup) for n in app._notifications]
        assert ("no prospect matches '[/]\\x1b[2J'", False) in shown, shown
        assert app.return_code in (None, 0)


async def test_a_database_error_is_a_notification_and_the_app_keeps_running(hostile: Path) -> None:
    app = RepdeskApp(str(hostile), "UTC", live=False)
    messages = _record(app)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        conn = sqlite3.connect(hostile, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")  # another program holds the write lock past the timeout
        try:
            from repdesk.db import connect

            connect.BUSY_TIMEOUT_S, old = 0.2, connect.BUSY_TIMEOUT_S
            try:
                await pilot.press("u")  # undo: a write that cannot get the lock
                await pilot.pause(1.0)
                await settle(pilot)
            finally:
                connect.BUSY_TIMEOUT_S = old
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        assert any("locked" in m for m in messages), messages
        assert app.is_running and app.return_code in (None, 0)
        await pilot.press("2")  # still usable
        await settle(pilot)
        assert "Acme [/] [bold]" in _texts(app)


async def test_a_database_moved_away_is_never_recreated(hostile: Path, tmp_path: Path) -> None:
    app = RepdeskApp(str(hostile), "UTC", live=False)
    messages = _record(app)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        moved = tmp_path / "moved.db"
        hostile.rename(moved)
        for side in ("-wal", "-shm"):
            if Path(str(hostile) + side).exists():
                Path(str(hostile) + side).rename(Path(str(moved) + side))
        app.refresh_data()
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert not hostile.exists()  # no new, empty database in its place
        assert sum("no repdesk database at" in m for m in messages) == 2, messages  # each screen said so
        assert app.is_running


async def test_a_fatal_error_ends_the_app_with_exit_code_1(hostile: Path) -> None:
    app = RepdeskApp(str(hostile), "UTC", live=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)

        def broken() -> None:
            raise RuntimeError("a bug")

        app.screen.fetch = broken  # type: ignore[method-assign]
        app.refresh_data()
        await pilot.pause(0.5)
    assert app.return_code == 1
    assert app.fatal is not None and "a bug" in app.fatal


def test_the_command_line_exits_1_when_the_app_had_to_stop(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import repdesk.cli.admin as admin
    import repdesk.tui.app as tui

    monkeypatch.setattr(admin, "has_terminal", lambda: True)  # as from a terminal

    def stopped(self: RepdeskApp, *args: object, **kwargs: object) -> None:
        self.fatal = "repdesk: the app stopped: RuntimeError: a bug"
        self._return_code = 1

    monkeypatch.setattr(tui.RepdeskApp, "run", stopped)
    res = Runner(hostile)(ok=False)
    assert res.code == 1 and "the app stopped" in res.err and "Traceback" not in res.err


def test_the_app_quit_normally_exits_0(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import repdesk.cli.admin as admin
    import repdesk.tui.app as tui

    monkeypatch.setattr(admin, "has_terminal", lambda: True)  # as from a terminal

    monkeypatch.setattr(tui.RepdeskApp, "run", lambda self, *a, **k: None)  # the rep pressed q at once
    res = Runner(hostile)(ok=False)
    assert (res.code, res.err) == (0, "")


async def test_quitting_by_key_ends_with_exit_code_0(hostile: Path) -> None:
    app = RepdeskApp(str(hostile), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
    assert app.fatal is None and app.return_code == 0
