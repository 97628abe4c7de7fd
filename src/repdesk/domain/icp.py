"""ICP fit: how a prospect measures up to the ideal customer profile. Pure functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from repdesk.domain.record import figure
from repdesk.domain.vocab import SENIORITY_RANK

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

MET, FAILED, UNKNOWN = "met", "failed", "unknown"


def criterion_key(label: str) -> str:
    """The key of a label: lower case, spaces as ``_``, anything but ASCII letters, digits and ``_`` dropped."""
    lowered = label.strip().lower().replace(" ", "_")
    return "".join(ch for ch in lowered if ch.isascii() and (ch.isalnum() or ch == "_"))


def _choices(text: str | None) -> list[Any]:
    """The stored choices of a criterion (a JSON list)."""
    if not text:
        return []
    import json  # here, not at the top: `next` with no choice criteria never needs it

    return list(json.loads(text))


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
        allowed = {str(c).strip().casefold() for c in _choices(criterion["choices"])}
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


@figure
class Rule:
    """A criterion made ready to check many prospects: its choices parsed once, its level ranked once."""

    id: int
    key: str
    rule: str
    field: str  # the prospect field read ("seniority" for min_seniority, "" for manual)
    allowed: frozenset[str]
    lo: float | None
    hi: float | None
    rank: int | None

    def check(self, prospect: Mapping[str, Any], answer: bool | None) -> str:
        """``met``, ``failed`` or ``unknown`` — the same verdict as :func:`evaluate`."""
        if self.rule == "manual":
            return UNKNOWN if answer is None else (MET if answer else FAILED)
        value = prospect[self.field]
        if value is None or (isinstance(value, str) and not value.strip()):
            return UNKNOWN
        if self.rule == "choice":
            return MET if str(value).strip().casefold() in self.allowed else FAILED
        if self.rule == "range":
            n = _number(value)
            if n is None:
                return UNKNOWN
            return MET if (self.lo is None or n >= self.lo) and (self.hi is None or n <= self.hi) else FAILED
        if value not in SENIORITY_RANK or self.rank is None:
            return UNKNOWN
        return MET if SENIORITY_RANK[value] >= self.rank else FAILED


def compile_rules(criteria: Sequence[Any]) -> tuple[Rule, ...]:
    """The criteria as :class:`Rule` objects, in order: parse once per command, check per prospect."""
    out = []
    for c in criteria:
        rule = c["rule"]
        if rule not in ("manual", "choice", "range", "min_seniority"):
            raise ValueError(f"unknown ICP rule {rule!r}")
        allowed = (
            frozenset(str(x).strip().casefold() for x in _choices(c["choices"])) if rule == "choice" else frozenset()
        )
        rank = SENIORITY_RANK.get(c["level"]) if rule == "min_seniority" else None
        field = "seniority" if rule == "min_seniority" else "" if rule == "manual" else c["field"]
        out.append(Rule(c["id"], c["key"], rule, field, allowed, c["min_value"], c["max_value"], rank))
    return tuple(out)


@figure
class IcpCheck:
    """One prospect's ICP checklist: ``fit`` (share of criteria met), ``grade`` and the keys of the
    criteria ``met``, ``failed`` and ``unknown`` (still to research)."""

    fit: float | None
    grade: str | None
    met: tuple[str, ...]
    failed: tuple[str, ...]
    unknown: tuple[str, ...]

    def status_of(self, key: str) -> str | None:
        """``met``, ``failed`` or ``unknown`` for a criterion's key (``None`` if it is not one)."""
        return MET if key in self.met else FAILED if key in self.failed else UNKNOWN if key in self.unknown else None


def fit_of(criteria: Sequence[Any], prospect: Any, answers: Mapping[int, bool]) -> IcpCheck:
    """The checklist of one prospect.

    ``criteria`` are stored rows or, to check many prospects, :func:`compile_rules` of them.
    """
    rules = criteria if not criteria or isinstance(criteria[0], Rule) else compile_rules(criteria)
    keys: dict[str, list[str]] = {MET: [], FAILED: [], UNKNOWN: []}
    for r in rules:
        keys[r.check(prospect, answers.get(r.id))].append(r.key)
    fit = round(len(keys[MET]) / len(rules), 6) if rules else None
    return IcpCheck(fit, grade_of(fit), tuple(keys[MET]), tuple(keys[FAILED]), tuple(keys[UNKNOWN]))


def fit_grade(rules: Sequence[Rule], prospect: Any, answers: Mapping[int, bool]) -> tuple[float, str]:
    """``(fit, grade)`` of one prospect against compiled, non-empty ``rules``: :func:`fit_of` without the lists."""
    met = sum(1 for r in rules if r.check(prospect, answers.get(r.id)) == MET)
    fit = round(met / len(rules), 6)
    return fit, "A" if fit >= 0.8 else "B" if fit >= 0.5 else "C"


class Grading:
    """:func:`fit_grade` for many prospects: each rule's verdict on a value worked out once (a
    thousand prospects share a handful of industries, regions, seniorities and head counts)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        #: per rule: whether it is manual, its id, the field it reads and its verdicts by value
        self._plan: tuple[tuple[bool, int, str, Rule, dict[Any, bool]], ...] = tuple(
            (r.rule == "manual", r.id, r.field, r, {}) for r in self.rules
        )

    def fit_grade(self, prospect: Any, answers: Mapping[int, bool]) -> tuple[float, str]:
        """``(fit, grade)`` of one prospect against the non-empty rules: the same as :func:`fit_grade`."""
        met = 0
        for manual, rid, field, rule, seen in self._plan:
            if manual:  # met when answered yes
                met += bool(answers.get(rid))
                continue
            value = prospect[field]
            # a text by itself; a number with its type (1 and 1.0 hash alike, and a choice tells "1" from "1.0")
            key = value if value.__class__ is str else (value.__class__, value)
            ok = seen.get(key)
            if ok is None:
                ok = seen[key] = rule.check(prospect, None) == MET
            met += ok
        fit = round(met / len(self.rules), 6)
        return fit, "A" if fit >= 0.8 else "B" if fit >= 0.5 else "C"
