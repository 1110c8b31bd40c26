"""Erasing is final: forgotten versions, purged documents and a client's records leave no
trace in the vault, the snapshot, the WAL or what the read-only rescue can carve."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from psp_journal.vault import Changes, Vault
from psp_journal.vault.disk import DiskStore
from psp_journal.vault.keys import DataKeys, unwrap_with_passphrase
from psp_journal.vault.meta import read_header
from psp_journal.vault.rescue import RescuedVault, rescue_vault
from psp_journal.vault.snapshot import read_snapshot, snapshot_path
from tests.conftest import PASSPHRASE, RunCli, fixed_clock


def unlock(path: Path) -> Vault:
    return Vault.unlock(path, PASSPHRASE, clock=fixed_clock)


def versions(vault: Vault, doc_id: str) -> list[tuple[int, str]]:
    return [(revision.number, revision.document["text"]) for revision in vault.revisions(doc_id)]


def mirror_revisions(vault: Vault, doc_id: str) -> list[tuple[int, str]]:
    rows = vault.mirror.db.execute(
        "SELECT number, body FROM revisions WHERE of_id = ? ORDER BY number", [doc_id]
    ).fetchall()
    return [(number, json.loads(body)["text"]) for number, body in rows]


def test_forget_revisions_keeps_the_rest_numbered_from_one(
    vault_path: Path, recovery_key: str
) -> None:
    with unlock(vault_path) as vault:
        vault.load_mirror()
        for text in ("v1", "v2", "v3", "v4", "v5"):
            vault.write(put={"doc": {"type": "note", "text": text}})
        assert versions(vault, "doc") == [(1, "v1"), (2, "v2"), (3, "v3"), (4, "v4")]
        vault.transact(lambda: Changes(forget_revisions={"doc": (1, 3)}))
        assert versions(vault, "doc") == [(1, "v2"), (2, "v4")]
        assert mirror_revisions(vault, "doc") == [(1, "v2"), (2, "v4")]
        assert vault.get("doc") == {"type": "note", "text": "v5"}
        vault.write(put={"doc": {"type": "note", "text": "v6"}})
        assert versions(vault, "doc") == [(1, "v2"), (2, "v4"), (3, "v5")]
    with unlock(vault_path) as vault:
        assert mirror_revisions(vault, "doc") == [(1, "v2"), (2, "v4"), (3, "v5")]
        assert vault.search("v1 OR v3") == []


def test_forget_revisions_ignores_numbers_that_do_not_exist(
    vault_path: Path, recovery_key: str
) -> None:
    with unlock(vault_path) as vault:
        for text in ("a1", "a2", "a3"):
            vault.write(put={"doc": {"type": "note", "text": text}})
        vault.transact(lambda: Changes(forget_revisions={"doc": (2, 9), "other": (1,)}))
        assert versions(vault, "doc") == [(1, "a1")]
        vault.transact(lambda: Changes(forget_revisions={"doc": (1,)}))
        assert versions(vault, "doc") == []
        assert vault.get("doc") == {"type": "note", "text": "a3"}


# --- killed right after an erase commits ----------------------------------------------------

MARKER = "ZEBRAQUILT"
PURGED = "OLDYAKFERN"
# The child runs the real command, but dies the instant the erase has committed: before
# the WAL is checkpointed and before any snapshot is written again.
KILLED_AFTER_COMMIT = """
import os, signal, sys
from psp_journal.vault import store

def die(self):
    os.kill(os.getpid(), signal.SIGKILL)

store.Vault._after_erase = die
from psp_journal.cli import cli
cli(sys.argv[1:], prog_name="psp-journal")
"""


def everything_readable(rescued: RescuedVault) -> str:
    rows = rescued.mirror.db.execute(
        "SELECT body FROM documents UNION ALL SELECT body FROM revisions"
    ).fetchall()
    return "\n".join(row[0] for row in rows)


def snapshot_plaintext(path: Path) -> bytes:
    """Whatever snapshot (or half-written one) is left, decrypted."""
    vault = unlock_read_only_keys(path)
    found = b""
    for candidate in (snapshot_path(path), snapshot_path(path).with_suffix(".snapshot.partial")):
        if candidate.exists():
            snapshot = read_snapshot(path, vault, vault_id_of(path))
            assert snapshot is not None
            found += bytes(snapshot.mirror)
    return found


def unlock_read_only_keys(path: Path) -> DataKeys:
    disk = DiskStore.open(path, read_only=True)
    try:
        header = read_header(disk)
    finally:
        disk.close()
    dek, _ = unwrap_with_passphrase(header, PASSPHRASE)
    return DataKeys.from_dek(dek, header.vault_id)


def vault_id_of(path: Path) -> bytes:
    disk = DiskStore.open(path, read_only=True)
    try:
        return read_header(disk).vault_id
    finally:
        disk.close()


def run_and_kill_after_commit(home: Path, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_COMMIT, *args],
        env={**os.environ, "PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr


def assert_gone_everywhere(marker: str, home: Path, vault_path: Path, run_cli: RunCli) -> None:
    rescued = rescue_vault(vault_path, PASSPHRASE)
    try:
        assert marker not in everything_readable(rescued)
        assert rescued.ids()  # the rest is still there
    finally:
        rescued.close()
    assert marker.encode() not in snapshot_plaintext(vault_path)
    out = home.parent / "dump.jsonl"
    result = run_cli("dump", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert marker not in out.read_text()
    assert "keep" in out.read_text()


def log_args(alias: str, note: str, at: str) -> tuple[str, ...]:
    return (
        "log",
        alias,
        "--minutes",
        "30",
        "--mode",
        "phone",
        "--intensity",
        "2",
        "--note",
        note,
        "--at",
        at,
    )


@pytest.fixture
def app_open(vault_path: Path, recovery_key: str, run_cli: RunCli) -> Iterator[Vault]:
    """A journal with the marker in a client's records, and the app open on it (its
    connection keeps the WAL from being folded back by the commands' own closing)."""
    for args in (
        ("client", "add", "Ash", "--note", f"{MARKER} client note"),
        ("client", "add", "Birch", "--note", "keep this one"),
        log_args("Ash", f"{MARKER} call", "2026-01-05T10:00"),
        log_args("Birch", "keep call", "2026-11-05T10:00"),
    ):
        result = run_cli(*args)
        assert result.exit_code == 0, result.output
    app = unlock(vault_path)
    app.save_snapshot()
    assert MARKER.encode() in snapshot_plaintext(vault_path)
    yield app
    app.close()


