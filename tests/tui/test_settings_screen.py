"""The Settings screen: what it saves is what `settings get` prints, a refused value is
explained under its field and saves nothing, removing asks first and says what went, and
the vault's own actions leave a journal that opens, backs up and checks out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, TabbedContent

from psp_journal.models import get_setting
from psp_journal.tui.dialogs.confirm_erase import ConfirmEraseDialog
from psp_journal.tui.screens.recovery_key import RecoveryKeyScreen
from psp_journal.tui.screens.settings import SettingsScreen, field_name
from psp_journal.vault import Vault
from psp_journal.vault.maintenance import verify_vault
from tests.conftest import PASSPHRASE
from tests.tui.conftest import unlock
from tests.tui.journal_homes import NOW, app_for, make_home, text_of

NEW_PASSPHRASE = "a quiet lake at dawn"


async def _open_settings(app: Any, pilot: Any) -> SettingsScreen:
    await unlock(pilot)
    await app.open_screen(SettingsScreen())
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


def _type(screen: SettingsScreen, key: str, value: str) -> Input:
    field = screen.query_one(f"#field-{field_name(key)}", Input)
    field.value = value
    return field


async def test_a_threshold_changed_here_is_what_settings_get_prints(tmp_path: Path) -> None:
    app = app_for(make_home(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        screen.query_one(TabbedContent).active = "tab-strain"
        await pilot.pause()
        _type(screen, "thresholds.high-stress.count", "3").focus()
        _type(screen, "weekly-hours", "30")
        await pilot.press("enter")
        await pilot.pause()
        settings = app.journal.settings()
        assert get_setting(settings, "thresholds.high-stress.count") == 3
        assert get_setting(settings, "weekly-hours") == 30
        assert "stress at or above 4 on 3 check-ins" in text_of(screen, "#rule-high-stress")
        assert "Saved." in text_of(screen, "#settings-message")


async def test_a_refused_value_is_explained_under_its_field_and_nothing_is_saved(
    tmp_path: Path,
) -> None:
    app = app_for(make_home(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        before = app.journal.settings()
        _type(screen, "weekly-hours", "30")
        _type(screen, "auto-lock-minutes", "0")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.journal.settings() == before
        problem = text_of(screen, "#error-auto-lock-minutes")
        assert "must be a whole number from 1 to 240" in problem
        assert screen.query_one(TabbedContent).active == "tab-everyday"
        assert app.focused is screen.query_one("#field-auto-lock-minutes")


async def test_a_purge_asks_then_removes_and_says_what_went(tmp_path: Path) -> None:
    old = {"type": "reflection", "id": "oldentry", "at": "2026-10-01T10:00", "text": "old"}
    new = {"type": "reflection", "id": "newentry", "at": "2026-11-20T10:00", "text": "new"}
    app = app_for(make_home(tmp_path, [old, new]))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        screen.query_one(TabbedContent).active = "tab-keeping"
        await pilot.pause()
        _type(screen, "purge-before", "2026-11-01").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmEraseDialog)
        assert "1 entry dated before 2026-11-01" in text_of(app.screen, ".confirm-what")
        await pilot.press("enter")  # "Not now" has the focus
        await pilot.pause()
        assert len(app.journal.records_of_type("reflection")) == 2
        assert "Nothing was deleted." in text_of(screen, "#purge-result")

        screen.query_one("#field-purge-before", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab", "enter")  # the other button: delete for good
        await pilot.pause()
        assert [record.id for record in app.journal.records_of_type("reflection")] == ["newentry"]
        assert "Deleted 1 entry dated before 2026-11-01, for good." in text_of(
            screen, "#purge-result"
        )


async def test_a_bad_date_to_delete_before_is_explained_and_nothing_asked(
    tmp_path: Path,
) -> None:
    app = app_for(make_home(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        screen.query_one(TabbedContent).active = "tab-keeping"
        await pilot.pause()
        _type(screen, "purge-before", "last week").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "a date like 2026-11-02" in text_of(screen, "#error-purge-before")


async def test_a_new_retention_says_what_it_removes_before_it_is_saved(tmp_path: Path) -> None:
    old = {"type": "reflection", "id": "oldentry", "at": "2026-01-01T10:00", "text": "old"}
    app = app_for(make_home(tmp_path, [old]))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        _type(screen, "retention-days", "90")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmEraseDialog)
        assert "1 entry dated before 2026-09-01" in text_of(app.screen, ".confirm-what")
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert app.journal.settings().retention_days == 90
        assert app.journal.records_of_type("reflection") == []
        assert "keeps the last 90 days" in text_of(screen, "#settings-message")


async def test_esc_with_changes_not_saved_asks_once_and_then_leaves_them(tmp_path: Path) -> None:
    app = app_for(make_home(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        _type(screen, "weekly-hours", "20")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert "not saved" in text_of(screen, "#settings-message")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
        assert app.journal.settings().weekly_hours == 37.5


async def test_a_threshold_that_would_never_fire_is_refused_with_its_reason(
    tmp_path: Path,
) -> None:
    app = app_for(make_home(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        _type(screen, "thresholds.low-mood.count", "6")  # more than the 5 looked at
        await pilot.press("ctrl+s")
        await pilot.pause()
        problem = text_of(screen, f"#error-{field_name('thresholds.low-mood.count')}")
        assert "can be at most 5 here" in problem
        assert screen.query_one(TabbedContent).active == "tab-strain"
        assert app.journal.settings().threshold("low-mood", "count") == 3


async def test_the_theme_is_chosen_from_settings(tmp_path: Path) -> None:
    paths = make_home(tmp_path)
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        screen.query_one(TabbedContent).active = "tab-everyday"
        await pilot.pause()
        screen.query_one("#choose-theme").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert app.theme != "calm-dark"
        assert f'theme = "{app.theme}"' in paths.config_file.read_text(encoding="utf-8")
        assert "Theme: " in text_of(screen, "#theme-name")


# --- the vault's own actions -----------------------------------------------------------------


async def _vault_action(app: Any, pilot: Any, screen: SettingsScreen, button: str) -> None:
    screen.query_one(TabbedContent).active = "tab-vault"
    await pilot.pause()
    screen.query_one("#field-passphrase-now", Input).value = PASSPHRASE
    screen.query_one(f"#{button}").focus()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_changed_passphrase_keeps_the_app_open_and_opens_it_next_time(
    tmp_path: Path,
) -> None:
    app = app_for(make_home(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        screen.query_one("#new-passphrase", Input).value = NEW_PASSPHRASE
        screen.query_one("#new-again", Input).value = NEW_PASSPHRASE
        await _vault_action(app, pilot, screen, "change-passphrase")
        assert "Your passphrase is changed" in text_of(screen, "#vault-message")
        assert screen.query_one("#field-passphrase-now", Input).value == ""
        await app.poll()  # its own change is no change "elsewhere": it stays open
        assert not app.locked and not app.vault_busy
        app.journal.set_setting("weekly-hours", "32")

        await pilot.press("ctrl+l")
        await pilot.pause()
        await unlock(pilot, PASSPHRASE)
        assert app.locked
        await unlock(pilot, NEW_PASSPHRASE)
        assert not app.locked
        assert app.journal.settings().weekly_hours == 32


async def test_a_passphrase_too_short_or_a_wrong_one_now_changes_nothing(
    tmp_path: Path,
) -> None:
    paths = make_home(tmp_path)
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        screen.query_one("#new-passphrase", Input).value = "short"
        screen.query_one("#new-again", Input).value = "short"
        await _vault_action(app, pilot, screen, "change-passphrase")
        assert "at least 10 characters" in text_of(screen, "#passphrase-message")

        screen.query_one("#new-passphrase", Input).value = NEW_PASSPHRASE
        screen.query_one("#new-again", Input).value = NEW_PASSPHRASE
        screen.query_one("#field-passphrase-now", Input).value = "not my passphrase"
        screen.query_one("#change-passphrase").focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "does not open this vault" in text_of(screen, "#vault-message")
        assert not app.vault_busy
    Vault.unlock(paths.vault, PASSPHRASE, clock=lambda: NOW).close()  # unchanged


async def test_a_backup_writes_a_file_that_verifies(tmp_path: Path) -> None:
    entry = {"type": "reflection", "id": "anentry1", "at": "2026-11-20T10:00", "text": "x"}
    app = app_for(make_home(tmp_path, [entry]))
    copy = tmp_path / "copy.vault"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        screen.query_one("#field-backup", Input).value = str(copy)
        await _vault_action(app, pilot, screen, "backup")
        assert "Backup written and checked" in text_of(screen, "#vault-message")
        assert verify_vault(copy, PASSPHRASE) > 0

        await _vault_action(app, pilot, screen, "backup")  # the same file again
        assert "already exists; choose a new file name" in text_of(screen, "#error-backup")


async def test_verify_reports_all_well(tmp_path: Path) -> None:
    entry = {"type": "reflection", "id": "anentry1", "at": "2026-11-20T10:00", "text": "x"}
    app = app_for(make_home(tmp_path, [entry]))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        await _vault_action(app, pilot, screen, "verify")
        assert "All well: the header, the file and all" in text_of(screen, "#vault-message")


async def test_a_rekey_shows_the_new_recovery_key_once_and_the_journal_goes_on(
    tmp_path: Path,
) -> None:
    entry = {"type": "reflection", "id": "anentry1", "at": "2026-11-20T10:00", "text": "x"}
    paths = make_home(tmp_path, [entry])
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        await _vault_action(app, pilot, screen, "rekey")
        assert isinstance(app.screen, RecoveryKeyScreen)
        assert app.vault_busy  # no idle lock while the key is being written down
        await pilot.press("ctrl+l")
        assert not app.locked and isinstance(app.screen, RecoveryKeyScreen)
        key = text_of(app.screen, "#recovery-key").replace("\n", "")
        await pilot.press("space", "enter")  # "I have written it down", Continue
        await pilot.pause()
        assert app.screen is screen and not app.vault_busy
        assert "re-encrypted under a new key" in text_of(screen, "#vault-message")
        await app.poll()
        assert not app.locked
        assert [record.id for record in app.journal.records_of_type("reflection")] == ["anentry1"]
    Vault.recover(paths.vault, key, NEW_PASSPHRASE, clock=lambda: NOW)[0].close()
