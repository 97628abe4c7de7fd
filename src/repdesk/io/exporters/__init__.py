"""The weekly export in four formats over one summary object."""

from __future__ import annotations

import sys
from datetime import tzinfo
from pathlib import Path

from repdesk.db.connect import Store
from repdesk.db.files import write_outputs
from repdesk.present import safe_text


def export_week(
    store: Store, tz: tzinfo, week: str | None, fmt: str, output: str | None, *, force: bool = False
) -> None:
    """Render a week's summary as ``md``, ``html``, ``csv`` or ``json`` to a file or stdout."""
    from repdesk.figures.week import parse_week, week_summary

    monday = parse_week(week, tz)
    summary = week_summary(store, tz, monday, with_events=fmt != "csv")
    if fmt == "csv":  # the events streamed from the database to the file, one row at a time
        from datetime import timedelta

        from repdesk.domain.dates import Window
        from repdesk.figures.week import event_rows
        from repdesk.io.exporters.csvout import render_summary, write_events

        w = Window.of(monday, monday + timedelta(days=6), tz)
        if output:
            events_path = Path(output)
            summary_path = events_path.with_name(events_path.stem + "-summary" + (events_path.suffix or ".csv"))
            written = write_outputs(
                [
                    (str(events_path), lambda fh: write_events(fh, event_rows(store, tz, w))),
                    (str(summary_path), render_summary(summary)),
                ],
                force=force,
            )
            sys.stderr.write(safe_text("\n".join(written)) + "\n")
            return
        write_events(sys.stdout, event_rows(store, tz, w))
        text = "\r\n" + render_summary(summary)  # a blank line between the sections
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
        write_outputs([(output, text)], force=force)
    else:
        sys.stdout.write(text)
