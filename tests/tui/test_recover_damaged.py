"""Forgot it? and a damaged vault, through the keyboard: a recovery sets the new passphrase
and shows a new key (the old one stops working); a wrong key is refused where it was
typed; a damaged vault is named, and what is intact is saved 0600, never inside the home."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from psp_journal.config import Paths
from psp_journal.journal import Journal
from psp_journal.tui.app import JournalApp
from psp_journal.tui.screens.damaged import DamagedScreen
from psp_journal.tui.screens.dashboard import DashboardScreen
from psp_journal.tui.screens.recover import RecoverScreen
from psp_journal.tui.screens.recovery_key import RecoveryKeyScreen
from psp_journal.tui.screens.unlock import UnlockScreen
from psp_journal.vault import BadRecoveryKey, CannotUnlock, Vault
from psp_journal.vault.addressing import document_slot
from tests.conftest import CHEAP_KDF, PASSPHRASE, fixed_clock
from tests.tui.onboarding_support import enter_into, new_app, settle, shown

NEW_PASSPHRASE = "another passphrase entirely"
ALIASES = ("M-1", "M-2", "M-3", "M-4")


@pytest.fixture(autouse=True)
def no_step_back_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    """The step-back prompt is not what these tests are about, and its dialog is built
    elsewhere."""
    monkeypatch.setattr(JournalApp, "check_prompt", lambda self: None)


@pytest.fixture
def paths(home: Path) -> Paths:
    return Paths(home, home)


async def test_recovery_sets_the_new_passphrase_and_shows_a_new_key(
    paths: Paths, recovery_key: str
) -> None:
    app = new_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, RecoverScreen)
        await enter_into(app, pilot, "#recovery-key-input", recovery_key.lower())
        await pilot.press(*"too short", "enter", *"too short", "enter")
        assert "at least 10 characters" in shown(app, "#passphrase-message")
        await enter_into(app, pilot, "#new-passphrase", NEW_PASSPHRASE)
        await enter_into(app, pilot, "#new-again", NEW_PASSPHRASE)
        await settle(app, pilot)

        assert isinstance(app.screen, RecoveryKeyScreen)
        new_key = str(app.screen.query_one("#recovery-key", Static).render())
        await pilot.click("#written-down")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.journal is not None
        await app.lock(then_unlock_screen=False)

    Vault.unlock(paths.vault, NEW_PASSPHRASE, clock=fixed_clock).close()
    with pytest.raises(CannotUnlock):
        Vault.unlock(paths.vault, PASSPHRASE, clock=fixed_clock)
    with pytest.raises((BadRecoveryKey, CannotUnlock)):
        Vault.recover(paths.vault, recovery_key, "yet another passphrase", clock=fixed_clock)
    vault, _ = Vault.recover(paths.vault, new_key, "yet another passphrase", clock=fixed_clock)
    vault.close()


async def test_a_wrong_recovery_key_is_refused_inline(paths: Paths, recovery_key: str) -> None:
    other = paths.data_dir.parent / "other.vault"
    vault, other_key = Vault.create(other, PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)
    vault.close()
    before = paths.vault.read_bytes()
    app = new_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+r")
        await enter_into(app, pilot, "#recovery-key-input", other_key)
        await enter_into(app, pilot, "#new-passphrase", NEW_PASSPHRASE)
        await enter_into(app, pilot, "#new-again", NEW_PASSPHRASE)
        await settle(app, pilot)
        assert isinstance(app.screen, RecoverScreen)
        assert "didn't open this journal" in shown(app, "#key-message")
        assert app.screen.query_one("#recovery-key-input", Input).value == ""

        await pilot.press(*"ABCDE-12345", "enter")
        await settle(app, pilot)
        assert "recovery key has" in shown(app, "#key-message")
        assert app.journal is None

        await pilot.press("escape")
        assert isinstance(app.screen, UnlockScreen)
    assert paths.vault.read_bytes() == before


def damage_record(path: Path, slot: bytes) -> None:
    """Flip one byte in one record's blob, folded into the main file, as a bad disk would."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        (blob,) = conn.execute("SELECT blob FROM records WHERE id = ?", (slot,)).fetchone()
        changed = bytearray(blob)
        changed[len(changed) // 2] ^= 0x40
        conn.execute("UPDATE records SET blob = ? WHERE id = ?", (bytes(changed), slot))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


@pytest.fixture
def damaged(paths: Paths, recovery_key: str) -> Path:
    """Four clients, the first one's record damaged."""
    vault = Vault.unlock(paths.vault, PASSPHRASE, clock=fixed_clock)
    try:
        journal = Journal(vault, fixed_clock)
        first = journal.add_client(ALIASES[0]).record
        for alias in ALIASES[1:]:
            journal.add_client(alias)
        assert first.id is not None
        slot = document_slot(vault._keys, first.id)
    finally:
        vault.close()
    damage_record(paths.vault, slot)
    return paths.vault


async def test_a_damaged_vault_is_named_and_what_is_intact_is_saved(
    paths: Paths, damaged: Path, tmp_path: Path
) -> None:
    before = damaged.read_bytes()
    outside = tmp_path / "outside"
    outside.mkdir()
    app = new_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await enter_into(app, pilot, "#passphrase", PASSPHRASE)
        await settle(app, pilot)
        assert isinstance(app.screen, DamagedScreen)
        assert "record" in shown(app, "#found")
        assert "restore FILE" in shown(app, "#intact")
        assert "entries are intact" in shown(app, "#intact")

        await enter_into(app, pilot, "#rescue-path", str(paths.data_dir / "rescue.jsonl"))
        await pilot.pause()
        assert "outside it" in shown(app, "#rescue-message")
        assert not (paths.data_dir / "rescue.jsonl").exists()

        target = outside / "rescue.jsonl"
        await enter_into(app, pilot, "#rescue-path", str(target))
        await settle(app, pilot)
        assert f"to {target}" in shown(app, "#rescue-message")

        await pilot.press("escape")
        assert isinstance(app.screen, UnlockScreen)
        assert app.journal is None

    assert target.stat().st_mode & 0o777 == 0o600
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["alias"] for line in lines if line["type"] == "client") == [*ALIASES[1:]]
    assert damaged.read_bytes() == before
