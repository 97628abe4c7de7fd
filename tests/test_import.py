"""Import from CRM exports: money, dates, who a row belongs to, keys, bad rows, hostile files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Runner


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8"))
    return p


def deals(rd: Runner) -> list[tuple[object, ...]]:
    return rd.rows("SELECT p.company, d.title, d.value_cents, d.status FROM deal d JOIN prospect p ON p.id = d.prospect_id"
                   " ORDER BY d.id")  # fmt: skip


# -- money -------------------------------------------------------------------------------------


def test_european_money_is_never_read_a_hundred_times_too_big(rd: Runner, tmp_path: Path) -> None:
    f = write(tmp_path, "d.csv", "id;company;title;value;status\n"
                                 "1;Acme;a;1234,50;open\n"
                                 "2;Acme;b;1.234,50 €;open\n"
                                 "3;Acme;c;1 234,50;open\n"
                                 "4;Acme;d;EUR 1234;open\n"
                                 "5;Acme;e;12,5;open\n")  # fmt: skip
    rd("import", str(f))
    assert [d[2] for d in deals(rd)] == [123450, 123450, 123450, 123400, 1250]


def test_us_money_with_signs_and_separators(rd: Runner, tmp_path: Path) -> None:
    f = write(tmp_path, "d.csv", 'id,company,title,value,status\n'
                                 '1,Acme,a,"$1,234.50",open\n'
                                 '2,Acme,b,1234.5,open\n'
                                 '3,Acme,c,"1,234",open\n'
                                 '4,Acme,d,USD 99,open\n')  # fmt: skip
    rd("import", str(f))
    assert [d[2] for d in deals(rd)] == [123450, 123450, 123400, 9900]


def test_both_decimal_marks_in_one_column_is_refused(rd: Runner, tmp_path: Path) -> None:
    f = write(tmp_path, "d.csv", 'id,company,title,value,status\n1,Acme,a,"1234,50",open\n2,Acme,b,99.95,open\n')
    rd("config", "show")
    before = rd.dump()
    res = rd.fails("import", str(f))
    assert "column 'value' uses both decimal marks" in res.err and "line 2" in res.err and "line 3" in res.err
    assert rd.dump() == before
    # a mapping that says which mark the column uses decides it, and then the other value is refused as it is
    m = write(tmp_path, "m.toml", 'decimal_mark = ","\n')
    res = rd.fails("import", str(f), "--preset", "generic", "--mapping", str(m))
    assert "decimal_mark is ','" in res.err and "'99.95'" in res.err


def test_mapping_decimal_mark_reads_ambiguous_groups(rd: Runner, tmp_path: Path) -> None:
    f = write(tmp_path, "d.csv", "id;company;title;value;status\n1;Acme;a;1.500;open\n")
    m = write(tmp_path, "m.toml", 'decimal_mark = ","\n')
    rd("import", str(f), "--preset", "generic", "--mapping", str(m))
    assert [d[2] for d in deals(rd)] == [150000]


def test_negative_and_unreadable_money_are_bad_rows(rd: Runner, tmp_path: Path) -> None:
    f = write(
        tmp_path, "d.csv", "id,company,title,value,status\n1,Acme,a,-5,open\n2,Acme,b,lots,open\n3,Acme,c,7,open\n"
    )
    res = rd("import", str(f), ok=False)
    assert res.code == 3
    assert res.err.splitlines() == ["line 2: value: an amount cannot be negative: '-5'",
                                    "line 3: value: cannot read the amount 'lots'"]  # fmt: skip
    assert [d[2] for d in deals(rd)] == [700]


# -- dates -------------------------------------------------------------------------------------


def test_a_column_may_mix_dates_and_date_times(rd: Runner, tmp_path: Path) -> None:
    f = write(tmp_path, "t.csv", "id,company,at,channel,outcome\n"
                                 "1,Acme,2026-11-02,call,busy\n"
                                 "2,Acme,2026-11-03 09:30,call,busy\n"
                                 "3,Acme,2026-11-04T10:00:00+01:00,call,busy\n"
                                 "4,Acme,10/25/2026 2:15 PM,call,busy\n"
                                 "5,Acme,Nov 6 2026,call,busy\n")  # fmt: skip
    rd("import", str(f))
    assert [r[0] for r in rd.rows("SELECT at FROM touch ORDER BY id")] == [
        "2026-11-02 12:00:00.000000", "2026-11-03 09:30:00.000000", "2026-11-04 09:00:00.000000",
        "2026-10-25 14:15:00.000000", "2026-11-06 12:00:00.000000"]  # fmt: skip


def test_day_first_decided_from_the_values(rd: Runner, tmp_path: Path) -> None:
    f = write(
        tmp_path, "t.csv", "id,company,at,channel,outcome\n1,Acme,03/11/2026,call,busy\n2,Acme,13/11/2026,call,busy\n"
    )
    rd("import", str(f))
    assert [r[0][:10] for r in rd.rows("SELECT at FROM touch ORDER BY id")] == ["2026-11-03", "2026-11-13"]


def test_day_first_that_the_file_cannot_tell_is_asked_for(rd: Runner, tmp_path: Path) -> None:
    f = write(
        tmp_path, "t.csv", "id,company,at,channel,outcome\n1,Acme,03/11/2026,call,busy\n2,Acme,04/11/2026,call,busy\n"
    )
    rd("config", "show")
    before = rd.dump()
    res = rd.fails("import", str(f))
    assert "cannot tell whether dates such as '03/11/2026'" in res.err and "day_first" in res.err
    assert rd.dump() == before
    m = write(tmp_path, "m.toml", "day_first = true\n")
    rd("import", str(f), "--mapping", str(m))
    assert [r[0][:10] for r in rd.rows("SELECT at FROM touch ORDER BY id")] == ["2026-11-03", "2026-11-04"]


def test_day_first_and_month_first_in_one_file_is_refused(rd: Runner, tmp_path: Path) -> None:
    f = write(
        tmp_path, "t.csv", "id,company,at,channel,outcome\n1,Acme,13/11/2026,call,busy\n2,Acme,11/13/2026,call,busy\n"
    )
    res = rd.fails("import", str(f))
    assert "mixes day-first and month-first dates" in res.err


def test_date_only_touch_today_is_not_future_and_reimport_compares_the_date(rd: Runner, tmp_path: Path) -> None:
    # the clock is fixed at 2026-11-20 15:00 UTC
    f = write(
        tmp_path, "t.csv", "id,company,at,channel,outcome\n1,Acme,2026-11-20,call,busy\n2,Acme,2026-11-21,call,busy\n"
    )
    res = rd("import", str(f), ok=False)
    assert res.code == 3 and res.err.startswith("line 3: a touch cannot lie in the future")
    assert rd.rows("SELECT at FROM touch") == [("2026-11-20 12:00:00.000000",)]
    assert "  0 created, 0 changed, 1 unchanged" in rd("import", str(f), ok=False).out


# -- who a row belongs to ----------------------------------------------------------------------

COMPANIES = """Record ID,Company name,Company Domain Name,Create Date
11,Acme,acme.com,2026-01-05
12,Acme,acme.de,2026-02-05
13,Globex,globex.com,2026-03-05
"""
HUBSPOT_DEALS = """Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Associated Company ID,Associated Company,Deal owner
101,US plan,Closed Won,25000,2026-10-20 14:00,2026-09-01 09:00,11,Acme,Sam Seller
102,DE plan,closedlost,8000,2026-10-22 10:00,2026-09-10 09:00,12,Acme,Sam Seller
103,Expansion,Contract Sent,12000,2026-12-15 10:00,2026-10-01 09:00,13,Globex,Sam Seller
104,Other rep,appointmentscheduled,5000,,2026-10-02 09:00,13,Globex,Pat Other
"""


def test_same_named_companies_with_different_ids_stay_two(rd: Runner, tmp_path: Path) -> None:
    companies = write(tmp_path, "companies.csv", COMPANIES)
    dl = write(tmp_path, "deals.csv", HUBSPOT_DEALS)
    assert "  3 created" in rd("import", str(companies)).out
    res = rd("import", str(dl), "--owner", "sam seller")
    assert "  3 created, 0 changed, 0 unchanged, 1 skipped, 0 rejected" in res.out
    assert "skipped 1: other owners" in res.out
    got = rd.rows("SELECT p.source_id, d.title, d.status, d.value_cents, d.closed_at FROM deal d"
                  " JOIN prospect p ON p.id = d.prospect_id ORDER BY d.id")  # fmt: skip
    assert got == [("hubspot:company:11", "US plan", "won", 2500000, "2026-10-20 14:00:00.000000"),
                   ("hubspot:company:12", "DE plan", "lost", 800000, "2026-10-22 10:00:00.000000"),
                   ("hubspot:company:13", "Expansion", "open", 1200000, None)]  # fmt: skip
    before = rd.dump()
    for _ in range(2):
        assert "  0 created, 0 changed" in rd("import", str(companies)).out
        assert "  0 created, 0 changed" in rd("import", str(dl), "--owner", "Sam Seller").out
    assert rd.dump() == before
    # a name alone cannot tell the two apart: a bad row naming the candidates
    f = write(tmp_path, "t.csv", "id,company,at,channel,outcome\n1,ACME,2026-11-02 10:00,call,busy\n")
    res = rd("import", str(f), ok=False)
    assert res.code == 3 and "'ACME' could be any of 2 prospects: 1 'Acme'; 2 'Acme'" in res.err


def test_a_same_named_prospect_without_an_id_adopts_it(rd: Runner, tmp_path: Path) -> None:
    rd("prospect", "add", "globex")
    rd("import", str(write(tmp_path, "companies.csv", COMPANIES)))
    assert rd.rows("SELECT id, company, source_id FROM prospect ORDER BY id") == [
        (1, "globex", "hubspot:company:13"), (2, "Acme", "hubspot:company:11"), (3, "Acme", "hubspot:company:12")]  # fmt: skip
    assert "  0 created, 0 changed" in rd("import", str(write(tmp_path, "companies.csv", COMPANIES))).out


def test_contacts_link_by_email_domain(rd: Runner, tmp_path: Path) -> None:
    rd("prospect", "add", "Initech", "--email", "bill@initech.com")
    rd("prospect", "add", "Gmail user", "--email", "someone@gmail.com")
    f = write(tmp_path, "t.csv", "id,email,at,channel,outcome\n"
                                 "1,peter@initech.com,2026-11-02 10:00,call,connected\n"
                                 "2,x@gmail.com,2026-11-02 10:00,call,busy\n")  # fmt: skip
    res = rd("import", str(f), ok=False)
    assert res.code == 3 and res.err == "line 3: no company — import the companies file first\n"
    assert rd.rows("SELECT prospect_id, outcome FROM touch") == [(1, "connected")]


def test_a_file_with_nothing_that_ties_rows_to_a_company_is_refused(rd: Runner, tmp_path: Path) -> None:
    f = write(tmp_path, "d.csv", "Deal Name,Deal Stage,Amount\nA,closedwon,5\n")
    res = rd.fails("import", str(f), "--preset", "hubspot")
    assert (
        "the hubspot preset cannot read this file: HubSpot deals lacks a column that ties a row to a company" in res.err
    )


def test_an_unknown_header_names_what_was_found_and_what_the_nearest_lacks(rd: Runner, tmp_path: Path) -> None:
    f = write(tmp_path, "x.csv", "foo,bar\n1,2\n")
    res = rd.fails("import", str(f))
    assert "no preset reads this file" in res.err and "columns found: 'foo', 'bar'" in res.err


# -- keys, bad rows, atomic, dry run -----------------------------------------------------------

MESSY = (
    "\ufeffid;company;at;channel;outcome;note\r\n"
    "t1;Acme Corp;2026-11-18;call;connected;fine\r\n"
    "t2;acme corp;2026-11-19 09:30;email;sent;\r\n"
    "t3;;2026-11-19;call;busy;no company\r\n"
    "t4;Globex;2026-11-19;call;bounced;a call cannot bounce\r\n"
    "t5;Globex;2030-01-01;call;busy;future\r\n"
    "t1;Globex;2026-11-19;call;busy;repeated id\r\n"
    '"t6";"Initech";"2026-11-18";"visit";"connected";"multi\r\nline note"\r\n'
    "t7;Initech;not a date;call;busy;\r\n"
    "t8;Evil\x1b]0;pwned\x07 [/] [bold];2026-11-18;call;pigeon;\r\n"
)


def test_messy_file_good_rows_in_bad_rows_reported(rd: Runner, tmp_path: Path) -> None:
    f = write(tmp_path, "touches.csv", MESSY)
    rd("config", "show")
    before = rd.dump()
    dry = rd("import", str(f), "--dry-run", ok=False)
    assert dry.code == 3 and "dry run, nothing written; it would be: 5 created" in dry.out
    assert "would create: 2 prospects, 3 touches" in dry.out
    assert rd.dump() == before
    atomic = rd("import", str(f), "--atomic", ok=False)
    assert atomic.code == 2 and rd.dump() == before
    assert "--atomic: 6 bad rows, so nothing was imported" in atomic.err
    res = rd("import", str(f), ok=False)
    assert res.code == 3
    assert res.err.splitlines() == [
        "line 4: no company — import the companies file first",
        "line 5: a call cannot be 'bounced'; call outcomes: no_answer, busy, voicemail, gatekeeper, wrong_number, "
        "connected, not_interested, meeting_booked",
        "line 6: a touch cannot lie in the future (2030-01-01 12:00)",
        "line 7: id 't1' repeated in the file",
        "line 10: at: cannot read the date 'not a date'",
        "line 11: company contains a control character (U+001B)",
    ]
    assert "\x1b" not in res.err + res.out
    got = rd.rows("SELECT p.company, t.at, t.channel, t.outcome, t.note FROM touch t JOIN prospect p ON p.id = t.prospect_id"
                  " ORDER BY t.at")  # fmt: skip
    assert got == [
        ("Acme Corp", "2026-11-18 12:00:00.000000", "call", "connected", "fine"),
        ("Initech", "2026-11-18 12:00:00.000000", "visit", "connected", "multi\nline note"),
        ("Acme Corp", "2026-11-19 09:30:00.000000", "email", "sent", None),
    ]
    assert rd.rows("SELECT company, created_at FROM prospect ORDER BY id") == [
        ("Acme Corp", "2026-11-18 12:00:00.000000"), ("Initech", "2026-11-18 12:00:00.000000")]  # fmt: skip
    again = rd("import", str(f), ok=False)
    assert again.code == 3 and "  0 created, 0 changed, 3 unchanged, 0 skipped, 6 rejected" in again.out
    assert again.err == res.err


def test_hostile_text_is_shown_as_visible_escapes(rd: Runner, tmp_path: Path) -> None:
    f = write(
        tmp_path, "t.csv", "id,company,at,channel,outcome\n1,Evil\x1b[31m [/] \u202e,2026-11-02 10:00,call,pigeon\n"
    )
    res = rd("import", str(f), ok=False)
    assert res.code == 3
    g = write(tmp_path, "d.csv", "id,company,title,value,status\n1,Acme,a,5,op\x1b[2Jen [/]\n")
    res = rd("import", str(g), ok=False)
    assert res.err == "line 2: unknown deal status 'op\\x1b[2Jen [/]'; choose one of: open, won, lost\n"


def test_changed_row_updates_and_existing_company_is_matched(rd: Runner, tmp_path: Path) -> None:
    rd("prospect", "add", "ACME corp", "--industry", "software")
    f = write(
        tmp_path,
        "deals.csv",
        "id,company,value,opened_at,closed_at,status,lost_reason\nd1,Acme Corp,1000,2026-10-01,,open,\n",
    )
    assert "created: 1 deals" in rd("import", str(f)).out
    assert rd.rows("SELECT prospect_id, value_cents, status FROM deal") == [(1, 100000, "open")]
    f.write_text(
        "id,company,value,opened_at,closed_at,status,lost_reason\nd1,Acme Corp,1200,2026-10-01,2026-11-02,lost,price\n"
    )
    assert "  0 created, 1 changed" in rd("import", str(f)).out
    assert rd.rows("SELECT value_cents, status, lost_reason FROM deal") == [(120000, "lost", "price")]
    rd("undo")
    assert rd.rows("SELECT value_cents, status, lost_reason FROM deal") == [(100000, "open", None)]


def test_rows_without_an_id_column_are_keyed_by_what_they_say(rd: Runner, tmp_path: Path) -> None:
    f = write(tmp_path, "d.csv", "company,title,value,opened_at,status\n"
                                 "Acme,Plan,100,2026-10-01 10:00,open\n"
                                 "Acme,Plan,100,2026-10-01 10:00,open\n"
                                 "Acme,Plan,200,2026-10-02 10:00,open\n")  # fmt: skip
    assert "  4 created" in rd("import", str(f)).out
    assert rd.rows("SELECT COUNT(*) FROM deal") == [(3,)]
    assert "  0 created, 0 changed, 3 unchanged" in rd("import", str(f)).out


def test_batches_are_one_undo_action(rd: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import repdesk.io.importers.writer as writer

    monkeypatch.setattr(writer, "BATCH", 3)
    lines = "".join(f"{i},Company {i % 4},2026-11-0{1 + i % 9} 10:00,call,busy\n" for i in range(20))
    f = write(tmp_path, "t.csv", "id,company,at,channel,outcome\n" + lines)
    rd("prospect", "add", "Before")
    rd("import", str(f))
    assert rd.rows("SELECT COUNT(*) FROM touch") == [(20,)] and rd.rows("SELECT COUNT(*) FROM journal") == [(2,)]
    assert rd("undo").out.startswith("undone: import t.csv")
    assert rd.rows("SELECT COUNT(*) FROM touch") == [(0,)] and rd.rows("SELECT company FROM prospect") == [("Before",)]
    rd("redo")
    assert rd.rows("SELECT COUNT(*) FROM touch") == [(20,)] and rd.rows("SELECT COUNT(*) FROM prospect") == [(5,)]


def test_deals_closed_before_they_were_created_open_on_their_close_date(rd: Runner, tmp_path: Path) -> None:
    f = write(tmp_path, "d.csv", "id,company,title,value,opened_at,closed_at,status,lost_reason\n"
                                 "1,Acme,a,5,2024-01-22,2023-06-17,won,\n"
                                 "2,Acme,b,5,2024-01-22,,lost,\n"
                                 "3,Acme,c,5,2024-01-22,2023-07-01,lost,went dark\n")  # fmt: skip
    res = rd("import", str(f), ok=False)
    assert res.err == "line 3: a lost deal without any close date (closed_at is empty)\n"
    assert rd.rows("SELECT opened_at, closed_at, lost_reason FROM deal ORDER BY id") == [
        ("2023-06-17 12:00:00.000000", "2023-06-17 12:00:00.000000", None),
        ("2023-07-01 12:00:00.000000", "2023-07-01 12:00:00.000000", "other")]  # fmt: skip


# -- mapping files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ('kind = "invoices"\n[columns]\ncompany = "a"\n', "kind must be one of"),
        ("kind = \n", "not valid TOML"),
        ('kind = "deals"\nid = 5\n', "id must be a column name or a list of column names"),
        ('kind = "deals"\nday_first = "yes"\n', "day_first must be true or false"),
        ('kind = "deals"\n[columns]\ncompany = 3\n', "must be a column name"),
        ('kind = "deals"\n[columns]\ncolour = "c"\n', "deals have no field colour"),
        ('kind = "deals"\n[values.status]\nWon = 1\n', "must give a text for each value"),
        ('kind = "deals"\ndecimal_mark = ";"\n', 'decimal_mark is "." or ","'),
        ('kind = "deals"\nbogus = 1\n', "unknown key bogus"),
        ('kind = "deals"\n[[skip]]\ncolumn = "x"\n', "gives in or not_in"),
        ('kind_column = "t"\n', "give [kinds]"),
    ],
)  # fmt: skip
def test_bad_mappings_are_one_clear_line(rd: Runner, tmp_path: Path, text: str, message: str) -> None:
    m = write(tmp_path, "bad.toml", text)
    data = write(tmp_path, "d.csv", "company,status\nx,open\n")
    assert message in rd.fails("import", str(data), "--mapping", str(m)).err


def test_a_mapping_with_skip_rules_and_kinds(rd: Runner, tmp_path: Path) -> None:
    m = write(
        tmp_path,
        "m.toml",
        """
