"""The arithmetic of the funnel and the plan: shrunk rates, touches per deal, goals.

Plain code over numbers, no I/O: figures/ reads the counts and calls these.
"""

from __future__ import annotations

import math

from repdesk.domain.errors import InputError
from repdesk.domain.record import figure
from repdesk.domain.rules import parse_int, parse_money, parse_rate
from repdesk.domain.vocab import EMPLOYEE_BANDS, SETTING_DEFAULTS

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


def whole_percent(x: float) -> int:
    """A ratio as the whole percent a person reads: half up (57.5% → 58), but never a false 100 or 0
    (199 of 200 is 99, 1 of 1,000 is 1)."""
    n = math.floor(round(x * 100, 6) + 0.5)
    if x < 1 and n >= 100:
        return 99
    if x > 0 and n < 1:
        return 1
    return n


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
    """``(successes + k·default) ÷ (trials + k)``, capped at 1; the default itself with no trials."""
    if trials == 0:
        return default
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
        try:  # a value stored by an earlier release may lie outside the limits: the default then
            out[step] = parse_rate(settings.get(f"rates.{step}") or SETTING_DEFAULTS[f"rates.{step}"], step)
        except InputError:
            out[step] = float(SETTING_DEFAULTS[f"rates.{step}"])
    return out


@figure
class Rate:
    """One funnel step: its own rate, trials, successes, the rate the plan uses and its default."""

    own: float | None
    n: int
    successes: int
    used: float
    default: float

    @property
    def below_default(self) -> bool:
        """Enough trials (20) and an own rate under the benchmark."""
        return self.n >= MIN_TRIALS and self.own is not None and self.own < self.default


def rate(successes: int, trials: int, default: float) -> Rate:
    """A funnel step from its successes and trials, shrunk toward its default."""
    return Rate(ratio(successes, trials), trials, successes, round(shrunk(successes, trials, default), 6), default)


def funnel_rates(
    *,
    touches: int,
    booked: int,
    held: int,
    no_show: int,
    first_held: int,
    proposals: int,
    won: int,
    lost: int,
    won_proposed: int,
    lost_proposed: int,
    defaults: dict[str, float],
) -> dict[str, Rate]:
    """The four steps of the funnel.

    The win step counts won ÷ (won + lost deals that had a proposal sent), a won deal counting as
    proposed — unless no deal closed in the window has a proposal date at all (typical of imported
    history), and then won ÷ (won + lost).
    """
    win_trials = won + lost_proposed if won_proposed + lost_proposed else won + lost
    return {
        "booked": rate(booked, touches, defaults["booked"]),
        "show": rate(held, held + no_show, defaults["show"]),
        "proposal": rate(proposals, first_held, defaults["proposal"]),
        "win": rate(won, win_trials, defaults["win"]),
    }


def improve_first(rates: dict[str, Rate]) -> str | None:
    """The step whose own rate sits furthest below its default (lowest own ÷ default; ties in funnel
    order), among steps with at least 20 trials and an own rate below the default."""
    best, best_score = None, math.inf
    for step in STEPS:
        r = rates[step]
        if r.below_default:
            assert r.own is not None
            score = r.own / r.default
            if score < best_score:
                best, best_score = step, score
    return best


@figure
class Goals:
    """The plan's numbers for one day."""

    touches_per_deal: float
    daily_goal: int | None
    daily_goal_source: str | None  #: ``target``, ``plan``, ``setting`` or ``None``
    pace_goal: int | None
    daily_goal_if_improved: int | None
    improve_first: str | None


def goals(
    rates: dict[str, Rate],
    *,
    revenue_cents: int | None,
    avg_deal_cents: float | None,
    won_cents: int,
    working_days: int,
    working_days_left: int,
    fixed_daily_goal: int | None,
    setting_daily_goal: int | None,
) -> Goals:
    """Daily, pace and 'if improved' goals from the funnel and a target (``revenue_cents`` None: no target).

    Every quotient is rounded to 6 decimals before its ceiling (:func:`ceil6`).
    """
    used = {s: rates[s].used for s in STEPS}
    tpd = touches_per_deal(used)
    step = improve_first(rates)
    daily = source = pace = improved = None
    has_target = revenue_cents is not None
    if has_target and avg_deal_cents and working_days_left:
        gap = max(0, (revenue_cents or 0) - won_cents)
        pace = ceil6(gap / avg_deal_cents * tpd / working_days_left)
    if has_target and fixed_daily_goal:
        daily, source = int(fixed_daily_goal), "target"
    elif has_target and avg_deal_cents and working_days:
        daily, source = ceil6((revenue_cents or 0) / avg_deal_cents * tpd / working_days), "plan"
    elif setting_daily_goal:
        daily, source = int(setting_daily_goal), "setting"
    if step is not None and source == "plan" and avg_deal_cents:
        better = dict(used)
        better[step] = rates[step].default
        improved = ceil6((revenue_cents or 0) / avg_deal_cents * touches_per_deal(better) / working_days)
    return Goals(round(tpd, 6), daily, source, pace, improved, step)


@figure
class Split:
    """A team target split over reps: what each must bring, and the new total with a raise."""

    amount: float
    raise_pct: float | None
    to_split: float
    reps: int
    per_rep: float
    new_total: float


def split_target(amount: str, reps: str | int, raise_pct: str | None = None) -> Split:
    """What each rep must bring: the amount ÷ reps, or with a raise the increase ÷ reps."""
    from decimal import Decimal, InvalidOperation  # here: the plan's other arithmetic runs on every status

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
    return Split(
        amount=float(cents / 100),
        raise_pct=None if raise_pct is None else float(pct),
        to_split=float(total / 100),
        reps=n,
        per_rep=float(each / 100),
        new_total=float((Decimal(cents) + (total if raise_pct is not None else 0)) / 100),
    )
