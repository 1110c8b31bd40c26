"""The last step before a summary leaves: who it is for, where it goes, what it holds.

"Not now" has the focus, so an Enter pressed out of habit sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding

from psp_journal.consent import SummaryRequest
from psp_journal.i18n import _
from psp_journal.terminal_text import one_line
from psp_journal.tui.dialogs.confirm import ConfirmDialog


@dataclass(frozen=True)
class ConfirmSend:
    recipient: str
    target: Path
    request: SummaryRequest


class ConfirmSendDialog(ConfirmDialog):
    NO_ID = "not-now"
    YES_ID = "write-it"
    YES_VARIANT = "primary"
    BINDINGS = [
        Binding(
            "escape",
            "no",
            _("Not now"),
            id="confirm_send.cancel",
            tooltip=_("Back to the preview; nothing leaves"),
        ),
    ]

    def __init__(self, details: ConfirmSend) -> None:
        from psp_journal.export.summary import SECTION_LABELS

        request = details.request
        what = _(
            "For: {recipient}\nFile: {path}\nPeriod: {first} to {last}\nSections: {sections}"
        ).format(
            recipient=one_line(details.recipient),
            path=one_line(str(details.target)),
            first=request.first.isoformat(),
            last=request.last.isoformat(),
            sections=", ".join(_(SECTION_LABELS[name]) for name in request.sections),
        )
        super().__init__(
            _("Send this summary?"),
            [
                what,
                _(
                    "Once written, the file is no longer protected by your passphrase. "
                    "It goes into your list of exports."
                ),
            ],
            _("Not now"),
            _("Write it"),
        )
