"""The weekly summary as one self-contained HTML file: inline CSS and SVG, no script, nothing fetched,
A4-friendly when printed. Every piece of user text goes through ``html.escape``."""

from __future__ import annotations

from html import escape
from typing import Any

from repdesk.figures.week import WeekSummary
from repdesk.io.exporters.common import attainment_line, channel_rows, comparison_rows, deal_events, show, title
from repdesk.present import pct

CSS = """
@page { size: A4; margin: 14mm; }
* { box-sizing: border-box; }
body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d2430;
       max-width: 190mm; margin: 24px auto; padding: 0 12px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 22px 0 8px; text-transform: uppercase; letter-spacing: .04em; color: #4a5568; }
.sub { color: #5a6578; margin: 0 0 16px; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; }
.kpi { border: 1px solid #d8dee9; border-radius: 8px; padding: 8px 10px; break-inside: avoid; }
.kpi b { display: block; font-size: 20px; }
.kpi span { color: #5a6578; font-size: 12px; }
table { border-collapse: collapse; width: 100%; break-inside: avoid; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e5e9f0; }
th { font-size: 12px; color: #5a6578; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.up { color: #1a7f37; } .down { color: #c62828; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.flags li { margin: 4px 0; }
.empty { padding: 12px; background: #f5f7fa; border-radius: 8px; }
@media print { body { margin: 0; } .charts { grid-template-columns: 1fr 1fr; } }
"""


def _bars(items: list[tuple[str, float | None, str]], title_text: str, goal_line: bool = False) -> str:
    """A small SVG bar chart: (label, fraction, colour) per bar."""
    w, h, pad, base = 340, 170, 28, 140
    n = max(1, len(items))
    slot = (w - pad) / n
    top = max([1.0 if goal_line else 0.0] + [v or 0 for _, v, _ in items]) or 1.0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img"'
             f' aria-label="{escape(title_text)}"><title>{escape(title_text)}</title>']  # fmt: skip
    if goal_line:
        y = base - (1.0 / top) * (base - 18)
        parts.append(f'<line x1="{pad}" x2="{w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#1a7f37" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{w - 2}" y="{y - 3:.1f}" font-size="10" text-anchor="end" fill="#1a7f37">100%</text>')
    for i, (label, value, colour) in enumerate(items):
        x = pad + i * slot + slot * 0.15
        bw = slot * 0.7
        bh = 0 if value is None else (value / top) * (base - 18)
        parts.append(
            f'<rect x="{x:.1f}" y="{base - bh:.1f}" width="{bw:.1f}" height="{bh:.1f}" rx="2" fill="{colour}"/>'
        )
        text = pct(value)
        parts.append(
            f'<text x="{x + bw / 2:.1f}" y="{base - bh - 4:.1f}" font-size="10" text-anchor="middle">{text}</text>'
        )
        parts.append(
            f'<text x="{x + bw / 2:.1f}" y="{base + 14}" font-size="11" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append(f'<line x1="{pad}" x2="{w}" y1="{base}" y2="{base}" stroke="#9aa5b5"/></svg>')
    return "".join(parts)


def _colour(b: float | None) -> str:
    if b is None:
        return "#c3cad5"
    return "#c62828" if b < 0.5 else "#e39b0b" if b < 1 else "#1a7f37"


def _table(headers: list[str], rows: list[list[Any]], numeric: set[int]) -> str:
    head = "".join(f'<th class="{"n" if i in numeric else ""}">{escape(str(h))}</th>' for i, h in enumerate(headers))
    body = "".join(
        "<tr>"
        + "".join(f'<td class="{"n" if i in numeric else ""}">{escape(str(c))}</td>' for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render(s: WeekSummary) -> str:
    cur = s.currency
    kpis = [
        ("Touches", show("touches", s.touches, cur)),
        ("Hit rate", show("hit_rate", s.hit_rate, cur)),
        ("Meetings booked / held", f"{s.booked:,.0f} / {s.meetings_held:,.0f}"),
        ("Revenue won", show("won_revenue", s.won_revenue, cur)),
        ("Follow-ups on time", show("hit_rate", s.followup_discipline, cur)),
        ("Overdue follow-ups", str(s.overdue)),
    ]
    kpi_html = "".join(f'<div class="kpi"><b>{escape(v)}</b><span>{escape(k)}</span></div>' for k, v in kpis)
    cmp_rows = []
    for label, now, prev, d1, trail, d2 in comparison_rows(s):
        cmp_rows.append([label, now, prev + (" " + d1 if d1 else ""), trail + (" " + d2 if d2 else "")])
    sub = escape(attainment_line(s) or "")
    baro = _bars([(b.day, b.barometer, _colour(b.barometer)) for b in s.barometer_by_day],
                 "Barometer by working day", goal_line=True)  # fmt: skip
    wd = _bars([(d.day, d.hit_rate, "#2f6fde") for d in s.weekday], "Hit rate by weekday")
    channels = channel_rows(s)
    deal_rows = deal_events(s)
    flags = "".join(f"<li>{escape(f)}</li>" for f in s.coaching) or "<li>None this week.</li>"
    empty = '<p class="empty">No activity logged this week.</p>' if not s.events else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title(s))}</title><style>{CSS}</style></head>
<body>
<h1>{escape(title(s))}</h1>
<p class="sub">{sub}</p>
{empty}
<div class="kpis">{kpi_html}</div>
<h2>Figures against the previous week and the four weeks before</h2>
{_table(["Figure", "This week", "Previous week", "4-week average"], cmp_rows, {1, 2, 3})}
<div class="charts"><div><h2>Barometer by working day</h2>{baro}</div><div><h2>Hit rate by weekday</h2>{wd}</div></div>
<h2>Touches by channel and outcome</h2>
{_table(["Channel", "Outcome", "Touches"], channels, {2}) if channels else "<p>No touches.</p>"}
{"<h2>Deals</h2>" + _table(["When", "Company", "Step", "Value", "Reason"], deal_rows, {3}) if deal_rows else ""}
<h2>Coaching flags</h2>
<ul class="flags">{flags}</ul>
</body></html>
"""
