"""Regenerate screenshots/: an SVG of each screen of the app on demo data, with a fixed clock, and
the weekly HTML summary rendered to PNG by headless Chromium (Debian's ``chromium``) when it is there.

Run: python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("REPDESK_NOW", "2026-11-20T15:30:00+00:00")


async def main() -> None:
    from repdesk.io.demo import generate
    from repdesk.tui.app import RepdeskApp
    from repdesk.tui.shots import SCREENS, keys_for

    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        generate(db, weeks=26, seed=7)
        for name in SCREENS:
            app = RepdeskApp(str(db), "UTC", demo=True, live=False)
            async with app.run_test(size=(160, 46)) as pilot:
                await keys_for(name)(pilot)
                app.save_screenshot(filename=f"{name}.svg", path=str(out))
            print(out / f"{name}.svg")
        weekly_png(db, out, Path(folder))


def weekly_png(db: Path, out: Path, folder: Path) -> None:
    """The weekly HTML summary as a manager sees it."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium not found: skipping weekly-summary.png")
        return
    html = folder / "week.html"
    subprocess.run(["repdesk", "--db", str(db), "--tz", "UTC", "export", "week", "--format", "html", "-o", str(html)],
                   check=True)  # fmt: skip
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={folder / 'chromium'}",
            "--hide-scrollbars",
            "--window-size=900,1500",
            f"--screenshot={out / 'weekly-summary.png'}",
            html.as_uri(),
        ],  # fmt: skip
        check=True,
        capture_output=True,
    )
    print(out / "weekly-summary.png")


if __name__ == "__main__":
    asyncio.run(main())
