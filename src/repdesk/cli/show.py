"""Printing figures on the terminal: today, review, prospects and checklists."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from repdesk.cli.context import say
from repdesk.db.connect import Store
from repdesk.domain.plan import STEP_LABELS, STEPS
from repdesk.figures.settings import criteria_rows
from repdesk.present import count, describe_rule, gauge, money_text, no_goal_advice, pct, prospect_cells, safe_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from repdesk.domain.icp import IcpCheck
    from repdesk.figures.prospects import ProspectDetail, ProspectRow
    from repdesk.figures.review import Review
    from repdesk.figures.today import Today


def console() -> Any:
    """A Rich console; when output is piped, wide enough that no table row folds.

    Everything that carries user text reaches it as :class:`rich.text.Text` built from
    :func:`safe_text`: never parsed as markup or emoji codes, control characters made visible.
    """
    import sys

    from rich.console import Console

    return Console(highlight=False, emoji=False, width=None if sys.stdout.isatty() else 400)


def plain(value: Any) -> Text:
    """User text (or any value) as a Rich text shown literally."""
    return Text(safe_text("" if value is None else value))


def print_prospects(rows: list[ProspectRow], currency: str) -> None:
    """The prospect list as a table."""
    from rich.table import Table

    if not rows:
        say('no prospects yet: repdesk prospect add "Acme Corp" --contact "Jane Doe"')
        return
    t = Table(box=None, header_style="bold")
    for col in ("id", "company", "contact", "stage", "ICP", "last touch", "next meeting", "next step", "open value"):
        t.add_column(col, justify="right" if col in ("id", "open value") else "left", overflow="fold")
    for r in rows:
        cells = [str(r.id), *prospect_cells(r), money_text(r.open_value, currency) if r.open_value else ""]
        t.add_row(*(plain(c) for c in cells))
    console().print(t)


def print_prospect(d: ProspectDetail, currency: str, latest: int | None = None) -> None:
    """One prospect with its counts and timeline (with ``latest``, only that many of its newest events)."""
    con = console()
    con.print(Text.assemble((safe_text(d.company), "bold"), f"  (id {d.id})"))
    for key in ("contact", "title", "seniority", "email", "phone", "website", "industry", "employees", "region",
                "source", "pain_points", "notes", "created_at", "churned_at"):  # fmt: skip
        if d.prospect.get(key) not in (None, ""):
            con.print(plain(f"  {key.replace('_', ' '):<12} {d.prospect[key]}"))
    n = d.counts
    if n.touches:
        con.print(
            f"  touches      {n.touches:,} ({n.hits:,} hits, {n.booked:,} booked)"
            f"  {(n.first_touch or '')[:10]} – {(n.last_touch or '')[:10]}",
            highlight=False,
        )
    if n.meetings or n.deals:
        con.print(
            f"  meetings     {n.meetings:,} ({n.meetings_held:,} held) · deals {n.deals:,} ({n.won:,} won)",
            highlight=False,
        )
    con.print(f"  lifetime     {money_text(d.lifetime_value, currency)}", highlight=False)
    icp = d.icp
    if icp.fit is not None:
        con.print(
            plain(
                f"  ICP          {icp.grade} ({pct(icp.fit)})  ✓ {', '.join(icp.met) or '—'}  "
                f"✗ {', '.join(icp.failed) or '—'}  ? {', '.join(icp.unknown) or '—'}"
            )
        )
    seq = d.sequence
    state = "exhausted — no automatic follow-ups until a hit" if seq.exhausted else "active"
    con.print(
        f"  sequence     {seq.attempts} of {seq.max_attempts} attempts since the last hit · {state}",
        markup=False,
        highlight=False,
    )
    for f in d.followups:
        when = f.due + (f" {f.time}" if f.time else "")
        kind = "automatic" if f.auto else "manual"
        note = f" — {f.note}" if f.note else ""
        con.print(plain(f"  follow-up    #{f.id} {when} {f.channel} ({kind}){note}"))
    events: list[tuple[str, str]] = []
    for t in d.touches:
        events.append(
            (t["at"], f"touch #{t['id']}  {t['channel']} {t['outcome']}" + (f" — {t['note']}" if t["note"] else ""))
        )
    for m in d.meetings:
        extra = f" → {m['outcome']}" if m["outcome"] else ""
        events.append((m["at"], f"meeting #{m['id']}  {m['kind']} {m['status']}{extra}"))
    for dl in d.deals:
        events.append(
            (dl["opened_at"], f"deal #{dl['id']}  opened {money_text(dl['value'], currency)} {dl['title'] or ''}")
        )
        if dl["proposal_at"]:
            events.append((dl["proposal_at"], f"deal #{dl['id']}  proposal sent"))
        if dl["closed_at"]:
            events.append((dl["closed_at"], f"deal #{dl['id']}  {dl['status']} {dl['lost_reason'] or ''}"))
    events.sort()
    total = n.touches + n.meetings + sum(1 + bool(x["proposal_at"]) + bool(x["closed_at"]) for x in d.deals)
    if latest is not None and total > latest:
        events = events[-latest:]
        con.print(
            f"  timeline     the latest {len(events)} of {total:,} events (--all shows every one)", highlight=False
        )
    elif events:
        con.print("  timeline", highlight=False)
    for at, text in events:
        con.print(plain(f"    {at[:16].replace('T', ' ')}  {text}"))


def print_checklist(store: Store, p: Any, check: IcpCheck) -> None:
    """An ICP checklist for the shell."""
    criteria = criteria_rows(store)
    if not criteria:
        say('no ICP criteria yet: repdesk icp add "Industry" --field industry --in software,fintech')
        return
    say(f"{p['company']}: grade {check.grade} ({pct(check.fit)} of {len(criteria)} criteria met)")
    marks = {"met": "✓", "failed": "✗", "unknown": "?"}
    for c in criteria:
        say(f"  {marks.get(check.status_of(c['key']) or '', ' ')} {c['label']:<28} {describe_rule(c)}")
    if check.unknown:
        say(f"  research to do: {', '.join(check.unknown)}")


def print_today(t: Today, settings: dict[str, str]) -> None:
    """Today's barometer, goals and counts."""
    con = console()
    cur = settings.get("currency", "USD")
    con.print(f"[bold]Today[/bold] {t.date}")
    if t.daily_goal is None:
        done = f"{count(t.touches, 'touch', 'touches')}, {count(t.hits, 'hit')}, {t.booked} booked"
        con.print(f"  {done} — no daily goal yet.", markup=False)
        for line in no_goal_advice(
            t.needs_avg_deal, t.target.period if t.target else None, t.target.revenue if t.target else None
        ):
            con.print(f"  {line}", markup=False)
        return
    con.print(f"  barometer  {gauge(t.barometer)} {pct(t.barometer)}  ({t.touches}/{t.daily_goal} touches)")
    con.print(f"  hits {t.hits} · booked {t.booked} · hit rate {pct(t.hit_rate)}")
    if t.pace_goal is not None:
        con.print(f"  pace goal  {t.pace_goal} touches a day for the {t.working_days_left} working days left")
    if t.target is not None:
        con.print(
            f"  target     {t.target.period}: {money_text(t.won_so_far, cur)} of "
            f"{money_text(t.target.revenue, cur)} won ({pct(t.attainment)})"
        )
    con.print(f"  touches per deal {t.touches_per_deal:.0f}")
    if t.improve_first:
        con.print(
            f"  improve first: {STEP_LABELS[t.improve_first]} — at its benchmark the daily goal would be "
            f"{t.daily_goal_if_improved}"
        )
    for m in t.meetings:
        con.print(plain(f"  {m.at[11:16]}  meeting #{m.id} {m.kind} with {m.company} ({m.status})"))
    if t.meetings_needing_outcome:
        con.print(f"  {t.meetings_needing_outcome} past meetings still need an outcome (repdesk meeting done ID)")


