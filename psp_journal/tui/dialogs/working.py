"""A calm "working on it" box over the screen while the vault itself is changed (a new
passphrase, a new key, a backup, a check) in a worker thread.
from psp_journal.tui.plain import Plain

It has no keys of its own and cannot be closed by the person: the screen that opened it
closes it when the work is done. Meanwhile the app neither locks nor quits (see
`JournalApp.vault_busy`), so the vault is never closed under the work.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import LoadingIndicator

from psp_journal.tui.plain import Plain


class WorkingDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    WorkingDialog {
        align: center middle;
        & LoadingIndicator {
            height: 3;
        }
    }
    """

    def __init__(self, words: str) -> None:
        super().__init__()
        self._words = words

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield LoadingIndicator()
            yield Plain(self._words, id="working-words")
