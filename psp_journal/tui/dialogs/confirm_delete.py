"""Before an entry leaves the journal: what it is, and where it goes.

"Keep it" has the focus, so an Enter pressed out of habit removes nothing; "Delete" must
be chosen on purpose.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from psp_journal.i18n import _
from psp_journal.tui.plain import Plain


class ConfirmDeleteDialog(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmDeleteDialog {
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
            "keep",
            _("Keep it"),
            id="confirm_delete.cancel",
            tooltip=_("Back to the entry; nothing is removed"),
        ),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(_("Delete this entry?"), classes="dialog-title")
            yield Plain(self.what)
            yield Plain(
                _(
                    "It leaves your journal's list, its search and every count. Its last "
                    "version stays in the vault, encrypted, until a purge removes it."
                ),
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Keep it"), id="keep-it", variant="default")
                yield Button(_("Delete"), id="delete-it", variant="error")

    def on_mount(self) -> None:
        self.query_one("#keep-it", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "delete-it")

    def action_keep(self) -> None:
        self.dismiss(False)
