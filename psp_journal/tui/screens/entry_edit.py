"""Editing an entry in the same form it was written in, opened with what it holds now.

The everyday form of the entry's kind is reused, so every field reads and is explained
exactly as when writing. Saving sends the journal only the fields the person changed (an
emptied one as empty, which the models read as "not known"); the journal keeps the
version it replaces. An edit is never kept as a draft: drafts are for new entries, and a
lock or esc leaves the entry as it was.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from textual.binding import Binding
from textual.widgets import Static

from psp_journal.i18n import N_, _
from psp_journal.models import Record, ValidationError
from psp_journal.tui.screens.forms.base import RecordForm
from psp_journal.tui.screens.forms.fields import FlagField, Option


def record_texts(record: Record) -> dict[str, str]:
    """The record's fields as the form's fields hold them, typed-out text."""
    texts: dict[str, str] = {}
    for name, value in record.to_document().items():
        if name in ("type", "id"):
            continue
        if value is None:
            texts[name] = ""
        elif isinstance(value, bool):
            texts[name] = "yes" if value else ""
        elif isinstance(value, list):
            texts[name] = ("\n" if name == "self_care" else ", ").join(str(v) for v in value)
        else:
            texts[name] = str(value)
    return texts


class EditingForm(RecordForm):
    """Mixed in before an everyday form's class (see `edit_form`)."""

    KEEPS_DRAFT = False
    TITLE_TEXT = N_("Edit this entry")
    BINDINGS: ClassVar[list[Any]] = [
        Binding(
            "ctrl+s",
            "save",
            _("Save"),
            id="edit.save",
            tooltip=_("Save the changes; the earlier version is kept"),
        ),
        Binding(
            "escape",
            "back",
            _("Back"),
            id="edit.back",
            tooltip=_("Back to the entry, leaving it as it was"),
        ),
    ]

    def __init__(self, record: Record) -> None:
        super().__init__(draft=record_texts(record))
        assert record.id is not None
        self.record_id = record.id
        self._shown: dict[str, str] = {}

    def on_mount(self) -> None:
        # The form's own mount handlers put the entry's fields in; once they have run,
        # what the fields show is what "unchanged" means (a closed client's alias, which
        # the form cannot choose, stays as it was).
        self.call_after_refresh(self._note_shown)

    def _note_shown(self) -> None:
        self._shown = self._texts()
        self.query_one(".form-keys", Static).update(
            _("ctrl+s save (the earlier version is kept) · esc back, leaving it as it was")
        )

    def changes(self) -> dict[str, Option]:
        """Only what differs from what the form opened with."""
        changes: dict[str, Option] = {}
        for name, field in self.fields().items():
            if field.draft_text() == self._shown.get(name, ""):
                continue
            value = field.option()
            if value is None:
                value = "no" if isinstance(field, FlagField) else ""
            changes[name] = value
        return changes

    def draft_fields(self) -> dict[str, str]:
        return {}

    async def action_save(self) -> None:
        from psp_journal.tui.problems import describe_problem

        journal = self.journal_app.journal
        if journal is None:
            return
        self.clear_problems()
        changes = self.changes()
        if not changes:
            self.notify(_("Nothing changed."))
            self.app.pop_screen()
            return
        try:
            journal.edit(self.record_id, changes)
        except ValidationError as error:
            self.show_field_problem(error)
            return
        except Exception as error:  # noqa: BLE001 — said in plain words, never raised
            self.show_form_problem(describe_problem(error))
            return
        self.notify(_("Saved. The earlier version is kept."))
        self.app.pop_screen()
        self.journal_app.journal_changed()

    async def action_back(self) -> None:
        self.app.pop_screen()


def edit_form(record: Record) -> EditingForm:
    """The everyday form of `record`'s kind, in edit mode, holding the record."""
    from psp_journal.tui.screens.forms import FORM_SCREENS

    form = FORM_SCREENS[record.record_type]
    kind = type(f"Edit{form.__name__}", (EditingForm, form), {})
    return cast(EditingForm, kind(record))
