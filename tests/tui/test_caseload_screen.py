"""The Caseload screen and a client's page: each flow ends by asking the vault itself,
after the app has locked, what it now holds."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.widgets import Button, DataTable, Input

from psp_journal.config import Paths
from psp_journal.journal import Journal
from psp_journal.tui.app import JournalApp
from psp_journal.tui.dialogs.delete_client import DeleteClientDialog
from psp_journal.tui.dialogs.new_client import NewClientDialog, RenameClientDialog
from psp_journal.tui.screens.caseload import CaseloadScreen
from psp_journal.tui.screens.client_page import ClientScreen
from psp_journal.tui.screens.dashboard import DashboardScreen
from psp_journal.vault.rescue import rescue_vault
from tests.conftest import PASSPHRASE
from tests.test_erase import everything_readable, snapshot_plaintext
from tests.tui.conftest import unlock
from tests.tui.journal_homes import app_for, make_home, second_journal, text_of
from tests.tui.test_app_leaks import files_holding

MARKER = "ZEBRAKESTREL"


def call(alias: str, at: str, follow_up: str | None = None, note: str = "") -> dict[str, Any]:
    return {
        "type": "interaction",
        "client": alias,
        "at": at,
        "minutes": 30,
        "mode": "phone",
        "intensity": 3,
        "note": note,
        "follow_up": follow_up,
    }


def caseload_home(tmp_path: Path, *extra: dict[str, Any]) -> Paths:
    """Two clients, M-17 with two calls that each ask for a follow-up, K-42 with none."""
    return make_home(
        tmp_path,
        [
            {"type": "client", "alias": "M-17"},
            {"type": "client", "alias": "K-42"},
            call("M-17", "2026-11-20T10:00", "2026-11-25", "first call"),
            call("M-17", "2026-11-27T10:00", "2026-12-05", "second call"),
            call("K-42", "2026-11-28T09:00"),
            *extra,
        ],
    )


async def open_caseload(app: JournalApp, pilot: Any) -> CaseloadScreen:
    await unlock(pilot)
    while not isinstance(app.screen, DashboardScreen):
        app.pop_screen()  # the step-back prompt, had it come
    await app.open_screen(CaseloadScreen())
    await pilot.pause()
    assert isinstance(app.screen, CaseloadScreen)
    return app.screen


def aliases_shown(screen: CaseloadScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


async def highlight(screen: CaseloadScreen, pilot: Any, alias: str) -> None:
    screen.query_one(DataTable).move_cursor(row=aliases_shown(screen).index(alias))
    await pilot.pause()


async def quit_app(pilot: Any) -> None:
    await pilot.press("ctrl+q")
    await pilot.pause()


@contextmanager
def the_vault(paths: Paths) -> Iterator[Journal]:
    """The journal as the command line would find it, once the app has locked."""
    journal = second_journal(paths)
    try:
        yield journal
    finally:
        journal.vault.close()


async def test_the_caseload_lists_every_client_active_ones_first(tmp_path: Path) -> None:
    app = app_for(caseload_home(tmp_path, {"type": "client", "alias": "A-1", "status": "closed"}))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_caseload(app, pilot)
        table = screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]
        assert rows == [
            ["K-42", "active", "2026-11-28", "1", "-"],
            ["M-17", "active", "2026-11-27", "2", "2026-11-25, due"],
            ["A-1", "closed", "-", "0", "-"],
        ]


async def test_a_follow_up_marked_done_in_the_app_is_done_in_the_vault(tmp_path: Path) -> None:
    paths = caseload_home(tmp_path)
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_caseload(app, pilot)
        await highlight(screen, pilot, "M-17")
        await pilot.press("enter")
        await pilot.pause()
        page = app.screen
        assert isinstance(page, ClientScreen)
        assert text_of(page, "#client-title") == "M-17"
        assert page.query_one("#client-records", DataTable).row_count == 2
        assert page.query_one("#client-followups", DataTable).row_count == 2
        await pilot.press("f")  # the soonest, highlighted first
        await pilot.pause()
        assert page.query_one("#client-followups", DataTable).row_count == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert str(screen.query_one(DataTable).get_row_at(1)[4]) == "2026-12-05"
        await quit_app(pilot)
    with the_vault(paths) as journal:
        done = [(str(f.follow_up), f.note) for f in journal.followups()]
    assert done == [("2026-12-05", "second call")]


async def test_a_rename_in_the_app_is_the_clients_alias_with_their_records(
    tmp_path: Path,
) -> None:
    paths = caseload_home(tmp_path)
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_caseload(app, pilot)
        await highlight(screen, pilot, "M-17")
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RenameClientDialog)
        field = dialog.query_one(Input)
        assert field.value == "M-17"
        field.value = "k-42"  # another client's alias, whatever its case
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "already used" in text_of(dialog, "#new-client-error")
        field.value = "N-5"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert aliases_shown(screen) == ["K-42", "N-5"]
        await quit_app(pilot)
    with the_vault(paths) as journal:
        assert [client.alias for client in journal.clients()] == ["K-42", "N-5"]
        assert len(journal.records_about("N-5")) == 2 and journal.records_about("M-17") == []


async def test_close_in_the_app_closes_the_client_and_keeps_their_records(
    tmp_path: Path,
) -> None:
    paths = caseload_home(tmp_path)
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_caseload(app, pilot)
        await highlight(screen, pilot, "K-42")
        await pilot.press("c")
        await pilot.pause()
        assert aliases_shown(screen) == ["M-17", "K-42"]  # closed ones last
        assert str(screen.query_one(DataTable).get_row_at(1)[1]) == "closed"
        await pilot.press("c")
        await pilot.pause()
        assert "already closed" in text_of(screen, "#caseload-message")
        await quit_app(pilot)
    with the_vault(paths) as journal:
        statuses = {client.alias: client.status for client in journal.clients()}
        assert statuses == {"K-42": "closed", "M-17": "active"}
        assert len(journal.records_about("K-42")) == 1


async def test_cancelling_a_delete_deletes_nothing(tmp_path: Path) -> None:
    paths = caseload_home(tmp_path)
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_caseload(app, pilot)
        await highlight(screen, pilot, "M-17")
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DeleteClientDialog)
        assert "all their records: 2 interactions" in text_of(dialog, "#delete-client-what")
        assert dialog.query_one("#delete", Button).disabled
        await pilot.press("enter")  # an Enter out of habit, nothing typed
        await pilot.pause()
        assert app.screen is dialog
        assert "Type M-17 exactly" in text_of(dialog, "#delete-client-error")
        dialog.query_one(Input).value = "M-1"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert aliases_shown(screen) == ["K-42", "M-17"]
        await quit_app(pilot)
    with the_vault(paths) as journal:
        assert len(journal.records_about("M-17")) == 2 and len(journal.clients()) == 2


async def test_a_client_deleted_in_the_app_leaves_no_record_and_no_marker(
    tmp_path: Path,
) -> None:
    alias = f"Q-{MARKER}"
    paths = caseload_home(
        tmp_path,
        {"type": "client", "alias": alias, "note": f"{MARKER} their note"},
        call(alias, "2026-11-21T10:00", "2026-12-01", f"{MARKER} a call"),
        {
            "type": "boundary",
            "at": "2026-11-22T22:00",
            "kind": "after-hours",
            "felt": 3,
            "client": alias,
            "note": f"{MARKER} late",
        },
    )
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_caseload(app, pilot)
        await highlight(screen, pilot, alias)
        await pilot.press("enter")  # from their own page
        await pilot.pause()
        page = app.screen
        assert isinstance(page, ClientScreen)
        their_call = app.journal.followups(client=alias)[0]
        app.journal.edit(str(their_call.id), {"note": f"{MARKER} edited"})  # a revision
        app.journal_changed()
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DeleteClientDialog)
        dialog.query_one(Input).value = alias
        await pilot.pause()
        assert not dialog.query_one("#delete", Button).disabled
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen  # their page closes with them
        assert aliases_shown(screen) == ["K-42", "M-17"]
        await quit_app(pilot)
    assert app.vault is None
    assert files_holding(paths.vault.parent, MARKER.encode()) == []
    assert MARKER.encode() not in snapshot_plaintext(paths.vault)
    rescued = rescue_vault(paths.vault, PASSPHRASE)
    try:
        assert MARKER not in everything_readable(rescued)
    finally:
        rescued.close()
    with the_vault(paths) as journal:
        assert [client.alias for client in journal.clients()] == ["K-42", "M-17"]
        assert not any(MARKER in str(document) for document in journal.dump_documents())
        assert len(journal.followups()) == 2


async def test_aliases_with_markup_are_shown_as_typed(tmp_path: Path) -> None:
    odd = ["[b]x[/b]", "[red]R", "[link=http://e.x]L"]
    paths = make_home(
        tmp_path,
        [
            *({"type": "client", "alias": alias} for alias in odd),
            call("[b]x[/b]", "2026-11-20T10:00", "2026-12-01", "[i]note[/i]"),
        ],
    )
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_caseload(app, pilot)
        table = screen.query_one(DataTable)
        cells = [table.get_row_at(row)[0] for row in range(table.row_count)]
        assert all(isinstance(cell, Text) for cell in cells)
        assert sorted(cell.plain for cell in cells) == sorted(odd)
        assert all(not cell.spans and not cell.style for cell in cells)
        drawn = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "[b]x[/b]" in drawn and "[red]R" in drawn
        await highlight(screen, pilot, "[b]x[/b]")
        await pilot.press("enter")
        await pilot.pause()
        page = app.screen
        assert text_of(page, "#client-title") == "[b]x[/b]"
        assert "[i]note[/i]" in html.unescape(app.export_screenshot()).replace("\xa0", " ")
        await pilot.press("x")
        await pilot.pause()
        assert "Delete [b]x[/b] for good?" in text_of(app.screen, ".dialog-title")


async def test_by_keys_alone_at_80x24(tmp_path: Path) -> None:
    """The palette's name, a new client typed in, their page and back, all by keys."""
    paths = caseload_home(tmp_path)
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        while not isinstance(app.screen, DashboardScreen):
            app.pop_screen()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Caseload")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewClientDialog)
        await pilot.press(*"B-3", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert aliases_shown(screen) == ["B-3", "K-42", "M-17"]
        assert screen.query_one(DataTable).cursor_row == 0  # the new client is highlighted
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert text_of(app.screen, "#client-title") == "M-17"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await quit_app(pilot)
    with the_vault(paths) as journal:
        assert "B-3" in [client.alias for client in journal.clients()]


async def test_a_client_added_elsewhere_shows_up(tmp_path: Path) -> None:
    paths = caseload_home(tmp_path)
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_caseload(app, pilot)
        await highlight(screen, pilot, "M-17")
        other = second_journal(paths)
        try:
            other.add_client("D-8")
        finally:
            other.vault.close()
        await app.poll()
        await pilot.pause()
        assert aliases_shown(screen) == ["D-8", "K-42", "M-17"]
        assert screen.query_one(DataTable).cursor_row == 2  # still on M-17


async def test_a_rename_on_their_page_keeps_the_page_on_them(tmp_path: Path) -> None:
    paths = caseload_home(tmp_path)
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_caseload(app, pilot)
        await highlight(screen, pilot, "M-17")
        await pilot.press("enter")
        await pilot.pause()
        page = app.screen
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one(Input).value = "N-5"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is page
        assert text_of(page, "#client-title") == "N-5"
        assert page.query_one("#client-records", DataTable).row_count == 2


async def test_a_page_whose_client_is_deleted_elsewhere_says_so(tmp_path: Path) -> None:
    paths = caseload_home(tmp_path)
    app = app_for(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_caseload(app, pilot)
        await highlight(screen, pilot, "M-17")
        await pilot.press("enter")
        await pilot.pause()
        page = app.screen
        with the_vault(paths) as other:
            other.delete_client("M-17")
        await app.poll()
        await pilot.pause()
        assert "no longer in your journal" in text_of(page, "#client-about")
        assert page.query_one("#client-records", DataTable).row_count == 0
        await pilot.press("f", "x")  # nothing to act on, and nothing breaks
        await pilot.pause()
        assert app.screen is page
        await pilot.press("escape")
        await pilot.pause()
        assert aliases_shown(screen) == ["K-42"]


async def test_the_screens_keys_are_in_the_palette_and_in_help(tmp_path: Path) -> None:
    from psp_journal.tui.commands import palette_commands

    app = app_for(caseload_home(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_caseload(app, pilot)
        titles = [command.title for command in palette_commands(app, screen)]
        assert {"Caseload", "New client", "Rename", "Close client", "Delete client"} <= set(titles)
        assert len(titles) == len(set(titles))
        await pilot.press("f1")
        await pilot.pause()
        shown = str(app.screen.query_one("#help-text").render())
        assert "Erase the client and all their records" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_hostile_text_in_a_clients_records_reaches_no_terminal(tmp_path: Path) -> None:
    from tests.tui.test_hostile_text_app import HOSTILE, assert_shown_safely

    paths = caseload_home(
        tmp_path,
        {"type": "client", "alias": "[@click=app.quit]H", "note": HOSTILE},
        call("[@click=app.quit]H", "2026-11-21T10:00", "2026-12-01", HOSTILE),
    )
    app = app_for(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_caseload(app, pilot)
        assert_shown_safely(app)
        await highlight(screen, pilot, "[@click=app.quit]H")
        await pilot.press("enter")
        await pilot.pause()
        assert_shown_safely(app)
        assert text_of(app.screen, "#client-title") == "[@click=app.quit]H"
        await pilot.press("x")
        await pilot.pause()
        assert_shown_safely(app)
        assert app.is_running
