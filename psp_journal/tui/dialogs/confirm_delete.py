"""Before an entry leaves the journal: what it is, and where it goes. "Keep it" has the focus."""

from __future__ import annotations

from textual.binding import Binding

from psp_journal.i18n import _
from psp_journal.tui.dialogs.confirm import ConfirmDialog


class ConfirmDeleteDialog(ConfirmDialog):
    NO_ID = "keep-it"
    YES_ID = "delete-it"
    BINDINGS = [
        Binding(
            "escape",
            "no",
            _("Keep it"),
            id="confirm_delete.cancel",
            tooltip=_("Back to the entry; nothing is removed"),
        ),
    ]

    def __init__(self, what: str) -> None:
        super().__init__(
            _("Delete this entry?"),
            [
                what,
                _(
                    "It leaves your journal's list, its search and every count. Its last "
                    "version stays in the vault, encrypted, until a purge removes it."
                ),
            ],
            _("Keep it"),
            _("Delete"),
        )
