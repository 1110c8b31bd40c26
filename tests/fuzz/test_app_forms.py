"""Every app form with pasted text of any kind and any size, driven by Pilot: the form is
saved and the text comes back exactly as the field held it, or a message is shown in
the form (under the field, or at the bottom) and nothing is saved. The screen never
writes a raw control character. And the app opens whatever keys `config.toml` gives.

Each example starts the app (about a second), so the budget here is small.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from textual import events
from textual.widgets import Input, Static, TextArea

from psp_journal.config import CONFIG_FILE_NAME, Paths
from psp_journal.journal import Journal
from psp_journal.tui.app import JournalApp
from psp_journal.tui.screens.forms.base import RecordForm
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE, fixed_clock
from tests.fuzz.budget import fuzz
from tests.fuzz.strategies import hostile_text
from tests.tui.test_hostile_text_app import assert_shown_safely

# What each form needs besides the pasted field to be saved, as a draft would give it.
READY = {
    "checkin": {"mood": "3", "energy": "2", "stress": "4"},
    "interaction": {"minutes": "20", "mode": "phone", "intensity": "3"},
    "boundary": {"kind": "gift", "felt": "4"},
    "reflection": {"text": "words"},
    "support": {"kind": "supervision"},
}
FREE_TEXT = {"note", "text", "setting"}  # kept exactly as typed


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    folder = tmp_path_factory.mktemp("forms")
    folder.chmod(0o700)
    paths = Paths(folder, folder)
    vault, _key = Vault.create(paths.vault, PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)
    Journal(vault, fixed_clock).add_client("A-1")
    vault.close()
    return paths


def records(app: JournalApp, kind: str) -> dict[str, Any]:
    assert app.journal is not None
    return {record.id: record for record in app.journal.records_of_type(kind)}


def problems_shown(form: RecordForm) -> list[str]:
    shown = [
        str(problem.render())
        for problem in form.query(Static)
        if (problem.id or "").startswith("error-") or problem.id == "form-problem"
        if problem.has_class("-shown")
    ]
    return [text for text in shown if text.strip()]


@fuzz(8)
@given(
    kind=st.sampled_from(sorted(READY)),
    pasted=hostile_text(),
    choice=st.integers(0, 20),
)
async def test_a_pasted_text_is_saved_exactly_or_explained_in_the_form(
    paths: Paths, monkeypatch: pytest.MonkeyPatch, kind: str, pasted: str, choice: int
) -> None:
    monkeypatch.setattr(JournalApp, "check_prompt", lambda self: None)
    app = JournalApp(paths, clock=fixed_clock, kdf=CHEAP_KDF)
    async with app.run_test(size=(100, 32)) as pilot:
        vault = Vault.unlock(paths.vault, PASSPHRASE, clock=fixed_clock)
        vault.load_mirror()
        await app.opened(vault)
        await pilot.pause()
        await app.open_form(kind)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm)
        form.restore_draft(READY[kind])
        texts = {
            name: field
            for name, field in form.fields().items()
            if isinstance(field, Input | TextArea)
        }
        name = sorted(texts)[choice % len(texts)]
        field = texts[name]
        field.restore_text("")
        field.focus()
        await pilot.pause()
        app.post_message(events.Paste(pasted))
        await pilot.pause()
        typed = field.draft_text()
        before = records(app, "checkin" if kind == "checkin" else kind)
        await pilot.press("ctrl+s")
        await pilot.pause()
        after = records(app, "checkin" if kind == "checkin" else kind)
        saved = "Saved." in [note.message for note in app._notifications]
        event(f"{kind}.{name}: {'saved' if saved else 'refused'}")
        if saved:
            changed = [record for key, record in after.items() if before.get(key) != record]
            # A check-in saved again as it was (one a day) changes nothing.
            (record,) = changed or [record for record in after.values() if kind == "checkin"]
            if name in FREE_TEXT:
                assert getattr(record, name) == typed
        else:
            assert app.screen is form
            assert problems_shown(form), (name, typed[:80])
            assert after == before
        assert_shown_safely(app)


KEYS = st.one_of(
    st.sampled_from(["ctrl+k", "f2,ctrl+s", "ctrl+", "\x00", ","]), hostile_text(huge=False)
)


@fuzz(4)
@given(binding=st.sampled_from(["app.lock", "app.quit", "form.save", "no.such"]), keys=KEYS)
async def test_the_app_opens_with_any_keys_config_toml_gives(
    tmp_path_factory: pytest.TempPathFactory, binding: str, keys: str
) -> None:
    import tomli_w

    folder = tmp_path_factory.mktemp("keymap")
    folder.chmod(0o700)
    paths = Paths(folder, folder)
    try:
        text = tomli_w.dumps({"keymap": {binding: keys}})
    except ValueError:
        text = '[keymap]\n"app.lock" = "\\u0000"\n'
    (folder / CONFIG_FILE_NAME).write_text(text, encoding="utf-8", errors="surrogatepass")
    Vault.create(paths.vault, PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)[0].close()
    app = JournalApp(paths, clock=fixed_clock, kdf=CHEAP_KDF)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.is_running
        assert_shown_safely(app)
    assert app.return_code in (None, 0)
    assert not Path(folder / "crash.txt").exists()
