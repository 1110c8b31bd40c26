"""The question before something is removed for good: what goes, said plainly.

"Not now" has the focus, so an Enter pressed out of habit removes nothing; the other
button must be chosen on purpose.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from psp_journal.i18n import _
from psp_journal.tui.plain import Plain


class ConfirmEraseDialog(ModalScreen[bool]):
    """Answers True only when the person chooses `yes_label`."""

    DEFAULT_CSS = """
    ConfirmEraseDialog {
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
    BINDINGS = [
        Binding(
            "escape",
            "not_now",
            _("Not now"),
            id="confirm_erase.cancel",
            tooltip=_("Back, removing nothing"),
        ),
    ]

    def __init__(self, title: str, body: str, yes_label: str) -> None:
        super().__init__()
        self._title = title
        self._body = body
        self._yes_label = yes_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Plain(self._title, classes="dialog-title")
            yield Plain(self._body, id="confirm-erase-body")
            with Horizontal(classes="buttons"):
                yield Button(_("Not now"), id="not-now", variant="default")
                yield Button(self._yes_label, id="erase-it", variant="error")

    def on_mount(self) -> None:
        self.query_one("#not-now", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "erase-it")

    def action_not_now(self) -> None:
        self.dismiss(False)
