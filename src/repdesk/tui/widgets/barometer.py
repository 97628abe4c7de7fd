"""The barometer gauge: today's touches against the daily goal."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from repdesk.present import count, pct


def level(barometer: float | None) -> str:
    """``low`` below 50%, ``mid`` below 100%, ``high`` at or above, ``none`` without a goal."""
    if barometer is None:
        return "none"
    return "low" if barometer < 0.5 else "mid" if barometer < 1 else "high"


class Barometer(Widget):
    """A horizontal gauge coloured red below 50%, amber below 100% and green at or above."""

    DEFAULT_CSS = """
    Barometer { height: 3; padding: 0 1; }
    """
    #: touches done today
    touches: reactive[int] = reactive(0)
    #: the daily goal, or ``None`` when there is no plan
    goal: reactive[int | None] = reactive(None)

    COLOURS = {"low": "red", "mid": "dark_orange", "high": "green", "none": "grey50"}

    def render(self) -> Text:
        width = max(10, self.size.width - 2)
        if self.goal is None:
            done = count(self.touches, "touch", "touches")
            return Text.assemble(("Barometer  ", "bold"), (f"{done} · no daily goal yet", "dim"))
        ratio = self.touches / self.goal if self.goal else 0.0
        filled = min(width, round(ratio * width))
        colour = self.COLOURS[level(ratio)]
        text = Text.assemble(
            ("Barometer  ", "bold"),
            (pct(ratio) if self.goal else "—", f"bold {colour}"),
            f"   {self.touches} of {self.goal} touches today\n",
            ("█" * filled, colour),
            ("░" * (width - filled), "grey35"),
        )
        return text
