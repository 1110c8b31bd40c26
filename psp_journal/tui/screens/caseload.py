"""Caseload: every client by alias, active ones first, with their last contact, their
contacts this month and their next follow-up; a client's own page is one Enter away.

One grouped read of the journal (`Journal.caseload`), fast at 50,000 records, redone
whenever the journal changes, here or elsewhere.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from psp_journal.i18n import _
from psp_journal.journal import CaseloadRow
from psp_journal.terminal_text import one_line
from psp_journal.tui.plain import Plain, plain_text
from psp_journal.tui.screens.client_actions import CLIENT_BINDINGS, ClientActions


def status_word(status: str) -> str:
    """A status in the person's language."""
    return {"active": _("active"), "closed": _("closed")}.get(status, status)


def follow_up_words(due: date | None, today: date) -> str:
    """The date, and "due" once it has come (overdue ones included)."""
    if due is None:
        return "-"
    if due <= today:
        return _("{date}, due").format(date=due.isoformat())
    return due.isoformat()


class CaseloadScreen(ClientActions, Screen[None]):
    DEFAULT_CSS = """
    CaseloadScreen {
        & > #caseload-table {
            height: 1fr;
            margin: 1 2 0 2;
        }
        & > #caseload-empty {
            padding: 0 2;
            color: $text-muted;
        }
        & > #caseload-message {
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
            "enter",
            "open_client",
            _("Open"),
            id="caseload.open",
            tooltip=_("The client's contacts and follow-ups"),
        ),
        Binding(
            "n",
            "new_client",
            _("New client"),
            id="caseload.new",
            tooltip=_("Add a client by an alias or code"),
        ),
        *CLIENT_BINDINGS,
        Binding(
            "escape",
            "back",
            _("Back"),
            id="caseload.back",
            tooltip=_("Back to the dashboard"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[CaseloadRow] = []

    def compose(self) -> ComposeResult:
        yield Static(_("Caseload"), id="caseload-title", classes="screen-title")
        yield DataTable(id="caseload-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="caseload-empty")
        yield Plain("", id="caseload-message")
        yield Static(
            _("enter open · n new · r rename · c close · x delete · esc back"),
            classes="hint",
        )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            _("Alias"), _("Status"), _("Last contact"), _("This month"), _("Next follow-up")
        )
        self.show_journal()
        table.focus()

    def show_journal(self) -> None:
        """The caseload as it is now, the cursor kept on the same client where they remain."""
        journal = self.journal_app.journal
        if journal is None:
            return
        table = self.query_one(DataTable)
        kept = self._highlighted()
        today = self.journal_app.clock().date()
        self._rows = journal.caseload(today)
        table.clear()
        for row in self._rows:
            table.add_row(
                plain_text(one_line(row.alias)),
                plain_text(status_word(row.status)),
                plain_text(row.last_contact.date().isoformat() if row.last_contact else "-"),
                plain_text(str(row.contacts_this_month)),
                plain_text(follow_up_words(row.next_follow_up, today)),
                key=row.client_id,
            )
        ids = [row.client_id for row in self._rows]
        if kept is not None and kept.client_id in ids:
            table.move_cursor(row=ids.index(kept.client_id))
        empty = self.query_one("#caseload-empty", Static)
        empty.update(_("No clients yet. Press n to add one by an alias or code."))
        empty.display = not self._rows

    def _highlighted(self) -> CaseloadRow | None:
        table = self.query_one(DataTable)
        if not self._rows or not 0 <= table.cursor_row < len(self._rows):
            return None
        return self._rows[table.cursor_row]

    # --- ClientActions ---------------------------------------------------------------------

    def chosen_alias(self) -> str | None:
        row = self._highlighted()
        return row.alias if row is not None else None

    def say(self, text: str) -> None:
        message = self.query_one("#caseload-message", Plain)
        message.update(text)
        message.display = bool(text)

    # --- keys ------------------------------------------------------------------------------

    async def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        await self.action_open_client()

    async def action_open_client(self) -> None:
        from psp_journal.tui.screens.client_page import ClientScreen

        row = self._highlighted()
        if row is not None:
            await self.app.push_screen(ClientScreen(row.client_id))

    async def action_new_client(self) -> None:
        from psp_journal.tui.dialogs.new_client import NewClientDialog

        def added(alias: str | None) -> None:
            if alias is None:
                return
            self.say("")
            self.journal_app.journal_changed()
            for index, row in enumerate(self._rows):
                if row.alias == alias:
                    self.query_one(DataTable).move_cursor(row=index)

        await self.app.push_screen(NewClientDialog(), added)

    async def action_back(self) -> None:
        await self.journal_app.back_to_dashboard()
