"""“Did you mean …?”: the closest known word to a mistyped one, for an error's one line."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, options: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The option nearest to ``word`` (case-insensitive), or ``None`` when none is near enough."""
    import difflib  # only on the error path

    by_key: dict[str, str] = {}
    for o in options:
        by_key.setdefault(o.casefold(), o)
    key = word.strip().casefold()
    match = difflib.get_close_matches(key, list(by_key), n=1, cutoff=cutoff)
    if not match:  # a prefix of exactly one option also counts ("prosp" → "prospect")
        starts = [k for k in by_key if key and k.startswith(key)]
        match = starts if len(starts) == 1 else []
    return by_key[match[0]] if match else None


def did_you_mean(word: str, options: Iterable[str], cutoff: float = 0.6) -> str:
    """`` — did you mean 'x'?`` for the closest option, else the empty string."""
    best = closest(word, options, cutoff)
    return "" if best is None else f" — did you mean {best!r}?"
