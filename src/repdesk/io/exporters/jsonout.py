"""The weekly summary as JSON with stable snake_case keys (money in major units)."""

from __future__ import annotations

import json
from typing import Any


def render(s: dict[str, Any]) -> str:
    return json.dumps(s, ensure_ascii=False, indent=2) + "\n"
