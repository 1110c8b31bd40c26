"""The write sequence: unlock and refresh read only what changed since the snapshot, and
anything that does not add up sends them to a full, checked read with a notice; never to
wrong data. Also the snapshot and checkpoint policies, and the upgrade from format 1."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import psp_journal.vault.store
from psp_journal.vault import Changes, Vault
from psp_journal.vault.disk import DiskStore
from psp_journal.vault.header import FORMAT_VERSION
from psp_journal.vault.maintenance import verify_vault
from psp_journal.vault.meta import read_header
from psp_journal.vault.snapshot import snapshot_path
from tests.conftest import PASSPHRASE, RunCli, fixed_clock

DOCS = {f"doc-{i}": {"type": "note", "text": f"entry number {i}"} for i in range(30)}
FORMAT_1_VAULT = Path(__file__).parent / "data" / "format-1.vault"
REBUILT = "every entry was read and checked instead; nothing is lost"


def unlock(path: Path) -> Vault:
    return Vault.unlock(path, PASSPHRASE, clock=fixed_clock)


def documents_of(vault: Vault) -> dict[str, Any]:
    rows = vault.mirror.db.execute("SELECT id, body FROM documents").fetchall()
    return {doc_id: json.loads(body) for doc_id, body in rows}


def revisions_of(vault: Vault) -> dict[tuple[str, int], str]:
    rows = vault.mirror.db.execute("SELECT of_id, number, body FROM revisions").fetchall()
    return {(of_id, number): json.loads(body)["text"] for of_id, number, body in rows}


@pytest.fixture
def filled(vault_path: Path, recovery_key: str) -> Path:
    """Documents and a snapshot of them, as the app leaves them when it locks."""
    with unlock(vault_path) as vault:
        vault.write(put=DOCS)
        vault.write(put={"doc-0": {"type": "note", "text": "first edit"}})
        vault.close(save_snapshot=True)
    return vault_path


def no_full_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, fail the test if anything reads every record."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("every record was read")

    monkeypatch.setattr(psp_journal.vault.store, "scan_records", refuse)


@pytest.fixture(name="no_full_read")
def no_full_read_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    no_full_read(monkeypatch)


def expected_after_changes(erased: bool = False) -> dict[str, Any]:
    expected = {**DOCS, "doc-0": {"type": "note", "text": "first edit"}}
    expected["doc-1"] = {"type": "note", "text": "changed elsewhere"}
    expected["fresh"] = {"type": "note", "text": "new one"}
    del expected["doc-2"]
    if erased:
        del expected["doc-3"]
    return expected


OTHER_PROCESS = """
import sys
from datetime import datetime
from pathlib import Path
from psp_journal.vault import Changes, Vault
v = Vault.unlock(Path(sys.argv[1]), sys.argv[2], clock=datetime.now)
v.write(put={"doc-1": {"type": "note", "text": "changed elsewhere"}}, delete=["doc-2"])
v.write(put={"fresh": {"type": "note", "text": "new one"}})
if sys.argv[3] == "erase":
    v.write(purge=["doc-3"])
    v.transact(lambda: Changes(forget_history=("doc-0",)))