@pytest.mark.slow
def test_killed_right_after_a_client_delete_nothing_of_them_comes_back(
    home: Path, vault_path: Path, run_cli: RunCli, app_open: Vault
) -> None:
    run_and_kill_after_commit(home, "client", "delete", "Ash", "--with-records", "--yes")
    assert_gone_everywhere(MARKER, home, vault_path, run_cli)
    assert app_open.refresh()
    assert MARKER not in "\n".join(
        row[0] for row in app_open.mirror.db.execute("SELECT body FROM documents")
    )


@pytest.mark.slow
def test_killed_right_after_a_purge_nothing_purged_comes_back(
    home: Path, vault_path: Path, run_cli: RunCli, app_open: Vault
) -> None:
    """The marker in Ash's (undated) client note stays; their dated call goes."""
    result = run_cli(*log_args("Birch", f"{PURGED} old call", "2025-03-01T09:00"))
    assert result.exit_code == 0, result.output
    app_open.refresh()
    app_open.save_snapshot()
    assert PURGED.encode() in snapshot_plaintext(vault_path)
    run_and_kill_after_commit(home, "purge", "--before", "2026-02-01", "--yes")
    assert_gone_everywhere(PURGED, home, vault_path, run_cli)


def test_an_erase_checkpoints_and_leaves_a_snapshot_without_the_text(
    vault_path: Path, recovery_key: str
) -> None:
    with unlock(vault_path) as vault:
        vault.load_mirror()
        vault.write(put={"gone": {"type": "note", "text": f"{MARKER} here"}, "kept": KEPT})
        vault.write(put={"gone": {"type": "note", "text": f"{MARKER} edited"}})
        vault.close(save_snapshot=True)
    app = unlock(vault_path)
    try:
        app.load_mirror()
        app.write(put={"other": KEPT})  # the WAL now holds pages again
        assert app._disk.wal_bytes() > 0
        app.write(purge=["gone"])
        assert app._disk.wal_bytes() == 0
        assert snapshot_path(vault_path).exists()
        assert MARKER.encode() not in snapshot_plaintext(vault_path)
        assert app.revisions("gone") == [] and app.get("gone") is None
    finally:
        app.close()


def test_an_erase_without_the_mirror_removes_the_snapshot(
    vault_path: Path, recovery_key: str
) -> None:
    with unlock(vault_path) as vault:
        vault.write(put={"gone": {"type": "note", "text": f"{MARKER} here"}, "kept": KEPT})
        vault.save_snapshot()
    with unlock(vault_path) as vault:
        vault.write(purge=["gone"])
        assert not snapshot_path(vault_path).exists()
    with unlock(vault_path) as vault:
        assert vault.ids() == ["kept"]


def test_an_edit_or_plain_delete_is_not_an_erase(vault_path: Path, recovery_key: str) -> None:
    with unlock(vault_path) as vault:
        vault.write(put={"a": KEPT, "b": KEPT})
        vault.save_snapshot()
    before = snapshot_path(vault_path).read_bytes()
    with unlock(vault_path) as vault:
        vault.write(put={"a": {"type": "note", "text": "edited"}}, delete=["b"])
        vault.transact(lambda: Changes(purge=("never-existed",)))
    assert snapshot_path(vault_path).read_bytes() == before


KEPT = {"type": "note", "text": "keep"}


def test_an_erase_removes_half_written_snapshots_and_the_copy_from_before_an_upgrade(
    vault_path: Path, recovery_key: str
) -> None:
    """A crash mid-write leaves a partial snapshot, an upgrade leaves a copy of the file:
    both hold what is being erased, and either could bring it back."""
    with unlock(vault_path) as vault:
        vault.write(put={"gone": {"type": "note", "text": f"{MARKER} here"}, "kept": KEPT})
        vault.save_snapshot()
    snapshot = snapshot_path(vault_path)
    leftover = snapshot.with_name(f".{snapshot.name}.0123456789abcdef.partial")
    leftover.write_bytes(snapshot.read_bytes()[:100])
    upgrade_copy = vault_path.with_name(vault_path.name + ".before-format-2")
    upgrade_copy.write_bytes(vault_path.read_bytes())
    with unlock(vault_path) as vault:
        vault.write(put={"another": KEPT})
        assert leftover.exists() and upgrade_copy.exists()  # only an erase removes them
        vault.write(purge=["gone"])
        assert any("upgrade" in notice for notice in vault.notices)
    assert not leftover.exists()
    assert not upgrade_copy.exists()
    assert [path.name for path in vault_path.parent.iterdir()] == [vault_path.name]
