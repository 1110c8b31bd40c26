"""The insights screen, by keys alone at 80×24: the palette's "Insights" opens it, 1/2/3
choose 4, 12 or 52 weeks and change what is shown, and "what helps" compares moods only
once both sides have five days."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Sparkline

from psp_journal.tui.dialogs.step_back import StepBackDialog
from psp_journal.tui.screens.dashboard import DashboardScreen
from psp_journal.tui.screens.insights import InsightsScreen
from tests.tui.conftest import unlock
from tests.tui.journal_homes import NOW, app_for, demo_home, make_home, second_journal, text_of

SIZE = (80, 24)


async def open_by_palette(pilot: Pilot[Any]) -> InsightsScreen:
    await unlock(pilot)
    if isinstance(pilot.app.screen, StepBackDialog):
        await pilot.press("4")  # dismiss
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"Insights")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, InsightsScreen)
    return screen


def week_lines(screen: InsightsScreen) -> list[str]:
    """The strain list's items (each starts with a bullet; long ones wrap under it)."""
    return [line for line in text_of(screen, "#strain-weeks").splitlines() if line[:1] == "·"]


def helps_text(screen: InsightsScreen) -> str:
    return " ".join(text_of(screen, "#helps-list").split())  # unwrapped


async def test_the_palette_opens_insights_and_the_keys_choose_the_weeks(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_by_palette(pilot)
        assert screen.weeks == 12
        assert text_of(screen, "#insights-top") == (
            "Insights: the last 12 weeks, Mon 14 Sep to Mon 30 Nov"
        )
        assert len(week_lines(screen)) == 12
        assert week_lines(screen)[0].startswith("· Mon 30 Nov  Step back: ")
        assert text_of(screen, "#range-strain") == "Steady to Step back"  # a level, no score
        seen = {}
        for key, weeks, span in (
            ("1", 4, "Mon 9 Nov to Mon 30 Nov"),
            ("3", 52, "8 December 2025 to 30 November 2026"),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert screen.weeks == weeks
            assert screen.shown is not None and len(screen.shown.weeks) == weeks
            assert text_of(screen, "#insights-top") == (f"Insights: the last {weeks} weeks, {span}")
            assert len(week_lines(screen)) == weeks
            seen[weeks] = helps_text(screen)
        # The demo's 90 days: most of a year holds nothing, and says so.
        assert week_lines(screen)[-1] == "· Mon 8 Dec  nothing recorded"
        assert "shown once each side has 5 days" in seen[4]
        assert seen[4] != seen[52]
        strain = screen.query_one("#spark-strain", Sparkline).data
        assert strain is not None and len(strain) == 52
        await pilot.press("2")
        await pilot.pause()
        assert screen.weeks == 12 and len(week_lines(screen)) == 12
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


def checkin(journal: Any, back: int, mood: int, *self_care: str) -> None:
    day = NOW.date() - timedelta(days=back)
    options = {"mood": str(mood), "energy": "3", "stress": "2", "self-care": list(self_care)}
    journal.checkin(options, day)


async def test_what_helps_waits_for_five_days_on_each_side(tmp_path: Path) -> None:
    """A walk on 5 of 12 days: compared. A swim on 4: only counted, until a fifth."""
    paths = make_home(tmp_path)
    journal = second_journal(paths)
    try:
        for back in range(12):
            care = ["walk"] if back < 5 else []
            if back in (0, 2, 4, 6):
                care.append("swim")
            checkin(journal, back + 1, 4 if back < 5 else 2, *care)
    finally:
        journal.vault.close()
    app = app_for(paths)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_by_palette(pilot)
        await pilot.press("1")
        await pilot.pause()
        shown = helps_text(screen)
        assert "· walk: mood 4.0 on the 5 days with it, 2.0 on the 7 days without" in shown
        assert "· swim: 4 days with it, 8 days without; shown once each side has 5 days" in shown
        assert "swim: mood" not in shown
        assert screen.query_one("#helps-note").display
        other = second_journal(paths)
        try:
            checkin(other, 0, 5, "swim")  # today: the fifth day with a swim
        finally:
            other.vault.close()
        await app.poll()
        await pilot.pause()
        shown = helps_text(screen)
        assert "· swim: mood 3.8 on the 5 days with it, 2.5 on the 8 days without" in shown


async def test_an_empty_journal_says_there_is_nothing_yet(tmp_path: Path) -> None:
    app = app_for(make_home(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_by_palette(pilot)
        assert text_of(screen, "#felt-gaps") == "No check-ins in these weeks yet."
        assert text_of(screen, "#helps-none") == (
            "No self-care listed on these weeks' check-ins yet."
        )
        assert not screen.query_one("#helps-note").display
        assert not screen.query_one("#series-sleep").display  # no line drawn as "zero sleep"
        assert text_of(screen, "#range-strain") == "Steady every week"
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not any(isinstance(s, InsightsScreen) for s in app.screen_stack)


def test_the_chart_library_loads_only_when_insights_opens() -> None:
    """textual-plot brings numpy (about 130 ms): the app's start must not pay for it."""
    script = (
        "import json, sys, psp_journal.cli, psp_journal.tui.app, psp_journal.tui.commands\n"
        "import psp_journal.tui.screens.dashboard\n"
        "print(json.dumps([m for m in sys.modules if m.split('.')[0] in "
        "('numpy', 'textual_plot', 'textual_hires_canvas')]))"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == []
