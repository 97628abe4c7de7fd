"""Prospects as the list, the app and the detail view read them: stage, ICP grade, timeline."""

from __future__ import annotations

from collections import defaultdict
from datetime import tzinfo
from typing import Any

from repdesk.db.connect import Store
from repdesk.domain.dates import iso_local, now_utc, to_db
from repdesk.domain.icp import fit_of
from repdesk.domain.money import major
from repdesk.figures.records import record

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


PROSPECT_LIST_SQL = """
SELECT p.*,
  (SELECT MAX(t.at) FROM touch t WHERE t.prospect_id = p.id) AS last_touch,
  (SELECT MIN(m.at) FROM meeting m WHERE m.prospect_id = p.id AND m.status = 'scheduled' AND m.at >= :now)
    AS next_meeting,
  (SELECT COUNT(*) FROM meeting m WHERE m.prospect_id = p.id AND m.status IN ('held', 'scheduled')) AS meetings,
  (SELECT COALESCE(SUM(CASE WHEN d.proposal_at IS NOT NULL THEN COALESCE(d.proposal_value_cents, d.value_cents)
    ELSE d.value_cents END), 0) FROM deal d WHERE d.prospect_id = p.id AND d.status = 'open') AS open_value_cents,
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
    where = "1 = 1" if include_archived else "NOT p.archived"
    params: dict[str, Any] = {"now": to_db(now_utc())}
    needle = (search or "").strip()
    order = " ORDER BY lower(p.company), p.id"
    if needle and needle.isascii():
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["like"] = f"%{escaped}%"
        like = "LIKE lower(:like) ESCAPE '\\'"
        match = f" AND (lower(p.company) {like} OR lower(p.contact) {like})"
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
    from repdesk.figures.prospects import icp_checklist

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
    from repdesk.figures.followups import prospect_followups, sequence_of

    out["followups"] = [f.to_json() for f in prospect_followups(store, pid, tz)]
    out["sequence"] = sequence_of(store, pid).to_json()
    return out


def icp_checklist(store: Store, prospect: Any) -> dict[str, Any]:
    """The ICP checklist of one prospect: fit, grade and the keys met, failed and unknown."""
    from repdesk.domain.icp import fit_of

    criteria = store.all("SELECT * FROM icp_criterion ORDER BY id")
    answers = {
        r["criterion_id"]: bool(r["value"])
        for r in store.all("SELECT criterion_id, value FROM icp_answer WHERE prospect_id = ?", (prospect["id"],))
    }
    return fit_of(criteria, prospect, answers)
