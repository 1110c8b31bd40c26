"""Exports: everything that ever left the journal, newest first, as the ledger records it.

Summaries and dumps alike, each with when, to whom, the file and the SHA-256 of exactly
the bytes written, so the person (or their supervisor) can check a file is the one sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from psp_journal.i18n import _
from psp_journal.terminal_text import one_line
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain, plain_text


class ExportsScreen(JournalAppView, Screen[None]):
    DEFAULT_CSS = """
    ExportsScreen {
        & > #exports-table {
            height: 1fr;
            margin: 1 2 0 2;
        }
        & > #exports-detail {
            height: auto;
            padding: 1 2;
            color: $text-muted;
        }
    }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding(
            "escape",
            "back",
            _("Back"),
            id="exports.back",
            tooltip=_("Back to the dashboard"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield Static(_("Exports"), id="exports-title", classes="screen-title")
        yield DataTable(id="exports-table", cursor_type="row", zebra_stripes=True)
        yield Plain("", id="exports-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("When"), _("What"), _("Format"), _("For"), _("File"))
        self.show_journal()
        table.focus()

    def show_journal(self) -> None:
        """The ledger as it is now (another copy may have exported meanwhile)."""
        from psp_journal.consent import ledger_rows

        journal = self.journal_app.journal
        if journal is None:
            return
        self._rows = ledger_rows(journal.ledger())
        table = self.query_one(DataTable)
        table.clear()
        for row in self._rows:
            table.add_row(
                *(
                    plain_text(one_line(str(value)))
                    for value in (
                        str(row["at"]).replace("T", " "),
                        _("summary") if row["kind"] == "export" else _("dump"),
                        row.get("format", "jsonl"),
                        row["recipient"] or "-",
                        row["file"],
                    )
                )
            )
        detail = self.query_one("#exports-detail", Static)
        if not self._rows:
            detail.update(_("Nothing has left your journal yet."))
        else:
            detail.update(_describe(self._rows[0]))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self._rows):
            self.query_one("#exports-detail", Static).update(
                _describe(self._rows[event.cursor_row])
            )

    async def action_back(self) -> None:
        await self.journal_app.back_to_dashboard()


def _describe(row: Mapping[str, Any]) -> str:
    """One entry in full: the file, its SHA-256, and for a summary its period and sections."""
    lines = [
        _("File: {path}").format(path=one_line(str(row["file"]))),
        _("SHA-256: {digest}").format(digest=row["sha256"]),
    ]
    period = row.get("period")
    if isinstance(period, Mapping):
        lines.append(
            _("Period: {first} to {last}; sections: {sections}").format(
                first=period.get("from"),
                last=period.get("to"),
                sections=", ".join(str(name) for name in row.get("sections", [])),
            )
        )
    elif row.get("records") is not None:
        lines.append(_("{count} records").format(count=row["records"]))
    return "\n".join(lines)
