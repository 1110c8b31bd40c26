"""The unlocked vault: encrypted documents on disk, a decrypted mirror in memory.

Disk is the source of truth. A write is one `BEGIN IMMEDIATE` transaction that also
updates the sealed set digest and keeps the replaced version as an encrypted revision;
only after COMMIT is the mirror updated and the write acknowledged.

The mirror is loaded on first use: a command that only writes one entry, or reads one by
id, never decrypts the rest. Loading takes the snapshot's fast path when the file is as
the snapshot saw it, else decrypts only what changed, else everything.
"""

from __future__ import annotations

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
from psp_journal.vault.migrate import migrate_if_needed
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
    write_snapshot,
)

Clock = Callable[[], datetime]

SNAPSHOT_DAMAGED_NOTICE = (
    "The quick-open copy of your journal could not be used, so every entry was read and "
    "checked instead. Nothing is lost; the copy is rebuilt when you close."
)


@dataclass(frozen=True)
class Changes:
    """One transaction's worth of changes.

    `put` adds or replaces documents (a replaced version is kept as a revision);
    `delete` removes documents but keeps their last version as a revision;
    `purge` removes documents and every revision of them, leaving nothing;
    `replace` overwrites derived documents (indexes) without keeping revisions;
    `forget_history` removes every revision of documents but keeps their current version;
    `forget_revisions` removes the named kept versions (revision numbers) of a document and
    renumbers the rest 1..k, oldest first, so `Vault.revisions` stays contiguous.
    """

    put: dict[str, Document] = field(default_factory=dict)
    delete: tuple[str, ...] = ()
    purge: tuple[str, ...] = ()
    replace: dict[str, Document] = field(default_factory=dict)
    forget_history: tuple[str, ...] = ()
    forget_revisions: dict[str, tuple[int, ...]] = field(default_factory=dict)


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
        self._snapshot_current = False
        self._data_version = -1
        self._sealed_digest_seen: bytes | None = None
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
            header = migrate_if_needed(disk, header)
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
        with self._disk.transaction():
            self._note_disk_state()
            if snapshot is not None and self._matches_file(snapshot):
                self._snapshot_current = True
                return Mirror.from_serialized(snapshot.mirror)
            mirror = Mirror.from_serialized(snapshot.mirror) if snapshot else Mirror()
            try:
                self._fold_in(mirror, mirror.macs())
            except BaseException:
                mirror.close()
                raise
        return mirror

    def _matches_file(self, snapshot: Snapshot) -> bool:
        """Every record is byte-identical to what the snapshot saw, and the digest still
        opens to the value the snapshot recorded."""
        digest = open_digest(self._keys, self._header.vault_id, self._disk.get_meta(META_DIGEST))
        return snapshot.digest == digest and snapshot.records_sha256 == self._disk.records_sha256()

    def _fold_in(self, mirror: Mirror, known_macs: dict[bytes, bytes]) -> None:
        scan = scan_records(self._disk, self._keys, self._header.vault_id, known_macs)
        if scan.failures:
            raise IntegrityError(scan.failures, [slot.hex() for slot in scan.bad_slots])
        apply_changes(mirror, scan.changed, scan.macs, scan.removed)
        if scan.changed or scan.removed:
            self._snapshot_current = False

    def refresh(self) -> bool:
        """Fold in what another process committed since we last looked; True if anything.

        Reads by id always go to disk, so without a loaded mirror there is nothing to do.
        """
        if self._mirror is None or self._disk.data_version() == self._data_version:
            return False
        # data_version also moves when another process only checkpoints; every write
        # reseals the digest with a fresh nonce, so unchanged sealed bytes mean no write.
        seen = self._sealed_digest_seen
        self._note_disk_state()
        if self._sealed_digest_seen == seen:
            return False
        self._fold_in(self._mirror, self._mirror.macs())
        return True

    def _note_disk_state(self) -> None:
        self._data_version = self._disk.data_version()
        self._sealed_digest_seen = self._disk.get_meta(META_DIGEST)

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
            batch = _Batch(self, self._disk.get_meta(META_DIGEST))
            replaced_at = self._clock().isoformat(timespec="seconds")
            for doc_id, document in changes.put.items():
                batch.put(doc_id, document, replaced_at, keep_revision=True)
            for doc_id, document in changes.replace.items():
                batch.put(doc_id, document, replaced_at, keep_revision=False)
            for doc_id in changes.delete:
                batch.delete(doc_id, replaced_at)
            for doc_id in changes.purge:
                batch.purge(doc_id)
            for doc_id in changes.forget_history:
                batch.forget_history(doc_id)
            for doc_id, numbers in changes.forget_revisions.items():
                batch.forget_revisions(doc_id, numbers)
            sealed = seal_digest(self._keys, self._header.vault_id, batch.digest)
            self._disk.put_meta(META_DIGEST, sealed)
        self._sealed_digest_seen = sealed
        if self._mirror is not None:
            apply_changes(self._mirror, batch.stored, batch.macs, batch.removed)
        self._snapshot_current = False
        return changes

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
            for slot, blob in list(self._disk.all_blobs()):
                envelope = open_envelope(old_keys, vault_id, slot, blob)
                new_slot = _slot_of_envelope(new_keys, envelope)
                new_blob = seal_envelope(new_keys, vault_id, new_slot, envelope)
                self._disk.delete_blob(slot)
                self._disk.put_blob(new_slot, new_blob)
                digest = xor_bytes(digest, record_mac(new_keys.digest, new_slot, new_blob))
            self._disk.put_meta(META_DIGEST, seal_digest(new_keys, vault_id, digest))
            write_header(self._disk, header)
        self._keys, self._header = new_keys, header
        discard_snapshot(self.path)
        self._drop_mirror()
        return format_recovery_key(secret)

    def _replace_header(self, header: Header) -> None:
        with self._disk.transaction():
            self._check_keys_unchanged()
            write_header(self._disk, header)
        self._header = header

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

    def _save_snapshot(self) -> None:
        """Record the mirror for the next unlock, unless it is already recorded. Under the
        write lock, so the records hashed are the records the mirror holds."""
        if self._mirror is None or self._snapshot_current:
            return
        with self._disk.transaction():
            self.refresh()
            digest = open_digest(
                self._keys, self._header.vault_id, self._disk.get_meta(META_DIGEST)
            )
            if digest is None:
                return
            records = self._disk.records_sha256()
            snapshot = Snapshot(records, digest, self._mirror.serialize())
        write_snapshot(self.path, self._keys, self._header.vault_id, snapshot)
        self._snapshot_current = True

    def _drop_mirror(self) -> None:
        if self._mirror is not None:
            self._mirror.close()
            self._mirror = None
        self._snapshot_current = False

    def close(self) -> None:
        """Lock: save the snapshot, fold the WAL into the file, drop the mirror."""
        try:
            self._save_snapshot()
        finally:
            try:
                self._disk.close()
            finally:
                self._drop_mirror()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


