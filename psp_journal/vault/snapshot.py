"""An encrypted copy of the mirror beside the vault, so unlock need not decrypt everything.

The snapshot is the serialized in-memory database, sealed under its own sub-key, plus the
SHA-256 of every stored record (id and blob, read through SQLite) and the set digest it
matches. If the records are byte-for-byte what the snapshot saw, the mirror is taken as
is. Otherwise the snapshot still says which blobs it knew, so only changed blobs are
decrypted. A snapshot that is missing or damaged is never trusted: the vault is read in
full and it is rebuilt.

The records are hashed through the vault's own SQLite connection, never by opening the
file again: closing a second descriptor of a file drops this process's POSIX locks on it,
and another process could then checkpoint away a WAL still in use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from psp_journal.vault.crypto import DecryptionFailed, associated_data, open_sealed, seal
from psp_journal.vault.disk import write_file_durably
from psp_journal.vault.keys import DataKeys

SNAPSHOT_SUFFIX = ".snapshot"
_HASH_BYTES = 32


class SnapshotUnusable(Exception):
    """The snapshot exists but cannot be opened: damaged, or from another key."""


@dataclass(frozen=True)
class Snapshot:
    records_sha256: bytes
    digest: bytes
    mirror: bytes | memoryview


def snapshot_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + SNAPSHOT_SUFFIX)


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
        records_sha256=bytes(view[:_HASH_BYTES]),
        digest=bytes(view[_HASH_BYTES : 2 * _HASH_BYTES]),
        mirror=view[2 * _HASH_BYTES :],
    )


def write_snapshot(vault_path: Path, keys: DataKeys, vault_id: bytes, snapshot: Snapshot) -> None:
    """A crash while writing leaves the old snapshot or the new one, never half."""
    sealed = seal(
        keys.snapshot,
        b"".join((snapshot.records_sha256, snapshot.digest, snapshot.mirror)),
        _aad(vault_id),
    )
    write_file_durably(snapshot_path(vault_path), sealed)


def discard_snapshot(vault_path: Path) -> None:
    snapshot_path(vault_path).unlink(missing_ok=True)
