"""Typed access from a screen or dialog to the app that owns the journal, its clock and
its lock: one place for the check, instead of a copy in every screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from psp_journal.tui.app import JournalApp


class JournalAppView:
    """Mixed into our screens and dialogs (before Textual's own base class)."""

    app: App[object]

    @property
    def journal_app(self) -> JournalApp:
        from psp_journal.tui.app import JournalApp

        assert isinstance(self.app, JournalApp)
        return self.app
