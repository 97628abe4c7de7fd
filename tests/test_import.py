"""Import from CRM exports: real data checked with the csv module, messy files, idempotence, errors."""

from __future__ import annotations

import csv
import statistics
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import DATA, Runner

MAVEN = DATA / "maven_sales_pipeline.csv"
MAVEN_MAPPING = """
kind = "deals"                 # or "touches", "meetings", "prospects"
id = "opportunity_id"          # the source's id of a row, for idempotent re-import
owner = "sales_agent"          # the column that --owner filters on
date_format = "%Y-%m-%d"       # strptime format, when dates are not ISO

[columns]                      # repdesk field = CSV column
company = "account"
title = "product"
value = "close_value"
opened_at = "engage_date"
closed_at = "close_date"
status = "deal_stage"

[values.status]                # CSV value = repdesk value
Won = "won"
Lost = "lost"
Engaging = "open"
Prospecting = "open"
"""


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    p = tmp_path / "maven.toml"
    p.write_text(MAVEN_MAPPING)
    return p


def maven_rows(agent: str | None = None) -> list[dict[str, str]]:
    with open(MAVEN, newline="") as fh:
        return [r for r in csv.DictReader(fh) if agent is None or r["sales_agent"] == agent]


@pytest.mark.parametrize("agent", ["Darcel Schlecht", "Moses Frase", "Maureen Marcano"])
def test_maven_agent_matches_the_csv(rd: Runner, mapping: Path, agent: str) -> None:
    rows = maven_rows(agent)
    closed = [r for r in rows if r["deal_stage"] in ("Won", "Lost")]
    won = [r for r in closed if r["deal_stage"] == "Won"]
    lost = [r for r in closed if r["deal_stage"] == "Lost"]
    bad_expected = sum(1 for r in rows if not r["account"])
    year_ago = date(2017, 12, 31) - timedelta(days=364)
    won_year = [int(r["close_value"]) for r in won if date.fromisoformat(r["close_date"]) >= year_ago]
    cycles = [(date.fromisoformat(r["close_date"]) - date.fromisoformat(r["engage_date"])).days for r in won]

    res = rd("import", str(MAVEN), "--mapping", str(mapping), "--owner", agent, ok=False)
    assert res.code == (3 if bad_expected else 0), res
    assert res.err.count("no company") == bad_expected
    r = rd("review", "--as-of", "2017-12-31", "--days", "500", "--json").json()
    assert (r["won"], r["lost"]) == (len(won), len(lost))
    assert r["win_rate"] == pytest.approx(len(won) / len(closed), abs=1e-6)
    assert r["avg_deal"] == pytest.approx(sum(won_year) / len(won_year), abs=0.01)
    assert r["cycle_days"] == statistics.median(cycles)
    assert r["won_revenue"] == sum(int(x["close_value"]) for x in won)
    # re-importing the same file creates nothing
    before = rd.dump()
    again = rd("import", str(MAVEN), "--mapping", str(mapping), "--owner", agent, ok=False)
    assert "created: nothing" in again.out and "updated: nothing" in again.out
    assert rd.dump() == before


def test_maven_all_agents_totals(rd: Runner, mapping: Path) -> None:
    rows = maven_rows()
    good = [r for r in rows if r["account"]]
    res = rd("import", str(MAVEN), "--mapping", str(mapping), ok=False)
    assert res.code == 3
    err_lines = res.err.strip().splitlines()
    assert len(err_lines) == len(rows) - len(good)
    assert rd.rows("SELECT COUNT(*) FROM deal") == [(len(good),)]
    assert rd.rows("SELECT COUNT(*) FROM prospect") == [(len({r["account"] for r in good}),)]
    by_status = dict(rd.rows("SELECT status, COUNT(*) FROM deal GROUP BY status"))
    expected = {"won": 0, "lost": 0, "open": 0}
    for r in good:
        expected[{"Won": "won", "Lost": "lost"}.get(r["deal_stage"], "open")] += 1
    assert by_status == {k: v for k, v in expected.items() if v}
    revenue = rd.rows("SELECT SUM(value_cents) FROM deal WHERE status = 'won'")[0][0]
    assert revenue == 100 * sum(int(r["close_value"]) for r in good if r["deal_stage"] == "Won")
    # every bad row is reported with its physical line number (header is line 1)
    with open(MAVEN, newline="") as fh:
        blank = [i + 2 for i, r in enumerate(csv.DictReader(fh)) if not r["account"]]
    assert [int(x.split(":")[0].split()[1]) for x in err_lines] == blank
    assert rd("undo").out.startswith("undone: import")
    assert rd.rows("SELECT COUNT(*) FROM deal") == [(0,)] and rd.rows("SELECT COUNT(*) FROM prospect") == [(0,)]


