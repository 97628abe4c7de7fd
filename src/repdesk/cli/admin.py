"""Commands around the data: settings, undo, backup, the database path, demo data, import, the app."""

from __future__ import annotations

import os
import sys

from repdesk.cli.context import Ctx, ctx_zone, out_json

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    pass


def cmd_config_show(ctx: Ctx) -> None:
    settings = ctx.store.settings()
    if ctx.args.json:
        out_json(settings)
        return
    for k, v in settings.items():
        print(f"{k:<16} {v}")


def cmd_config_set(ctx: Ctx) -> None:
    from repdesk.writes.settings import set_setting

    settings = set_setting(ctx.store, ctx.args.key, ctx.args.value)
    if ctx.args.json:
        out_json(settings)
    else:
        print(f"{ctx.args.key.strip().lower()} = {settings[ctx.args.key.strip().lower()]}")


def cmd_undo(ctx: Ctx) -> None:
    label = ctx.store.undo()
    if label is None:
        print("nothing to undo")
    else:
        print(f"undone: {label}")


def cmd_redo(ctx: Ctx) -> None:
    label = ctx.store.redo()
    if label is None:
        print("nothing to redo")
    else:
        print(f"redone: {label}")


def cmd_backup(ctx: Ctx) -> None:
    from repdesk.db.backup import backup

    dest = ctx.args.path
    if dest is None:  # backups/ beside the database, a dated file in it
        dest = os.path.join(os.path.dirname(os.path.abspath(ctx.store.path)), "backups")
        os.makedirs(dest, mode=0o700, exist_ok=True)
    print(backup(ctx.store, dest))


def cmd_db(ctx: Ctx) -> None:
    from repdesk.db.location import db_path

    print(db_path(getattr(ctx.args, "db", None)))


def cmd_demo(ctx: Ctx) -> None:
    from repdesk.io.demo import generate

    a = ctx.args
    tz = ctx_zone(a)
    stats = generate(a.path, weeks=a.weeks, touches=a.touches, seed=a.seed, tz=tz)
    print(
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


def cmd_app(ctx: Ctx) -> None:
    from repdesk.tui.app import run_app

    a = ctx.args
    if a.demo:
        import tempfile

        from repdesk.io.demo import generate

        with tempfile.TemporaryDirectory(prefix="repdesk-demo-") as folder:  # gone when the app closes
            path = os.path.join(folder, "demo.db")
            print("building a sample database…", file=sys.stderr)
            generate(path, tz=ctx_zone(a))
            run_app(path, getattr(a, "tz", None), demo=True)
        return
    from repdesk.db.location import db_path

    run_app(str(db_path(getattr(a, "db", None))), getattr(a, "tz", None))
