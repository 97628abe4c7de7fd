"""The app driven by keys with Textual's Pilot; every flow checked in the database afterwards."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from repdesk.db.connect import Store
from repdesk.io.demo import generate
from repdesk.tui.app import RepdeskApp
from repdesk.tui.shots import settle
from repdesk.writes.prospects import add_prospect
from repdesk.writes.touches import log_touch
from tests.conftest import Runner


def rows(db: Path, sql: str) -> list[tuple]:
    return Runner(db).rows(sql)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    db = tmp_path / "app.db"
    rd = Runner(db)
    rd("prospect", "add", "Acme Corp", "--contact", "Jane Doe", "--industry", "software")
    rd("prospect", "add", "Globex", "--contact", "Hank Scorpio")
    rd("targets", "set", "2026-11", "--revenue", "100000", "--daily-goal", "40")
    rd("icp", "add", "Budget confirmed", "--manual")
    return db


async def test_log_a_call_by_keys_then_undo(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.press(*"glob")
        await settle(pilot)
        await pilot.press("enter")  # picks Globex
        await settle(pilot)
        for _ in range(5):  # no answer → busy → voicemail → gatekeeper → wrong number → connected
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(shop, "SELECT prospect_id, channel, outcome FROM touch") == [(2, "call", "connected")]
        assert "1 of 40" in str(app.screen.query_one("#barometer").render())
        await pilot.press("u")
        await settle(pilot)
        assert rows(shop, "SELECT COUNT(*) FROM touch") == [(0,)]


async def test_new_prospect_from_the_picker(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e", *"Initech")
        await settle(pilot)
        await pilot.press("enter")  # "+ new prospect “Initech”"
        await settle(pilot)
        await pilot.press("enter")  # email: sent
        await settle(pilot)
    assert rows(
        shop, "SELECT p.company, t.channel, t.outcome FROM touch t JOIN prospect p ON p.id = t.prospect_id"
    ) == [("Initech", "email", "sent")]


async def test_invalid_input_is_shown_inline_and_nothing_saved(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c", *"acme")
        await settle(pilot)
        await pilot.press("enter", "tab", "tab")  # to the time field
        await pilot.press(*"2030-01-01 10:00", "enter")
        await settle(pilot)
        assert "future" in str(app.screen.query_one("#form-error").render())
        await pilot.press("escape")
        await settle(pilot)
    assert rows(shop, "SELECT COUNT(*) FROM touch") == [(0,)]


async def test_book_meeting_and_deal_steps(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m", *"acme")
        await settle(pilot)
        await pilot.press("enter", *"2026-11-24 10:00", "enter")
        await settle(pilot)
        assert rows(shop, "SELECT prospect_id, at, kind, status FROM meeting") == [
            (1, "2026-11-24 10:00:00.000000", "first", "scheduled")
        ]
        await pilot.press("d", *"acme")
        await settle(pilot)
        await pilot.press("enter")  # prospect
        await settle(pilot)
        await pilot.press("enter")  # step: open
        await pilot.press(*"25000", "enter")
        await settle(pilot)
        assert rows(shop, "SELECT status, value_cents FROM deal") == [("open", 2_500_000)]
        await pilot.press("d", *"acme")
        await settle(pilot)
        await pilot.press("enter", "down", "down", "enter")  # step: won
        await settle(pilot)
        await pilot.press("enter", "enter")  # the open deal, then the value (empty keeps it)
        await settle(pilot)
        assert rows(shop, "SELECT status, value_cents FROM deal") == [("won", 2_500_000)]


async def test_prospects_search_detail_and_icp_toggle(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.query_one("#prospects").row_count == 2
        await pilot.press("slash", *"glo")
        await settle(pilot)
        assert app.screen.query_one("#prospects").row_count == 1
        await pilot.press("enter", "enter")  # to the table, open Globex
        await settle(pilot)
        assert app.screen.company == "Globex"
        app.screen.query_one("#icp").focus()
        await pilot.press("space")  # unknown → yes
        await settle(pilot)
        assert rows(shop, "SELECT prospect_id, value FROM icp_answer") == [(2, 1)]
        await pilot.press("space")  # yes → no
        await settle(pilot)
        assert rows(shop, "SELECT prospect_id, value FROM icp_answer") == [(2, 0)]
        await pilot.press("u")
        await settle(pilot)
        assert rows(shop, "SELECT prospect_id, value FROM icp_answer") == [(2, 1)]
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("tab", "tab", *"CEO", "enter")  # title
        await settle(pilot)
        assert rows(shop, "SELECT title FROM prospect WHERE id = 2") == [("CEO",)]


async def test_review_and_settings_screens(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert "90 days" in str(app.screen.query_one("#r-title").render())
        await pilot.press("w")
        await settle(pilot)
        assert "365 days" in str(app.screen.query_one("#r-title").render())
        await pilot.press("4")
        await settle(pilot)
        field = app.screen.query_one("#s-rep_name")
        field.focus()
        await pilot.press(*"Sam Seller", "enter")
        await settle(pilot)
        assert rows(shop, "SELECT value FROM setting WHERE key = 'rep_name'") == [("Sam Seller",)]
        app.screen.query_one("#criteria").focus()
        await pilot.press("i")
        await settle(pilot)  # the form is open and its first field focused before typing (a loaded machine)
        await pilot.press(*"Region", "tab", *"region in EMEA,NA", "enter")
        await settle(pilot)
        assert rows(shop, "SELECT key, rule FROM icp_criterion ORDER BY id") == [
            ("budget_confirmed", "manual"), ("region", "choice")]  # fmt: skip
        table = app.screen.query_one("#criteria")
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("enter")  # edit "Region"
        await settle(pilot)
        await pilot.press("tab", "ctrl+u", *"region in EMEA,NA,APAC", "enter")
        await settle(pilot)
        assert rows(shop, "SELECT choices FROM icp_criterion WHERE key = 'region'") == [('["EMEA", "NA", "APAC"]',)]
        await pilot.press("t", *"2026-Q4", "tab", *"300000", "tab", *"25000", "enter")
        await settle(pilot)
        assert rows(shop, "SELECT period, revenue_cents, avg_deal_cents FROM target WHERE period = '2026-Q4'") == [
            ("2026-Q4", 30_000_000, 2_500_000)
        ]
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HelpScreen"


async def test_meeting_outcome_from_today(shop: Path) -> None:
    Runner(shop)("meeting", "book", "acme", "--at", "2026-11-19 10:00")
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#queue").focus()  # the meeting needing an outcome is the queue's first row
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # held, advanced
        await settle(pilot)
    assert rows(shop, "SELECT status, outcome FROM meeting") == [("held", "advanced")]


async def test_a_touch_from_the_shell_shows_up_within_seconds(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        with Store(shop) as st:  # another connection, as the shell would use
            log_touch(st, "globex", "call", "connected")
        for _ in range(60):
            await asyncio.sleep(0.1)
            await pilot.pause()
            if "1 of 40" in str(app.screen.query_one("#barometer").render()):
                break
        else:
            raise AssertionError("the shell's touch never reached the app")


async def test_first_run_greets_the_rep(tmp_path: Path) -> None:
    app = RepdeskApp(str(tmp_path / "new.db"), "UTC", live=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        welcome = app.screen.query_one("#welcome")
        assert welcome.display and "Welcome to repdesk" in str(welcome.render())


async def test_palette_offers_every_action(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)):
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for wanted in ("Log a call", "Log an email", "Book a meeting", "New prospect", "Undo the last change",
                       "Go to Review", "Set a target", "Add an ICP criterion"):  # fmt: skip
            assert wanted in titles


async def test_app_on_demo_data(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    generate(db, weeks=8)
    with Store(db) as st:
        add_prospect(st, {"company": "Zeta"}, __import__("zoneinfo").ZoneInfo("UTC"))
    app = RepdeskApp(str(db), "UTC", live=False)
    async with app.run_test(size=(200, 50)) as pilot:
        for key in ("1", "2", "3", "4"):
            await pilot.press(key)
            await settle(pilot)


def test_keys_come_from_one_table() -> None:
    """Bindings, palette, help and the README's key table are all made from tui/actions.py."""
    from repdesk.tui.actions import ACTIONS, markdown_table
    from repdesk.tui.screens.help import keys_text

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, "README's key table is stale: paste repdesk.tui.actions.markdown_table()"
    text = keys_text().plain
    for a in ACTIONS:
        assert a.title in text


