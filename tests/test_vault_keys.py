"""Passphrase, recovery key, re-key and format upgrades, through the command line where they live.

Every vault here is made with the cheap KDF through the Python API; the commands then reuse
the KDF parameters stored in the vault's header.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from click.testing import Result
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import psp_journal.vault.crypto
import psp_journal.vault.keys
from psp_journal.vault import Vault
from psp_journal.vault.crypto import DecryptionFailed
from psp_journal.vault.disk import DiskStore
from psp_journal.vault.errors import IntegrityError
from psp_journal.vault.header import FORMAT_VERSION
from psp_journal.vault.keys import DataKeys, unwrap_with_passphrase
from psp_journal.vault.maintenance import verify_vault
from psp_journal.vault.meta import read_header
from psp_journal.vault.migrate import migrate_if_needed
from psp_journal.vault.scan import open_envelope
from tests.conftest import CHEAP_KDF, PASSPHRASE, RunCli, fixed_clock, runner_for

NEW_PASSPHRASE = "a brand new passphrase"
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
PRINTED_KEY = re.compile(r"\b[A-Z2-7]{5}(?:-[A-Z2-7]{5}){10}\b")

DOCUMENTS = {
    "c-1": {"type": "checkin", "date": "2026-11-19", "mood": 2, "stress": 4},
    "r-1": {"type": "reflection", "text": "what stayed with me today", "tags": ["grief"]},
    "i-1": {"type": "interaction", "client": "M-17", "minutes": 40, "note": "z" * 3000},
}


# --- helpers ------------------------------------------------------------------------------


def rows_of(path: Path) -> dict[bytes, bytes]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {bytes(i): bytes(b) for i, b in conn.execute("SELECT id, blob FROM records")}
    finally:
        conn.close()


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def printed_key(result: Result) -> str:
    keys = PRINTED_KEY.findall(result.output)
    assert len(keys) == 1, result.output
    return keys[0]


def fill(path: Path) -> None:
    vault = Vault.unlock(path, PASSPHRASE, clock=fixed_clock)
    try:
        vault.write(put=DOCUMENTS)
        vault.write(put={"c-1": {**DOCUMENTS["c-1"], "mood": 3}})  # and one revision
    finally:
        vault.close()


def documents_in(path: Path, passphrase: str = PASSPHRASE) -> dict[str, Any]:
    vault = Vault.unlock(path, passphrase, clock=fixed_clock)
    try:
        return {doc_id: vault.get(doc_id) for doc_id in vault.ids()}
    finally:
        vault.close()


def expected_documents() -> dict[str, Any]:
    return {**DOCUMENTS, "c-1": {**DOCUMENTS["c-1"], "mood": 3}}


def assert_ok(result: Result) -> None:
    assert result.exit_code == 0, result.output
    assert result.exception is None, repr(result.exception)


def assert_exit(result: Result, code: int) -> None:
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


@pytest.fixture
def filled(vault_path: Path, recovery_key: str) -> Path:
    fill(vault_path)
    return vault_path


# --- passwd ---------------------------------------------------------------------------------


def test_passwd_rewraps_only_the_key(filled: Path, run_cli: RunCli, recovery_key: str) -> None:
    rows_before = rows_of(filled)
    header_before = _header_of(filled)

    result = run_cli("passwd", PSP_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE)
    assert_ok(result)

    assert rows_of(filled) == rows_before  # every record byte-identical
    header_after = _header_of(filled)
    assert header_after.wrap_passphrase != header_before.wrap_passphrase
    assert header_after.salt != header_before.salt
    assert header_after.wrap_recovery == header_before.wrap_recovery
    assert header_after.vault_id == header_before.vault_id

    assert_exit(run_cli("verify"), 3)
    assert_ok(run_cli("verify", PSP_JOURNAL_PASSPHRASE=NEW_PASSPHRASE))
    assert documents_in(filled, NEW_PASSPHRASE) == expected_documents()

    # "Your recovery key still works."
    result = run_cli(
        "recover",
        PSP_JOURNAL_RECOVERY_KEY=recovery_key,
        PSP_JOURNAL_NEW_PASSPHRASE="third passphrase here",
    )
    assert_ok(result)


def _header_of(path: Path) -> Any:
    disk = DiskStore.open(path, read_only=True)
    try:
        return read_header(disk)
    finally:
        disk.close()


def test_passwd_refuses_a_short_new_passphrase_before_changing_anything(
    filled: Path, run_cli: RunCli
) -> None:
    before = sha256_of(filled)
    result = run_cli("passwd", PSP_JOURNAL_NEW_PASSPHRASE="short")
    assert_exit(result, 2)
    assert "PSP_JOURNAL_NEW_PASSPHRASE" in result.output
    assert sha256_of(filled) == before
    assert_ok(run_cli("verify"))


# --- recover --------------------------------------------------------------------------------


def test_recover_works_once_and_prints_a_new_key(
    filled: Path, run_cli: RunCli, recovery_key: str
) -> None:
    rows_before = rows_of(filled)

    result = run_cli(
        "recover", PSP_JOURNAL_RECOVERY_KEY=recovery_key, PSP_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE
    )
    assert_ok(result)
    fresh = printed_key(result)
    assert fresh != recovery_key
    assert rows_of(filled) == rows_before  # a recovery rewraps; it never re-encrypts

    assert_exit(run_cli("verify"), 3)  # the old passphrase is gone
    assert_ok(run_cli("verify", PSP_JOURNAL_PASSPHRASE=NEW_PASSPHRASE))
    assert documents_in(filled, NEW_PASSPHRASE) == expected_documents()

    # The used key stops working; nothing changes when it is tried again.
    before = sha256_of(filled)
    again = run_cli(
        "recover", PSP_JOURNAL_RECOVERY_KEY=recovery_key, PSP_JOURNAL_NEW_PASSPHRASE="x" * 12
    )
    assert_exit(again, 3)
    assert "recovery key" in again.output
    assert sha256_of(filled) == before
    assert_ok(run_cli("verify", PSP_JOURNAL_PASSPHRASE=NEW_PASSPHRASE))

    # The printed key works, and is in turn replaced.
    third = run_cli(
        "recover", PSP_JOURNAL_RECOVERY_KEY=fresh, PSP_JOURNAL_NEW_PASSPHRASE="third passphrase"
    )
    assert_ok(third)
    assert printed_key(third) not in (fresh, recovery_key)
    assert documents_in(filled, "third passphrase") == expected_documents()


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda key: key.lower(), id="lower-case"),
        pytest.param(lambda key: key.replace("-", " "), id="spaces"),
        pytest.param(lambda key: key.lower().replace("-", " "), id="lower-case-and-spaces"),
        pytest.param(lambda key: key.replace("-", ""), id="no-separators"),
        pytest.param(lambda key: f"  {key.replace('-', ' - ')}  ", id="loose-spacing"),
    ],
)
def test_recover_accepts_the_key_as_people_type_it(
    filled: Path, run_cli: RunCli, recovery_key: str, typed: Any
) -> None:
    result = run_cli(
        "recover",
        PSP_JOURNAL_RECOVERY_KEY=typed(recovery_key),
        PSP_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE,
    )
    assert_ok(result)
    assert documents_in(filled, NEW_PASSPHRASE) == expected_documents()


@pytest.fixture(scope="module")
def shared_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A home and its recovery key, for examples that must leave it untouched."""
    home = tmp_path_factory.mktemp("typo-home")
    vault, key = Vault.create(home / "journal.vault", PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)
    vault.close()
    return home, key


