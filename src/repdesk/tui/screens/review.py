"""Review: ratios against their benchmarks, the funnel, hit rate by weekday, a weekday × hour heatmap,
ICP insight and coaching notes, over a 30, 90 or 365-day window."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static
from textual_plotext import PlotextPlot

from repdesk.domain.plan import STEP_LABELS, STEPS
from repdesk.figures.review import Review
from repdesk.present import pct
from repdesk.tui.actions import bindings
from repdesk.tui.literal import lit
from repdesk.tui.screens.base import DataScreen
from repdesk.tui.widgets.heatmap import Heatmap
from repdesk.tui.widgets.table import Table

WINDOWS = (30, 90, 365)


class ReviewScreen(DataScreen):
    """End-of-day review of the rep's own ratios."""

    BINDINGS = bindings("review")
    SCOPE = "review"
    days = 90

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="review"):
            yield Static("", id="r-title")
            with Horizontal(classes="row"):
                with Vertical(classes="pane"):
                    yield Static("[b]Ratios[/b]", classes="pane-title")
                    yield Table(id="ratios", cursor_type="none")
                with Vertical(classes="pane"):
                    yield Static(
                        "[b]Funnel[/b] (own rate, trials n — ⚠ under 20, too few to trust — rate used by the plan)",
                        classes="pane-title",
                    )
                    yield Table(id="funnel", cursor_type="none")
            with Horizontal(classes="row"):
                with Vertical(classes="pane"):
                    yield PlotextPlot(id="weekday-chart")
                    yield Table(id="weekday", cursor_type="none")
                with Vertical(classes="pane"):
                    yield Static("[b]Hit rate by weekday and hour[/b]", classes="pane-title")
                    yield Heatmap(id="heatmap")
            with Horizontal(classes="row"):
                with Vertical(classes="pane"):
                    yield Static("[b]ICP insight[/b] (all closed deals)", classes="pane-title")
                    yield Table(id="insight", cursor_type="none")
                with Vertical(classes="pane"):
                    yield Static("[b]Coaching[/b]", classes="pane-title")
                    yield Static("", id="coaching")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#ratios", DataTable).add_columns("figure", "value", "benchmark")
        self.query_one("#funnel", DataTable).add_columns("step", "own", "n", "used", "default")
        self.query_one("#weekday", DataTable).add_columns(
            "day", "touches", "hits", "hit rate", "95% interval", "booked"
        )
        self.query_one("#insight", DataTable).add_columns("by", "value", "won", "lost", "win rate", "avg won")

    def fetch(self) -> Any:
        r, grid = self.desk.review(self.days)
        return r, grid, self.desk.settings()["currency"]

    def action_window(self) -> None:
        self.days = WINDOWS[(WINDOWS.index(self.days) + 1) % len(WINDOWS)]
        self.reload()

    def show(self, data: tuple[Review, list[list[tuple[int, int]]], str]) -> None:
        r, grid, cur = data
        self.query_one("#r-title", Static).update(
            f"[b]Review[/b]  {r.start} – {r.as_of}  ({r.days} days · w changes the window)"
        )
        rates = r.rates
        ratios = self.query_one("#ratios", DataTable)
        ratios.clear()
        for label, value, bench in (
            ("touches", f"{r.touches:,}", ""),
            ("hit rate", f"{pct(r.hit_rate)} ({r.hits:,})", ""),
            ("booked rate", pct(r.booked_rate), pct(rates["booked"].default)),
            ("show rate", pct(r.show_rate), pct(rates["show"].default)),
            ("first meeting → proposal", pct(r.proposal_rate), pct(rates["proposal"].default)),
            ("win rate", f"{pct(r.win_rate)} ({r.won}/{r.won + r.lost})", pct(rates["win"].default)),
            ("revenue won", f"{cur} {r.won_revenue:,}", ""),
            ("average deal", "—" if r.avg_deal is None else f"{cur} {r.avg_deal:,.0f}", ""),
            ("cycle days", "—" if r.cycle_days is None else f"{r.cycle_days:g}", ""),
            ("ICP share (new)", pct(r.icp_share), ""),
            ("retention", pct(r.retention), ""),
            (
                "revenue / touch",
                "—" if r.return_on_effort.per_touch is None else f"{cur} {r.return_on_effort.per_touch:,.2f}",
                "",
            ),  # fmt: skip
            ("touches per deal", f"{r.touches_per_deal:.0f}", ""),
        ):
            ratios.add_row(label, value, bench)
        funnel = self.query_one("#funnel", DataTable)
        funnel.clear()
        for step in STEPS:
            x = rates[step]
            n = f"{x.n}" + (" ⚠" if x.n < 20 else "")  # too few trials to trust (the title says so)
            mark = " ◀" if r.improve_first == step else ""
            funnel.add_row(STEP_LABELS[step] + mark, pct(x.own), n, pct(x.used), pct(x.default))
        plot = self.query_one("#weekday-chart", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        days = [d.day for d in r.weekday]
        plt.bar(days, [round((d.hit_rate or 0) * 100, 1) for d in r.weekday], color="green", width=0.6)
        plt.title(f"hit rate % by weekday{' · best ' + r.best_day if r.best_day else ''}")
        plot.refresh()
        weekday = self.query_one("#weekday", DataTable)
        weekday.clear()
        for d in r.weekday:
            interval = "—" if d.low is None else f"{pct(d.low)}–{pct(d.high)}"
            star = " ★" if d.day == r.best_day else ""
            weekday.add_row(d.day + star, str(d.touches), str(d.hits), pct(d.hit_rate), interval,
                            str(d.booked))  # fmt: skip
        self.query_one(Heatmap).update_grid(grid)
        insight = self.query_one("#insight", DataTable)
        insight.clear()
        for dim, items in r.icp_insight.items():
            for it in items[:4]:
                avg = "—" if it.avg_won is None else f"{it.avg_won:,.0f}"
                insight.add_row(dim, lit(it.value), str(it.won), str(it.lost), pct(it.win_rate), avg)
        notes = list(r.coaching) or ["No ratio sits below its benchmark with enough data to say so. Keep going."]
        self.query_one("#coaching", Static).update(lit("\n\n".join(f"• {n}" for n in notes)))
