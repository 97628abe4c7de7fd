"""The weekly export in four formats over one summary object."""

from __future__ import annotations

import os
import sys
from datetime import tzinfo
from pathlib import Path

from repdesk.db.connect import Store


def export_week(store: Store, tz: tzinfo, week: str | None, fmt: str, output: str | None) -> None:
    """Render a week's summary as ``md``, ``html``, ``csv`` or ``json`` to a file or stdout."""
    from repdesk.figures.week import parse_week, week_summary

    summary = week_summary(store, tz, parse_week(week, tz))
    if fmt == "csv":
        from repdesk.io.exporters.csvout import render_events, render_summary

        if output:
            events_path = Path(output)
            summary_path = events_path.with_name(events_path.stem + "-summary" + (events_path.suffix or ".csv"))
            _write(events_path, render_events(summary))
            _write(summary_path, render_summary(summary))
            print(f"{events_path}\n{summary_path}", file=sys.stderr)
            return
        text = render_events(summary) + "\r\n" + render_summary(summary)  # a blank line between the sections
    elif fmt == "html":
        from repdesk.io.exporters.html import render

        text = render(summary)
    elif fmt == "json":
        from repdesk.io.exporters.jsonout import render

        text = render(summary)
    else:
        from repdesk.io.exporters.markdown import render

        text = render(summary)
    if output:
        _write(Path(output), text)
    else:
        sys.stdout.write(text)


def _write(path: Path, text: str) -> None:
    """Write a file atomically (a temporary file renamed into place)."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)
