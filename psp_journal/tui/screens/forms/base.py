"""What the everyday forms share: fields in a scrolling body, drafts, and one way to save.

A form never judges what was typed: it hands the text to the journal as the command
line would, and shows the models' own message under the field they name. "Saved." is
said only after the journal's durable write has returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from psp_journal.i18n import _
from psp_journal.models import ValidationError
from psp_journal.tui.plain import Plain
from psp_journal.tui.screens.form_base import FormScreen
from psp_journal.tui.screens.forms.fields import FieldRow, FormField, Option

# The option names the models use in their errors, where they differ from the field's.
_FIELD_OF_OPTION = {"tag": "tags", "alias": "client"}


def translated(labels: Mapping[str, str]) -> dict[str, str]:
    """The models' words for a fixed list (modes, kinds), in the person's language."""
    return {word: _(label) for word, label in labels.items()}


def field_of(option: str) -> str:
    """The form's field for an option named in a ValidationError ("--self-care", "ALIAS")."""
    name = option.strip().lstrip("-").replace("-", "_").lower()
    return _FIELD_OF_OPTION.get(name, name)


class RecordForm(FormScreen):
    """A form whose fields are `FieldRow`s inside one scrolling body.

    Subclasses yield their rows from `rows()` and write in `write(options)`.
    """

    TITLE_TEXT: str = ""

    DEFAULT_CSS = """
    RecordForm {
        & > #form-body {
            padding: 1 2 0 2;
        }
        & #form-problem {
            color: $error;
            padding: 0 1 1 1;
            display: none;
        }
        & #form-problem.-shown {
            display: block;
        }
        & .form-keys {
            color: $text-muted;
            padding: 0 1 1 1;
        }
        & RadioSet.columns-2 {
            layout: grid;
            grid-size: 2;
            grid-rows: 1;
        }
        & RadioSet.columns-3 {
            layout: grid;
            grid-size: 3;
            grid-rows: 1;
        }
    }
    """

    def __init__(self, draft: Mapping[str, str] | None = None) -> None:
        super().__init__(draft)
        self._opened_with: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Plain(_(self.TITLE_TEXT), id="form-title", classes="screen-title")
        with VerticalScroll(id="form-body", can_focus=False):
            yield from self.rows()
            yield Plain("", id="form-problem")
            yield Plain(
                _("ctrl+s save · esc back (what you typed is kept as a draft)"),
                classes="form-keys",
            )
        yield Footer()

    def rows(self) -> ComposeResult:
        raise NotImplementedError

    def write(self, options: dict[str, Option]) -> None:
        """Hand the options to the journal; a ValidationError names the field to fix."""
        raise NotImplementedError

    # --- the fields ------------------------------------------------------------------------

    def fields(self) -> dict[str, FormField]:
        return {row.field_name: cast(FormField, row.control) for row in self.query(FieldRow)}

    def options(self) -> dict[str, Option]:
        """Only the fields given: one left empty stays unknown."""
        given: dict[str, Option] = {}
        for name, field in self.fields().items():
            value = field.option()
            if value is not None:
                given[name] = value
        return given

    def on_mount(self) -> None:
        # What the form opened with (today, now, the last client, today's check-in) is no
        # draft: only what the person typed or chose is kept, so an untouched form leaves
        # nothing behind and a stale "now" never comes back from a draft.
        self._opened_with = self._texts()
        super().on_mount()

    def _texts(self) -> dict[str, str]:
        return {name: field.draft_text() for name, field in self.fields().items()}

    def draft_fields(self) -> dict[str, str]:
        return {
            name: text
            for name, text in self._texts().items()
            if text and text != self._opened_with.get(name)
        }

    def restore_draft(self, fields: Mapping[str, str]) -> None:
        known = self.fields()
        for name, text in fields.items():
            if name in known:
                known[name].restore_text(text)

    # --- saving ----------------------------------------------------------------------------

    def clear_problems(self) -> None:
        for row in self.query(FieldRow):
            row.show_problem("")
        self.show_form_problem("")

    def show_form_problem(self, message: str) -> None:
        problem = self.query_one("#form-problem", Static)
        problem.update(message)
        problem.set_class(bool(message), "-shown")
        if message:
            problem.scroll_visible()

    def show_field_problem(self, error: ValidationError) -> None:
        """The models' message under the field it names; anything else at the bottom."""
        rows = {row.field_name: row for row in self.query(FieldRow)}
        row = rows.get(field_of(error.field))
        if row is None:
            self.show_form_problem(str(error))
            return
        row.show_problem(error.message)
        cast(FormField, row.control).focus()

    async def action_back(self) -> None:
        """A value too long even for a draft is said under its field, and the form stays."""
        try:
            self.journal_app.keep_draft(self)
        except ValidationError as error:
            self.show_field_problem(error)
            return
        await self.journal_app.back_to_dashboard()

    async def action_save(self) -> None:
        from psp_journal.tui.problems import describe_problem

        if self.journal_app.journal is None:
            return
        self.clear_problems()
        try:
            self.write(self.options())
        except ValidationError as error:
            self.show_field_problem(error)
            return
        except Exception as error:  # noqa: BLE001 — any other failure is said, never raised
            self.show_form_problem(describe_problem(error))
            return
        await self.journal_app.saved(_("Saved."))
