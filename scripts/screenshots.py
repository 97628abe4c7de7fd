"""Regenerate screenshots/*.svg: each screen of the app on demo data, with a fixed clock.

python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("REPDESK_NOW", "2026-11-20T15:30:00+00:00")


async def main() -> None:
    from repdesk.demo import generate
    from repdesk.tui.app import RepdeskApp
    from repdesk.tui.shots import SCREENS, keys_for

    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        generate(db, weeks=26, seed=7)
        for name in SCREENS:
            app = RepdeskApp(str(db), "UTC", demo=True, live=False)
            async with app.run_test(size=(140, 44)) as pilot:
                await keys_for(name)(pilot)
                app.save_screenshot(filename=f"{name}.svg", path=str(out))
            print(out / f"{name}.svg")


if __name__ == "__main__":
    asyncio.run(main())