def print_review(r: Review, settings: dict[str, str]) -> None:
    """The review: ratios, funnel, weekday table and coaching notes."""
    con = console()
    cur = settings.get("currency", "USD")
    con.print(f"[bold]Review[/bold] {r.start} – {r.as_of} ({r.days} days)")
    t = Table(box=None, header_style="bold")
    t.add_column("figure")
    t.add_column("value", justify="right")
    rows = [
        ("touches", f"{r.touches:,}"),
        ("hit rate", f"{pct(r.hit_rate)}  ({r.hits:,} hit{'' if r.hits == 1 else 's'})"),
        ("booked rate", f"{pct(r.booked_rate)}  ({r.booked:,} booked)"),
        ("show rate", f"{pct(r.show_rate)}  ({r.meetings_held} held)"),
        ("first meeting → proposal", f"{pct(r.proposal_rate)}  ({count(r.proposals, 'proposal')})"),
        ("win rate", f"{pct(r.win_rate)}  ({r.won} won, {r.lost} lost)"),
        ("revenue won", money_text(r.won_revenue, cur)),
        ("average deal (365 days)", money_text(r.avg_deal, cur)),
        ("cycle days (median)", "—" if r.cycle_days is None else f"{r.cycle_days:g}"),
        ("ICP share of new prospects", pct(r.icp_share)),
        ("retention", pct(r.retention)),
        ("revenue per touch", money_text(r.return_on_effort.per_touch, cur)),
        ("touches per deal", f"{r.touches_per_deal:.0f}"),
    ]
    for k, v in rows:
        t.add_row(k, v)
    con.print(t)
    f = Table(title="funnel", box=None, header_style="bold", title_justify="left")
    for col in ("step", "own", "n", "used", "default"):
        f.add_column(col, justify="left" if col == "step" else "right")
    for step in STEPS:
        x = r.rates[step]
        warn = " (small sample)" if x.n < 20 else ""
        f.add_row(STEP_LABELS[step], pct(x.own), f"{x.n}{warn}", pct(x.used), pct(x.default))
    con.print(f)
    wd = Table(title="hit rate by weekday", box=None, header_style="bold", title_justify="left")
    for col in ("day", "touches", "hits", "hit rate", "95% interval", "booked"):
        wd.add_column(col, justify="left" if col == "day" else "right")
    for d in r.weekday:
        interval = "—" if d.low is None else f"{pct(d.low)}–{pct(d.high)}"
        mark = " ★" if d.day == r.best_day else ""
        wd.add_row(d.day + mark, str(d.touches), str(d.hits), pct(d.hit_rate), interval, str(d.booked))
    con.print(wd)
    if r.improve_first:
        con.print(
            f"improve first: {STEP_LABELS[r.improve_first]}"
            + (
                f" — at its benchmark the daily goal would be {r.daily_goal_if_improved}"
                if r.daily_goal_if_improved
                else ""
            )  # fmt: skip
        )
    for note in r.coaching:
        con.print(plain(f"• {note}"))


