"""Text the person (or a file) gave, shown literally in the app: the one way user text
reaches the screen.

Textual reads markup in strings (`[b]`, `[@click=app.quit]`) and sends any control
character in a widget's text straight to the terminal, where an escape sequence can
retitle or clear it. `plain` turns text into content that is neither: markup is shown as
typed, and every hidden control (C0, C1, a bidirectional override) as a visible escape.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Static

from psp_journal.terminal_text import shown


def plain(text: str) -> Content:
    return Content(shown(text))


def plain_text(text: str, style: str = "") -> Text:
    """The same as rich Text, for a table cell or a text built in parts."""
    return Text(shown(text), style=style)


class Plain(Static):
    """A Static for text that may hold anything: shown literally, now and on `update`. A
    rich Text is taken as it is, so build it with `plain_text`."""

    def __init__(
        self,
        text: str | Text = "",
        *,
        id: str | None = None,  # noqa: A002 — Textual's own name for it
        classes: str | None = None,
        name: str | None = None,
        expand: bool = False,
    ) -> None:
        super().__init__(
            plain(text) if isinstance(text, str) else text,
            id=id,
            classes=classes,
            name=name,
            expand=expand,
            markup=False,
        )

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(plain(content) if isinstance(content, str) else content, layout=layout)
