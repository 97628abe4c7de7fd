"""Shell completion: ``repdesk completion bash|zsh|fish`` prints a script; the script asks
``repdesk __complete WORD…`` (hidden, fast: no database is created or migrated) for the
candidates of the word being typed — commands, options, choices and prospect names.
"""

from __future__ import annotations

import argparse
import sys

from repdesk.cli.context import Ctx, say

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from collections.abc import Sequence

HIDDEN = "__complete"

SCRIPTS = {
    "bash": """# repdesk completion for bash: add to ~/.bashrc
#   eval "$(repdesk completion bash)"
_repdesk() {
    local IFS=$'\\n' line
    COMPREPLY=()
    while IFS= read -r line; do
        COMPREPLY+=("$(printf '%q' "$line")")
    done < <(repdesk __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
}
complete -F _repdesk repdesk
""",
    "zsh": """#compdef repdesk
# repdesk completion for zsh: add to ~/.zshrc
#   eval "$(repdesk completion zsh)"
_repdesk() {
    local -a candidates
    candidates=("${(@f)$(repdesk __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    compadd -Q -- ${(q)candidates[@]}
}
compdef _repdesk repdesk
""",
    "fish": """# repdesk completion for fish: save as ~/.config/fish/completions/repdesk.fish
#   repdesk completion fish > ~/.config/fish/completions/repdesk.fish
function __repdesk_complete
    set -l tokens (commandline -opc) (commandline -ct)
    repdesk __complete $tokens[2..-1] 2>/dev/null
end
complete -c repdesk -f -a '(__repdesk_complete)'
""",
}


def cmd_completion(ctx: Ctx) -> None:
    sys.stdout.write(SCRIPTS[ctx.args.shell])


def _values(dest: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
    """The words an option or positional takes, by its name; ``None`` for free text."""
    from repdesk.domain import vocab

    if dest == "outcome":
        return vocab.MEETING_OUTCOMES if path[:1] == ("meeting",) else vocab.OUTCOMES
    known: dict[str, tuple[str, ...]] = {
        "channel": vocab.CHANNELS,
        "seniority": vocab.SENIORITIES,
        "source": vocab.SOURCES,
        "kind": vocab.MEETING_KINDS,
        "goal": vocab.GOALS,
        "reason": vocab.LOST_REASONS,
        "min_seniority": vocab.SENIORITIES[:-1],
        "archived": ("yes", "no"),
        "field": (*vocab.ICP_TEXT_FIELDS, *vocab.ICP_NUMERIC_FIELDS),
        "key": tuple(vocab.SETTING_DEFAULTS) if path[:1] == ("config",) else (),
    }
    return known.get(dest)


def prospect_names(db: str | None) -> list[str]:
    """Company names, read-only: completion never creates, migrates or locks a database."""
    from repdesk.db.location import db_path
    from repdesk.figures.records import company_names_read_only

    return company_names_read_only(db_path(db))


def candidates(words: Sequence[str]) -> list[str]:
    """What may stand in place of the last word, given the words before it."""
    from repdesk.cli.main import COMMANDS
    from repdesk.cli.parser import build_parser

    *before, current = list(words) or [""]
    db = None
    for i, w in enumerate(before[:-1]):
        if w == "--db":
            db = before[i + 1]
    while before[:1] in (["--db"], ["--tz"]):  # global options given before the command
        before = before[2:]
    command = next(
        (
            w
            for i, w in enumerate(before)
            if not w.startswith("-") and (i == 0 or before[i - 1] not in ("--db", "--tz"))
        ),
        None,
    )
    if command is not None and command not in (*COMMANDS, "completion"):
        return []
    parser: argparse.ArgumentParser = build_parser(command)
    path: list[str] = []
    positional = 0
    given: list[str] = []  # the positionals typed so far
    expecting: argparse.Action | None = None
    for w in before:
        if expecting is not None:
            expecting = None
            continue
        if w.startswith("-"):
            action = parser._option_string_actions.get(w.split("=")[0])
            if action is not None and action.nargs != 0 and "=" not in w:
                expecting = action
            continue
        sub = _subparsers(parser)
        if sub is not None and w in sub.choices:
            parser, positional = sub.choices[w], 0
            path.append(w)
            continue
        positional += 1
        given.append(w)

    if expecting is not None:
        options = _choices(expecting, tuple(path), db)
    elif current.startswith("-"):
        options = [o for o in parser._option_string_actions if o.startswith("--")] + ["-h"]
    else:
        sub = _subparsers(parser)
        if sub is not None:
            options = [n for n in sub.choices if not n.startswith("_")]
            if not path:
                options = [*COMMANDS, "completion"]
        else:
            args = [a for a in parser._actions if not a.option_strings and a.dest != "help"]
            options = _choices(args[positional], tuple(path), db) if positional < len(args) else []
            if path == ["log"] and positional == 2:  # the outcomes of the channel typed
                from repdesk.domain import vocab

                options = list(vocab.CHANNEL_OUTCOMES.get(given[0].lower(), vocab.OUTCOMES))
    low = current.casefold()
    return [o for o in dict.fromkeys(options) if o.casefold().startswith(low)]


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:  # type: ignore[type-arg]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def _choices(action: argparse.Action, path: tuple[str, ...], db: str | None) -> list[str]:
    if action.choices is not None:
        return [str(c) for c in action.choices]
    if action.dest == "prospect" or (
        action.dest == "id" and path in (("deal", "proposal"), ("deal", "won"), ("deal", "lost"))
    ):
        return prospect_names(db)
    if action.dest in ("db",):
        return []
    return list(_values(action.dest, path) or ())


def run_hidden(words: Sequence[str]) -> int:
    """``repdesk __complete WORD…``: one candidate a line; never an error (completion must not break a shell)."""
    try:
        for c in candidates(words):
            say(c.replace("\n", " "))  # one line each, control characters as visible escapes
    except Exception:  # noqa: BLE001 - a completion that cannot help prints nothing
        return 0
    return 0
