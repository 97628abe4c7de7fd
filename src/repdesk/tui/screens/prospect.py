"""One prospect: fields, timeline of touches, meetings and deals, and the ICP checklist."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Static

from repdesk.domain.errors import InputError
from repdesk.present import money_text, pct
from repdesk.tui.actions import bindings
from repdesk.tui.desk import ProspectView
from repdesk.tui.literal import line, lit
from repdesk.tui.screens.base import DataScreen
from repdesk.tui.widgets.table import Table

MARK = {"met": "[green]✓[/]", "failed": "[red]✗[/]", "unknown": "[yellow]?[/]"}
FIELDS = ("contact", "title", "seniority", "email", "phone", "website", "industry", "employees", "region", "source",
          "pain_points", "notes", "churned_at")  # fmt: skip


class ProspectScreen(DataScreen):
    """A prospect in full. Space on a manual ICP criterion cycles its answer: yes → no → unknown."""

    BINDINGS = bindings("prospect")
    SCOPE = "prospect"

    def __init__(self, pid: int) -> None:
        super().__init__()
        self.pid = pid
        self.view: ProspectView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="p-title")
        with Horizontal():
            with Vertical(classes="pane"):
                yield Static("", id="p-fields", classes="card")
                yield Static("[b]ICP checklist[/b] (space toggles a manual answer)", classes="pane-title")
                yield Table(id="icp", cursor_type="row")
            with Vertical(classes="pane"):
                yield Static("[b]Timeline[/b]", classes="pane-title")
                yield Table(id="events", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#icp", DataTable).add_columns(" ", "criterion", "rule")
        self.query_one("#events", DataTable).add_columns("when", "what", "detail")

    def fetch(self) -> Any:
        return self.desk.prospect(self.pid)

    @property
    def company(self) -> str | None:
        """The company shown, once read."""
        return None if self.view is None else self.view.detail.company

    def show(self, view: ProspectView) -> None:
        self.view = view
        d, cur = view.detail, view.currency
        icp = d.icp
        grade = f"  ICP {icp.grade} ({pct(icp.fit)})" if icp.fit is not None else ""
        self.query_one("#p-title", Static).update(
            line((d.company, "bold"), f"  #{d.id}{grade}  ·  lifetime value {money_text(d.lifetime_value, cur)}")
        )
        fields = [
            line((k.replace("_", " "), "bold"), "  ", str(d.prospect[k]))
            for k in FIELDS
            if d.prospect.get(k) not in (None, "")
        ]
        seq = d.sequence
        fields.append(
            line(
                ("sequence", "bold"),
                f"  {seq.attempts} of {seq.max_attempts} attempts since a hit · ",
                ("exhausted", "red") if seq.exhausted else "active",
                " (until a hit)" if seq.exhausted else "",
            )
        )
        today = self.desk.today_date().isoformat()
        for f in d.followups:
            when = f.due + (f" {f.time}" if f.time else "")
            kind = "automatic" if f.auto else "manual"
            parts: list[str | tuple[object, str]] = [("next step", "bold"), f"  {when} {f.channel} ({kind})"]
            if f.due < today:
                parts.append((" (overdue)", "red"))
            if f.note:
                parts.append(f" — {f.note}")
            fields.append(line(*parts))
        self.query_one("#p-fields", Static).update("\n".join(fields))
        table = self.query_one("#icp", DataTable)
        row = table.cursor_row
        table.clear()
        for c in view.criteria:
            table.add_row(
                MARK.get(icp.status_of(c["key"]) or "", ""), lit(c["label"]), lit(c["rule_text"]), key=c["key"]
            )
        if view.criteria:
            table.move_cursor(row=min(row, len(view.criteria) - 1))
        else:
            table.add_row("", "no ICP criteria yet", "add them in Settings (4, then i)")
        events = []
        for t in d.touches:
            events.append((t["at"], f"{t['channel']} · {t['outcome']}", t["note"] or ""))
        for m in d.meetings:
            events.append((m["at"], f"meeting · {m['kind']} · {m['status']}", m["outcome"] or m["goal"] or ""))
        for dl in d.deals:
            events.append((dl["opened_at"], f"deal #{dl['id']} opened", f"{cur} {dl['value']:,} {dl['title'] or ''}"))
            if dl["proposal_at"]:
                events.append((dl["proposal_at"], f"deal #{dl['id']} proposal", ""))
            if dl["closed_at"]:
                events.append((dl["closed_at"], f"deal #{dl['id']} {dl['status']}", dl["lost_reason"] or ""))
        ev = self.query_one("#events", DataTable)
        ev.clear()
        for at, what, extra in sorted(events, reverse=True):
            ev.add_row(at[:16].replace("T", " "), lit(what), lit(extra[:50]))

    def action_edit(self) -> None:
        if self.view is not None:
            self.app.open_prospect_form(self.view.detail.prospect)  # type: ignore[attr-defined]

    def _criterion(self) -> dict[str, Any] | None:
        table = self.query_one("#icp", DataTable)
        crits = self.view.criteria if self.view is not None else ()
        if not crits or not 0 <= table.cursor_row < len(crits):
            return None
        return dict(crits[table.cursor_row])

    def action_toggle_answer(self) -> None:
        c = self._criterion()
        if c is None:
            return
        if c["rule"] != "manual":
            self.notify(f"{c['label']} follows from the prospect's fields; edit them with f", severity="warning")
            return
        assert self.view is not None  # a criterion was found in it
        status = self.view.detail.icp.status_of(c["key"])
        now = True if status == "met" else False if status == "failed" else None
        nxt = {None: True, True: False, False: None}[now]
        self.answer_worker(c["key"], nxt)

    def action_answer(self, value: bool) -> None:
        c = self._criterion()
        if c is not None and c["rule"] == "manual":
            self.answer_worker(c["key"], value)

    @work(thread=True, exclusive=True, group="answer")
    def answer_worker(self, key: str, value: bool | None) -> None:
        try:
            self.desk.answer(self.pid, key, value)
        except InputError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.reload)

    @on(DataTable.RowSelected, "#icp")
    def _row(self, event: DataTable.RowSelected) -> None:
        self.action_toggle_answer()
