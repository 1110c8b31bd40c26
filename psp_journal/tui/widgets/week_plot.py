"""A week-by-week line chart on a fixed 1–5 scale, where the axes matter: a weekly mood
of 3 must look like 3, which a sparkline (stretched between its own lowest and highest
value) cannot promise.

Built on textual-plot's `PlotWidget` (pinned; see pyproject.toml). Its axes, ticks and
labels are styled from the theme here; the lines take the theme's colours when drawn, so
the screen draws again when the theme changes. It is not focusable and has none of the
plot's zoom and pan keys: the screen's keys stay the screen's, and the picture stays
whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual_plot import HiResMode, PlotWidget
from textual_plot.axis_formatter import AxisFormatter

SCALE = (1, 2, 3, 4, 5)
# Roughly how many columns one week label needs, with room between labels.
_LABEL_COLUMNS = 9


class WeekAxis(AxisFormatter):
    """Ticks at whole weeks (0 is the oldest), as many as fit without crowding; each
    labelled by the day its week starts, in words the screen chooses."""

    def __init__(self, labels: Sequence[str], columns: Callable[[], int]) -> None:
        self._labels = list(labels)
        self._columns = columns

    def get_ticks(self, min_: float, max_: float, max_ticks: int = 8) -> list[float]:
        weeks = len(self._labels)
        if weeks == 0:
            return []
        fits = max(1, min(max_ticks, self._columns() // _LABEL_COLUMNS))
        step = max(1, -(-weeks // fits))
        # Counted back from the newest week, so the current week always has its label.
        return sorted(float(index) for index in range(weeks - 1, -1, -step))

    def get_labels_for_ticks(self, ticks: Sequence[float]) -> list[str]:
        return [self._labels[int(tick)] if 0 <= tick < len(self._labels) else "" for tick in ticks]


class WeekPlot(PlotWidget, can_focus=False, inherit_bindings=False):
    """Lines of weekly values on the 1–5 scale; a week without a value is a gap, never a
    point at 0 and never a line drawn across it."""

    BINDINGS = []
    DEFAULT_CSS = """
    WeekPlot {
        height: 12;
        & > .plot--axis { color: $foreground-muted; }
        & > .plot--tick { color: $foreground; text-style: none; }
        & > .plot--label { color: $foreground; text-style: none; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, allow_pan_and_zoom=False)

    def on_mount(self) -> None:
        """Room for one-digit ticks and one line of week labels (set once the plot's own
        parts exist; Textual calls the plot's own `on_mount` too)."""
        self.margin_top = 1
        self.margin_left = 3
        self.margin_bottom = 2

    def draw(
        self,
        week_starts: Sequence[str],
        lines: Sequence[tuple[Sequence[float | None], str]],
    ) -> None:
        """`lines` are (one value or None per week, a colour); `week_starts` label the
        weeks, oldest first."""
        self.clear()
        self.set_x_formatter(WeekAxis(week_starts, lambda: self.size.width - self.margin_left))
        self.set_xlimits(0, max(1, len(week_starts) - 1))
        self.set_ylimits(SCALE[0], SCALE[-1])
        self.set_yticks(SCALE)
        for values, colour in lines:
            for xs, ys in _runs(values):
                if len(xs) == 1:
                    self.scatter(xs, ys, marker="●", marker_style=colour)
                else:
                    self.plot(xs, ys, line_style=colour, hires_mode=HiResMode.BRAILLE)


def _runs(values: Sequence[float | None]) -> list[tuple[list[float], list[float]]]:
    """The stretches of weeks with a value, each drawn on its own so a gap stays a gap."""
    runs: list[tuple[list[float], list[float]]] = []
    current: tuple[list[float], list[float]] | None = None
    for index, value in enumerate(values):
        if value is None:
            current = None
            continue
        if current is None:
            current = ([], [])
            runs.append(current)
        current[0].append(float(index))
        current[1].append(float(value))
    return runs