v.close()
"""


def change_in_another_process(path: Path, erase: bool = False) -> None:
    """Writes, edits and deletes; with `erase`, a purge and a history forgotten too."""
    subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, str(path), PASSPHRASE, "erase" if erase else "-"],
        check=True,
    )


def test_another_process_writes_edits_deletes_and_purges_are_seen_reading_only_them(
    filled: Path, no_full_read: None
) -> None:
    change_in_another_process(filled)
    with unlock(filled) as vault:
        assert documents_of(vault) == expected_after_changes()
        assert revisions_of(vault) == {
            ("doc-0", 1): "entry number 0",
            ("doc-1", 1): "entry number 1",
            ("doc-2", 1): "entry number 2",
        }
        assert vault.search("elsewhere") == ["doc-1"]
        assert not vault.notices


def test_another_process_erasing_removes_the_snapshot_and_all_is_seen(filled: Path) -> None:
    change_in_another_process(filled, erase=True)
    assert not snapshot_path(filled).exists()
    with unlock(filled) as vault:
        assert documents_of(vault) == expected_after_changes(erased=True)
        assert revisions_of(vault) == {
            ("doc-1", 1): "entry number 1",
            ("doc-2", 1): "entry number 2",
        }
        assert vault.search('"number 3"') == []
        assert not vault.notices


def test_refresh_reads_only_what_another_process_wrote(filled: Path, no_full_read: None) -> None:
    with unlock(filled) as vault:
        vault.load_mirror()
        assert not vault.refresh()
        change_in_another_process(filled, erase=True)
        assert vault.refresh()
        assert documents_of(vault) == expected_after_changes(erased=True)
        assert not vault.notices


def test_an_older_snapshot_folds_in_everything_since(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Put back from before a purge, its tombstones take out what was purged."""
    old_snapshot = snapshot_path(filled).read_bytes()
    change_in_another_process(filled, erase=True)
    with unlock(filled) as vault:
        vault.close(save_snapshot=True)
    snapshot_path(filled).write_bytes(old_snapshot)
    no_full_read(monkeypatch)
    with unlock(filled) as vault:
        assert documents_of(vault) == expected_after_changes(erased=True)
        assert ("doc-0", 1) not in revisions_of(vault)
        assert not vault.notices


