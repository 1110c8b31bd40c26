"""Log an interaction: who (by alias), when, how long, how, how heavy, and what to carry on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from psp_journal.i18n import N_, _
from psp_journal.models import KNOWN_TAGS, MODE_LABELS, SCALE_LABELS, EntryQuery, Interaction
from psp_journal.tui.screens.forms.base import RecordForm, translated
from psp_journal.tui.screens.forms.fields import (
    ChoiceField,
    ClientField,
    FieldRow,
    FlagField,
    NoteField,
    Option,
    ScaleField,
    TagsField,
    TextField,
)

MOMENT_FORMAT = "%Y-%m-%dT%H:%M"


def when_row(form: RecordForm) -> FieldRow:
    """ "When", now by default, as the command line's --at."""
    now = form.journal_app.clock().strftime(MOMENT_FORMAT)
    return FieldRow(
        _("When"), TextField("at", now), _("Date and time, like 2026-11-02T14:00 (24-hour clock).")
    )


def active_aliases(form: RecordForm) -> list[str]:
    journal = form.journal_app.journal
    assert journal is not None
    return [client.alias for client in journal.clients() if client.status == "active"]


class InteractionForm(RecordForm):
    FORM = "interaction"
    TITLE_TEXT = N_("Log an interaction")
    BINDINGS = [
        Binding(
            "ctrl+n",
            "new_client",
            _("New client"),
            id="interaction.new_client",
            tooltip=_("Add a client by alias or code, and choose them here"),
        ),
    ]

    def rows(self) -> ComposeResult:
        yield FieldRow(
            _("Client"),
            ClientField("client", active_aliases(self), self._last_client()),
            _("ctrl+n adds a new client."),
        )
        yield when_row(self)
        yield FieldRow(_("Minutes"), TextField("minutes"), _("How long, in minutes."))
        yield FieldRow(_("Mode"), ChoiceField("mode", translated(MODE_LABELS), columns=3))
        yield FieldRow(_("Intensity"), ScaleField("intensity", SCALE_LABELS["intensity"]))
        yield FieldRow(
            _("Tags"),
            TagsField("tags"),
            _("Commas or spaces between tags. For example: {tags}").format(
                tags=", ".join(KNOWN_TAGS)
            ),
        )
        yield FieldRow(
            "", FlagField("close_to_home", _("Close to home (it touched my own experience)"))
        )
        yield FieldRow("", FlagField("self_disclosure", _("I shared my own story")))
        yield FieldRow("", FlagField("discuss", _("Bring to supervision")))
        yield FieldRow(
            _("Follow up on"),
            TextField("follow_up"),
            _("A date to follow up, like 2026-12-01 (optional)."),
        )
        yield FieldRow(_("Setting"), TextField("setting"), _("Where, in a few words."))
        yield FieldRow(_("Note"), NoteField("note"))

    def _last_client(self) -> str | None:
        """The client of the newest interaction: often the one logged next."""
        journal = self.journal_app.journal
        assert journal is not None
        newest = journal.list_entries(EntryQuery(kinds=("interaction",), limit=1))
        if newest and isinstance(newest[0], Interaction):
            return newest[0].client
        return None

    def write(self, options: dict[str, Option]) -> None:
        journal = self.journal_app.journal
        assert journal is not None
        journal.record("interaction", options)

    def action_new_client(self) -> None:
        from psp_journal.tui.dialogs.new_client import NewClientDialog

        def chosen(alias: str | None) -> None:
            if alias is None:
                return
            field = self.query_one("#field-client", ClientField)
            field.add_alias(alias, active_aliases(self))
            field.focus()

        self.app.push_screen(NewClientDialog(), chosen)
