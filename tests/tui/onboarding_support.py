"""What the first-run, recovery and damage tests share: a cheap-KDF app and a few waits."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Static

from psp_journal.config import Paths
from psp_journal.tui.app import JournalApp
from tests.conftest import CHEAP_KDF, fixed_clock


def new_app(paths: Paths) -> JournalApp:
    return JournalApp(paths, clock=fixed_clock, kdf=CHEAP_KDF)


def shown(app: JournalApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def settle(app: JournalApp, pilot: Pilot[None]) -> None:
    """Until every worker is done and what it asked for has been drawn."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def enter_into(app: JournalApp, pilot: Pilot[None], selector: str, text: str) -> None:
    """Put text in a field and press Enter there: long secrets typed key by key would
    make these tests slow without testing more."""
    field = app.screen.query_one(selector, Input)
    field.value = text
    field.focus()
    await pilot.press("enter")
