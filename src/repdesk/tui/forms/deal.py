"""Move a deal: open, proposal, won, lost."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from repdesk.domain import vocab
from repdesk.figures.deals import OpenDeal
from repdesk.tui.forms.base import PickingForm, choice_list, field


class DealForm(PickingForm):
    """A deal step: open a deal for a prospect, or move an open deal to proposal, won or lost."""

    TITLE_TEXT = "Deal step"
    STEPS = ("open", "proposal", "won", "lost")

    def fields(self) -> ComposeResult:
        yield from self.picker()
        yield from field("Step", choice_list(self.STEPS, "step"))
        yield from field("Open deal (for proposal, won, lost)", OptionList(id="deal", classes="choices"))
        yield from field(
            "Value (open: the deal's value; proposal: the proposal's; won: the final one)",
            Input(placeholder="e.g. 25000", id="value"),
        )
        yield from field("Title (open, optional)", Input(placeholder="e.g. Pilot, 20 seats", id="title"))
        yield from field("Lost reason (lost)", Input(placeholder=", ".join(vocab.LOST_REASONS), id="reason"))
        yield from field("When (default now)", Input(placeholder="yesterday · 2026-11-18 16:00", id="at"))

    def focus_next_field(self) -> None:
        self.load_deals()
        self.query_one("#step", OptionList).focus()

    @work(thread=True, exclusive=True, group="deals")
    def load_deals(self) -> None:
        deals = self.desk.open_deals(self.pid)
        self.app.call_from_thread(self._deals, deals)

    def _deals(self, deals: tuple[OpenDeal, ...]) -> None:
        box = self.query_one("#deal", OptionList)
        box.clear_options()
        for d in deals:
            tag = " · proposal sent" if d.proposal else ""
            label = Text(f"#{d.id} {d.title or 'deal'} · {d.value or 0:,}{tag}")
            box.add_option(Option(label, id=str(d.id)))
        if deals:
            box.highlighted = 0

    @on(OptionList.OptionSelected, "#step")
    def _step(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = "#value" if event.option.id in ("open", "proposal", "won") else "#reason"
        if event.option.id != "open" and self.query_one("#deal", OptionList).option_count:
            self.query_one("#deal", OptionList).focus()
        else:
            self.query_one(target, Input).focus()

    @on(OptionList.OptionSelected, "#deal")
    def _deal(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        steps = self.query_one("#step", OptionList)
        step = steps.get_option_at_index(steps.highlighted or 0).id
        self.query_one("#reason" if step == "lost" else "#value", Input).focus()

    @on(Input.Submitted, "#value, #reason, #title, #at")
    def save(self, event: Any = None) -> None:
        pid = self.need_prospect()
        if pid is None:
            return
        steps = self.query_one("#step", OptionList)
        step = steps.get_option_at_index(steps.highlighted or 0).id or "open"
        value, reason = self.value("#value"), self.value("#reason")
        title, at = self.value("#title"), self.value("#at")
        if step == "open":
            if not value:
                self.error("a new deal needs a value")
                return
            self.save_with(
                lambda: self.desk.deal_step("open", pid=pid, value=value, title=title, at=at),
                f"Deal opened with {self.company}",
            )
            return
        deals = self.query_one("#deal", OptionList)
        if not deals.option_count:
            self.error(f"{self.company} has no open deal; choose 'open' first")
            return
        deal_id = int(deals.get_option_at_index(deals.highlighted or 0).id or 0)
        if step == "lost" and not reason:
            self.error("a lost deal needs a reason: " + ", ".join(vocab.LOST_REASONS))
            return
        self.save_with(
            lambda: self.desk.deal_step(step, deal_id=deal_id, value=value, reason=reason, at=at),
            f"Deal #{deal_id}: {step}",
        )
