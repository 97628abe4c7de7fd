"""Finding and correcting records: touch list/edit/delete, meeting and deal lists, redo, ids, suggestions."""

from __future__ import annotations

import pytest

from tests.conftest import Runner

# the fixed clock is Friday 2026-11-20 15:00 UTC


def seed(rd: Runner) -> None:
    rd("prospect", "add", "Acme Corp")
    rd("prospect", "add", "Beta GmbH")
    rd("log", "call", "acme", "connected", "--at", "2026-11-19 09:00", "--minutes", "5", "--note", "hi")
    rd("log", "email", "acme", "sent", "--at", "2026-11-20 10:00")
    rd("log", "call", "beta", "busy", "--at", "2026-11-10 11:00")


def test_touch_list_filters(rd: Runner) -> None:
    seed(rd)
    assert [t["id"] for t in rd("touch", "list", "--json").json()] == [1, 2]  # the last 7 days, oldest first
    assert [t["id"] for t in rd("touch", "list", "--prospect", "beta", "--json").json()] == [3]
    assert [t["id"] for t in rd("touch", "list", "--date", "2026-11-19", "--json").json()] == [1]
    assert [t["id"] for t in rd("touch", "list", "--date", "yesterday", "--json").json()] == [1]
    assert [t["id"] for t in rd("touch", "list", "--days", "11", "--json").json()] == [3, 1, 2]
    assert [t["id"] for t in rd("touch", "list", "--days", "10", "--json").json()] == [1, 2]
    assert rd("touch", "list", "--prospect", "acme", "--days", "1", "--json").json()[0]["company"] == "Acme Corp"
    first = rd("touch", "list", "--json").json()[0]
    assert first == {"id": 1, "prospect_id": 1, "company": "Acme Corp", "at": "2026-11-19T09:00:00+00:00",
                     "channel": "call", "outcome": "connected", "minutes": 5, "note": "hi"}  # fmt: skip
    out = rd("touch", "list").out
    assert "2026-11-19 09:00" in out and "Acme Corp" in out and "connected" in out
    assert rd("touch", "list", "--date", "2026-11-01").out.strip() == "no touches on 2026-11-01"


def test_touch_list_days_in_the_reps_zone(rd_ny: Runner) -> None:
    rd_ny("prospect", "add", "Acme")
    # 23:30 on Thursday in New York is Friday 04:30 UTC
    rd_ny("log", "call", "acme", "connected", "--at", "2026-11-19 23:30")
    listed = rd_ny("touch", "list", "--date", "2026-11-19", "--json").json()
    assert [t["at"] for t in listed] == ["2026-11-19T23:30:00-05:00"]
    assert rd_ny("touch", "list", "--date", "2026-11-20", "--json").json() == []


def test_touch_edit_and_the_matrix(rd: Runner) -> None:
    seed(rd)
    t = rd("touch", "edit", "2", "--outcome", "replied", "--minutes", "3", "--note", "answered", "--json").json()
    assert (t["channel"], t["outcome"], t["minutes"], t["note"]) == ("email", "replied", 3, "answered")
    assert rd("touch", "edit", "2", "--at", "2026-11-18 08:15").out.strip() == (
        "touch 2 corrected: email replied at 2026-11-18 08:15"
    )
    # a channel change keeps the outcome, which must suit the new channel
    err = rd.fails("touch", "edit", "2", "--channel", "call").err
    assert "a call cannot be 'replied'" in err
    t = rd("touch", "edit", "2", "--channel", "call", "--outcome", "connected", "--json").json()
    assert (t["channel"], t["outcome"]) == ("call", "connected")
    assert rd("touch", "edit", "2", "--minutes", "", "--note", "", "--json").json()["minutes"] is None
    # the old form still works
    assert rd("touch", "1", "--outcome", "not_interested", "--json").json()["outcome"] == "not_interested"
    assert rd("review", "--as-of", "2026-11-20", "--json").json()["hits"] == 2


def test_touch_edit_bad_input_writes_nothing(rd: Runner) -> None:
    seed(rd)
    before = rd.dump()
    for args, says in [
        (["touch", "edit", "99", "--outcome", "busy"], "no touch with id 99"),
        (["touch", "edit", "x", "--outcome", "busy"], "touch id must be a number"),
        (["touch", "edit", "1"], "nothing to change"),
        (["touch", "edit", "1", "--outcome", "sent"], "a call cannot be 'sent'"),
        (["touch", "edit", "1", "--channel", "fax"], "unknown channel 'fax'"),
        (["touch", "edit", "1", "--at", "2026-11-22 10:00"], "cannot lie in the future (2026-11-22 10:00)"),
        (["touch", "edit", "1", "--at", "someday"], "cannot read the date"),
        (["touch", "edit", "1", "--minutes", "-3"], "minutes"),
        (["touch", "edit", "1", "--minutes", "nan"], "minutes"),
        (["touch", "edit", "1", "--note", "x" * 100_001], "note"),
        (["touch", "delete", "42"], "no touch with id 42"),
        (["touch", "list", "--days", "0"], "--days"),
        (["touch", "list", "--date", "2026-11-19", "--days", "3"], "not allowed with"),
        (["touch", "list", "--prospect", "nobody"], "no prospect matches 'nobody'"),
    ]:
        err = rd.fails(*args).err
        assert says in err, (args, err)
    assert rd.dump() == before


