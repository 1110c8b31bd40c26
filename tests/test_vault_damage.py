"""Damage is told apart from a wrong passphrase, is reported with exit 4, and changes nothing.

Every test here tampers with a vault file the way a bad disk, a sync tool or an attacker
could, then runs a command on it and checks: the exit code from PRODUCT.md, a message that
says what failed (the record id where it can), no traceback, and a file byte-identical to
what it was before the command ran.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

import psp_journal.vault.crypto
import psp_journal.vault.keys
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE, RunCli, fixed_clock, run_process, runner_for

VAULT_FILE = "journal.vault"
NEW_PASSPHRASE = "another passphrase entirely"


# --- helpers ------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def invoke(home: Path, *args: str, **env: str | None) -> Result:
    """The CLI in-process, like the `run_cli` fixture, for any home (hypothesis examples)."""
    return runner_for(home)(*args, **env)


def assert_clean_failure(result: Result, code: int) -> None:
    """The exit code asked for, reached through a message: no exception escaped."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.output.startswith("psp-journal: "), result.output


@contextmanager
def tampering(path: Path) -> Iterator[sqlite3.Connection]:
    """A raw connection whose changes are folded back into the main file when it closes."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def rows_of(path: Path) -> dict[bytes, bytes]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {bytes(i): bytes(b) for i, b in conn.execute("SELECT id, blob FROM records")}
    finally:
        conn.close()


def meta_of(path: Path, key: str) -> bytes:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return bytes(
            conn.execute("SELECT value FROM vault_meta WHERE key = ?", (key,)).fetchone()[0]
        )
    finally:
        conn.close()


def put_meta(path: Path, key: str, value: bytes) -> None:
    with tampering(path) as conn:
        conn.execute("UPDATE vault_meta SET value = ? WHERE key = ?", (value, key))


def rewrite_header(path: Path, change: dict[str, Any], kdf_change: dict[str, Any]) -> None:
    """Change header fields and store a matching checksum, as a careful attacker would."""
    fields = json.loads(meta_of(path, "header"))
    fields.update(change)
    fields["kdf"].update(kdf_change)
    raw = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    with tampering(path) as conn:
        conn.execute("UPDATE vault_meta SET value = ? WHERE key = 'header'", (raw,))
        conn.execute(
            "UPDATE vault_meta SET value = ? WHERE key = 'header_sha256'",
            (hashlib.sha256(raw).digest(),),
        )


DOCUMENTS = {
    "c-1": {"type": "checkin", "date": "2026-11-19", "mood": 2, "note": "a hard day"},
    "r-1": {"type": "reflection", "text": "x" * 900, "tags": ["grief"]},
    "i-1": {"type": "interaction", "client": "M-17", "minutes": 40, "note": "y" * 5000},
    "b-1": {"type": "boundary", "kind": "gift", "felt": 3},
}


def fill(path: Path) -> None:
    """A few documents of several sizes, and one edit (so there is a revision too)."""
    vault = Vault.unlock(path, PASSPHRASE, clock=fixed_clock)
    try:
        vault.write(put=DOCUMENTS)
        vault.write(put={"c-1": {**DOCUMENTS["c-1"], "mood": 3}})
    finally:
        vault.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One filled vault, copied afresh into a new home for every example."""
    path = tmp_path_factory.mktemp("template") / VAULT_FILE
    vault, _ = Vault.create(path, PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)
    vault.close()
    fill(path)
    assert not path.with_name(VAULT_FILE + "-wal").exists()
    return path


def home_with_copy(tmp_path_factory: pytest.TempPathFactory, template: Path) -> Path:
    home = tmp_path_factory.mktemp("home")
    shutil.copyfile(template, home / VAULT_FILE)
    os.chmod(home / VAULT_FILE, 0o600)
    return home


@pytest.fixture
def filled(vault_path: Path, recovery_key: str) -> Path:
    fill(vault_path)
    return vault_path


