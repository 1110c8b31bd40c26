"""A 1–5 scale with words for every point, so a number never stands alone.

Its value is text, as the person would type it on the command line: "" until a point is
chosen (unknown, never 0), else "1" to "5". Keys only: arrows move, 1–5 choose a point,
backspace or delete clears it back to unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from psp_journal.i18n import _

POINTS = ("1", "2", "3", "4", "5")
_GAP = 2


class LabelledScale(Widget, can_focus=True):
    """One of the journal's 1–5 scales, each point with its words visible."""

    DEFAULT_CSS = """
    LabelledScale {
        height: auto;
        width: 1fr;
        padding: 0 1;
        border: tall $border-blurred;
        background: $surface;
        &:focus {
            border: tall $border;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "right",
            "step(1)",
            _("Higher"),
            id="scale.higher",
            tooltip=_("Move to the next point of the scale"),
            show=False,
        ),
        Binding(
            "left",
            "step(-1)",
            _("Lower"),
            id="scale.lower",
            tooltip=_("Move to the previous point of the scale"),
            show=False,
        ),
        Binding(
            "backspace,delete",
            "clear",
            _("Clear"),
            id="scale.clear",
            tooltip=_("Leave this scale unknown"),
            show=False,
        ),
    ]

    value: reactive[str] = reactive("")

    def __init__(
        self, labels: Mapping[int, str], *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.labels = dict(labels)

    def _points(self) -> list[tuple[str, str]]:
        """Each point's words with its style: the chosen one stands out."""
        points = []
        for point in POINTS:
            words = _("{point} {label}").format(point=point, label=_(self.labels[int(point)]))
            if point == self.value:
                points.append((f"▸{words}◂", "bold reverse"))
            else:
                points.append((f" {words} ", ""))
        return points

    def _lines(self, width: int) -> list[list[tuple[str, str]]]:
        """Points wrapped whole: a point's words never split across lines."""
        lines: list[list[tuple[str, str]]] = [[]]
        used = 0
        for words, style in self._points():
            needed = len(words) + (_GAP if lines[-1] else 0)
            if lines[-1] and used + needed > width:
                lines.append([])
                used, needed = 0, len(words)
            lines[-1].append((words, style))
            used += needed
        return lines

    def render(self) -> Content:
        rows = []
        for line in self._lines(max(1, self.content_size.width)):
            parts: list[str | tuple[str, str]] = []
            for words, style in line:
                if parts:
                    parts.append(" " * _GAP)
                parts.append((words, style))
            rows.append(Content.assemble(*parts))
        return Content("\n").join(rows)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(max(1, width)))

    def validate_value(self, value: str) -> str:
        return value if value in POINTS else ""

    def action_step(self, step: int) -> None:
        if not self.value:
            self.value = "1" if step > 0 else "5"
            return
        self.value = str(min(5, max(1, int(self.value) + step)))

    def action_clear(self) -> None:
        self.value = ""

    def on_key(self, event: events.Key) -> None:
        if event.character in POINTS:
            event.stop()
            event.prevent_default()
            self.value = event.character