def test_touch_delete_is_undoable_and_ids_are_never_reused(rd: Runner) -> None:
    seed(rd)
    before = rd.records()
    out = rd("touch", "delete", "2").out
    assert out.strip() == "touch 2 deleted: email sent at 2026-11-20 10:00 (repdesk undo brings it back)"
    assert [t["id"] for t in rd("touch", "list", "--json").json()] == [1]
    assert rd("review", "--as-of", "2026-11-20", "--json").json()["touches"] == 2
    assert rd("undo").out.strip() == "undone: delete touch 2"
    assert rd.records() == before
    rd("redo")
    assert rd("touch", "list", "--json").json()[0]["id"] == 1
    rd("undo")
    # an undone new touch does not give its id to the next one
    assert rd("log", "call", "beta", "busy", "--json").json()["id"] == 4
    rd("undo")
    assert rd("log", "call", "beta", "busy", "--json").json()["id"] == 5
    rd("undo")
    rd("redo")  # the redone touch has its own id back
    assert [t["id"] for t in rd("touch", "list", "--prospect", "beta", "--json").json()] == [3, 5]


def test_redo_stack_ends_with_a_new_write(rd: Runner) -> None:
    assert rd("redo").out.strip() == "nothing to redo"
    rd("prospect", "add", "Acme")
    rd("prospect", "add", "Beta")
    rd("undo")
    rd("prospect", "add", "Gamma")
    assert rd("redo").out.strip() == "nothing to redo"
    assert [p["id"] for p in rd("prospect", "list", "--json").json()] == [1, 3]
    rd("undo")
    rd("undo")
    assert rd("redo").out.strip() == "redone: add prospect Acme"
    assert rd("redo").out.strip() == "redone: add prospect Gamma"
    assert sorted(p["company"] for p in rd("prospect", "list", "--json").json()) == ["Acme", "Gamma"]


