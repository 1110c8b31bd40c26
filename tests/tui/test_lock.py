"""Unlock, lock now, the idle lock and quit: the journal is open only while it should be."""

from __future__ import annotations

from collections.abc import Callable

from textual.fuzzy import Matcher
from textual.widgets import Input

from psp_journal.config import Paths
from psp_journal.tui.app import JournalApp
from psp_journal.tui.commands import palette_commands
from psp_journal.tui.screens.unlock import UnlockScreen
from psp_journal.vault import Vault
from tests.conftest import PASSPHRASE
from tests.tui.conftest import FakeIdleClock, app_clock, empty_vault, unlock

MakeApp = Callable[..., JournalApp]
CONTRACT_NAMES = (
    "Lock now",
    "Check in",
    "Log an interaction",
    "Boundary event",
    "Reflection",
    "Support received",
    "Dashboard",
    "Insights",
    "Help",
    "Theme",
    "Export a summary",
    "Exports",
    "Caseload",
    "Wellness plan",
    "Supervision list",
    "Settings",
    "Journal",
    "Search",
)


async def test_a_wrong_passphrase_is_refused_quietly_and_the_field_cleared(
    paths: Paths, make_app: MakeApp
) -> None:
    empty_vault(paths)
    app = make_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press(*"not the passphrase", "enter")  # typed, as a person does
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.locked
        assert isinstance(app.screen, UnlockScreen)
        assert app.screen.query_one("#passphrase", Input).value == ""
        message = str(app.screen.query_one("#unlock-message").render())
        assert "didn't open" in message


async def test_the_right_passphrase_opens_the_dashboard(paths: Paths, make_app: MakeApp) -> None:
    empty_vault(paths)
    app = make_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        assert not app.locked
        assert type(app.screen).__name__ == "DashboardScreen"


async def test_lock_now_drops_the_journal_and_every_screen(paths: Paths, make_app: MakeApp) -> None:
    empty_vault(paths)
    app = make_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.locked and app.vault is None
        assert [type(screen).__name__ for screen in app.screen_stack] == ["Screen", "UnlockScreen"]
        await unlock(pilot)
        assert not app.locked


async def test_the_idle_lock_fires_after_the_vaults_auto_lock_minutes(
    paths: Paths, make_app: MakeApp
) -> None:
    empty_vault(paths)
    idle = FakeIdleClock()
    app = make_app(paths, idle_clock=idle)
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        assert app.auto_lock_seconds == 5 * 60
        idle.seconds += 4 * 60
        await pilot.press("x")  # someone is there: the timer starts again
        idle.seconds += 4 * 60
        await app.poll()
        assert not app.locked
        idle.seconds += 61
        await app.poll()
        await pilot.pause()
        assert app.locked
        assert isinstance(app.screen, UnlockScreen)


async def test_quit_locks_first(paths: Paths, make_app: MakeApp) -> None:
    empty_vault(paths)
    app = make_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        vault = app.vault
        assert vault is not None
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.vault is None
    assert app.return_code == 0


async def test_while_locked_the_palette_offers_only_help_and_quit(
    paths: Paths, make_app: MakeApp
) -> None:
    empty_vault(paths)
    app = make_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert [command.title for command in palette_commands(app)] == ["Help", "Quit"]
        await unlock(pilot)
        titles = [command.title for command in palette_commands(app)]
        assert set(CONTRACT_NAMES) <= set(titles)
        assert "Screenshot" not in titles


async def test_each_contract_name_typed_in_full_ranks_first(
    paths: Paths, make_app: MakeApp
) -> None:
    empty_vault(paths)
    app = make_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        titles = [command.title for command in palette_commands(app)]
        for name in CONTRACT_NAMES:
            matcher = Matcher(name)
            ranked = sorted(titles, key=matcher.match, reverse=True)
            assert ranked[0] == name, (name, ranked[:3])


async def test_the_palette_runs_a_command_by_its_name(paths: Paths, make_app: MakeApp) -> None:
    empty_vault(paths)
    app = make_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Lock now")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.locked


async def test_a_screens_own_keys_are_in_the_palette_too(paths: Paths, make_app: MakeApp) -> None:
    empty_vault(paths)
    app = make_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        await app.open_form("reflection")
        await pilot.pause()
        titles = [command.title for command in palette_commands(app, app.screen)]
        assert {"Save", "Back"} <= set(titles)
        assert len(titles) == len(set(titles))


async def test_a_vault_rekeyed_elsewhere_locks_the_app_with_a_plain_word(
    paths: Paths, make_app: MakeApp
) -> None:
    empty_vault(paths)
    app = make_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        with Vault.unlock(paths.vault, PASSPHRASE, clock=app_clock) as elsewhere:
            elsewhere.load_mirror()
            elsewhere.rekey()
        await app.poll()
        await pilot.pause()
        assert app.locked
        assert isinstance(app.screen, UnlockScreen)
        await unlock(pilot)
        assert not app.locked


async def test_f1_lists_the_screens_keys_and_the_palettes_commands(
    paths: Paths, make_app: MakeApp
) -> None:
    empty_vault(paths)
    app = make_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        await pilot.press("f1")
        await pilot.pause()
        shown = str(app.screen.query_one("#help-text").render())
        assert "How you are today" in shown and "Lock now" in shown
        assert "Scroll Up" not in shown  # Textual's own keys are not ours to list
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DashboardScreen"
