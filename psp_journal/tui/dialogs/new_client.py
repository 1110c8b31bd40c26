"""A quick "new client" from inside a form: an alias or code, added to the journal at once.

An alias that looks like a real name gets the models' gentle word (with a code to use
instead) before anything is saved; pressing enter again on the same alias keeps it, as
the warning says one can. The dialog returns the alias as recorded, or None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from psp_journal.i18n import _
from psp_journal.models import ValidationError, alias_name_warning
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain

if TYPE_CHECKING:
    pass


class NewClientDialog(JournalAppView, ModalScreen[str | None]):
    DEFAULT_CSS = """
    NewClientDialog {
        align: center middle;
        & > #new-client-box {
            width: 64;
            max-width: 100%;
            height: auto;
            border: round $primary;
            background: $surface;
            padding: 1 2;
        }
        & .hint {
            color: $text-muted;
        }
        & #new-client-error {
            color: $error;
        }
        & #new-client-warning {
            color: $warning;
        }
    }
    """
    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            _("Cancel"),
            id="new_client.cancel",
            tooltip=_("Back to the form without adding a client"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._warned_for: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="new-client-box"):
            yield Static(_("New client"), classes="dialog-title")
            yield Static(
                _("An alias or code you choose, like M-17. A real name is never needed."),
                classes="hint",
            )
            yield Input(placeholder=_("Alias or code"), id="new-client-alias")
            yield Plain("", id="new-client-error")
            yield Plain("", id="new-client-warning")
            yield Static(_("enter add · esc cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#new-client-alias", Input).focus()

    def _say(self, error: str = "", warning: str = "") -> None:
        self.query_one("#new-client-error", Static).update(error)
        self.query_one("#new-client-warning", Static).update(warning)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        journal = self.journal_app.journal
        if journal is None:
            return
        typed = event.value
        if typed != self._warned_for:
            taken = [client.alias for client in journal.clients()]
            warning = alias_name_warning(typed.strip(), taken)
            if warning is not None:
                self._warned_for = typed
                self._say(
                    warning=_("{warning} Press enter again to keep it.").format(warning=warning)
                )
                return
        try:
            saved = journal.add_client(typed)
        except ValidationError as error:
            self._say(error=error.message)
            return
        except Exception as error:  # noqa: BLE001 — said in plain words, never raised
            from psp_journal.tui.problems import describe_problem

            self._say(error=describe_problem(error))
            return
        self.dismiss(saved.record.alias)

    def action_cancel(self) -> None:
        self.dismiss(None)
