"""The quick reader of the commands run all day gives what argparse gives, or leaves the line to it."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repdesk.cli.main import command_of
from repdesk.cli.parser import build_parser
from repdesk.cli.quick import COMMON, QUICK, quick_args
from repdesk.domain.errors import InputError


def _argparse(argv: list[str]) -> dict[str, object] | None:
    """What argparse makes of a line, or ``None`` where it refuses it."""
    try:
        return vars(build_parser(command_of(argv)).parse_args(argv))
    except (InputError, SystemExit):
        return None


def _subparser(command: str) -> argparse.ArgumentParser:
    top = build_parser(command)
    sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[command]


@pytest.mark.parametrize("command", list(QUICK))
def test_the_table_has_every_option_of_the_parser(command: str) -> None:
    run, positionals, options, flags = QUICK[command]
    parser = _subparser(command)
    assert parser.get_default("run") == run
    assert tuple(a.dest for a in parser._actions if not a.option_strings) == positionals
    with_value = {o: a.dest for a in parser._actions for o in a.option_strings if a.nargs is None and a.const is None}
    assert with_value == {**COMMON, **options}
    switches = {
        o: a.dest for a in parser._actions for o in a.option_strings if isinstance(a, argparse._StoreTrueAction)
    }
    assert switches == flags


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["--db", "x.db", "status", "--date", "yesterday"],
        ["next", "--limit", "5", "--json"],
        ["--tz=Europe/Berlin", "next", "--date=2026-11-20"],
        ["today", "--json", "--db", "x.db"],
        ["log", "call", "acme", "busy", "--no-next"],
        ["log", "email", "Acme Corp", "sent", "--note", "hi [/] 🚀", "--at", "14:30", "--next", "fri"],
        ["log", "--at", "9:00", "call", "#12", "meeting_booked", "--meeting", "tue 10:00", "--kind", "demo"],
        ["log", "call", "", "connected"],
    ],
)
def test_a_plain_line_is_read_as_argparse_reads_it(argv: list[str]) -> None:
    quick = quick_args(argv)
    assert quick is not None
    assert vars(quick) == _argparse(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--help"], ["log", "-h"], ["next", "--lim", "5"], ["next", "--limit"], ["next", "--limit", "-1"],
        ["log", "call", "acme"], ["log", "call", "acme", "busy", "extra"], ["log", "call", "-5", "busy"],
        ["next", "--json=yes"], ["log", "--", "call", "acme", "busy"], ["review"], ["--version"], [],
    ],
)  # fmt: skip
def test_anything_else_is_left_to_argparse(argv: list[str]) -> None:
    assert quick_args(argv) is None


_WORDS = [*QUICK, "review", "touch", "call", "acme", "busy", "", "-", "--", "-h", "--help", "-1", "-x", "--lim",
          "--no", "--js", "--json=1", "--date=", "--at=-1h", "--db=a.db", "--limit=3", "a b", "=", "[/]", "🚀",
          "10:00", "2026-11-20", *COMMON, *(o for spec in QUICK.values() for o in (*spec[2], *spec[3]))]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=9))
def test_any_line_is_read_as_argparse_reads_it_or_left_to_it(argv: list[str]) -> None:
    quick = quick_args(argv)
    if quick is not None:
        assert vars(quick) == _argparse(argv)


_VALUES = st.sampled_from(["acme", "", "Acme Corp", "10:00", "2026-11-20", "-1h", "-x", "a=b", "[/]", "🚀", "--json"])


@st.composite
def _lines(draw: st.DrawFn) -> list[str]:
    """A quick command with its positionals and some of its options, in any order, some as --opt=value."""
    command = draw(st.sampled_from(list(QUICK)))
    _run, positionals, options, flags = QUICK[command]
    tail: list[list[str]] = [[draw(_VALUES)] for _ in positionals]
    for option in draw(st.lists(st.sampled_from([*COMMON, *options, *flags]), max_size=4)):
        if option in flags:
            tail.append([option])
        elif draw(st.booleans()):
            tail.append([f"{option}={draw(_VALUES)}"])
        else:
            tail.append([option, draw(_VALUES)])
    tail = draw(st.permutations(tail))
    head = [
        option for option in draw(st.lists(st.sampled_from(list(COMMON)), max_size=1)) for option in (option, "h.db")
    ]
    return [*head, command, *(token for part in tail for token in part)]


@settings(max_examples=600, deadline=None)
@given(_lines())
def test_a_command_line_of_the_quick_commands_is_read_as_argparse_reads_it(argv: list[str]) -> None:
    quick = quick_args(argv)
    expected = _argparse(argv)
    if quick is None:  # left to argparse only where a value on its own looks like an option
        assert any(token in ("-1h", "-x", "--json") for token in argv)
    else:
        assert vars(quick) == expected
