"""The weekly summary as CSV: one row per touch, meeting and deal event, and a summary table.

Every cell is guarded against spreadsheet formula injection: text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so it shows as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import IO, Any

from repdesk.figures.week import EVENT_COLUMNS, LABELS, ORDER, WeekSummary

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return "" if value is None else value


def _csv(rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for r in rows:
        writer.writerow([safe(v) for v in r])
    return buf.getvalue()


def write_events(fh: IO[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Event rows (:data:`EVENT_COLUMNS` order) written as they come, each cell made safe as :func:`safe`
    does (the csv module writes ``None`` as an empty cell)."""
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(EVENT_COLUMNS)
    danger = DANGEROUS
    for row in rows:
        writer.writerow([("'" + v) if v.__class__ is str and v.startswith(danger) else v for v in row])


def render_summary(s: WeekSummary) -> str:
    rows: list[list[Any]] = [["figure", "label", "this_week", "previous_week", "trailing_4w_avg", "week"]]
    for key in ORDER:
        rows.append([key, LABELS[key], getattr(s, key), getattr(s.previous_week, key), getattr(s.trailing_4w, key),
                     s.week])  # fmt: skip
    rows.append(["attainment", "Attainment to date", s.attainment, "", "", s.week])
    rows.append(["followup_discipline", "Follow-ups done on time", s.followup_discipline, "", "", s.week])
    rows.append(["overdue", "Follow-ups overdue at the week's end", s.overdue, "", "", s.week])
    for b in s.barometer_by_day:
        rows.append([f"barometer_{b.date}", f"Barometer {b.day}", b.barometer, "", "", s.week])
    return _csv(rows)
