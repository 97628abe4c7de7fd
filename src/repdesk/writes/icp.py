"""Writes of the ideal customer profile: criteria and per-prospect answers."""

from __future__ import annotations

from repdesk.db.connect import Store
from repdesk.domain import vocab
from repdesk.domain.errors import InputError
from repdesk.domain.rules import clean_text, criterion_rule
from repdesk.figures.records import find_prospect

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


def add_criterion(store: Store, label: str, **rule: Any) -> Any:
    """Add an ICP criterion (see :func:`criterion_rule` for the rules)."""
    from repdesk.domain.icp import criterion_key

    text = clean_text(label, "label", vocab.MAX_NAME, required=True)
    assert text is not None
    key = criterion_key(text)
    if not key:
        raise InputError(f"the label {label!r} gives an empty key; use some ASCII letters or digits")
    if store.one("SELECT id FROM icp_criterion WHERE key = ?", (key,)):
        raise InputError(f"an ICP criterion with key {key!r} already exists")
    values = {"key": key, "label": text, **criterion_rule(**rule)}
    with store.write(f"add ICP criterion {key}") as c:
        cid = c.insert("icp_criterion", values)
    return store.one("SELECT * FROM icp_criterion WHERE id = ?", (cid,))


def edit_criterion(store: Store, key: str, *, label: str | None = None, **rule: Any) -> Any:
    """Change a criterion's label or rule; its key stays. Answers go when a manual rule becomes another."""
    row = store.one("SELECT * FROM icp_criterion WHERE key = ?", (key.strip().lower(),))
    if row is None:
        raise InputError(f"no ICP criterion {key!r} (see `repdesk icp list`)")
    values: dict[str, Any] = {}
    if label is not None:
        values["label"] = clean_text(label, "label", vocab.MAX_NAME, required=True)
    if any(v not in (None, False) for v in rule.values()):
        values.update(criterion_rule(**rule))
    if not values:
        raise InputError("nothing to change: give --label or a rule")
    with store.write(f"edit ICP criterion {row['key']}") as c:
        if row["rule"] == "manual" and values.get("rule", "manual") != "manual":
            for a in store.all("SELECT prospect_id FROM icp_answer WHERE criterion_id = ?", (row["id"],)):
                c.delete("icp_answer", {"prospect_id": a[0], "criterion_id": row["id"]})
        c.update("icp_criterion", {"id": row["id"]}, values)
    return store.one("SELECT * FROM icp_criterion WHERE id = ?", (row["id"],))


def remove_criterion(store: Store, key: str) -> Any:
    """Remove an ICP criterion (and its answers; undo brings both back)."""
    row = store.one("SELECT * FROM icp_criterion WHERE key = ?", (key.strip().lower(),))
    if row is None:
        raise InputError(f"no ICP criterion {key!r} (see `repdesk icp list`)")
    with store.write(f"remove ICP criterion {row['key']}") as c:
        c.delete("icp_criterion", {"id": row["id"]})
    return row


def answer_criterion(store: Store, ref: str | int, key: str, answer: str | bool | None) -> Any:
    """Answer a manual criterion for a prospect (``None`` clears the answer)."""
    return answer_criteria(store, ref, [(key, answer)])


def _answer_value(crit: Any, answer: str | bool) -> bool:
    if isinstance(answer, bool):
        return answer
    word = answer.strip().lower()
    if word not in ("yes", "no", "y", "n", "true", "false"):
        raise InputError(f"answer {crit['key']} with yes or no, not {answer!r}")
    return word in ("yes", "y", "true")


def answer_criteria(store: Store, ref: str | int, answers: list[tuple[str, str | bool | None]]) -> Any:
    """Answer several manual criteria for a prospect in one action: every answer is checked before
    any is stored, so one bad answer stores none."""
    p = find_prospect(store, ref)
    checked: list[tuple[Any, bool | None]] = []
    for key, answer in answers:
        crit = store.one("SELECT * FROM icp_criterion WHERE key = ?", (key.strip().lower(),))
        if crit is None:
            raise InputError(f"no ICP criterion {key!r} (see `repdesk icp list`)")
        if crit["rule"] != "manual":
            raise InputError(
                f"{crit['key']!r} is worked out from the prospect's fields; only manual criteria take answers"
            )
        checked.append((crit, None if answer is None else _answer_value(crit, answer)))
    if not checked:
        return p
    keys = ", ".join(dict.fromkeys(c["key"] for c, _ in checked))
    with store.write(f"ICP {keys} for {p['company']}") as c:
        for crit, value in checked:
            k = {"prospect_id": p["id"], "criterion_id": crit["id"]}
            if value is None:
                c.delete("icp_answer", k)
            else:
                c.upsert("icp_answer", {**k, "value": bool(value)})
    return p
