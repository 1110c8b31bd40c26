"""The supervision list: what the person marked to discuss, or chose to bring to
supervision from a step-back prompt, and a way to mark each one as talked through.

A discussed item leaves the dashboard's list and the summary's `supervision-items`; it
stays here, marked, so a mark made by mistake can be taken back with the same key.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from psp_journal.i18n import _
from psp_journal.terminal_text import one_line
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import plain_text
from psp_journal.tui.words import supervision_kind

_FIRST_WORDS = 60


class SupervisionScreen(JournalAppView, Screen[None]):
    DEFAULT_CSS = """
    SupervisionScreen {
        & > #supervision-hint {
            padding: 0 2;
            color: $text-muted;
        }
        & > #supervision-table {
            height: 1fr;
            margin: 1 2 0 2;
        }
    }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding(
            "d",
            "toggle_discussed",
            _("Discussed"),
            id="supervision.discussed",
            tooltip=_("Mark the chosen item as talked through in supervision, or take it back"),
        ),
        Binding(
            "escape",
            "back",
            _("Back"),
            id="supervision.back",
            tooltip=_("Back to the dashboard"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._items: list[Mapping[str, Any]] = []
        self._discussed: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static(_("Supervision list"), id="supervision-title", classes="screen-title")
        yield Static(
            _("What you marked to bring to supervision. Press d once you have talked it through."),
            id="supervision-hint",
        )
        yield DataTable(id="supervision-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Day"), _("What"), _("Discussed"), _("First words"))
        self.show_journal()
        table.focus()

    def show_journal(self) -> None:
        """Every item, newest first, discussed or not; the cursor stays where it was."""
        journal = self.journal_app.journal
        if journal is None:
            return
        today = self.journal_app.clock().date()
        items = journal.supervision_items(date.min, today, include_discussed=True)
        self._items = list(reversed(items))
        self._discussed = {mark.item for mark in journal.discussed_marks()}
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for item in self._items:
            cells = _cells(item, str(item["id"]) in self._discussed)
            table.add_row(*(plain_text(cell) for cell in cells))
        if not self._items:
            table.add_row(plain_text(_("Nothing is marked for supervision.")), "", "", "")
        elif row < len(self._items):
            table.move_cursor(row=row)

    def action_toggle_discussed(self) -> None:
        journal = self.journal_app.journal
        row = self.query_one(DataTable).cursor_row
        if journal is None or not 0 <= row < len(self._items):
            return
        item_id = str(self._items[row]["id"])
        discussed = item_id not in self._discussed
        journal.mark_discussed(item_id, discussed)
        self.app.notify(
            _("Marked as discussed.") if discussed else _("Back on the list to discuss."),
            timeout=3,
        )
        self.journal_app.journal_changed()

    async def action_back(self) -> None:
        await self.journal_app.back_to_dashboard()


def _cells(item: Mapping[str, Any], discussed: bool) -> tuple[str, ...]:
    """One item's cells: its day, kind, mark and first words."""
    kind = str(item.get("type", ""))
    text = " ".join(one_line(str(item.get("note") or item.get("text") or "")).split())
    if len(text) > _FIRST_WORDS:
        text = text[: _FIRST_WORDS - 1] + "…"
    return (
        str(item.get("at", ""))[:10],
        supervision_kind(kind),
        _("yes") if discussed else "",
        text,
    )
