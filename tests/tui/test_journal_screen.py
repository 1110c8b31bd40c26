"""The Journal and Search screens, and one entry opened from them: the list narrows by
each filter, a search marks the words it matched, a long journal is read a page at a
time, and an edit, a restore or a delete is what the vault holds afterwards."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import Button, DataTable, Input

from psp_journal.models import Reflection, ValidationError
from psp_journal.tui.dialogs.confirm_delete import ConfirmDeleteDialog
from psp_journal.tui.dialogs.step_back import StepBackDialog
from psp_journal.tui.screens.entry import EntryScreen
from psp_journal.tui.screens.entry_edit import EditingForm
from psp_journal.tui.screens.entry_words import MATCH_STYLE
from psp_journal.tui.screens.forms.fields import NoteField
from psp_journal.tui.screens.journal import PAGE, EntryTable, JournalScreen
from tests.tui.conftest import unlock
from tests.tui.journal_homes import NOW, app_for, demo_home, make_home, second_journal, text_of

MARKUP = "[@click=app.quit]x[/] and [b]not bold[/b]"


def _reflection(number: int, text: str, **fields: Any) -> dict[str, Any]:
    at = NOW - timedelta(hours=number)
    return {
        "type": "reflection",
        "id": f"r{number:05d}",
        "at": at.strftime("%Y-%m-%dT%H:%M"),
        "text": text,
        "tags": [],
        "discuss": False,
        **fields,
    }


async def _open(pilot: Any, *, search: bool = False) -> JournalScreen:
    app = pilot.app
    await unlock(pilot)
    while isinstance(app.screen, StepBackDialog):
        app.pop_screen()
        await pilot.pause()
    await app.open_screen(JournalScreen(search=search))
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, JournalScreen)
    return screen


def _column(screen: JournalScreen, number: int) -> list[Text]:
    table = screen.query_one(EntryTable)
    return [table.get_row_at(row)[number] for row in range(table.row_count)]


async def _filter(pilot: Any, screen: JournalScreen, field: str, value: str) -> None:
    screen.query_one(f"#journal-{field}", Input).value = value
    screen.show_journal()
    await pilot.pause()


async def test_each_filter_narrows_the_list(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot)
        everything = screen.loaded
        assert everything == PAGE
        kinds = {text.plain for text in _column(screen, 1)}
        assert len(kinds) > 2

        await pilot.press("k")  # the first kind: check-ins
        assert {text.plain for text in _column(screen, 1)} == {"check-in"}
        assert {record.record_type for record in screen._records} == {"checkin"}
        await pilot.press("k", "k", "k", "k", "k")  # round to every kind again
        assert screen.loaded == everything

        await _filter(pilot, screen, "client", "SC-21")
        assert 0 < screen.loaded < everything
        assert {getattr(record, "client", None) for record in screen._records} == {"SC-21"}
        await _filter(pilot, screen, "client", "")

        await _filter(pilot, screen, "tag", "grief")
        assert screen.loaded > 0
        assert all("grief" in record.tags for record in screen._records)  # type: ignore[attr-defined]
        await _filter(pilot, screen, "tag", "")

        await pilot.press("d")
        assert 0 < screen.loaded < everything
        assert all(record.discuss for record in screen._records)  # type: ignore[attr-defined]
        assert "only to discuss" in text_of(screen, "#journal-filters")


async def test_an_unknown_client_is_said_and_lists_nothing(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot)
        await _filter(pilot, screen, "client", "NOBODY-1")
        assert screen.loaded == 0
        assert "Client: there is no client" in text_of(screen, "#journal-problem")


async def test_a_search_marks_the_words_it_matched(tmp_path: Path) -> None:
    home = make_home(
        tmp_path,
        [
            _reflection(1, "A long walk by the river helped after the hard call."),
            _reflection(2, "Paperwork all afternoon."),
            _reflection(3, "The River was high; I walked anyway."),
        ],
    )
    app = app_for(home)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot, search=True)
        assert isinstance(screen.focused, Input) and screen.focused.id == "journal-search"
        await pilot.press(*"river")
        await pilot.press("enter")
        assert screen.loaded == 2
        assert {record.id for record in screen._records} == {"r00001", "r00003"}
        for words in _column(screen, 3):
            marked = [
                words.plain[span.start : span.end]
                for span in words.spans
                if span.style == MATCH_STYLE
            ]
            assert [word.lower() for word in marked] == ["river"]
        assert "2 entries hold “river”" in text_of(screen, "#journal-filters")


async def test_markup_in_an_entry_is_shown_as_typed(tmp_path: Path) -> None:
    app = app_for(make_home(tmp_path, [_reflection(1, MARKUP)]))
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot)
        assert _column(screen, 3)[0].plain == MARKUP
        await pilot.press("enter")
        await pilot.pause()
        entry = app.screen
        assert isinstance(entry, EntryScreen)
        assert MARKUP in entry.fields_text()
        value = next(w for w in entry.query(".entry-value") if MARKUP in str(w.render()))
        await pilot.click(value, offset=(0, 0))  # where a parsed link's "x" would be
        assert app.is_running


async def test_an_edit_then_a_restore_brings_the_first_version_back(tmp_path: Path) -> None:
    paths = make_home(tmp_path, [_reflection(1, "First words.", tags=["grief"])])
    app = app_for(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EditingForm)
        assert form.query_one("#field-text", NoteField).text == "First words."
        form.query_one("#field-text", NoteField).load_text("Second thoughts.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        entry = app.screen
        assert isinstance(entry, EntryScreen)
        edited = app.journal.get("r00001")
        assert isinstance(edited, Reflection)
        assert edited.text == "Second thoughts."
        assert edited.tags == ("grief",)  # what was not changed stays as it was
        assert "Second thoughts." in entry.fields_text()
        assert entry.query_one("#entry-revisions", DataTable).row_count == 1

        await pilot.press("r")
        await pilot.pause()
        assert entry.query_one("#entry-revisions", DataTable).row_count == 2
        assert "First words." in entry.fields_text()
    restored = second_journal(paths).get("r00001")
    assert isinstance(restored, Reflection)
    assert restored.text == "First words."


async def test_an_edit_is_never_kept_as_a_draft(tmp_path: Path) -> None:
    paths = make_home(tmp_path, [_reflection(1, "As it was.")])
    app = app_for(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(pilot)
        await pilot.press("enter", "e")
        await pilot.pause()
        app.screen.query_one("#field-text", NoteField).load_text("Half-changed")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.locked
        shown = [type(screen) for screen in app.screen_stack]
        assert not {JournalScreen, EntryScreen} & set(shown)
        assert not any(issubclass(kind, EditingForm) for kind in shown)
    journal = second_journal(paths)
    assert journal.drafts() == {}
    kept = journal.get("r00001")
    assert isinstance(kept, Reflection) and kept.text == "As it was."


@pytest.mark.parametrize("confirm", [False, True])
async def test_a_delete_happens_only_once_confirmed(tmp_path: Path, confirm: bool) -> None:
    paths = make_home(tmp_path, [_reflection(1, "Keep me?"), _reflection(2, "Other.")])
    app = app_for(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot)
        assert screen.loaded == 2
        await pilot.press("enter", "x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDeleteDialog)
        assert "Keep me?" in text_of(app.screen, ".confirm-what")
        assert app.screen.focused is app.screen.query_one("#keep-it", Button)
        if confirm:
            await pilot.press("tab", "enter")
        else:
            await pilot.press("escape")
        await pilot.pause()
        if confirm:
            assert app.screen is screen
            assert [record.id for record in screen._records] == ["r00002"]
        else:
            assert isinstance(app.screen, EntryScreen)
    journal = second_journal(paths)
    if confirm:
        with pytest.raises(ValidationError):
            journal.get("r00001")
    else:
        assert journal.get("r00001").id == "r00001"


async def test_a_long_journal_is_read_a_page_at_a_time(tmp_path: Path) -> None:
    total = 1_000
    paths = make_home(tmp_path, [_reflection(n, f"Entry {n}.") for n in range(1, total + 1)])
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert screen.loaded == PAGE
        assert f"{total:,} entries" in text_of(screen, "#journal-filters")
        await pilot.press("pagedown")
        assert screen.loaded == PAGE  # a screenful down is still well within the page
        await pilot.press("end")
        await pilot.pause()
        assert PAGE < screen.loaded < total
        table = screen.query_one(EntryTable)
        table.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert screen.loaded > 2 * PAGE or screen.loaded == total
        while screen.loaded < total:
            await pilot.press("end")
            await pilot.pause()
        ids = [record.id for record in screen._records]
        assert len(ids) == len(set(ids)) == total
        assert ids[0] == "r00001" and ids[-1] == f"r{total:05d}"


async def test_the_palette_opens_the_journal_and_the_search(tmp_path: Path) -> None:
    from psp_journal.tui.commands import palette_commands

    app = app_for(make_home(tmp_path, [_reflection(1, "Hello.")]))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        commands = {command.title: command for command in palette_commands(app)}
        await commands["Journal"].callback()
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert isinstance(app.screen.focused, EntryTable)
        await commands["Search"].callback()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        assert screen.focused is screen.query_one("#journal-search", Input)
        await pilot.press("k", "d")  # typed into the field, not taken as filter keys
        assert screen.search_text == "kd"
        await pilot.press("escape")
        assert isinstance(screen.focused, EntryTable)
        await pilot.press("escape")
        assert type(app.screen).__name__ == "DashboardScreen"


async def test_a_write_elsewhere_shows_up_in_the_list_and_the_entry(tmp_path: Path) -> None:
    paths = make_home(tmp_path, [_reflection(1, "Before.")])
    app = app_for(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot)
        await pilot.press("enter")
        await pilot.pause()
        entry = app.screen
        assert isinstance(entry, EntryScreen)
        elsewhere = second_journal(paths)
        elsewhere.edit("r00001", {"text": "After, from the command line."})
        elsewhere.record("reflection", {"text": "A new one.", "at": "2026-11-30T15:30"})
        elsewhere.vault.close()
        await app.poll()
        await pilot.pause()
        assert "After, from the command line." in entry.fields_text()
        assert entry.query_one("#entry-revisions", DataTable).row_count == 1
        assert [text.plain for text in _column(screen, 3)] == [
            "A new one.",
            "After, from the command line.",
        ]


async def test_an_edit_sends_only_what_changed(tmp_path: Path) -> None:
    from textual.widgets import Checkbox

    from psp_journal.models import Interaction

    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot)
        await pilot.press("k", "k")  # interactions
        record = screen._records[0]
        assert isinstance(record, Interaction) and not record.discuss
        await pilot.press("enter", "e")
        await pilot.pause()
        await pilot.press("ctrl+s")  # nothing changed: nothing written
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert app.journal.revisions(record.id) == []
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-discuss", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        edited = app.journal.get(record.id)
        assert edited == dataclasses.replace(record, discuss=True)
        assert len(app.journal.revisions(record.id)) == 1


async def test_a_checkin_is_edited_in_the_checkin_form(tmp_path: Path) -> None:
    from psp_journal.models import Checkin

    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot)
        await pilot.press("k")  # check-ins
        record = screen._records[1]  # not today's: the form must not fall back to it
        assert isinstance(record, Checkin)
        await pilot.press("down", "enter", "e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EditingForm)
        assert form.query_one("#field-date", Input).value == record.date.isoformat()
        form.query_one("#field-sleep", Input).value = "9"
        await pilot.press("ctrl+s")
        await pilot.pause()
        edited = app.journal.get(record.id)
        assert edited == dataclasses.replace(record, sleep=9.0)


def test_a_match_far_into_a_snippet_is_brought_into_sight() -> None:
    from psp_journal.tui.screens.entry_words import MATCH_LEAD_CHARS, highlighted

    text = "Ran into an old friend of the family near the end of a long day at the Supermarket."
    shown = highlighted(text, "supermarket")
    assert shown.plain.startswith("…")
    assert shown.plain.endswith("at the Supermarket.")
    marked = [span for span in shown.spans if span.style == MATCH_STYLE]
    assert len(marked) == 1
    assert shown.plain[marked[0].start : marked[0].end] == "Supermarket"
    assert marked[0].start <= MATCH_LEAD_CHARS
    assert highlighted("Supermarket first.", "supermarket").plain == "Supermarket first."


async def test_a_search_keeps_to_the_client_and_kind_chosen(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot, search=True)
        await _filter(pilot, screen, "search", "walk")
        everything = {record.record_type for record in screen._records}
        assert len(everything) > 2
        await _filter(pilot, screen, "client", "C-7")
        assert screen.loaded > 0
        assert {getattr(record, "client", None) for record in screen._records} == {"C-7"}
        await _filter(pilot, screen, "client", "")
        screen.query_one(EntryTable).focus()  # in the list, k chooses a kind
        await pilot.press("k")
        assert screen.loaded > 0
        assert {record.record_type for record in screen._records} == {"checkin"}
