"""The last step before a summary leaves: who it is for, where it goes, what it holds.

"Not now" has the focus, so an Enter pressed out of habit sends nothing; "Write it" must
be chosen on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from psp_journal.consent import SummaryRequest
from psp_journal.i18n import _
from psp_journal.terminal_text import one_line
from psp_journal.tui.plain import Plain


@dataclass(frozen=True)
class ConfirmSend:
    recipient: str
    target: Path
    request: SummaryRequest


class ConfirmSendDialog(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmSendDialog {
        align: center middle;
        & .buttons {
            height: auto;
            margin-top: 1;
        }
        & Button {
            margin-right: 2;
        }
    }
    """
    BINDINGS = [
        Binding(
            "escape",
            "not_now",
            _("Not now"),
            id="confirm_send.cancel",
            tooltip=_("Back to the preview; nothing leaves"),
        ),
    ]

    def __init__(self, details: ConfirmSend) -> None:
        super().__init__()
        self.details = details

    def compose(self) -> ComposeResult:
        from psp_journal.export.summary import SECTION_LABELS

        details = self.details
        request = details.request
        with Vertical(classes="dialog-box"):
            yield Static(_("Send this summary?"), classes="dialog-title")
            yield Plain(
                _(
                    "For: {recipient}\nFile: {path}\nPeriod: {first} to {last}\n"
                    "Sections: {sections}"
                ).format(
                    recipient=one_line(details.recipient),
                    path=one_line(str(details.target)),
                    first=request.first.isoformat(),
                    last=request.last.isoformat(),
                    sections=", ".join(_(SECTION_LABELS[name]) for name in request.sections),
                ),
            )
            yield Static(
                _(
                    "Once written, the file is no longer protected by your passphrase. "
                    "It goes into your list of exports."
                ),
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Not now"), id="not-now", variant="default")
                yield Button(_("Write it"), id="write-it", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#not-now", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "write-it")

    def action_not_now(self) -> None:
        self.dismiss(False)
