"""The vault's own actions in Settings: a new passphrase, a new recovery key, a new key for
everything (rekey), a backup and a check, each with its command's checks and words.

Each asks for the passphrase the person has now, as the command line does (it cannot
open the vault without it; here, someone at an unlocked screen cannot change its keys
without it). The work runs in a thread worker, under a "working" box, with the app's
locks held off (`JournalApp.vault_busy`) until any new recovery key has been shown: a
lock then would lose the only sight of it. The app's own key change never locks it: the
vault keeps the new header, so its check against another copy's change still agrees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from psp_journal.i18n import N_, _, ngettext
from psp_journal.terminal_text import one_line
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain
from psp_journal.tui.screens.forms.fields import FieldRow, TextField
from psp_journal.tui.widgets.new_passphrase import NewPassphrase
from psp_journal.vault import Vault

# The command line's headings for a new recovery key.
_NEW_KEY_HEADING = N_("Your new recovery key (the old one no longer works)")


@dataclass(frozen=True)
class Done:
    """What a finished action says, and a recovery key to show once, if it made one."""

    words: str
    recovery_key: str | None = None
    trouble: bool = False


Job = Callable[[Vault, str], Done]


class VaultActions(JournalAppView, Vertical):
    DEFAULT_CSS = """
    VaultActions {
        height: auto;
        & Button {
            margin-bottom: 1;
        }
        & #vault-message {
            height: auto;
            margin-bottom: 1;
        }
        & #vault-message.-trouble {
            color: $error;
        }
    }
    """

    def compose(self) -> ComposeResult:
        today = self.journal_app.clock().date()
        yield Static(
            _(
                "Each of these asks for the passphrase you have now, as the command line "
                "does. The longer ones take a moment; the app waits with you."
            ),
            classes="muted",
        )
        yield FieldRow(_("Passphrase now"), _secret(TextField("passphrase-now")))
        yield Plain("", id="vault-message")
        yield Static(_("A new passphrase"), classes="settings-heading")
        yield Static(_("Your recovery key stays the same."), classes="muted")
        yield NewPassphrase()
        yield Button(_("Change passphrase"), id="change-passphrase")
        yield Static(_("A new recovery key"), classes="settings-heading")
        yield Static(
            _(
                "The recovery key is never stored, so it cannot be shown again. A new one "
                "is shown once, and the old one stops working."
            ),
            classes="muted",
        )
        yield Button(_("New recovery key"), id="new-recovery-key")
        yield Static(_("A new key for everything (rekey)"), classes="settings-heading")
        yield Static(
            _(
                "Every record is re-encrypted under a new key, and you get a new recovery "
                "key. An old copy of the file cannot open anything written after."
            ),
            classes="muted",
        )
        yield Button(_("Rekey"), id="rekey")
        yield Static(_("Backup"), classes="settings-heading")
        yield FieldRow(
            _("Save as"),
            TextField("backup", str(Path.home() / f"psp-journal-{today.isoformat()}.vault")),
            _("A new file: an encrypted, checked copy that opens with your passphrase."),
        )
        yield Button(_("Back up"), id="backup")
        yield Static(_("Check the vault"), classes="settings-heading")
        yield Static(
            _("The header, the file and every record, read and checked; nothing is changed."),
            classes="muted",
        )
        yield Button(_("Check the vault"), id="verify")

    # --- the actions ---------------------------------------------------------------------

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "change-passphrase": self._change_passphrase,
            "new-recovery-key": self._new_recovery_key,
            "rekey": self._rekey,
            "backup": self._backup,
            "verify": self._verify,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            event.stop()
            await action()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the second new-passphrase field changes it; in the backup's file
        name, backs up. (Enter in the first field moves to the second by itself.)"""
        event.stop()
        if event.input.id == "new-again":
            await self._change_passphrase()
        elif event.input.id == "field-backup":
            await self._backup()

    async def _change_passphrase(self) -> None:
        passphrase = self._passphrase_now()
        if passphrase is None:
            return
        new_passphrase = self.query_one(NewPassphrase).chosen()
        if new_passphrase is None:
            return
        self.query_one(NewPassphrase).clear()

        def job(vault: Vault, _now: str) -> Done:
            vault.change_passphrase(new_passphrase)
            return Done(_("Your passphrase is changed. Your recovery key still works."))

        await self._start(_("Changing your passphrase…"), passphrase, job)

    async def _new_recovery_key(self) -> None:
        passphrase = self._passphrase_now()
        if passphrase is None:
            return

        def job(vault: Vault, _now: str) -> Done:
            key = vault.new_recovery_key()
            return Done(_("A new recovery key is made; the old one no longer works."), key)

        await self._start(_("Making a new recovery key…"), passphrase, job)

    async def _rekey(self) -> None:
        passphrase = self._passphrase_now()
        if passphrase is None:
            return

        def job(vault: Vault, _now: str) -> Done:
            key = vault.rekey()
            count = vault.record_count()
            vault.load_mirror()  # here, not on the UI thread's next read
            return Done(
                ngettext(
                    "Every record ({count}) is re-encrypted under a new key.",
                    "Every record ({count}) is re-encrypted under a new key.",
                    count,
                ).format(count=count),
                key,
            )

        await self._start(
            _("Re-encrypting every record under a new key… This can take a minute."),
            passphrase,
            job,
        )

    async def _backup(self) -> None:
        """`backup FILE`'s checks first: the folder exists, the file does not."""
        from psp_journal.vault.maintenance import backup_vault

        row = self.query_one("#row-backup", FieldRow)
        row.show_problem("")
        text = self.query_one("#field-backup", TextField).value.strip()
        target = Path(text).expanduser().absolute()
        if not text:
            row.show_problem(_("Type a file name for the backup."))
            return
        if not target.parent.is_dir():
            row.show_problem(
                _("The folder {folder} does not exist.").format(folder=one_line(str(target.parent)))
            )
            return
        if target.exists():
            row.show_problem(
                _("{path} already exists; choose a new file name.").format(
                    path=one_line(str(target))
                )
            )
            return
        passphrase = self._passphrase_now()
        if passphrase is None:
            return

        def job(vault: Vault, _now: str) -> Done:
            backup_vault(vault, target)
            return Done(
                _(
                    "Backup written and checked: {path}\nIt opens with the passphrase you have now."
                ).format(path=one_line(str(target)))
            )

        await self._start(_("Writing the backup and checking it…"), passphrase, job)

    async def _verify(self) -> None:
        passphrase = self._passphrase_now()
        if passphrase is None:
            return

        def job(vault: Vault, now: str) -> Done:
            from psp_journal.portability import describe_rescue
            from psp_journal.vault import IntegrityError
            from psp_journal.vault.maintenance import verify_vault

            try:
                count = verify_vault(vault.path, now)
            except IntegrityError as damage:
                listed = "\n".join(f"  - {failure}" for failure in damage.failures)
                rescue = describe_rescue(vault.path, now)
                return Done(
                    _("The vault did not check out:\n{listed}\n{rescue}").format(
                        listed=listed, rescue=rescue
                    ),
                    trouble=True,
                )
            return Done(
                ngettext(
                    "All well: the header, the file and its {count} record check out.",
                    "All well: the header, the file and all {count} records check out.",
                    count,
                ).format(count=count)
            )

        # verify_vault opens the file with the passphrase itself: no check before.
        await self._start(_("Checking every record…"), passphrase, job, check_first=False)

    # --- running one -----------------------------------------------------------------------

    def _passphrase_now(self) -> str | None:
        """The passphrase typed now, taken out of its field; None (and said) if empty."""
        field = self.query_one("#field-passphrase-now", TextField)
        row = self.query_one("#row-passphrase-now", FieldRow)
        passphrase = field.value
        field.clear()
        if not passphrase:
            row.show_problem(_("Type the passphrase you have now first."))
            field.focus()
            return None
        row.show_problem("")
        return passphrase

    async def _start(self, words: str, passphrase: str, job: Job, check_first: bool = True) -> None:
        from psp_journal.tui.dialogs.working import WorkingDialog

        app = self.journal_app
        if app.vault is None:
            return
        self._say("")
        app.vault_busy = True
        await app.push_screen(WorkingDialog(words))
        self._work(app.vault, passphrase, job, check_first)

    @work(thread=True, exclusive=True, group="vault-actions")
    def _work(self, vault: Vault, passphrase: str, job: Job, check_first: bool) -> None:
        """Off the UI thread: the passphrase checked as unlocking checks it (the KDF),
        then the job; what happened goes back to the UI thread."""
        from psp_journal.tui.problems import describe_problem
        from psp_journal.vault.keys import unwrap_with_passphrase

        app = self.journal_app
        try:
            if check_first:
                unwrap_with_passphrase(vault.header, passphrase)
            done = job(vault, passphrase)
        except Exception as error:  # noqa: BLE001 — said in plain words; the app goes on
            app.call_from_thread(self._finished, Done(describe_problem(error), trouble=True))
        else:
            app.call_from_thread(self._finished, done)

    async def _finished(self, done: Done) -> None:
        from psp_journal.tui.dialogs.working import WorkingDialog
        from psp_journal.tui.screens.recovery_key import RecoveryKeyScreen

        app = self.journal_app
        if isinstance(app.screen, WorkingDialog):
            app.pop_screen()
        self._say(done.words, trouble=done.trouble)
        app.notify(done.words, severity="warning" if done.trouble else "information", markup=False)
        if done.recovery_key is None:
            app.vault_work_done()
            return
        await app.push_screen(
            RecoveryKeyScreen(done.recovery_key, _(_NEW_KEY_HEADING)),
            lambda _dismissed: app.vault_work_done(),
        )

    def _say(self, words: str, *, trouble: bool = False) -> None:
        message = self.query_one("#vault-message", Static)
        message.update(words)
        message.set_class(trouble, "-trouble")


def _secret(field: TextField) -> TextField:
    field.password = True
    return field