def invoke(home: Path, *args: str, **env: str | None) -> Result:
    """The CLI in-process, like the `run_cli` fixture, for any home (hypothesis examples)."""
    return runner_for(home)(*args, **env)


@settings(max_examples=50, deadline=None)
@given(position=st.integers(0, 54), char=st.sampled_from(ALPHABET), dashed=st.booleans())
def test_a_recovery_key_with_one_wrong_character_is_bad_input(
    shared_vault: tuple[Path, str], position: int, char: str, dashed: bool
) -> None:
    home, key = shared_vault
    compact = key.replace("-", "")
    assume(compact[position] != char)
    typo = compact[:position] + char + compact[position + 1 :]
    if dashed:
        typo = "-".join(typo[i : i + 5] for i in range(0, 55, 5))
    before = sha256_of(home / "journal.vault")
    kdf_calls: list[Any] = []

    def spy(*args: Any) -> bytes:
        kdf_calls.append(args)
        raise AssertionError("the KDF ran")

    with (
        mock.patch.object(psp_journal.vault.keys, "derive_passphrase_key", spy),
        mock.patch.object(psp_journal.vault.crypto, "derive_passphrase_key", spy),
    ):
        result = invoke(
            home,
            "recover",
            PSP_JOURNAL_RECOVERY_KEY=typo,
            PSP_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE,
        )

    assert_exit(result, 2)
    assert "recovery key" in result.output.lower()
    assert kdf_calls == []
    assert sha256_of(home / "journal.vault") == before


