"""The unlocked vault: encrypted documents on disk, a decrypted mirror in memory.

Disk is the source of truth. A write is one `BEGIN IMMEDIATE` transaction that also
updates the sealed set digest and keeps the replaced version as an encrypted revision;
only after COMMIT is the mirror updated and the write acknowledged.

The mirror is loaded on first use: a command that only writes one entry, or reads one by
id, never decrypts the rest. Loading starts from the snapshot and reads only the rows and
tombstones written since it (O(changes)); if the result does not add up to the sealed
digest, every record is read and checked instead, and the user is told.

Costs are kept off the paths people wait on: SQLite's automatic checkpoint is off (the
app calls `checkpoint_if_due` when idle, the command line on exit), and a read-only
command never rewrites the snapshot. An erase is the exception to both, because what
was erased must not survive in the WAL or in the snapshot.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from psp_journal.vault.addressing import document_slot, revision_slot
from psp_journal.vault.crypto import DecryptionFailed, KdfParams, record_mac, xor_bytes
from psp_journal.vault.disk import DiskStore
from psp_journal.vault.envelope import Envelope, canonical_json, open_envelope, seal_envelope
from psp_journal.vault.errors import IntegrityError, VaultError
from psp_journal.vault.header import Header
from psp_journal.vault.keys import (
    DataKeys,
    new_dek,
    new_header,
    new_passphrase_key,
    rewrap,
    unwrap_with_passphrase,
    unwrap_with_recovery,
)
from psp_journal.vault.meta import META_CHECKSUM, META_DIGEST, read_header, write_header
from psp_journal.vault.migrate import discard_upgrade_copies, migrate_if_needed
from psp_journal.vault.mirror import Document, Mirror, StoredRevision
from psp_journal.vault.recovery_key import (
    format_recovery_key,
    new_recovery_secret,
    parse_recovery_key,
)
from psp_journal.vault.scan import (
    EMPTY_DIGEST,
    ScanResult,
    open_digest,
    scan_records,
    seal_digest,
)
from psp_journal.vault.snapshot import (
    Snapshot,
    SnapshotUnusable,
    discard_snapshot,
    read_snapshot,
    snapshot_path,
    snapshot_seq,
    write_snapshot,
)

Clock = Callable[[], datetime]

SNAPSHOT_DAMAGED_NOTICE = (
    "The quick-open copy of your journal could not be used, so every entry was read and "
    "checked instead; nothing is lost. The copy is rebuilt when you close."
)
SNAPSHOT_MISMATCH_NOTICE = (
    "The quick-open copy of your journal did not match the journal itself, so every entry "
    "was read and checked instead; nothing is lost. The copy is rebuilt when you close."
)
UPGRADE_COPY_REMOVED_NOTICE = (
    "The copy of your journal kept from before psp-journal's last upgrade still held what "
    "you erased, so it was removed too."
)
CHECKPOINT_FAILED_NOTICE = (
    "Your change is saved, but the journal's log could not be folded into the file yet; "
    "it will be the next time psp-journal closes."
)
# Measured at 50,000 records: an unlock costs ~0.01 s for the snapshot itself plus ~50 µs
# per change folded in (a decrypt, a MAC, an upsert into the mirror and its index), so
# 2,000 changes ≈ 0.11 s, inside the 0.15 s unlock budget with room for a slower disk.
# Rewriting the snapshot costs ~0.2 s (serialize, vacuum, seal, fsync of ~30 MB) plus
# loading the mirror if the command had not. So a writing command leaves the snapshot
# alone until it is 2,000 changes behind: the rewrite is paid once per 2,000 entries, and
# an unlock never folds much more than that, however long the shell is used alone.
SNAPSHOT_REWRITE_CHANGES = 2_000
# The WAL is folded into the file when it passes 4 MiB (about 100 saves), when the app is
# idle or locks, or a command exits; a 4 MiB checkpoint takes tens of milliseconds.
WAL_CHECKPOINT_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Changes:
    """One transaction's worth of changes.

    `put` adds or replaces documents (a replaced version is kept as a revision);
    `delete` removes documents but keeps their last version as a revision;
    `purge` removes documents and every revision of them, leaving nothing;
    `replace` overwrites derived documents (indexes) without keeping revisions;
    `forget_history` removes every revision of documents but keeps their current version;
    `forget_revisions` removes the named kept versions (revision numbers) of a document and
    renumbers the rest 1..k, oldest first, so `Vault.revisions` stays contiguous;
    `discard` removes documents only ever written through `replace` (so without revisions),
    as a plain removal, not an erase: a working copy (a draft) is dropped on every save of
    what it was a copy of, and an erase's checkpoint and snapshot rewrite would cost a
    quarter of a second there at 50,000 records.
    """

    put: dict[str, Document] = field(default_factory=dict)
    delete: tuple[str, ...] = ()
    purge: tuple[str, ...] = ()
    replace: dict[str, Document] = field(default_factory=dict)
    forget_history: tuple[str, ...] = ()
    forget_revisions: dict[str, tuple[int, ...]] = field(default_factory=dict)
    discard: tuple[str, ...] = ()


@dataclass(frozen=True)
class Revision:
    """A replaced or deleted version of a document, kept until purged."""

    number: int
    replaced_at: str
    reason: str
    document: Document


def full_scan_failures(disk: DiskStore, header: Header, keys: DataKeys) -> ScanResult:
    """Every record decrypted and the digest checked, plus SQLite's own integrity check."""
    result = scan_records(disk, keys, header.vault_id, {})
    problems = disk.integrity_problems()
    if problems:
        result.failures.insert(0, "SQLite integrity check: " + "; ".join(problems[:5]))
    return result


