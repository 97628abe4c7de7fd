"""The commands a rep runs all day, read without argparse.

``log``, ``status``, ``next`` and ``today`` are bound to keys and status bars: importing argparse
(with gettext and locale) and building even one command's parser costs a few milliseconds of a
budget of tens. Their arguments are nearly always plain, so they are read here, into the same
namespace argparse would give; anything else — help, an abbreviated or unknown option, a value
that looks like an option, ``--``, an argument too many or too few — is left to argparse, which
answers it (or refuses it) as for every other command. A test holds the two readers to the same
result on generated command lines, and this table to the parser's options.
"""

from __future__ import annotations

from types import SimpleNamespace

#: options every command takes, anywhere on the line (their attribute is absent when not given)
COMMON = {"--db": "db", "--tz": "tz"}

#: command → (its function, its positionals, its options that take a value, its flags)
QUICK: dict[str, tuple[str, tuple[str, ...], dict[str, str], dict[str, str]]] = {
    "log": (
        "activity:cmd_log",
        ("channel", "prospect", "outcome"),
        {
            "--at": "at",
            "--minutes": "minutes",
            "--note": "note",
            "--next": "next",
            "--meeting": "meeting",
            "--kind": "kind",
        },  # fmt: skip
        {"--no-next": "no_next", "--json": "json"},
    ),
    "status": ("reports:cmd_status", (), {"--date": "date"}, {}),
    "next": ("followups:cmd_next", (), {"--date": "date", "--limit": "limit"}, {"--json": "json"}),
    "today": ("reports:cmd_today", (), {"--date": "date"}, {"--json": "json"}),
}


def quick_args(argv: list[str]) -> SimpleNamespace | None:
    """``argv`` read as argparse reads it, for a command of :data:`QUICK` on a plain line; ``None``
    where argparse must judge."""
    given: dict[str, object] = {}
    spec = None
    positionals: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        i += 1
        if not token.startswith("-"):
            if spec is None:  # the command
                spec = QUICK.get(token)
                if spec is None:
                    return None
            else:
                positionals.append(token)
            continue
        name, eq, value = token.partition("=")
        takes = COMMON.get(name) or (spec[2].get(name) if spec is not None else None)
        if takes is not None:
            if not eq:
                if i == len(argv) or argv[i].startswith("-"):
                    return None  # no value, or one argparse may read as an option
                value = argv[i]
                i += 1
            given[takes] = value
        elif spec is not None and not eq and name in spec[3]:
            given[spec[3][name]] = True
        else:
            return None  # help, --, an abbreviation, a flag with a value, an unknown option
    if spec is None or len(positionals) != len(spec[1]):
        return None
    run, names, options, flags = spec
    values: dict[str, object] = {"demo": False, "run": run, **dict(zip(names, positionals, strict=True))}
    values.update({dest: None for dest in options.values()})
    values.update({dest: False for dest in flags.values()})
    values.update(given)
    return SimpleNamespace(**values)
