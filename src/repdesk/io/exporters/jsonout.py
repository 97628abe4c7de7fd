"""The weekly summary as JSON with stable snake_case keys (money in major units)."""

from __future__ import annotations

from repdesk.figures.week import WeekSummary
from repdesk.present import json_text


def render(s: WeekSummary) -> str:
    """The summary as JSON; control and bidi-override characters in user text are escaped (\\u001b)."""
    return json_text(s) + "\n"
