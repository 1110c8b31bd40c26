"""A boundary situation: what kind, how it felt, who started it, and whether to bring it up."""

from __future__ import annotations

from textual.app import ComposeResult

from psp_journal.i18n import N_, _
from psp_journal.models import BOUNDARY_KIND_LABELS, SCALE_LABELS
from psp_journal.tui.screens.forms.base import RecordForm, translated
from psp_journal.tui.screens.forms.fields import (
    ChoiceField,
    ClientField,
    FieldRow,
    FlagField,
    NoteField,
    Option,
    ScaleField,
)
from psp_journal.tui.screens.forms.interaction import active_aliases, when_row


def initiated_by_labels() -> dict[str, str]:
    """Who started it, in words (the models' words are me, client, colleague, other)."""
    return {
        "me": _("me"),
        "client": _("the client"),
        "colleague": _("a colleague"),
        "other": _("someone else"),
    }


class BoundaryForm(RecordForm):
    FORM = "boundary"
    TITLE_TEXT = N_("A boundary situation")

    def rows(self) -> ComposeResult:
        yield when_row(self)
        yield FieldRow(_("Kind"), ChoiceField("kind", translated(BOUNDARY_KIND_LABELS)))
        yield FieldRow(_("How it felt"), ScaleField("felt", SCALE_LABELS["felt"]))
        yield FieldRow(_("Client"), ClientField("client", active_aliases(self)), _("Optional."))
        yield FieldRow(
            _("Started by"), ChoiceField("initiated_by", initiated_by_labels(), columns=2)
        )
        yield FieldRow(_("Note"), NoteField("note"), _("What happened, and what you did."))
        yield FieldRow("", FlagField("discuss", _("Bring to supervision")))

    def write(self, options: dict[str, Option]) -> None:
        journal = self.journal_app.journal
        assert journal is not None
        journal.record("boundary", options)
