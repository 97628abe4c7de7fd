"""The command line's argparse parser: every command, its options and its help.

Built only for what the quick reader (:mod:`repdesk.cli.quick`) leaves to it, and then only the
parsers of the command being run: argparse is slow to build them all.
"""

from __future__ import annotations

import argparse
import sys

from repdesk import __version__
from repdesk.cli.context import PROG
from repdesk.domain.errors import InputError

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any, NoReturn


def _columns() -> int:
    """The terminal's width as :func:`shutil.get_terminal_size` finds it (``COLUMNS``, then the
    terminal, then 80)."""
    import os

    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help at the terminal's width, found without :mod:`shutil`: argparse makes a formatter
    for every option it adds, and its own imports shutil (and with it bz2, lzma and zlib) on the way."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise InputError(f"{self._suggest(message) or message} (see `{self.prog} --help`)")

    def _suggest(self, message: str) -> str | None:
        """argparse's message with the closest command, choice or option named on the same line."""
        import re

        from repdesk.domain.suggest import did_you_mean

        m = re.match(r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)$", message)
        if m:
            name, word, choices = m.groups()
            options = re.findall(r"'([^']*)'", choices)
            what = "command" if name == "COMMAND" else f"value for {name}"
            return f"unknown {what} {word!r}; choose one of: {', '.join(options)}{did_you_mean(word, options)}"
        m = re.match(r"unrecognized arguments: (.*)$", message)
        if m:
            first = m.group(1).split()[0]
            known = [o for p in self._all_parsers() for o in p._option_string_actions]
            hint = did_you_mean(first.split("=")[0], known) if first.startswith("-") else ""
            return f"unrecognized arguments: {m.group(1)}{hint}"
        return None

    def _all_parsers(self) -> list[argparse.ArgumentParser]:
        out: list[argparse.ArgumentParser] = [self]
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    out += sub._all_parsers() if isinstance(sub, Parser) else [sub]
        return out


class _Skip:
    """Stands in for the parsers of commands not being run, so start-up builds only one command."""

    def add_argument(self, *args: Any, **kwargs: Any) -> None:
        pass

    def add_parser(self, *args: Any, **kwargs: Any) -> _Skip:
        return self

    def add_subparsers(self, *args: Any, **kwargs: Any) -> _Skip:
        return self

    def add_mutually_exclusive_group(self, *args: Any, **kwargs: Any) -> _Skip:
        return self

    def set_defaults(self, **kwargs: Any) -> None:
        pass


