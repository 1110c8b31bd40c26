"""The step-back prompt: shown when due, each answer recorded with its note and snooze, a
reminder back when its snooze ends, and the person's words shown as they wrote them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from psp_journal.care.status_text import NO_PLAN_YET
from psp_journal.models.prompt_events import PromptEvent
from psp_journal.tui.dialogs.crisis_lines import CrisisLinesDialog
from psp_journal.tui.dialogs.step_back import SnoozeDialog, StepBackDialog
from psp_journal.tui.screens.dashboard import DashboardScreen
from tests.tui.conftest import unlock
from tests.tui.journal_homes import (
    NOW,
    MovableClock,
    app_for,
    demo_home,
    make_home,
    text_of,
)


def last_answer(app: Any) -> PromptEvent:
    """The latest answer. A "shown" in the same minute may sort after it (same time, ids
    in any order), so it is left out."""
    return [event for event in app.journal.prompt_history() if event.event != "shown"][-1]


def prompt_open(app: Any) -> bool:
    return any(isinstance(screen, StepBackDialog) for screen in app.screen_stack)


async def test_the_prompt_appears_when_due_and_leads_with_what_stood_out(
    tmp_path: Path,
) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, StepBackDialog)
        assessment = app.screen.assessment
        noticed = " ".join(text_of(app.screen, "#step-back-noticed").split())  # unwrapped
        for result in assessment.active:
            assert result.detail in noticed
        plan = text_of(app.screen, "#step-back-plan")
        assert "Tell my supervisor this week, not next month." in plan
        assert "my sister: text first; she calls back the same day" in plan
        assert [event.event for event in app.journal.prompt_history()] == ["shown"]


@pytest.mark.parametrize(
    ("key", "event"),
    [("1", "stepping-back"), ("3", "bring-to-supervision"), ("4", "dismiss")],
)
async def test_each_answer_is_recorded_with_its_note(tmp_path: Path, key: str, event: str) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        await pilot.press("n", *"rough week 2", "escape", key)
        await pilot.pause()
        assert not prompt_open(app)
        assert isinstance(app.screen, DashboardScreen)
        answer = last_answer(app)
        assert (answer.event, answer.note, answer.snooze_until) == (event, "rough week 2", None)
        assert answer.indicators == tuple(
            result.id for result in app.journal.assess(NOW.date()).active
        )


async def test_a_digit_typed_in_the_note_stays_in_the_note(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        await pilot.press("n", "2", "4")
        await pilot.pause()
        assert isinstance(app.screen, StepBackDialog)
        assert app.screen.query_one("#step-back-note", Input).value == "24"
        await pilot.press("enter", "3")  # enter leaves the note; then a digit answers
        await pilot.pause()
        assert last_answer(app).note == "24"


async def test_remind_me_later_holds_the_prompt_until_the_snooze_ends(tmp_path: Path) -> None:
    clock = MovableClock()
    app = app_for(demo_home(tmp_path), clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeDialog)
        await pilot.press("1")  # in 2 hours
        await pilot.pause()
        assert not prompt_open(app)
        answer = last_answer(app)
        assert answer.event == "remind-later"
        assert answer.snooze_until == NOW + timedelta(hours=2)
        assert app._reminder is not None  # the app set a timer for when it ends

        clock.move_on(hours=1, minutes=59)
        app.check_prompt()
        await pilot.pause()
        assert not prompt_open(app)

        clock.move_on(minutes=2)
        app.check_prompt()
        await pilot.pause()
        assert isinstance(app.screen, StepBackDialog)
        assert app.journal.prompt_history()[-1].event == "shown"


async def test_going_back_from_the_snooze_choice_records_nothing(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        await pilot.press("2", "escape")
        await pilot.pause()
        assert isinstance(app.screen, StepBackDialog)
        assert [event.event for event in app.journal.prompt_history()] == ["shown"]
        await pilot.press("2", "3")  # in 3 days
        await pilot.pause()
        assert last_answer(app).snooze_until == NOW + timedelta(days=3)


async def test_crisis_lines_are_one_key_away_with_their_last_checked_date(
    tmp_path: Path,
) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        strong = app.screen.assessment.strong_signal
        assert bool(app.screen.query("#step-back-crisis-lines")) == strong
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, CrisisLinesDialog)
        lines = text_of(app.screen, "#crisis-lines-text")
        assert "9-8-8" in lines  # the demo person is in Canada
        assert "last checked on 26 November 2026" in lines
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StepBackDialog)


async def test_lock_and_quit_are_never_blocked_by_the_prompt(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        await pilot.press("n", *"half a thought")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.locked
        assert not prompt_open(app)


async def test_the_persons_plan_is_shown_literally(tmp_path: Path) -> None:
    tricky = "[b]x[/b][@click=app.quit]"

    def with_tricky_plan(document: dict[str, Any]) -> dict[str, Any]:
        if document["type"] == "plan":
            return {**document, "step_back_actions": [tricky], "people": []}
        return document

    app = app_for(demo_home(tmp_path, with_tricky_plan))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        assert tricky in text_of(app.screen, "#step-back-plan")


async def test_without_a_plan_the_prompt_says_so_kindly(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path, lambda d: None if d["type"] == "plan" else d))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, StepBackDialog)
        assert text_of(app.screen, "#step-back-plan") == NO_PLAN_YET


async def test_on_a_strong_signal_the_crisis_lines_are_up_front(tmp_path: Path) -> None:
    death = {
        "type": "interaction",
        "client": "A-1",
        "at": "2026-11-30T11:00",
        "minutes": 30,
        "mode": "phone",
        "intensity": 5,
        "tags": ["death"],
    }
    app = app_for(make_home(tmp_path, [{"type": "client", "alias": "A-1"}, death]))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, StepBackDialog)
        assert app.screen.assessment.strong_signal
        up_front = text_of(app.screen, "#step-back-crisis-lines")
        assert "If things feel like too much right now" in up_front
        assert "findahelpline.com" in up_front  # no country set: the directory, no guesses
        assert text_of(app.screen, "#step-back-plan") == NO_PLAN_YET


async def test_a_lock_keeps_the_open_prompt_and_its_note_for_after_unlock(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, StepBackDialog)
        await pilot.press("n", *"half a th")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.locked and not prompt_open(app)
        await unlock(pilot)
        assert isinstance(app.screen, StepBackDialog)
        assert app.screen.query_one("#step-back-note", Input).value == "half a th"
        assert [event.event for event in app.journal.prompt_history()] == ["shown"]
        await pilot.press("escape", "1")
        await pilot.pause()
        assert last_answer(app).note == "half a th"
        assert "prompt" not in app.journal.drafts()
