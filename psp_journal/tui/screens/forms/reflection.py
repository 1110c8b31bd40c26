"""A reflection: the person's own words (Markdown), with tags if they like."""

from __future__ import annotations

from textual.app import ComposeResult

from psp_journal.i18n import N_, _
from psp_journal.tui.screens.forms.base import RecordForm
from psp_journal.tui.screens.forms.fields import FieldRow, FlagField, NoteField, Option, TagsField
from psp_journal.tui.screens.forms.interaction import when_row


class ReflectionForm(RecordForm):
    FORM = "reflection"
    TITLE_TEXT = N_("A reflection")

    def rows(self) -> ComposeResult:
        yield FieldRow(
            _("Reflection"), NoteField("text", tall=True), _("Your own words; Markdown is fine.")
        )
        yield when_row(self)
        yield FieldRow(_("Tags"), TagsField("tags"), _("Commas or spaces between tags."))
        yield FieldRow("", FlagField("discuss", _("Bring to supervision")))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#field-text", NoteField).focus()

    def write(self, options: dict[str, Option]) -> None:
        journal = self.journal_app.journal
        assert journal is not None
        journal.record("reflection", options)
