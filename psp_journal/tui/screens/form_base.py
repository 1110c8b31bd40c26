"""What every everyday form shares: one key to save, back keeps a draft, and a lock keeps it too.

A form holds what the person is typing, which is journal text: the app asks each open
form for its fields when it locks or the person steps away with esc, and stores them as
an encrypted draft in the vault, never in memory past the lock.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar, Protocol

from textual.binding import Binding
from textual.screen import Screen

from psp_journal.i18n import _
from psp_journal.tui.app_view import JournalAppView

if TYPE_CHECKING:
    pass


class Drafted(Protocol):
    """What a lock keeps as a draft: a form, or the step-back prompt's note."""

    FORM: ClassVar[str]

    def draft_fields(self) -> dict[str, str]: ...


class FormScreen(JournalAppView, Screen[None]):
    """A form over the dashboard. Subclasses set `FORM` (its draft's name, one of the
    journal's draft forms), build their fields, and implement `draft_fields`,
    `restore_draft` and `save`."""

    FORM: ClassVar[str]
    # False for a form editing an entry already saved: that is no draft of a new one.
    KEEPS_DRAFT: ClassVar[bool] = True
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="form.save", tooltip=_("Save this entry")),
        Binding(
            "escape",
            "back",
            _("Back"),
            id="form.back",
            tooltip=_("Back to the dashboard; what you typed is kept as a draft"),
        ),
    ]

    def __init__(self, draft: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self._draft = dict(draft or {})

    def draft_fields(self) -> dict[str, str]:
        """Everything typed so far, as text, field by field (empty fields left out)."""
        raise NotImplementedError

    def restore_draft(self, fields: Mapping[str, str]) -> None:
        """Put a kept draft back into the fields (called once they are mounted)."""
        raise NotImplementedError

    def on_mount(self) -> None:
        if self._draft:
            self.restore_draft(self._draft)

    async def action_save(self) -> None:
        raise NotImplementedError

    async def action_back(self) -> None:
        self.journal_app.keep_draft(self)
        await self.journal_app.back_to_dashboard()
