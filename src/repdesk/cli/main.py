"""The command line's entry point; the parser is :mod:`repdesk.cli.parser`, and each command lives
in its group's module.

Only the standard library is imported at start-up; each command loads what it needs, so
``repdesk log`` and ``repdesk status`` stay within a few times a bare ``sqlite3`` insert.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence

from repdesk.cli.context import Ctx
from repdesk.cli.quick import quick_args
from repdesk.domain.errors import InputError, ProgramError

TYPE_CHECKING = False  # not `from typing import ...`: typing costs milliseconds on every `repdesk log`
if TYPE_CHECKING:
    from typing import Any


# -- the command line ----------------------------------------------------------------------


COMMANDS = (
    "prospect", "log", "touch", "meeting", "deal", "followup", "next", "targets", "icp", "today", "review", "status",
    "export", "import", "config", "undo", "redo", "backup", "db", "demo", "completion", "team", "sync",
)  # fmt: skip


#: commands that only read: they never create a database
READ_ONLY = frozenset(
    {
        "prospects:cmd_prospect_list", "prospects:cmd_prospect_show", "planning:cmd_targets_list",
        "planning:cmd_icp_list", "reports:cmd_today", "reports:cmd_review", "reports:cmd_status",
        "reports:cmd_export_week", "admin:cmd_config_show", "admin:cmd_backup", "followups:cmd_followup_list",
        "followups:cmd_next", "activity:cmd_touch_list", "activity:cmd_meeting_list", "activity:cmd_deal_list",
    }
)  # fmt: skip


def command_of(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (``None`` when there is none or it is unknown)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in ("--db", "--tz"):
            skip = True
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def legacy(argv: list[str]) -> list[str]:
    """``repdesk touch ID --outcome …`` (before touches had list, edit and delete) is ``touch edit ID …``."""
    skip = False
    for i, token in enumerate(argv):
        if skip:
            skip = False
        elif token in ("--db", "--tz"):
            skip = True
        elif not token.startswith("-"):
            nxt = argv[i + 1] if i + 1 < len(argv) else ""
            if token == "touch" and nxt.lstrip("#").isdigit():
                return [*argv[: i + 1], "edit", *argv[i + 1 :]]
            return argv
    return argv


def resolve(run: str | Callable[[Ctx], int | None]) -> Callable[[Ctx], int | None]:
    """A command's function from its ``module:function`` name (the module is imported only when it runs)."""
    if not isinstance(run, str):
        return run
    import importlib

    module, _, name = run.partition(":")
    fn: Callable[[Ctx], int | None] = getattr(importlib.import_module(f"repdesk.cli.{module}"), name)
    return fn


def check_utf8(argv: Sequence[str]) -> None:
    """Refuse arguments that are not valid UTF-8 (Python carries such bytes as lone surrogates)."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            from repdesk.present import safe_text

            raise InputError(f"the argument {safe_text(arg)!r} is not valid UTF-8 text") from None


def fail(message: object) -> None:
    """The one line on stderr for a failed command: user text in it shown literally."""
    from repdesk.present import one_line

    sys.stderr.write(f"repdesk: {one_line(message)}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (0 done, 1 program or environment, 2 bad input)."""
    ctx: Ctx | None = None
    try:
        argv = legacy(sys.argv[1:] if argv is None else list(argv))
        check_utf8(argv)
        if "__complete" in argv[:5]:  # asked by the completion script at every Tab: no parser, no store
            at = argv.index("__complete")
            if all(t in ("--db", "--tz") or argv[i - 1] in ("--db", "--tz") for i, t in enumerate(argv[:at])):
                from repdesk.cli.complete import run_hidden

                return run_hidden([*argv[:at], *argv[at + 1 :]])
        args: Any = quick_args(argv)  # the commands run all day, on a plain line: no argparse
        if args is None:
            from repdesk.cli.parser import build_parser

            args = build_parser(command_of(argv)).parse_args(argv)
        named_zone = getattr(args, "tz", None) or os.environ.get("REPDESK_TZ")
        if named_zone:  # checked up front, so no command runs with a zone it cannot use
            from repdesk.domain.dates import zone

            zone(named_zone)
        ctx = Ctx(args, readonly=args.run in READ_ONLY)
        return int(resolve(args.run)(ctx) or 0)
    except InputError as exc:
        fail(exc)
        return 2
    except ProgramError as exc:
        fail(exc)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except sqlite3.Error as exc:
        from repdesk.db.connect import describe_db_error

        fail(describe_db_error(exc, getattr(ctx.store, "path", "") if ctx and ctx.opened else ""))
        return 1
    except OSError as exc:
        fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        return 1
    except Exception as exc:  # noqa: BLE001 - a user never meets a traceback, whatever the input
        if type(exc).__module__.startswith("psycopg"):  # the team database's server said no
            from repdesk.db.pg import server_error

            code, line = server_error(exc)
            fail(line)
            return code
        fail(f"internal error: {type(exc).__name__}: {exc} (please report it with the command you ran)")
        return 1
    finally:
        if ctx is not None:
            with contextlib.suppress(Exception):  # closing must not hide the command's own result
                ctx.close()


def main_entry() -> None:
    """The ``repdesk`` console script."""
    raise SystemExit(main())