async def test_palette_runs_screen_actions(shop: Path) -> None:
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Review window: 30, 90 or 365 days" in titles
        assert "Change the sort" not in titles  # a Prospects key, not offered on Review


async def test_power_dialer_works_the_queue_with_enter(shop: Path) -> None:
    rd = Runner(shop)
    rd("prospect", "add", "Initech", "--phone", "555-0100")
    # three follow-ups due: Initech (overdue), Globex and Acme (due today, Acme at a time: first)
    rd("log", "call", "initech", "voicemail", "--at", "2026-11-16 10:00", "--next", "2026-11-18")
    rd("followup", "add", "acme", "today", "09:00", "--channel", "email")
    rd("followup", "add", "globex", "today")
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        queue = app.screen.query_one("#queue")
        queue.focus()
        order = [item.company for item in app.screen.queue_items[:3]]
        assert order == ["Initech", "Acme Corp", "Globex"]
        for n, company in enumerate(order, 1):
            assert app.screen.queue_items[queue.cursor_row].company == company
            await pilot.press("enter")  # opens the quick log for the highlighted prospect
            await settle(pilot)
            form = app.screen
            assert form.__class__.__name__ == "LogTouchForm" and form.company == company
            await pilot.press("enter")  # the first outcome of the suggested channel
            await settle(pilot)
            assert f"{n} of 40" in str(app.screen.query_one("#barometer").render())
    logged = rows(shop, "SELECT p.company, t.channel, t.outcome FROM touch t JOIN prospect p ON p.id = t.prospect_id"
                        " WHERE t.at >= '2026-11-20' ORDER BY t.id")  # fmt: skip
    assert logged == [("Initech", "call", "no_answer"), ("Acme Corp", "email", "sent"), ("Globex", "call", "no_answer")]
    # each touch closed the follow-up it worked and left the next one, by outcome
    assert rows(shop, "SELECT COUNT(*) FROM followup WHERE status = 'open' AND due <= '2026-11-20'") == [(0,)]
    assert rows(shop, "SELECT COUNT(*) FROM followup WHERE status = 'open' AND auto = 1") == [(3,)]


