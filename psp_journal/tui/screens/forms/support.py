"""Support the person received, so a gap in supervision or support can be noticed."""

from __future__ import annotations

from textual.app import ComposeResult

from psp_journal.i18n import N_, _
from psp_journal.models import SUPPORT_KIND_LABELS
from psp_journal.tui.screens.forms.base import RecordForm, translated
from psp_journal.tui.screens.forms.fields import ChoiceField, FieldRow, NoteField, Option
from psp_journal.tui.screens.forms.interaction import when_row


class SupportForm(RecordForm):
    FORM = "support"
    TITLE_TEXT = N_("Support you received")

    def rows(self) -> ComposeResult:
        yield when_row(self)
        yield FieldRow(_("Kind"), ChoiceField("kind", translated(SUPPORT_KIND_LABELS), columns=2))
        yield FieldRow(_("Note"), NoteField("note"))

    def write(self, options: dict[str, Option]) -> None:
        journal = self.journal_app.journal
        assert journal is not None
        journal.record("support", options)