kind_column = "Type"
id = "Id"
[kinds]
Call = "touches"
Deal = "deals"
Note = "skip"
[[skip]]
column = "State"
in = ["draft"]
reason = "drafts"
[columns.touches]
company = "Org"
at = "When"
outcome = "Result"
[columns.deals]
company = "Org"
status = "Result"
value = "Amount"
[defaults.touches]
channel = "call"
[values.touches.outcome]
"Got through" = "connected"
[values.deals.status]
"Signed" = "won"
[columns.deals.closed_at]
""".replace("[columns.deals.closed_at]\n", ""),
    )
    f = write(tmp_path, "mixed.csv", "Id,Type,State,Org,When,Result,Amount\n"
                                     "1,Call,,Acme,2026-11-02 10:00,Got through,\n"
                                     "2,Note,,Acme,2026-11-02 10:00,,\n"
                                     "3,Call,draft,Acme,2026-11-02 10:00,Got through,\n"
                                     "4,Deal,,Acme,2026-11-02 10:00,Signed,500\n"
                                     "5,Deal,,Acme,2026-11-02 10:00,Open,500\n")  # fmt: skip
    res = rd("import", str(f), "--mapping", str(m), ok=False)
    assert res.code == 3
    assert "skipped 1: drafts" in res.out and "skipped 1: Type Note" in res.out
    assert "line 5: a won deal without any close date" in res.err
    assert "line 6: unknown status 'Open' in 'Result'" in res.err  # deal values do not leak into touches
    assert rd.rows("SELECT outcome FROM touch") == [("connected",)]


# -- input files ---------------------------------------------------------------------------------


def test_input_files_that_are_not_csv_text(rd: Runner, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,company,at,channel,outcome\n1,Caf\xe9,2026-11-02,call,busy\n".encode("latin-1"))
    assert "line 2: not UTF-8 text" in rd.fails("import", str(latin)).err
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    assert "not a regular file" in rd.fails("import", str(fifo)).err
    assert "not a regular file" in rd.fails("import", "/dev/zero").err
    long = tmp_path / "long.csv"
    long.write_text("id,company,at,channel,outcome\n1,Acme,2026-11-02,call,busy," + "x" * (1024 * 1024 + 10) + "\n")
    assert "line 2: a line longer than 1 MB" in rd.fails("import", str(long)).err
    assert "is a folder" in rd.fails("import", str(tmp_path)).err
    assert "no file" in rd.fails("import", str(tmp_path / "missing.csv")).err
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert "is empty" in rd.fails("import", str(empty)).err


# -- repdesk's own weekly CSV ----------------------------------------------------------------------


def test_round_trip_of_the_weekly_csv(tmp_path: Path) -> None:
    from repdesk.io.demo import generate

    src = tmp_path / "src.db"
    generate(src, weeks=6, seed=11)
    a = Runner(src)
    out = tmp_path / "week.csv"
    a("export", "week", "--week", "2026-W46", "--format", "csv", "-o", str(out))
    b = Runner(tmp_path / "empty.db")
    res = b("import", str(out))
    assert "read as repdesk weekly CSV" in res.out
    fa = a("export", "week", "--week", "2026-W46", "--format", "json").json()
    fb = b("export", "week", "--week", "2026-W46", "--format", "json").json()
    assert fa["touches"] > 50
    for key in ("touches", "hits", "hit_rate", "booked", "booked_rate", "meetings_held", "show_rate", "proposals",
                "won", "won_revenue", "lost", "win_rate", "new_prospects", "by_channel", "weekday", "lost_reasons"):  # fmt: skip
        assert fa[key] == fb[key], key
    again = b("import", str(out), "--preset", "repdesk")
    assert "  0 created, 0 changed" in again.out


# -- the README's worked examples ------------------------------------------------------------------

README_SAMPLES = {
    "prospects": "Org ID;Org;Web;Staff;Since\nO1;Acme;https://acme.example;1.200;13.03.2024\n",
    "touches": "Call;Account;Started;Result;Secs;Agent\nc1;Acme;2026-11-02 10:00;Talked;95;Sam\n"
    "c2;Acme;2026-11-02 11:00;Test call;5;Sam\nc3;Acme;2026-11-02 12:00;Machine;20;Pat\n",
    "meetings": "Event ID;Client;When;Type;Status;Result\ne1;Acme;2026-11-03 10:00;Intro;Done;Next step agreed\n"
    "e2;Acme;2026-11-27 10:00;Demo;Planned;\n",
    "deals": "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n"
    "X1,Sam,GTX,Acme,Won,2026-01-02,2026-02-03,1054\nX2,Sam,GTX,Acme,Engaging,2026-03-02,,\n",
}


def test_the_readme_mapping_examples_work(rd: Runner, tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme[readme.index("### The mapping file") :]
    blocks = [b.split("```", 1)[0] for b in section.split("```toml\n")[1:]]
    kinds = [b.split(" — ", 1)[0].removeprefix("# ") for b in blocks]
    assert kinds == ["prospects", "touches", "meetings", "deals"]
    for kind, block in zip(kinds, blocks, strict=True):
        m = write(tmp_path, f"{kind}.toml", block)
        f = write(tmp_path, f"{kind}.csv", README_SAMPLES[kind])
        rd("import", str(f), "--mapping", str(m), *(["--owner", "Sam"] if kind == "touches" else []))
    got = [
        (c, w, e, str(at)[:10])
        for c, w, e, at in rd.rows("SELECT company, website, employees, created_at FROM prospect")
    ]
    assert got == [("Acme", "https://acme.example", 1200, "2024-03-13")]
    assert rd.rows("SELECT outcome, minutes FROM touch") == [("connected", 2)]
    assert rd.rows("SELECT kind, status, outcome FROM meeting ORDER BY id") == [
        ("first", "held", "advanced"), ("demo", "scheduled", None)]  # fmt: skip
    assert rd.rows("SELECT status, value_cents FROM deal ORDER BY id") == [("won", 105400), ("open", 0)]
