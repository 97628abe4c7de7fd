"""Human output of ``today`` and ``review`` for the shell (Rich tables)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from repdesk.metrics import STEP_LABELS, STEPS
from repdesk.views import console, money_text


def pct(x: float | None, digits: int = 0) -> str:
    """A fraction as a percentage; ``—`` for null."""
    return "—" if x is None else f"{x * 100:.{digits}f}%"


def gauge(barometer: float | None, width: int = 30) -> str:
    """A text gauge coloured red below 50%, amber below 100%, green at or above."""
    if barometer is None:
        return ""
    filled = min(width, round(barometer * width))
    colour = "red" if barometer < 0.5 else "yellow" if barometer < 1 else "green"
    return f"[{colour}]{'█' * filled}[/{colour}]{'░' * (width - filled)}"


def print_today(t: dict[str, Any], settings: dict[str, str]) -> None:
    """Today's barometer, goals and counts."""
    con = console()
    cur = settings.get("currency", "USD")
    con.print(f"[bold]Today[/bold] {t['date']}")
    if t["daily_goal"] is None:
        con.print(f"  {t['touches']} touches, {t['hits']} hits, {t['booked']} booked — no daily goal yet.")
        con.print("  Set a target: repdesk targets set 2026-Q4 --revenue 300000 --avg-deal 25000")
        con.print("  or a fixed goal: repdesk config set daily_goal 40")
        return
    con.print(
        f"  barometer  {gauge(t['barometer'])} {pct(t['barometer'], 1)}  ({t['touches']}/{t['daily_goal']} touches)"
    )
    con.print(f"  hits {t['hits']} · booked {t['booked']} · hit rate {pct(t['hit_rate'])}")
    if t["pace_goal"] is not None:
        con.print(f"  pace goal  {t['pace_goal']} touches a day for the {t['working_days_left']} working days left")
    if t["target"] is not None:
        con.print(
            f"  target     {t['target']['period']}: {money_text(t['won_so_far'], cur)} of "
            f"{money_text(t['target']['revenue'], cur)} won ({pct(t['attainment'], 1)})"
        )
    con.print(f"  touches per deal {t['touches_per_deal']:.0f}")
    if t["improve_first"]:
        con.print(
            f"  improve first: {STEP_LABELS[t['improve_first']]} — at its benchmark the daily goal would be "
            f"{t['daily_goal_if_improved']}"
        )
    for m in t["meetings"]:
        con.print(
            f"  {m['at'][11:16]}  meeting #{m['id']} {m['kind']} with {m['company']} ({m['status']})", markup=False
        )
    if t["meetings_needing_outcome"]:
        con.print(f"  {t['meetings_needing_outcome']} past meetings still need an outcome (repdesk meeting done ID)")


def print_review(r: dict[str, Any], settings: dict[str, str]) -> None:
    """The review: ratios, funnel, weekday table and coaching notes."""
    con = console()
    cur = settings.get("currency", "USD")
    con.print(f"[bold]Review[/bold] {r['start']} – {r['as_of']} ({r['days']} days)")
    t = Table(box=None, header_style="bold")
    t.add_column("figure")
    t.add_column("value", justify="right")
    rows = [
        ("touches", f"{r['touches']:,}"),
        ("hit rate", f"{pct(r['hit_rate'], 1)}  ({r['hits']:,} hits)"),
        ("booked rate", f"{pct(r['booked_rate'], 1)}  ({r['booked']:,} booked)"),
        ("show rate", f"{pct(r['show_rate'])}  ({r['meetings_held']} held)"),
        ("first meeting → proposal", f"{pct(r['proposal_rate'])}  ({r['proposals']} proposals)"),
        ("win rate", f"{pct(r['win_rate'])}  ({r['won']} won, {r['lost']} lost)"),
        ("revenue won", money_text(r["won_revenue"], cur)),
        ("average deal (365 days)", money_text(r["avg_deal"], cur)),
        ("cycle days (median)", "—" if r["cycle_days"] is None else f"{r['cycle_days']:g}"),
        ("ICP share of new prospects", pct(r["icp_share"])),
        ("retention", pct(r["retention"])),
        ("revenue per touch", money_text(r["return_on_effort"]["per_touch"], cur)),
        ("touches per deal", f"{r['touches_per_deal']:.0f}"),
    ]
    for k, v in rows:
        t.add_row(k, v)
    con.print(t)
    f = Table(title="funnel", box=None, header_style="bold", title_justify="left")
    for col in ("step", "own", "n", "used", "default"):
        f.add_column(col, justify="left" if col == "step" else "right")
    for step in STEPS:
        x = r["rates"][step]
        warn = " (small sample)" if x["n"] < 20 else ""
        f.add_row(STEP_LABELS[step], pct(x["own"]), f"{x['n']}{warn}", pct(x["used"]), pct(x["default"]))
    con.print(f)
    wd = Table(title="hit rate by weekday", box=None, header_style="bold", title_justify="left")
    for col in ("day", "touches", "hits", "hit rate", "95% interval", "booked"):
        wd.add_column(col, justify="left" if col == "day" else "right")
    for d in r["weekday"]:
        interval = "—" if d["low"] is None else f"{pct(d['low'])}–{pct(d['high'])}"
        mark = " ★" if d["day"] == r["best_day"] else ""
        wd.add_row(
            d["day"] + mark, str(d["touches"]), str(d["hits"]), pct(d["hit_rate"], 1), interval, str(d["booked"])
        )
    con.print(wd)
    if r["improve_first"]:
        con.print(
            f"improve first: {STEP_LABELS[r['improve_first']]}"
            + (
                f" — at its benchmark the daily goal would be {r['daily_goal_if_improved']}"
                if r["daily_goal_if_improved"]
                else ""
            )  # fmt: skip
        )
    for note in r["coaching"]:
        con.print(f"• {note}", markup=False)
