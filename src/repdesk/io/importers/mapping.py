"""Mappings: what a CSV's rows are, which column feeds which repdesk field, how values translate.

A mapping is a TOML file (presets are mappings shipped with repdesk)::

    kind = "deals"                 # or "touches", "meetings", "prospects"; or kind_column for mixed files
    id = "opportunity_id"          # the source's id of a row, for idempotent re-import
    owner = "sales_agent"          # the column that --owner filters on
    date_format = "%Y-%m-%d"       # strptime format, when dates are not ISO or M/D/YYYY
    [columns]                      # repdesk field = CSV column (or a list: the first non-empty wins)
    company = "account"
    [values.status]                # CSV value = repdesk value (case-insensitive)
    Won = "won"
    [defaults]                     # a constant for a field the file lacks
    channel = "call"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from repdesk.domain.errors import InputError

KINDS = ("prospects", "touches", "meetings", "deals")
FIELDS = {
    "prospects": ("company", "contact", "title", "seniority", "email", "phone", "website", "industry", "employees",
                  "region", "source", "pain_points", "notes", "created_at"),
    "touches": ("company", "at", "channel", "outcome", "minutes", "note"),
    "meetings": ("company", "at", "kind", "goal", "status", "outcome", "next_step", "note"),
    "deals": ("company", "title", "value", "opened_at", "proposal_at", "proposal_value", "closed_at", "status",
              "lost_reason"),
}  # fmt: skip
REQUIRED = {
    "prospects": ("company",),
    "touches": ("company", "at", "outcome"),
    "meetings": ("company", "at"),
    "deals": ("company", "status"),
}
PRESETS = Path(__file__).parent / "presets"


@dataclass
class Mapping:
    """One way of reading a CSV."""

    name: str
    kind: str | None = None
    kind_column: str | None = None
    kinds: dict[str, str] = field(default_factory=dict)
    id: str | None = None
    owner: str | None = None
    date_format: str | None = None
    columns: dict[str, list[str]] = field(default_factory=dict)
    #: for files that mix kinds (``kind_column``): the columns of each kind
    kind_columns: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any]) -> Mapping:
        known = {"kind", "kind_column", "kinds", "id", "owner", "date_format", "columns", "values", "defaults", "name",
                 "match"}  # fmt: skip
        unknown = set(data) - known
        if unknown:
            raise InputError(f"mapping {name}: unknown keys {', '.join(sorted(unknown))}")
        kind = data.get("kind")
        if kind is not None and kind not in KINDS:
            raise InputError(f"mapping {name}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if kind is None and not data.get("kind_column"):
            raise InputError(f'mapping {name}: give kind = "deals" (or touches, meetings, prospects)')

        def parse_columns(table: dict[str, Any]) -> dict[str, list[str]]:
            out = {}
            for fld, col in table.items():
                cols = [col] if isinstance(col, str) else list(col)
                if not all(isinstance(c, str) for c in cols):
                    raise InputError(f"mapping {name}: column for {fld} must be a name or a list of names")
                out[fld] = cols
            return out

        raw_columns = data.get("columns") or {}
        kind_columns: dict[str, dict[str, list[str]]] = {}
        if kind is None:
            for k, table in raw_columns.items():
                if k not in KINDS or not isinstance(table, dict):
                    raise InputError(f"mapping {name}: with kind_column, give [columns.deals] and so on")
                kind_columns[k] = parse_columns(table)
            columns: dict[str, list[str]] = {}
        else:
            columns = parse_columns(raw_columns)
        if kind is not None:
            bad = set(columns) - set(FIELDS[kind])
            if bad:
                raise InputError(f"mapping {name}: {kind} have no field {', '.join(sorted(bad))}")
            if "company" not in columns:
                raise InputError(f"mapping {name}: map a column to company")
        values = {
            fld: {str(k).strip().casefold(): str(v) for k, v in table.items()}
            for fld, table in (data.get("values") or {}).items()
        }
        return cls(
            name=str(data.get("name") or name),
            kind=kind,
            kind_column=data.get("kind_column"),
            kinds={str(k).casefold(): v for k, v in (data.get("kinds") or {}).items()},
            id=data.get("id"),
            owner=data.get("owner"),
            date_format=data.get("date_format"),
            columns=columns,
            kind_columns=kind_columns,
            values=values,
            defaults={k: str(v) for k, v in (data.get("defaults") or {}).items()},
        )

    def columns_of(self, kind: str) -> dict[str, list[str]]:
        """The columns of one kind of row."""
        return self.kind_columns.get(kind, {}) if self.kind_column else self.columns

    def needed(self) -> set[str]:
        """Columns that must be in the header for this mapping to apply: the company and the fields no row
        of its kind can do without (other mapped columns may be missing and read as empty)."""
        tables = self.kind_columns.items() if self.kind_column else [(self.kind or "", self.columns)]
        cols = {c for kind, t in tables for f, cs in t.items() if f in REQUIRED.get(kind, ()) and len(cs) == 1
                for c in cs}  # fmt: skip
        if self.kind_column:
            cols.add(self.kind_column)
        return cols

    def known(self) -> set[str]:
        """Every column the mapping can read."""
        tables = self.kind_columns.values() if self.kind_column else [self.columns]
        return {c for t in tables for cs in t.values() for c in cs} | {c for c in (self.id, self.owner) if c}


def load_file(path: str) -> Mapping:
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"no mapping file {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"mapping {path} is not valid TOML: {exc}") from None
    return Mapping.from_dict(p.stem, data)


def preset_mappings(preset: str) -> list[Mapping]:
    """Every mapping of a preset (one per kind of export the product writes)."""
    folder = PRESETS / preset
    if not folder.is_dir():
        raise InputError(f"no preset {preset!r}")
    return [Mapping.from_dict(f"{preset}-{p.stem}", tomllib.loads(p.read_text(encoding="utf-8")))
            for p in sorted(folder.glob("*.toml"))]  # fmt: skip


def choose(mappings: list[Mapping], header: list[str], what: str) -> Mapping:
    """The mapping whose columns the header holds best."""
    have = {h.strip() for h in header}
    fits = [(len(m.known() & have), -len(m.known() - have), m) for m in mappings if m.needed() <= have]
    if not fits:
        best = max(mappings, key=lambda m: len(m.needed() & have))
        missing = sorted(best.needed() - have)
        raise InputError(f"{what}: the file lacks the columns {', '.join(missing)} (header: {', '.join(header[:12])})")
    fits.sort(key=lambda x: (x[0], x[1]), reverse=True)
    return fits[0][2]
