"""Open a damaged vault read-only and recover every entry that is still intact.

Damage must not cost the whole journal. SQLite is asked first (forwards and backwards, so
one bad page hides as little as possible), then the file's pages are parsed one by one
(see carve.py). Every candidate must pass its AEAD tag for its slot, so nothing damaged
or forged is ever returned. The file is never written.

Old pages and WAL frames still hold rows that were since replaced or erased. Of the copies
of a slot, the one with the highest write number wins, and a slot whose tombstone is newer
than every copy found is not offered at all: what an erase removed never comes back here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from psp_journal.vault.carve import carve_rows, page_size_of
from psp_journal.vault.crypto import DecryptionFailed, record_mac
from psp_journal.vault.disk import PAGE_SIZE, DiskStore
from psp_journal.vault.envelope import Envelope, open_envelope
from psp_journal.vault.errors import IntegrityError, VaultError, VaultMissing
from psp_journal.vault.header import Header, parse_header
from psp_journal.vault.keys import DataKeys, unwrap_with_passphrase
from psp_journal.vault.meta import META_CHECKSUM, META_DIGEST, META_HEADER, read_header
from psp_journal.vault.mirror import Document, Mirror
from psp_journal.vault.scan import EMPTY_DIGEST, open_digest
from psp_journal.vault.store import apply_changes

_SLOT_BYTES = 16


@dataclass
class RescuedVault:
    """What could be read, in a mirror the journal can query like an unlocked vault's."""

    mirror: Mirror
    problems: list[str] = field(default_factory=list)
    unreadable_records: list[str] = field(default_factory=list)

    def get(self, doc_id: str) -> Document | None:
        row = self.mirror.db.execute("SELECT body FROM documents WHERE id = ?", [doc_id]).fetchone()
        return None if row is None else Envelope({}, row[0]).document()

    def ids(self) -> list[str]:
        return self.mirror.ids()

    def close(self) -> None:
        self.mirror.close()


def rescue_vault(path: Path, passphrase: str) -> RescuedVault:
    if not path.is_file():
        raise VaultMissing(f"There is no vault at {path}.")
    data = path.read_bytes()
    page_sizes = [size for size in (page_size_of(data), PAGE_SIZE, 4096) if size]
    problems: list[str] = []
    sql_rows, sealed_digest, header, tombstones = _read_with_sqlite(path, problems)
    if header is None:
        header, sealed_digest = _carve_meta(path, page_sizes)
    dek, _ = unwrap_with_passphrase(header, passphrase)
    keys = DataKeys.from_dek(dek, header.vault_id)
    carved, carved_tombstones = _candidate_rows(path, page_sizes)
    for slot, seq in carved_tombstones:
        tombstones[slot] = max(seq, tombstones.get(slot, seq))

    found: dict[bytes, Envelope] = {}
    blobs: dict[bytes, bytes] = {}
    found_seq: dict[bytes, int] = {}
    unreadable: dict[bytes, int] = {}

    def offer(slot: bytes, blob: bytes, seq: int) -> None:
        """A copy with a higher write number (or as high, and later: WAL frames come
        last) replaces an earlier one; a copy older than the slot's tombstone is erased."""
        if seq < tombstones.get(slot, -1) or seq < found_seq.get(slot, -1):
            return
        try:
            envelope = open_envelope(keys, header.vault_id, slot, blob)
        except (DecryptionFailed, ValueError):
            unreadable[slot] = max(seq, unreadable.get(slot, seq))
            return
        found[slot], blobs[slot], found_seq[slot] = envelope, blob, seq

    for slot, blob, seq in sql_rows:
        offer(slot, blob, seq)
    from_sqlite = set(found)
    for slot, blob, seq in carved:
        if slot not in from_sqlite:
            offer(slot, blob, seq)
    lost = sorted(
        slot
        for slot, seq in unreadable.items()
        if slot not in found and seq >= tombstones.get(slot, -1)
    )
    if lost:
        problems.append(f"{len(lost)} record(s) could not be read and are lost")
    if not _digest_matches(keys, header, sealed_digest, blobs):
        problems.append("the set of records does not match its sealed digest: some may be missing")

    mirror = Mirror()
    macs = {slot: record_mac(keys.digest, slot, blob) for slot, blob in blobs.items()}
    apply_changes(mirror, found, macs, ())
    return RescuedVault(mirror, problems, [slot.hex() for slot in lost])