def apply_changes(
    mirror: Mirror,
    changed: Mapping[bytes, Envelope],
    macs: Mapping[bytes, bytes],
    removed: Iterable[bytes],
) -> None:
    """Fold decrypted envelopes, their MACs and vanished blobs into the mirror."""
    mirror.delete_slots(removed)
    documents: list[tuple[bytes, str, str]] = []
    revisions: list[StoredRevision] = []
    for slot, envelope in changed.items():
        meta = envelope.meta
        if envelope.is_revision:
            revisions.append(
                StoredRevision(
                    slot,
                    meta["revision_of"],
                    meta["number"],
                    meta["replaced_at"],
                    meta["reason"],
                    envelope.doc_json,
                )
            )
        else:
            documents.append((slot, meta["id"], envelope.doc_json))
    mirror.put_documents(documents)
    mirror.put_revisions(revisions)
    mirror.put_macs((slot, macs[slot]) for slot in changed)


class Vault:
    """An unlocked vault. Create one with `create`, `unlock` or `recover`; `close` when done."""

    def __init__(
        self, disk: DiskStore, header: Header, keys: DataKeys, passphrase_key: bytes, clock: Clock
    ) -> None:
        self._disk = disk
        self._header = header
        self._keys = keys
        self._passphrase_key = passphrase_key
        self._clock = clock
        self._mirror: Mirror | None = None
        # The write number and set digest the loaded mirror reflects.
        self._mirror_seq = 0
        self._mirror_digest = EMPTY_DIGEST
        # The write number of the snapshot on disk, None when there is none we can use.
        self._snapshot_seq: int | None = None
        self._wrote = False
        self._closed = False
        self._data_version = -1
        self.notices: list[str] = []

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: Path, passphrase: str, *, clock: Clock, kdf: KdfParams | None = None
    ) -> tuple[Vault, str]:
        """A new, empty vault and its recovery key (shown once, never stored)."""
        kdf = kdf or KdfParams()
        passphrase_key, salt = new_passphrase_key(passphrase, kdf)
        recovery_secret = new_recovery_secret()
        dek = new_dek()
        header = new_header(passphrase_key, salt, kdf, recovery_secret, dek)
        keys = DataKeys.from_dek(dek, header.vault_id)
        disk = DiskStore.create(path)
        with disk.transaction():
            write_header(disk, header)
            disk.put_meta(META_DIGEST, seal_digest(keys, header.vault_id, EMPTY_DIGEST))
        discard_snapshot(path)
        return cls(disk, header, keys, passphrase_key, clock), format_recovery_key(recovery_secret)

    @classmethod
    def unlock(cls, path: Path, passphrase: str, *, clock: Clock) -> Vault:
        disk = DiskStore.open(path)
        try:
            header = read_header(disk)
            dek, passphrase_key = unwrap_with_passphrase(header, passphrase)
            header = _upgrade(disk, header)
        except BaseException:
            disk.close()
            raise
        return cls(disk, header, DataKeys.from_dek(dek, header.vault_id), passphrase_key, clock)

    @classmethod
    def recover(
        cls, path: Path, recovery_key: str, new_passphrase: str, *, clock: Clock
    ) -> tuple[Vault, str]:
        """Open with the recovery key, set a new passphrase and issue a new recovery key.

        The used recovery key stops working in the same transaction.
        """
        secret = parse_recovery_key(recovery_key)
        disk = DiskStore.open(path)
        try:
            header = read_header(disk)
            dek = unwrap_with_recovery(header, secret)
            header = _upgrade(disk, header)
            passphrase_key, salt = new_passphrase_key(new_passphrase, header.kdf)
            vault = cls(
                disk, header, DataKeys.from_dek(dek, header.vault_id), passphrase_key, clock
            )
            fresh_secret = new_recovery_secret()
            vault._replace_header(
                rewrap(header, dek, passphrase_key, salt, recovery_secret=fresh_secret)
            )
        except BaseException:
            disk.close()
            raise
        return vault, format_recovery_key(fresh_secret)

    # --- the mirror ----------------------------------------------------------------------

    @property
    def mirror(self) -> Mirror:
        """The decrypted, queryable copy; loaded (and checked) on first use."""
        return self.load_mirror()

    def load_mirror(self) -> Mirror:
        """Load the mirror now (the app does, right after the passphrase); then a no-op."""
        if self._mirror is None:
            self._mirror = self._load_mirror()
        return self._mirror

    def _load_mirror(self) -> Mirror:
        try:
            snapshot = read_snapshot(self.path, self._keys, self._header.vault_id)
        except SnapshotUnusable:
            snapshot = None
            self.notices.append(SNAPSHOT_DAMAGED_NOTICE)
        mirror = Mirror.from_serialized(snapshot.mirror) if snapshot else Mirror()
        try:
            with self._disk.read_snapshot():
                self._data_version = self._disk.data_version()
                if snapshot is None:
                    self._rebuild(mirror)
                elif self._fold_since(mirror, snapshot.seq, snapshot.digest):
                    self._snapshot_seq = snapshot.seq
                else:
                    self.notices.append(SNAPSHOT_MISMATCH_NOTICE)
                    self._rebuild(mirror)
        except BaseException:
            mirror.close()
            raise
        return mirror

    def _fold_since(self, mirror: Mirror, seq: int, digest: bytes) -> bool:
        """Apply the rows and tombstones written after `seq` to a mirror that reflects
        `seq` and `digest`; True if the result adds up to the sealed digest and the
        record count. On False the mirror is untouched.

        A tombstone removed, a row's number lowered, a snapshot from another copy of the
        vault: each leaves the folded digest or the count wrong, so it is caught here.
        """
        latest = self._disk.write_seq()
        if latest < seq:
            return False
        rows = self._disk.rows_since(seq)
        gone = self._disk.tombstones_since(seq)
        known = mirror.macs_of({slot for slot, _ in rows} | set(gone))
        combined = int.from_bytes(digest, "big")
        for mac in known.values():
            combined ^= int.from_bytes(mac, "big")
        changed: dict[bytes, Envelope] = {}
        macs: dict[bytes, bytes] = {}
        for slot, blob in rows:
            if not isinstance(slot, bytes) or not isinstance(blob, bytes):
                return False
            mac = record_mac(self._keys.digest, slot, blob)
            combined ^= int.from_bytes(mac, "big")
            try:
                changed[slot] = open_envelope(self._keys, self._header.vault_id, slot, blob)
            except (DecryptionFailed, ValueError):  # the full read names the damage
                return False
            macs[slot] = mac
        expected = open_digest(self._keys, self._header.vault_id, self._disk.get_meta(META_DIGEST))
        if expected is None or expected != combined.to_bytes(len(EMPTY_DIGEST), "big"):
            return False
        if mirror.blob_count() - len(known) + len(macs) != self._disk.record_count():
            return False
        apply_changes(mirror, changed, macs, set(gone) - set(macs))
        self._mirror_seq, self._mirror_digest = latest, expected
        return True

    def _rebuild(self, mirror: Mirror) -> None:
        """Read and check every record; decrypt those whose MAC the mirror does not hold."""
        latest = self._disk.write_seq()
        scan = scan_records(self._disk, self._keys, self._header.vault_id, mirror.macs())
        if scan.failures:
            raise IntegrityError(scan.failures, [slot.hex() for slot in scan.bad_slots])
        apply_changes(mirror, scan.changed, scan.macs, scan.removed)
        digest = 0
        for mac in scan.macs.values():
            digest ^= int.from_bytes(mac, "big")
        self._mirror_seq = latest
        self._mirror_digest = digest.to_bytes(len(EMPTY_DIGEST), "big")
        self._snapshot_seq = None

    def refresh(self) -> bool:
        """Fold in what another process committed since we last looked; True if anything.

        Reads by id always go to disk, so without a loaded mirror there is nothing to do.
        Like unlock, this reads only what was written since (O(changes)). Raises
        VaultError when another process changed the keys or the passphrase: the app then
        locks and asks again.
        """
        if self._mirror is None or self._disk.data_version() == self._data_version:
            return False
        # A new passphrase or a new key from elsewhere: this copy's keys are stale.
        self._check_keys_unchanged()
        with self._disk.read_snapshot():
            # data_version also moves when another process only checkpoints.
            self._data_version = self._disk.data_version()
            if self._disk.write_seq() == self._mirror_seq:
                return False
            if not self._fold_since(self._mirror, self._mirror_seq, self._mirror_digest):
                self.notices.append(SNAPSHOT_MISMATCH_NOTICE)
                self._rebuild(self._mirror)
        return True

    # --- reading -------------------------------------------------------------------------

    @property
    def header(self) -> Header:
        return self._header

    @property
    def path(self) -> Path:
        return self._disk.path

    def get(self, doc_id: str) -> Document | None:
        """One document, read and checked from disk: never a stale copy."""
        slot = document_slot(self._keys, doc_id)
        envelope = self._read_envelope(slot)
        return None if envelope is None else envelope.document()

    def revisions(self, doc_id: str) -> list[Revision]:
        """Every kept version of a document, oldest first, read from disk."""
        found = []
        number = 1
        while envelope := self._read_envelope(revision_slot(self._keys, doc_id, number)):
            meta = envelope.meta
            found.append(Revision(number, meta["replaced_at"], meta["reason"], envelope.document()))
            number += 1
        return found

    def ids(self) -> list[str]:
        return self.mirror.ids()

    def search(self, query: str) -> list[str]:
        return self.mirror.search(query)

    def record_count(self) -> int:
        """Stored blobs: documents and revisions."""
        return self._disk.record_count()

    def _read_envelope(self, slot: bytes) -> Envelope | None:
        blob = self._disk.get_blob(slot)
        if blob is None:
            return None
        try:
            return open_envelope(self._keys, self._header.vault_id, slot, blob)
        except DecryptionFailed as exc:
            raise IntegrityError(
                [f"record {slot.hex()} failed its integrity check"], [slot.hex()]
            ) from exc

    # --- writing -------------------------------------------------------------------------

    def write(
        self,
        put: Mapping[str, Document] | None = None,
        delete: Iterable[str] = (),
        purge: Iterable[str] = (),
        replace: Mapping[str, Document] | None = None,
    ) -> None:
        """All of it in one durable transaction, or none of it. See `Changes`."""
        changes = Changes(dict(put or {}), tuple(delete), tuple(purge), dict(replace or {}))
        self.transact(lambda: changes)

    def transact(self, prepare: Callable[[], Changes]) -> Changes:
        """Decide the changes while holding the write lock, then write them durably.

        `prepare` runs inside the `BEGIN IMMEDIATE` transaction, so what it reads with
        `get` is current and no other process can change it before the commit: a
        read-modify-write (an index, a check-in merged with today's) loses nothing.
        """
        with self._disk.transaction():
            self._check_keys_unchanged()
            self.refresh()
            changes = prepare()
            batch = _Batch(self, self._disk.get_meta(META_DIGEST), self._disk.write_seq())
            replaced_at = self._clock().isoformat(timespec="seconds")
            for doc_id, document in changes.put.items():
                batch.put(doc_id, document, replaced_at, keep_revision=True)
            for doc_id, document in changes.replace.items():
                batch.put(doc_id, document, replaced_at, keep_revision=False)
            for doc_id in changes.delete:
                batch.delete(doc_id, replaced_at)
            for doc_id in changes.purge:
                batch.purge(doc_id)
            for doc_id in changes.discard:
                batch.discard(doc_id)
            for doc_id in changes.forget_history:
                batch.forget_history(doc_id)
            for doc_id, numbers in changes.forget_revisions.items():
                batch.forget_revisions(doc_id, numbers)
            sealed = seal_digest(self._keys, self._header.vault_id, batch.digest)
            self._disk.put_meta(META_DIGEST, sealed)
            self._disk.set_write_seq(batch.seq)
            if batch.erased:
                # Before COMMIT: killed right after it, no copy may still hold the text.
                discard_snapshot(self.path)
                self._snapshot_seq = None
                if discard_upgrade_copies(self.path):
                    self.notices.append(UPGRADE_COPY_REMOVED_NOTICE)
        self._wrote = True
        if self._mirror is not None:
            apply_changes(self._mirror, batch.stored, batch.macs, batch.removed)
            self._mirror_seq, self._mirror_digest = batch.seq, batch.digest
        if batch.erased:
            self._after_erase()
        return changes

    def _after_erase(self) -> None:
        """Fold the WAL (it holds the erased pages) and truncate it, then put back a
        snapshot from the mirror, which holds nothing erased. The erase is committed
        already: a failure here is told, not raised."""
        self._checkpoint_now()
        try:
            self._save_snapshot()
        except (sqlite3.Error, OSError):
            self.notices.append(CHECKPOINT_FAILED_NOTICE)

    def _checkpoint_now(self) -> None:
        """After a commit whose old pages must not linger in the WAL (erased text, a
        data key wrapped under an old passphrase): told if it fails, never raised."""
        try:
            if not self._disk.checkpoint():
                self.notices.append(CHECKPOINT_FAILED_NOTICE)
        except sqlite3.Error:
            self.notices.append(CHECKPOINT_FAILED_NOTICE)

    def _check_keys_unchanged(self) -> None:
        """Another process may have re-keyed; writing with our old key would orphan data."""
        if self._disk.get_meta(META_CHECKSUM) != self._header.checksum():
            raise VaultError(
                "Another psp-journal changed this vault's keys. Nothing was written: "
                "please lock and unlock again."
            )

    # --- keys ----------------------------------------------------------------------------

    def change_passphrase(self, new_passphrase: str) -> None:
        """Rewrap the data key only: every record stays byte-identical."""
        passphrase_key, salt = new_passphrase_key(new_passphrase, self._header.kdf)
        self._replace_header(
            rewrap(self._header, self._keys.dek, passphrase_key=passphrase_key, salt=salt)
        )
        self._passphrase_key = passphrase_key

    def new_recovery_key(self) -> str:
        """A fresh recovery key; the previous one stops working."""
        secret = new_recovery_secret()
        self._replace_header(rewrap(self._header, self._keys.dek, recovery_secret=secret))
        return format_recovery_key(secret)

    def rekey(self) -> str:
        """A new data key; every record re-encrypted and re-addressed in one transaction.

        An old copy of the file and an old passphrase then cannot open anything written
        after this. The recovery key must change too: the old one unwraps only the old key.
        """
        secret = new_recovery_secret()
        dek = new_dek()
        vault_id = self._header.vault_id
        old_keys, new_keys = self._keys, DataKeys.from_dek(dek, vault_id)
        header = rewrap(self._header, dek, self._passphrase_key, self._header.salt, secret)
        with self._disk.transaction():
            self._check_keys_unchanged()
            digest = EMPTY_DIGEST
            seq = self._disk.write_seq()
            for slot, blob in list(self._disk.all_blobs()):
                envelope = open_envelope(old_keys, vault_id, slot, blob)
                new_slot = _slot_of_envelope(new_keys, envelope)
                new_blob = seal_envelope(new_keys, vault_id, new_slot, envelope)
                self._disk.delete_blob(slot, seq + 1)
                self._disk.put_blob(new_slot, new_blob, seq + 2)
                seq += 2
                digest = xor_bytes(digest, record_mac(new_keys.digest, new_slot, new_blob))
            self._disk.put_meta(META_DIGEST, seal_digest(new_keys, vault_id, digest))
            self._disk.set_write_seq(seq)
            write_header(self._disk, header)
        self._keys, self._header = new_keys, header
        discard_snapshot(self.path)
        self._drop_mirror()
        self._checkpoint_now()
        return format_recovery_key(secret)

    def _replace_header(self, header: Header) -> None:
        with self._disk.transaction():
            self._check_keys_unchanged()
            write_header(self._disk, header)
        self._header = header
        self._checkpoint_now()

    # --- maintenance ---------------------------------------------------------------------

    def backup_to(self, target_copy: Path) -> None:
        """Copy the file through SQLite's backup API and check the copy with our keys."""
        self._disk.backup_to(target_copy)
        copy = DiskStore.open(target_copy, read_only=True)
        try:
            header = read_header(copy)
            result = full_scan_failures(copy, header, self._keys)
        finally:
            copy.close()
        if result.failures:
            raise IntegrityError(["the backup copy did not verify: " + "; ".join(result.failures)])

    def save_snapshot(self) -> None:
        """Record the mirror for the next unlock (after an import, and when the app locks
        or quits), loading it first if this session has not."""
        self.load_mirror()
        self._save_snapshot()

    def _save_snapshot(self) -> None:
        """Under the write lock, from first to last: the mirror is brought up to date, and
        no erase in another process can commit (and remove the snapshot) between our
        serializing the mirror and the file landing on disk."""
        if self._mirror is None:
            return
        with self._disk.transaction():
            self.refresh()
            if self._snapshot_seq == self._mirror_seq and snapshot_path(self.path).exists():
                return
            snapshot = Snapshot(self._mirror_seq, self._mirror_digest, self._mirror.serialize())
            write_snapshot(self.path, self._keys, self._header.vault_id, snapshot)
        self._snapshot_seq = self._mirror_seq

    def _snapshot_is_due(self) -> bool:
        """For a command closing: when the mirror was read in full because no snapshot
        could be used (the cost is paid already), or after a write that left the
        snapshot `SNAPSHOT_REWRITE_CHANGES` behind. A read-only command never rewrites a
        snapshot that works, and a write never rebuilds one an erase removed."""
        if self._mirror is not None and self._snapshot_seq is None:
            return True
        if not self._wrote:
            return False
        recorded = snapshot_seq(self.path)
        return recorded is not None and (
            self._disk.write_seq() - recorded >= SNAPSHOT_REWRITE_CHANGES
        )

    def checkpoint_if_due(self, wal_limit_bytes: int = WAL_CHECKPOINT_BYTES) -> bool:
        """Fold the WAL into the file and truncate it once it passes `wal_limit_bytes`.

        SQLite's own checkpoint is off, so that no save pays for one. The app calls this
        when idle, the command line on exit. Returns True if a checkpoint completed; a
        failure is a notice, since everything in the WAL is already committed.
        """
        if self._disk.wal_bytes() <= wal_limit_bytes:
            return False
        try:
            return self._disk.checkpoint()
        except sqlite3.Error:
            self.notices.append(CHECKPOINT_FAILED_NOTICE)
            return False

    def _drop_mirror(self) -> None:
        if self._mirror is not None:
            self._mirror.close()
            self._mirror = None

    def close(self, save_snapshot: bool = False) -> None:
        """Drop the mirror and close the file.

        `save_snapshot=True` is the app locking or quitting: the snapshot is brought up to
        date and the WAL folded in. By default (a command) the snapshot is saved only when
        it is due (see `_snapshot_is_due`), so a read-only command writes nothing.
        Closing again does nothing.
        """
        if self._closed:
            return
        self._closed = True
        try:
            if save_snapshot:
                self.save_snapshot()
                self._disk.checkpoint()
            elif self._snapshot_is_due():
                self.save_snapshot()
        finally:
            try:
                self._disk.close()
            finally:
                self._drop_mirror()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


