"""Money: integer cents in the store, major units in figures and JSON."""

from __future__ import annotations

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    pass


def major(cents: int | None) -> int | float | None:
    """Integer cents as a JSON number in major units."""
    if cents is None:
        return None
    return cents // 100 if cents % 100 == 0 else cents / 100
