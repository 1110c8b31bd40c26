"""An encrypted copy of the mirror beside the vault, so unlock need not decrypt everything.

The snapshot is the serialized in-memory database (documents, revisions, and each stored
blob's MAC), sealed under its own sub-key, with the write number and the set digest it
reflects. Unlock reads only the rows and tombstones written after that number, folds
their MACs into the digest and compares the result with the sealed digest: O(changes),
not O(records). A snapshot that is missing, damaged, from another copy of the vault, or
that does not add up is never trusted: the vault is read in full instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from psp_journal.vault.crypto import DecryptionFailed, associated_data, open_sealed, seal
from psp_journal.vault.disk import fsync_directory, leftover_partials, write_file_durably
from psp_journal.vault.keys import DataKeys

SNAPSHOT_SUFFIX = ".snapshot"
# The file: a layout byte and the write number in the clear (so a command can tell how far
# behind the snapshot is without decrypting it; the vault file shows its own write number
# anyway), then the sealed digest and mirror, whose seal binds that prefix. Format-1
# snapshots (a sealed records hash, no prefix) are discarded on upgrade and refused here.
_LAYOUT = b"\x02"
_SEQ_BYTES = 8
_PREFIX_BYTES = len(_LAYOUT) + _SEQ_BYTES
_DIGEST_BYTES = 32


class SnapshotUnusable(Exception):
    """The snapshot exists but cannot be opened: damaged, or from another key."""


@dataclass(frozen=True)
class Snapshot:
    seq: int
    digest: bytes
    mirror: bytes | memoryview


def snapshot_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + SNAPSHOT_SUFFIX)


def _aad(vault_id: bytes, prefix: bytes) -> bytes:
    return associated_data(vault=vault_id, purpose="mirror-snapshot", prefix=prefix)


def snapshot_seq(vault_path: Path) -> int | None:
    """The write number the snapshot claims, read without decrypting it (None if there
    is none): enough to decide whether it is due. Unlock checks it under the seal."""
    try:
        with snapshot_path(vault_path).open("rb") as handle:
            prefix = handle.read(_PREFIX_BYTES)
    except FileNotFoundError:
        return None
    if len(prefix) != _PREFIX_BYTES or not prefix.startswith(_LAYOUT):
        return None
    return int.from_bytes(prefix[len(_LAYOUT) :], "big")


def read_snapshot(vault_path: Path, keys: DataKeys, vault_id: bytes) -> Snapshot | None:
    path = snapshot_path(vault_path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    prefix = data[:_PREFIX_BYTES]
    if not prefix.startswith(_LAYOUT):
        raise SnapshotUnusable("the snapshot was made by an older psp-journal, or is damaged")
    try:
        plaintext = open_sealed(keys.snapshot, data[_PREFIX_BYTES:], _aad(vault_id, prefix))
    except DecryptionFailed as exc:
        raise SnapshotUnusable("the snapshot did not verify") from exc
    view = memoryview(plaintext)
    return Snapshot(
        seq=int.from_bytes(prefix[len(_LAYOUT) :], "big"),
        digest=bytes(view[:_DIGEST_BYTES]),
        mirror=view[_DIGEST_BYTES:],
    )


def write_snapshot(vault_path: Path, keys: DataKeys, vault_id: bytes, snapshot: Snapshot) -> None:
    """A crash while writing leaves the old snapshot or the new one, never half."""
    prefix = _LAYOUT + snapshot.seq.to_bytes(_SEQ_BYTES, "big")
    sealed = seal(
        keys.snapshot, b"".join((snapshot.digest, snapshot.mirror)), _aad(vault_id, prefix)
    )
    write_file_durably(snapshot_path(vault_path), prefix + sealed)


def discard_snapshot(vault_path: Path) -> None:
    """Remove the snapshot and any half-written one a crash left, durably: after an erase
    none may reappear after a crash."""
    path = snapshot_path(vault_path)
    found = [candidate for candidate in (path, *leftover_partials(path)) if candidate.exists()]
    for candidate in found:
        candidate.unlink(missing_ok=True)
    if found:
        fsync_directory(path.parent)
