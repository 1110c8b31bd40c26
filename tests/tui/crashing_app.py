"""A minimal app that fails where asked with a marker in its locals, with `QuietCrashes`
and without (Textual's own handling, to show what the tests would catch).

Imported by the in-process tests and run as a child process (under a pseudo-terminal) by
`python -m tests.tui.crashing_app SITE MARKER [plain]`; it exits with `app.return_code`.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Static
from textual.worker import Worker

from psp_journal.tui.crash import QuietCrashes

READY = "crash-test ready"
OWN_EXIT_CODE = 3
"""What the "none" site exits with, to tell its own exit from Textual's screenshot exit."""
SITES = ("action", "compose", "mount", "thread-worker", "async-worker", "panic")
"""Where the app fails and stops. Two more sites: "kept-worker" fails in a worker with
`exit_on_error=False` and carries on; "none" shows the marker and quits after 1.5 seconds."""


def save_entry(note: str) -> None:
    """Fails the way a bug in the journal would, with journal text in its locals."""
    client = {"alias": note, "story": "the whole " + note}
    raise RuntimeError(f"could not save {note!r} for {client}")


class CrashingApp(App[None]):
    """Textual's own crash handling, to show what the tests would catch."""

    BINDINGS = [("x", "save", "Save")]

    def __init__(self, site: str, marker: str) -> None:
        super().__init__()
        self.site = site
        self.marker = marker
        self.kept_worker: Worker[None] | None = None

    def compose(self) -> ComposeResult:
        if self.site == "compose":
            save_entry(self.marker)
        yield Static(READY)
        if self.site == "none":
            yield Static(self.marker)

    def on_mount(self) -> None:
        if self.site == "mount":
            save_entry(self.marker)
        elif self.site == "thread-worker":
            self.run_worker(lambda: save_entry(self.marker), thread=True)
        elif self.site == "async-worker":
            self.run_worker(self.save_later())
        elif self.site == "kept-worker":
            self.kept_worker = self.run_worker(
                lambda: save_entry(self.marker), thread=True, exit_on_error=False
            )
        elif self.site == "none":
            self.set_timer(1.5, lambda: self.exit(return_code=OWN_EXIT_CODE))

    async def save_later(self) -> None:
        save_entry(self.marker)

    def action_save(self) -> None:
        note = self.marker
        if self.site == "panic":
            self.panic(f"gave up on {note}")
        elif self.site == "action":
            save_entry(note)


class QuietCrashingApp(QuietCrashes, CrashingApp):
    """The same app with the journal's crash handling."""


if __name__ == "__main__":
    # A third argument "plain" runs Textual's own handling, to show what the tests catch.
    app_class = CrashingApp if sys.argv[3:] == ["plain"] else QuietCrashingApp
    app = app_class(site=sys.argv[1], marker=sys.argv[2])
    app.run()
    sys.exit(app.return_code)
