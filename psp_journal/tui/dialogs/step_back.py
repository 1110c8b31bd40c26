"""The step-back prompt: what stood out, the person's own plan, and four answers, each recorded.

It leads with what was noticed and what the person said they would do, in their words;
crisis lines are one key away (up front only on a strong signal). Digits answer while
the optional note is not being typed in: typing a "2" into the note must stay a "2".
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from psp_journal.care.status_text import own_plan_text
from psp_journal.care.step_back import SNOOZES
from psp_journal.care.strain import Assessment
from psp_journal.i18n import _
from psp_journal.models import NOTE_MAX_CHARS, ValidationError
from psp_journal.models.drafts import PROMPT_DRAFT
from psp_journal.models.prompt_events import (
    BRING_TO_SUPERVISION,
    DISMISS,
    REMIND_LATER,
    STEPPING_BACK,
    PromptEvent,
)
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.dialogs.crisis_lines import CrisisLinesDialog, crisis_lines_in_words
from psp_journal.tui.plain import Plain
from psp_journal.tui.problems import describe_problem
from psp_journal.tui.widgets.bullets import Bullets
from psp_journal.tui.words import moment_in_words
from psp_journal.vault import VaultError

if TYPE_CHECKING:
    pass

_DIALOG_CSS = """
    align: center middle;
    & > VerticalScroll {
        width: 80;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 1 2;
    }
    .dialog-part {
        margin-bottom: 1;
    }
    .answers {
        grid-size: 2;
        grid-gutter: 1 2;
        grid-rows: auto;
        height: auto;
        margin-top: 1;
    }
    .answers Button {
        width: 100%;
    }
    .quiet-message {
        color: $warning;
        height: auto;
    }