async def test_snooze_and_done_from_the_queue(shop: Path) -> None:
    rd = Runner(shop)
    rd("followup", "add", "acme", "today")
    rd("followup", "add", "globex", "today")
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#queue").focus()
        await pilot.press("s")  # Acme → the next working day (Friday → Monday)
        await settle(pilot)
        await pilot.press("d")  # Globex, now first → done
        await settle(pilot)
    assert rows(shop, "SELECT prospect_id, due, status FROM followup ORDER BY id") == [
        (1, "2026-11-23", "open"),
        (2, "2026-11-20", "done"),
    ]


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_prospect_list_fits_the_terminal_sorts_and_opens(tmp_path: Path, size: tuple[int, int]) -> None:
    db = tmp_path / "demo.db"
    generate(db, weeks=4)
    companies = sorted(r[0] for r in rows(db, "SELECT company FROM prospect WHERE NOT archived"))
    app = RepdeskApp(str(db), "UTC", live=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one("#prospects")
        keys = [c.key for c in table.columns]
        width = sum(c.width + 2 for c in table.columns)
        assert width <= table.size.width  # no sideways scrolling: long names shorten, then columns go
        assert keys[:2] == ["company", "contact"] and ("next_meeting" in keys) == (size[0] >= 160)

        def drawn(row: int) -> str:
            return table.render_line(row + 1).text  # line 0 is the heading

        assert drawn(0).strip().startswith(companies[0][:10])
        await pilot.click("#prospects", offset=(2, 0))  # the heading of company: sort descending
        await settle(pilot)
        assert drawn(0).strip().startswith(companies[-1][:10])
        await pilot.press("end", "enter")  # the last row (now the first company) opens
        await settle(pilot)
        assert app.screen.company == companies[0]


async def test_escape_leaves_the_search_then_clears_it(shop: Path) -> None:
    """Esc in the search goes to the list it narrowed, the filter kept (Enter opens a match); a
    second Esc, in the list, shows every prospect again."""
    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2", "slash", *"glo")
        await settle(pilot)
        table, search = app.screen.query_one("#prospects"), app.screen.query_one("#search")
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is table and search.value == "glo" and table.row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.company == "Globex"
        await pilot.press("escape")  # back to the list, still narrowed
        await settle(pilot)
        assert search.value == "glo" and table.row_count == 1
        await pilot.press("escape")
        await settle(pilot)
        assert search.value == "" and table.row_count == 2 and app.focused is table


async def test_letters_typed_right_behind_the_slash_go_into_the_search(shop: Path) -> None:
    """A fast typist (or a paste) sends "/glo" before the app has moved the focus: the letters reach
    the search, and none of them runs as a shortcut ("c" would log a call, "o" would sort)."""
    from textual import events

    app = RepdeskApp(str(shop), "UTC", live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        for key in ("slash", "g", "l", "o", "c"):
            app._driver.send_message(events.Key(key, "/" if key == "slash" else key))  # as the terminal sends them
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.screen.query_one("#search").value == "gloc"
        assert type(app.screen).__name__ == "ProspectsScreen"  # no form opened