MESSY = (
    "\ufeffid;company;at;channel;outcome;note\r\n"
    "t1;Acme Corp;11/18/2026;call;connected;fine\r\n"
    "t2;acme corp;2026-11-19 09:30;email;sent;\r\n"
    "t3;;2026-11-19;call;busy;no company\r\n"
    "t4;Globex;2026-11-19;call;bounced;a call cannot bounce\r\n"
    "t5;Globex;2030-01-01;call;busy;future\r\n"
    "t1;Globex;2026-11-19;call;busy;repeated id\r\n"
    '"t6";"Initech";"2026-11-18";"visit";"connected";"multi\r\nline note"\r\n'
    "t7;Initech;not a date;call;busy;\r\n"
)


def test_messy_file_good_rows_in_bad_rows_reported(rd: Runner, tmp_path: Path) -> None:
    f = tmp_path / "touches.csv"
    f.write_bytes(MESSY.encode("utf-8"))
    rd("config", "show")  # the database exists, empty
    before = rd.dump()
    dry = rd("import", str(f), "--dry-run", ok=False)
    assert dry.code == 3 and "would create: 2 prospects, 3 touches" in dry.out
    assert rd.dump() == before  # a dry run writes nothing
    atomic = rd("import", str(f), "--atomic", ok=False)
    assert atomic.code == 2 and rd.dump() == before
    res = rd("import", str(f), ok=False)
    assert res.code == 3
    lines = res.err.strip().splitlines()
    assert lines == [
        "line 4: no company",
        "line 5: a call cannot be 'bounced'; call outcomes: no_answer, busy, voicemail, gatekeeper, wrong_number, "
        "connected, not_interested, meeting_booked",
        "line 6: a touch cannot lie in the future (2030-01-01 12:00)",
        "line 7: source id 't1' repeated in the file",
        "line 10: at: cannot read the date 'not a date'",
    ]
    got = rd.rows("SELECT p.company, t.at, t.channel, t.outcome, t.note FROM touch t JOIN prospect p ON p.id = t.prospect_id"
                  " ORDER BY t.at")  # fmt: skip
    assert got == [
        ("Acme Corp", "2026-11-18 12:00:00.000000", "call", "connected", "fine"),
        ("Initech", "2026-11-18 12:00:00.000000", "visit", "connected", "multi\nline note"),
        ("Acme Corp", "2026-11-19 09:30:00.000000", "email", "sent", None),
    ]
    # the prospects created from the rows start on their earliest row
    assert rd.rows("SELECT company, created_at FROM prospect ORDER BY id") == [
        ("Acme Corp", "2026-11-18 12:00:00.000000"), ("Initech", "2026-11-18 12:00:00.000000")]  # fmt: skip


def test_changed_row_updates_and_existing_company_is_matched(rd: Runner, tmp_path: Path) -> None:
    rd("prospect", "add", "ACME corp", "--industry", "software")
    f = tmp_path / "deals.csv"
    f.write_text("id,company,value,opened_at,closed_at,status,lost_reason\n"
                 "d1,Acme Corp,1000,2026-10-01,,open,\n")  # fmt: skip
    assert "created: 1 deals" in rd("import", str(f)).out
    assert rd.rows("SELECT prospect_id, value_cents, status FROM deal") == [(1, 100000, "open")]
    f.write_text("id,company,value,opened_at,closed_at,status,lost_reason\n"
                 "d1,Acme Corp,1200,2026-10-01,2026-11-02,lost,price\n")  # fmt: skip
    assert "updated: 1 deals" in rd("import", str(f)).out
    assert rd.rows("SELECT value_cents, status, lost_reason FROM deal") == [(120000, "lost", "price")]
    rd("undo")
    assert rd.rows("SELECT value_cents, status, lost_reason FROM deal") == [(100000, "open", None)]


def test_unknown_value_is_reported_not_guessed(rd: Runner, tmp_path: Path, mapping: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n"
                 "X1,Ann,GTX,Acme,Won,2017-01-02,2017-02-03,100\n"
                 "X2,Ann,GTX,Acme,Pending,2017-01-02,,\n")  # fmt: skip
    res = rd("import", str(f), "--mapping", str(mapping), ok=False)
    assert res.code == 3 and "line 3: unknown status 'Pending'" in res.err
    assert rd.rows("SELECT COUNT(*) FROM deal") == [(1,)]


