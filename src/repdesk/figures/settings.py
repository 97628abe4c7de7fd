"""Settings, targets and ICP criteria as the Settings screen and the commands list them."""

from __future__ import annotations

from datetime import tzinfo

from repdesk.db.connect import Store
from repdesk.domain.record import figure
from repdesk.figures.records import record

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


def stored_zone(store: Store) -> str | None:
    """The time zone setting, if the rep set one."""
    value = store.scalar("SELECT value FROM setting WHERE key = 'timezone'")
    return None if value is None else str(value)


def target_rows(store: Store) -> list[Any]:
    """Every target, earliest first."""
    return store.all("SELECT * FROM target ORDER BY start, period")


def criteria_rows(store: Store) -> list[Any]:
    """Every ICP criterion, in the order they were added."""
    return store.all("SELECT * FROM icp_criterion ORDER BY id")


@figure
class SettingsView:
    """What the Settings screen shows: the settings (defaults filled in), targets and criteria."""

    settings: dict[str, str]
    targets: tuple[dict[str, Any], ...]
    criteria: tuple[Any, ...]  #: stored rows


def settings_view(store: Store, tz: tzinfo) -> SettingsView:
    """The settings, the targets as records and the criteria rows."""
    return SettingsView(
        store.settings(),
        tuple(record("target", r, tz) for r in target_rows(store)),
        tuple(criteria_rows(store)),
    )
