"""A client's own page: their open follow-ups (mark one done) and every interaction and
boundary event about them, newest first.

The page follows the client by id, not alias, so a rename (here or elsewhere) keeps it on
the same person; if they are deleted elsewhere it says so instead of showing stale rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from psp_journal.i18n import _, ngettext
from psp_journal.models import (
    BOUNDARY_KIND_LABELS,
    MODE_LABELS,
    Client,
    Interaction,
    ValidationError,
)
from psp_journal.terminal_text import one_line
from psp_journal.tui.plain import Plain, plain_text
from psp_journal.tui.screens.caseload import follow_up_words, status_word
from psp_journal.tui.screens.client_actions import CLIENT_BINDINGS, ClientActions

NOTE_WIDTH = 26


def first_words(text: str, width: int = NOTE_WIDTH) -> str:
    """A note on one line, cut to `width` characters with an ellipsis."""
    line = " ".join(one_line(text).split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _when(document: Mapping[str, Any]) -> str:
    return str(document.get("at", "")).replace("T", " ")[:16]


def _what(document: Mapping[str, Any]) -> str:
    if document.get("type") == "boundary":
        kind = str(document.get("kind", ""))
        return _(BOUNDARY_KIND_LABELS[kind]) if kind in BOUNDARY_KIND_LABELS else kind
    mode = str(document.get("mode", ""))
    return _(MODE_LABELS[mode]) if mode in MODE_LABELS else mode


def _minutes(document: Mapping[str, Any]) -> str:
    minutes = document.get("minutes")
    return str(minutes) if minutes is not None else "-"


def _scale(document: Mapping[str, Any]) -> str:
    """Intensity of an interaction, how a boundary event felt: both 1 to 5."""
    value = document.get("intensity", document.get("felt"))
    return str(value) if value is not None else "-"


class ClientScreen(ClientActions, Screen[None]):
    DEFAULT_CSS = """
    ClientScreen {
        & > #client-about {
            padding: 0 2;
            color: $text-muted;
        }
        & > .client-heading {
            padding: 0 2;
            margin-top: 1;
            text-style: bold;
        }
        & > #client-followups {
            height: auto;
            max-height: 6;
            margin: 0 2;
        }
        & > #client-records {
            height: 1fr;
            margin: 0 2;
        }
        & > #client-message {
            padding: 0 2;
            color: $error;
            display: none;
        }
        & > .hint {
            padding: 0 2;
            margin: 0;
        }
    }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding(
            "f",
            "followup_done",
            _("Follow-up done"),
            id="client.followup_done",
            tooltip=_("Mark the highlighted follow-up done"),
        ),
        *CLIENT_BINDINGS,
        Binding(
            "escape",
            "back",
            _("Back"),
            id="client.back",
            tooltip=_("Back to the caseload"),
        ),
    ]

    def __init__(self, client_id: str) -> None:
        super().__init__()
        self.client_id = client_id
        self._client: Client | None = None
        self._followups: list[Interaction] = []

    def compose(self) -> ComposeResult:
        yield Plain("", id="client-title", classes="screen-title")
        yield Plain("", id="client-about")
        yield Static(_("Follow-ups"), classes="client-heading")
        yield DataTable(id="client-followups", cursor_type="row")
        yield Static(_("Contacts and boundary events, newest first"), classes="client-heading")
        yield DataTable(id="client-records", cursor_type="row", zebra_stripes=True)
        yield Plain("", id="client-message")
        yield Static(
            _("tab table · f follow-up done · r rename · c close · x delete · esc back"),
            classes="hint",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#client-followups", DataTable).add_columns(
            _("Due"), _("Contact"), _("How"), _("Note")
        )
        self.query_one("#client-records", DataTable).add_columns(
            _("When"), _("What"), _("Minutes"), _("1-5"), _("Note")
        )
        self.show_journal()
        first = "#client-followups" if self._followups else "#client-records"
        self.query_one(first, DataTable).focus()

    def show_journal(self) -> None:
        """The client as they are now: their alias may have changed, or they may be gone."""
        journal = self.journal_app.journal
        if journal is None:
            return
        try:
            found = journal.get(self.client_id)
        except ValidationError:
            found = None
        self._client = found if isinstance(found, Client) else None
        followups = self.query_one("#client-followups", DataTable)
        records = self.query_one("#client-records", DataTable)
        kept = followups.cursor_row
        followups.clear()
        records.clear()
        self._followups = []
        if self._client is None:
            self.query_one("#client-title", Plain).update(_("Client deleted"))
            self.query_one("#client-about", Plain).update(
                _("This client is no longer in your journal.")
            )
            return
        client = self._client
        today = self.journal_app.clock().date()
        about = journal.records_about(client.alias)
        self._followups = journal.followups(client=client.alias)
        self.query_one("#client-title", Plain).update(one_line(client.alias))
        self.query_one("#client-about", Plain).update(self._about(client, len(about)))
        for interaction in self._followups:
            followups.add_row(
                plain_text(follow_up_words(interaction.follow_up, today)),
                plain_text(interaction.at.date().isoformat()),
                plain_text(
                    _(MODE_LABELS[interaction.mode]) if interaction.mode in MODE_LABELS else ""
                ),
                plain_text(first_words(interaction.note)),
                key=interaction.id,
            )
        if self._followups:
            followups.move_cursor(row=min(max(kept, 0), len(self._followups) - 1))
        else:
            followups.add_row(
                plain_text(_("No open follow-ups.")), plain_text(""), plain_text(""), plain_text("")
            )
        for document in about:
            records.add_row(
                plain_text(_when(document)),
                plain_text(_what(document)),
                plain_text(_minutes(document)),
                plain_text(_scale(document)),
                plain_text(first_words(str(document.get("note") or ""))),
            )

    @staticmethod
    def _about(client: Client, records: int) -> str:
        line = ngettext(
            "{status} · {count} contact or boundary event",
            "{status} · {count} contacts and boundary events",
            records,
        ).format(status=status_word(client.status), count=records)
        if client.note:
            line += "\n" + first_words(client.note, 200)
        return line

    # --- ClientActions ---------------------------------------------------------------------

    def chosen_alias(self) -> str | None:
        return self._client.alias if self._client is not None else None

    def say(self, text: str) -> None:
        message = self.query_one("#client-message", Plain)
        message.update(text)
        message.display = bool(text)

    async def after_delete(self) -> None:
        if self.app.screen is self:
            self.dismiss()

    # --- keys ------------------------------------------------------------------------------

    async def action_followup_done(self) -> None:
        journal = self.journal_app.journal
        table = self.query_one("#client-followups", DataTable)
        if journal is None or self._client is None:
            return
        if not self._followups:
            self.say(_("No open follow-ups to mark done."))
            return
        row = min(max(table.cursor_row, 0), len(self._followups) - 1)
        chosen = self._followups[row]
        try:
            journal.followup_done(str(chosen.id))
        except Exception as error:  # noqa: BLE001 — said in plain words, never raised
            self._problem(error)
            return
        self.say("")
        self.app.notify(
            _("Follow-up from {day} marked done.").format(day=chosen.at.date().isoformat())
        )
        self.journal_app.journal_changed()

    def action_back(self) -> None:
        self.dismiss()
