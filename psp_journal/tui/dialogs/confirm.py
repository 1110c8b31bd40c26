"""The question before something leaves or goes for good: what it is, said plainly, and two
buttons. The one that changes nothing has the focus, so an Enter pressed out of habit does
nothing; the other must be chosen on purpose. Answers True only for that one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button
from textual.widgets.button import ButtonVariant

from psp_journal.tui.plain import Plain


class ConfirmDialog(ModalScreen[bool]):
    """Subclasses give their escape binding (with its own id) to `action_no`, and pass
    the words; `NO_ID` and `YES_ID` name the buttons."""

    NO_ID: ClassVar[str] = "no"
    YES_ID: ClassVar[str] = "yes"
    YES_VARIANT: ClassVar[ButtonVariant] = "error"
    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
        & .buttons {
            height: auto;
            margin-top: 1;
        }
        & Button {
            margin-right: 2;
        }
    }
    """

    def __init__(self, title: str, lines: Sequence[str], no_label: str, yes_label: str) -> None:
        super().__init__()
        self._title = title
        self._lines = tuple(lines)
        self._no_label = no_label
        self._yes_label = yes_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Plain(self._title, classes="dialog-title")
            for number, line in enumerate(self._lines):
                yield Plain(line, classes="hint" if number else "confirm-what")
            with Horizontal(classes="buttons"):
                yield Button(self._no_label, id=self.NO_ID, variant="default")
                yield Button(self._yes_label, id=self.YES_ID, variant=self.YES_VARIANT)

    def on_mount(self) -> None:
        self.query_one(f"#{self.NO_ID}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == self.YES_ID)

    def action_no(self) -> None:
        self.dismiss(False)