def test_a_recovery_key_with_a_non_ascii_character_is_bad_input(
    filled: Path, run_cli: RunCli, recovery_key: str
) -> None:
    """A look-alike letter (Cyrillic А) pasted from a document is a typo: exit 2."""
    typo = "\u0410" + recovery_key[1:]
    before = sha256_of(filled)
    result = run_cli(
        "recover", PSP_JOURNAL_RECOVERY_KEY=typo, PSP_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE
    )
    assert_exit(result, 2)
    assert "recovery key" in result.output.lower()
    assert sha256_of(filled) == before


def test_recover_with_a_key_of_another_vault_is_exit_3(
    filled: Path, run_cli: RunCli, shared_vault: tuple[Path, str]
) -> None:
    _, other_key = shared_vault
    before = sha256_of(filled)
    result = run_cli(
        "recover", PSP_JOURNAL_RECOVERY_KEY=other_key, PSP_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE
    )
    assert_exit(result, 3)
    assert sha256_of(filled) == before


# --- recovery-key --new ---------------------------------------------------------------------


def test_a_new_recovery_key_replaces_the_old_one(
    filled: Path, run_cli: RunCli, recovery_key: str
) -> None:
    rows_before = rows_of(filled)
    result = run_cli("recovery-key", "--new")
    assert_ok(result)
    fresh = printed_key(result)
    assert fresh != recovery_key
    assert rows_of(filled) == rows_before
    assert_ok(run_cli("verify"))  # the passphrase still works

    old = run_cli(
        "recover", PSP_JOURNAL_RECOVERY_KEY=recovery_key, PSP_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE
    )
    assert_exit(old, 3)
    new = run_cli(
        "recover", PSP_JOURNAL_RECOVERY_KEY=fresh, PSP_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE
    )
    assert_ok(new)
    assert documents_in(filled, NEW_PASSPHRASE) == expected_documents()


def test_recovery_key_without_new_is_bad_input(filled: Path, run_cli: RunCli) -> None:
    before = sha256_of(filled)
    result = run_cli("recovery-key")
    assert_exit(result, 2)
    assert "--new" in result.output
    assert sha256_of(filled) == before


# --- rekey ----------------------------------------------------------------------------------


def test_rekey_reencrypts_every_record_and_an_old_copy_cannot_read_new_entries(
    filled: Path, run_cli: RunCli, recovery_key: str, tmp_path: Path
) -> None:
    rows_before = rows_of(filled)
    old_copy = tmp_path / "old-copy.vault"
    shutil.copyfile(filled, old_copy)

    result = run_cli("rekey")
    assert_ok(result)
    fresh = printed_key(result)

    rows_after = rows_of(filled)
    assert len(rows_after) == len(rows_before)
    assert set(rows_after.values()).isdisjoint(rows_before.values())  # every blob changed
    for slot in rows_before.keys() & rows_after.keys():
        assert rows_after[slot] != rows_before[slot]

    assert_ok(run_cli("verify"))  # same passphrase
    assert documents_in(filled) == expected_documents()

    # The old recovery key only unwrapped the old data key; the printed one works.
    assert_exit(
        run_cli(
            "recover",
            PSP_JOURNAL_RECOVERY_KEY=recovery_key,
            PSP_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE,
        ),
        3,
    )

    # A record written after the re-key...
    vault = Vault.unlock(filled, PASSPHRASE, clock=fixed_clock)
    try:
        vault.write(put={"after-rekey": {"type": "reflection", "text": "new and private"}})
    finally:
        vault.close()
    rows_later = rows_of(filled)
    new_slots = rows_later.keys() - rows_after.keys()
    assert len(new_slots) == 1
    (new_slot,) = new_slots

    # ...cannot be read with the data key an old copy and the old passphrase give.
    disk = DiskStore.open(old_copy, read_only=True)
    try:
        old_header = read_header(disk)
        old_dek, _ = unwrap_with_passphrase(old_header, PASSPHRASE)
        old_keys = DataKeys.from_dek(old_dek, old_header.vault_id)
        # The control: that key does open the old copy's own records.
        for slot, blob in disk.all_blobs():
            open_envelope(old_keys, old_header.vault_id, slot, blob)  # does not raise
    finally:
        disk.close()
    with pytest.raises(DecryptionFailed):
        open_envelope(old_keys, old_header.vault_id, new_slot, rows_later[new_slot])
    for slot, blob in rows_after.items():  # nor any record as re-encrypted
        with pytest.raises(DecryptionFailed):
            open_envelope(old_keys, old_header.vault_id, slot, blob)

    assert_ok(
        run_cli(
            "recover", PSP_JOURNAL_RECOVERY_KEY=fresh, PSP_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE
        )
    )
    assert documents_in(filled, NEW_PASSPHRASE) == {
        **expected_documents(),
        "after-rekey": {"type": "reflection", "text": "new and private"},
    }


