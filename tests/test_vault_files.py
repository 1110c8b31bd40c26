"""Whole-file commands: backup, restore and destroy."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

import psp_journal.vault.crypto
import psp_journal.vault.keys
from psp_journal.vault import Vault, VaultError
from psp_journal.vault.maintenance import vault_name
from tests.conftest import PASSPHRASE, RunCli, files_under, fixed_clock

DOCUMENTS = {
    "c-1": {"type": "checkin", "date": "2026-11-19", "mood": 2, "stress": 4},
    "r-1": {"type": "reflection", "text": "what stayed with me today", "tags": ["grief"]},
    "i-1": {"type": "interaction", "client": "M-17", "minutes": 40, "note": "z" * 3000},
}
AFTER_BACKUP = {
    "c-1": {"type": "checkin", "date": "2026-11-19", "mood": 4, "stress": 2},
    "i-1": None,  # deleted
    "b-1": {"type": "boundary", "kind": "gift", "felt": 3},
}
ASIDE = re.compile(r"kept at (\S+?);")


# --- helpers ------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows_of(path: Path) -> dict[bytes, bytes]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {bytes(i): bytes(b) for i, b in conn.execute("SELECT id, blob FROM records")}
    finally:
        conn.close()


def documents_in(path: Path) -> dict[str, Any]:
    vault = Vault.unlock(path, PASSPHRASE, clock=fixed_clock)
    try:
        return {doc_id: vault.get(doc_id) for doc_id in vault.ids()}
    finally:
        vault.close()


def revisions_in(path: Path, doc_id: str) -> list[Any]:
    vault = Vault.unlock(path, PASSPHRASE, clock=fixed_clock)
    try:
        return [(r.reason, r.document) for r in vault.revisions(doc_id)]
    finally:
        vault.close()


def change_after_backup(path: Path) -> None:
    vault = Vault.unlock(path, PASSPHRASE, clock=fixed_clock)
    try:
        vault.write(
            put={k: v for k, v in AFTER_BACKUP.items() if v is not None},
            delete=[k for k, v in AFTER_BACKUP.items() if v is None],
        )
    finally:
        vault.close()


def changed_documents() -> dict[str, Any]:
    merged = {**DOCUMENTS, **AFTER_BACKUP}
    return {k: v for k, v in merged.items() if v is not None}


def assert_ok(result: Result) -> None:
    assert result.exit_code == 0, result.output
    assert result.exception is None, repr(result.exception)


def assert_exit(result: Result, code: int) -> None:
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def set_aside_copies(home: Path) -> list[Path]:
    return sorted(home.glob("journal.vault.before-*"))


@pytest.fixture
def filled(vault_path: Path, recovery_key: str) -> Path:
    vault = Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock)
    try:
        vault.write(put=DOCUMENTS)
        vault.write(put={"r-1": {**DOCUMENTS["r-1"], "tags": []}})
        vault.write(put={"r-1": DOCUMENTS["r-1"]})  # r-1 now has one revision of each
    finally:
        vault.close()
    return vault_path


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder outside the home, where a user keeps backups."""
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder


@pytest.fixture
def kdf_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []

    def refuse(*args: Any) -> bytes:
        calls.append(args)
        raise AssertionError("the KDF ran")

    monkeypatch.setattr(psp_journal.vault.keys, "derive_passphrase_key", refuse)
    monkeypatch.setattr(psp_journal.vault.crypto, "derive_passphrase_key", refuse)
    return calls


# --- backup and restore --------------------------------------------------------------------


def test_backup_then_restore_brings_back_the_vault_as_it_was(
    filled: Path, run_cli: RunCli, elsewhere: Path, home: Path
) -> None:
    backup = elsewhere / "journal-backup.vault"
    revisions_at_backup = revisions_in(filled, "r-1")
    assert len(revisions_at_backup) == 2

    result = run_cli("backup", str(backup))
    assert_ok(result)
    assert str(backup) in result.output
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert sorted(p.name for p in elsewhere.iterdir()) == [backup.name]  # no .partial left
    backup_sha = sha256_of(backup)

    change_after_backup(filled)
    assert documents_in(filled) == changed_documents()
    changed_rows = rows_of(filled)

    result = run_cli("restore", str(backup))
    assert_ok(result)
    match = ASIDE.search(result.output)
    assert match, result.output
    aside = Path(match.group(1))
    assert aside.is_file()
    assert aside.parent == home
    assert aside.name.startswith("journal.vault.before-")
    assert set_aside_copies(home) == [aside]

    assert documents_in(filled) == DOCUMENTS
    assert revisions_in(filled, "r-1") == revisions_at_backup
    assert_ok(run_cli("verify"))
    assert stat.S_IMODE(filled.stat().st_mode) == 0o600

    # The previous vault, kept aside, is whole and still holds the later changes.
    assert rows_of(aside) == changed_rows
    assert documents_in(aside) == changed_documents()
    assert sha256_of(backup) == backup_sha  # restoring reads the backup, never changes it


def test_restore_into_a_home_without_a_vault(
    filled: Path, run_cli: RunCli, elsewhere: Path, tmp_path: Path
) -> None:
    backup = elsewhere / "b.vault"
    assert_ok(run_cli("backup", str(backup)))
    other_home = tmp_path / "new-computer"
    result = run_cli("restore", str(backup), PSP_JOURNAL_HOME=str(other_home))
    assert_ok(result)
    assert "kept at" not in result.output
    assert documents_in(other_home / "journal.vault") == DOCUMENTS
    assert stat.S_IMODE(other_home.stat().st_mode) == 0o700


