"""SVG snapshots of each screen on seeded demo data with a fixed clock (pytest-textual-snapshot)."""

from __future__ import annotations

from pathlib import Path

import pytest

from repdesk.demo import generate
from repdesk.tui.app import RepdeskApp
from repdesk.tui.shots import SCREENS, keys_for


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mp = pytest.MonkeyPatch()
    mp.setenv("REPDESK_NOW", "2026-11-20T15:00:00+00:00")
    db = tmp_path_factory.mktemp("snap") / "demo.db"
    generate(db, weeks=12, seed=3)
    mp.undo()
    return db


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare, demo_db: Path, name: str) -> None:
    app = RepdeskApp(str(demo_db), "UTC", demo=True, live=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys_for(name))
