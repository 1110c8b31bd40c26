"""A damaged vault: what was found, how much is intact, and a way to save the rest.

The same read-only rescue as `psp-journal dump` on a damaged vault: nothing here ever
writes to the vault, so a second look (or a backup put back later) starts from the same
file. The rescued copy is plain text, so it may not go inside the journal's own folder,
by the same rule as the command line's.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, LoadingIndicator, Static

from psp_journal.i18n import _, ngettext
from psp_journal.portability import describe_rescue, inside_home, write_rescue_dump
from psp_journal.problems import SQLITE_DAMAGE
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain
from psp_journal.vault import IntegrityError, VaultError
from psp_journal.vault.rescue import rescue_vault

if TYPE_CHECKING:
    pass


def what_was_found(damage: Exception) -> str:
    """The vault's own list of failures, one a line; SQLite's damage in one sentence."""
    if isinstance(damage, IntegrityError) and damage.failures:
        return "\n".join(f"· {failure}" for failure in damage.failures)
    return _(SQLITE_DAMAGE)


class DamagedScreen(JournalAppView, Screen[None]):
    """Pushed by the unlock screen when the passphrase was right but the file is not.
    Holds the passphrase only while it is open (the rescue needs it); esc goes back."""

    BINDINGS = [
        Binding(
            "escape",
            "back",
            _("Back"),
            id="damaged.back",
            tooltip=_("Back to the passphrase"),
        ),
    ]
    DEFAULT_CSS = """
    DamagedScreen .paragraph {
        margin-bottom: 1;
        height: auto;
    }
    DamagedScreen #found {
        color: $text-muted;
        margin-bottom: 1;
    }
    DamagedScreen #rescue-message {
        height: auto;
        min-height: 1;
    }
    DamagedScreen #rescue-message.refused {
        color: $warning;
    }
    DamagedScreen #rescue-message.saved {
        color: $success;
    }
    DamagedScreen LoadingIndicator {
        height: 1;
    }
    """

    def __init__(self, damage: Exception, passphrase: str) -> None:
        super().__init__()
        self._damage = damage
        self._passphrase: str | None = passphrase

    def compose(self) -> ComposeResult:
        with Center(classes="centred"), VerticalScroll(classes="centred-box"):
            yield Static(_("Part of your journal file is damaged"), classes="step-title")
            yield Static(
                _(
                    "Nothing was changed, and nothing will be written to it. "
                    "Here is what was found:"
                ),
                classes="paragraph",
            )
            yield Plain(what_was_found(self._damage), id="found")
            yield LoadingIndicator(id="counting")
            yield Plain("", id="intact", classes="paragraph")
            yield Static(
                _(
                    "You can save everything still intact to a plain-text file (JSON Lines), "
                    "outside the journal's folder. Keep it safe and delete it when you no "
                    "longer need it."
                ),
                classes="paragraph",
            )
            yield Input(
                placeholder=_("Where to save it, like ~/journal-rescue.jsonl"),
                id="rescue-path",
            )
            yield LoadingIndicator(id="saving")
            yield Plain("", id="rescue-message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#saving", LoadingIndicator).display = False
        self.query_one("#rescue-path", Input).focus()
        self.count_intact()

    @work(thread=True, exclusive=True, group="damaged-count")
    def count_intact(self) -> None:
        """How much can still be read: the command line's own sentence, off the UI thread."""
        passphrase = self._passphrase
        if passphrase is None:
            return
        summary = describe_rescue(self.journal_app.paths.vault, passphrase)
        self.app.call_from_thread(self._counted, summary)

    def _counted(self, summary: str) -> None:
        self.query_one("#counting", LoadingIndicator).display = False
        self.query_one("#intact", Static).update(summary)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed:
            self._say(_("Type where to save the file, then press Enter."), refused=True)
            return
        target = Path(typed).expanduser().absolute()
        if inside_home(target, self.journal_app.paths):
            self._say(
                _(
                    "A plain-text copy may not be saved inside the journal's own folder. "
                    "Please choose a place outside it."
                ),
                refused=True,
            )
            return
        if target.exists() or target.is_symlink():
            self._say(_("That file already exists. Please choose a new name."), refused=True)
            return
        if not target.parent.is_dir():
            self._say(_("That folder does not exist. Please choose another."), refused=True)
            return
        self._say("", refused=False)
        self._saving(True)
        self.save_rescue(target)

    def _say(self, message: str, *, refused: bool) -> None:
        line = self.query_one("#rescue-message", Static)
        line.set_class(refused, "refused")
        line.set_class(not refused and bool(message), "saved")
        line.update(message)

    def _saving(self, busy: bool) -> None:
        self.query_one("#rescue-path", Input).display = not busy
        self.query_one("#saving", LoadingIndicator).display = busy

    @work(thread=True, exclusive=True, group="damaged-save")
    def save_rescue(self, target: Path) -> None:
        """Read-only rescue and a durable 0600 file, off the UI thread."""
        passphrase = self._passphrase
        if passphrase is None:
            return
        try:
            rescued = rescue_vault(self.journal_app.paths.vault, passphrase)
            try:
                count = write_rescue_dump(rescued, target)
            finally:
                rescued.close()
        except (VaultError, sqlite3.Error, OSError) as error:
            self.app.call_from_thread(self._not_saved, error)
        else:
            self.app.call_from_thread(self._saved, count, target)

    def _saved(self, count: int, target: Path) -> None:
        self._saving(False)
        self._say(
            ngettext(
                "Saved {count} entry to {file}.", "Saved {count} entries to {file}.", count
            ).format(count=count, file=target),
            refused=False,
        )

    def _not_saved(self, error: Exception) -> None:
        from psp_journal.tui.problems import describe_problem

        self._saving(False)
        self._say(describe_problem(error), refused=True)

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self._passphrase = None
