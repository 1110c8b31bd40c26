"""Forgot it? The recovery key and a new passphrase open the journal again.

Like `psp-journal recover`: the key used stops working in the same write, so a new one
is shown once before the journal opens. The KDF runs in a thread worker, as at unlock.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, LoadingIndicator, Static

from psp_journal.i18n import _
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain
from psp_journal.tui.screens.recovery_key import RecoveryKeyScreen
from psp_journal.tui.widgets.new_passphrase import NewPassphrase
from psp_journal.vault import BadRecoveryKey, CannotUnlock, Vault, VaultError

if TYPE_CHECKING:
    pass


class RecoverScreen(JournalAppView, Screen[None]):
    """Opaque, over the unlock screen; esc goes back to it. Holds the recovered vault
    only while its new key is shown, and closes it if the screen goes first."""

    BINDINGS = [
        Binding(
            "escape",
            "back",
            _("Back"),
            id="recover.back",
            tooltip=_("Back to the passphrase"),
        ),
    ]
    DEFAULT_CSS = """
    RecoverScreen #recover-form {
        height: auto;
    }
    RecoverScreen #key-message {
        color: $warning;
        height: auto;
    }
    RecoverScreen Button {
        margin-top: 1;
    }
    RecoverScreen #recovering {
        height: 3;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._vault: Vault | None = None

    def compose(self) -> ComposeResult:
        with Center(classes="centred"), VerticalScroll(classes="centred-box"):
            yield Static(_("Open your journal with your recovery key"), classes="step-title")
            with Vertical(id="recover-form"):
                yield Static(
                    _(
                        "Type the recovery key you wrote down (dashes and spaces are fine), "
                        "then choose a new passphrase."
                    ),
                    classes="tagline",
                )
                yield Input(placeholder=_("Recovery key"), id="recovery-key-input")
                yield Plain("", id="key-message")
                yield NewPassphrase()
                yield Button(_("Set my new passphrase"), id="recover", variant="primary")
            yield LoadingIndicator(id="recovering")
            yield Static(_("Opening your journal…"), id="recovering-words", classes="tagline")
        yield Footer()

    def on_mount(self) -> None:
        self._busy(False)
        self.query_one("#recovery-key-input", Input).focus()

    def _busy(self, busy: bool) -> None:
        self.query_one("#recover-form").display = not busy
        self.query_one("#recovering", LoadingIndicator).display = busy
        self.query_one("#recovering-words", Static).display = busy

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "recovery-key-input":
            if self.query_one("#new-passphrase", Input).value:
                self._recover()
            else:
                self.query_one("#new-passphrase", Input).focus()
        elif event.input.id == "new-again":
            self._recover()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "recover":
            self._recover()

    def _recover(self) -> None:
        key_field = self.query_one("#recovery-key-input", Input)
        key = key_field.value
        if not key.strip():
            self._say_key(_("Type your recovery key first."))
            key_field.focus()
            return
        chooser = self.query_one(NewPassphrase)
        passphrase = chooser.chosen()
        if passphrase is None:
            return
        self._say_key("")
        self._busy(True)
        self.recover_vault(key, passphrase)

    def _say_key(self, message: str) -> None:
        self.query_one("#key-message", Static).update(message)

    @work(thread=True, exclusive=True, group="recover")
    def recover_vault(self, key: str, passphrase: str) -> None:
        """The recovery KDF, the new passphrase's KDF and the mirror, off the UI thread."""
        app = self.journal_app
        try:
            vault, fresh_key = Vault.recover(app.paths.vault, key, passphrase, clock=app.clock)
            try:
                vault.load_mirror()
            except BaseException:
                vault.close()
                raise
        except (BadRecoveryKey, CannotUnlock) as refused:
            app.call_from_thread(self._refused, refused)
        except (VaultError, sqlite3.Error, OSError) as error:
            app.call_from_thread(self._failed, error)
        else:
            app.call_from_thread(self._recovered, vault, fresh_key)

    def _refused(self, refused: Exception) -> None:
        """The vault's own sentence for a typo; a key that fits no journal is said kindly."""
        self._busy(False)
        key_field = self.query_one("#recovery-key-input", Input)
        key_field.clear()
        if isinstance(refused, BadRecoveryKey):
            self._say_key(str(refused))
        else:
            self._say_key(_("That recovery key didn't open this journal. Please try again."))
        key_field.focus()

    def _failed(self, error: Exception) -> None:
        from psp_journal.tui.problems import describe_problem

        self._busy(False)
        self._say_key(describe_problem(error))

    def _recovered(self, vault: Vault, fresh_key: str) -> None:
        self.query_one(NewPassphrase).clear()
        self.query_one("#recovery-key-input", Input).clear()
        self._vault = vault

        def kept(_result: None) -> None:
            self._vault = None
            self.app.call_later(self.journal_app.opened, vault)

        self.app.push_screen(
            RecoveryKeyScreen(
                fresh_key,
                _("Your new recovery key (the one you used no longer works)"),
            ),
            kept,
        )

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_unmount(self) -> None:
        """Left before the journal opened (a lock or quit): the vault is closed, not kept."""
        vault, self._vault = self._vault, None
        if vault is not None:
            vault.close()
