"""The Export a summary and Exports screens: the preview is exactly what would leave, the
section toggles change it, and nothing leaves without a typed recipient and a confirmation."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path
from typing import Any

from textual.widgets import Checkbox, DataTable, Input, SelectionList, TextArea

from psp_journal.consent import SummaryRequest, prepare
from psp_journal.tui.dialogs.confirm_send import ConfirmSendDialog
from psp_journal.tui.screens.export import ExportScreen
from psp_journal.tui.screens.exports import ExportsScreen
from tests.tui.conftest import unlock
from tests.tui.journal_homes import NOW, app_for, demo_home, make_home, text_of

MARKER = "ZEBRAMARKER7431"
PERIOD = (NOW.date().replace(day=3), NOW.date())


def _with_marker(document: dict[str, Any]) -> dict[str, Any]:
    """Every note and text in the demo journal carries the marker."""
    for field in ("note", "text"):
        if isinstance(document.get(field), str):
            document[field] = f"{document[field]} {MARKER}"
    return document


async def _open_export(app: Any, pilot: Any) -> ExportScreen:
    await unlock(pilot)
    while app.screen_stack[-1].__class__.__name__ == "StepBackDialog":
        app.pop_screen()
    await app.open_screen(ExportScreen())
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    screen.query_one("#field-author", Input).value = "Sam"
    screen.query_one("#field-first", Input).value = PERIOD[0].isoformat()
    screen.query_one("#field-last", Input).value = PERIOD[1].isoformat()
    screen.refresh_preview()
    return screen


def _preview(screen: ExportScreen) -> str:
    return screen.query_one("#export-preview", TextArea).text


def _ledger(app: Any) -> list[Any]:
    return app.journal.ledger()


async def test_the_section_toggles_change_the_preview(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path, _with_marker))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open_export(app, pilot)
        before = _preview(screen)
        assert "## Coverage" in before
        assert "## Wellbeing" not in before
        screen.query_one("#field-section-wellbeing", Checkbox).value = True
        screen.query_one("#field-section-coverage", Checkbox).value = False
        await pilot.pause(0.5)  # the preview follows a moment after the change
        after = _preview(screen)
        assert "## Wellbeing" in after
        assert "## Coverage" not in after
        assert "Wellbeing" in text_of(screen, "#export-checks")
        assert MARKER not in before + after


async def test_the_preview_is_exactly_the_bytes_that_would_be_written(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open_export(app, pilot)
        screen.query_one("#field-format").restore_text("json")
        await pilot.pause(0.5)
        request = SummaryRequest(
            first=PERIOD[0],
            last=PERIOD[1],
            sections=("coverage", "caseload", "boundaries", "supervision-items"),
            format="json",
        )
        expected = prepare(app.journal, request, "notes", author="Sam").data
        assert _preview(screen).encode("utf-8") == expected
        assert screen.query_one("#field-out", Input).value.endswith(".json")


async def test_an_item_text_goes_only_when_chosen(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path, _with_marker))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open_export(app, pilot)
        notes = screen.query_one(SelectionList)
        assert notes.option_count > 0
        assert MARKER not in _preview(screen)
        notes.select(notes.get_option_at_index(0).value)
        await pilot.pause(0.5)
        assert _preview(screen).count(MARKER) == 1


async def test_nothing_leaves_without_a_recipient_and_a_confirmation(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path))
    out = tmp_path / "outside" / "summary.md"
    out.parent.mkdir()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open_export(app, pilot)
        screen.query_one("#field-out", Input).value = str(out)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmSendDialog)
        assert "1 to 80 characters" in text_of(screen, "#error-recipient")

        screen.query_one("#field-recipient", Input).value = "Ada, my supervisor"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmSendDialog)
        await pilot.press("enter")  # "Not now" has the focus
        await pilot.pause()
        assert app.screen is screen
        assert not out.exists() and _ledger(app) == []

        previewed = _preview(screen).encode("utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#write-it")
        await pilot.pause()
        assert out.exists()
        written = out.read_bytes()
        assert written == previewed
        assert not isinstance(app.screen, ExportScreen)
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        (entry,) = _ledger(app)
        assert entry["recipient"] == "Ada, my supervisor"
        assert entry["sha256"] == hashlib.sha256(written).hexdigest()
        assert app.journal.settings().author == "Sam"


async def test_an_existing_file_is_never_replaced(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path))
    out = tmp_path / "taken.md"
    out.write_text("someone's file")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open_export(app, pilot)
        screen.query_one("#field-out", Input).value = str(out)
        screen.query_one("#field-recipient", Input).value = "Ada"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "already exists" in text_of(screen, "#error-out")
        assert out.read_text() == "someone's file"
        assert _ledger(app) == []


async def test_the_exports_screen_lists_the_ledger_literally(tmp_path: Path) -> None:
    paths = make_home(tmp_path)
    app = app_for(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        app.journal.record_ledger_entry(
            kind="export",
            recipient="[b]Ada[/b] [@click=app.quit]x[/]",
            file="/tmp/summary.md",
            sha256="ab" * 32,
            records=None,
            export={
                "period": {"from": "2026-11-01", "to": "2026-11-30"},
                "sections": ["coverage"],
                "format": "md",
            },
        )
        await app.open_screen(ExportsScreen())
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        cells = [str(cell) for cell in table.get_row_at(0)]
        assert "[b]Ada[/b] [@click=app.quit]x[/]" in cells
        assert "ab" * 32 in text_of(app.screen, "#exports-detail")
        await pilot.press("escape")
        assert app.is_running


async def test_without_a_name_to_sign_with_the_send_key_leads_to_that_field(
    tmp_path: Path,
) -> None:
    app = app_for(demo_home(tmp_path))
    out = tmp_path / "summary.md"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_export(app, pilot)
        screen.query_one("#field-author", Input).value = ""
        screen.query_one("#field-recipient", Input).value = "Ada"
        screen.query_one("#field-out", Input).value = str(out)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.focused is screen.query_one("#field-author")
        assert "staff code" in text_of(screen, "#error-author")
        assert not isinstance(app.screen, ConfirmSendDialog)
        assert not out.exists() and _ledger(app) == []
