"""Team mode commands: team init, add-rep, add-manager, report; sync --to."""

from __future__ import annotations

import sys

from repdesk.cli.context import Ctx
from repdesk.domain.errors import InputError


def _team_url(ctx: Ctx) -> str:
    from repdesk.db.location import db_path
    from repdesk.db.pg import is_url

    url = db_path(getattr(ctx.args, "db", None))
    if not is_url(url):
        raise InputError("team commands need a team database: --db postgresql://user@host:port/dbname (or REPDESK_DB)")
    return url


def cmd_team_init(ctx: Ctx) -> None:
    from repdesk.db.pg import host_port, init_team

    url = _team_url(ctx)
    tables = init_team(url)
    print(f"team database ready on {host_port(url)}: {len(tables)} tables under row-level security")


def _add(ctx: Ctx, manager: bool) -> None:
    from repdesk.db.pg import add_member

    url = add_member(_team_url(ctx), ctx.args.name, manager=manager)
    kind = "manager (reads every rep's records, writes none)" if manager else "rep"
    print(url)
    print(
        f"{ctx.args.name}: {kind}. Hand over this connection string; its password is not shown again.",
        file=sys.stderr,
    )


def cmd_team_add_rep(ctx: Ctx) -> None:
    _add(ctx, manager=False)


def cmd_team_add_manager(ctx: Ctx) -> None:
    _add(ctx, manager=True)


def cmd_team_report(ctx: Ctx) -> None:
    from repdesk.cli.context import ctx_zone
    from repdesk.db.pg import REP_ROLE
    from repdesk.io.exporters.team import export_team_report

    _team_url(ctx)
    if getattr(ctx.store, "member_of", lambda _: False)(REP_ROLE):
        raise InputError("the team report is the manager's: a rep's role sees only its own records")
    a = ctx.args
    # one zone for the whole team: --tz, else REPDESK_TZ, else the system's (not one rep's setting)
    export_team_report(ctx.store, ctx_zone(a), a.week, a.format, a.output, force=a.force)


def cmd_sync(ctx: Ctx) -> None:
    from repdesk.db.pg import host_port, is_url
    from repdesk.db.sync import sync

    a = ctx.args
    if not is_url(a.to):
        raise InputError("sync --to needs a team database: postgresql://rep:password@host:port/dbname")
    from repdesk.db.location import db_path

    source = db_path(getattr(a, "db", None))
    if is_url(source):
        raise InputError("sync copies a local database file: name it with --db PATH (or REPDESK_DB)")
    report = sync(source, a.to)
    parts = ", ".join(f"{n} {what}" for what, n in report.items())
    print(f"synced to {host_port(a.to)}: {parts}")
