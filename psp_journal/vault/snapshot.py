"""An encrypted copy of the mirror beside the vault, so unlock need not decrypt everything.

The snapshot is the serialized in-memory database, sealed under its own sub-key, plus the
SHA-256 of the vault file and the set digest it matches. If the vault file is byte-for-byte
what the snapshot saw (and its WAL is empty), the mirror is taken as is. Otherwise the
snapshot still says which blobs it knew, so only changed blobs are decrypted. A snapshot
that is missing or damaged is never trusted: the vault is read in full and it is rebuilt.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from psp_journal.vault.crypto import DecryptionFailed, associated_data, open_sealed, seal
from psp_journal.vault.disk import fsync_directory
from psp_journal.vault.keys import DataKeys

SNAPSHOT_SUFFIX = ".snapshot"
_HASH_BYTES = 32


class SnapshotUnusable(Exception):
    """The snapshot exists but cannot be opened: damaged, or from another key."""


@dataclass(frozen=True)
class Snapshot:
    file_sha256: bytes
    digest: bytes
    mirror: bytes | memoryview


def snapshot_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + SNAPSHOT_SUFFIX)


def settled_file_hash(vault_path: Path) -> bytes | None:
    """SHA-256 of the vault file, or None while its WAL holds frames (the file alone is
    then not the whole state). Call it holding the write lock so nothing changes meanwhile."""
    wal = vault_path.with_name(vault_path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return None
    with vault_path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


def _aad(vault_id: bytes) -> bytes:
    return associated_data(vault=vault_id, purpose="mirror-snapshot")


def read_snapshot(vault_path: Path, keys: DataKeys, vault_id: bytes) -> Snapshot | None:
    path = snapshot_path(vault_path)
    try:
        sealed = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        plaintext = open_sealed(keys.snapshot, sealed, _aad(vault_id))
    except DecryptionFailed as exc:
        raise SnapshotUnusable("the snapshot did not verify") from exc
    view = memoryview(plaintext)
    return Snapshot(
        file_sha256=bytes(view[:_HASH_BYTES]),
        digest=bytes(view[_HASH_BYTES : 2 * _HASH_BYTES]),
        mirror=view[2 * _HASH_BYTES :],
    )


def write_snapshot(vault_path: Path, keys: DataKeys, vault_id: bytes, snapshot: Snapshot) -> None:
    """Written beside, fsync'd, renamed: a crash leaves the old snapshot or the new one."""
    path = snapshot_path(vault_path)
    partial = path.with_name(path.name + ".partial")
    sealed = seal(
        keys.snapshot,
        b"".join((snapshot.file_sha256, snapshot.digest, snapshot.mirror)),
        _aad(vault_id),
    )
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(sealed)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def discard_snapshot(vault_path: Path) -> None:
    snapshot_path(vault_path).unlink(missing_ok=True)
