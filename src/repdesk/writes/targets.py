"""Writes of revenue targets."""

from __future__ import annotations

from datetime import date

from repdesk.db.connect import Store
from repdesk.domain.dates import check_day
from repdesk.domain.errors import InputError
from repdesk.domain.rules import parse_int, parse_money, parse_workdays, period_bounds

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


def set_target(
    store: Store,
    period: str,
    revenue: str,
    *,
    avg_deal: str | None = None,
    daily_goal: str | None = None,
    workdays: str | None = None,
    off_dates: str | None = None,
) -> Any:
    """Create or replace the target of a month or quarter."""
    name, first, last = period_bounds(period)
    values: dict[str, Any] = {
        "period": name,
        "start": first.isoformat(),
        "end": last.isoformat(),
        "revenue_cents": parse_money(revenue, "revenue target"),
        "avg_deal_cents": None if avg_deal is None else parse_money(avg_deal, "average deal"),
        "daily_goal": None if daily_goal is None else parse_int(daily_goal, "daily goal", 1, 10_000),
        "workdays": parse_workdays(workdays or "mon-fri"),
        "off_dates": "",
    }
    if values["revenue_cents"] == 0:
        raise InputError("a revenue target must be more than 0")
    if values["avg_deal_cents"] == 0:
        raise InputError("an average deal must be more than 0")
    if off_dates:
        days = []
        for part in off_dates.split(","):
            try:
                day = date.fromisoformat(part.strip())
            except ValueError:
                raise InputError(f"cannot read the non-working date {part!r} (use YYYY-MM-DD)") from None
            days.append(check_day(day, part.strip()).isoformat())
        values["off_dates"] = ",".join(sorted(set(days)))
    old = store.one("SELECT id FROM target WHERE period = ?", (name,))
    with store.write(f"target {name}") as c:
        if old is None:
            tid = c.insert("target", values)
        else:
            tid = old["id"]
            c.update("target", {"id": tid}, values)
    return store.one("SELECT * FROM target WHERE id = ?", (tid,))