def _table(columns: tuple[str, ...], right: tuple[str, ...] = ()) -> Table:
    t = Table(box=None, header_style="bold")
    for col in columns:
        t.add_column(col, justify="right" if col in right else "left", overflow="fold")
    return t


def _local(iso: str | None) -> str:
    """An ISO instant already on the rep's clock, as people read it."""
    return "" if iso is None else iso[:16].replace("T", " ")


def _cells(*values: Any) -> list[Any]:
    """Table cells that show user text as typed (never as markup)."""
    from rich.text import Text

    return [Text(safe_text("" if v is None else str(v))) for v in values]


def print_touches(rows: list[Any], empty: str) -> None:
    """Touches as a table (ids to edit or delete them)."""
    if not rows:
        say(empty)
        return
    t = _table(("id", "when", "company", "channel", "outcome", "min", "note"), ("id", "min"))
    for r in rows:
        note = (r.note or "").replace("\n", " ")
        t.add_row(*_cells(r.id, _local(r.at), r.company, r.channel, r.outcome, r.minutes, note[:60]))
    console().print(t)


def print_meetings(rows: list[Any], empty: str) -> None:
    """Meetings as a table."""
    if not rows:
        say(empty)
        return
    t = _table(("id", "when", "company", "kind", "goal", "status", "outcome", "next step"), ("id",))
    for r in rows:
        t.add_row(*_cells(r.id, _local(r.at), r.company, r.kind, r.goal, r.status, r.outcome, r.next_step))
    console().print(t)


def print_deals(rows: list[Any], currency: str, empty: str) -> None:
    """Deals as a table; the open ones' pipeline value counts the proposal value once one was sent."""
    if not rows:
        say(empty)
        return
    t = _table(("id", "company", "title", "status", "value", "pipeline", "opened", "proposal", "closed", "reason"),
               ("id", "value", "pipeline"))  # fmt: skip
    for r in rows:
        t.add_row(
            *_cells(
                r.id,
                r.company,
                r.title,
                r.status,
                money_text(r.value, currency),
                "" if r.pipeline_value is None else money_text(r.pipeline_value, currency),
                _local(r.opened_at)[:10],
                _local(r.proposal_at)[:10],
                _local(r.closed_at)[:10],
                r.lost_reason,
            )
        )
    console().print(t)
