"""What the fuzz suite found, kept as plain tests: each was an unexpected error (exit 1)
or a raw control character on the terminal before its fix, and each must stay fixed even
if `tests/fuzz/examples/` is cleared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psp_journal.config import AppConfig, Paths, read_app_config
from psp_journal.terminal_text import is_hidden_control
from psp_journal.tui.themes import COLOUR_KEYS, load_themes
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE, RunCli, fixed_clock, runner_for

FOUND: list[tuple[tuple[str, ...], bytes | None, str]] = [
    # A null character or half a surrogate pair reached SQLite's full-text search.
    (("search", "a\x00b"), None, "QUERY: contains a null character"),
    (("search", "\ud800"), None, "QUERY: contains characters that cannot be saved"),
    (("search", "x " * 600), None, "QUERY: can be up to 1,000 characters"),
    # An id no entry can have was looked up in SQLite (UnicodeEncodeError).
    (("show", "\ud800"), None, "ID: there is no entry with the id"),
    (("edit", "\x00", "--note", "x"), None, "ID: there is no entry with the id"),
    # Standard input that is not UTF-8, where the locale reads it strictly (en_US.UTF-8).
    (("reflect", "-"), b"caf\xe9\n", "--text: standard input cannot be read as UTF-8"),
    (("checkin", "--mood", "3", "--note", "-"), b"\xff", "--note: standard input cannot"),
    # A file name no system can use reached open() (ValueError, UnicodeEncodeError).
    (("dump", "--out", "a\x00"), None, "a file name needs to be UTF-8 text"),
    (("backup", "\ud800"), None, "a file name needs to be UTF-8 text"),
    (("review", "\x00"), None, "a file name needs to be UTF-8 text"),
    (("export", "--out", "\x00"), None, "a file name needs to be UTF-8 text"),
    # A name that is not UTF-8: dump wrote the file, then could not record it (exit 1).
    (("dump", "--out", "caf\udce9.jsonl"), None, "a file name needs to be UTF-8 text"),
    (("export", "--out", "\udcff"), None, "a file name needs to be UTF-8 text"),
    # Click's own usage errors quoted the argument raw: ESC reached the terminal.
    (("list", "extra\x1b]0;t\x07"), None, "extra\\x1b]0;t\\x07"),
    (("client", "add", "a", "b\x9b2J"), None, "b\\x9b2J"),
    # A file name longer than the system takes was exit 1 for some commands, 2 for others.
    (("dump", "--out", "a" * 300), None, "File name too long"),
    (("backup", "a" * 300), None, "File name too long"),
]


@pytest.mark.parametrize(("args", "stdin", "said"), FOUND)
def test_a_case_the_fuzz_suite_found_is_bad_input_naming_what(
    run_cli: RunCli,
    recovery_key: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    stdin: bytes | None,
    said: str,
) -> None:
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    result = run_cli(*args, input=stdin)
    assert result.exit_code == 2, result.output
    assert said in result.stderr
    assert "Something unexpected" not in result.stderr
    assert not any(is_hidden_control(char) for char in result.stdout + result.stderr)
    assert list(folder.iterdir()) == []  # nothing written


@pytest.mark.parametrize("command", ["list", "search"])
def test_the_last_day_there_is_ends_a_period(
    run_cli: RunCli, recovery_key: str, command: str
) -> None:
    """`--to 9999-12-31` has no day after it (it was an OverflowError, exit 1)."""
    words = ("search", "kept") if command == "search" else ("list",)
    assert run_cli("reflect", "kept", "--at", "2026-11-01T10:00").exit_code == 0
    result = run_cli(*words, "--to", "9999-12-31", "--json")
    assert result.exit_code == 0, result.output
    assert "kept" in result.stdout


def test_a_note_with_any_line_separator_comes_back_from_its_own_dump(
    run_cli: RunCli, recovery_key: str, tmp_path: Path
) -> None:
    """JSON leaves U+2028, U+2029 and U+0085 unescaped in a string; the import split lines
    at them too, so a dump holding one could not be imported (exit 2)."""
    text = "one\u2028two\u2029three\x85four\x0bfive\x1cend"
    assert run_cli("reflect", text, "--at", "2026-11-01T10:00").exit_code == 0
    dump = tmp_path / "journal.jsonl"
    assert run_cli("dump", "--out", str(dump)).exit_code == 0
    other = tmp_path / "other"
    other.mkdir(mode=0o700)
    Vault.create(other / "journal.vault", PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)[0].close()
    run_other = runner_for(other)
    imported = run_other("import", str(dump))
    assert imported.exit_code == 0, imported.output
    (entry,) = json.loads(run_other("list", "--json").stdout)
    assert entry["text"] == text


def test_a_theme_file_and_config_toml_saved_with_a_bom_are_read(tmp_path: Path) -> None:
    """Notepad writes UTF-8 with a BOM; TOML's reader refused such a file as not TOML."""
    bom = b"\xef\xbb\xbf"
    (tmp_path / "themes").mkdir()
    colours = "".join(f'{key} = "#7fa7c9"\n' for key in COLOUR_KEYS)
    theme = f'name = "mine"\ndark = true\n{colours}'
    (tmp_path / "themes" / "mine.toml").write_bytes(bom + theme.encode())
    (tmp_path / "config.toml").write_bytes(bom + b'theme = "mine"\n')
    catalogue = load_themes(tmp_path)
    assert catalogue.problems is None
    assert "mine" in catalogue.themes
    assert read_app_config(Paths(tmp_path, tmp_path)) == (AppConfig(theme="mine"), [])


def test_keys_holding_a_control_character_are_not_used(tmp_path: Path) -> None:
    """The footer shows a binding's keys as written: `"app.quit" = "\\u001b]0;x\\u0007"`
    in config.toml sent ESC to the terminal from the unlock screen."""
    (tmp_path / "config.toml").write_text(
        '[keymap]\n"app.quit" = "\\u001b]0;x\\u0007"\n"app.lock" = "ctrl+k"\n', encoding="utf-8"
    )
    config, problems = read_app_config(Paths(tmp_path, tmp_path))
    assert config.keymap == {"app.lock": "ctrl+k"}
    (problem,) = problems
    assert "keymap 'app.quit' should be keys in quotes" in problem


def test_a_whole_number_too_big_for_a_float_in_an_hours_field_is_refused_naming_the_line(
    run_cli: RunCli, recovery_key: str, tmp_path: Path
) -> None:
    """`"worked": 10**400` was compared as a float: OverflowError, exit 1."""
    line = {"type": "checkin", "date": "2026-11-02", "mood": 3, "energy": 2, "stress": 4}
    source = tmp_path / "huge.jsonl"
    source.write_text(json.dumps({**line, "worked": 10**300}) + "\n", encoding="utf-8")
    result = run_cli("import", str(source))
    assert result.exit_code == 2, result.output
    assert "line 1: worked: must be" in result.stderr
    assert "a very large number" in result.stderr
