"""A quick "new client": an alias or code, added to the journal at once (from inside a
form or from the caseload); and, built on it, renaming a client.

An alias that looks like a real name gets the models' gentle word (with a code to use
instead) before anything is saved; pressing enter again on the same alias keeps it, as
the warning says one can. The dialog returns the alias as recorded, or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from psp_journal.i18n import _
from psp_journal.models import ValidationError, alias_name_warning
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain

if TYPE_CHECKING:
    from psp_journal.journal import Journal


@dataclass(frozen=True)
class AliasWords:
    """What the dialog says: its title, the hint under it and the keys at the bottom."""

    title: str
    hint: str
    keys: str


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
            tooltip=_("Close without adding a client"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._warned_for: str | None = None

    def words(self) -> AliasWords:
        return AliasWords(
            _("New client"),
            _("An alias or code you choose, like M-17. A real name is never needed."),
            _("enter add · esc cancel"),
        )

    def first_value(self) -> str:
        return ""

    def save_alias(self, journal: Journal, typed: str) -> str:
        """Write the typed alias; the alias as recorded."""
        return journal.add_client(typed).record.alias

    def compose(self) -> ComposeResult:
        words = self.words()
        with Vertical(id="new-client-box"):
            yield Plain(words.title, classes="dialog-title")
            yield Plain(words.hint, classes="hint")
            yield Input(self.first_value(), placeholder=_("Alias or code"), id="new-client-alias")
            yield Plain("", id="new-client-error")
            yield Plain("", id="new-client-warning")
            yield Plain(words.keys, classes="hint")

    def on_mount(self) -> None:
        self.query_one("#new-client-alias", Input).focus()

    def _say(self, error: str = "", warning: str = "") -> None:
        self.query_one("#new-client-error", Plain).update(error)
        self.query_one("#new-client-warning", Plain).update(warning)

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
            saved = self.save_alias(journal, typed)
        except ValidationError as error:
            self._say(error=error.message)
            return
        except Exception as error:  # noqa: BLE001 — said in plain words, never raised
            from psp_journal.tui.problems import describe_problem

            self._say(error=describe_problem(error))
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)


class RenameClientDialog(NewClientDialog):
    """The client known as `alias` gets a new alias; their records follow it, and the
    old one stays theirs (so it is never given to another client)."""

    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            _("Cancel"),
            id="rename_client.cancel",
            tooltip=_("Close without renaming"),
        ),
    ]

    def __init__(self, alias: str) -> None:
        super().__init__()
        self.alias = alias

    def words(self) -> AliasWords:
        return AliasWords(
            _("Rename {alias}").format(alias=self.alias),
            _(
                "The alias or code they will be known by from now on. Every record about "
                "them follows; the old alias stays theirs and is never given to another client."
            ),
            _("enter rename · esc cancel"),
        )

    def first_value(self) -> str:
        return self.alias

    def save_alias(self, journal: Journal, typed: str) -> str:
        return journal.rename_client(self.alias, typed).record.alias
