"""Read models for prospects: the list with stage and ICP grade, and one prospect in full.

Plain objects for the commands, the app and the exporters; printing helpers for the shell.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import tzinfo
from typing import Any

from repdesk.icp import fit_of
from repdesk.service import major, record
from repdesk.store import Store
from repdesk.timeutil import iso_local, now_utc, to_db

PROSPECT_LIST_SQL = """
SELECT p.*,
  (SELECT MAX(t.at) FROM touch t WHERE t.prospect_id = p.id) AS last_touch,
  (SELECT MIN(m.at) FROM meeting m WHERE m.prospect_id = p.id AND m.status = 'scheduled' AND m.at >= :now)
    AS next_meeting,
  (SELECT COUNT(*) FROM meeting m WHERE m.prospect_id = p.id AND m.status IN ('held', 'scheduled')) AS meetings,
  (SELECT COALESCE(SUM(d.value_cents), 0) FROM deal d WHERE d.prospect_id = p.id AND d.status = 'open')
    AS open_value_cents,
  (SELECT COUNT(*) FROM deal d WHERE d.prospect_id = p.id AND d.status = 'open') AS open_deals,
  (SELECT COUNT(*) FROM deal d WHERE d.prospect_id = p.id AND d.status = 'open' AND d.proposal_at IS NOT NULL)
    AS proposals_out,
  (SELECT COALESCE(SUM(d.value_cents), 0) FROM deal d WHERE d.prospect_id = p.id AND d.status = 'won')
    AS lifetime_cents,
  (SELECT COUNT(*) FROM deal d WHERE d.prospect_id = p.id AND d.status = 'won') AS won_deals
FROM prospect p
"""


def stage_of(row: Any) -> str:
    """Where a prospect stands: new, contacted, meeting, deal, proposal, customer or churned."""
    if row["won_deals"] and row["churned_at"]:
        return "churned"
    if row["proposals_out"]:
        return "proposal"
    if row["open_deals"]:
        return "deal"
    if row["won_deals"]:
        return "customer"
    if row["meetings"]:
        return "meeting"
    if row["last_touch"]:
        return "contacted"
    return "new"


def icp_grades(store: Store, prospects: list[Any]) -> dict[int, dict[str, Any]]:
    """The ICP checklist of each of these prospects, by id (empty when there are no criteria)."""
    criteria = store.all("SELECT * FROM icp_criterion ORDER BY id")
    if not criteria:
        return {}
    answers: dict[int, dict[int, bool]] = defaultdict(dict)
    for a in store.all("SELECT prospect_id, criterion_id, value FROM icp_answer"):
        answers[a["prospect_id"]][a["criterion_id"]] = bool(a["value"])
    return {p["id"]: fit_of(criteria, p, answers[p["id"]]) for p in prospects}


def prospect_rows(
    store: Store, tz: tzinfo, *, include_archived: bool = False, search: str | None = None
) -> list[dict[str, Any]]:
    """Every prospect with its stage, ICP grade, last touch, next meeting and open deal value."""
    where = "1" if include_archived else "p.archived = 0"
    params: dict[str, Any] = {"now": to_db(now_utc())}
    needle = (search or "").strip()
    order = " ORDER BY p.company COLLATE NOCASE"
    if needle and needle.isascii():
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["like"] = f"%{escaped}%"
        match = " AND (p.company LIKE :like ESCAPE '\\' OR p.contact LIKE :like ESCAPE '\\')"
        rows = store.all(PROSPECT_LIST_SQL + " WHERE " + where + match + order, params)
    else:
        rows = store.all(PROSPECT_LIST_SQL + " WHERE " + where + order, params)
        if needle:  # LIKE folds ASCII letters only: other scripts are matched here
            folded = needle.casefold()
            rows = [r for r in rows if folded in f"{r['company']} {r['contact'] or ''}".casefold()]
    grades = icp_grades(store, rows)
    out = []
    for r in rows:
        icp = grades.get(r["id"])
        out.append(
            {
                "id": r["id"],
                "company": r["company"],
                "contact": r["contact"],
                "industry": r["industry"],
                "stage": stage_of(r),
                "icp_grade": icp["grade"] if icp else None,
                "icp_fit": icp["fit"] if icp else None,
                "last_touch": iso_local(r["last_touch"], tz),
                "next_meeting": iso_local(r["next_meeting"], tz),
                "open_value": major(r["open_value_cents"]),
                "lifetime_value": major(r["lifetime_cents"]),
                "archived": bool(r["archived"]),
            }
        )
    return out


def prospect_detail(store: Store, p: Any, tz: tzinfo) -> dict[str, Any]:
    """One prospect with its touches, meetings, deals, lifetime value and ICP checklist."""
    from repdesk.service import icp_checklist

    pid = p["id"]
    out = record("prospect", p, tz)
    out["touches"] = [
        record("touch", r, tz) for r in store.all("SELECT * FROM touch WHERE prospect_id = ? ORDER BY at", (pid,))
    ]
    out["meetings"] = [
        record("meeting", r, tz) for r in store.all("SELECT * FROM meeting WHERE prospect_id = ? ORDER BY at", (pid,))
    ]
    out["deals"] = [
        record("deal", r, tz) for r in store.all("SELECT * FROM deal WHERE prospect_id = ? ORDER BY opened_at", (pid,))
    ]
    out["lifetime_value"] = major(
        store.scalar("SELECT COALESCE(SUM(value_cents), 0) FROM deal WHERE prospect_id = ? AND status = 'won'", (pid,))
    )
    out["icp"] = icp_checklist(store, p)
    return out


def prospect_cells(r: dict[str, Any]) -> tuple[str, ...]:
    """A prospect row as table cells: company, contact, stage, ICP grade, last touch, next meeting."""
    return (
        r["company"],
        r["contact"] or "",
        r["stage"],
        r["icp_grade"] or "–",
        (r["last_touch"] or "")[:10],
        (r["next_meeting"] or "")[:16].replace("T", " "),
    )


def describe_rule(c: Any) -> str:
    """A criterion's rule in words."""
    import json

    if c["rule"] == "manual":
        return "manual (answer per prospect)"
    if c["rule"] == "min_seniority":
        return f"seniority ≥ {c['level']}"
    if c["rule"] == "choice":
        return f"{c['field']} in {', '.join(json.loads(c['choices']))}"
    lo = "" if c["min_value"] is None else f"{c['min_value']:g} ≤ "
    hi = "" if c["max_value"] is None else f" ≤ {c['max_value']:g}"
    return f"{lo}{c['field']}{hi}"