def _read_with_sqlite(
    path: Path, problems: list[str]
) -> tuple[list[tuple[bytes, bytes, int]], bytes | None, Header | None, dict[bytes, int]]:
    """Rows (slot, blob, write number), the sealed digest, the header and the tombstones,
    as far as SQLite can still read them."""
    rows: dict[bytes, tuple[bytes, int]] = {}
    tombstones: dict[bytes, int] = {}
    try:
        disk = DiskStore.open(path, read_only=True)
    except (VaultError, sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        problems.append(f"SQLite cannot open the file ({exc})")
        return [], None, None, tombstones
    try:
        try:
            header: Header | None = read_header(disk)
        except (IntegrityError, sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            problems.append(f"the header cannot be read through SQLite ({exc})")
            header = None
        try:
            sealed = disk.get_meta(META_DIGEST)
        except (IntegrityError, sqlite3.DatabaseError, UnicodeDecodeError):
            sealed = None
        try:
            tombstones = {
                slot: seq
                for slot, seq in disk.tombstones().items()
                if isinstance(slot, bytes) and isinstance(seq, int)
            }
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            problems.append(f"SQLite cannot read the list of erased records ({exc})")
        for order in ("ASC", "DESC"):
            try:
                for slot, blob, seq in disk.raw_rows(order):
                    if isinstance(slot, bytes) and isinstance(blob, bytes):
                        rows.setdefault(slot, (blob, seq if isinstance(seq, int) else 0))
            except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
                problems.append(f"SQLite stopped reading records ({exc})")
    finally:
        disk.close()
    return [(slot, blob, seq) for slot, (blob, seq) in rows.items()], sealed, header, tombstones


def _candidate_rows(
    path: Path, page_sizes: list[int]
) -> tuple[list[tuple[bytes, bytes, int]], list[tuple[bytes, int]]]:
    """Carved record rows (slot, blob, write number; 0 from format 1, which had none) and
    carved tombstones (slot, write number), oldest copies first."""
    rows: list[tuple[bytes, bytes, int]] = []
    tombstones: list[tuple[bytes, int]] = []
    for page_size in dict.fromkeys(page_sizes):
        for row in carve_rows(path, page_size):
            if not row or not isinstance(row[0], bytes) or len(row[0]) != _SLOT_BYTES:
                continue
            if len(row) == 2 and isinstance(row[1], int):
                tombstones.append((row[0], row[1]))
            elif len(row) in (2, 3) and isinstance(row[1], bytes):
                seq = row[2] if len(row) == 3 else 0
                rows.append((row[0], row[1], seq if isinstance(seq, int) else 0))
    return rows, tombstones


def _carve_meta(path: Path, page_sizes: list[int]) -> tuple[Header, bytes | None]:
    """A header whose checksum verifies, found anywhere in the file's pages."""
    values: dict[str, list[bytes]] = {}
    for page_size in dict.fromkeys(page_sizes):
        for row in carve_rows(path, page_size):
            if len(row) == 2 and isinstance(row[0], str) and isinstance(row[1], bytes):
                values.setdefault(row[0], []).append(row[1])
    for raw in reversed(values.get(META_HEADER, [])):
        for checksum in values.get(META_CHECKSUM, []):
            try:
                header = parse_header(raw, checksum)
            except VaultError:
                continue
            digests = values.get(META_DIGEST, [])
            return header, digests[-1] if digests else None
    raise IntegrityError(["the vault header is damaged beyond repair: the keys cannot be found"])


def _digest_matches(
    keys: DataKeys, header: Header, sealed: bytes | None, blobs: dict[bytes, bytes]
) -> bool:
    expected = open_digest(keys, header.vault_id, sealed)
    combined = 0
    for slot, blob in blobs.items():
        combined ^= int.from_bytes(record_mac(keys.digest, slot, blob), "big")
    return expected == combined.to_bytes(len(EMPTY_DIGEST), "big")
