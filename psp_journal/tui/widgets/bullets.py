"""A list whose long items wrap under their own text, not under the bullet: what stood
out reads as separate sentences even in a narrow terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from psp_journal.tui.plain import plain

_NARROWEST = 12


class Bullets(Widget):
    """Items shown as plain text (never markup), each after a bullet."""

    DEFAULT_CSS = """
    Bullets {
        height: auto;
    }
    """

    def __init__(
        self,
        items: Sequence[str] = (),
        *,
        indent: int = 0,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._items = list(items)
        self._lead = " " * indent + "· "

    def show(self, items: Sequence[str]) -> None:
        self._items = list(items)
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[str]:
        width = max(width, len(self._lead) + _NARROWEST)
        hanging = " " * len(self._lead)
        lines: list[str] = []
        for item in self._items:
            wrapped = textwrap.wrap(
                item,
                width=width,
                initial_indent=self._lead,
                subsequent_indent=hanging,
                break_on_hyphens=False,  # "self-harm" stays whole
            )
            lines += wrapped or [self._lead.rstrip()]
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return plain("\n".join(self._lines(self.content_region.width)))
