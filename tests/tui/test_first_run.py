"""First run through the keyboard: nothing is made until the passphrase is right, the
recovery key must be confirmed, the settings land in the vault, and the journal opens
afterwards with the passphrase and with the key that was shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Select, Static

from psp_journal.config import Paths
from psp_journal.journal import Journal
from psp_journal.models import Settings, ValidationError
from psp_journal.tui.app import JournalApp
from psp_journal.tui.screens.dashboard import DashboardScreen
from psp_journal.tui.screens.first_run import FirstRunScreen, settings_in_order
from psp_journal.tui.screens.recovery_key import RecoveryKeyScreen
from psp_journal.vault import Vault
from tests.conftest import PASSPHRASE, fixed_clock
from tests.tui.onboarding_support import enter_into, new_app, settle, shown


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    """A home that does not exist yet: first run makes it, 0700."""
    folder = tmp_path / "home"
    return Paths(folder, folder)


@pytest.fixture(autouse=True)
def no_step_back_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    """The step-back prompt is not what these tests are about (a new journal has no
    strain to notice), and its dialog is built elsewhere."""
    monkeypatch.setattr(JournalApp, "check_prompt", lambda self: None)


async def type_passphrases(pilot: Pilot[None], first: str, again: str) -> None:
    await pilot.press(*first, "enter")
    await pilot.press(*again, "enter")


async def test_first_run_end_to_end(paths: Paths) -> None:
    app = new_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press("enter")  # Begin

        await type_passphrases(pilot, "too short", "too short")
        assert "at least 10 characters" in shown(app, "#passphrase-message")
        assert not paths.data_dir.exists()

        await enter_into(app, pilot, "#new-passphrase", PASSPHRASE)
        await enter_into(app, pilot, "#new-again", PASSPHRASE + " typo")
        assert "did not match" in shown(app, "#passphrase-message")
        assert not paths.data_dir.exists()

        await enter_into(app, pilot, "#new-again", PASSPHRASE)
        await settle(app, pilot)
        assert isinstance(app.screen, RecoveryKeyScreen)
        key = str(app.screen.query_one("#recovery-key", Static).render()).strip()
        assert paths.vault.exists()
        assert paths.data_dir.stat().st_mode & 0o777 == 0o700

        button = app.screen.query_one("#recovery-continue", Button)
        assert button.disabled
        await pilot.click("#recovery-continue")
        assert isinstance(app.screen, RecoveryKeyScreen)
        await pilot.click("#written-down")  # "I have written it down"
        assert app.screen.query_one("#written-down", Checkbox).value
        await pilot.press("enter")  # Continue, focused once ticked
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)

        screen = app.screen
        screen.query_one("#day-fri", Checkbox).value = False
        screen.query_one("#day-sat", Checkbox).value = True
        screen.query_one("#work-start", Input).value = "25:00"
        screen.query_one("#country", Select).value = "NO"
        await pilot.click("#finish")
        await pilot.pause()
        assert "not a real time" in shown(app, "#hours-message")
        assert app.journal is None

        screen.query_one("#work-start", Input).value = "19:00"
        screen.query_one("#work-end", Input).value = "23:30"
        screen.query_one("#work-end", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.journal is not None
        await app.lock(then_unlock_screen=False)

    with Vault.unlock(paths.vault, PASSPHRASE, clock=fixed_clock) as vault:
        settings = Journal(vault, fixed_clock).settings()
    assert settings.working_days == ("mon", "tue", "wed", "thu", "sat")
    assert f"{settings.work_start:%H:%M}-{settings.work_end:%H:%M}" == "19:00-23:30"
    assert settings.country == "NO"

    vault, _ = Vault.recover(paths.vault, key, "a brand new passphrase", clock=fixed_clock)
    vault.close()


def test_settings_are_written_in_an_order_the_models_accept() -> None:
    late = {"work-start": "19:00", "work-end": "23:00"}
    assert [key for key, _ in settings_in_order(Settings(), late)] == ["work-end", "work-start"]
    with pytest.raises(ValidationError) as refused:
        settings_in_order(Settings(), {"work-start": "12:00", "work-end": "09:00"})
    assert refused.value.field == "work-end"