def console() -> Any:
    """A Rich console; when output is piped, wide enough that no table row folds."""
    import sys

    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 400)


def money_text(value: float | int | None, currency: str) -> str:
    """Money for people: ``USD 25,000``."""
    if value is None:
        return "—"
    return f"{currency} {value:,.0f}" if float(value).is_integer() else f"{currency} {value:,.2f}"


def print_prospects(rows: list[dict[str, Any]], currency: str) -> None:
    """The prospect list as a table."""
    from rich.table import Table

    if not rows:
        print('no prospects yet: repdesk prospect add "Acme Corp" --contact "Jane Doe"')
        return
    t = Table(box=None, header_style="bold")
    for col in ("id", "company", "contact", "stage", "ICP", "last touch", "next meeting", "open value"):
        t.add_column(col, justify="right" if col in ("id", "open value") else "left", overflow="fold")
    for r in rows:
        t.add_row(str(r["id"]), *prospect_cells(r), money_text(r["open_value"], currency) if r["open_value"] else "")
    console().print(t)


def print_prospect(d: dict[str, Any], currency: str) -> None:
    """One prospect with its timeline."""
    con = console()
    con.print(f"[bold]{d['company']}[/bold]  (id {d['id']})", markup=True, highlight=False)
    for key in ("contact", "title", "seniority", "email", "phone", "website", "industry", "employees", "region",
                "source", "pain_points", "notes", "created_at", "churned_at"):  # fmt: skip
        if d.get(key) not in (None, ""):
            con.print(f"  {key.replace('_', ' '):<12} {d[key]}", markup=False, highlight=False)
    con.print(f"  lifetime     {money_text(d['lifetime_value'], currency)}", highlight=False)
    icp = d["icp"]
    if icp["fit"] is not None:
        con.print(
            f"  ICP          {icp['grade']} ({icp['fit']:.0%})  ✓ {', '.join(icp['met']) or '—'}  "
            f"✗ {', '.join(icp['failed']) or '—'}  ? {', '.join(icp['unknown']) or '—'}",
            markup=False,
            highlight=False,
        )
    events: list[tuple[str, str]] = []
    for t in d["touches"]:
        events.append(
            (t["at"], f"touch #{t['id']}  {t['channel']} {t['outcome']}" + (f" — {t['note']}" if t["note"] else ""))
        )
    for m in d["meetings"]:
        extra = f" → {m['outcome']}" if m["outcome"] else ""
        events.append((m["at"], f"meeting #{m['id']}  {m['kind']} {m['status']}{extra}"))
    for dl in d["deals"]:
        events.append(
            (dl["opened_at"], f"deal #{dl['id']}  opened {money_text(dl['value'], currency)} {dl['title'] or ''}")
        )
        if dl["proposal_at"]:
            events.append((dl["proposal_at"], f"deal #{dl['id']}  proposal sent"))
        if dl["closed_at"]:
            events.append((dl["closed_at"], f"deal #{dl['id']}  {dl['status']} {dl['lost_reason'] or ''}"))
    if events:
        con.print("  timeline", highlight=False)
    for at, text in sorted(events):
        con.print(f"    {at[:16].replace('T', ' ')}  {text}", markup=False, highlight=False)


def print_checklist(store: Store, p: Any, check: dict[str, Any]) -> None:
    """An ICP checklist for the shell."""
    criteria = store.all("SELECT * FROM icp_criterion ORDER BY id")
    if not criteria:
        print('no ICP criteria yet: repdesk icp add "Industry" --field industry --in software,fintech')
        return
    print(f"{p['company']}: grade {check['grade']} ({check['fit']:.0%} of {len(criteria)} criteria met)")
    marks = {k: "✓" for k in check["met"]} | {k: "✗" for k in check["failed"]} | {k: "?" for k in check["unknown"]}
    for c in criteria:
        print(f"  {marks[c['key']]} {c['label']:<28} {describe_rule(c)}")
    if check["unknown"]:
        print(f"  research to do: {', '.join(check['unknown'])}")
