"""The question before something is removed for good: what goes, said plainly. "Not now"
has the focus."""

from __future__ import annotations

from textual.binding import Binding

from psp_journal.i18n import _
from psp_journal.tui.dialogs.confirm import ConfirmDialog


class ConfirmEraseDialog(ConfirmDialog):
    NO_ID = "not-now"
    YES_ID = "erase-it"
    BINDINGS = [
        Binding(
            "escape",
            "no",
            _("Not now"),
            id="confirm_erase.cancel",
            tooltip=_("Back, removing nothing"),
        ),
    ]

    def __init__(self, title: str, body: str, yes_label: str) -> None:
        super().__init__(title, [body], _("Not now"), yes_label)
