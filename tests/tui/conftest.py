"""Shared app fixtures: cheap-KDF homes (through the Python API only) and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from psp_journal.config import Paths
from psp_journal.tui.app import JournalApp
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE

APP_NOW = datetime(2026, 11, 30, 16, 0)


class FakeIdleClock:
    """Seconds that pass only when a test says so, so the idle lock is tested without waiting."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


def app_clock() -> datetime:
    return APP_NOW


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    return Paths(data_dir=folder, config_dir=folder)


def empty_vault(paths: Paths) -> None:
    """A new, empty vault (cheap KDF) at `paths`, closed."""
    Vault.create(paths.vault, PASSPHRASE, clock=app_clock, kdf=CHEAP_KDF)[0].close()


@pytest.fixture
def make_app() -> Callable[..., JournalApp]:
    def make(paths: Paths, **options: object) -> JournalApp:
        options.setdefault("clock", app_clock)
        options.setdefault("kdf", CHEAP_KDF)
        return JournalApp(paths, **options)  # type: ignore[arg-type]

    return make


async def unlock(pilot: object, passphrase: str = PASSPHRASE) -> None:
    """Give the passphrase and press Enter, then wait for the journal to open.

    The passphrase is put into its field whole: Pilot waits for the app to go idle after
    every key (about 60 ms each), and typing it in every test would cost minutes. One
    test (a wrong passphrase) types key by key, as a person does."""
    from textual.pilot import Pilot
    from textual.widgets import Input

    assert isinstance(pilot, Pilot)
    pilot.app.screen.query_one("#passphrase", Input).value = passphrase
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
