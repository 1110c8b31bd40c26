"""The dashboard: today, the strain level in plain words, and this week, at a glance."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class DashboardScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="dashboard-body", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show_journal()

    def show_journal(self) -> None:
        from psp_journal.tui.app import JournalApp

        app = self.app
        assert isinstance(app, JournalApp)
        if app.journal is None:
            return
        assessment = app.journal.assess(app.clock().date())
        self.query_one("#dashboard-body", Static).update(assessment.level)
