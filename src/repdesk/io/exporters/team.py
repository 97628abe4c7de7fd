"""The team report in four formats (Markdown, self-contained HTML, CSV, JSON) over one TeamWeek."""

from __future__ import annotations

import html
import sys
from datetime import tzinfo
from typing import Any

from repdesk.db.connect import Store
from repdesk.figures.team import RepWeek, TeamWeek
from repdesk.present import json_text, pct

COLUMNS = ("rep", "touches", "hit rate", "days at goal", "proposal rate", "win rate", "attainment")
QUOTA_NOTE = "a well-set quota puts 70–80% of reps at or over target"


def _cells(r: RepWeek | None) -> list[str]:
    if r is None:
        return ["—"] * (len(COLUMNS) - 1)
    return [
        f"{r.touches:,}",
        pct(r.hit_rate),
        f"{r.days_at_goal}/{r.working_days}",
        pct(r.proposal_rate),
        pct(r.win_rate),
        pct(r.attainment),
    ]


def _rows(t: TeamWeek) -> list[tuple[str, list[str], list[str]]]:
    """(rep, this week's cells, previous week's cells) for each rep."""
    before = {r.rep: r for r in (t.previous_week.reps if t.previous_week else ())}
    return [(r.rep, _cells(r), _cells(before.get(r.rep))) for r in t.reps]


def _share(t: TeamWeek | None) -> str:
    if t is None:
        return "—"
    return f"{pct(t.share_at_target)} of {t.reps_with_target} reps with a target"


def render_md(t: TeamWeek) -> str:
    from repdesk.io.exporters.markdown import table

    lines = [f"# Team report {t.week} ({t.start.isoformat()} – {t.end.isoformat()})", ""]
    rows = [[rep, *(f"{a} ({b})" for a, b in zip(now, prev, strict=True))] for rep, now, prev in _rows(t)]
    lines += table(list(COLUMNS), rows, right=set(range(1, len(COLUMNS))))
    lines += [
        "",
        "Figures in brackets are the previous week's.",
        "",
        f"**Reps at or over target:** {_share(t)} (previous week: {_share(t.previous_week)}) — {QUOTA_NOTE}.",
        "",
    ]
    return "\n".join(lines)


def render_html(t: TeamWeek) -> str:
    e = html.escape
    head = "".join(f"<th>{e(c)}</th>" for c in COLUMNS)
    body = []
    for rep, now, prev in _rows(t):
        tds = "".join(f"<td>{e(a)}<small>{e(b)}</small></td>" for a, b in zip(now, prev, strict=True))
        body.append(f"<tr><th scope='row'>{e(rep)}</th>{tds}</tr>")
    title = f"Team report {t.week} ({t.start.isoformat()} – {t.end.isoformat()})"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{e(title)}</title><style>"
        "body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328}"
        "table{border-collapse:collapse}th,td{padding:.3rem .7rem;border-bottom:1px solid #d0d7de;text-align:right}"
        "th[scope=row],thead th:first-child{text-align:left}small{display:block;color:#656d76}"
        "</style></head><body>"
        f"<h1>{e(title)}</h1><table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        "<p><small>Grey figures are the previous week's.</small></p>"
        f"<p><strong>Reps at or over target:</strong> {e(_share(t))} "
        f"(previous week: {e(_share(t.previous_week))}) — {e(QUOTA_NOTE)}.</p>"
        "</body></html>\n"
    )


def render_csv(t: TeamWeek) -> str:
    from repdesk.io.exporters.csvout import _csv

    keys = ("touches", "hit_rate", "days_at_goal", "working_days", "proposal_rate", "win_rate", "attainment")
    rows: list[list[Any]] = [["week", "rep", *keys]]
    for week in (t, t.previous_week):
        if week is None:
            continue
        for r in week.reps:
            j = r.to_json()
            rows.append([week.week, r.rep, *(j[k] for k in keys)])
        rows.append([week.week, "share_at_target", week.share_at_target, "", "", "", "", "", ""])
    return _csv(rows)


def render_json(t: TeamWeek) -> str:
    return json_text(t.to_json()) + "\n"


def export_team_report(
    store: Store, tz: tzinfo, week: str | None, fmt: str, output: str | None, *, force: bool = False
) -> None:
    """The team report for an ISO week as ``md``, ``html``, ``csv`` or ``json``, to a file or stdout."""
    from repdesk.figures.team import team_week
    from repdesk.figures.week import parse_week

    t = team_week(store, tz, parse_week(week, tz))
    text = {"md": render_md, "html": render_html, "csv": render_csv, "json": render_json}[fmt](t)
    if output:
        from repdesk.db.files import write_output
        from repdesk.present import safe_text

        sys.stderr.write(safe_text(write_output(output, text, force=force)) + "\n")
    else:
        sys.stdout.write(text)
