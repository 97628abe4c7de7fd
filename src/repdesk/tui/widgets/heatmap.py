"""Weekday × hour heatmap of hit rate."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SHADES = ("grey23", "dark_green", "green4", "green3", "green1")


class Heatmap(Widget):
    """Hit rate by weekday (rows) and hour (columns 7–19), darker for fewer hits."""

    DEFAULT_CSS = """
    Heatmap { height: 10; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's keyword
        super().__init__(id=id)
        self.grid: list[list[tuple[int, int]]] = [[(0, 0)] * 24 for _ in range(7)]

    def update_grid(self, grid: list[list[tuple[int, int]]]) -> None:
        self.grid = grid
        self.refresh()

    def render(self) -> Text:
        hours = range(7, 20)
        out = Text("     " + "".join(f"{h:>3}" for h in hours) + "\n", style="dim")
        rates = [t and h / t for row in self.grid for (t, h) in row[7:20] if t >= 5]
        top = max(rates) if rates else 1.0
        for d, row in enumerate(self.grid):
            out.append(f"{DAYS[d]:<5}")
            for h in hours:
                t, hits = row[h]
                if t < 5:
                    out.append("  ·", style="grey35")
                    continue
                rate = hits / t
                shade = SHADES[min(len(SHADES) - 1, int(rate / top * (len(SHADES) - 1) + 0.5))] if top else SHADES[0]
                out.append(f"{rate * 100:>3.0f}", style=f"bold white on {shade}")
            out.append("\n")
        out.append("hit rate % by hour (· fewer than 5 touches)", style="dim")
        return out
