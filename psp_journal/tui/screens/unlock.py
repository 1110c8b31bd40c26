"""The unlock screen, which is also the lock screen: opaque, and holding no journal text.

It is a full `Screen`, never a modal (a modal shows what is behind it). The KDF runs in
a thread worker (cryptography releases the GIL there), so the screen stays alive with a
loading indicator while the journal opens.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, LoadingIndicator, Static

from psp_journal.i18n import _
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain

if TYPE_CHECKING:
    pass


def demo_passphrase_line(passphrase: str) -> str:
    """Scripts read this exact line to unlock the demo: a contract, never translated."""
    return f"Demo passphrase: {passphrase}"


class UnlockScreen(JournalAppView, Screen[None]):
    BINDINGS = [
        Binding(
            "ctrl+r",
            "recover",
            _("Recovery key"),
            id="unlock.recover",
            tooltip=_("Forgot your passphrase? Open the journal with your recovery key"),
        ),
    ]

    def compose(self) -> ComposeResult:
        app = self.journal_app
        with Center(classes="centred"), Vertical(id="unlock-box", classes="centred-box"):
            yield Static("psp-journal", id="unlock-title", classes="title")
            yield Static(_("Your private journal, on this computer only."), classes="tagline")
            yield Input(password=True, placeholder=_("Passphrase"), id="passphrase")
            yield LoadingIndicator(id="opening")
            yield Static(_("Opening your journal…"), id="opening-words")
            yield Static("", id="unlock-message", classes="quiet-message")
            yield Static(_("Forgot it? Use your recovery key (ctrl+r)"), classes="hint")
            if app.demo_passphrase:
                yield Plain(
                    demo_passphrase_line(app.demo_passphrase),
                    id="demo-passphrase",
                    classes="hint",
                )
        yield Footer()

    def on_mount(self) -> None:
        self._opening(False)
        self.query_one("#passphrase", Input).focus()

    def _opening(self, busy: bool) -> None:
        self.query_one("#passphrase", Input).display = not busy
        self.query_one("#opening", LoadingIndicator).display = busy
        self.query_one("#opening-words", Static).display = busy

    def on_input_submitted(self, event: Input.Submitted) -> None:
        passphrase = event.value
        event.input.clear()
        if not passphrase:
            self._say(_("Type your passphrase, then press Enter."))
            return
        self._say("")
        self._opening(True)
        self.warm_up()
        self.open_vault(passphrase)

    @work(thread=True, group="warm-up")
    def warm_up(self) -> None:
        """Load the journal's screens while the KDF runs in the other worker (it releases
        the GIL), so the dashboard is drawn sooner once the journal opens."""
        import psp_journal.journal
        import psp_journal.tui.dialogs.step_back
        import psp_journal.tui.screens.dashboard
        import psp_journal.tui.screens.forms  # noqa: F401

    def _say(self, message: str) -> None:
        self.query_one("#unlock-message", Static).update(message)

    @work(thread=True, exclusive=True, group="unlock")
    def open_vault(self, passphrase: str) -> None:
        """The KDF, the unwrap and the mirror, off the UI thread."""
        from psp_journal.vault import CannotUnlock, IntegrityError, Vault, VaultError

        app = self.journal_app
        try:
            vault = Vault.unlock(app.paths.vault, passphrase, clock=app.clock)
            try:
                vault.load_mirror()
            except BaseException:
                vault.close()
                raise
        except CannotUnlock:
            app.call_from_thread(self._refused)
        except (IntegrityError, sqlite3.DatabaseError) as damage:
            app.call_from_thread(self._damaged, damage, passphrase)
        except (VaultError, sqlite3.Error, OSError) as error:
            app.call_from_thread(self._failed, error)
        else:
            app.call_from_thread(app.opened, vault)

    def _refused(self) -> None:
        self._opening(False)
        self._say(_("That passphrase didn't open the journal. Please try again."))
        self.query_one("#passphrase", Input).focus()

    def _failed(self, error: Exception) -> None:
        from psp_journal.tui.problems import describe_problem

        self._opening(False)
        self._say(describe_problem(error))

    async def _damaged(self, damage: Exception, passphrase: str) -> None:
        from psp_journal.tui.screens.damaged import DamagedScreen

        self._opening(False)
        await self.app.push_screen(DamagedScreen(damage, passphrase))

    async def action_recover(self) -> None:
        from psp_journal.tui.screens.recover import RecoverScreen

        await self.app.push_screen(RecoverScreen())
