"""The everyday forms, driven by keys: what is saved is what was typed, a refused value is
explained under its field in the models' words with nothing saved, and nothing the person
wrote is ever read as markup."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from psp_journal.config import Paths
from psp_journal.journal import Journal
from psp_journal.models import Boundary, Checkin, Interaction, Record, Reflection, Support
from psp_journal.tui.app import JournalApp
from psp_journal.tui.dialogs.new_client import NewClientDialog
from psp_journal.tui.screens.dashboard import DashboardScreen
from psp_journal.tui.screens.forms import FORM_SCREENS
from psp_journal.tui.screens.forms.base import RecordForm
from psp_journal.tui.screens.forms.fields import FieldRow, SelfCareField
from psp_journal.tui.screens.unlock import UnlockScreen
from psp_journal.tui.widgets.scale import LabelledScale
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE, fixed_clock
from tests.tui.conftest import unlock

MARKUP_NOTE = "[b]x[/b] [@click=app.quit]q[/]"


@pytest.fixture
def caseload(tmp_path: Path) -> Paths:
    """A vault (cheap KDF) with two active clients; A-1 was seen last."""
    paths = Paths(tmp_path, tmp_path)
    vault, _key = Vault.create(paths.vault, PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)
    journal = Journal(vault, fixed_clock)
    journal.add_client("M-17")
    journal.add_client("A-1")
    journal.record(
        "interaction",
        {
            "client": "A-1",
            "minutes": "20",
            "mode": "phone",
            "intensity": "2",
            "at": "2026-11-19T10:00",
        },
    )
    vault.close()
    return paths


@pytest.fixture
def quiet_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """The step-back prompt has its own tests; here it would only cover the forms."""
    monkeypatch.setattr(JournalApp, "check_prompt", lambda self: None)


@pytest.fixture
def app(caseload: Paths, quiet_app: None) -> JournalApp:
    return JournalApp(caseload, clock=fixed_clock, kdf=CHEAP_KDF)


@pytest.fixture
async def pilot(app: JournalApp) -> AsyncIterator[Pilot[None]]:
    async with app.run_test(size=(100, 32)) as pilot:
        vault = Vault.unlock(app.paths.vault, PASSPHRASE, clock=fixed_clock)
        vault.load_mirror()
        await app.opened(vault)
        await pilot.pause()
        yield pilot


async def open_form(pilot: Pilot[None], name: str) -> RecordForm:
    app = pilot.app
    assert isinstance(app, JournalApp)
    await app.open_form(name)
    await pilot.pause()
    assert isinstance(app.screen, RecordForm)
    return app.screen


async def type_into(pilot: Pilot[None], field: str, text: str, *, clear: bool = False) -> None:
    """Focus the field and enter `text` at its cursor. Text fields take it as a paste
    would (Pilot waits ~60 ms after every key, and these tests are about what the form
    does with text, not about typing; the leak test and the reflection test type keys)."""
    widget = pilot.app.screen.query_one(f"#field-{field}")
    widget.focus()
    await pilot.pause()
    if clear:
        await pilot.press("ctrl+a", "ctrl+k")
    if isinstance(widget, Input):
        widget.insert_text_at_cursor(text)
    elif isinstance(widget, TextArea):
        widget.insert(text)
    else:
        await pilot.press(*text)
    await pilot.pause()


async def choose(pilot: Pilot[None], field: str, *keys: str) -> None:
    pilot.app.screen.query_one(f"#field-{field}").focus()
    await pilot.pause()
    await pilot.press(*keys)


async def save(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()


def journal(pilot: Pilot[None]) -> Journal:
    app = pilot.app
    assert isinstance(app, JournalApp) and app.journal is not None
    return app.journal


def notified(pilot: Pilot[None]) -> list[str]:
    return [notification.message for notification in pilot.app._notifications]


def problem_under(pilot: Pilot[None], field: str) -> str:
    error = pilot.app.screen.query_one(f"#error-{field}", Static)
    return str(error.render()) if error.has_class("-shown") else ""


def stored(pilot: Pilot[None], record_type: str) -> list[Record]:
    return journal(pilot).records_of_type(record_type)


# --- check-in ------------------------------------------------------------------------------


async def test_checkin_saves_what_was_typed(pilot: Pilot[None]) -> None:
    await open_form(pilot, "checkin")
    await choose(pilot, "mood", "2")
    await choose(pilot, "energy", "3", "right")
    await choose(pilot, "stress", "5")
    await type_into(pilot, "sleep", "7,5")
    await choose(pilot, "self_care", "space")  # the first of the person's own suggestions
    await type_into(pilot, "note", "A long day.")
    await save(pilot)

    (checkin,) = stored(pilot, "checkin")
    assert isinstance(checkin, Checkin)
    assert (checkin.date.isoformat(), checkin.mood, checkin.energy, checkin.stress) == (
        "2026-11-20",
        2,
        4,
        5,
    )
    assert checkin.sleep == 7.5 and checkin.worked is None and checkin.breaks is None
    assert checkin.self_care == ("walk",) and checkin.note == "A long day."
    assert "Saved." in notified(pilot)
    assert isinstance(pilot.app.screen, DashboardScreen)


async def test_a_second_checkin_starts_from_the_first_and_changes_only_what_changed(
    pilot: Pilot[None],
) -> None:
    journal(pilot).checkin(
        {
            "mood": "3",
            "energy": "3",
            "stress": "3",
            "note": "morning",
            "self_care": ["walk", "singing"],
        }
    )
    form = await open_form(pilot, "checkin")
    assert form.query_one("#field-mood", LabelledScale).value == "3"
    assert form.query_one("#field-note", TextArea).text == "morning"
    assert form.query_one("#field-self_care", SelfCareField).draft_text() == "walk\nsinging"
    await choose(pilot, "stress", "4")
    await save(pilot)

    (checkin,) = stored(pilot, "checkin")
    assert isinstance(checkin, Checkin)
    assert (checkin.mood, checkin.stress, checkin.note) == (3, 4, "morning")
    assert checkin.self_care == ("walk", "singing")
    assert len(journal(pilot).revisions(str(checkin.id))) == 1


async def test_a_bad_date_is_explained_under_it_and_nothing_is_saved(pilot: Pilot[None]) -> None:
    form = await open_form(pilot, "checkin")
    await type_into(pilot, "date", "2026-13-40", clear=True)
    for scale in ("mood", "energy", "stress"):
        await choose(pilot, scale, "3")
    await save(pilot)

    assert "there is no month 13" in problem_under(pilot, "date")
    assert pilot.app.screen is form and pilot.app.focused is form.query_one("#field-date")
    assert stored(pilot, "checkin") == [] and "Saved." not in notified(pilot)


async def test_a_first_checkin_without_a_mood_says_it_is_needed(pilot: Pilot[None]) -> None:
    await open_form(pilot, "checkin")
    await choose(pilot, "energy", "3")
    await save(pilot)
    assert "is needed" in problem_under(pilot, "mood")
    assert stored(pilot, "checkin") == []


# --- interaction ---------------------------------------------------------------------------


async def test_an_interaction_saves_with_the_last_client_preselected(pilot: Pilot[None]) -> None:
    form = await open_form(pilot, "interaction")
    assert form.query_one("#field-client", Select).value == "A-1"
    await type_into(pilot, "minutes", "40")
    await choose(pilot, "mode", "enter")  # the first mode: in person
    await choose(pilot, "intensity", "4")
    await type_into(pilot, "tags", "crisis, Housing grief")
    await choose(pilot, "close_to_home", "space")
    await choose(pilot, "discuss", "space")
    await type_into(pilot, "follow_up", "2026-12-01")
    await type_into(pilot, "setting", "ward 4B")
    await type_into(pilot, "note", MARKUP_NOTE)
    await save(pilot)  # from inside the note: ctrl+s works anywhere in the form

    interactions = [
        record for record in stored(pilot, "interaction") if isinstance(record, Interaction)
    ]
    newest = max(interactions, key=lambda record: record.at)
    assert (newest.client, newest.minutes, newest.mode, newest.intensity) == (
        "A-1",
        40,
        "in-person",
        4,
    )
    assert newest.tags == ("crisis", "housing", "grief")
    assert newest.close_to_home and newest.discuss and not newest.self_disclosure
    assert newest.follow_up is not None and newest.follow_up.isoformat() == "2026-12-01"
    assert newest.at.isoformat(timespec="minutes") == "2026-11-20T17:30"
    assert newest.setting == "ward 4B" and newest.note == MARKUP_NOTE
    assert "Saved." in notified(pilot)


@pytest.mark.parametrize(
    ("field", "typed", "said"),
    [
        ("minutes", "0", "a whole number from 1 to 720"),
        ("at", "2026-11-21T09:00", "later than now"),
        ("tags", "[b]x[/b]", "'[b]x[/b]'"),  # the refused text is shown, never as markup
    ],
)
async def test_a_refused_interaction_value_is_explained_under_its_field(
    pilot: Pilot[None], field: str, typed: str, said: str
) -> None:
    await open_form(pilot, "interaction")
    await type_into(pilot, "minutes", "30")
    await choose(pilot, "mode", "enter")
    await choose(pilot, "intensity", "2")
    await type_into(pilot, field, typed, clear=True)
    await save(pilot)

    assert said in problem_under(pilot, field)
    assert len(stored(pilot, "interaction")) == 1  # only the one made before
    assert "Saved." not in notified(pilot)


async def test_the_new_client_dialog_adds_a_client_and_chooses_them(pilot: Pilot[None]) -> None:
    form = await open_form(pilot, "interaction")
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, NewClientDialog)
    await pilot.press(*"M-17", "enter")  # taken: the models say so, inline
    await pilot.pause()
    assert "already used" in str(pilot.app.screen.query_one("#new-client-error", Static).render())
    await pilot.press("ctrl+a", "ctrl+k", *"Maria Lopez", "enter")  # looks like a name
    await pilot.pause()
    warning = str(pilot.app.screen.query_one("#new-client-warning", Static).render())
    assert "looks like it could be a real name" in warning
    assert "Maria Lopez" not in [client.alias for client in journal(pilot).clients()]
    await pilot.press("ctrl+a", "ctrl+k", *"K-9", "enter")
    await pilot.pause()

    assert pilot.app.screen_stack[-1] is form
    assert form.query_one("#field-client", Select).value == "K-9"
    assert "K-9" in [client.alias for client in journal(pilot).clients()]


async def test_a_name_like_alias_is_kept_when_asked_twice(pilot: Pilot[None]) -> None:
    await open_form(pilot, "interaction")
    await pilot.press("ctrl+n")
    await pilot.pause()
    await pilot.press(*"Maria Lopez", "enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert "Maria Lopez" in [client.alias for client in journal(pilot).clients()]


# --- boundary, reflection, support ---------------------------------------------------------


async def test_a_boundary_event_saves(pilot: Pilot[None]) -> None:
    await open_form(pilot, "boundary")
    await choose(pilot, "kind", "down", "down", "enter")  # a gift
    await choose(pilot, "felt", "4")
    await choose(pilot, "client", "enter")
    await pilot.press("down", "enter")  # the blank, then A-1
    await choose(pilot, "initiated_by", "down", "enter")  # the client
    await type_into(pilot, "note", "Offered a scarf.")
    await choose(pilot, "discuss", "space")
    await save(pilot)

    (event,) = stored(pilot, "boundary")
    assert isinstance(event, Boundary)
    assert (event.kind, event.felt, event.client, event.initiated_by) == (
        "gift",
        4,
        "A-1",
        "client",
    )
    assert event.note == "Offered a scarf." and event.discuss
    assert "Saved." in notified(pilot)


async def test_a_boundary_event_needs_its_kind(pilot: Pilot[None]) -> None:
    await open_form(pilot, "boundary")
    await choose(pilot, "felt", "2")
    await save(pilot)
    assert "is needed" in problem_under(pilot, "kind")
    assert stored(pilot, "boundary") == []


async def test_a_reflection_saves_its_text_exactly(pilot: Pilot[None]) -> None:
    await open_form(pilot, "reflection")
    assert isinstance(pilot.app.focused, TextArea)
    await pilot.press(*"# Today", "enter", *"It was *hard*.")
    await type_into(pilot, "tags", "grief")
    await save(pilot)

    (reflection,) = stored(pilot, "reflection")
    assert isinstance(reflection, Reflection)
    assert reflection.text == "# Today\nIt was *hard*." and reflection.tags == ("grief",)


async def test_an_empty_reflection_is_refused_in_the_models_words(pilot: Pilot[None]) -> None:
    await open_form(pilot, "reflection")
    await save(pilot)
    assert "is needed" in problem_under(pilot, "text")
    assert stored(pilot, "reflection") == []


async def test_support_received_saves(pilot: Pilot[None]) -> None:
    await open_form(pilot, "support")
    await type_into(pilot, "at", "2026-11-18T09:30", clear=True)
    await choose(pilot, "kind", "enter")
    await type_into(pilot, "note", "Helpful.")
    await save(pilot)

    (support,) = stored(pilot, "support")
    assert isinstance(support, Support)
    assert (support.kind, support.at.isoformat(timespec="minutes"), support.note) == (
        "supervision",
        "2026-11-18T09:30",
        "Helpful.",
    )


async def test_a_future_support_time_is_refused(pilot: Pilot[None]) -> None:
    await open_form(pilot, "support")
    await type_into(pilot, "at", "2027-01-01T09:30", clear=True)
    await choose(pilot, "kind", "down", "enter")
    await save(pilot)
    assert "later than now" in problem_under(pilot, "at")
    assert stored(pilot, "support") == []


# --- drafts and plain text -----------------------------------------------------------------


async def test_a_restored_note_is_shown_literally_never_as_markup(pilot: Pilot[None]) -> None:
    draft = {"note": MARKUP_NOTE, "minutes": "15"}
    await pilot.app.push_screen(FORM_SCREENS["interaction"](draft=draft))
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    assert form.query_one("#field-note", TextArea).text == MARKUP_NOTE
    assert form.draft_fields()["note"] == MARKUP_NOTE
    assert pilot.app.is_running


async def test_esc_keeps_a_draft_that_reopening_restores(pilot: Pilot[None]) -> None:
    await open_form(pilot, "interaction")
    await type_into(pilot, "minutes", "25")
    await type_into(pilot, "note", MARKUP_NOTE)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DashboardScreen)
    assert len(stored(pilot, "interaction")) == 1  # only the one made before
    assert journal(pilot).drafts()["interaction"] == {"minutes": "25", "note": MARKUP_NOTE}

    form = await open_form(pilot, "interaction")
    assert form.query_one("#field-note", TextArea).text == MARKUP_NOTE
    assert form.draft_fields()["minutes"] == "25"


async def test_a_lock_keeps_the_form_and_unlocking_brings_it_back(pilot: Pilot[None]) -> None:
    await open_form(pilot, "reflection")
    await pilot.press(*MARKUP_NOTE)
    await pilot.press("ctrl+l")
    await pilot.pause()
    assert isinstance(pilot.app.screen, UnlockScreen)
    assert not any(isinstance(screen, RecordForm) for screen in pilot.app.screen_stack)

    await unlock(pilot)
    form = pilot.app.screen
    assert isinstance(form, FORM_SCREENS["reflection"])
    assert form.query_one("#field-text", TextArea).text == MARKUP_NOTE


async def test_an_untouched_form_leaves_no_draft(pilot: Pilot[None]) -> None:
    await open_form(pilot, "interaction")
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DashboardScreen)
    assert "interaction" not in journal(pilot).drafts()


# --- fitting a small terminal --------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FORM_SCREENS))
async def test_every_field_can_be_reached_by_tab_at_80x24(
    caseload: Paths, quiet_app: None, name: str
) -> None:
    app = JournalApp(caseload, clock=fixed_clock, kdf=CHEAP_KDF)
    async with app.run_test(size=(80, 24)) as pilot:
        vault = Vault.unlock(caseload.vault, PASSPHRASE, clock=fixed_clock)
        vault.load_mirror()
        await app.opened(vault)
        form = await open_form(pilot, name)
        body = form.query_one("#form-body")
        first = app.focused
        reached: list[str] = []
        while True:
            focused = app.focused
            assert focused is not None
            assert focused.region.overlaps(body.region), "the focused field is on screen"
            row = next(node for node in focused.ancestors_with_self if isinstance(node, FieldRow))
            reached.append(row.field_name)
            await pilot.press("tab")
            if app.focused is first or len(reached) > 40:
                break
        assert list(dict.fromkeys(reached)) == list(form.fields()), "tab follows the form"
