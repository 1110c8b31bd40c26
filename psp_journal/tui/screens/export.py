"""Export a summary: choose what goes, see exactly what will leave, then say who it is for.

The preview shows the very bytes that would be written (rebuilt a moment after every
change) and, above them, the counts small enough to point to a client and what each
section holds. Nothing leaves until a recipient is typed and the person confirms in a
dialog that names them, the file and the sections; the bytes written are built again at
that moment and must match what was previewed, or the preview is shown afresh instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Checkbox, Footer, RadioSet, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from psp_journal.consent import Prepared, SummaryRequest
from psp_journal.i18n import N_, _
from psp_journal.models import ValidationError
from psp_journal.terminal_text import one_line
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain, plain
from psp_journal.tui.screens.forms.base import translated
from psp_journal.tui.screens.forms.fields import (
    ChoiceField,
    FieldRow,
    FlagField,
    NoteField,
    Option,
    TextField,
)
from psp_journal.tui.words import supervision_kind

# How long after the last change the preview is rebuilt: a year's summary takes a
# moment, and typing a date should not rebuild it at every key.
PREVIEW_DELAY_SECONDS = 0.3
DEFAULT_DAYS = 28
FORMAT_WORDS = {
    "md": N_("Markdown (.md)"),
    "html": N_("HTML (.html)"),
    "json": N_("JSON, signed (.json)"),
}
# The command line's option names, as `consent` names them in its messages.
_FIELD_OF_OPTION = {
    "--from": "first",
    "--to": "last",
    "--out": "out",
    "--recipient": "recipient",
    "--went-well": "went_well",
    "--include-note": "notes",
    "--include": "sections",
    "author": "author",
}


class NotesField(SelectionList[str]):
    """The items marked for supervision in the period, each chosen to send its own text."""

    def __init__(self) -> None:
        super().__init__(id="field-notes")
        self.field_name = "notes"

    def chosen(self) -> frozenset[str]:
        return frozenset(self.selected)


class ExportScreen(JournalAppView, Screen[None]):
    DEFAULT_CSS = """
    ExportScreen {
        & > #export-body {
            padding: 1 2 0 2;
        }
        & .export-heading {
            text-style: bold;
            margin: 1 0 0 0;
        }
        & .muted {
            color: $text-muted;
        }
        & #export-checks {
            color: $warning;
            margin-bottom: 1;
        }
        & #export-preview {
            height: 16;
        }
        & NotesField {
            height: auto;
            max-height: 10;
        }
        & FlagField {
            border: none;
            padding: 0;
        }
        & #export-problem {
            color: $error;
        }
    }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding(
            "ctrl+s",
            "send",
            _("Send"),
            id="export.send",
            tooltip=_("Write the summary, once you have confirmed who it is for"),
        ),
        Binding(
            "escape",
            "back",
            _("Back"),
            id="export.back",
            tooltip=_("Back to the dashboard; nothing leaves"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._pending: Timer | None = None
        self._shown: Prepared | None = None
        self._items_period: tuple[date, date] | None = None
        self._out_typed = False

    # --- what the screen holds -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        from psp_journal.consent import SECTION_CONTENTS
        from psp_journal.export import DEFAULT_SECTIONS, SECTIONS
        from psp_journal.export.summary import SECTION_LABELS

        journal = self.journal_app.journal
        assert journal is not None
        today = self.journal_app.clock().date()
        first = today - timedelta(days=DEFAULT_DAYS - 1)
        author = journal.settings().author
        yield Static(_("Export a summary"), id="export-title", classes="screen-title")
        with VerticalScroll(id="export-body", can_focus=False):
            yield Static(
                _(
                    "A summary for your supervisor holds counts by week, never a client's "
                    "alias, a note or a time, unless you choose an item's text below. "
                    "You see exactly what will leave before anything does."
                ),
                classes="muted",
            )
            yield Plain("", id="export-signer")
            if not author:
                yield FieldRow(
                    _("Your name"),
                    TextField("author"),
                    _("A first name or staff code the summary is from; asked once."),
                )
            yield FieldRow(_("From"), TextField("first", first.isoformat()), _("Year-month-day."))
            yield FieldRow(_("To"), TextField("last", today.isoformat()))
            yield FieldRow(_("Format"), ChoiceField("format", translated(FORMAT_WORDS)))
            yield Static(_("Sections"), classes="export-heading")
            for name in SECTIONS:
                toggle = FlagField(f"section-{name}", _(SECTION_LABELS[name]))
                toggle.value = name in DEFAULT_SECTIONS
                yield FieldRow("", toggle, _(SECTION_CONTENTS[name]))
            yield Static(_("Items for supervision"), classes="export-heading")
            yield Static(
                _("Only their kind and week go, unless you choose one here to send its text."),
                classes="muted",
            )
            yield FieldRow("", NotesField())
            yield FieldRow(_("Went well"), NoteField("went_well"), _("Optional, in your words."))
            yield Static(_("What will leave"), classes="export-heading")
            yield Plain("", id="export-checks")
            yield TextArea("", id="export-preview", read_only=True, soft_wrap=True)
            yield FieldRow(_("For"), TextField("recipient"), _("Who it is for, by name or role."))
            yield FieldRow(_("Save as"), TextField("out"), _("A new file outside the journal."))
            yield Plain("", id="export-problem")
            yield Static(
                _("ctrl+s send (you confirm first) · esc back (nothing leaves)"), classes="muted"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#field-format", ChoiceField).restore_text("md")
        self._suggest_file_name()
        self._show_signer()
        self.refresh_preview()

    def _field(self, name: str) -> TextField:
        return self.query_one(f"#field-{name}", TextField)

    def _text(self, name: str) -> str:
        found = self.query(f"#field-{name}")
        return cast(TextField, found.first()).value if found else ""

    def _format(self) -> str:
        chosen: Option | None = self.query_one("#field-format", ChoiceField).option()
        return str(chosen or "md")

    def _show_signer(self) -> None:
        from psp_journal.consent import key_fingerprint

        journal = self.journal_app.journal
        assert journal is not None
        author = journal.settings().author
        fingerprint = key_fingerprint(journal)
        line = (
            _("From {author}. Your signing key's fingerprint: {fingerprint}").format(
                author=author, fingerprint=fingerprint
            )
            if author
            else _("Your signing key's fingerprint: {fingerprint}").format(fingerprint=fingerprint)
        )
        self.query_one("#export-signer", Static).update(line)

    def _suggest_file_name(self) -> None:
        """A new file in the home folder named after the period, until one is typed."""
        if self._out_typed:
            return
        name = f"summary-{self._text('first')}-to-{self._text('last')}.{self._format()}"
        out = self._field("out")
        with out.prevent(TextField.Changed):
            out.value = str(Path.home() / name)

    # --- keeping the preview current -----------------------------------------------------

    def on_input_changed(self, event: TextField.Changed) -> None:
        if event.input.id == "field-out":
            self._out_typed = True
        self._changed()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._changed()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self._changed()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id != "export-preview":
            self._changed()

    def _changed(self) -> None:
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(PREVIEW_DELAY_SECONDS, self.refresh_preview)

    def refresh_preview(self) -> ValidationError | None:
        """Build the summary as it stands and show its bytes, or say what stops it (and
        return that problem)."""
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        self._suggest_file_name()
        self._clear_problems()
        try:
            prepared = self._prepare()
        except ValidationError as error:
            self._shown = None
            self._show_preview(None)
            self._show_problem(error)
            return error
        self._shown = prepared
        self._show_preview(prepared)
        return None

    def _request(self) -> SummaryRequest:
        from psp_journal.consent import check_notes, check_went_well
        from psp_journal.export import SECTIONS
        from psp_journal.models import parse_date

        today = self.journal_app.clock().date()
        first = parse_date("--from", self._text("first"), today)
        last = parse_date("--to", self._text("last"), today)
        if last < first:
            raise ValidationError("--to", _("the period ends before it starts"))
        self._list_items(first, last)
        sections = tuple(
            name for name in SECTIONS if self.query_one(f"#field-section-{name}", Checkbox).value
        )
        if not sections:
            raise ValidationError("--include", _("choose at least one section"))
        notes = self.query_one(NotesField).chosen()
        return SummaryRequest(
            first=first,
            last=last,
            sections=sections,
            format=self._format(),
            notes=check_notes(notes, sections, "--include-note"),
            went_well=check_went_well(self.query_one("#field-went_well", NoteField).text),
        )

    def _prepare(self) -> Prepared:
        from psp_journal.consent import prepare

        journal = self.journal_app.journal
        assert journal is not None
        typed_author = self._text("author") if self.query("#field-author") else None
        if typed_author is not None and not typed_author.strip():
            raise ValidationError(
                "author", _("type a first name or staff code: a summary says who it is from")
            )
        return prepare(journal, self._request(), "--include-note", typed_author)

    def _list_items(self, first: date, last: date) -> None:
        """The period's items for supervision, each by kind, day and first words (the
        person's own text, on their own screen); kept chosen across a period change."""
        if self._items_period == (first, last):
            return
        self._items_period = (first, last)
        journal = self.journal_app.journal
        assert journal is not None
        notes = self.query_one(NotesField)
        chosen = notes.chosen()
        with notes.prevent(SelectionList.SelectedChanged):
            notes.clear_options()
            for item in journal.supervision_items(first, last):
                item_id = str(item["id"])
                notes.add_option(Selection(_item_words(item), item_id, item_id in chosen))

    def _show_preview(self, prepared: Prepared | None) -> None:
        from psp_journal.consent import SECTION_CONTENTS
        from psp_journal.export.summary import SECTION_LABELS

        checks = self.query_one("#export-checks", Static)
        preview = self.query_one("#export-preview", TextArea)
        if prepared is None:
            checks.update(_("Nothing to preview until the problem above is put right."))
            preview.load_text("")
            return
        lines = [
            f"{_(SECTION_LABELS[name])}: {_(SECTION_CONTENTS[name])}"
            for name in prepared.request.sections
        ]
        lines += [_("Check: {flag}").format(flag=flag) for flag in prepared.summary["flags"]]
        checks.update("\n".join(lines))
        preview.load_text(prepared.data.decode("utf-8"))

    # --- problems --------------------------------------------------------------------------

    def _clear_problems(self) -> None:
        for row in self.query(FieldRow):
            row.show_problem("")
        self.query_one("#export-problem", Static).update("")

    def _show_problem(self, error: ValidationError) -> None:
        name = _FIELD_OF_OPTION.get(error.field)
        rows = {row.field_name: row for row in self.query(FieldRow)}
        if name in rows:
            rows[name].show_problem(error.message)
        else:
            self.query_one("#export-problem", Static).update(str(error))

    def _focus_field_of(self, error: ValidationError) -> None:
        """Take the person to the field to put right, wherever the screen is scrolled."""
        found = self.query(f"#field-{_FIELD_OF_OPTION.get(error.field, '')}")
        if found:
            found.first().focus()
        else:
            self.query_one("#export-problem", Static).scroll_visible()

    # --- sending ---------------------------------------------------------------------------

    async def action_send(self) -> None:
        """Ask who it is for and to confirm; then write exactly what was previewed."""
        from psp_journal.consent import check_recipient, check_target
        from psp_journal.tui.dialogs.confirm_send import ConfirmSend, ConfirmSendDialog

        journal = self.journal_app.journal
        if journal is None:
            return
        shown = self._shown
        problem = self.refresh_preview()
        if problem is not None or self._shown is None:
            if problem is not None:
                self._focus_field_of(problem)
            return
        if shown is None or shown.data != self._shown.data:
            self.query_one("#export-problem", Static).update(
                _("The summary changed since it was shown; look at it again, then send.")
            )
            return
        try:
            recipient = check_recipient(self._text("recipient"))
            target = check_target(Path(self._text("out")), self.journal_app.paths)
        except ValidationError as error:
            self._show_problem(error)
            self._focus_field_of(error)
            return

        async def answered(confirmed: bool | None) -> None:
            if confirmed:
                await self._send(recipient, target)

        details = ConfirmSend(recipient, target, self._shown.request)
        await self.app.push_screen(ConfirmSendDialog(details), answered)

    async def _send(self, recipient: str, target: Path) -> None:
        from psp_journal.consent import prepare, send
        from psp_journal.tui.problems import describe_problem

        journal = self.journal_app.journal
        if journal is None or self._shown is None:
            return
        try:
            if self.query("#field-author"):
                journal.set_setting("author", self._text("author"))
            prepared = prepare(journal, self._shown.request, "--include-note")
            if prepared.data != self._shown.data:
                self.refresh_preview()
                raise ValidationError(
                    "summary", _("the summary changed meanwhile; look at it again, then send")
                )
            send(journal, prepared, target, recipient, "--out")
        except ValidationError as error:
            self._show_problem(error)
            return
        except Exception as error:  # noqa: BLE001 — said in plain words, never raised
            self.query_one("#export-problem", Static).update(describe_problem(error))
            return
        self.app.notify(
            _("Wrote the summary for {recipient} to {path}.").format(
                recipient=one_line(recipient), path=one_line(str(target))
            ),
            markup=False,
            timeout=8,
        )
        await self.journal_app.back_to_dashboard()

    async def action_back(self) -> None:
        await self.journal_app.back_to_dashboard()


def _item_words(item: Mapping[str, Any]) -> Content:
    """An item as its day, kind and first words, as plain text (never markup)."""
    text = one_line(str(item.get("note") or item.get("text") or ""))
    first_words = " ".join(text.split())[:48]
    day = str(item.get("at", ""))[:10]
    kind = str(item.get("type", ""))
    words = f"{day} · {supervision_kind(kind)}"
    return plain(words + (f": {first_words}" if first_words else ""))
