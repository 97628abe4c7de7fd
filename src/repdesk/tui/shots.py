"""Drive the app headless through each screen: used by the snapshot tests and the screenshot script."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from repdesk.tui.screens.base import DataScreen

#: screen name → keys that lead there from Today
SCREENS: dict[str, tuple[str, ...]] = {
    "today": (),
    "prospects": ("2",),
    "prospect": ("2", "enter"),
    "review": ("3",),
    "settings": ("4",),
    "lists": ("5",),
    "log-call": ("c", "a", "c", "m", "e"),
    "help": ("question_mark",),
}


async def settle(pilot: Any) -> None:
    """Wait until workers are done and the screen in front has shown its data."""
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        loaded = not isinstance(screen, DataScreen) or screen.loaded
        under = [s for s in pilot.app.screen_stack if isinstance(s, DataScreen)]
        if loaded and all(s.loaded for s in under[-1:]):
            return
        await asyncio.sleep(0.02)


async def steady(pilot: Any) -> None:
    """Settled, and laid out: tables size their columns when the app is idle, which on a busy
    machine may come after a fixed pause; so wait until no table on any screen has sizing left."""
    from textual.widgets import DataTable

    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    for _ in range(200):
        await pilot.pause()
        tables = [t for screen in pilot.app.screen_stack for t in screen.query(DataTable)]
        # DataTable keeps what it has still to measure until an idle moment (Textual 8), which a
        # table on a screen under another may not get before the picture: measure it now
        pending = [t for t in tables if t._require_update_dimensions or t._updated_cells]
        if not pending:
            break
        for table in pending:
            await table._on_idle(None)
        await asyncio.sleep(0.02)
    for _ in range(4):
        await pilot.pause(0.05)


def still_cursor(app: Any) -> None:
    """No blinking cursor in a picture: a blink caught half-way would make every snapshot differ."""
    from textual.widgets import Input

    for field in app.screen.query(Input):
        field.cursor_blink = False


def keys_for(name: str) -> Callable[[Any], Awaitable[None]]:
    """A ``run_before`` for snapshot tests: press the keys of one screen, steady after each."""

    async def run(pilot: Any) -> None:
        await steady(pilot)
        for key in SCREENS[name]:
            await pilot.press(key)
            await settle(pilot)
            still_cursor(pilot.app)
        await steady(pilot)

    return run