def test_meeting_list(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("meeting", "book", "acme", "--at", "2026-11-18 10:00")  # 1: past, held below
    rd("meeting", "book", "acme", "--at", "2026-11-19 10:00")  # 2: past, still scheduled
    rd("meeting", "book", "acme", "--at", "2026-11-24 10:00")  # 3: upcoming
    rd("meeting", "book", "acme", "--at", "2026-11-25 10:00")  # 4: cancelled
    rd("meeting", "done", "1", "--outcome", "advanced")
    rd("meeting", "cancel", "4")

    def ids(*flag: str) -> list[int]:
        return [m["id"] for m in rd("meeting", "list", *flag, "--json").json()]

    assert ids() == [1, 2, 3, 4]
    assert ids("--upcoming") == [3]
    assert ids("--past") == [1, 2]
    assert ids("--needs-outcome") == [2]
    shown = rd("meeting", "list", "--json").json()[0]
    assert shown["company"] == "Acme" and shown["status"] == "held" and shown["outcome"] == "advanced"
    assert "2026-11-24 10:00" in rd("meeting", "list", "--upcoming").out
    rd.fails("meeting", "list", "--upcoming", "--past")


def test_deal_list_and_open_pipeline_with_proposal_value(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("prospect", "add", "Beta")
    rd("deal", "open", "acme", "--value", "1000", "--at", "2026-11-01")
    rd("deal", "open", "beta", "--value", "2000", "--at", "2026-11-02")
    rd("deal", "open", "beta", "--value", "500", "--at", "2026-11-03")
    rd("deal", "proposal", "acme", "--value", "1500")  # Acme has one open deal: named by the prospect
    rd("deal", "proposal", "3")  # a proposal without a value of its own keeps the deal's value
    rd("deal", "won", "3")

    def deals(*flag: str) -> list[dict]:
        return rd("deal", "list", *flag, "--json").json()

    assert [d["id"] for d in deals()] == [1, 2, 3]
    assert [d["id"] for d in deals("--open")] == [1, 2]
    assert [d["id"] for d in deals("--won")] == [3]
    assert deals("--lost") == []
    assert [(d["value"], d["proposal_value"], d["pipeline_value"]) for d in deals()] == [
        (1000, 1500, 1500), (2000, None, 2000), (500, None, None)]  # fmt: skip
    by_company = {p["company"]: p["open_value"] for p in rd("prospect", "list", "--json").json()}
    assert by_company == {"Acme": 1500, "Beta": 2000}
    assert rd("deal", "list", "--lost").out.strip() == "no lost deals"


def test_deal_named_by_its_prospect(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("prospect", "add", "Beta")
    rd("deal", "open", "acme", "--value", "1000", "--title", "Pilot")
    rd("deal", "open", "acme", "--value", "2000", "--title", "Rollout")
    before = rd.dump()
    err = rd.fails("deal", "won", "acme").err
    assert "Acme has 2 open deals: 1 Pilot 1,000; 2 Rollout 2,000 — use the deal id" in err
    assert "Beta has no open deal" in rd.fails("deal", "lost", "beta", "--reason", "price").err
    assert rd.dump() == before
    rd("deal", "lost", "1", "--reason", "price")
    assert rd("deal", "won", "acme", "--json").json()["id"] == 2


def test_prospect_created_backdated(rd: Runner) -> None:
    p = rd("prospect", "add", "Acme", "--created", "2026-10-14", "--json").json()
    assert p["created_at"] == "2026-10-14T12:00:00+00:00"
    before = rd.dump()
    assert "cannot lie in the future" in rd.fails("prospect", "add", "Beta", "--created", "2026-12-01").err
    rd.fails("prospect", "add", "Beta", "--created", "the other day")
    assert rd.dump() == before


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["prospekt", "list"], "did you mean 'prospect'?"),
        (["touch", "lst"], "did you mean 'list'?"),
        (["log", "cal", "acme", "connected"], "did you mean 'call'?"),
        (["log", "call", "acme", "conected"], "did you mean 'connected'?"),
        (["log", "call", "acmee", "connected"], "did you mean 'Acme'?"),
        (["log", "call", "acme", "connected", "--notes", "x"], "did you mean '--note'?"),
        (["export", "week", "--format", "htm"], "did you mean 'html'?"),
        (["deal", "lost", "1", "--reason", "prise"], "did you mean 'price'?"),
        (["prospect", "add", "X", "--seniority", "directr"], "did you mean 'director'?"),
    ],
)
def test_did_you_mean(rd: Runner, args: list[str], hint: str) -> None:
    rd("prospect", "add", "Acme")
    rd("deal", "open", "acme", "--value", "10")
    before = rd.dump()
    err = rd.fails(*args).err
    assert hint in err
    assert rd.dump() == before


def test_times_people_read_are_in_the_reps_zone(rd_ny: Runner) -> None:
    rd_ny("prospect", "add", "Acme")
    rd_ny("deal", "open", "acme", "--value", "100", "--at", "2026-11-19 20:00")  # 01:00 UTC on the 20th
    err = rd_ny.fails("deal", "won", "acme", "--at", "2026-11-19 19:00").err
    assert "opened on 2026-11-19 20:00" in err
    err = rd_ny.fails("log", "call", "acme", "busy", "--at", "2026-11-21 09:00").err
    assert "(2026-11-21 09:00)" in err
    rd_ny("meeting", "book", "acme", "--at", "2026-11-23 09:00")
    assert "(2026-11-23 09:00)" in rd_ny.fails("meeting", "done", "1", "--outcome", "advanced").err
    rd_ny("log", "call", "acme", "busy", "--at", "2026-11-19 21:30")
    assert "at 2026-11-19 21:30" in rd_ny("touch", "delete", "1").out


def test_touch_edit_and_delete_carry_their_follow_up(rd: Runner) -> None:
    rd("prospect", "add", "Acme")
    rd("log", "call", "acme", "no_answer", "--at", "2026-11-20 10:00")  # Friday: retry in 2 working days

    def open_due() -> list[str]:
        return [f["due"] for f in rd("followup", "list", "--all", "--json").json() if f["status"] == "open"]

    assert open_due() == ["2026-11-24"]
    rd("touch", "edit", "1", "--outcome", "connected")  # nurture: 5 working days
    assert open_due() == ["2026-11-27"]
    rd("touch", "edit", "1", "--at", "2026-11-19 10:00")  # a day earlier
    assert open_due() == ["2026-11-26"]
    rd("touch", "delete", "1")
    assert rd("followup", "list", "--all", "--json").json() == []
    rd("undo")
    assert open_due() == ["2026-11-26"]
    rd("redo")
    assert rd("followup", "list", "--all", "--json").json() == []
