"""The weekly summary as Markdown that pastes cleanly into email and chat (tables, no HTML)."""

from __future__ import annotations

import re
from typing import Any

from repdesk.figures.week import WeekSummary
from repdesk.io.exporters.common import (
    attainment_line,
    channel_rows,
    comparison_rows,
    deal_events,
    followup_line,
    show,
    title,
)
from repdesk.present import safe_text

#: characters that can start Markdown syntax anywhere in a line (links, images, emphasis, code, HTML,
#: tables, strike-through, headings): each gets a backslash, which CommonMark shows as the character
_MD_PUNCT = re.compile(r"([\\`*_{}\[\]<>#|~!])")
#: what would start a block at the beginning of a line: a list item, quote, heading or rule
_MD_BLOCK_START = re.compile(r"^(\s*)(?:([-+=>])|(\d+)([.)]))")
#: what chat and Markdown turn into a link on their own: URLs and addresses
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=www)(\.)|(@)(?=[a-z0-9.-]+\.[a-z])")
#: mentions that notify a whole chat channel when pasted
_MENTION = re.compile(r"(?i)@(here|channel|everyone)\b")


def cell(text: Any) -> str:
    """User text safe anywhere in the Markdown export: it makes no link, image, HTML, heading, list
    or table break, and ``@here``, ``@channel`` and ``@everyone`` notify no one when pasted into chat."""
    s = str(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    s = safe_text(s).strip()
    s = _MD_PUNCT.sub(r"\\\1", s)
    s = re.sub(r"&(?=#?[0-9A-Za-z]+;)", r"\\&", s)  # no character references (&lt;)
    s = _MD_AUTOLINK.sub(lambda m: "\\" + (m.group(1) or m.group(2) or m.group(3)), s)
    s = _MENTION.sub(lambda m: "@\u200b" + m.group(1), s)  # a zero-width space: shown the same, notifies no one
    s = _MD_BLOCK_START.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), s
    )
    return s or " "


def table(headers: list[str], rows: list[list[Any]], right: set[int] | None = None) -> list[str]:
    right = right or set()
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|")
    for r in rows:
        lines.append("| " + " | ".join(cell(c) for c in r) + " |")
    return lines


def bar(ratio: float | None, width: int = 10) -> str:
    if ratio is None:
        return ""
    filled = min(width, round(ratio * width))
    return "█" * filled + "░" * (width - filled)


def render(s: WeekSummary) -> str:
    cur = s.currency
    out = [f"# {cell(title(s))}", ""]
    if s.touches == 0 and not s.events:
        out += ["No activity logged this week.", ""]
    attained = attainment_line(s)
    if attained:
        name, _, rest = attained.partition(": ")
        out += [f"**{cell(name)}:** {cell(rest)}", ""]
    out += [f"**{cell(followup_line(s))}**", ""]
    out += ["## Figures", ""]
    out += table(
        ["Figure", "This week", "Previous week", "", "4-week average", ""],
        [list(r) for r in comparison_rows(s)],
        right={1, 2, 4},
    )
    out += ["", "## Barometer by working day", ""]
    out += table(
        ["Day", "Touches", "Daily goal", "Barometer", ""],
        [
            [
                f"{b.day} {b.date}",
                b.touches,
                b.daily_goal if b.daily_goal is not None else "—",
                "upcoming" if b.future else show("hit_rate", b.barometer, cur),
                bar(b.barometer),
            ]  # fmt: skip
            for b in s.barometer_by_day
        ],
        right={1, 2, 3},
    )
    out += ["", "## Touches by channel and outcome", ""]
    rows = channel_rows(s)
    out += table(["Channel", "Outcome", "Touches"], rows, right={2}) if rows else ["No touches."]
    out += ["", "## Hit rate by weekday", ""]
    out += table(
        ["Day", "Touches", "Hits", "Hit rate", "Booked"],
        [
            [
                d.day + (" ★" if d.day == s.best_day else ""),
                d.touches,
                d.hits,
                show("hit_rate", d.hit_rate, cur),
                d.booked,
            ]
            for d in s.weekday
        ],
        right={1, 2, 3, 4},
    )
    deals = deal_events(s)
    if deals:
        out += ["", "## Deals", ""]
        out += table(["When", "Company", "Step", "Value", "Reason"], deals)
    if s.lost_reasons:
        out += ["", "**Lost, by reason:** " + ", ".join(f"{cell(k)} {v}" for k, v in s.lost_reasons.items())]
    out += ["", "## Coaching flags", ""]
    out += [f"- {cell(f)}" for f in s.coaching] or ["- None this week."]
    return "\n".join(out) + "\n"
