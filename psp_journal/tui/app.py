"""The app: it owns the unlocked journal, the lock and the clock; the screens only show them.

While locked the app holds no journal: no vault, no keys, no mirror, and no screen that
ever showed journal text (they are removed, not hidden). Everything the screens need
while unlocked comes from `journal`, and every time they need "now" from `clock`, so
tests and snapshots never depend on the day they run.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from psp_journal.config import Paths
from psp_journal.i18n import _
from psp_journal.tui.crash import QuietCrashes

if TYPE_CHECKING:
    from psp_journal.journal import Journal
    from psp_journal.tui.screens.form_base import Drafted
    from psp_journal.vault import KdfParams, Vault

Clock = Callable[[], datetime]
IdleClock = Callable[[], float]

# How often the app looks for another process's writes and for idleness. The vault's
# check is one PRAGMA, so a short interval costs nothing while it keeps the app current.
POLL_SECONDS = 2.0
# After this long without a key or a click, the write-ahead log may be folded back into
# the vault file: never on the typing path.
CHECKPOINT_AFTER_IDLE_SECONDS = 20.0

# Input that counts as someone at the keyboard: it resets the auto-lock.
_ACTIVITY = (
    events.Key,
    events.MouseDown,
    events.MouseScrollDown,
    events.MouseScrollUp,
    events.Paste,
)


class JournalApp(QuietCrashes, App[None]):
    """psp-journal's app. `kdf` is for tests only (a cheaper KDF through the Python API):
    the command line never passes one."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "psp-journal"
    BINDINGS: ClassVar[list[Any]] = [
        Binding(
            "ctrl+q",
            "quit",
            _("Quit"),
            id="app.quit",
            priority=True,
            tooltip=_("Lock the journal and quit"),
        ),
        Binding(
            "ctrl+l",
            "lock_now",
            _("Lock"),
            id="app.lock",
            priority=True,
            tooltip=_("Lock now: the journal closes until you type your passphrase"),
        ),
        Binding("f1", "help", _("Help"), id="app.help", tooltip=_("Every key and command")),
    ]

    def __init__(
        self,
        paths: Paths,
        *,
        clock: Clock = datetime.now,
        idle_clock: IdleClock = time.monotonic,
        demo_passphrase: str | None = None,
        kdf: KdfParams | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.clock = clock
        self.idle_clock = idle_clock
        self.demo_passphrase = demo_passphrase
        self.kdf = kdf
        self.vault: Vault | None = None
        self.journal: Journal | None = None
        self.auto_lock_seconds = 5 * 60.0
        self._last_activity = idle_clock()
        self._checkpointed_since_activity = True
        self._reminder: Timer | None = None
        self._reopen_form: str | None = None
        self._reopen_prompt = False
        self.theme_names: list[str] = []
        # True while a worker thread changes the vault itself (Settings: a new passphrase,
        # a new key, a backup, a check) and until a new recovery key is seen: no idle
        # lock, no poll, no prompt, no lock or quit key, so the vault is never closed or
        # read from the UI thread under that work, nor a new key lost to a lock.
        self.vault_busy = False
        self._look_problems = self._apply_look_and_keys()
        # What the launcher must still do if the terminal closes under the app.
        self.on_hang_up: list[Callable[[], None]] = []

    # --- starting -------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self._look_problems:
            self.notify(self._look_problems, severity="warning", timeout=15, markup=False)
        self._quit_on_hangup()
        self.set_interval(POLL_SECONDS, self.poll)
        self.show_locked()

    def _quit_on_hangup(self) -> None:
        """A polite kill locks and quits as ctrl+q does; a closed terminal window is
        `_hang_up`. Either way the snapshot is saved, the keys dropped, and `--demo`'s
        folder removed."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        try:
            loop.add_signal_handler(signal.SIGTERM, self.call_later, self.action_quit)
            loop.add_signal_handler(signal.SIGHUP, self._hang_up)
        except (NotImplementedError, AttributeError, RuntimeError):
            return  # Windows: no such signals; the console closes the app itself

    def _hang_up(self) -> None:
        """The terminal is gone: nothing can be drawn, and Textual's own shutdown would wait
        forever to restore it. So: keep any open form as a draft, close the vault, run
        the launcher's clean-ups, and leave at once."""
        import os

        if self.journal is not None:
            for screen in self.screen_stack:
                if _keeps_draft(screen):
                    self._try_keep_draft(screen)
        self._close_vault()
        for cleanup in self.on_hang_up:
            cleanup()
        os._exit(0)

    def _apply_look_and_keys(self) -> str:
        """Our themes and the person's own, the theme and keys chosen in config.toml; every
        problem found on the way in one message (shown once mounted; file names may hold
        `[`). Done before the first frame: a theme set after it makes Textual parse and
        apply every style sheet a second time."""
        from psp_journal.config import read_app_config
        from psp_journal.tui.themes import load_themes, resolve_theme

        catalogue = load_themes(self.paths.config_dir)
        for theme in catalogue.themes.values():
            self.register_theme(theme)
        self.theme_names = list(catalogue.themes)
        config, problems = read_app_config(self.paths)
        self.theme, fallback = resolve_theme(config.theme, catalogue)
        if config.keymap:
            self.set_keymap(config.keymap)
        found = [*([catalogue.problems] if catalogue.problems else []), *problems]
        if fallback:
            found.append(fallback)
        return "\n".join(found)

    def choose_theme(self, name: str) -> None:
        """Show `name` now and remember it for the next start."""
        from psp_journal.config import SettingsFileError, save_theme

        self.theme = name
        try:
            save_theme(self.paths, name)
        except (SettingsFileError, OSError) as problem:
            self.notify(str(problem), severity="warning", markup=False)

    def show_locked(self) -> None:
        if self.paths.vault.exists():
            from psp_journal.tui.screens.unlock import UnlockScreen

            self.push_screen(UnlockScreen())
        else:
            from psp_journal.tui.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen())

    @property
    def locked(self) -> bool:
        return self.journal is None

    # --- unlocking ------------------------------------------------------------------------

    async def opened(self, vault: Vault) -> None:
        """The vault is open and its mirror loaded (in the unlock worker): show the journal.

        Rolling retention is applied here, on unlock, as the contract says; what it
        removed is said once, with the vault's own notices.
        """
        from psp_journal.journal import Journal
        from psp_journal.tui.screens.dashboard import DashboardScreen

        self.vault = vault
        self.journal = Journal(vault, self.clock)
        self.auto_lock_seconds = self.journal.settings().auto_lock_minutes * 60.0
        self._last_activity = self.idle_clock()
        notices = list(vault.notices)
        vault.notices.clear()
        purged = self.journal.apply_retention()
        if purged is not None and purged.total:
            notices.append(purged.sentence())
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.push_screen(DashboardScreen())
        for notice in notices:
            self.notify(notice, timeout=12)
        reopen, self._reopen_form = self._reopen_form, None
        if reopen is not None:
            await self.open_form(reopen)
        if self._reopen_prompt:
            self._reopen_prompt = False
            self._show_prompt_again()
        # The dashboard is drawn first; the prompt, when due, opens over it a moment later.
        self.call_after_refresh(self.check_prompt)

    # --- locking --------------------------------------------------------------------------

    async def action_lock_now(self) -> None:
        await self.lock()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Lock is offered only while there is something to lock, and neither lock, quit
        nor the palette or help while the vault itself is being changed (it takes a
        moment, under a box that closes itself)."""
        if self.vault_busy and action in ("lock_now", "quit", "command_palette", "help"):
            return False
        if action == "lock_now":
            return not self.locked
        return True

    async def action_quit(self) -> None:
        await self.lock(then_unlock_screen=False)
        self.exit()

    async def lock(self, *, then_unlock_screen: bool = True) -> None:
        """Keep any open form as a draft, drop every screen and the keys, and ask again."""
        from psp_journal.tui.dialogs.step_back import StepBackDialog
        from psp_journal.tui.screens.form_base import FormScreen

        lost_draft = False
        if self.journal is not None:
            for screen in self.screen_stack:
                if _keeps_draft(screen):
                    lost_draft |= not self._try_keep_draft(screen)
                if isinstance(screen, FormScreen) and screen.KEEPS_DRAFT:
                    self._reopen_form = screen.FORM
                elif isinstance(screen, StepBackDialog):
                    self._reopen_prompt = True
        self._close_vault()
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        if then_unlock_screen:
            self.show_locked()
        if lost_draft:
            self.notify(
                _("The open form could not be kept as a draft; nothing else was affected."),
                severity="warning",
            )

    def _try_keep_draft(self, form: Drafted) -> bool:
        """A lock must happen whatever the draft's fate: a failure to keep it (a full disk)
        is said, never allowed to keep the journal open."""
        import sqlite3

        from psp_journal.models import ValidationError
        from psp_journal.vault import VaultError

        try:
            self.keep_draft(form)
        except (ValidationError, VaultError, sqlite3.Error, OSError):
            return False
        return True

    def _close_vault(self) -> None:
        """Drop the vault, saving the quick-open snapshot when it can; a vault changed
        under the app (re-keyed elsewhere) is closed without one, never left open."""
        import sqlite3

        from psp_journal.vault import VaultError

        if self._reminder is not None:
            self._reminder.stop()
            self._reminder = None
        vault, self.vault, self.journal = self.vault, None, None
        if vault is None:
            return
        try:
            vault.checkpoint_if_due()
            vault.close(save_snapshot=True)
        except (VaultError, sqlite3.Error, OSError):
            with contextlib.suppress(VaultError, sqlite3.Error, OSError):
                vault.close()

    def keep_draft(self, form: Drafted) -> None:
        """Store what an open form holds, encrypted, so a lock or an esc loses nothing."""
        if self.journal is None:
            return
        fields = form.draft_fields()
        if fields:
            self.journal.save_draft(form.FORM, fields)
        else:
            self.journal.discard_draft(form.FORM)

    # --- staying current and locking when idle --------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste):
            # Pasted text may carry escape sequences; a field would send them to the
            # terminal as they are. They go in as visible escapes (\x1b) instead.
            from psp_journal.terminal_text import shown

            event.text = shown(event.text)
        if isinstance(event, _ACTIVITY):
            self._last_activity = self.idle_clock()
            self._checkpointed_since_activity = False
        await super().on_event(event)

    async def poll(self) -> None:
        """Lock when idle long enough; otherwise fold the log back on a pause, and pick up
        what another running copy or the command line wrote."""
        if self.vault is None or self.vault_busy:
            return
        idle = self.idle_clock() - self._last_activity
        if idle >= self.auto_lock_seconds:
            await self.lock()
            return
        import sqlite3

        from psp_journal.vault import VaultError

        try:
            if idle >= CHECKPOINT_AFTER_IDLE_SECONDS and not self._checkpointed_since_activity:
                self.vault.checkpoint_if_due()
                self._checkpointed_since_activity = True
            changed = self.vault.refresh()
        except (VaultError, sqlite3.Error, OSError) as problem:
            await self._lock_after(problem)
            return
        if changed:
            self.journal_changed()

    def vault_work_done(self) -> None:
        """The vault work is over and its result seen: locks and polls resume, and the
        idle clock starts afresh (writing a recovery key down presses no keys)."""
        self.vault_busy = False
        self._last_activity = self.idle_clock()
        self.check_prompt()

    async def _lock_after(self, problem: BaseException) -> None:
        """The vault changed under the app in a way it cannot follow (re-keyed or restored
        by the command line, or damaged): lock, say why, and let the passphrase open it
        afresh, rather than stop with a crash."""
        from psp_journal.tui.problems import describe_problem

        await self.lock()
        self.notify(describe_problem(problem), severity="warning", timeout=20, markup=False)

    def journal_changed(self) -> None:
        """After a save here or a write elsewhere: every screen shows the journal as it is
        now, and the step-back prompt is asked again."""
        if self.journal is not None:
            self.auto_lock_seconds = self.journal.settings().auto_lock_minutes * 60.0
        for screen in self.screen_stack:
            refresh = getattr(screen, "show_journal", None)
            if refresh is not None:
                refresh()
        self.check_prompt()

    # --- the step-back prompt -------------------------------------------------------------

    def check_prompt(self) -> None:
        """Show the prompt when the rhythm says so; while a snooze runs, set a timer for
        when it ends, so a reminder the person asked for comes back on time."""
        if self.journal is None or self.vault_busy or self._prompt_open():
            return
        decision, assessment = self.journal.prompt_due()
        if self._reminder is not None:
            self._reminder.stop()
            self._reminder = None
        if decision.remind_at is not None:
            wait = max(0.0, (decision.remind_at - self.clock()).total_seconds())
            self._reminder = self.set_timer(wait + 1, self.check_prompt)
        if decision.due:
            from psp_journal.tui.dialogs.step_back import StepBackDialog

            self.journal.record_prompt_event("shown", assessment)
            self.push_screen(StepBackDialog(assessment))

    def _show_prompt_again(self) -> None:
        """A lock came while the prompt was open and unanswered: it comes back with its
        note, if things still stand at step-back (it was already shown, so no new record)."""
        from psp_journal.care.strain import STEP_BACK
        from psp_journal.tui.dialogs.step_back import StepBackDialog

        if self.journal is None:
            return
        assessment = self.journal.assess(self.clock().date())
        if assessment.level == STEP_BACK:
            self.push_screen(StepBackDialog(assessment))

    def _prompt_open(self) -> bool:
        return any(type(screen).__name__ == "StepBackDialog" for screen in self.screen_stack)

    # --- moving around --------------------------------------------------------------------

    async def back_to_dashboard(self) -> None:
        from psp_journal.tui.screens.dashboard import DashboardScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, DashboardScreen):
            await self.pop_screen()
        self.journal_changed()

    async def open_screen(self, screen: Screen[Any]) -> None:
        """Open one of the journal's screens over the dashboard."""
        if self.journal is None:
            return
        await self.back_to_dashboard()
        await self.push_screen(screen)

    async def open_form(self, form: str) -> None:
        """Open an everyday form over the dashboard, with its draft if one was kept."""
        from psp_journal.tui.screens.forms import FORM_SCREENS

        if self.journal is None:
            return
        await self.back_to_dashboard()
        draft = self.journal.drafts().get(form)
        await self.push_screen(FORM_SCREENS[form](draft=draft))

    async def saved(self, message: str) -> None:
        """After a durable write: say so, show the dashboard, and ask the prompt again."""
        from psp_journal.tui.screens.form_base import FormScreen

        if self.journal is not None and isinstance(self.screen, FormScreen):
            self.journal.discard_draft(self.screen.FORM)
        self.notify(message, timeout=4)
        await self.back_to_dashboard()

    def action_help(self) -> None:
        from psp_journal.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    # --- the command palette --------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Ours only: Textual's own "Screenshot" writes the screen (journal text) to disk,
        and its theme switcher is replaced by ours. While locked, only Help and Quit."""
        from psp_journal.tui.commands import palette_commands

        yield from palette_commands(self, screen)

    async def action_choose_theme(self) -> None:
        from psp_journal.tui.dialogs.theme_picker import ThemePicker

        await self.push_screen(ThemePicker())


def _keeps_draft(screen: Screen[Any]) -> bool:
    """A form for a new entry, or the step-back prompt: what a lock keeps as a draft."""
    from psp_journal.tui.dialogs.step_back import StepBackDialog
    from psp_journal.tui.screens.form_base import FormScreen

    if isinstance(screen, FormScreen):
        return screen.KEEPS_DRAFT
    return isinstance(screen, StepBackDialog)
