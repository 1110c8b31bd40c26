"""The person's own step-back actions and people, read back to them from their wellness plan."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from psp_journal.care.status_text import own_plan_text
from psp_journal.i18n import _
from psp_journal.models import WellnessPlan
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain


class WellnessPlanDialog(JournalAppView, ModalScreen[None]):
    """The plan read back in the care module's words; e opens the editor."""

    BINDINGS = [
        Binding(
            "escape,w",
            "close",
            _("Close"),
            id="wellness_plan.close",
            tooltip=_("Back to the dashboard"),
        ),
        Binding(
            "e",
            "edit",
            _("Edit"),
            id="wellness_plan.edit",
            tooltip=_("Change your plan, section by section"),
        ),
    ]

    def __init__(self, plan: WellnessPlan) -> None:
        super().__init__()
        self._plan = plan

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="plan-box", classes="dialog-box"):
            yield Static(_("Your wellness plan"), classes="dialog-title")
            yield Plain("\n".join(own_plan_text(self._plan)), id="plan-text")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss()

    async def action_edit(self) -> None:
        from psp_journal.tui.screens.plan_editor import PlanEditorScreen

        await self.journal_app.open_screen(PlanEditorScreen())