"""


class SnoozeDialog(ModalScreen[str | None]):
    """When "remind me later" should come back: one of SNOOZES, or None to go back."""

    DEFAULT_CSS = "SnoozeDialog {" + _DIALOG_CSS + "}"
    AUTO_FOCUS = "#snooze-2h"
    BINDINGS = [
        Binding("1", "choose('2h')", _("In 2 hours"), id="snooze.2h", tooltip=_("In 2 hours")),
        Binding(
            "2",
            "choose('tomorrow')",
            _("Tomorrow"),
            id="snooze.tomorrow",
            tooltip=_("Tomorrow, when your working day starts"),
        ),
        Binding("3", "choose('3d')", _("In 3 days"), id="snooze.3d", tooltip=_("In 3 days")),
        Binding(
            "escape",
            "choose(None)",
            _("Back"),
            id="snooze.back",
            tooltip=_("Back to the prompt, nothing chosen"),
        ),
    ]

    def compose(self) -> ComposeResult:
        labels = {
            "2h": _("1 In 2 hours"),
            "tomorrow": _("2 Tomorrow, when your day starts"),
            "3d": _("3 In 3 days"),
        }
        with VerticalScroll():
            yield Static(_("When would you like to be reminded?"), classes="dialog-title")
            with Grid(classes="answers"):
                for snooze in SNOOZES:
                    yield Button(labels[snooze], id=f"snooze-{snooze}", compact=True)
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(str(event.button.id).removeprefix("snooze-"))

    def action_choose(self, snooze: str | None) -> None:
        self.dismiss(snooze)


class StepBackDialog(JournalAppView, ModalScreen[None]):
    """Shown by the app when the rhythm says so (it records "shown"); each answer is
    recorded with the note and the indicators that caused the prompt, then it closes."""

    DEFAULT_CSS = "StepBackDialog {" + _DIALOG_CSS + "}"
    # The reading part takes the focus, so the prompt opens at its first line (a focused
    # button would scroll it away) and the arrow keys scroll it; digits answer from there.
    AUTO_FOCUS = "#step-back-box"
    BINDINGS = [
        Binding(
            "1",
            "answer('stepping-back')",
            _("Stepping back"),
            id="step_back.stepping_back",
            tooltip=_("I'm stepping back for a while"),
        ),
        Binding(
            "2",
            "remind_later",
            _("Later"),
            id="step_back.remind_later",
            tooltip=_("Remind me later: in 2 hours, tomorrow or in 3 days"),
        ),
        Binding(
            "3",
            "answer('bring-to-supervision')",
            _("Supervision"),
            id="step_back.supervision",
            tooltip=_("Bring this to supervision"),
        ),
        Binding(
            "4",
            "answer('dismiss')",
            _("Dismiss"),
            id="step_back.dismiss",
            tooltip=_("Dismiss: it stays away until things change"),
        ),
        Binding(
            "h",
            "crisis_lines",
            _("Crisis lines"),
            id="step_back.crisis_lines",
            tooltip=_("Crisis lines you can reach now"),
        ),
        Binding(
            "n",
            "write_note",
            _("Note"),
            id="step_back.note",
            tooltip=_("Write an optional note to keep with your answer"),
        ),
        Binding(
            "escape",
            "leave_note",
            _("Leave the note"),
            id="step_back.leave_note",
            show=False,
            tooltip=_("Leave the note, so the number keys answer again"),
        ),
    ]

    def __init__(self, assessment: Assessment) -> None:
        super().__init__()
        self.assessment = assessment

    FORM = PROMPT_DRAFT

    def on_mount(self) -> None:
        journal = self.journal_app.journal
        kept = journal.drafts().get(PROMPT_DRAFT) if journal is not None else None
        if kept:
            self.query_one("#step-back-note", Input).value = kept.get("note", "")

    def draft_fields(self) -> dict[str, str]:
        """The half-written note, kept (encrypted) when the app locks with the prompt open."""
        note = self.query_one("#step-back-note", Input).value
        return {"note": note} if note.strip() else {}

    def compose(self) -> ComposeResult:
        journal = self.journal_app.journal
        assert journal is not None
        plan = journal.plan()
        with VerticalScroll(id="step-back-box"):
            yield Static(
                _("It may be a good moment to step back for a while."), classes="dialog-title"
            )
            yield Static(_("What stood out, in your own entries:"))
            yield Bullets(
                [result.detail for result in self.assessment.active],
                indent=2,
                id="step-back-noticed",
                classes="dialog-part",
            )
            if self.assessment.strong_signal:
                yield Plain(
                    crisis_lines_in_words(plan, journal.settings().country),
                    id="step-back-crisis-lines",
                    classes="dialog-part",
                )
            yield Plain(
                "\n".join(own_plan_text(plan)),
                id="step-back-plan",
                classes="dialog-part",
            )
            yield Input(
                placeholder=_("Note (optional): n to write, esc to leave it"),
                id="step-back-note",
                max_length=NOTE_MAX_CHARS,
            )
            yield Plain("", id="step-back-message", classes="quiet-message")
            with Grid(classes="answers"):
                yield Button(_("1 I'm stepping back"), id="answer-stepping-back", compact=True)
                yield Button(_("2 Remind me later…"), id="answer-remind-later", compact=True)
                yield Button(
                    _("3 Bring to supervision"), id="answer-bring-to-supervision", compact=True
                )
                yield Button(_("4 Dismiss"), id="answer-dismiss", compact=True)
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        answer = str(event.button.id).removeprefix("answer-")
        if answer == REMIND_LATER:
            self.action_remind_later()
        else:
            self.action_answer(answer)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the note returns to the answers, which is where the person goes next."""
        event.stop()
        self.action_leave_note()

    def action_write_note(self) -> None:
        self.query_one("#step-back-note", Input).focus()

    def action_leave_note(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#step-back-box").focus()

    def action_crisis_lines(self) -> None:
        journal = self.journal_app.journal
        if journal is not None:
            self.app.push_screen(CrisisLinesDialog(journal.plan(), journal.settings().country))

    def action_remind_later(self) -> None:
        def chosen(snooze: str | None) -> None:
            if snooze is not None:
                self.action_answer(REMIND_LATER, snooze)

        self.app.push_screen(SnoozeDialog(), chosen)

    def action_answer(self, event: str, snooze: str | None = None) -> None:
        """Record the answer durably, then close and say so; if it can't be recorded, say
        that here and stay open, so the answer is not silently lost."""
        app = self.journal_app
        journal = app.journal
        if journal is None:
            return
        note = self.query_one("#step-back-note", Input).value.strip()
        try:
            recorded = journal.record_prompt_event(event, self.assessment, note=note, snooze=snooze)
        except (ValidationError, VaultError, sqlite3.Error, OSError) as error:
            self.query_one("#step-back-message", Static).update(describe_problem(error))
            return
        journal.discard_draft(PROMPT_DRAFT)
        self.dismiss()
        app.notify(_answered(recorded), timeout=6)
        app.journal_changed()


def _answered(recorded: PromptEvent) -> str:
    """A short, kind word that the answer was kept, and what happens next."""
    if recorded.snooze_until is not None:
        return _("Noted. This will come back on {moment}.").format(
            moment=moment_in_words(recorded.snooze_until)
        )
    return {
        STEPPING_BACK: _("Noted. Your step-back actions stay in your wellness plan (w)."),
        BRING_TO_SUPERVISION: _("Noted. It is on your list to bring to supervision."),
        DISMISS: _("Noted. It won't come back while things stay as they are."),
    }[recorded.event]
