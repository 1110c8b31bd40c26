"""One entry in full: every field as stored, its earlier versions, and what can be done
with it — edit it, make an earlier version current again, or delete it (after asking).

Every field is shown as literal text, whatever brackets a note holds. Restoring keeps the
version it replaces as an earlier version too, so a restore can itself be undone here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from psp_journal.i18n import N_, _
from psp_journal.models import Record, ValidationError
from psp_journal.terminal_text import one_line, shown
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain, plain_text
from psp_journal.tui.screens.entry_words import entry_words, first_words, kind_word, when_text
from psp_journal.vault import Revision

REASON_WORDS = {"edit": N_("edited"), "delete": N_("deleted")}


class EntryScreen(JournalAppView, Screen[None]):
    DEFAULT_CSS = """
    EntryScreen {
        & > #entry-body {
            height: 1fr;
            padding: 0 2;
        }
        & #entry-fields {
            height: auto;
        }
        & .entry-row {
            height: auto;
        }
        & .entry-key {
            width: 17;
            color: $text-muted;
        }
        & .entry-value {
            width: 1fr;
        }
        & .entry-heading {
            text-style: bold;
            margin: 1 0 0 0;
        }
        & #entry-revisions {
            height: auto;
            max-height: 10;
        }
        & .muted {
            color: $text-muted;
        }
    }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("e", "edit", _("Edit"), id="entry.edit", tooltip=_("Change this entry")),
        Binding(
            "r",
            "restore",
            _("Restore"),
            id="entry.restore",
            tooltip=_(
                "Make the earlier version under the cursor current again; "
                "the one it replaces is kept"
            ),
        ),
        Binding(
            "delete,x",
            "delete",
            _("Delete"),
            id="entry.delete",
            tooltip=_("Remove this entry from your journal, once you have confirmed"),
        ),
        Binding(
            "escape",
            "back",
            _("Back"),
            id="entry.back",
            tooltip=_("Back to the journal"),
        ),
    ]

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self.record_id = record_id
        self._record: Record | None = None
        self._revisions: list[Revision] = []
        self._values: dict[str, Static] = {}

    def compose(self) -> ComposeResult:
        yield Plain("", id="entry-title", classes="screen-title")
        with VerticalScroll(id="entry-body"):
            yield Vertical(id="entry-fields")
            yield Static(_("Earlier versions"), classes="entry-heading")
            yield Plain("", id="entry-no-revisions", classes="muted")
            yield DataTable(id="entry-revisions", cursor_type="row", zebra_stripes=True)
            yield Plain(
                _("e edit · r restore the version under the cursor · x delete · esc back"),
                classes="muted",
            )
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#entry-revisions", DataTable)
        table.add_columns(_("Version"), _("Replaced"), _("How"), _("It said"))
        # The fields, so the arrow keys scroll a long note; the earlier versions instead
        # when there are any (r restores the one under the cursor).
        self.query_one("#entry-body", VerticalScroll).focus()
        self.show_journal()

    def show_journal(self) -> None:
        """The entry as it is now (it may have been edited or deleted elsewhere)."""
        journal = self.journal_app.journal
        if journal is None:
            return
        try:
            record = journal.get(self.record_id)
        except ValidationError:
            self._record = None
            self.query_one("#entry-title", Static).update(_("This entry is no longer there."))
            self.query_one("#entry-fields", Vertical).display = False
            self._show_revisions([])
            return
        self._record = record
        self.query_one("#entry-title", Static).update(
            f"{kind_word(record.record_type).capitalize()} · {when_text(record)}"
        )
        self._show_fields(record)
        self._show_revisions(journal.revisions(self.record_id))

    def _show_fields(self, record: Record) -> None:
        """Every field as stored, its name at the left and its value beside it, a long
        text wrapped in its own column, each control character shown as an escape."""
        box = self.query_one("#entry-fields", Vertical)
        box.display = True
        for key, value in record.to_document().items():
            if key not in self._values:
                self._values[key] = Plain("", classes="entry-value")
                name = Plain(key.replace("_", " "), classes="entry-key")
                box.mount(Horizontal(name, self._values[key], classes="entry-row"))
            self._values[key].update(shown(_value_text(value)))

    def fields_text(self) -> str:
        """What the fields show, as plain text, one per line."""
        return "\n".join(str(value.render()) for value in self._values.values())

    def _show_revisions(self, revisions: list[Revision]) -> None:
        self._revisions = revisions
        table: DataTable[Text] = self.query_one("#entry-revisions", DataTable)
        table.clear()
        for revision in revisions:
            table.add_row(
                plain_text(str(revision.number)),
                plain_text(one_line(revision.replaced_at.replace("T", " ")[:16])),
                plain_text(_revision_reason(revision.reason)),
                plain_text(_revision_words(revision)),
            )
        table.display = bool(revisions)
        body = self.query_one("#entry-body", VerticalScroll)
        if revisions and self.focused in (None, body):
            table.focus()  # the first earlier version (after an edit): r restores it
        self.query_one("#entry-no-revisions", Static).update(
            "" if revisions else _("None: this entry has not been changed.")
        )

    # --- what can be done ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete"):
            return self._record is not None
        if action == "restore":
            return bool(self._revisions)
        return True

    async def action_edit(self) -> None:
        from psp_journal.tui.screens.entry_edit import edit_form

        if self._record is not None:
            await self.app.push_screen(edit_form(self._record))

    def action_restore(self) -> None:
        from psp_journal.tui.problems import describe_problem

        journal = self.journal_app.journal
        table: DataTable[Text] = self.query_one("#entry-revisions", DataTable)
        if journal is None or not 0 <= table.cursor_row < len(self._revisions):
            return
        number = self._revisions[table.cursor_row].number
        try:
            journal.restore_revision(self.record_id, number)
        except ValidationError as error:
            self.notify(error.message, severity="warning", markup=False)
            return
        except Exception as error:  # noqa: BLE001 — said in plain words, never raised
            self.notify(describe_problem(error), severity="warning", markup=False)
            return
        self.notify(
            _("Version {number} is current again; the one it replaced is kept.").format(
                number=number
            )
        )
        self.journal_app.journal_changed()

    async def action_delete(self) -> None:
        from psp_journal.tui.dialogs.confirm_delete import ConfirmDeleteDialog

        record = self._record
        if record is None:
            return
        what = f"{kind_word(record.record_type)} · {when_text(record)} · " + first_words(
            entry_words(record)
        )

        async def answered(confirmed: bool | None) -> None:
            if confirmed:
                await self._delete()

        await self.app.push_screen(ConfirmDeleteDialog(what), answered)

    async def _delete(self) -> None:
        from psp_journal.tui.problems import describe_problem

        journal = self.journal_app.journal
        if journal is None:
            return
        try:
            journal.delete(self.record_id)
        except ValidationError as error:
            self.notify(error.message, severity="warning", markup=False)
            return
        except Exception as error:  # noqa: BLE001 — said in plain words, never raised
            self.notify(describe_problem(error), severity="warning", markup=False)
            return
        self.notify(_("Deleted."))
        self.app.pop_screen()
        self.journal_app.journal_changed()

    def action_back(self) -> None:
        self.app.pop_screen()


def _revision_reason(reason: str) -> str:
    return _(REASON_WORDS[reason]) if reason in REASON_WORDS else one_line(reason)


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _revision_words(revision: Revision) -> str:
    """The first words of what a kept version said."""
    from psp_journal.journal import stored_record

    try:
        return first_words(entry_words(stored_record(revision.document)))
    except (ValidationError, KeyError, TypeError):
        return ""
