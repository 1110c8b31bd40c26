"""Crisis lines, one key away from the step-back prompt: the person's country's and their own."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer

from psp_journal.care.crisis_lines import lines_for
from psp_journal.care.status_text import crisis_lines_text
from psp_journal.i18n import _
from psp_journal.models import WellnessPlan
from psp_journal.tui.plain import Plain
from psp_journal.tui.words import full_date_in_words


def crisis_lines_in_words(plan: WellnessPlan, country: str) -> str:
    """The care module's own wording, plus when the shipped numbers were last checked, so
    the person can judge how far to trust them."""
    lines = crisis_lines_text(plan, country)
    verified = lines_for(country, plan.crisis_lines).last_verified
    if verified is not None:
        lines.append(
            _("These numbers were last checked on {date}.").format(
                date=full_date_in_words(verified)
            )
        )
    return "\n".join(lines)


class CrisisLinesDialog(ModalScreen[None]):
    """Read-only: nothing here is recorded, so closing it is always safe."""

    BINDINGS = [
        Binding(
            "escape,h",
            "close",
            _("Close"),
            id="crisis_lines.close",
            tooltip=_("Back to where you were"),
        ),
    ]

    def __init__(self, plan: WellnessPlan, country: str) -> None:
        super().__init__()
        self._plan = plan
        self._country = country

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="crisis-box", classes="dialog-box"):
            yield Plain(
                crisis_lines_in_words(self._plan, self._country),
                id="crisis-lines-text",
            )
        yield Footer()

    def action_close(self) -> None:
        self.dismiss()
