"""Hostile text: whatever a rep typed or a file brought in is shown literally — never
read as Rich markup, never sent to the terminal as control characters — on every printer."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repdesk.present import json_text, safe_text
from tests.conftest import Runner

MARKUP = ["[/]", "[bold]loud", "x[link=http://e.vil]click[/link]y", "[red]Acme[/red] :smile:", "a\\[b]"]
#: what an attacker plants: a window title, a screen clear, a hyperlink, a bidi override, DEL, C1
CONTROLS = "Evil\x1b]0;pwned\x07\x1b[2J\x1b]8;;http://e.vil\x1b\\link\u202etxt.exe\x7f\x9b"
VISIBLE = "Evil\\x1b]0;pwned\\x07\\x1b[2J\\x1b]8;;http://e.vil\\x1b\\link\\u202etxt.exe\\x7f\\x9b"


def _plant(db: Path, company: str, note: str = "") -> int:
    """Store text the command line would refuse, as an import by an earlier release could have."""
    conn = sqlite3.connect(db)
    with conn:
        cur = conn.execute(
            "INSERT INTO prospect (company, seniority, created_at, archived, notes) "
            "VALUES (?, 'unknown', '2026-11-01 12:00:00.000000', 0, ?)",
            (company, note or None),
        )
        pid = int(cur.lastrowid or 0)
        conn.execute(
            "INSERT INTO touch (prospect_id, at, channel, outcome, note) "
            "VALUES (?, '2026-11-20 10:00:00.000000', 'call', 'connected', ?)",
            (pid, note or None),
        )
    conn.close()
    return pid


@pytest.mark.parametrize("name", MARKUP)
def test_markup_in_a_company_name_prints_literally(rd: Runner, name: str) -> None:
    pid = rd("prospect", "add", name, "--note", f"note {name}").out.strip()
    rd("log", "call", pid, "connected", "--note", name)
    listing = rd("prospect", "list").out
    assert name in listing and "\x1b]8" not in listing
    shown = rd("prospect", "show", pid).out
    assert shown.count(name) >= 3  # the title, the notes and the touch's note
    rd("icp", "add", "Good", "--manual")
    assert name in rd("icp", "check", pid, "--answer", "good=yes").out
    assert rd("prospect", "show", pid, "--json").json()["company"] == name


def test_markup_in_an_icp_choice_and_label_prints_literally(rd: Runner) -> None:
    rd("icp", "add", "[/]Region[bold]", "--field", "region", "--in", "[/],[link=x]y")
    out = rd("icp", "list").out
    assert "[/]Region[bold]" in out and "[/], [link=x]y" in out


@pytest.mark.sqlite_only  # the test reads or plants rows in the local file itself
def test_control_characters_shown_as_visible_escapes(rd: Runner) -> None:
    pid = _plant(rd.db, CONTROLS, note=CONTROLS)
    for args in (["prospect", "list"], ["prospect", "show", str(pid)], ["today"], ["icp", "check", str(pid)]):
        out = rd(*args).out
        assert not any(c in out for c in "\x1b\x07\x7f\x9b\u202e"), args
    assert VISIBLE in rd("prospect", "list").out
    assert rd("prospect", "show", str(pid)).out.count(VISIBLE) == 3  # company, notes, the touch's note


@pytest.mark.sqlite_only  # the test reads or plants rows in the local file itself
def test_json_output_escapes_control_characters(rd: Runner) -> None:
    pid = _plant(rd.db, CONTROLS, note=CONTROLS)
    for args in (["prospect", "show", str(pid), "--json"], ["prospect", "list", "--json"]):
        raw = rd(*args).out
        assert not any(c in raw for c in "\x1b\x07\x7f\x9b\u202e"), args
        assert "\\u001b" in raw and "\\u007f" in raw and "\\u202e" in raw
    assert rd("prospect", "show", str(pid), "--json").json()["company"] == CONTROLS  # the same text, escaped
    week = rd("export", "week", "--week", "2026-W47", "--format", "json").out
    assert "\\u202e" in week and "\x1b" not in week and json.loads(week)["events"][0]["company"] == CONTROLS


def test_bidi_override_typed_at_the_prompt_is_kept_and_shown_escaped(rd: Runner) -> None:
    pid = rd("prospect", "add", "Invoice\u202efdp.exe").out.strip()
    assert rd("prospect", "show", pid, "--json").json()["company"] == "Invoice\u202efdp.exe"
    assert "Invoice\\u202efdp.exe" in rd("prospect", "list").out


@pytest.mark.sqlite_only  # the test reads or plants rows in the local file itself
def test_error_lines_show_user_text_safely_on_one_line(rd: Runner) -> None:
    _plant(rd.db, "Acme\x1b[2J one")
    _plant(rd.db, "Acme\x1b[2J two")
    err = rd.fails("log", "call", "acme", "connected").err  # ambiguous: the error lists both names
    assert "\x1b" not in err and "\\x1b[2J one" in err
    err = rd.fails("prospect", "show", "line one\nline two\x1b]0;t\x07").err
    assert "\x1b" not in err and "\x07" not in err


def test_markdown_export_defuses_links_images_html_and_mentions(rd: Runner) -> None:
    from markdown_it import MarkdownIt

    hostile = [
        "[click](http://e.vil) ![img](http://e.vil/x.png) <img src=x onerror=alert(1)> @here",
        "# Heading",
        "- item",
        "1. first",
        "> quoted | piped @channel",
        "see www.e.vil, http://e.vil and me@e.vil @everyone",
        "`code` **bold** ~~gone~~ &lt;b&gt;",
    ]
    for i, company in enumerate(hostile):
        pid = rd("prospect", "add", company).out.strip()
        rd("log", "call", pid, "connected", "--at", f"2026-11-1{7 + i % 3} 10:00")
        rd("deal", "open", pid, "--value", "100", "--at", "2026-11-17")
        rd("deal", "won", pid, "--at", "2026-11-18")
    md = rd("export", "week", "--week", "2026-W47").out
    html = MarkdownIt("gfm-like").enable("linkify").render(md)
    for tag in ("<a ", "<img", "<script", "<li>item", "<li>first", "<blockquote", "<code", "<s>", "<strong>bold",
                "<h1>Heading"):  # fmt: skip
        assert tag not in html, tag
    assert html.count("<h1>") == 1  # the title only
    for mention in ("@here", "@channel", "@everyone"):
        assert mention not in md  # a zero-width space after the @ keeps it from notifying
    rows = [line for line in md.splitlines() if line.startswith("| ") and "USD 100" in line]
    assert len(rows) == len(hostile)
    for line in rows:
        assert len(re.findall(r"(?<!\\)\|", line)) == 6  # five cells, none broken by user text


def test_csv_export_neutralises_formulas_in_user_text(rd: Runner) -> None:
    import csv
    import io

    for company in ('=HYPERLINK("http://e.vil")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        pid = rd("prospect", "add", company).out.strip() if not company.startswith(("\t", "\r")) else None
        if pid:
            rd("log", "call", pid, "connected", "--at", "2026-11-18 10:00")
    out = rd("export", "week", "--week", "2026-W47", "--format", "csv").out
    companies = [r[3] for r in csv.reader(io.StringIO(out.split("\r\n\r\n")[0])) if r and r[0] == "touch"]
    assert companies and all(c.startswith("'") for c in companies)


#: every character on either side of an unsafe range, and others a terminal treats specially
_EDGES = [chr(c) for c in (*range(0x00, 0x21), *range(0x7E, 0xA2), *range(0x2028, 0x2030), *range(0x2065, 0x206B))]
_EDGES += ["\ud7ff", "\ud800", "\udbff", "\udc00", "\udfff", "\ue000", "\u200d", "\u00ad", "·", "—", "🚀", "["]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(_EDGES), st.characters(codec=None)), max_size=40))
def test_safe_text_escapes_exactly_the_unsafe_characters(text: str) -> None:
    """The quick check that lets plain text through untouched agrees with escaping every unsafe
    character one by one, on any text: controls, format characters, surrogates, emoji, spaces."""
    unsafe = {*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F)}
    unsafe |= {*range(0x2066, 0x206A), *range(0xD800, 0xE000)}
    by_hand = "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") if ord(c) in unsafe else c for c in text
    )
    assert safe_text(text) == by_hand
    dumped = json.dumps(text, ensure_ascii=False)  # C0 already escaped, the rest as it is
    assert json_text(text) == "".join(f"\\u{ord(c):04x}" if ord(c) in unsafe else c for c in dumped)
    assert json.loads(json_text(text)) == text
