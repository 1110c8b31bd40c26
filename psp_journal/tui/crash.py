"""Textual's crash report, log and screenshots, closed so none of them can carry journal text.

Textual 8.2.8 answers an unhandled error (in a handler, an action, `compose`, `on_mount`, a
timer or a worker) by printing a Rich traceback *with local variables* after the app exits,
and the locals of this app are entries, passphrases and keys. It also obeys variables that
anyone can set in the environment: `TEXTUAL_SCREENSHOT` saves an SVG of the screen to disk
and exits, `TEXTUAL_LOG` appends every log line (a failed worker's error among them) to a
file, and `TEXTUAL=devtools` sends the log and every print to a console. `QuietCrashes`
turns all of these off for the app it is mixed into: a crash prints only the CLI's
`CRASH_MESSAGE`, restores the terminal and exits with return code 1.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from textual import constants
from textual.app import App

from psp_journal.hygiene import CRASH_MESSAGE

if TYPE_CHECKING:
    _AppBase = App[Any]
else:
    _AppBase = object


class QuietCrashes(_AppBase):
    """Mix in before `App`: `class JournalApp(QuietCrashes, App[None])`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Both are read from module constants at the moment of use, process-wide; the
        # journal is the only app in its process, so turning them off here is enough.
        constants.LOG_FILE = None  # type: ignore[misc]
        constants.SCREENSHOT_DELAY = -1  # type: ignore[misc]
        self.devtools = None
        self._devtools_redirector = None
        self._crash_message_due = False

    def _handle_exception(self, error: Exception) -> None:
        """Where Textual sends every unhandled error; it would render a traceback here."""
        if self._exception is None:
            # Kept only for `run_test`, which re-raises it after the app stops so that a
            # test still fails on a crash.
            self._exception = error
        self._stop_after_crash()

    def panic(self, *renderables: RenderableType) -> None:
        """Stop the app as after a crash; the renderables are not shown, they may quote
        the journal."""
        self._stop_after_crash()

    def _stop_after_crash(self) -> None:
        # Also after `panic`, which Textual leaves out: a test's Pilot waits on this event,
        # and would otherwise wait 30 seconds for an app that has stopped.
        self._exception_event.set()
        self._return_code = 1
        self._crash_message_due = True
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        """Called after the terminal is restored (and again at shutdown)."""
        if not self._crash_message_due:
            super()._print_error_renderables()
            return
        self._exit_renderables.clear()
        self._crash_message_due = False
        sys.stderr.write(CRASH_MESSAGE)
        sys.stderr.flush()

    def save_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str:
        """Writes nothing: a screenshot file would hold the journal text on screen."""
        return ""

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """Delivers nothing (the "screenshot" action and palette command end here)."""
        return None
