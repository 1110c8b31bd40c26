"""`review`'s full-screen view: the same checks and table as `--plain`, a changed key loud
in the error colour, each file's text shown literally, and the worst exit code on quit."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from textual.color import Color
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from psp_journal.cli.review_commands import ReviewReport, review_files
from psp_journal.config import Paths
from psp_journal.export.known_keys import KNOWN_KEYS_FILE_NAME, KnownKeys
from psp_journal.tui.review_app import ReviewApp
from tests.signed_summaries import fp, write_signed

AUTHORS = ("Ana", "Bo", "Chen", "Dag", "Eli")
SIZE = (120, 40)
Compare = Callable[..., bool]


def report_for(home: Path, *files: Path, trust: bool = False) -> ReviewReport:
    return review_files(files, KnownKeys(home / KNOWN_KEYS_FILE_NAME), trust)


def five_authors(folder: Path) -> list[Path]:
    """Five summaries from five PSPs, each with its own key and load (1 to 5 contacts)."""
    files = []
    for n, author in enumerate(AUTHORS):
        path = folder / f"{author}.json"
        write_signed(path, author, Ed25519PrivateKey.generate(), contacts=n + 1)
        files.append(path)
    return files


def checks_shown(app: ReviewApp) -> list[tuple[str, set[str]]]:
    """Each check's line and CSS classes, in order."""
    return [(str(static.render()), set(static.classes)) for static in app.query(".check")]


def table_cells(app: ReviewApp) -> tuple[list[str], list[list[str]]]:
    table: DataTable[Any] = app.query_one("#review-weeks", DataTable)
    headers = [str(column.label) for column in table.columns.values()]
    rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
    return headers, rows


async def quit_with(pilot: Pilot[int], key: str) -> int | None:
    await pilot.press(key)
    await pilot.pause()
    return pilot.app.return_code


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    return folder


async def test_one_valid_file_shows_the_new_authors_fingerprint_and_quits_with_0(
    home: Path, tmp_path: Path
) -> None:
    key = Ed25519PrivateKey.generate()
    write_signed(tmp_path / "a.json", "Åse", key, went_well="a calm week")
    app = ReviewApp(report_for(home, tmp_path / "a.json"))
    async with app.run_test(size=SIZE) as pilot:
        [(line, classes)] = checks_shown(app)
        assert "First summary from Åse" in line and fp(key) in line
        assert "check-new" in classes and "check-loud" not in classes
        headers, rows = table_cells(app)
        assert headers == ["week", "Åse (a.json)"]
        assert rows == [
            ["2026-W46", "contacts 2\nintense 2\nstrain steady"],
            ["2026-W47", "contacts 0\nintense 0\nstrain steady"],
        ]
        details = str(app.query_one(".details", Static).render())
        assert "2026-W46: interaction" in details and "What went well: a calm week" in details
        assert await quit_with(pilot, "q") == 0


async def test_five_authors_side_by_side(home: Path, tmp_path: Path) -> None:
    app = ReviewApp(report_for(home, *five_authors(tmp_path)))
    async with app.run_test(size=SIZE) as pilot:
        headers, rows = table_cells(app)
        assert headers == ["week", *(f"{a} ({a}.json)" for a in AUTHORS)]
        assert [row[0] for row in rows] == ["2026-W46", "2026-W47"]
        # Every contact is of intensity 4 or 5, so each one is intense.
        assert [cell.split("\n")[:2] for cell in rows[0][1:]] == [
            [f"contacts {n}", f"intense {n}"] for n in range(1, 6)
        ]
        assert all("strain" in cell for row in rows for cell in row[1:])
        details = [str(static.render()) for static in app.query(".details")]
        assert [text.splitlines()[0] for text in details] == list(AUTHORS)
        assert all("2026-W46: interaction" in text for text in details)
        assert await quit_with(pilot, "escape") == 0