def build_parser(only: str | None = None) -> Parser:
    """The command line; with ``only``, just that command's parsers (argparse is slow to build them all)."""
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="database file (env REPDESK_DB)")
    common.add_argument("--tz", metavar="ZONE", default=argparse.SUPPRESS, help="IANA time zone (env REPDESK_TZ)")
    js = Parser(add_help=False)
    js.add_argument("--json", action="store_true", help="print the record as JSON")

    p = Parser(
        prog=PROG,
        description="A private, keyboard-first log of your selling, with honest numbers. "
        "Without a command, opens the app.",
        parents=[common],
    )
    p.add_argument("--version", action="version", version=f"repdesk {__version__}")
    p.add_argument("--demo", action="store_true", help="open the app on a fresh sample database")
    p.set_defaults(run="admin:cmd_app")
    sub = p.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)

    def cmd(parent: Any, name: str, fn: str, text: str, json_flag: bool = True) -> Any:
        if isinstance(parent, _Skip) or (parent is sub and only not in (None, name)):
            return _Skip()
        parents = [common, js] if json_flag else [common]
        sp: Parser = parent.add_parser(name, help=text, description=text, parents=parents)
        sp.set_defaults(run=fn)
        return sp

    def group(name: str, text: str) -> Any:
        if only not in (None, name):
            return _Skip()
        g = sub.add_parser(name, help=text, description=text, parents=[common])
        if only is None:  # the top-level help lists the group; its commands are built when it runs
            return _Skip()
        g.set_defaults(run=lambda ctx: g.print_help())
        return g.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)

    def prospect_options(sp: Any) -> None:
        sp.add_argument("--contact")
        sp.add_argument("--title")
        sp.add_argument("--seniority", help="c_level, vp, director, manager, individual, unknown")
        sp.add_argument("--email")
        sp.add_argument("--phone")
        sp.add_argument("--website")
        sp.add_argument("--industry")
        sp.add_argument("--employees")
        sp.add_argument("--region")
        sp.add_argument("--source", help="referral, inbound, outbound, linkedin, event, partner, customer, other")
        sp.add_argument("--pain-points", dest="pain_points")
        sp.add_argument("--note", help="notes on the prospect")

    g = group("prospect", "add, list, show and edit prospects")
    sp = cmd(g, "add", "prospects:cmd_prospect_add", "add a prospect; prints its id")
    sp.add_argument("company")
    prospect_options(sp)
    sp.add_argument("--created", metavar="WHEN", help="when you met the prospect (default now): 2026-10-14, mon")
    sp = cmd(g, "list", "prospects:cmd_prospect_list", "list prospects")
    sp.add_argument("--all", action="store_true", help="include archived prospects")
    sp = cmd(g, "show", "prospects:cmd_prospect_show", "a prospect with its touches, meetings, deals and ICP checklist")
    sp.add_argument("prospect", help="id, company, or a unique part of it")
    sp.add_argument("--all", action="store_true", help="every touch and meeting, not only the latest")
    sp = cmd(g, "edit", "prospects:cmd_prospect_edit", "change a prospect's fields")
    sp.add_argument("prospect")
    sp.add_argument("--company")
    prospect_options(sp)
    sp.add_argument("--churned-at", dest="churned_at", help="date the customer churned ('none' to clear)")
    sp.add_argument("--archived", help="yes or no")

    sp = cmd(sub, "log", "activity:cmd_log", "log a touch: repdesk log call acme connected")
    sp.add_argument("channel", help="call, email, visit, social, other")
    sp.add_argument("prospect")
    sp.add_argument("outcome", help="e.g. no_answer, voicemail, connected, sent, replied, meeting_booked")
    sp.add_argument("--at", help="when (default now): 14:30, yesterday, mon, 2026-11-20 09:15")
    sp.add_argument("--minutes")
    sp.add_argument("--note")
    sp.add_argument("--next", metavar="WHEN", help="the next follow-up: tomorrow, fri 14:30, +3wd, next mon")
    sp.add_argument("--no-next", dest="no_next", action="store_true", help="schedule no automatic follow-up")
    sp.add_argument("--meeting", metavar="WHEN", help="with meeting_booked: book the meeting in the same action")
    sp.add_argument("--kind", help="the booked meeting's kind (default first)")

    g = group("touch", "find and correct touches: list, edit, delete")
    sp = cmd(g, "list", "activity:cmd_touch_list", "touches, oldest first (default the last 7 days)")
    sp.add_argument("--prospect", help="only this prospect's touches (all of them, unless --date or --days)")
    when = sp.add_mutually_exclusive_group()
    when.add_argument("--date", help="one day: 2026-11-20, yesterday, mon")
    when.add_argument("--days", help="the N days ending today, both ends included")
    sp = cmd(g, "edit", "activity:cmd_touch_edit", "correct a touch (repdesk touch ID --outcome … also works)")
    sp.add_argument("id")
    sp.add_argument("--channel", help="call, email, visit, social, other")
    sp.add_argument("--outcome")
    sp.add_argument("--at", help="when it happened: 14:30, yesterday 9:00, 2026-11-20 09:15")
    sp.add_argument("--minutes", help="minutes spent ('' clears)")
    sp.add_argument("--note", help="the note ('' clears)")
    sp = cmd(g, "delete", "activity:cmd_touch_delete", "delete a touch (repdesk undo brings it back)")
    sp.add_argument("id")

    g = group("meeting", "book meetings and record how they went")
    sp = cmd(g, "book", "activity:cmd_meeting_book", "book a meeting")
    sp.add_argument("prospect")
    sp.add_argument("--at", required=True, help="when: 2026-11-24 10:00, thu 14:00, tomorrow")
    sp.add_argument("--kind", default="first", help="first, follow_up, demo, site_visit, proposal, other")
    sp.add_argument("--goal", help="the next step aimed for: demo, trial, site_visit, evaluation, proposal")
    sp.add_argument("--note")
    sp = cmd(g, "done", "activity:meeting_held", "a meeting was held")
    sp.add_argument("id")
    sp.add_argument("--outcome", required=True, help="advanced, no_decision, disqualified")
    sp.add_argument("--next-step", dest="next_step")
    sp.add_argument("--next", metavar="WHEN", help="when to follow up (default cadence.after_meeting working days)")
    for name, status, text in (
        ("noshow", "no_show", "the prospect did not show up"),
        ("cancel", "cancelled", "a meeting was cancelled"),
        ("reschedule", "rescheduled", "a meeting was moved (book the new one with meeting book)"),
    ):
        sp = cmd(g, name, f"activity:meeting_{status}", text)
        sp.add_argument("id")
    sp = cmd(g, "list", "activity:cmd_meeting_list", "meetings by time (default all)")
    which = sp.add_mutually_exclusive_group()
    which.add_argument(
        "--upcoming", dest="which", action="store_const", const="upcoming", help="scheduled, from now on"
    )
    which.add_argument("--past", dest="which", action="store_const", const="past", help="before now, any status")
    which.add_argument(
        "--needs-outcome", dest="which", action="store_const", const="needs_outcome", help="scheduled, before now"
    )

    g = group("deal", "open deals and move them to proposal, won or lost")
    sp = cmd(g, "open", "activity:cmd_deal_open", "open a deal")
    sp.add_argument("prospect")
    sp.add_argument("--value", required=True)
    sp.add_argument("--title")
    sp.add_argument("--at")
    deal_ref = "a deal id, or a prospect with exactly one open deal"
    sp = cmd(g, "proposal", "activity:cmd_deal_proposal", "a proposal was sent")
    sp.add_argument("id", metavar="DEAL", help=deal_ref)
    sp.add_argument("--value")
    sp.add_argument("--at")
    sp = cmd(g, "won", "activity:cmd_deal_won", "the deal was won")
    sp.add_argument("id", metavar="DEAL", help=deal_ref)
    sp.add_argument("--value")
    sp.add_argument("--at")
    sp = cmd(g, "lost", "activity:cmd_deal_lost", "the deal was lost")
    sp.add_argument("id", metavar="DEAL", help=deal_ref)
    sp.add_argument("--reason", required=True, help="price, timing, competitor, no_budget, no_decision, bad_fit, ...")
    sp.add_argument("--at")
    sp = cmd(g, "list", "activity:cmd_deal_list", "deals by opening date (default all)")
    which = sp.add_mutually_exclusive_group()
    for status in ("open", "won", "lost"):
        which.add_argument(
            f"--{status}", dest="status", action="store_const", const=status, help=f"only {status} deals"
        )

    g = group("followup", "follow-ups: the next step with each prospect")
    sp = cmd(g, "add", "followups:cmd_followup_add", "add a follow-up: repdesk followup add acme fri 10:00")
    sp.add_argument("prospect")
    sp.add_argument("when", nargs="+", metavar="WHEN", help="today or later: tomorrow, fri 14:30, +3wd, 2026-12-01")
    sp.add_argument("--channel", help="call, email, visit, social, other (default: how you reached them last)")
    sp.add_argument("--note")
    sp = cmd(g, "list", "followups:cmd_followup_list", "open follow-ups due today or before")
    which = sp.add_mutually_exclusive_group()
    which.add_argument("--overdue", action="store_true", help="only those due before today")
    which.add_argument("--date", help="those due on this day")
    which.add_argument("--all", action="store_true", help="every follow-up with its status")
    sp = cmd(g, "done", "followups:cmd_followup_done", "mark a follow-up done")
    sp.add_argument("id")
    sp = cmd(g, "snooze", "followups:cmd_followup_snooze", "move a follow-up to another day")
    sp.add_argument("id")
    sp.add_argument("when", nargs="+", metavar="WHEN")
    sp = cmd(g, "cancel", "followups:cmd_followup_cancel", "cancel a follow-up")
    sp.add_argument("id")
    sp = cmd(sub, "next", "followups:cmd_next", "the day's work queue: who to reach now, how and why")
    sp.add_argument("--date", help="another day than today")
    sp.add_argument("--limit", help="at most this many rows")

    g = group("targets", "revenue targets and the split of a team target")
    sp = cmd(g, "set", "planning:cmd_targets_set", "set the target of a month (2026-11) or quarter (2026-Q4)")
    sp.add_argument("period")
    sp.add_argument("--revenue", required=True)
    sp.add_argument("--avg-deal", dest="avg_deal")
    sp.add_argument("--daily-goal", dest="daily_goal")
    sp.add_argument("--workdays", help="working weekdays, default mon-fri")
    sp.add_argument("--off", help="non-working dates, comma-separated YYYY-MM-DD")
    cmd(g, "list", "planning:cmd_targets_list", "list targets")
    sp = cmd(g, "split", "planning:cmd_targets_split", "what each rep must bring to a team target")
    sp.add_argument("amount")
    sp.add_argument("--reps", required=True)
    sp.add_argument("--raise", dest="raise_pct", metavar="PCT", help="split only this percentage increase")

    def rule_options(sp: Any) -> None:
        sp.add_argument("--field", help="the prospect field the rule looks at")
        sp.add_argument("--in", dest="in_", metavar="A,B,...", help="choice: the field is one of these")
        sp.add_argument("--min", help="range: lowest allowed (inclusive)")
        sp.add_argument("--max", help="range: highest allowed (inclusive)")
        sp.add_argument("--min-seniority", dest="min_seniority", help="seniority at or above this level")
        sp.add_argument("--manual", action="store_true", help="a yes/no you answer per prospect")

    g = group("icp", "the ideal customer profile: criteria and per-prospect checklists")
    sp = cmd(g, "add", "planning:cmd_icp_add", "add a criterion")
    sp.add_argument("label")
    rule_options(sp)
    sp = cmd(g, "edit", "planning:cmd_icp_edit", "change a criterion's label or rule (its key stays)")
    sp.add_argument("key")
    sp.add_argument("--label")
    rule_options(sp)
    cmd(g, "list", "planning:cmd_icp_list", "list criteria")
    sp = cmd(g, "remove", "planning:cmd_icp_remove", "remove a criterion")
    sp.add_argument("key")
    sp = cmd(
        g, "check", "planning:cmd_icp_check", "a prospect's ICP checklist; --answer KEY=yes|no answers manual ones"
    )
    sp.add_argument("prospect")
    sp.add_argument("--answer", action="append", metavar="KEY=yes|no")

    sp = cmd(sub, "today", "reports:cmd_today", "today's barometer, goals and counts")
    sp.add_argument("--date", help="another day than today")
    sp = cmd(sub, "review", "reports:cmd_review", "your ratios, funnel and weekday hit rates")
    sp.add_argument("--as-of", dest="as_of")
    sp.add_argument("--days", help="window length in days (default the window_days setting, 90)")
    sp = cmd(sub, "status", "reports:cmd_status", "one short line for a status bar", json_flag=False)
    sp.add_argument("--date")

    g = group("export", "the weekly summary for your manager")
    sp = cmd(g, "week", "reports:cmd_export_week", "export a week's summary", json_flag=False)
    sp.add_argument("--week", help="ISO week such as 2026-W47, or 'last' (default this week)")
    sp.add_argument("--format", default="md", choices=("md", "html", "csv", "json"))
    sp.add_argument("-o", "--output", help="write to this file (default stdout)")
    sp.add_argument("--force", action="store_true", help="replace the file (and a CSV's summary file) if it exists")

    sp = cmd(sub, "import", "admin:cmd_import", "import a CRM's CSV export", json_flag=False)
    sp.add_argument("file")
    sp.add_argument(
        "--preset",
        choices=("hubspot", "salesforce", "dynamics", "pipedrive", "close", "repdesk", "generic"),
        help="the CRM that wrote the file (default: recognised from the header)",
    )
    sp.add_argument("--mapping", help="a mapping file (TOML)")
    sp.add_argument("--owner", help="keep only this owner's rows")
    sp.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    sp.add_argument("--atomic", action="store_true", help="all rows or none")

    g = group("config", "settings")
    cmd(g, "show", "admin:cmd_config_show", "show settings")
    sp = cmd(g, "set", "admin:cmd_config_set", "change a setting")
    sp.add_argument("key")
    sp.add_argument("value")

    cmd(sub, "undo", "admin:cmd_undo", "undo the last change (repeatable)", json_flag=False)
    cmd(sub, "redo", "admin:cmd_redo", "bring back what undo took (until the next change)", json_flag=False)
    sp = cmd(sub, "backup", "admin:cmd_backup", "copy the database (safe while the app is open)", json_flag=False)
    sp.add_argument("path", nargs="?", help="file or folder (default backups/ beside the database)")
    sp.add_argument("--force", action="store_true", help="replace the file if it exists")
    cmd(
        sub, "db", "admin:cmd_db", "print the database path (a connection string without its password)", json_flag=False
    )

    g = group("team", "team mode on PostgreSQL: set up the team database, add reps and managers, the team report")
    cmd(g, "init", "team:cmd_team_init", "create or upgrade the team database, its roles and row-level security",
        json_flag=False)  # fmt: skip
    for kind in ("rep", "manager"):
        sp = cmd(g, f"add-{kind}", f"team:cmd_team_add_{kind}",
                 f"create a {kind}'s login role; prints its connection string (the only time the password is shown)",
                 json_flag=False)  # fmt: skip
        sp.add_argument("name", help="the role name: lower-case letters, digits and _")
    sp = cmd(g, "report", "team:cmd_team_report", "per-rep figures of a week and the team's quota attainment",
             json_flag=False)  # fmt: skip
    sp.add_argument("--week", help="ISO week such as 2026-W47, or 'last' (default this week)")
    sp.add_argument("--format", default="md", choices=("md", "html", "csv", "json"))
    sp.add_argument("-o", "--output", help="write to this file (default stdout)")
    sp.add_argument("--force", action="store_true", help="replace an existing output file")
    sp = cmd(sub, "sync", "team:cmd_sync", "copy this database's records to your rep role on the team database",
             json_flag=False)  # fmt: skip
    sp.add_argument("--to", required=True, metavar="URL", help="postgresql://rep:password@host:port/db")
    sp = cmd(sub, "completion", "complete:cmd_completion", "print a shell completion script", json_flag=False)
    sp.add_argument("shell", choices=("bash", "zsh", "fish"))
    sp = cmd(sub, "demo", "admin:cmd_demo", "write a realistic sample database", json_flag=False)
    sp.add_argument("path")
    sp.add_argument("--weeks", type=int, help="weeks of history ending today (default 26, or what --touches needs)")
    sp.add_argument("--touches", type=int, help="total touches (scales the history, for benchmarks)")
    sp.add_argument("--seed", type=int, default=7)
    return p
