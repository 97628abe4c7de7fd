"""Commands around the data: settings, undo, backup, the database path, demo data, import, the app."""

from __future__ import annotations

import os
import sys

from repdesk.cli.context import Ctx, ctx_zone, out_json, say
from repdesk.domain.errors import InputError

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    pass


def cmd_config_show(ctx: Ctx) -> None:
    settings = ctx.store.settings()
    if ctx.args.json:
        out_json(settings)
        return
    for k, v in settings.items():
        say(f"{k:<16} {v}")


def cmd_config_set(ctx: Ctx) -> None:
    from repdesk.writes.settings import set_setting

    settings = set_setting(ctx.store, ctx.args.key, ctx.args.value)
    if ctx.args.json:
        out_json(settings)
    else:
        say(f"{ctx.args.key.strip().lower()} = {settings[ctx.args.key.strip().lower()]}")


def cmd_undo(ctx: Ctx) -> None:
    label = ctx.store.undo()
    if label is None:
        say("nothing to undo")
    else:
        say(f"undone: {label}")


def cmd_redo(ctx: Ctx) -> None:
    label = ctx.store.redo()
    if label is None:
        say("nothing to redo")
    else:
        say(f"redone: {label}")


def cmd_backup(ctx: Ctx) -> None:
    from repdesk.db.backup import backup

    if ctx.store.engine != "sqlite":
        raise InputError("a team database is backed up on its server (pg_dump), not by repdesk backup")
    say(backup(ctx.store, ctx.args.path, force=ctx.args.force))


def cmd_db(ctx: Ctx) -> None:
    from repdesk.db.location import db_path

    where = db_path(getattr(ctx.args, "db", None))
    if where.startswith(("postgresql://", "postgres://")):
        from repdesk.db.pg import masked

        where = masked(where)
    say(where)


def cmd_demo(ctx: Ctx) -> None:
    from repdesk.domain.rules import parse_int
    from repdesk.io.demo import generate

    a = ctx.args
    tz = ctx_zone(a)
    weeks = None if a.weeks is None else parse_int(a.weeks, "--weeks", 1, 520)
    touches = None if a.touches is None else parse_int(a.touches, "--touches")
    seed = parse_int(a.seed, "--seed")
    stats = generate(a.path, weeks=weeks, touches=touches, seed=seed, tz=tz)
    say(
        f"{a.path}: {stats['prospects']:,} prospects, {stats['touches']:,} touches, "
        f"{stats['meetings']:,} meetings, {stats['deals']:,} deals"
    )


def cmd_import(ctx: Ctx) -> int:
    from repdesk.io.importers import run_import

    a = ctx.args
    code = run_import(
        ctx.store, ctx.tz, a.file, preset=a.preset, mapping=a.mapping, owner=a.owner, dry_run=a.dry_run, atomic=a.atomic
    )
    return code


def has_terminal() -> bool:
    """Whether keys come from and the screen goes to a terminal (not a pipe, a file or a script)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def cmd_app(ctx: Ctx) -> int:
    a = ctx.args
    if not has_terminal():  # the full-screen app would draw for no one and wait for keys that never come
        raise InputError("the app needs a terminal (stdin and stdout); in a script, name a command: repdesk --help")
    from repdesk.tui.app import run_app

    if a.demo:
        import tempfile

        from repdesk.io.demo import generate

        with tempfile.TemporaryDirectory(prefix="repdesk-demo-") as folder:  # gone when the app closes
            path = os.path.join(folder, "demo.db")
            print("building a sample database…", file=sys.stderr)
            generate(path, tz=ctx_zone(a))
            return run_app(path, getattr(a, "tz", None), demo=True)
    from repdesk.db.location import db_path

    return run_app(str(db_path(getattr(a, "db", None))), getattr(a, "tz", None))
