"""Writes of settings."""

from __future__ import annotations

import re

from repdesk.db.connect import Store
from repdesk.domain import vocab
from repdesk.domain.errors import InputError
from repdesk.domain.rules import clean_text, parse_int, parse_rate

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    pass


def set_setting(store: Store, key: str, value: str) -> dict[str, str]:
    """Change one setting; returns every setting."""
    k = key.strip().lower()
    if k not in vocab.SETTING_DEFAULTS:
        raise InputError(f"unknown setting {key!r}; settings: {', '.join(vocab.SETTING_DEFAULTS)}")
    v = value.strip()
    if k == "currency":
        if not re.fullmatch(r"[A-Za-z]{3}", v):
            raise InputError(f"currency must be a three-letter code such as USD or EUR, not {value!r}")
        v = v.upper()
    elif k == "timezone":
        if v:
            from repdesk.domain.dates import zone

            zone(v)
    elif k == "window_days":
        v = str(parse_int(v, "window_days", 1, 3650))
    elif k == "daily_goal":
        v = "" if v in ("", "none") else str(parse_int(v, "daily_goal", 1, 10_000))
    elif k in vocab.CADENCE_LIMITS:
        lo, hi = vocab.CADENCE_LIMITS[k]
        v = str(parse_int(v, k, lo, hi))
    elif k.startswith("rates."):
        v = repr(parse_rate(v, k))
    else:
        v = clean_text(v, k, vocab.MAX_NAME) or ""
    with store.write(f"set {k}") as c:
        c.upsert("setting", {"key": k, "value": v})
    return store.settings()
