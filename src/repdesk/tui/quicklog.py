"""The quick-log line: the words of ``repdesk log`` — ``call acme connected --at 10:00 --minutes 5 --note "…"``."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from repdesk.domain.errors import InputError

USAGE = "CHANNEL PROSPECT OUTCOME [--at WHEN] [--minutes N] [--note TEXT], e.g. call acme connected --at 10:00"
OPTIONS = ("--at", "--minutes", "--note")


@dataclass(frozen=True, slots=True)
class QuickLog:
    """A parsed quick-log line."""

    channel: str
    prospect: str
    outcome: str
    at: str = ""
    minutes: str = ""
    note: str = ""


def parse_quick(line: str) -> QuickLog:
    """Read a quick-log line; words after the outcome that are not options are the note."""
    try:
        parts = shlex.split(line)
    except ValueError as exc:
        raise InputError(f"cannot read that: {exc}") from None
    words: list[str] = []
    values: dict[str, str] = {}
    i = 0
    while i < len(parts):
        token = parts[i]
        name, eq, inline = token.partition("=")
        if name in OPTIONS:
            if eq:
                value = inline
            elif i + 1 < len(parts):
                i += 1
                value = parts[i]
            else:
                raise InputError(f"{name} needs a value; type: {USAGE}")
            if name in values:
                raise InputError(f"{name} is given twice")
            values[name] = value
        elif token.startswith("--"):
            from repdesk.domain.suggest import did_you_mean

            raise InputError(f"unknown option {token!r}{did_you_mean(token, OPTIONS)}")
        else:
            words.append(token)
        i += 1
    if len(words) < 3:
        raise InputError(f"type: {USAGE}")
    channel, prospect, outcome, *rest = words
    note = values.get("--note", "")
    if rest:
        if note:
            raise InputError("give the note once: after the outcome, or with --note")
        note = " ".join(rest)
    return QuickLog(channel, prospect, outcome, values.get("--at", ""), values.get("--minutes", ""), note)