async def test_a_changed_key_is_loud_in_the_error_colour_and_quits_with_4(
    home: Path, tmp_path: Path
) -> None:
    first, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    write_signed(tmp_path / "first.json", "Åse", first)
    report_for(home, tmp_path / "first.json")  # Åse's key is now known
    write_signed(tmp_path / "second.json", "Åse", other)
    write_signed(tmp_path / "bo.json", "Bo", Ed25519PrivateKey.generate())
    app = ReviewApp(report_for(home, tmp_path / "second.json", tmp_path / "bo.json"))
    async with app.run_test(size=SIZE) as pilot:
        (changed, loud), (fine, calm) = checks_shown(app)
        assert "WARNING: the key of Åse has CHANGED" in changed
        assert fp(first) in changed and fp(other) in changed
        assert "check-loud" in loud and "check-loud" not in calm and "Bo" in fine
        warning = app.query_one(".check-loud", Static)
        assert warning.styles.color == Color.parse(app.get_css_variables()["error"])
        headers, _rows = table_cells(app)
        assert headers == ["week", "Bo (bo.json)"]  # the untrusted summary is not shown
        assert await quit_with(pilot, "q") == 4


async def test_ctrl_q_also_leaves_with_the_worst_code(home: Path, tmp_path: Path) -> None:
    write_signed(tmp_path / "a.json", "Åse", Ed25519PrivateKey.generate())
    (tmp_path / "odd.json").write_text('{"payload": {"schema": 1}}', encoding="utf-8")
    app = ReviewApp(report_for(home, tmp_path / "a.json", tmp_path / "odd.json"))
    async with app.run_test(size=SIZE) as pilot:
        assert await quit_with(pilot, "ctrl+q") == 2


async def test_a_wrong_shape_file_says_so_and_quits_with_2(home: Path, tmp_path: Path) -> None:
    (tmp_path / "odd.json").write_text(json.dumps([1, 2, 3]), encoding="utf-8")
    app = ReviewApp(report_for(home, tmp_path / "odd.json"))
    async with app.run_test(size=SIZE) as pilot:
        [(line, classes)] = checks_shown(app)
        assert "odd.json: not a summary" in line and "check-not-a-summary" in classes
        assert not app.query("#review-weeks")
        assert "nothing to show side by side" in str(app.query(".review-heading").last().render())
        assert await quit_with(pilot, "q") == 2


async def test_markup_in_a_file_is_shown_literally(home: Path, tmp_path: Path) -> None:
    author = "[@click=app.quit]x[/] [b]Mal"
    note = "[b]bold?[/b] [@click=app.quit]quit[/]"
    write_signed(
        tmp_path / "m.json", author, Ed25519PrivateKey.generate(), note=note, went_well="[i]w"
    )
    app = ReviewApp(report_for(home, tmp_path / "m.json"))
    async with app.run_test(size=SIZE) as pilot:
        [(line, _classes)] = checks_shown(app)
        assert f"First summary from {author};" in line
        headers, _rows = table_cells(app)
        assert headers[1] == f"{author} (m.json)"
        details = app.query_one(".details", Static).render()
        assert isinstance(details, Content)
        assert details.plain.startswith(author)
        assert f"2026-W46: interaction: {note}" in details.plain
        assert "What went well: [i]w" in details.plain
        assert not [span for span in details.spans if "click" in str(span.style)]
        await pilot.click(".details")
        await pilot.pause()
        assert app.is_running  # a click on the author's text runs nothing
        assert await quit_with(pilot, "q") == 0


def test_five_authors_snapshot(
    snap_compare: Compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys made from fixed bytes and files named relative to the folder, so the
    fingerprints and file names (and so the picture) never change."""
    monkeypatch.chdir(tmp_path)
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    files = []
    for n, author in enumerate(AUTHORS):
        path = Path(f"{author}.json")
        key = Ed25519PrivateKey.from_private_bytes(bytes([n + 1]) * 32)
        write_signed(path, author, key, contacts=n + 1, went_well=f"{author} kept a rhythm")
        files.append(path)
    report = report_for(home, *files)
    paths = Paths(data_dir=home, config_dir=home)
    assert snap_compare(ReviewApp(report, paths), terminal_size=SIZE)
