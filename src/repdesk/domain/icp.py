"""ICP fit: how a prospect measures up to the ideal customer profile. Pure functions."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from repdesk.domain.vocab import SENIORITY_RANK

MET, FAILED, UNKNOWN = "met", "failed", "unknown"


def criterion_key(label: str) -> str:
    """The key of a label: lower case, spaces as ``_``, anything but ASCII letters, digits and ``_`` dropped."""
    lowered = label.strip().lower().replace(" ", "_")
    return "".join(ch for ch in lowered if ch.isascii() and (ch.isalnum() or ch == "_"))


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", ""))
    except ValueError:
        return None


def evaluate(criterion: Mapping[str, Any], prospect: Mapping[str, Any], answer: bool | None) -> str:
    """``met``, ``failed`` or ``unknown`` for one criterion and one prospect."""
    rule = criterion["rule"]
    if rule == "manual":
        return UNKNOWN if answer is None else (MET if answer else FAILED)
    value = prospect[criterion["field"]] if rule != "min_seniority" else prospect["seniority"]
    if value is None or (isinstance(value, str) and not value.strip()):
        return UNKNOWN
    if rule == "choice":
        allowed = {str(c).strip().casefold() for c in json.loads(criterion["choices"] or "[]")}
        return MET if str(value).strip().casefold() in allowed else FAILED
    if rule == "range":
        n = _number(value)
        if n is None:
            return UNKNOWN
        lo, hi = criterion["min_value"], criterion["max_value"]
        ok = (lo is None or n >= lo) and (hi is None or n <= hi)
        return MET if ok else FAILED
    if rule == "min_seniority":
        if value not in SENIORITY_RANK:
            return UNKNOWN
        return MET if SENIORITY_RANK[value] >= SENIORITY_RANK[criterion["level"]] else FAILED
    raise ValueError(f"unknown ICP rule {rule!r}")


def grade_of(fit: float | None) -> str | None:
    """A ≥ 0.8, B ≥ 0.5, else C; ``None`` without criteria."""
    if fit is None:
        return None
    return "A" if fit >= 0.8 else "B" if fit >= 0.5 else "C"


def fit_of(criteria: Sequence[Any], prospect: Any, answers: Mapping[int, bool]) -> dict[str, Any]:
    """The checklist of one prospect: ``fit``, ``grade``, and the keys ``met``, ``failed``, ``unknown``."""
    out: dict[str, Any] = {MET: [], FAILED: [], UNKNOWN: []}
    for c in criteria:
        out[evaluate(c, prospect, answers.get(c["id"]))].append(c["key"])
    fit = round(len(out[MET]) / len(criteria), 6) if criteria else None
    return {"fit": fit, "grade": grade_of(fit), **out}
