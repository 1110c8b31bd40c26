"""Import files built to break the reader: each is bad input (exit 2, naming the line or
the file, nothing written) or, for a BOM and CRLF line ends, simply accepted. Never an
unexpected error, never a long wait."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psp_journal.strict_json import NotStrictJson, loads_strict, nesting_depth
from tests.conftest import RunCli

REFLECTION = '{"type": "reflection", "at": "2026-11-01T10:00", "text": "kept"}'


def entries(run_cli: RunCli) -> list[dict[str, object]]:
    result = run_cli("list", "--json", "-n", "100")
    assert result.exit_code == 0, result.output
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("[" * 100_000, "line 2: is not a record: it nests more than 32 levels deep"),
        ('{"a":' * 40 + "1" + "}" * 40, "nests more than 32 levels"),
        (REFLECTION[:-1] + ', "mood": ' + "9" * 5000 + "}", "a number too long to read"),
        (REFLECTION[:-1] + ', "mood": NaN}', "NaN, which is not a number"),
        (REFLECTION[:-1] + ', "text": "twice"}', "the field text appears twice"),
        ('{"type": "reflection", "at": "2026-11-01T10:00", "text": "\\ud800"}', "line 2"),
        ("[1, 2, 3]", "line 2"),
        ('"just a string"', "line 2"),
        ("{", "line 2: is not a record: it is not valid JSON"),
    ],
)
def test_a_hostile_line_is_refused_naming_it_and_nothing_is_written(
    run_cli: RunCli, recovery_key: str, tmp_path: Path, content: str, said: str
) -> None:
    source = tmp_path / "hostile.jsonl"
    source.write_text(REFLECTION + "\n" + content + "\n", encoding="utf-8")
    result = run_cli("import", str(source))
    assert result.exit_code == 2, result.output
    assert said in result.stderr
    assert "unexpected" not in result.stderr
    assert entries(run_cli) == []


def test_a_line_longer_than_any_record_is_refused_before_it_is_parsed(
    run_cli: RunCli, recovery_key: str, tmp_path: Path
) -> None:
    source = tmp_path / "long.jsonl"
    source.write_text('"' + "x" * 8_000_001 + '"\n', encoding="utf-8")
    result = run_cli("import", str(source))
    assert result.exit_code == 2
    assert "line 1: is longer than any record" in result.stderr


def test_invalid_utf8_is_refused_naming_the_file(
    run_cli: RunCli, recovery_key: str, tmp_path: Path
) -> None:
    source = tmp_path / "latin1.jsonl"
    source.write_bytes(REFLECTION.replace("kept", "caf\xe9").encode("latin-1") + b"\n")
    result = run_cli("import", str(source))
    assert result.exit_code == 2
    assert "FILE: cannot be read as UTF-8 text" in result.stderr


def test_a_bom_and_crlf_line_ends_are_read_as_any_editor_writes_them(
    run_cli: RunCli, recovery_key: str, tmp_path: Path
) -> None:
    source = tmp_path / "windows.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + REFLECTION.encode() + b"\r\n")
    result = run_cli("import", str(source))
    assert result.exit_code == 0, result.output
    assert [entry["text"] for entry in entries(run_cli)] == ["kept"]


def test_the_depth_scan_ignores_brackets_inside_strings() -> None:
    assert nesting_depth('{"a": "[[[[{{{{\\"[[["}') == 1
    assert loads_strict('{"a": "' + "[" * 100 + '"}') == {"a": "[" * 100}
    with pytest.raises(NotStrictJson):
        loads_strict("[" * 33 + "]" * 33)
    deepest_allowed = loads_strict("[" * 32 + "]" * 32)
    assert nesting_depth(json.dumps(deepest_allowed)) == 32