def _slot_of_envelope(keys: DataKeys, envelope: Envelope) -> bytes:
    if envelope.is_revision:
        return revision_slot(keys, envelope.meta["revision_of"], envelope.meta["number"])
    return document_slot(keys, envelope.meta["id"])


class _Batch:
    """The changes of one write transaction, applied to disk now and to the mirror after COMMIT."""

    def __init__(self, vault: Vault, sealed_digest: bytes | None) -> None:
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
        self.forget_history(doc_id)

    def forget_history(self, doc_id: str) -> None:
        number = 1
        while self._exists(revision_slot(self._keys, doc_id, number)):
            self._remove(revision_slot(self._keys, doc_id, number))
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
        self._disk.put_blob(slot, blob)
        mac = record_mac(self._keys.digest, slot, blob)
        self.digest = xor_bytes(self.digest, mac)
        self.stored[slot] = envelope
        self.macs[slot] = mac
        self.removed.discard(slot)

    def _remove(self, slot: bytes) -> None:
        self._unlink_digest(slot)
        self._disk.delete_blob(slot)
        self.stored.pop(slot, None)
        self.macs.pop(slot, None)
        self.removed.add(slot)

    def _unlink_digest(self, slot: bytes) -> None:
        old_blob = self._disk.get_blob(slot)
        if old_blob is not None:
            self.digest = xor_bytes(self.digest, record_mac(self._keys.digest, slot, old_blob))
