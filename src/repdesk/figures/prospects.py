"""Prospects as the list, the app and the detail view read them: stage, ICP grade, timeline."""

from __future__ import annotations

from collections import defaultdict
from datetime import tzinfo

from repdesk.db.connect import Store
from repdesk.domain.dates import iso_local, now_utc, to_db
from repdesk.domain.icp import IcpCheck, compile_rules, fit_grade, fit_of
from repdesk.domain.money import major
from repdesk.domain.record import figure
from repdesk.domain.vocab import HIT_OUTCOMES
from repdesk.figures.records import record

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any


#: the columns a list row shows or its ICP rules may read (never the long free text)
LIST_COLUMNS = (
    "id", "company", "contact", "title", "seniority", "email", "phone", "website", "industry", "employees", "region",
    "source", "created_at", "churned_at", "archived",
)  # fmt: skip
PROSPECT_COLUMNS = frozenset((*LIST_COLUMNS, "pain_points", "notes", "source_id"))

# One statement, set-based: meetings and deals aggregated once per prospect (GROUP BY) and joined;
# the last touch is the index's last entry for the prospect — a seek on ix_touch_prospect_at
# (prospect_id, at) per prospect, which reads far less than grouping every touch.
PROSPECT_LIST_SQL = """
SELECT {columns},
  (SELECT MAX(t.at) FROM touch t WHERE t.prospect_id = p.id) AS last_touch,
  m.next_meeting, COALESCE(m.meetings, 0) AS meetings,
  COALESCE(d.open_value_cents, 0) AS open_value_cents, COALESCE(d.open_deals, 0) AS open_deals,
  COALESCE(d.proposals_out, 0) AS proposals_out, COALESCE(d.lifetime_cents, 0) AS lifetime_cents,
  COALESCE(d.won_deals, 0) AS won_deals,
  f.next_step
FROM prospect p
LEFT JOIN (
  SELECT prospect_id, SUM(CASE WHEN status IN ('held', 'scheduled') THEN 1 ELSE 0 END) AS meetings,
    MIN(CASE WHEN status = 'scheduled' AND at >= :now THEN at END) AS next_meeting
  FROM meeting GROUP BY prospect_id
) m ON m.prospect_id = p.id
LEFT JOIN (
  SELECT prospect_id,
    SUM(CASE WHEN status <> 'open' THEN 0 WHEN proposal_at IS NOT NULL THEN COALESCE(proposal_value_cents, value_cents)
      ELSE value_cents END) AS open_value_cents,
    SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS open_deals,
    SUM(CASE WHEN status = 'open' AND proposal_at IS NOT NULL THEN 1 ELSE 0 END) AS proposals_out,
    SUM(CASE WHEN status = 'won' THEN value_cents ELSE 0 END) AS lifetime_cents,
    SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END) AS won_deals
  FROM deal GROUP BY prospect_id
) d ON d.prospect_id = p.id
LEFT JOIN (
  SELECT prospect_id, MIN(due) AS next_step FROM followup WHERE status = 'open' GROUP BY prospect_id
) f ON f.prospect_id = p.id
"""


@figure
class ProspectRow:
    """A prospect as the list shows it: stage, ICP grade, last touch, next meeting and step, values."""

    id: int
    company: str
    contact: str | None
    industry: str | None
    stage: str
    icp_grade: str | None
    icp_fit: float | None
    last_touch: str | None
    next_meeting: str | None
    next_step: str | None
    open_value: float | None
    lifetime_value: float | None
    archived: bool


@figure
class ProspectCounts:
    """Every touch, meeting and deal of one prospect, counted."""

    touches: int
    hits: int
    booked: int
    first_touch: str | None
    last_touch: str | None
    meetings: int
    meetings_held: int
    deals: int
    won: int


@figure
class ProspectDetail:
    """One prospect: its fields and records as ``--json`` prints them, counts, lifetime value, ICP
    checklist, open follow-ups and sequence state."""

    prospect: dict[str, Any]
    touches: tuple[dict[str, Any], ...]
    meetings: tuple[dict[str, Any], ...]
    deals: tuple[dict[str, Any], ...]
    counts: ProspectCounts
    lifetime_value: float | None
    icp: IcpCheck
    followups: tuple[Any, ...]
    sequence: Any

    @property
    def id(self) -> int:
        return int(self.prospect["id"])

    @property
    def company(self) -> str:
        return str(self.prospect["company"])

    def to_json(self) -> dict[str, Any]:
        """The prospect's fields at the top level, then its records and figures."""
        return {**self.prospect, **{name: getattr(self, name) for name in _DETAIL_PARTS}}


_DETAIL_PARTS = ("touches", "meetings", "deals", "counts", "lifetime_value", "icp", "followups", "sequence")


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


def _rules_and_answers(store: Store) -> tuple[Any, dict[int, dict[int, bool]]]:
    """The ICP rules parsed once, and every manual answer by prospect and criterion."""
    rules = compile_rules(store.all("SELECT * FROM icp_criterion ORDER BY id"))
    answers: dict[int, dict[int, bool]] = defaultdict(dict)
    if rules:
        for pid, cid, value in store.all("SELECT prospect_id, criterion_id, value FROM icp_answer"):
            answers[pid][cid] = bool(value)
    return rules, answers