def test_bad_mapping_and_file(rd: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('kind = "invoices"\n[columns]\ncompany = "a"\n')
    data = tmp_path / "d.csv"
    data.write_text("a\nx\n")
    assert "kind must be one of" in rd.fails("import", str(data), "--mapping", str(bad)).err
    bad.write_text("kind = \n")
    assert "not valid TOML" in rd.fails("import", str(data), "--mapping", str(bad)).err
    assert "no file" in rd.fails("import", str(tmp_path / "missing.csv")).err
    assert "lacks the columns" in rd.fails("import", str(data)).err


HUBSPOT_DEALS = """Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Associated Company,Deal owner,Closed Lost Reason
101,Annual plan,Closed Won,25000,2026-10-20 14:00,2026-09-01 09:00,Acme Corp,Sam Seller,
102,Pilot,Closed Lost,8000,2026-10-22 10:00,2026-09-10 09:00,Globex,Sam Seller,Price
103,Expansion,Contract Sent,12000,2026-12-15 10:00,2026-10-01 09:00,Acme Corp,Sam Seller,
104,Other rep's deal,Closed Won,5000,2026-10-22 10:00,2026-09-10 09:00,Initech,Pat Other,
"""
HUBSPOT_CALLS = """Record ID,Activity date,Call outcome,Associated Company,Activity assigned to,Call notes
c1,2026-11-02 10:00,Connected,Acme Corp,Sam Seller,talked budget
c2,2026-11-02 11:00,Left voicemail,Globex,Sam Seller,
c3,2026-11-03 11:00,No answer,Globex,Sam Seller,
"""
SALESFORCE = """Opportunity ID,Opportunity Name,Account Name,Amount,Stage,Created Date,Close Date,Opportunity Owner,Loss Reason
006A,Big deal,Acme Corp,"40,000.00",Closed Won,9/1/2026,10/15/2026,Sam Seller,
006B,Small deal,Globex,"4,000.00",Closed Lost,9/3/2026,10/20/2026,Sam Seller,
006C,Open deal,Globex,"9,000.00",Negotiation/Review,9/5/2026,12/20/2026,Sam Seller,
"""
PIPEDRIVE = """Deal - ID,Deal - Title,Deal - Value,Deal - Status,Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Organization,Deal - Owner,Deal - Lost reason
1,Deal A,1000,Won,2026-09-01 10:00:00,2026-10-01 10:00:00,,Acme Corp,Sam,
2,Deal B,2000,Lost,2026-09-01 10:00:00,,2026-10-05 10:00:00,Globex,Sam,
"""


@pytest.mark.parametrize(
    "preset, text, owner, expected",
    [
        ("hubspot", HUBSPOT_DEALS, "Sam Seller", [("Acme Corp", "won", 2500000), ("Globex", "lost", 800000),
                                                  ("Acme Corp", "open", 1200000)]),
        ("salesforce", SALESFORCE, None, [("Acme Corp", "won", 4000000), ("Globex", "lost", 400000),
                                          ("Globex", "open", 900000)]),
        ("pipedrive", PIPEDRIVE, None, [("Acme Corp", "won", 100000), ("Globex", "lost", 200000)]),
    ],
)  # fmt: skip
def test_presets_for_deals(rd: Runner, tmp_path: Path, preset: str, text: str, owner: str | None, expected) -> None:
    f = tmp_path / f"{preset}.csv"
    f.write_text(text)
    rd("import", str(f), "--preset", preset, *(["--owner", owner] if owner else []))
    got = rd.rows("SELECT p.company, d.status, d.value_cents FROM deal d JOIN prospect p ON p.id = d.prospect_id"
                  " ORDER BY d.id")  # fmt: skip
    assert got == expected
    lost = rd.rows("SELECT lost_reason, closed_at FROM deal WHERE status = 'lost'")
    assert lost[0][0] in ("price", "other") and lost[0][1] is not None
    assert rd.rows("SELECT closed_at FROM deal WHERE status = 'open'") in ([], [(None,)])


def test_hubspot_calls(rd: Runner, tmp_path: Path) -> None:
    f = tmp_path / "calls.csv"
    f.write_text(HUBSPOT_CALLS)
    rd("import", str(f), "--preset", "hubspot")
    assert rd.rows("SELECT channel, outcome, note FROM touch ORDER BY at") == [
        ("call", "connected", "talked budget"), ("call", "voicemail", None), ("call", "no_answer", None)]  # fmt: skip


def test_round_trip_of_the_weekly_csv(tmp_path: Path) -> None:
    from repdesk.io.demo import generate

    src = tmp_path / "src.db"
    generate(src, weeks=6, seed=11)
    a = Runner(src)
    out = tmp_path / "week.csv"
    a("export", "week", "--week", "2026-W46", "--format", "csv", "-o", str(out))
    b = Runner(tmp_path / "empty.db")
    b("import", str(out))
    fa = a("export", "week", "--week", "2026-W46", "--format", "json").json()
    fb = b("export", "week", "--week", "2026-W46", "--format", "json").json()
    assert fa["touches"] > 50
    for key in ("touches", "hits", "hit_rate", "booked", "booked_rate", "meetings_held", "show_rate", "proposals",
                "won", "won_revenue", "lost", "win_rate", "new_prospects", "by_channel", "weekday", "lost_reasons"):  # fmt: skip
        assert fa[key] == fb[key], key
    again = b("import", str(out))
    assert "created: nothing" in again.out
