"""The leak test through the app: marker text typed into every form, saved or left open
as a draft, then lock, then quit. No file under the home, the config folder or the temp
folder holds the marker, and after the lock no widget does either."""

from __future__ import annotations

import tempfile
from pathlib import Path
from uuid import uuid4

import pytest
from textual.widget import Widget
from textual.widgets import Input, TextArea

from psp_journal.config import Paths
from psp_journal.journal import Journal
from psp_journal.tui.app import JournalApp
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE, fixed_clock
from tests.tui.conftest import unlock
from tests.tui.test_forms import choose, open_form, save, type_into


def holds(widget: Widget, marker: str) -> bool:
    if isinstance(widget, Input) and marker in widget.value:
        return True
    if isinstance(widget, TextArea) and marker in widget.text:
        return True
    return marker in str(widget.render())


def files_holding(folder: Path, marker: bytes) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file() and marker in path.read_bytes()]


@pytest.mark.slow
async def test_marker_text_typed_into_every_form_never_reaches_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = f"lk{uuid4().hex[:8]}"
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir(mode=0o700)
    temp.mkdir(mode=0o700)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv("SQLITE_TMPDIR", str(temp))
    monkeypatch.setattr(JournalApp, "check_prompt", lambda self: None)
    paths = Paths(home, home)
    vault, _key = Vault.create(paths.vault, PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)
    Journal(vault, fixed_clock).add_client("M-17")
    vault.close()

    app = JournalApp(paths, clock=fixed_clock, kdf=CHEAP_KDF)
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot)
        await open_form(pilot, "checkin")
        for scale in ("mood", "energy", "stress"):
            await choose(pilot, scale, "3")
        await type_into(pilot, "note", marker)
        await save(pilot)
        await open_form(pilot, "interaction")
        await choose(pilot, "client", "enter")
        await pilot.press("down", "enter")  # the blank, then M-17
        await type_into(pilot, "minutes", "30")
        await choose(pilot, "mode", "enter")
        await choose(pilot, "intensity", "3")
        await type_into(pilot, "setting", marker)
        await type_into(pilot, "note", marker)
        await save(pilot)
        await open_form(pilot, "boundary")
        await choose(pilot, "kind", "enter")
        await choose(pilot, "felt", "2")
        await type_into(pilot, "note", marker)
        await save(pilot)
        await open_form(pilot, "support")
        await choose(pilot, "kind", "enter")
        await type_into(pilot, "note", marker)
        await save(pilot)
        await open_form(pilot, "reflection")
        await pilot.press(*marker)
        await pilot.press("ctrl+l")  # the open reflection becomes a draft
        await pilot.pause()
        assert app.locked
        widgets = [w for screen in app.screen_stack for w in screen.walk_children(Widget)]
        assert widgets and not [w for w in widgets if holds(w, marker)]
        await unlock(pilot)
        reopened = app.screen.query_one(TextArea)
        assert reopened.text == marker  # the draft came back
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.vault is None
    needle = marker.encode()
    assert files_holding(home, needle) == []
    assert files_holding(temp, needle) == []
    with Vault.unlock(paths.vault, PASSPHRASE, clock=fixed_clock) as check:
        kinds = [
            Journal(check, fixed_clock).records_of_type(kind)
            for kind in ("checkin", "interaction", "boundary", "support")
        ]
    assert [len(found) for found in kinds] == [1, 1, 1, 1]