def icp_fits(store: Store, prospects: list[Any]) -> dict[int, tuple[float, str]]:
    """``(fit, grade)`` of each of these prospects, by id (empty when there are no criteria)."""
    rules, answers = _rules_and_answers(store)
    if not rules:
        return {}
    none: dict[int, bool] = {}
    return {p["id"]: fit_grade(rules, p, answers.get(p["id"], none)) for p in prospects}


def prospect_rows(
    store: Store, tz: tzinfo, *, include_archived: bool = False, search: str | None = None
) -> list[ProspectRow]:
    """Every prospect with its stage, ICP grade, last touch, next meeting and open deal value."""
    fields = {r[0] for r in store.all("SELECT DISTINCT field FROM icp_criterion WHERE field IS NOT NULL")}
    columns = ", ".join(f"p.{c}" for c in (*LIST_COLUMNS, *sorted((fields & PROSPECT_COLUMNS) - set(LIST_COLUMNS))))
    sql = PROSPECT_LIST_SQL.format(columns=columns)
    where = "1 = 1" if include_archived else "NOT p.archived"
    params: dict[str, Any] = {"now": to_db(now_utc())}
    needle = (search or "").strip()
    order = " ORDER BY lower(p.company), p.id"
    if needle and needle.isascii():
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["like"] = f"%{escaped}%"
        like = "LIKE lower(:like) ESCAPE '\\'"
        match = f" AND (lower(p.company) {like} OR lower(p.contact) {like})"
        rows = store.all(sql + " WHERE " + where + match + order, params)
    else:
        rows = store.all(sql + " WHERE " + where + order, params)
        if needle:  # LIKE folds ASCII letters only: other scripts are matched here
            folded = needle.casefold()
            rows = [r for r in rows if folded in f"{r['company']} {r['contact'] or ''}".casefold()]
    fits = icp_fits(store, rows)
    no_fit = (None, None)
    out = []
    for r in rows:
        fit, grade = fits.get(r["id"], no_fit)
        out.append(
            ProspectRow(
                r["id"],
                r["company"],
                r["contact"],
                r["industry"],
                stage_of(r),
                grade,
                fit,
                iso_local(r["last_touch"], tz),
                iso_local(r["next_meeting"], tz),
                r["next_step"],
                major(r["open_value_cents"]),
                major(r["lifetime_cents"]),
                bool(r["archived"]),
            )
        )
    return out


#: how many of the latest touches, meetings and deals the text view of a prospect shows
LATEST = 15


def prospect_detail(store: Store, p: Any, tz: tzinfo, *, latest: int | None = None) -> ProspectDetail:
    """One prospect with its touches, meetings, deals, counts, lifetime value and ICP checklist.

    With ``latest``, only that many of the newest touches and meetings (oldest first; every deal), so
    the busiest prospect reads as fast as a new one; ``counts`` always covers every record.
    """
    pid = p["id"]

    def records(table: str, column: str, *, every: bool = False) -> tuple[dict[str, Any], ...]:
        sql = f"SELECT * FROM {table} WHERE prospect_id = ? ORDER BY {column}"
        if latest is None or every:
            rows = store.all(f"{sql}, id", (pid,))
        else:  # the newest, read backwards along the (prospect_id, at) index, shown oldest first
            rows = store.all(f"{sql} DESC, id DESC LIMIT ?", (pid, latest))
            rows.reverse()
        return tuple(record(table, r, tz) for r in rows)

    hits = ", ".join(f"'{o}'" for o in HIT_OUTCOMES)
    touches, hit_count, booked, first, last = store.all(
        f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN outcome IN ({hits}) THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN outcome = 'meeting_booked' THEN 1 ELSE 0 END), 0), MIN(at), MAX(at)"
        " FROM touch WHERE prospect_id = ?",
        (pid,),
    )[0]
    meetings, held = store.all(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'held' THEN 1 ELSE 0 END), 0) FROM meeting"
        " WHERE prospect_id = ?",
        (pid,),
    )[0]
    deals, won, lifetime = store.all(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN status = 'won' THEN value_cents ELSE 0 END), 0) FROM deal WHERE prospect_id = ?",
        (pid,),
    )[0]
    from repdesk.figures.followups import prospect_followups, sequence_of

    return ProspectDetail(
        prospect=record("prospect", p, tz),
        touches=records("touch", "at"),
        meetings=records("meeting", "at"),
        deals=records("deal", "opened_at", every=True),  # few, and an old one may close today
        counts=ProspectCounts(
            touches, hit_count, booked, iso_local(first, tz), iso_local(last, tz), meetings, held, deals, won
        ),  # fmt: skip
        lifetime_value=major(lifetime),
        icp=icp_checklist(store, p),
        followups=tuple(prospect_followups(store, pid, tz)),
        sequence=sequence_of(store, pid),
    )


def icp_checklist(store: Store, prospect: Any) -> IcpCheck:
    """The ICP checklist of one prospect: fit, grade and the keys met, failed and unknown."""
    criteria = store.all("SELECT * FROM icp_criterion ORDER BY id")
    answers = {
        r["criterion_id"]: bool(r["value"])
        for r in store.all("SELECT criterion_id, value FROM icp_answer WHERE prospect_id = ?", (prospect["id"],))
    }
    return fit_of(criteria, prospect, answers)
