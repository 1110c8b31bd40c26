"""A recovery key, shown once: after first run and after a recovery.

The key is never stored, so this is the only time anyone sees it. The person goes on
only after saying they have written it down; there is no esc, because a key skipped
here is a journal lost later.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer

from psp_journal.i18n import _
from psp_journal.tui.plain import Plain
from psp_journal.vault_advice import RECOVERY_KEY_ADVICE


def key_for_writing(key: str) -> str:
    """The key on two lines, broken between groups (never inside one), so it fits an
    80-column terminal and is easy to copy by hand; line breaks are ignored when it is
    typed back."""
    groups = key.split("-")
    half = (len(groups) + 1) // 2
    return "-".join(groups[:half]) + "-\n" + "-".join(groups[half:])


class RecoveryKeyScreen(Screen[None]):
    """Opaque, like every screen before the journal opens. Dismissed by the Continue
    button, which is enabled only once "I have written it down" is ticked."""

    DEFAULT_CSS = """
    RecoveryKeyScreen #recovery-key {
        width: 100%;
        text-align: center;
        text-style: bold;
        color: $accent;
        border: round $primary;
        padding: 0 1;
        margin: 1 0;
    }
    RecoveryKeyScreen #written-down {
        margin-top: 1;
    }
    RecoveryKeyScreen #recovery-continue {
        margin-top: 1;
    }
    """

    def __init__(self, key: str, heading: str) -> None:
        super().__init__()
        self._key = key
        self._heading = heading

    def compose(self) -> ComposeResult:
        with Center(classes="centred"), VerticalScroll(classes="centred-box"):
            yield Plain(self._heading, classes="title")
            yield Plain(key_for_writing(self._key), id="recovery-key")
            yield Plain(_(RECOVERY_KEY_ADVICE))
            yield Checkbox(_("I have written it down"), id="written-down")
            yield Button(_("Continue"), id="recovery-continue", variant="primary", disabled=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#written-down", Checkbox).focus()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        button = self.query_one("#recovery-continue", Button)
        button.disabled = not event.value
        if event.value:
            button.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if (
            event.button.id == "recovery-continue"
            and self.query_one("#written-down", Checkbox).value
        ):
            self.dismiss(None)

    def on_unmount(self) -> None:
        self._key = ""
