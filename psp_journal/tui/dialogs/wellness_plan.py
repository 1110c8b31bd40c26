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


class WellnessPlanDialog(ModalScreen[None]):
    """Read-only for now: the plan is written with the command line's import or, later, a
    form of its own; here it is only shown, in the care module's words."""

    BINDINGS = [
        Binding(
            "escape,w",
            "close",
            _("Close"),
            id="wellness_plan.close",
            tooltip=_("Back to the dashboard"),
        ),
    ]

    def __init__(self, plan: WellnessPlan) -> None:
        super().__init__()
        self._plan = plan

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="plan-box", classes="dialog-box"):
            yield Static(_("Your wellness plan"), classes="dialog-title")
            yield Static("\n".join(own_plan_text(self._plan)), id="plan-text", markup=False)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss()