def tamper(path: Path, *statements: tuple[str, tuple[Any, ...]]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for sql, parameters in statements:
            conn.execute(sql, parameters)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def assert_rebuilt_with_notice(path: Path, expected: dict[str, Any]) -> None:
    with unlock(path) as vault:
        assert documents_of(vault) == expected
        assert any(REBUILT in notice for notice in vault.notices)


def test_a_removed_tombstone_means_a_full_read_with_a_notice(filled: Path) -> None:
    change_in_another_process(filled)
    tamper(filled, ("DELETE FROM tombstones", ()))
    assert_rebuilt_with_notice(filled, expected_after_changes())


def test_a_lowered_write_number_means_a_full_read_with_a_notice(filled: Path) -> None:
    change_in_another_process(filled)
    tamper(filled, ("UPDATE records SET seq = 0", ()))
    assert_rebuilt_with_notice(filled, expected_after_changes())


def test_a_snapshot_from_another_copy_means_a_full_read_with_a_notice(
    filled: Path, tmp_path: Path
) -> None:
    """Two copies of one vault, changed differently by as many writes: the snapshot of
    one is as far along as the other, but it does not describe it."""
    copy = tmp_path / "copy.vault"
    shutil.copyfile(filled, copy)
    with unlock(copy) as vault:
        vault.write(put={"doc-5": {"type": "note", "text": "only in the copy"}})
        vault.close(save_snapshot=True)
    with unlock(filled) as vault:
        vault.write(put={"doc-6": {"type": "note", "text": "only in the original"}})
    shutil.copyfile(snapshot_path(copy), snapshot_path(filled))
    expected = {**DOCS, "doc-0": {"type": "note", "text": "first edit"}}
    expected["doc-6"] = {"type": "note", "text": "only in the original"}
    assert_rebuilt_with_notice(filled, expected)


def test_a_vault_put_back_from_an_older_copy_is_read_in_full(filled: Path, tmp_path: Path) -> None:
    """The snapshot is newer than the file: a write number the file never reached."""
    older = tmp_path / "older.vault"
    shutil.copyfile(filled, older)
    change_in_another_process(filled)
    with unlock(filled) as vault:
        vault.close(save_snapshot=True)
    shutil.copyfile(older, filled)
    expected = {**DOCS, "doc-0": {"type": "note", "text": "first edit"}}
    assert_rebuilt_with_notice(filled, expected)


# --- when the snapshot is written -----------------------------------------------------------


def test_a_read_only_command_after_a_command_line_write_leaves_the_snapshot(
    filled: Path, run_cli: RunCli
) -> None:
    before = snapshot_path(filled).read_bytes()
    assert run_cli("reflect", "a quick thought").exit_code == 0
    for command in (("status",), ("followups",), ("search", "thought")):
        result = run_cli(*command)
        assert result.exit_code == 0, result.output
        assert "read and checked" not in result.output
    assert snapshot_path(filled).read_bytes() == before


def test_a_command_saves_the_snapshot_once_it_is_far_behind(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(psp_journal.vault.store, "SNAPSHOT_REWRITE_CHANGES", 3)
    before = snapshot_path(filled).read_bytes()
    with unlock(filled) as vault:
        vault.load_mirror()
        vault.write(put={"a": {"type": "note", "text": "one"}, "b": {"type": "note", "text": "2"}})
    assert snapshot_path(filled).read_bytes() == before  # 2 changes behind: left alone
    with unlock(filled) as vault:  # a one-entry command: the mirror is loaded to save it
        vault.write(put={"c": {"type": "note", "text": "three"}})
    assert snapshot_path(filled).read_bytes() != before
    with unlock(filled) as vault:
        assert documents_of(vault)["c"] == {"type": "note", "text": "three"}
        assert not vault.notices


def test_without_a_usable_snapshot_the_full_read_is_kept_for_next_time(filled: Path) -> None:
    snapshot_path(filled).unlink()
    with unlock(filled) as vault:
        vault.load_mirror()
    assert snapshot_path(filled).exists()


# --- checkpoints ----------------------------------------------------------------------------


def test_saves_never_checkpoint_and_the_policy_does(vault_path: Path, recovery_key: str) -> None:
    with unlock(vault_path) as vault:
        for i in range(40):
            vault.write(put={f"n-{i}": {"type": "note", "text": "x" * 3000}})
        wal = vault._disk.wal_bytes()
        assert wal > 40 * 16384  # SQLite's own checkpoint would have run at 1,000 pages
        assert not vault.checkpoint_if_due(wal_limit_bytes=wal)
        assert vault.checkpoint_if_due(wal_limit_bytes=wal - 1)
        assert vault._disk.wal_bytes() == 0


def test_a_read_only_command_does_not_grow_the_wal(filled: Path, run_cli: RunCli) -> None:
    assert run_cli("status").exit_code == 0
    wal = filled.with_name(filled.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


# --- the upgrade from format 1 --------------------------------------------------------------


def test_a_format_1_vault_is_upgraded_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "journal.vault"
    shutil.copyfile(FORMAT_1_VAULT, path)
    shutil.copyfile(FORMAT_1_VAULT.with_name("format-1.vault.snapshot"), snapshot_path(path))
    expected = {f"doc-{i}": {"type": "note", "text": f"format one entry {i}"} for i in range(12)}
    expected["doc-1"] = {"type": "note", "text": "format one edited"}
    del expected["doc-2"]
    with unlock(path) as vault:
        assert vault.header.format == FORMAT_VERSION == 2
        assert documents_of(vault) == expected
        assert [r.document["text"] for r in vault.revisions("doc-2")] == ["format one entry 2"]
        assert not vault.notices  # the old snapshot was set aside with the old format
        assert path.with_name("journal.vault.before-format-2").exists()
        vault.write(put={"new": {"type": "note", "text": "after the upgrade"}}, purge=["doc-3"])
        vault.transact(lambda: Changes(forget_revisions={"doc-1": (1,)}))
        vault.close(save_snapshot=True)
    # The copy from before the upgrade held what was just erased: the erase removed it.
    assert not path.with_name("journal.vault.before-format-2").exists()
    expected["new"] = {"type": "note", "text": "after the upgrade"}
    del expected["doc-3"]
    with unlock(path) as vault:
        assert documents_of(vault) == expected
        assert vault.revisions("doc-1") == []
        assert not vault.notices
    assert verify_vault(path, PASSPHRASE) == len(expected) + 1
    disk = DiskStore.open(path, read_only=True)
    try:
        assert read_header(disk).format == 2
        assert disk.write_seq() > 0 and disk.tombstones()
    finally:
        disk.close()


def test_a_passphrase_change_leaves_no_old_wrap_in_the_wal(filled: Path, tmp_path: Path) -> None:
    """The old header, whose data key opens with the old passphrase, must not stay in the
    WAL now that commands no longer checkpoint on every close."""
    app = unlock(filled)  # another connection keeps SQLite from folding the WAL on close
    try:
        with unlock(filled) as vault:
            vault.write(put={"x": {"type": "note", "text": "y"}})
            vault.change_passphrase("a new passphrase for the test")
            assert vault._disk.wal_bytes() == 0
    finally:
        app.close()
