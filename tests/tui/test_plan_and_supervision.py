"""The wellness plan editor and the supervision list, checked by what the vault holds after."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, TextArea

from psp_journal.models import Person
from psp_journal.tui.screens.plan_editor import PlanEditorScreen
from psp_journal.tui.screens.supervision import SupervisionScreen
from tests.tui.conftest import unlock
from tests.tui.journal_homes import NOW, app_for, demo_home, make_home, second_journal, text_of

PLAN = {
    "type": "plan",
    "triggers": ["[b]late calls[/b]", "[@click=app.quit]x[/]"],
    "step_back_actions": ["Walk at lunch"],
    "people": [{"name": "Kim", "how": "text first"}],
}


async def _open(app: Any, pilot: Any, screen: Any) -> Any:
    await unlock(pilot)
    while app.screen_stack[-1].__class__.__name__ == "StepBackDialog":
        app.pop_screen()
    await app.open_screen(screen)
    await pilot.pause()
    return app.screen


async def test_the_plan_is_shown_literally_and_a_changed_section_is_saved(tmp_path: Path) -> None:
    paths = make_home(tmp_path, [PLAN, {"type": "settings", "country": "CA"}])
    app = app_for(paths)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open(app, pilot, PlanEditorScreen())
        triggers = screen.query_one("#plan-triggers", TextArea)
        assert triggers.text == "[b]late calls[/b]\n[@click=app.quit]x[/]"
        assert "Last verified 26 November 2026" in text_of(screen, ".muted.plan-lines")
        triggers.load_text("[b]late calls[/b]\n\n  Being asked for money  \n")
        # Meanwhile another window changes a section this screen did not touch.
        other = second_journal(paths)
        other.set_plan_section("daily_maintenance", ["Sleep by eleven"])
        other.vault.close()
        app.vault.refresh()
        await pilot.press("ctrl+s")
        await pilot.pause()
        plan = app.journal.plan()
        assert plan.triggers == ("[b]late calls[/b]", "Being asked for money")
        assert plan.daily_maintenance == ("Sleep by eleven",)
        assert plan.people == (Person("Kim", "text first"),)
        assert app.is_running


async def test_a_new_person_goes_in_the_blank_row_and_a_bad_row_is_said_inline(
    tmp_path: Path,
) -> None:
    app = app_for(make_home(tmp_path, [PLAN]))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open(app, pilot, PlanEditorScreen())
        rows = screen.query(".row-people")
        assert len(rows) == 2  # Kim, and a blank row for the next person
        blank = rows.last()
        blank.query_one(".part-how", Input).value = "call after five"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Row 2, Name" in text_of(screen, "#error-people")
        assert app.journal.plan().people == (Person("Kim", "text first"),)
        blank.query_one(".part-name", Input).value = "Sam"
        await pilot.press("ctrl+s")
        await pilot.pause()
        people = app.journal.plan().people
        assert people == (Person("Kim", "text first"), Person("Sam", "call after five"))


async def test_ctrl_n_adds_a_row_in_the_section_with_the_focus(tmp_path: Path) -> None:
    app = app_for(make_home(tmp_path, [PLAN]))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open(app, pilot, PlanEditorScreen())
        screen.query(".row-crisis_lines").first().query(Input).first().focus()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert len(screen.query(".row-crisis_lines")) == 2
        assert app.focused in screen.query(".row-crisis_lines").last().query(Input)


async def test_an_item_marked_discussed_leaves_the_list_to_discuss(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open(app, pilot, SupervisionScreen())
        table = screen.query_one(DataTable)
        waiting = app.journal.supervision_items(date.min, NOW.date())
        assert table.row_count == len(waiting) > 0
        newest = str(waiting[-1]["id"])
        await pilot.press("d")
        await pilot.pause()
        assert newest not in {
            item["id"] for item in app.journal.supervision_items(date.min, NOW.date())
        }
        assert str(table.get_row_at(0)[2]) == "yes"
        await pilot.press("d")  # taken back
        await pilot.pause()
        assert newest in {
            item["id"] for item in app.journal.supervision_items(date.min, NOW.date())
        }
        assert str(table.get_row_at(0)[2]) == ""


async def test_supervision_items_are_shown_literally(tmp_path: Path) -> None:
    reflection = {
        "type": "reflection",
        "at": "2026-11-20T20:00",
        "text": "[@click=app.quit]x[/] [b]heavy[/b]",
        "discuss": True,
    }
    app = app_for(make_home(tmp_path, [reflection]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot, SupervisionScreen())
        cells = [str(cell) for cell in screen.query_one(DataTable).get_row_at(0)]
        assert cells[3] == "[@click=app.quit]x[/] [b]heavy[/b]"
        assert cells[1] == "reflection"
