"""The arithmetic of the funnel and the plan: shrunk rates, touches per deal, goals.

Plain code over numbers, no I/O: figures/ reads the counts and calls these.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from repdesk.domain.errors import InputError
from repdesk.domain.money import major
from repdesk.domain.rules import parse_int, parse_money
from repdesk.domain.vocab import EMPLOYEE_BANDS, SETTING_DEFAULTS

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


K_SHRINK = 20


MIN_TRIALS = 20


Z95 = 1.96


STEPS = ("booked", "show", "proposal", "win")


STEP_LABELS = {
    "booked": "touch → meeting booked",
    "show": "booked → held",
    "proposal": "first meeting → proposal",
    "win": "proposal → won",
}


COACHING = {
    "booked": "Few touches turn into meetings: sharpen the opening line and ask for the meeting on every connect.",
    "show": "Booked meetings slip: confirm the day before and send an agenda with the invite.",
    "proposal": "First meetings rarely lead to a proposal: set a goal (demo, trial, proposal) for every first "
    "meeting and agree the next step before leaving.",
    "win": "Proposals are lost: qualify budget and decision makers before proposing, and follow up within two days.",
}


def ratio(num: float | None, den: float | None) -> float | None:
    """``num ÷ den`` rounded to 6 decimals; ``None`` with a zero denominator."""
    if num is None or not den:
        return None
    return round(num / den, 6)


def median(values: list[int]) -> float:
    """The median of a non-empty list (the mean of the middle two for an even count)."""
    s = sorted(values)
    mid = len(s) // 2
    return float(s[mid]) if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def ceil6(x: float) -> int:
    """The ceiling after rounding to 6 decimals, so floating-point dust never adds one."""
    return math.ceil(round(x, 6))


def wilson(hits: int, n: int, z: float = Z95) -> tuple[float | None, float | None]:
    """The Wilson score interval of ``hits`` out of ``n``; both ``None`` when ``n`` is 0."""
    if n == 0:
        return None, None
    p = hits / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return round(max(0.0, centre - half), 6), round(min(1.0, centre + half), 6)


def shrunk(successes: int, trials: int, default: float, k: int = K_SHRINK) -> float:
    """``(successes + k·default) ÷ (trials + k)``, capped at 1."""
    return min(1.0, (successes + k * default) / (trials + k))


def touches_per_deal(rates: dict[str, float]) -> float:
    """1 ÷ the product of the four funnel rates."""
    product = 1.0
    for step in STEPS:
        product *= rates[step]
    return 1 / product


def employee_band(n: int | None) -> str:
    """The employee band of a head count."""
    if n is None:
        return "unknown"
    for lo, hi, label in EMPLOYEE_BANDS:
        if n >= lo and (hi is None or n <= hi):
            return label
    return "unknown"


def default_rates(settings: dict[str, str]) -> dict[str, float]:
    """The benchmark rate of each funnel step (settings ``rates.*``)."""
    out = {}
    for step in STEPS:
        try:
            out[step] = float(settings.get(f"rates.{step}") or SETTING_DEFAULTS[f"rates.{step}"])
        except ValueError:
            out[step] = float(SETTING_DEFAULTS[f"rates.{step}"])
    return out


def funnel_rates(
    touches: dict[str, int], meetings: dict[str, int], deals: dict[str, int], defaults: dict[str, float]
) -> dict[str, dict[str, Any]]:
    """Each step's own rate, trials, used (shrunk) rate and default."""
    pairs = {
        "booked": (touches["booked"], touches["touches"]),
        "show": (meetings["held"], meetings["held"] + meetings["no_show"]),
        "proposal": (deals["proposals"], meetings["first_held"]),
        "win": (deals["won"], deals["won"] + deals["lost_proposed"]),
    }
    return {
        step: {
            "own": ratio(s, n),
            "n": n,
            "successes": s,
            "used": round(shrunk(s, n, defaults[step]), 6),
            "default": defaults[step],
        }
        for step, (s, n) in pairs.items()
    }


def improve_first(rates: dict[str, dict[str, Any]]) -> str | None:
    """The step whose own rate sits furthest below its default, among steps with at least 20 trials."""
    best, best_score = None, math.inf
    for step in STEPS:
        r = rates[step]
        if r["n"] >= MIN_TRIALS and r["own"] is not None:
            score = r["own"] / r["default"]
            if score < best_score:
                best, best_score = step, score
    return best


def activity_figures(t: dict[str, int], m: dict[str, int], d: dict[str, int]) -> dict[str, Any]:
    """The leading and lagging counts of a window and their ratios, as review and the weekly summary show them."""
    return {
        "touches": t["touches"],
        "hits": t["hits"],
        "hit_rate": ratio(t["hits"], t["touches"]),
        "booked": t["booked"],
        "booked_rate": ratio(t["booked"], t["touches"]),
        "meetings_held": m["held"],
        "meetings_no_show": m["no_show"],
        "show_rate": ratio(m["held"], m["held"] + m["no_show"]),
        "proposals": d["proposals"],
        "won": d["won"],
        "lost": d["lost"],
        "win_rate": ratio(d["won"], d["won"] + d["lost"]),
        "won_revenue": major(d["won_cents"]),
    }


def coaching_notes(rates: dict[str, dict[str, Any]], best_day: str | None, weekday: list[dict[str, Any]]) -> list[str]:
    """Short notes where a ratio sits below its benchmark (with enough data to say so)."""
    notes = []
    for step in STEPS:
        r = rates[step]
        if r["n"] >= MIN_TRIALS and r["own"] is not None and r["own"] < r["default"]:
            notes.append(
                f"{STEP_LABELS[step]} is {r['own']:.0%} against a benchmark of {r['default']:.0%} "
                f"(n={r['n']}). {COACHING[step]}"
            )
    if best_day is not None:
        best = next(row for row in weekday if row["day"] == best_day)
        notes.append(f"People pick up most on {best_day} ({best['hit_rate']:.0%} hit rate): put your calls there.")
    return notes


def split_target(amount: str, reps: str | int, raise_pct: str | None = None) -> dict[str, Any]:
    """What each rep must bring: the amount ÷ reps, or with a raise the increase ÷ reps (and the new total)."""
    cents = parse_money(amount, "amount")
    n = parse_int(reps, "reps", 1, 100_000)
    if raise_pct is None:
        total = Decimal(cents)
    else:
        try:
            pct = Decimal(str(raise_pct).strip().rstrip("%"))
        except InvalidOperation:
            raise InputError(f"cannot read the raise {raise_pct!r} (a percentage such as 10)") from None
        if not pct.is_finite() or pct < 0 or pct > 10_000:
            raise InputError(f"the raise must be a percentage from 0 to 10,000, not {raise_pct!r}")
        total = Decimal(cents) * pct / 100
    each = total / n
    return {
        "amount": major(cents),
        "raise_pct": None if raise_pct is None else float(pct),
        "to_split": float(total / 100),
        "reps": n,
        "per_rep": float(each / 100),
        # with a raise, what the team must reach: the amount plus the increase
        "new_total": float((Decimal(cents) + (total if raise_pct is not None else 0)) / 100),
    }