@pytest.fixture
def kdf_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Record (and refuse) any run of the passphrase KDF."""
    calls: list[tuple[Any, ...]] = []

    def refuse(*args: Any) -> bytes:
        calls.append(args)
        raise AssertionError("the KDF ran")

    monkeypatch.setattr(psp_journal.vault.keys, "derive_passphrase_key", refuse)
    monkeypatch.setattr(psp_journal.vault.crypto, "derive_passphrase_key", refuse)
    return calls


def test_the_template_verifies(tmp_path_factory: pytest.TempPathFactory, template: Path) -> None:
    """The control for everything below: an untouched copy is fine."""
    home = home_with_copy(tmp_path_factory, template)
    result = invoke(home, "verify")
    assert result.exit_code == 0, result.output
    assert f"all {len(DOCUMENTS) + 1} records" in result.output


# --- records --------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_one_changed_byte_in_any_record_is_found_and_named(
    tmp_path_factory: pytest.TempPathFactory, template: Path, data: st.DataObject
) -> None:
    home = home_with_copy(tmp_path_factory, template)
    path = home / VAULT_FILE
    rows = rows_of(path)
    slot = data.draw(st.sampled_from(sorted(rows)), label="record")
    blob = bytearray(rows[slot])
    offset = data.draw(st.integers(0, len(blob) - 1), label="offset")
    blob[offset] ^= data.draw(st.integers(1, 255), label="xor")
    with tampering(path) as conn:
        conn.execute("UPDATE records SET blob = ? WHERE id = ?", (bytes(blob), slot))
    before = sha256_of(path)

    result = invoke(home, "verify")

    assert_clean_failure(result, 4)
    assert slot.hex() in result.output
    for other in rows:
        if other != slot:
            assert other.hex() not in result.output
    assert sha256_of(path) == before


@pytest.mark.parametrize("index", range(len(DOCUMENTS) + 1))
def test_a_deleted_record_row_is_found(
    tmp_path_factory: pytest.TempPathFactory, template: Path, index: int
) -> None:
    home = home_with_copy(tmp_path_factory, template)
    path = home / VAULT_FILE
    slot = sorted(rows_of(path))[index]
    with tampering(path) as conn:
        conn.execute("DELETE FROM records WHERE id = ?", (slot,))
    before = sha256_of(path)

    result = invoke(home, "verify")

    assert_clean_failure(result, 4)
    assert "digest" in result.output
    assert sha256_of(path) == before


def test_a_record_put_back_from_an_older_copy_is_found(filled: Path, run_cli: RunCli) -> None:
    old_rows = rows_of(filled)
    vault = Vault.unlock(filled, PASSPHRASE, clock=fixed_clock)
    try:
        vault.write(put={"b-1": {**DOCUMENTS["b-1"], "felt": 5}})
    finally:
        vault.close()
    new_rows = rows_of(filled)
    changed = [slot for slot in old_rows if slot in new_rows and new_rows[slot] != old_rows[slot]]
    assert len(changed) == 1  # the edited document's own slot
    (slot,) = changed
    with tampering(filled) as conn:
        conn.execute("UPDATE records SET blob = ? WHERE id = ?", (old_rows[slot], slot))
    before = sha256_of(filled)

    result = run_cli("verify")
    assert_clean_failure(result, 4)
    assert "older copy" in result.output
    assert sha256_of(filled) == before


def test_a_record_copied_over_another_is_found(filled: Path, run_cli: RunCli) -> None:
    """The associated data binds each blob to its record id: a swap fails the tag."""
    rows = rows_of(filled)
    first, second = sorted(rows)[:2]
    with tampering(filled) as conn:
        conn.execute("UPDATE records SET blob = ? WHERE id = ?", (rows[first], second))
    before = sha256_of(filled)

    result = run_cli("verify")
    assert_clean_failure(result, 4)
    assert second.hex() in result.output
    assert sha256_of(filled) == before


def test_a_record_added_from_elsewhere_is_found(filled: Path, run_cli: RunCli) -> None:
    rows = rows_of(filled)
    some_blob = next(iter(rows.values()))
    with tampering(filled) as conn:
        conn.execute("INSERT INTO records (id, blob, seq) VALUES (?, ?, 0)", (bytes(16), some_blob))
    before = sha256_of(filled)

    result = run_cli("verify")
    assert_clean_failure(result, 4)
    assert bytes(16).hex() in result.output
    assert sha256_of(filled) == before


def test_a_damaged_set_digest_is_found(filled: Path, run_cli: RunCli) -> None:
    sealed = bytearray(meta_of(filled, "set_digest"))
    sealed[-1] ^= 1
    put_meta(filled, "set_digest", bytes(sealed))
    before = sha256_of(filled)

    result = run_cli("verify")
    assert_clean_failure(result, 4)
    assert "digest" in result.output
    assert sha256_of(filled) == before


# --- SQLite itself --------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_zeroed_page_of_the_file_is_an_integrity_failure(
    tmp_path_factory: pytest.TempPathFactory, template: Path, data: st.DataObject
) -> None:
    """SQLite corruption is exit 4 in the contract, never 'anything else'."""
    conn = sqlite3.connect(f"{template.resolve().as_uri()}?mode=ro", uri=True)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        page_count = conn.execute("PRAGMA page_count").fetchone()[0]
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0  # every page is live
    finally:
        conn.close()
    home = home_with_copy(tmp_path_factory, template)
    path = home / VAULT_FILE
    page = data.draw(st.integers(0, page_count - 1), label="page")
    content = bytearray(path.read_bytes())
    content[page * page_size : (page + 1) * page_size] = bytes(page_size)
    path.write_bytes(bytes(content))
    before = sha256_of(path)

    result = invoke(home, "verify")

    assert_clean_failure(result, 4)
    assert sha256_of(path) == before


@settings(max_examples=25, deadline=None)
@given(content=st.binary(max_size=9000))
def test_a_file_that_is_not_sqlite_is_an_integrity_failure(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    home = tmp_path_factory.mktemp("garbage")
    path = home / VAULT_FILE
    path.write_bytes(content)
    result = invoke(home, "verify")
    assert_clean_failure(result, 4)
    assert path.read_bytes() == content


def test_a_file_that_is_not_sqlite_in_a_real_process(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    path = home / VAULT_FILE
    content = os.urandom(8192)
    path.write_bytes(content)
    for command in (["verify"], ["passwd"]):
        completed = run_process(
            command,
            env={
                "PSP_JOURNAL_HOME": str(home),
                "PSP_JOURNAL_PASSPHRASE": PASSPHRASE,
                "PSP_JOURNAL_NEW_PASSPHRASE": NEW_PASSPHRASE,
            },
        )
        assert completed.returncode == 4, completed.stderr
        assert "Traceback" not in completed.stderr + completed.stdout
        assert completed.stderr.startswith("psp-journal: ")
        assert path.read_bytes() == content


# --- the header -----------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(data=st.data(), which=st.sampled_from(["header", "header_sha256"]))
def test_a_damaged_header_is_an_integrity_failure_not_a_wrong_passphrase(
    tmp_path_factory: pytest.TempPathFactory, template: Path, data: st.DataObject, which: str
) -> None:
    home = home_with_copy(tmp_path_factory, template)
    path = home / VAULT_FILE
    value = bytearray(meta_of(path, which))
    offset = data.draw(st.integers(0, len(value) - 1), label="offset")
    value[offset] ^= data.draw(st.integers(1, 255), label="xor")
    put_meta(path, which, bytes(value))
    before = sha256_of(path)

    result = invoke(home, "verify")

    assert_clean_failure(result, 4)
    assert "header" in result.output
    assert "passphrase" not in result.output.lower()
    assert sha256_of(path) == before


@pytest.mark.parametrize("missing", ["header", "header_sha256", "set_digest"])
def test_a_missing_meta_row_is_an_integrity_failure(
    filled: Path, run_cli: RunCli, missing: str
) -> None:
    with tampering(filled) as conn:
        conn.execute("DELETE FROM vault_meta WHERE key = ?", (missing,))
    before = sha256_of(filled)
    result = run_cli("verify")
    assert_clean_failure(result, 4)
    assert sha256_of(filled) == before


UNSAFE_KDF = [
    pytest.param({"memory_kib": 1024}, "memory", id="memory-below-minimum"),
    pytest.param({"memory_kib": 19 * 1024 - 1}, "memory", id="memory-just-below"),
    pytest.param({"memory_kib": 2**40}, "memory", id="memory-absurd"),
    pytest.param({"iterations": 1000}, "iterations", id="iterations-absurd"),
    pytest.param({"iterations": 1}, "iterations", id="iterations-below"),
    pytest.param({"lanes": 0}, "lanes", id="lanes-zero"),
    pytest.param({"lanes": 1000}, "lanes", id="lanes-absurd"),
    pytest.param({"memory_kib": 2**40, "iterations": 1000}, "memory", id="both-absurd"),
    pytest.param({"memory_kib": "262144"}, "memory", id="memory-as-text"),
    pytest.param({"iterations": True}, "iterations", id="iterations-as-bool"),
]


@pytest.mark.parametrize(("kdf_change", "named"), UNSAFE_KDF)
@pytest.mark.parametrize("command", ["verify", "passwd", "rekey"])
def test_unsafe_kdf_parameters_are_refused_before_the_kdf_runs(
    filled: Path,
    run_cli: RunCli,
    kdf_calls: list[tuple[Any, ...]],
    kdf_change: dict[str, Any],
    named: str,
    command: str,
) -> None:
    rewrite_header(filled, {}, kdf_change)
    before = sha256_of(filled)

    result = run_cli(command, PSP_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE)

    assert_clean_failure(result, 4)
    assert kdf_calls == []
    assert named in result.output
    assert "unsafe" in result.output
    assert sha256_of(filled) == before


def test_the_kdf_spy_does_see_a_normal_unlock(
    filled: Path, run_cli: RunCli, kdf_calls: list[tuple[Any, ...]]
) -> None:
    """The control for the test above: with a sound header, the same spy is reached."""
    result = run_cli("verify")
    assert result.exit_code == 1
    assert len(kdf_calls) == 1


@pytest.mark.parametrize("command", ["verify", "passwd"])
def test_a_newer_format_is_refused_untouched(
    filled: Path, run_cli: RunCli, kdf_calls: list[tuple[Any, ...]], command: str
) -> None:
    rewrite_header(filled, {"format": 99}, {})
    before = sha256_of(filled)

    result = run_cli(command, PSP_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE)

    assert_clean_failure(result, 1)
    assert "newer" in result.output
    assert "99" in result.output
    assert kdf_calls == []
    assert sha256_of(filled) == before


# --- wrong passphrase ------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["verify", "passwd", "rekey", "recovery-key"])
def test_a_wrong_passphrase_is_exit_3_and_changes_nothing(
    filled: Path, run_cli: RunCli, command: str
) -> None:
    args = [command, "--new"] if command == "recovery-key" else [command]
    before = sha256_of(filled)

    result = run_cli(
        *args,
        PSP_JOURNAL_PASSPHRASE="not the passphrase at all",
        PSP_JOURNAL_NEW_PASSPHRASE=NEW_PASSPHRASE,
    )

    assert_clean_failure(result, 3)
    assert "passphrase" in result.output
    assert sha256_of(filled) == before
    assert run_cli("verify").exit_code == 0
