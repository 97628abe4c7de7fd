"""Shell completion: the scripts, run by the real shells, and the hidden candidate lister."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Runner

# prospect names come from the local file (read-only, no server round trip on each Tab)
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def named(rd: Runner) -> Runner:
    rd("prospect", "add", "Acme Corp")
    rd("prospect", "add", "Beta GmbH")
    return rd


def complete(rd: Runner, *words: str) -> list[str]:
    return rd("__complete", "--db", str(rd.db), *words).out.splitlines()


def test_candidates(named: Runner) -> None:
    rd = named
    assert "prospect" in complete(rd, "") and "completion" in complete(rd, "")
    assert complete(rd, "pro") == ["prospect"]
    assert complete(rd, "touch", "") == ["list", "edit", "delete"]
    assert complete(rd, "log", "") == ["call", "email", "visit", "social", "other"]
    assert complete(rd, "log", "call", "") == ["Acme Corp", "Beta GmbH"]
    assert complete(rd, "log", "call", "be") == ["Beta GmbH"]
    assert complete(rd, "log", "email", "acme", "") == [
        "sent",
        "bounced",
        "replied",
        "not_interested",
        "meeting_booked",
    ]
    assert "--minutes" in complete(rd, "log", "call", "acme", "connected", "--")
    assert complete(rd, "meeting", "done", "1", "--outcome", "") == ["advanced", "no_decision", "disqualified"]
    assert complete(rd, "deal", "lost", "1", "--reason", "p") == ["price"]
    assert complete(rd, "export", "week", "--format", "") == ["md", "html", "csv", "json"]
    assert complete(rd, "touch", "list", "--prospect", "A") == ["Acme Corp"]
    assert complete(rd, "deal", "won", "") == ["Acme Corp", "Beta GmbH"]
    assert complete(rd, "completion", "") == ["bash", "zsh", "fish"]


def test_completing_never_creates_a_database(tmp_path: Path) -> None:
    rd = Runner(tmp_path / "none.db")
    assert complete(rd, "log", "call", "") == []
    assert not (tmp_path / "none.db").exists()
    assert complete(rd, "nonsense", "--what", "") == []  # never an error in a shell


def _env(rd: Runner) -> dict[str, str]:
    env = dict(os.environ, REPDESK_DB=str(rd.db))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    return env


def test_bash_script(named: Runner) -> None:
    script = named("completion", "bash").out
    probe = 'COMP_WORDS=(repdesk log call Beta); COMP_CWORD=3; _repdesk; printf "%s\\n" "${COMPREPLY[@]}"'
    done = subprocess.run(
        ["bash", "-c", f"{script}\n{probe}"], capture_output=True, text=True, env=_env(named), timeout=30
    )
    assert done.stdout.splitlines() == ["Beta\\ GmbH"], done


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_script(named: Runner, tmp_path: Path) -> None:
    (tmp_path / "repdesk.fish").write_text(named("completion", "fish").out)
    done = subprocess.run(
        ["fish", "--no-config", "-c", f"source {tmp_path / 'repdesk.fish'}; complete -C'repdesk log call '"],
        capture_output=True,
        text=True,
        env=_env(named),
        timeout=30,
    )
    assert done.stdout.splitlines() == ["Acme Corp", "Beta GmbH"], done


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_script(named: Runner) -> None:
    script = named("completion", "zsh").out
    probe = (
        "compdef() { :; }\n"
        + script
        + '\ncompadd() { print -rl -- "${@:3}"; }\nwords=(repdesk log call B); CURRENT=4; _repdesk'
    )
    done = subprocess.run(["zsh", "-f", "-c", probe], capture_output=True, text=True, env=_env(named), timeout=30)
    assert done.stdout.splitlines() == ["Beta\\ GmbH"], done


def test_readme_command_reference_names_every_command() -> None:
    """Each command and subcommand of the parser has a row in the README's command reference."""
    import argparse
    import re

    from repdesk.cli.main import COMMANDS
    from repdesk.cli.parser import build_parser

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    section = readme.split("## Command reference", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `repdesk")]
    cells = " ".join(line.split(" | ")[0] for line in rows)
    missing = []
    for command in COMMANDS:
        parser = build_parser(command)
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[command]
        subs = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
        names = [f"{command} {name}" for name in subs[0].choices] if subs else [command]
        for name in names:
            words = name.split()
            # "repdesk touch list", or "touch list" / "list" within a row that starts with "repdesk touch"
            found = f"repdesk {name}" in cells or any(
                line.startswith(f"| `repdesk {words[0]}")
                and re.search(rf"\b{re.escape(words[-1])}\b", line.split(" | ")[0])
                for line in rows
            )
            if not found:
                missing.append(name)
    assert missing == []
