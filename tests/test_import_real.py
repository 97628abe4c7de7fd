"""Real CRM exports, as the CRMs wrote them, imported with their preset and with none.

Every expected figure is computed here from the file with the csv module, never by repdesk. The files
live in ../shared/data (never copied into the project); the tests skip where that folder is absent.
"""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import Result, Runner, shared_data

HUBSPOT = ("crm", "hubspot", "finance-reporting")
SALESFORCE = ("crm", "salesforce", "data-cloud-workshop")
DYNAMICS = ("crm", "dynamics", "d365-demo-generator")


def rows_of(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def cents(text: str) -> int:
    return int(Decimal(text or "0") * 100)


def imported(rd: Runner, path: Path, preset: str | None, code: int = 0) -> Result:
    res = rd("import", str(path), *(["--preset", preset] if preset else []), ok=False)
    assert res.code == code, res
    return res


def assert_nothing_new(rd: Runner, path: Path, preset: str | None, code: int = 0, err: str = "") -> None:
    """A second run creates and changes nothing, and rejects the same rows."""
    before = rd.dump()
    again = imported(rd, path, preset, code)
    assert "  0 created, 0 changed," in again.out, again.out
    assert again.err == err
    assert rd.dump() == before


@pytest.mark.parametrize("preset", ["hubspot", None])
def test_hubspot_companies(rd: Runner, preset: str | None) -> None:
    path = shared_data(*HUBSPOT, "companies.csv")
    rows = rows_of(path)
    res = imported(rd, path, preset)
    assert "read as HubSpot companies" in res.out
    assert f"  {len(rows):,} created, 0 changed, 0 unchanged, 0 skipped, 0 rejected" in res.out
    # a company with no name but a domain is named by its domain
    names = Counter((r["name"] or r["domain"]).casefold() for r in rows)
    got = Counter(name.casefold() for (name,) in rd.rows("SELECT company FROM prospect"))
    assert got == names
    assert got["nestle"] == 7  # same name, different HubSpot ids: seven prospects
    ids = {f"hubspot:company:{r['hs_object_id']}": r for r in rows}
    stored = dict(rd.rows("SELECT source_id, created_at FROM prospect"))
    assert set(stored) == set(ids)
    for sid in list(ids)[:50]:
        created = ids[sid]["createdate"]  # 2023-07-17T22:18:17.011Z
        assert stored[sid].startswith(created[:10] + " " + created[11:19]), sid
    assert_nothing_new(rd, path, preset)


@pytest.mark.parametrize("preset", ["hubspot", None])
def test_hubspot_deals_without_a_company_column_are_refused(rd: Runner, preset: str | None) -> None:
    path = shared_data(*HUBSPOT, "deals.csv")
    rd("config", "show")
    before = rd.dump()
    res = rd.fails("import", str(path), *(["--preset", preset] if preset else []))
    assert "HubSpot deals" in res.err and "lacks a column that ties a row to a company" in res.err
    assert "Associated Company" in res.err and "'dealstage'" in res.err
    assert rd.dump() == before


def salesforce_expected() -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    return (rows_of(shared_data(*SALESFORCE, "Account.csv")), rows_of(shared_data(*SALESFORCE, "Opportunity.csv")),
            rows_of(shared_data(*SALESFORCE, "Task.csv")))  # fmt: skip


@pytest.mark.parametrize("preset", ["salesforce", None])
def test_salesforce_accounts_opportunities_and_tasks(rd: Runner, preset: str | None) -> None:
    accounts, opps, tasks = salesforce_expected()
    acc_path, opp_path, task_path = (
        shared_data(*SALESFORCE, f) for f in ("Account.csv", "Opportunity.csv", "Task.csv")
    )
    res = imported(rd, acc_path, preset)
    assert f"  {len(accounts)} created, 0 changed" in res.out and "Salesforce accounts" in res.out
    res = imported(rd, opp_path, preset)
    assert f"  {len(opps)} created, 0 changed" in res.out and "Salesforce opportunities" in res.out
    res = imported(rd, task_path, preset)
    subtypes = Counter(t["TaskSubtype"] for t in tasks)
    assert subtypes == {"Task": 75}
    assert "  0 created, 0 changed, 0 unchanged, 75 skipped, 0 rejected" in res.out
    assert "  skipped 75: TaskSubtype Task" in res.out

    # each deal belongs to the account with its AccountId
    name_of = {a["Id"]: a["Name"] for a in accounts}
    expected = sorted((name_of[o["AccountId"]], o["Name"]) for o in opps)
    got = sorted(rd.rows("SELECT p.company, d.title FROM deal d JOIN prospect p ON p.id = d.prospect_id"))
    assert got == expected
    status = Counter("won" if o["IsWon"] == "1" else "lost" if o["IsClosed"] == "1" else "open" for o in opps)
    assert dict(rd.rows("SELECT status, COUNT(*) FROM deal GROUP BY status")) == status
    assert status == {"won": 12, "lost": 3, "open": 35}
    won = sum(cents(o["Amount"]) for o in opps if o["IsWon"] == "1")
    assert rd.rows("SELECT SUM(value_cents) FROM deal WHERE status = 'won'") == [(won,)]
    # closed in 2023, created in 2024 (loaded after the fact): opened on the close date
    closed = {o["Name"]: o["CloseDate"] for o in opps if o["IsClosed"] == "1"}
    for title, opened, closed_at in rd.rows("SELECT title, opened_at, closed_at FROM deal WHERE status != 'open'"):
        assert closed_at.startswith(closed[title]) and opened == closed_at
    assert rd.rows("SELECT COUNT(*) FROM deal WHERE status = 'open' AND closed_at IS NOT NULL") == [(0,)]

    for path in (acc_path, opp_path, task_path):
        assert_nothing_new(rd, path, preset)


def test_salesforce_opportunities_before_their_accounts(rd: Runner) -> None:
    _, opps, _ = salesforce_expected()
    res = imported(rd, shared_data(*SALESFORCE, "Opportunity.csv"), None, code=3)
    lines = res.err.splitlines()
    assert len(lines) == len(opps)
    assert all("import the companies file first" in line for line in lines)
    assert (
        lines[0]
        == f"line 2: no prospect holds the company id '{opps[0]['AccountId']}' — import the companies file first"
    )
    assert rd.rows("SELECT COUNT(*) FROM deal") == [(0,)]


@pytest.mark.parametrize("preset", ["dynamics", None])
def test_dynamics_accounts_and_opportunities(rd: Runner, preset: str | None) -> None:
    acc_path, opp_path = shared_data(*DYNAMICS, "Account.csv"), shared_data(*DYNAMICS, "Opportunity.csv")
    accounts, opps = rows_of(acc_path), rows_of(opp_path)
    res = imported(rd, acc_path, preset)
    assert f"  {len(accounts)} created, 0 changed" in res.out and "Dynamics 365 accounts" in res.out

    # a won or lost deal without any close date is a bad row, reported with its physical line
    bad = [i + 2 for i, o in enumerate(opps) if o["Status"] in ("Won", "Lost") and not o["Actual Close Date"]]
    assert len(bad) == 45
    res = imported(rd, opp_path, preset, code=3)
    assert "Dynamics 365 opportunities" in res.out
    good = [o for o in opps if not (o["Status"] in ("Won", "Lost") and not o["Actual Close Date"])]
    assert f"  {len(good):,} created, 0 changed, 0 unchanged, 0 skipped, 45 rejected" in res.out
    err_lines = res.err.splitlines()
    assert [int(x.split(":")[0].removeprefix("line ")) for x in err_lines] == bad
    assert all(x.endswith("a lost deal without any close date (Actual Close Date is empty)") for x in err_lines)

    status = Counter(o["Status"].lower() for o in good)
    assert dict(rd.rows("SELECT status, COUNT(*) FROM deal GROUP BY status")) == status
    won = sum(cents(o["Actual Revenue"]) for o in good if o["Status"] == "Won")
    assert rd.rows("SELECT SUM(value_cents) FROM deal WHERE status = 'won'") == [(won,)]
    # every deal belongs to its Potential Customer, one of the 33 accounts (no new prospect)
    assert rd.rows("SELECT COUNT(*) FROM prospect") == [(len(accounts),)]
    per_company = Counter(o["Potential Customer"] for o in good)
    got = dict(rd.rows("SELECT p.company, COUNT(*) FROM deal d JOIN prospect p ON p.id = d.prospect_id GROUP BY 1"))
    assert got == per_company
    # M/D/YYYY: month-first, decided from the values (many second numbers above 12)
    first_won = next(o for o in good if o["Status"] == "Won")
    month, day, year = first_won["Actual Close Date"].split("/")
    closed = rd.rows("SELECT closed_at FROM deal WHERE status = 'won' ORDER BY id LIMIT 1")[0][0]
    assert closed.startswith(f"{year}-{int(month):02d}-{int(day):02d}")

    assert_nothing_new(rd, acc_path, preset)
    assert_nothing_new(rd, opp_path, preset, code=3, err=res.err)


MAVEN_MAPPING = """
kind = "deals"
id = "opportunity_id"
owner = "sales_agent"

[columns]
company = "account"
title = "product"
value = "close_value"
opened_at = "engage_date"
closed_at = "close_date"
status = "deal_stage"

[values.status]
Won = "won"
Lost = "lost"
Engaging = "open"
Prospecting = "open"
"""


def test_maven_pipeline_with_a_mapping(rd: Runner, tmp_path: Path) -> None:
    path = shared_data("maven_crm", "sales_pipeline.csv")
    mapping = tmp_path / "maven.toml"
    mapping.write_text(MAVEN_MAPPING)
    rows = rows_of(path)
    good = [r for r in rows if r["account"]]
    res = rd("import", str(path), "--mapping", str(mapping), ok=False)
    assert res.code == 3
    assert f"  {len(good) + len({r['account'] for r in good}):,} created, 0 changed" in res.out
    blank = [i + 2 for i, r in enumerate(rows) if not r["account"]]
    assert [int(x.split(":")[0].removeprefix("line ")) for x in res.err.splitlines()] == blank
    assert rd.rows("SELECT COUNT(*) FROM deal") == [(len(good),)]
    expected = Counter({"Won": "won", "Lost": "lost"}.get(r["deal_stage"], "open") for r in good)
    assert dict(rd.rows("SELECT status, COUNT(*) FROM deal GROUP BY status")) == expected
    revenue = sum(int(r["close_value"]) for r in good if r["deal_stage"] == "Won")
    assert rd.rows("SELECT SUM(value_cents) FROM deal WHERE status = 'won'") == [(100 * revenue,)]
    again = rd("import", str(path), "--mapping", str(mapping), ok=False)
    assert "  0 created, 0 changed," in again.out and again.err == res.err
    assert rd("undo").out.startswith("undone: import")  # the whole import; the second run wrote nothing
    assert rd.rows("SELECT COUNT(*) FROM deal") == [(0,)] and rd.rows("SELECT COUNT(*) FROM prospect") == [(0,)]


def test_maven_file_alone_is_not_recognised(rd: Runner) -> None:
    path = shared_data("maven_crm", "sales_pipeline.csv")
    res = rd.fails("import", str(path))
    assert "no preset reads this file" in res.err and "'opportunity_id'" in res.err and "'deal_stage'" in res.err
