"""The dashboard: the level as a word, the indicators' own sentences, and writes from
elsewhere showing up once the app polls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Footer, Sparkline

from psp_journal.tui.dialogs.step_back import StepBackDialog
from psp_journal.tui.dialogs.wellness_plan import WellnessPlanDialog
from psp_journal.tui.screens.dashboard import DashboardScreen
from tests.tui.conftest import unlock
from tests.tui.journal_homes import (
    NOW,
    app_for,
    demo_home,
    make_home,
    second_journal,
    text_of,
)


def dashboard_of(app: Any) -> DashboardScreen:
    (dashboard,) = [screen for screen in app.screen_stack if isinstance(screen, DashboardScreen)]
    return dashboard


async def test_demo_data_shows_the_level_word_and_what_stands_out(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        dashboard = dashboard_of(app)
        assessment = app.journal.assess(NOW.date())
        assert assessment.level == "step-back"
        assert text_of(dashboard, "#dash-day") == "Monday 30 November"
        assert text_of(dashboard, "#dash-level").startswith("Step back")
        assert dashboard.query_one("#dash-level").has_class("-step-back")
        stands_out = " ".join(text_of(dashboard, "#stands-out-list").split())  # unwrapped
        for result in assessment.active:
            assert result.detail in stands_out
        assert str(assessment.score) not in text_of(dashboard, "#dash-top")
        assert len(dashboard.query_one("#spark-mood", Sparkline).data or []) <= 30


async def test_an_empty_journal_is_steady_and_says_so_kindly(tmp_path: Path) -> None:
    app = app_for(make_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert text_of(app.screen, "#dash-level").startswith("Steady")
        assert text_of(app.screen, "#stands-out") == "Nothing stands out in your recent entries."
        assert text_of(app.screen, "#today-checkin") == "Check-in: not yet (c)"
        assert text_of(app.screen, "#month-gaps") == "No check-ins in the last 30 days."
        assert text_of(app.screen, "#week-supervision") == "supervision: none recorded yet"


async def test_a_write_from_another_copy_shows_after_a_poll(tmp_path: Path) -> None:
    paths = make_home(tmp_path)
    app = app_for(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        other = second_journal(paths)
        try:
            other.checkin({"mood": "2", "energy": "3", "stress": "4", "sleep": "5.5"})
            other.record("boundary", {"kind": "gift", "felt": "2", "discuss": "true"})
        finally:
            other.vault.close()
        await app.poll()
        await pilot.pause()
        assert text_of(app.screen, "#today-checkin") == "Check-in: done"
        assert text_of(app.screen, "#week-boundaries") == "recent boundary events: gift (Mon)"
        assert text_of(app.screen, "#month-gaps") == "No check-in on 29 of these days."
        assert "boundary: gift (Mon)" in text_of(app.screen, "#supervision-items")
        assert app.screen.query_one("#panel-supervision").border_title == (
            "To bring to supervision (1)"
        )


async def test_at_80_by_24_the_panels_stack_and_every_key_fits(tmp_path: Path) -> None:
    app = app_for(make_home(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = app.screen
        today = screen.query_one("#panel-today").region
        month = screen.query_one("#panel-month").region
        assert month.x == today.x and month.y > today.y
        for panel in screen.query(".panel"):
            assert panel.region.right <= 80
        footer = screen.query_one(Footer)
        assert not footer.show_command_palette
        assert footer.virtual_size.width <= 80


async def test_the_wellness_plan_shows_the_persons_words_literally(tmp_path: Path) -> None:
    tricky = "[b]x[/b][@click=app.quit]"

    def with_tricky_plan(document: dict[str, Any]) -> dict[str, Any]:
        if document["type"] == "plan":
            return {**document, "step_back_actions": [tricky]}
        return document

    app = app_for(demo_home(tmp_path, with_tricky_plan))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        await pilot.press("4")  # the prompt is due; answer it to reach the dashboard
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WellnessPlanDialog)
        assert tricky in text_of(app.screen, "#plan-text")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert not any(isinstance(screen, StepBackDialog) for screen in app.screen_stack)
