"""The unlocked vault: encrypted documents on disk, a decrypted mirror in memory.

Disk is the source of truth. A write is one `BEGIN IMMEDIATE` transaction that also
updates the sealed set digest and keeps the replaced version as an encrypted revision;
only after COMMIT is the mirror updated and the write acknowledged. Before each write,
and whenever the caller asks, changes made by another process are folded in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from psp_journal.vault.crypto import KdfParams, random_bytes, record_mac, xor_bytes
from psp_journal.vault.disk import DiskStore
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
from psp_journal.vault.mirror import Document, Mirror
from psp_journal.vault.recovery_key import (
    format_recovery_key,
    new_recovery_secret,
    parse_recovery_key,
)
from psp_journal.vault.scan import (
    EMPTY_DIGEST,
    Envelope,
    ScanResult,
    open_digest,
    open_envelope,
    scan_records,
    seal_digest,
    seal_envelope,
)

Clock = Callable[[], datetime]
SLOT_BYTES = 16


@dataclass(frozen=True)
class Revision:
    """A replaced or deleted version of a document, kept until purged."""

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
        self._macs: dict[bytes, bytes] = {}
        self._slot_of: dict[str, bytes] = {}
        self._revision_of: dict[bytes, str] = {}
        self._data_version = -1
        self.mirror = Mirror()

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
        vault = cls(disk, header, keys, passphrase_key, clock)
        vault._load()
        return vault, format_recovery_key(recovery_secret)

    @classmethod
    def unlock(cls, path: Path, passphrase: str, *, clock: Clock) -> Vault:
        disk = DiskStore.open(path)
        try:
            header = read_header(disk)
            dek, passphrase_key = unwrap_with_passphrase(header, passphrase)
            header = migrate_if_needed(disk, header)
            vault = cls(
                disk, header, DataKeys.from_dek(dek, header.vault_id), passphrase_key, clock
            )
            vault._load()
        except BaseException:
            disk.close()
            raise
        return vault

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
            vault._load()
            fresh_secret = new_recovery_secret()
            vault._replace_header(
                rewrap(header, dek, passphrase_key, salt, recovery_secret=fresh_secret)
            )
        except BaseException:
            disk.close()
            raise
        return vault, format_recovery_key(fresh_secret)

    def _load(self) -> None:
        self._data_version = self._disk.data_version()
        self._fold_in(scan_records(self._disk, self._keys, self._header.vault_id, {}))

    # --- reading -------------------------------------------------------------------------

    @property
    def header(self) -> Header:
        return self._header

    @property
    def path(self) -> Path:
        return self._disk.path

    def get(self, doc_id: str) -> Document | None:
        return self.mirror.get(doc_id)

    def ids(self) -> list[str]:
        return self.mirror.ids()

    def revisions(self, doc_id: str) -> list[Revision]:
        return [Revision(at, reason, doc) for at, reason, doc in self.mirror.revisions_of(doc_id)]

    def search(self, query: str) -> list[str]:
        return self.mirror.search(query)

    def record_count(self) -> int:
        """Stored blobs: documents and revisions."""
        return len(self._macs)

    # --- another process ---------------------------------------------------------------

    def refresh(self) -> bool:
        """Fold in what another process committed since we last looked; True if anything."""
        if self._disk.data_version() == self._data_version:
            return False
        self._data_version = self._disk.data_version()
        self._fold_in(scan_records(self._disk, self._keys, self._header.vault_id, self._macs))
        return True

    def _fold_in(self, scan: ScanResult) -> None:
        if scan.failures:
            raise IntegrityError(scan.failures, [slot.hex() for slot in scan.bad_slots])
        gone_docs = [doc_id for doc_id, slot in self._slot_of.items() if slot in scan.removed]
        gone_revisions = [slot for slot in scan.removed if slot in self._revision_of]
        for doc_id in gone_docs:
            del self._slot_of[doc_id]
        for slot in gone_revisions:
            del self._revision_of[slot]
        self.mirror.delete_documents(gone_docs)
        self.mirror.delete_revisions(slot.hex() for slot in gone_revisions)
        self._macs = scan.macs
        self._remember(scan.changed)

    def _remember(self, envelopes: Mapping[bytes, Envelope]) -> None:
        documents: list[tuple[str, Document]] = []
        revisions: list[tuple[str, str, str, str, Document]] = []
        for slot, envelope in envelopes.items():
            if "revision_of" in envelope:
                of_id = envelope["revision_of"]
                self._revision_of[slot] = of_id
                revisions.append(
                    (
                        slot.hex(),
                        of_id,
                        envelope["replaced_at"],
                        envelope["reason"],
                        envelope["doc"],
                    )
                )
            else:
                self._slot_of[envelope["id"]] = slot
                documents.append((envelope["id"], envelope["doc"]))
        self.mirror.put_documents(documents)
        self.mirror.put_revisions(revisions)

    # --- writing -------------------------------------------------------------------------

    def write(
        self,
        put: Mapping[str, Document] | None = None,
        delete: Iterable[str] = (),
        purge: Iterable[str] = (),
    ) -> None:
        """All of it in one durable transaction, or none of it.

        `put` adds or replaces documents (a replaced version becomes a revision);
        `delete` removes documents but keeps their last version as a revision;
        `purge` removes documents and every revision of them, leaving nothing.
        """
        with self._disk.transaction():
            self._check_keys_unchanged()
            self.refresh()
            batch = _Batch(self, self._disk.get_meta(META_DIGEST))
            replaced_at = self._clock().isoformat(timespec="seconds")
            for doc_id, document in (put or {}).items():
                batch.put(doc_id, document, replaced_at)
            for doc_id in delete:
                batch.delete(doc_id, replaced_at)
            for doc_id in purge:
                batch.purge(doc_id)
            self._disk.put_meta(
                META_DIGEST, seal_digest(self._keys, self._header.vault_id, batch.digest)
            )
        self._fold_in_batch(batch)

    def _fold_in_batch(self, batch: _Batch) -> None:
        for slot in batch.removed:
            self._macs.pop(slot, None)
            of_id = self._revision_of.pop(slot, None)
            if of_id is not None:
                self.mirror.delete_revisions([slot.hex()])
        for doc_id in batch.removed_ids:
            self._slot_of.pop(doc_id, None)
        self.mirror.delete_documents(batch.removed_ids)
        self._macs.update(batch.macs)
        self._remember(batch.stored)

    def _check_keys_unchanged(self) -> None:
        """Another process may have re-keyed; writing with our old key would orphan data."""
        if self._disk.get_meta(META_CHECKSUM) != self._header.checksum():
            raise VaultError(
                "Another psp-journal changed this vault's keys. Nothing was written: "
                "please lock and unlock again."
            )

    def _seal_envelope(self, slot: bytes, envelope: Envelope) -> bytes:
        return seal_envelope(self._keys, self._header.vault_id, slot, envelope)

    def _open_blob(self, slot: bytes, blob: bytes) -> Envelope:
        return open_envelope(self._keys, self._header.vault_id, slot, blob)

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
        """A new data key; every record re-encrypted in one transaction; a new recovery key.

        An old copy of the file and an old passphrase then cannot open anything written
        after this. The recovery key must change too: the old one unwraps only the old key.
        """
        secret = new_recovery_secret()
        dek = new_dek()
        old_keys, new_keys = self._keys, DataKeys.from_dek(dek, self._header.vault_id)
        header = rewrap(
            self._header, dek, self._passphrase_key, self._header.salt, recovery_secret=secret
        )
        with self._disk.transaction():
            self._check_keys_unchanged()
            self.refresh()
            digest = EMPTY_DIGEST
            macs: dict[bytes, bytes] = {}
            for slot, blob in list(self._disk.all_blobs()):
                envelope = open_envelope(old_keys, header.vault_id, slot, blob)
                new_blob = seal_envelope(new_keys, header.vault_id, slot, envelope)
                self._disk.put_blob(slot, new_blob)
                macs[slot] = record_mac(new_keys.digest, slot, new_blob)
                digest = xor_bytes(digest, macs[slot])
            self._disk.put_meta(META_DIGEST, seal_digest(new_keys, header.vault_id, digest))
            write_header(self._disk, header)
        self._keys, self._header, self._macs = new_keys, header, macs
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

    def close(self) -> None:
        """Lock: fold the WAL into the file, drop the mirror and our references to keys."""
        try:
            self._disk.close()
        finally:
            self.mirror.close()
            self._slot_of.clear()
            self._revision_of.clear()
            self._macs.clear()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


class _Batch:
    """The changes of one write transaction, applied to disk now and to the mirror after COMMIT."""

    def __init__(self, vault: Vault, sealed_digest: bytes | None) -> None:
        digest = open_digest(vault._keys, vault._header.vault_id, sealed_digest)
        if digest is None:
            raise IntegrityError(["the sealed record-set digest is missing or damaged"])
        self._vault = vault
        self._disk = vault._disk
        self.digest = digest
        self.stored: dict[bytes, Envelope] = {}
        self.macs: dict[bytes, bytes] = {}
        self.removed: set[bytes] = set()
        self.removed_ids: list[str] = []

    def put(self, doc_id: str, document: Document, replaced_at: str) -> None:
        slot = self._vault._slot_of.get(doc_id)
        if slot is None:
            slot = random_bytes(SLOT_BYTES)
        else:
            previous = self._current(slot)
            if previous is not None and previous["doc"] != document:
                self._store_revision(doc_id, previous["doc"], replaced_at, "edit")
        self._store(slot, {"id": doc_id, "doc": document})

    def delete(self, doc_id: str, replaced_at: str) -> None:
        slot = self._vault._slot_of.get(doc_id)
        if slot is None:
            return
        previous = self._current(slot)
        if previous is not None:
            self._store_revision(doc_id, previous["doc"], replaced_at, "delete")
        self._remove(slot)
        self.removed_ids.append(doc_id)

    def purge(self, doc_id: str) -> None:
        slot = self._vault._slot_of.get(doc_id)
        if slot is not None:
            self._remove(slot)
            self.removed_ids.append(doc_id)
        for revision_slot, of_id in list(self._vault._revision_of.items()):
            if of_id == doc_id:
                self._remove(revision_slot)
        for revision_slot, envelope in list(self.stored.items()):
            if envelope.get("revision_of") == doc_id:
                self._remove(revision_slot)

    def _current(self, slot: bytes) -> Envelope | None:
        """What is on disk now, which may be newer than our mirror."""
        if slot in self.stored:
            return self.stored[slot]
        blob = self._disk.get_blob(slot)
        return None if blob is None else self._vault._open_blob(slot, blob)

    def _store_revision(
        self, doc_id: str, document: Document, replaced_at: str, reason: str
    ) -> None:
        envelope = {
            "revision_of": doc_id,
            "replaced_at": replaced_at,
            "reason": reason,
            "doc": document,
        }
        self._store(random_bytes(SLOT_BYTES), envelope)

    def _store(self, slot: bytes, envelope: Envelope) -> None:
        self._unlink_digest(slot)
        blob = self._vault._seal_envelope(slot, envelope)
        self._disk.put_blob(slot, blob)
        mac = record_mac(self._vault._keys.digest, slot, blob)
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
            old_mac = record_mac(self._vault._keys.digest, slot, old_blob)
            self.digest = xor_bytes(self.digest, old_mac)