def _upgrade(disk: DiskStore, header: Header) -> Header:
    """Migrate an older format; its snapshot (made without a write number) goes too."""
    upgraded = migrate_if_needed(disk, header)
    if upgraded.format != header.format:
        discard_snapshot(disk.path)
    return upgraded


def _slot_of_envelope(keys: DataKeys, envelope: Envelope) -> bytes:
    if envelope.is_revision:
        return revision_slot(keys, envelope.meta["revision_of"], envelope.meta["number"])
    return document_slot(keys, envelope.meta["id"])


class _Batch:
    """The changes of one write transaction, applied to disk now and to the mirror after COMMIT."""

    def __init__(self, vault: Vault, sealed_digest: bytes | None, seq: int) -> None:
        digest = open_digest(vault._keys, vault._header.vault_id, sealed_digest)
        if digest is None:
            raise IntegrityError(["the sealed record-set digest is missing or damaged"])
        self._vault = vault
        self._keys = vault._keys
        self._disk = vault._disk
        self.digest = digest
        self.stored: dict[bytes, Envelope] = {}
        self.macs: dict[bytes, bytes] = {}
        self.removed: set[bytes] = set()
        # Every store and remove takes the next write number, so a row and a tombstone of
        # one slot are never equal: the rescue can always tell which came last.
        self.seq = seq
        self.erased = False

    def put(self, doc_id: str, document: Document, replaced_at: str, keep_revision: bool) -> None:
        slot = document_slot(self._keys, doc_id)
        doc_json = canonical_json(document)
        previous = self._current(slot) if keep_revision else None
        if previous is not None and previous.doc_json != doc_json:
            self._store_revision(doc_id, previous.doc_json, replaced_at, "edit")
        self._store(slot, Envelope({"id": doc_id}, doc_json))

    def delete(self, doc_id: str, replaced_at: str) -> None:
        slot = document_slot(self._keys, doc_id)
        previous = self._current(slot)
        if previous is None:
            return
        self._store_revision(doc_id, previous.doc_json, replaced_at, "delete")
        self._remove(slot)

    def purge(self, doc_id: str) -> None:
        slot = document_slot(self._keys, doc_id)
        if self._exists(slot):
            self._remove(slot)
            self.erased = True
        self.forget_history(doc_id)

    def discard(self, doc_id: str) -> None:
        slot = document_slot(self._keys, doc_id)
        if self._exists(slot):
            self._remove(slot)

    def forget_history(self, doc_id: str) -> None:
        number = 1
        while self._exists(revision_slot(self._keys, doc_id, number)):
            self._remove(revision_slot(self._keys, doc_id, number))
            self.erased = True
            number += 1

    def forget_revisions(self, doc_id: str, numbers: Iterable[int]) -> None:
        """Drop those versions and move the survivors down, in order, to 1..k: revisions
        are found by counting up from 1, so a gap would hide every later version."""
        count = 0
        while self._exists(revision_slot(self._keys, doc_id, count + 1)):
            count += 1
        dropped = set(numbers)
        kept = [number for number in range(1, count + 1) if number not in dropped]
        for new_number, old_number in enumerate(kept, start=1):
            if new_number == old_number:
                continue
            old = self._current(revision_slot(self._keys, doc_id, old_number))
            if old is None:
                raise IntegrityError([f"a kept version of {doc_id} vanished mid-write"])
            meta = {**old.meta, "number": new_number}
            self._store(revision_slot(self._keys, doc_id, new_number), Envelope(meta, old.doc_json))
        for number in range(len(kept) + 1, count + 1):
            self._remove(revision_slot(self._keys, doc_id, number))
            self.erased = True

    def _exists(self, slot: bytes) -> bool:
        return slot in self.stored or (
            slot not in self.removed and self._disk.get_blob(slot) is not None
        )

    def _current(self, slot: bytes) -> Envelope | None:
        """What is on disk now, which may be newer than our mirror."""
        if slot in self.stored:
            return self.stored[slot]
        if slot in self.removed:
            return None
        return self._vault._read_envelope(slot)

    def _store_revision(self, doc_id: str, doc_json: str, replaced_at: str, reason: str) -> None:
        number = 1
        while self._exists(revision_slot(self._keys, doc_id, number)):
            number += 1
        meta = {
            "revision_of": doc_id,
            "number": number,
            "replaced_at": replaced_at,
            "reason": reason,
        }
        self._store(revision_slot(self._keys, doc_id, number), Envelope(meta, doc_json))

    def _store(self, slot: bytes, envelope: Envelope) -> None:
        self._unlink_digest(slot)
        blob = seal_envelope(self._keys, self._vault.header.vault_id, slot, envelope)
        self.seq += 1
        self._disk.put_blob(slot, blob, self.seq)
        mac = record_mac(self._keys.digest, slot, blob)
        self.digest = xor_bytes(self.digest, mac)
        self.stored[slot] = envelope
        self.macs[slot] = mac
        self.removed.discard(slot)

    def _remove(self, slot: bytes) -> None:
        self._unlink_digest(slot)
        self.seq += 1
        self._disk.delete_blob(slot, self.seq)
        self.stored.pop(slot, None)
        self.macs.pop(slot, None)
        self.removed.add(slot)

    def _unlink_digest(self, slot: bytes) -> None:
        old_blob = self._disk.get_blob(slot)
        if old_blob is not None:
            self.digest = xor_bytes(self.digest, record_mac(self._keys.digest, slot, old_blob))
