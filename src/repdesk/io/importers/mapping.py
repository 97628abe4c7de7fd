"""Mappings: what a CSV's rows are, which column feeds which repdesk field, how values translate.

A preset is a folder of mappings (one per record kind a CRM exports); a mapping file (TOML) states
the same things for any other CSV, or overrides some keys of a preset. The README's "Import" section
documents the format; :meth:`Mapping.from_dict` checks it, key by key and type by type.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from repdesk.domain.errors import InputError
from repdesk.io.importers.cells import quoted, squash

KINDS = ("prospects", "touches", "meetings", "deals")
#: fields every kind can read: the company and what ties a row to one
COMMON = ("company", "company_id", "email", "website")
FIELDS: dict[str, tuple[str, ...]] = {
    "prospects": (*COMMON, "contact", "first_name", "last_name", "title", "seniority", "phone", "industry",
                  "employees", "region", "source", "pain_points", "notes", "created_at"),
    "touches": (*COMMON, "at", "channel", "outcome", "minutes", "seconds", "milliseconds", "note", "subject"),
    "meetings": (*COMMON, "at", "kind", "goal", "status", "outcome", "next_step", "note", "subject"),
    "deals": (*COMMON, "title", "value", "value_cents", "opened_at", "proposal_at", "proposal_value", "closed_at",
              "status", "won", "closed", "lost_reason", "at"),
}  # fmt: skip
DATES = ("created_at", "at", "opened_at", "proposal_at", "closed_at")
MONEY = ("value", "proposal_value")
#: fields whose value must be translated to one of repdesk's words (an unknown value is a bad row)
STRICT = ("status", "channel", "outcome", "kind", "goal")
#: fields an unknown value of becomes a catch-all (the CRM's words kept in the note where there is one)
LENIENT = {"lost_reason": "other", "source": "other", "seniority": "unknown"}
#: the columns a kind cannot do without (besides one that ties a row to a company)
REQUIRED = {"prospects": (), "touches": ("at",), "meetings": ("at",), "deals": ("status|won|closed",)}
TIES = {"prospects": ("company", "company_id", "website"), "touches": ("company", "company_id", "email"),
        "meetings": ("company", "company_id", "email"), "deals": ("company", "company_id", "email")}  # fmt: skip
PRESETS = Path(__file__).parent / "presets"
PRESET_NAMES = ("hubspot", "salesforce", "dynamics", "pipedrive", "close", "repdesk", "generic")
TOP_KEYS = {"name", "kind", "kind_column", "kinds", "source", "id", "company_id", "owner", "decimal_mark",
            "day_first", "date_format", "columns", "values", "defaults", "skip", "signature", "stop_at_blank",
            "events", "formula_prefix"}  # fmt: skip


@dataclass(frozen=True)
class Skip:
    """Rows that are not records: skipped by rule and counted by reason."""

    columns: tuple[str, ...]
    kind: str | None  # the rule holds for rows of this kind only
    among: frozenset[str] | None  # skip when the value is one of these (squashed)
    unless: frozenset[str] | None  # skip when the value is not one of these
    reason: str | None


@dataclass
class Mapping:
    """One way of reading a CSV."""

    name: str
    preset: str = "generic"
    source: str = "generic"
    kind: str | None = None
    kind_column: tuple[str, ...] = ()
    kinds: dict[str, str] = field(default_factory=dict)
    id: tuple[str, ...] = ()
    company_id: tuple[str, ...] = ()
    owner: tuple[str, ...] = ()
    decimal_mark: str | None = None
    day_first: bool | None = None
    date_format: str | None = None
    #: kind → field → columns (the first non-empty wins)
    columns: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    #: kind → field → squashed CRM value → repdesk value
    values: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    defaults: dict[str, dict[str, str]] = field(default_factory=dict)
    skip: tuple[Skip, ...] = ()
    signature: tuple[str, ...] = ()
    stop_at_blank: bool = False
    events: bool = False
    formula_prefix: bool = False
    #: the keys this mapping set (an override touches only these)
    given: frozenset[str] = frozenset()

    # -- loading ------------------------------------------------------------------------------

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any], *, partial: bool = False, preset: str = "generic") -> Mapping:
        """A mapping from parsed TOML; every key and type checked (``partial``: an override of a preset)."""
        where = f"mapping {name}"
        unknown = set(data) - TOP_KEYS
        if unknown:
            raise InputError(
                f"{where}: unknown key {', '.join(sorted(unknown))} (known: {', '.join(sorted(TOP_KEYS))})"
            )

        def text(key: str) -> str | None:
            v = data.get(key)
            if v is not None and (not isinstance(v, str) or not v.strip()):
                raise InputError(f"{where}: {key} must be a text, not {v!r}")
            return v

        def names(key: str, v: Any = None) -> tuple[str, ...]:
            v = data.get(key) if v is None else v
            if v is None:
                return ()
            cols = [v] if isinstance(v, str) else v
            if not isinstance(cols, list) or not cols or not all(isinstance(c, str) and c.strip() for c in cols):
                raise InputError(f"{where}: {key} must be a column name or a list of column names")
            return tuple(cols)

        def flag(key: str) -> bool | None:
            v = data.get(key)
            if v is not None and not isinstance(v, bool):
                raise InputError(f"{where}: {key} must be true or false, not {v!r}")
            return v

        kind = text("kind")
        if kind is not None and kind not in KINDS:
            raise InputError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        kind_column = names("kind_column")
        if kind is not None and kind_column:
            raise InputError(f"{where}: give kind or kind_column, not both")
        kinds_raw = data.get("kinds") or {}
        if not isinstance(kinds_raw, dict) or not all(v in (*KINDS, "skip") for v in kinds_raw.values()):
            raise InputError(f"{where}: [kinds] maps a value of the kind column to one of {', '.join(KINDS)} or skip")
        if kind_column and not kinds_raw:
            raise InputError(f"{where}: with kind_column, give [kinds] (value = kind)")
        if not partial and kind is None and not kind_column:
            raise InputError(f'{where}: give kind = "deals" (or touches, meetings, prospects), or kind_column')
        all_kinds = (kind,) if kind else tuple(sorted(set(kinds_raw.values()) - {"skip"})) or KINDS

        def per_kind(key: str, table: Any) -> dict[str, dict[str, Any]]:
            """A table that is either per field (one kind) or per kind ([columns.deals] …)."""
            if table is None:
                return {}
            if not isinstance(table, dict):
                raise InputError(f"{where}: [{key}] must be a table")
            if table and all(k in KINDS for k in table) and all(isinstance(v, dict) for v in table.values()):
                return {k: v for k, v in table.items()}
            if kind is None and not partial:
                raise InputError(f"{where}: with kind_column, give [{key}.deals], [{key}.touches] …")
            return {k: table for k in all_kinds}

        columns: dict[str, dict[str, tuple[str, ...]]] = {}
        for k, table in per_kind("columns", data.get("columns")).items():
            bad = set(table) - set(FIELDS[k])
            if bad:
                raise InputError(f"{where}: {k} have no field {', '.join(sorted(bad))} "
                                 f"(fields: {', '.join(FIELDS[k])})")  # fmt: skip
            columns[k] = {f: names(f"columns.{f}", c) for f, c in table.items()}
        values: dict[str, dict[str, dict[str, str]]] = {}
        for k, table in per_kind("values", data.get("values")).items():
            out: dict[str, dict[str, str]] = {}
            for f, tr in table.items():
                if f not in FIELDS[k] or not isinstance(tr, dict):
                    raise InputError(f"{where}: [values.{f}] must translate a field of {k} ({', '.join(FIELDS[k])})")
                if not all(isinstance(v, str) for v in tr.values()):
                    raise InputError(f"{where}: [values.{f}] must give a text for each value")
                out[f] = {squash(str(a)): b for a, b in tr.items()}
            values[k] = out
        defaults: dict[str, dict[str, str]] = {}
        for k, table in per_kind("defaults", data.get("defaults")).items():
            if not all(f in FIELDS[k] and isinstance(v, str | int | float) for f, v in table.items()):
                raise InputError(f"{where}: [defaults] gives a text per field of {k}")
            defaults[k] = {f: str(v) for f, v in table.items()}
        skips = []
        raw_skips = data.get("skip") or []
        if not isinstance(raw_skips, list):
            raise InputError(f"{where}: skip rules are [[skip]] tables (column, and in or not_in)")
        for rule in raw_skips:
            if (
                not isinstance(rule, dict)
                or set(rule) - {"column", "kind", "in", "not_in", "reason"}
                or "column" not in rule
            ):
                raise InputError(f"{where}: a [[skip]] rule has column, and in or not_in (a list), and maybe reason")
            among, unless = rule.get("in"), rule.get("not_in")
            for v in (among, unless):
                if v is not None and (not isinstance(v, list) or not all(isinstance(x, str) for x in v)):
                    raise InputError(f"{where}: a [[skip]] rule's in and not_in are lists of texts")
            if (among is None) == (unless is None):
                raise InputError(f"{where}: a [[skip]] rule gives in or not_in (one of them)")
            reason = rule.get("reason")
            if reason is not None and not isinstance(reason, str):
                raise InputError(f"{where}: a [[skip]] rule's reason is a text")
            if rule.get("kind") not in (None, *KINDS):
                raise InputError(f"{where}: a [[skip]] rule's kind is one of {', '.join(KINDS)}")
            skips.append(
                Skip(
                    names("skip.column", rule["column"]),
                    rule.get("kind"),
                    frozenset(squash(x) for x in among) if among is not None else None,
                    frozenset(squash(x) for x in unless) if unless is not None else None,
                    reason,
                )
            )
        mark = text("decimal_mark")
        if mark is not None and mark not in (".", ","):
            raise InputError(f'{where}: decimal_mark is "." or ","')
        return cls(
            name=str(data.get("name") or name),
            preset=preset,
            source=text("source") or preset,
            kind=kind,
            kind_column=kind_column,
            kinds={squash(str(k)): v for k, v in kinds_raw.items()},
            id=names("id"),
            company_id=names("company_id"),
            owner=names("owner"),
            decimal_mark=mark,
            day_first=flag("day_first"),
            date_format=text("date_format"),
            columns=columns,
            values=values,
            defaults=defaults,
            skip=tuple(skips),
            signature=names("signature"),
            stop_at_blank=bool(flag("stop_at_blank")),
            events=bool(flag("events")),
            formula_prefix=bool(flag("formula_prefix")),
            given=frozenset(data),
        )

    def overridden(self, other: Mapping) -> Mapping:
        """This mapping with the keys ``other`` sets replaced (a --mapping beside a --preset)."""
        changes: dict[str, Any] = {}
        for key in other.given:
            if key in ("columns", "values", "defaults"):
                merged = {k: dict(v) for k, v in getattr(self, key).items()}
                for k, table in getattr(other, key).items():
                    merged.setdefault(k, {}).update(table)
                changes[key] = merged
            elif key == "kinds":
                changes[key] = {**self.kinds, **other.kinds}
            elif key != "name":
                changes[key] = getattr(other, key)
        return replace(self, **changes)

    # -- what the mapping reads ---------------------------------------------------------------

    def kinds_read(self) -> tuple[str, ...]:
        if self.kind:
            return (self.kind,)
        return tuple(k for k in KINDS if k in set(self.kinds.values()))

    def known(self) -> set[str]:
        """Every column the mapping can read (squashed)."""
        cols = {c for t in self.columns.values() for cs in t.values() for c in cs}
        cols |= {*self.id, *self.company_id, *self.owner, *self.kind_column}
        cols |= {alt for s in self.signature for alt in s.split("|")}
        cols |= {c for s in self.skip for c in s.columns}
        return {squash(c) for c in cols}

    def lacks(self, have: set[str]) -> list[str]:
        """What this mapping needs that a header (squashed names) does not hold, said for a person."""
        missing: list[str] = []
        if self.kind_column and not any(squash(c) in have for c in self.kind_column):
            missing.append(" or ".join(self.kind_column))
        for k in self.kinds_read():
            cols = self.columns.get(k, {})
            tie = [f for f in TIES[k] if f != "email" or k != "prospects"]
            tie_cols = [c for f in tie for c in (self.company_id if f == "company_id" else ()) + cols.get(f, ())]
            if not any(squash(c) in have for c in tie_cols):
                missing.append(f"a column that ties a row to a company ({', '.join(dict.fromkeys(tie_cols))})"
                               if tie_cols else "a column that ties a row to a company (map company)")  # fmt: skip
            for need in REQUIRED[k]:
                options = [c for f in need.split("|") for c in cols.get(f, ())]
                if not any(squash(c) in have for c in options) and not any(
                    f in self.defaults.get(k, {}) for f in need.split("|")
                ):
                    missing.append(" or ".join(dict.fromkeys(options)) or f"a column for {need.replace('|', ' or ')}")
        return missing


def _load_toml(path: Path, what: str) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"no mapping file {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a mapping file") from None
    except UnicodeDecodeError:
        raise InputError(f"{what} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{what} is not valid TOML: {exc}") from None


def load_file(path: str) -> Mapping:
    """A mapping file; it may be partial (only keys that override a preset)."""
    p = Path(path)
    data = _load_toml(p, f"mapping {p.name}")
    partial = "kind" not in data and "kind_column" not in data
    return Mapping.from_dict(p.stem, data, partial=partial, preset=p.stem)


def preset_mappings(preset: str) -> list[Mapping]:
    """Every mapping of a preset (one per kind of export the CRM writes)."""
    folder = PRESETS / preset
    if preset not in PRESET_NAMES or not folder.is_dir():
        raise InputError(f"no preset {preset!r} (presets: {', '.join(PRESET_NAMES)})")
    return [Mapping.from_dict(f"{preset}/{p.stem}", _load_toml(p, p.name), preset=preset)
            for p in sorted(folder.glob("*.toml"))]  # fmt: skip


def recognise(header: list[str], mappings: list[Mapping], what: str, preset: str | None = None) -> Mapping:
    """The mapping the header fits best among those that can read the file; exit 2 when none can."""
    have = {squash(h) for h in header if h.strip()}
    scored = []
    for m in mappings:
        if not all(any(squash(alt) in have for alt in s.split("|")) for s in m.signature):
            continue
        scored.append((len(m.known() & have), m))
    scored.sort(key=lambda s: -s[0])
    readable = [(score, m) for score, m in scored if score and not m.lacks(have)]
    if readable:
        best = readable[0][1]
        return best
    found = ", ".join(quoted(h) for h in header[:15] if h.strip()) + (" …" if len(header) > 15 else "")
    if scored and scored[0][0]:
        near = scored[0][1]
    else:
        near = max(mappings, key=lambda m: (len(m.known() & have), -len(m.lacks(have))))
    lacks = near.lacks(have)
    if not lacks:
        lacks = [", ".join(sorted(c for c in near.known() - have)[:6]) or "its columns"]
    if preset is not None:
        raise InputError(f"{what}: the {preset} preset cannot read this file: {near.name} lacks {'; '.join(lacks)} "
                         f"(columns found: {found})")  # fmt: skip
    raise InputError(f"{what}: no preset reads this file; the nearest, {near.name}, lacks {'; '.join(lacks)} "
                     f"(columns found: {found})")  # fmt: skip


def all_presets() -> list[Mapping]:
    return [m for p in PRESET_NAMES if p != "generic" for m in preset_mappings(p)] + preset_mappings("generic")
