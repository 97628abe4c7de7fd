"""SVG snapshots of each screen on seeded demo data with a fixed clock (pytest-textual-snapshot)."""

from __future__ import annotations

from pathlib import Path

import pytest

from repdesk.tui.app import RepdeskApp
from repdesk.tui.shots import SCREENS, keys_for
from tests.conftest import demo_at_fixed_clock


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_at_fixed_clock(tmp_path_factory, "snap", weeks=12, seed=3)


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare, demo_db: Path, name: str) -> None:
    app = RepdeskApp(str(demo_db), "UTC", demo=True, live=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys_for(name))
