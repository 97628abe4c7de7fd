"""The working-day calendar of the stored targets: a day is a working day if it is one for the
shortest target containing it, else Mon–Fri."""

from __future__ import annotations

from repdesk.db.connect import Store
from repdesk.domain.dates import Workdays


def workdays_of(store: Store) -> Workdays:
    """Which days are working days, by the shortest target containing each (else Mon–Fri)."""
    rows = store.all('SELECT start, "end", workdays, off_dates FROM target ORDER BY id')
    return Workdays([(r[0], r[1], r[2], r[3]) for r in rows])
