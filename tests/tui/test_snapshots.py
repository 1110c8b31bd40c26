"""The main screens as pictures (SVG), pinned: a fixed clock, size and journal.

Unlock, the dashboard, the check-in form, the step-back prompt, the caseload, insights,
Settings and the journal with a search, each in calm dark and in high contrast.
`pytest --snapshot-update tests/tui/test_snapshots.py` redraws them after an intended
change; look at each picture before committing it. The README shows some of them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from psp_journal.tui.dialogs.step_back import StepBackDialog
from tests.tui.conftest import unlock
from tests.tui.journal_homes import app_for, demo_home

SIZE = (100, 32)
THEMES = ("calm-dark", "high-contrast")
Compare = Callable[..., bool]


def themed_demo(tmp_path: Path, theme: str) -> Any:
    paths = demo_home(tmp_path)
    paths.config_file.write_text(f'theme = "{theme}"\n', encoding="utf-8")
    app = app_for(paths)
    app.demo_passphrase = "calm-river-notebook"
    return app


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


async def to_dashboard(pilot: Pilot[Any]) -> None:
    await unlock(pilot)
    if isinstance(pilot.app.screen, StepBackDialog):
        await pilot.press("4")  # dismiss: the prompt is pictured on its own
    await settle(pilot)


async def to_checkin(pilot: Pilot[Any]) -> None:
    await to_dashboard(pilot)
    await pilot.press("c")
    await settle(pilot)


async def to_prompt(pilot: Pilot[Any]) -> None:
    await unlock(pilot)
    assert isinstance(pilot.app.screen, StepBackDialog)
    await settle(pilot)


async def to_caseload(pilot: Pilot[Any]) -> None:
    from psp_journal.tui.screens.caseload import CaseloadScreen

    await to_dashboard(pilot)
    await pilot.app.open_screen(CaseloadScreen())
    await settle(pilot)


async def to_settings(pilot: Pilot[Any]) -> None:
    from psp_journal.tui.screens.settings import SettingsScreen

    await to_dashboard(pilot)
    await pilot.app.open_screen(SettingsScreen())
    await pilot.press("shift+tab")  # up to the tabs: no input's blinking cursor pictured
    await settle(pilot)


async def to_strain_settings(pilot: Pilot[Any]) -> None:
    """Settings' Strain tab, reached by keys: two tabs to the right."""
    await to_settings(pilot)
    await pilot.press("right", "right")
    await settle(pilot)


async def to_journal_search(pilot: Pilot[Any]) -> None:
    from psp_journal.tui.screens.journal import JournalScreen

    await to_dashboard(pilot)
    await pilot.app.open_screen(JournalScreen(search=True))  # type: ignore[attr-defined]
    await pilot.press(*"walk", "enter")
    await settle(pilot)


async def at_unlock(pilot: Pilot[Any]) -> None:
    await settle(pilot)


async def to_insights(pilot: Pilot[Any]) -> None:
    await to_dashboard(pilot)
    from psp_journal.tui.screens.insights import InsightsScreen

    await pilot.app.open_screen(InsightsScreen())
    await settle(pilot)


SCREENS: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "unlock": at_unlock,
    "dashboard": to_dashboard,
    "checkin": to_checkin,
    "step-back": to_prompt,
    "caseload": to_caseload,
    "insights": to_insights,
    "settings": to_strain_settings,
    "journal-search": to_journal_search,
}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("screen", SCREENS)
def test_main_screens(snap_compare: Compare, tmp_path: Path, screen: str, theme: str) -> None:
    app = themed_demo(tmp_path, theme)
    assert snap_compare(app, terminal_size=SIZE, run_before=SCREENS[screen])


@pytest.mark.parametrize(
    "screen", ("dashboard", "checkin", "caseload", "insights", "settings", "journal-search")
)
def test_main_screens_at_80x24(snap_compare: Compare, tmp_path: Path, screen: str) -> None:
    """The smallest terminal we promise: panels stack, nothing is cut off."""
    app = themed_demo(tmp_path, "calm-dark")
    run_before = to_settings if screen == "settings" else SCREENS[screen]
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
