"""The app never fights the keyboard: Esc, shortcuts and fields, the quick log's options, redo,
export and backup as actions, the newest touch on top — driven by keys with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from repdesk.tui.app import RepdeskApp
from repdesk.tui.forms.base import Form
from repdesk.tui.quicklog import parse_quick
from repdesk.tui.shots import settle
from tests.conftest import Runner


def rows(db: Path, sql: str) -> list[tuple]:
    return Runner(db).rows(sql)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    db = tmp_path / "app.db"
    rd = Runner(db)
    rd("prospect", "add", "Acme Corp")
    rd("prospect", "add", "Globex")
    return db


async def test_esc_leaves_the_field_then_closes_the_form(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, Form) and isinstance(app.focused, Input)
        await pilot.press(*"cued")  # c, u, e, d are shortcuts elsewhere: here they are letters
        assert app.focused.value == "cued"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, Form) and app.focused is None  # left the field, the form stays
        await pilot.press("c")  # a shortcut does not stack a form on the form
        await settle(pilot)
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, Form)
        assert rows(shop, "SELECT COUNT(*) FROM prospect") == [(2,)]


async def test_quick_log_honours_at_minutes_and_note_then_undo_redo(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        await pilot.press(*'call acme connected --at 10:00 --minutes 5 --note "asked for a deck"', "enter")
        await settle(pilot)
        assert rows(shop, "SELECT at, channel, outcome, minutes, note FROM touch") == [
            ("2026-11-20 10:00:00.000000", "call", "connected", 5, "asked for a deck")
        ]
        await pilot.press(*"email globex sent hello there", "enter")  # the bar keeps the focus for the next one
        await settle(pilot)
        assert rows(shop, "SELECT note FROM touch WHERE id = 2") == [("hello there",)]
        timeline = app.screen.query_one("#timeline", DataTable)
        assert str(timeline.get_row_at(0)[2]) == "Globex"  # the newest touch is on top (cells are literal Text)
        await pilot.press("escape")  # leaves the quick-log bar: keys are shortcuts again
        await settle(pilot)
        assert not isinstance(app.focused, Input)
        await pilot.press("u")
        await settle(pilot)
        assert rows(shop, "SELECT id FROM touch") == [(1,)]
        await pilot.press("r")
        await settle(pilot)
        assert rows(shop, "SELECT id FROM touch") == [(1,), (2,)]


async def test_quick_log_refuses_bad_options_and_writes_nothing(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for line in ("call acme connected --minutes -4", "call acme connected --at someday", "call acme sent",
                     "call acme connected --mins 4"):  # fmt: skip
            await pilot.press("colon")
            await pilot.press("ctrl+u", *line, "enter")
            await settle(pilot)
        assert rows(shop, "SELECT COUNT(*) FROM touch") == [(0,)]
        messages = [n.message for n in app._notifications]
        assert any("did you mean '--minutes'?" in m for m in messages), messages


def test_parse_quick() -> None:
    q = parse_quick('call "Acme Corp" no_answer --at=yesterday --minutes 2')
    assert (q.channel, q.prospect, q.outcome, q.at, q.minutes, q.note) == (
        "call", "Acme Corp", "no_answer", "yesterday", "2", "")  # fmt: skip
    with pytest.raises(Exception, match="give the note once"):
        parse_quick("call acme connected hi --note there")
    with pytest.raises(Exception, match="needs a value"):
        parse_quick("call acme connected --at")


async def test_export_week_and_backup_are_actions(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Export this week's summary (Markdown and HTML)", "Back up the database (safe while the app is open)",
                "Redo what undo took back"} <= titles  # fmt: skip
        await pilot.press("W")
        await pilot.press("b")
        for _ in range(20):
            await settle(pilot)
            if len(list((shop.parent / "exports").glob("*"))) == 2 and list((shop.parent / "backups").glob("*.db")):
                break
    exports = sorted(p.suffix for p in (shop.parent / "exports").iterdir())
    assert exports == [".html", ".md"]
    (backup,) = (shop.parent / "backups").glob("*.db")
    assert rows(backup, "SELECT company FROM prospect ORDER BY id") == [("Acme Corp",), ("Globex",)]
    assert "# " in next((shop.parent / "exports").glob("*.md")).read_text()


async def test_a_new_time_zone_applies_at_once(shop: Path) -> None:
    Runner(shop)("log", "call", "acme", "connected", "--at", "2026-11-20 10:00")
    app = RepdeskApp(str(shop), None, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#timeline", DataTable).get_row_at(0)[0] == "10:00"
        app.desk.set_setting("timezone", "America/New_York")
        app.refresh_data()
        await settle(pilot)
        assert app.screen.query_one("#timeline", DataTable).get_row_at(0)[0] == "05:00"


async def test_every_form_field_has_a_visible_label_and_the_forms_offer_the_cli_fields(shop: Path) -> None:
    from textual.widgets import Label

    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        for key in ("n", "c", "m", "d"):
            await pilot.press(key)
            await settle(pilot)
            form = app.screen
            assert isinstance(form, Form)
            widgets = list(form.query("Input, OptionList, ProspectPicker"))
            for w in widgets:
                if w.id == "pick-input" or (w.parent is not None and w.parent.id == "picker"):
                    continue  # inside the picker, which has its own label
                before = w.parent.children[w.parent.children.index(w) - 1]
                assert isinstance(before, Label), (key, w.id)
            ids = {w.id for w in widgets}
            expected = {
                "n": {"f-seniority", "f-source", "f-region", "f-employees", "f-website", "f-pain_points"},
                "c": {"note", "at", "minutes"},
                "m": {"at", "kind", "goal", "note"},
                "d": {"value", "title", "reason", "at"},
            }[key]
            assert expected <= ids, (key, ids)
            await pilot.press("escape", "escape")
            await settle(pilot)


async def test_deal_form_opens_with_title_and_date_and_sends_a_proposal_value(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("d", *"acme", "enter")
        await settle(pilot)
        await pilot.press("enter")  # step: open
        await settle(pilot)
        await pilot.press(*"1000", "tab", *"Pilot", "tab", "tab", *"2026-11-18", "enter")
        await settle(pilot)
        assert rows(shop, "SELECT title, value_cents, opened_at FROM deal") == [
            ("Pilot", 100000, "2026-11-18 12:00:00.000000")]  # fmt: skip
        await pilot.press("d", *"acme", "enter")
        await settle(pilot)
        await pilot.press("down", "enter")  # step: proposal
        await settle(pilot)
        await pilot.press("enter")  # the one open deal
        await settle(pilot)
        await pilot.press(*"1500", "enter")
        await settle(pilot)
        assert rows(shop, "SELECT proposal_value_cents FROM deal") == [(150000,)]
        assert {p.company: p.open_value for p in app.desk.prospects()}.get("Acme Corp") == 1500


async def test_lists_edit_and_delete_the_highlighted_row(shop: Path) -> None:
    rd = Runner(shop)
    rd("log", "call", "acme", "no_answer", "--at", "2026-11-19 09:00")
    rd("log", "email", "globex", "sent", "--at", "2026-11-20 10:00")
    rd("meeting", "book", "globex", "--at", "2026-11-19 16:00")
    rd("deal", "open", "acme", "--value", "1000")
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        touches = app.screen.query_one("#l-touches", DataTable)
        headings = [str(c.label) for c in touches.ordered_columns]
        newest = dict(zip(headings, map(str, touches.get_row_at(0)), strict=True))  # each cell under its heading
        assert touches.has_focus and newest["company"] == "Globex" and newest["channel"] == "email"
        assert newest["outcome"] == "sent" and newest["min"] == ""
        await pilot.press("enter")  # edit the Globex email: sent → replied
        await settle(pilot)
        assert isinstance(app.screen, Form)
        await pilot.press("ctrl+u", *"replied", "enter")
        await settle(pilot)
        assert rows(shop, "SELECT outcome FROM touch WHERE id = 2") == [("replied",)]
        await pilot.press("down", "x")  # delete the Acme call
        await settle(pilot)
        assert rows(shop, "SELECT id FROM touch") == [(2,)]
        await pilot.press("u")
        await settle(pilot)
        assert rows(shop, "SELECT id FROM touch ORDER BY id") == [(1,), (2,)]
        await pilot.press("tab")  # the meetings
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Form)
        await pilot.press("enter")  # held · advanced
        await settle(pilot)
        assert rows(shop, "SELECT status, outcome FROM meeting") == [("held", "advanced")]
        await pilot.press("tab", "x")  # delete the deal
        await settle(pilot)
        assert rows(shop, "SELECT COUNT(*) FROM deal") == [(0,)]


async def test_touch_edit_form_refuses_a_bad_outcome(shop: Path) -> None:
    Runner(shop)("log", "call", "acme", "no_answer", "--at", "2026-11-19 09:00")
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("enter", "ctrl+u", *"sent", "enter")
        await settle(pilot)
        assert "a call cannot be 'sent'" in str(app.screen.query_one("#form-error").render())
        await pilot.press("escape", "escape")
        await settle(pilot)
    assert rows(shop, "SELECT outcome FROM touch") == [("no_answer",)]