def test_rekey_keeps_revisions(filled: Path, run_cli: RunCli) -> None:
    assert_ok(run_cli("rekey"))
    vault = Vault.unlock(filled, PASSPHRASE, clock=fixed_clock)
    try:
        assert [r.document for r in vault.revisions("c-1")] == [DOCUMENTS["c-1"]]
    finally:
        vault.close()


# --- format upgrades -------------------------------------------------------------------------


@pytest.fixture
def disk_and_header(filled: Path) -> Iterator[tuple[DiskStore, Any]]:
    """An open store; a test may close it itself to look at the file from outside."""
    disk = DiskStore.open(filled)
    try:
        yield disk, read_header(disk)
    finally:
        with contextlib.suppress(sqlite3.ProgrammingError):  # already closed by the test
            disk.close()


# The generic migration tests step from the current format to an imaginary next one.
NEXT_FORMAT = FORMAT_VERSION + 1


def raw_header(path: Path) -> dict[str, Any]:
    disk = DiskStore.open(path, read_only=True)
    try:
        raw = disk.get_meta("header")
        checksum = disk.get_meta("header_sha256")
    finally:
        disk.close()
    assert raw is not None and checksum is not None
    assert hashlib.sha256(raw).digest() == checksum
    return json.loads(raw)


def test_migration_backs_up_first_then_upgrades_in_one_step(
    filled: Path, disk_and_header: tuple[DiskStore, Any]
) -> None:
    disk, header = disk_and_header
    rows_before = rows_of(filled)
    backup = filled.with_name(f"{filled.name}.before-format-{NEXT_FORMAT}")
    seen: list[bool] = []

    def step(store: DiskStore) -> None:
        seen.append(backup.exists())  # the backup is already there when the step runs
        store.put_meta("migrated", b"yes")

    upgraded = migrate_if_needed(
        disk, header, migrations={FORMAT_VERSION: step}, target=NEXT_FORMAT
    )

    assert seen == [True]
    assert upgraded.format == NEXT_FORMAT
    assert disk.get_meta("migrated") == b"yes"
    disk.close()
    assert raw_header(filled)["format"] == NEXT_FORMAT
    assert rows_of(filled) == rows_before

    # The backup is a private, complete vault as it was before the step.
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    copy = DiskStore.open(backup, read_only=True)
    try:
        assert read_header(copy).format == FORMAT_VERSION
        assert copy.get_meta("migrated") is None
    finally:
        copy.close()
    assert rows_of(backup) == rows_before
    assert verify_vault(backup, PASSPHRASE) == len(rows_before)
    assert documents_in(backup) == expected_documents()


def test_a_failing_migration_step_changes_nothing_but_keeps_the_backup(
    filled: Path, disk_and_header: tuple[DiskStore, Any]
) -> None:
    disk, header = disk_and_header

    def step(store: DiskStore) -> None:
        store.put_meta("migrated", b"half")
        raise RuntimeError("the step failed")

    with pytest.raises(RuntimeError):
        migrate_if_needed(disk, header, migrations={FORMAT_VERSION: step}, target=NEXT_FORMAT)
    assert disk.get_meta("migrated") is None
    disk.close()
    assert raw_header(filled)["format"] == FORMAT_VERSION
    assert filled.with_name(f"{filled.name}.before-format-{NEXT_FORMAT}").exists()
    assert documents_in(filled) == expected_documents()


def test_a_missing_migration_step_is_refused_before_any_backup(
    filled: Path, disk_and_header: tuple[DiskStore, Any]
) -> None:
    disk, header = disk_and_header
    with pytest.raises(IntegrityError):
        migrate_if_needed(disk, header, migrations={}, target=NEXT_FORMAT)
    assert not filled.with_name(f"{filled.name}.before-format-{NEXT_FORMAT}").exists()
    assert read_header(disk).format == FORMAT_VERSION


def test_no_migration_when_the_format_is_current(
    filled: Path, disk_and_header: tuple[DiskStore, Any]
) -> None:
    disk, header = disk_and_header

    def step(store: DiskStore) -> None:
        raise AssertionError("must not run")

    assert (
        migrate_if_needed(disk, header, migrations={FORMAT_VERSION: step}, target=FORMAT_VERSION)
        == header
    )
    assert not list(filled.parent.glob("*.before-*"))
