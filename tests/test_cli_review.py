"""`review`: no vault, no passphrase; each file verified, keys remembered on first sight,
a changed key refused loudly until trusted, the worst exit over all files, and nothing
from a file reaching the terminal raw."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import Result
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from psp_journal.export.known_keys import KNOWN_KEYS_FILE_NAME
from psp_journal.export.signing import sign_summary
from tests.conftest import RunCli
from tests.signed_summaries import fp, summary, write_signed


def review(run_cli: RunCli, *args: str | Path) -> Result:
    """No passphrase at all: review must never ask for one."""
    return run_cli("review", "--plain", *map(str, args), PSP_JOURNAL_PASSPHRASE=None)


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture
def ase() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def test_a_valid_file_is_0_and_names_the_new_authors_fingerprint(
    run_cli: RunCli, home: Path, tmp_path: Path, ase: Ed25519PrivateKey
) -> None:
    write_signed(tmp_path / "a.json", "Åse", ase)
    result = review(run_cli, tmp_path / "a.json")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert (
        f"First summary from Åse; their key's fingerprint is {fp(ase)}: check it with them."
        in result.stdout
    )
    assert not (home / "journal.vault").exists()
    assert (home / KNOWN_KEYS_FILE_NAME).exists()
    again = review(run_cli, tmp_path / "a.json")
    assert again.exit_code == 0
    assert "signed with the key you know" in again.stdout
    assert "2026-W46" in again.stdout and "contacts 2, intense 2" in again.stdout


def test_one_changed_byte_in_the_payload_is_4(
    run_cli: RunCli, home: Path, tmp_path: Path, ase: Ed25519PrivateKey
) -> None:
    document = sign_summary(summary("Åse"), ase)
    document["payload"]["caseload"]["weeks"][0]["interactions"] = 9
    (tmp_path / "a.json").write_text(json.dumps(document), encoding="utf-8")
    result = review(run_cli, tmp_path / "a.json")
    no_traceback(result)
    assert result.exit_code == 4
    assert "signature does not match" in result.stderr
    assert not (home / KNOWN_KEYS_FILE_NAME).exists()  # a key is kept only from a good file


def test_a_changed_key_is_4_and_not_remembered_until_trusted(
    run_cli: RunCli, home: Path, tmp_path: Path, ase: Ed25519PrivateKey
) -> None:
    write_signed(tmp_path / "first.json", "Åse", ase)
    assert review(run_cli, tmp_path / "first.json").exit_code == 0
    other = Ed25519PrivateKey.generate()
    write_signed(tmp_path / "second.json", "Åse", other)
    known = (home / KNOWN_KEYS_FILE_NAME).read_bytes()

    result = review(run_cli, tmp_path / "second.json")
    no_traceback(result)
    assert result.exit_code == 4
    assert "the key of Åse has CHANGED" in result.stderr
    assert fp(ase) in result.stderr and fp(other) in result.stderr
    assert (home / KNOWN_KEYS_FILE_NAME).read_bytes() == known
    assert "contacts" not in result.stdout  # an untrusted summary is not shown

    trusted = run_cli("review", "--trust", str(tmp_path / "second.json"))
    no_traceback(trusted)
    assert trusted.exit_code == 0, trusted.output
    assert f"You trusted their new key {fp(other)}" in trusted.stdout
    assert review(run_cli, tmp_path / "second.json").exit_code == 0
    assert review(run_cli, tmp_path / "first.json").exit_code == 4


@pytest.mark.parametrize(
    "content",
    [
        '{"payload": {"schema": 1}, "signature": "x"}',
        "[1, 2, 3]",
        "not json at all",
        '{"payload": NaN, "signature": "", "key": ""}',
        '{"payload": {}, "payload": {}, "signature": "", "key": ""}',
        "[" * 50 + "]" * 50,
        "[" * 100_000 + "]" * 100_000,
        '{"payload": {"schema": 7, "author": "A"}, "signature": "", "key": ""}',
    ],
    ids=["wrong-shape", "list", "not-json", "nan", "duplicate-keys", "deep", "deeper", "schema"],
)
def test_what_is_not_a_summary_is_2_naming_the_file(
    run_cli: RunCli, tmp_path: Path, content: str
) -> None:
    (tmp_path / "odd.json").write_text(content, encoding="utf-8")
    result = review(run_cli, tmp_path / "odd.json")
    no_traceback(result)
    assert result.exit_code == 2, result.output
    assert "odd.json: not a summary" in result.stderr


def test_duplicate_keys_are_named(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "d.json").write_text('{"key": "a", "key": "b"}', encoding="utf-8")
    result = review(run_cli, tmp_path / "d.json")
    assert result.exit_code == 2
    assert "the field key appears twice" in result.stderr


def test_a_missing_file_is_2(run_cli: RunCli, tmp_path: Path) -> None:
    result = review(run_cli, tmp_path / "nowhere.json")
    no_traceback(result)
    assert result.exit_code == 2
    assert "nowhere.json: not a summary: there is no such file" in result.stderr


def test_a_5_mib_file_is_2_quickly(run_cli: RunCli, tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text('{"a": "' + "x" * (5 * 1024 * 1024) + '"}', encoding="utf-8")
    started = time.monotonic()
    result = review(run_cli, big)
    assert time.monotonic() - started < 2
    no_traceback(result)
    assert result.exit_code == 2
    assert "bigger than any summary" in result.stderr


def test_five_authors_side_by_side(run_cli: RunCli, tmp_path: Path) -> None:
    authors = ["Ana", "Bo", "Chen", "Dag", "Eli"]
    files = []
    for n, author in enumerate(authors):
        path = tmp_path / f"{author}.json"
        write_signed(path, author, Ed25519PrivateKey.generate(), contacts=n + 1)
        files.append(path)
    result = review(run_cli, *files)
    no_traceback(result)
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith(("week", "2026-W"))]
    assert [row.split(" | ")[0].strip() for row in rows] == ["week", "2026-W46", "2026-W47"]
    header = rows[0].split(" | ")
    assert [cell.strip() for cell in header[1:]] == [f"{a} ({a}.json)" for a in authors]
    cells = [cell.strip() for cell in rows[1].split(" | ")[1:]]
    assert cells[0].startswith("contacts 1, intense 1") and cells[4].startswith("contacts 5")
    assert all("strain" in cell for cell in cells)
    assert result.stdout.count("Items for supervision:\n    2026-W46: interaction\n") == 5


def test_mixed_results_exit_with_the_worst(
    run_cli: RunCli, tmp_path: Path, ase: Ed25519PrivateKey
) -> None:
    write_signed(tmp_path / "good.json", "Åse", ase)
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    document = sign_summary(summary("Bo"), Ed25519PrivateKey.generate())
    document["payload"]["author"] = "Bob"
    (tmp_path / "forged.json").write_text(json.dumps(document), encoding="utf-8")
    both = review(run_cli, tmp_path / "good.json", tmp_path / "bad.json")
    assert both.exit_code == 2
    result = review(
        run_cli, tmp_path / "good.json", tmp_path / "bad.json", tmp_path / "forged.json"
    )
    no_traceback(result)
    assert result.exit_code == 4
    assert "good.json:" in result.stdout and "Åse" in result.stdout
    assert "bad.json: not a summary" in result.stderr
    assert "forged.json: WARNING" in result.stderr


def test_no_raw_escape_from_a_file_reaches_the_terminal(
    run_cli: RunCli, tmp_path: Path, ase: Ed25519PrivateKey
) -> None:
    author = "Mallory\x1b[2J\x1b]0;owned\x07"
    write_signed(tmp_path / "esc.json", author, ase, went_well="fine\x1b[31m red\x9b1m\nnext")
    result = review(run_cli, tmp_path / "esc.json")
    no_traceback(result)
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\x9b" not in result.output
    assert "Mallory\\x1b[2J" in result.stdout
    assert "What went well: fine\\x1b[31m red\\x9b1m next" in result.stdout


def test_unreadable_known_keys_are_left_alone_with_a_plain_message(
    run_cli: RunCli, home: Path, tmp_path: Path, ase: Ed25519PrivateKey
) -> None:
    write_signed(tmp_path / "a.json", "Åse", ase)
    (home / KNOWN_KEYS_FILE_NAME).write_text("{not json", encoding="utf-8")
    result = review(run_cli, tmp_path / "a.json")
    no_traceback(result)
    assert result.exit_code == 1
    assert "known keys" in result.stderr and "cannot be read" in result.stderr
    assert (home / KNOWN_KEYS_FILE_NAME).read_text(encoding="utf-8") == "{not json"


def test_without_a_terminal_review_prints_plain_text(
    run_cli: RunCli, tmp_path: Path, ase: Ed25519PrivateKey
) -> None:
    write_signed(tmp_path / "a.json", "Åse", ase)
    result = run_cli("review", str(tmp_path / "a.json"), PSP_JOURNAL_PASSPHRASE=None)
    no_traceback(result)
    assert result.exit_code == 0
    assert "First summary from Åse" in result.stdout and "contacts 2" in result.stdout


def test_on_a_terminal_review_opens_the_view_and_exits_with_its_code(
    run_cli: RunCli, tmp_path: Path, ase: Ed25519PrivateKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The view itself is tested in tests/tui/test_review_app.py; here, that the command
    hands it the report and exits with what it returns."""
    import psp_journal.cli.review_commands as review_commands
    import psp_journal.tui.review_app as review_app

    shown: list[review_commands.ReviewReport] = []

    def fake_view(report: review_commands.ReviewReport, paths: object) -> int:
        shown.append(report)
        return report.exit_code

    monkeypatch.setattr(review_commands, "_on_a_terminal", lambda: True)
    monkeypatch.setattr(review_app, "run_review", fake_view)
    write_signed(tmp_path / "a.json", "Åse", ase)
    (tmp_path / "odd.json").write_text("[]", encoding="utf-8")
    result = run_cli("review", str(tmp_path / "a.json"), str(tmp_path / "odd.json"))
    no_traceback(result)
    assert result.exit_code == 2
    assert result.output == ""  # everything is in the view
    [report] = shown
    assert [check.outcome for check in report.checks] == ["new", "not-a-summary"]
    assert report.headers == ("week", "Åse (a.json)")
    plain = run_cli("review", "--plain", str(tmp_path / "a.json"))
    assert plain.exit_code == 0 and "signed with the key you know" in plain.stdout
    assert len(shown) == 1
