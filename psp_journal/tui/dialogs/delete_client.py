"""The last step before a client is erased: what goes, that it goes for good, and a
confirmation that cannot happen by habit.

The alias has to be typed (an Enter pressed out of habit in an empty field deletes
nothing), and the delete button stays off until it is; "Keep them" is always one key
away. The dialog only answers: the screen that asked does the erase.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from psp_journal.i18n import _, ngettext
from psp_journal.terminal_text import one_line
from psp_journal.tui.plain import Plain


class DeleteClientDialog(ModalScreen[bool]):
    DEFAULT_CSS = """
    DeleteClientDialog {
        align: center middle;
        & .dialog-title {
            color: $error;
        }
        & #delete-client-error {
            color: $error;
        }
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
            _("Keep them"),
            id="delete_client.cancel",
            tooltip=_("Close without deleting anything"),
        ),
    ]

    def __init__(self, alias: str, records: int) -> None:
        super().__init__()
        self.alias = alias
        self.records = records

    def compose(self) -> ComposeResult:
        shown = one_line(self.alias)
        with Vertical(classes="dialog-box"):
            yield Plain(_("Delete {alias} for good?").format(alias=shown), classes="dialog-title")
            yield Plain(
                ngettext(
                    "This erases {alias} and all their records: {count} interaction or "
                    "boundary event, and every earlier version that names them. Nothing of "
                    "them can be brought back, not even by a rescue. Backups and dumps you "
                    "made elsewhere are yours to delete.",
                    "This erases {alias} and all their records: {count} interactions and "
                    "boundary events, and every earlier version that names them. Nothing of "
                    "them can be brought back, not even by a rescue. Backups and dumps you "
                    "made elsewhere are yours to delete.",
                    self.records,
                ).format(alias=shown, count=self.records),
                id="delete-client-what",
            )
            yield Static(
                _("To keep their records instead, close them (c)."),
                classes="hint",
            )
            yield Plain(_("Type {alias} to confirm:").format(alias=shown), classes="hint")
            yield Input(placeholder=_("Their alias"), id="delete-client-alias")
            yield Plain("", id="delete-client-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Keep them"), id="keep", variant="default")
                yield Button(_("Delete for good"), id="delete", variant="error", disabled=True)

    def on_mount(self) -> None:
        self.query_one("#delete-client-alias", Input).focus()

    def _typed_in_full(self) -> bool:
        return self.query_one("#delete-client-alias", Input).value.strip() == self.alias

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#delete", Button).disabled = not self._typed_in_full()
        self.query_one("#delete-client-error", Plain).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._typed_in_full():
            self.dismiss(True)
            return
        self.query_one("#delete-client-error", Plain).update(
            _("Type {alias} exactly as it is shown, or press esc to keep them.").format(
                alias=one_line(self.alias)
            )
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "delete" and self._typed_in_full())

    def action_keep(self) -> None:
        self.dismiss(False)