def test_backup_to_an_existing_file_is_refused_before_asking_a_passphrase(
    filled: Path, run_cli: RunCli, elsewhere: Path, kdf_calls: list[Any]
) -> None:
    existing = elsewhere / "precious.txt"
    existing.write_bytes(b"something the user keeps")
    vault_before = sha256_of(filled)

    result = run_cli("backup", str(existing), PSP_JOURNAL_PASSPHRASE=None)

    assert_exit(result, 2)
    assert "already exists" in result.output
    assert str(existing) in result.output
    assert "passphrase" not in result.output.lower()  # not the passphrase it lacked
    assert existing.read_bytes() == b"something the user keeps"
    assert sha256_of(filled) == vault_before
    assert kdf_calls == []

    with_passphrase = run_cli("backup", str(existing))
    assert_exit(with_passphrase, 2)
    assert kdf_calls == []  # checked before the vault is unlocked
    assert existing.read_bytes() == b"something the user keeps"


def test_backup_without_a_passphrase_says_how_to_give_one(
    filled: Path, run_cli: RunCli, elsewhere: Path
) -> None:
    """The control for the test above: with a free file name, the passphrase is what is missing."""
    result = run_cli("backup", str(elsewhere / "new.vault"), PSP_JOURNAL_PASSPHRASE=None)
    assert_exit(result, 2)
    assert "PSP_JOURNAL_PASSPHRASE" in result.output
    assert not (elsewhere / "new.vault").exists()


def test_backup_into_a_missing_folder_is_bad_input(
    filled: Path, run_cli: RunCli, elsewhere: Path
) -> None:
    result = run_cli("backup", str(elsewhere / "no-such-folder" / "b.vault"))
    assert_exit(result, 2)
    assert "does not exist" in result.output


def test_restore_of_a_damaged_backup_leaves_the_vault_untouched(
    filled: Path, run_cli: RunCli, elsewhere: Path, home: Path
) -> None:
    backup = elsewhere / "b.vault"
    assert_ok(run_cli("backup", str(backup)))
    change_after_backup(filled)
    rows = rows_of(backup)
    slot = sorted(rows)[0]
    blob = bytearray(rows[slot])
    blob[len(blob) // 2] ^= 0x20
    conn = sqlite3.connect(backup, isolation_level=None)
    try:
        conn.execute("UPDATE records SET blob = ? WHERE id = ?", (bytes(blob), slot))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    vault_before = sha256_of(filled)
    files_before = sorted(p.name for p in home.iterdir())

    result = run_cli("restore", str(backup))

    assert_exit(result, 4)
    assert slot.hex() in result.output
    assert sha256_of(filled) == vault_before
    assert sorted(p.name for p in home.iterdir()) == files_before  # nothing set aside, no .partial
    assert_ok(run_cli("verify"))
    assert documents_in(filled) == changed_documents()


def test_restore_of_a_missing_file_is_bad_input(
    filled: Path, run_cli: RunCli, elsewhere: Path, kdf_calls: list[Any]
) -> None:
    vault_before = sha256_of(filled)
    result = run_cli("restore", str(elsewhere / "not-there.vault"))
    assert_exit(result, 2)
    assert "not-there.vault" in result.output
    assert kdf_calls == []
    assert sha256_of(filled) == vault_before


# --- destroy --------------------------------------------------------------------------------


@pytest.fixture
def vault_with_copies(filled: Path, run_cli: RunCli, elsewhere: Path, home: Path) -> Path:
    """The vault plus what restore and an upgrade leave beside it."""
    backup = elsewhere / "b.vault"
    assert_ok(run_cli("backup", str(backup)))
    assert_ok(run_cli("restore", str(backup)))
    (home / "journal.vault.before-format-2").write_bytes(filled.read_bytes())
    assert len(set_aside_copies(home)) == 2
    return backup


@pytest.mark.parametrize("typed", [str, str.lower, lambda name: f"  {name}  "])
def test_destroy_with_the_right_name_erases_every_vault_file(
    filled: Path,
    run_cli: RunCli,
    home: Path,
    vault_with_copies: Path,
    typed: Any,
) -> None:
    vault_files = [filled, *set_aside_copies(home)]
    name = vault_name(filled)

    result = run_cli("destroy", input=typed(name) + "\n")

    assert_ok(result)
    assert name in result.output  # the prompt named it
    for path in vault_files:
        assert not path.exists(), path
    assert not list(home.glob("journal.vault*"))
    for path in files_under(home):  # whatever else is there, none of it is a vault
        with pytest.raises(VaultError):
            Vault.unlock(path, PASSPHRASE, clock=fixed_clock).close()

    verify = run_cli("verify")
    assert_exit(verify, 1)
    assert "init" in verify.output

    # A backup made elsewhere is not touched, and still opens.
    assert documents_in(vault_with_copies) == DOCUMENTS


@pytest.mark.parametrize("typed", ["WRONGNAM", "", "DESTROY", "yes"])
def test_destroy_with_a_wrong_name_erases_nothing(
    filled: Path, run_cli: RunCli, home: Path, vault_with_copies: Path, typed: str
) -> None:
    before = {path.name: sha256_of(path) for path in files_under(home)}
    assert vault_name(filled) != typed.upper()

    result = run_cli("destroy", input=typed + "\n")

    assert_exit(result, 2)
    assert "Nothing was erased" in result.output
    assert {path.name: sha256_of(path) for path in files_under(home)} == before
    assert_ok(run_cli("verify"))
    assert documents_in(filled) == DOCUMENTS


def test_destroy_with_no_answer_at_all_erases_nothing(filled: Path, run_cli: RunCli) -> None:
    before = sha256_of(filled)
    result = run_cli("destroy", input="")
    assert_exit(result, 2)
    assert sha256_of(filled) == before
    assert_ok(run_cli("verify"))
