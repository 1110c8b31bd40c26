"""Reading records off the disk: decrypting, classifying and checking the set digest.

One function serves unlock, refresh and `verify`: unlock and refresh stop at the first
problem; `verify` wants every problem listed, so the scan collects instead of raising.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from psp_journal.vault.crypto import (
    DecryptionFailed,
    associated_data,
    open_sealed,
    record_mac,
    seal,
)
from psp_journal.vault.disk import DiskStore
from psp_journal.vault.envelope import Envelope, open_envelope
from psp_journal.vault.keys import DataKeys
from psp_journal.vault.meta import META_DIGEST

EMPTY_DIGEST = bytes(32)


def digest_aad(vault_id: bytes) -> bytes:
    return associated_data(vault=vault_id, purpose="set-digest")


def seal_digest(keys: DataKeys, vault_id: bytes, digest: bytes) -> bytes:
    return seal(keys.records, digest, digest_aad(vault_id))


def open_digest(keys: DataKeys, vault_id: bytes, sealed: bytes | None) -> bytes | None:
    """The digest, or None when it is missing or its seal is broken."""
    if sealed is None:
        return None
    try:
        return open_sealed(keys.records, sealed, digest_aad(vault_id))
    except DecryptionFailed:
        return None


@dataclass
class ScanResult:
    """What changed relative to the slots already known, and anything that failed."""

    changed: dict[bytes, Envelope] = field(default_factory=dict)
    macs: dict[bytes, bytes] = field(default_factory=dict)
    removed: set[bytes] = field(default_factory=set)
    bad_slots: list[bytes] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def scan_records(
    disk: DiskStore, keys: DataKeys, vault_id: bytes, known_macs: dict[bytes, bytes]
) -> ScanResult:
    """Decrypt only the records whose blob differs from `known_macs`; check the digest over all."""
    result = ScanResult()
    combined = 0  # the XOR of all MACs, kept as an int: this loop runs once per record
    with disk.read_snapshot():
        sealed = disk.get_meta(META_DIGEST)
        for slot, blob in disk.all_blobs():
            if not isinstance(slot, bytes) or not isinstance(blob, bytes):
                result.failures.append("a stored record's id or content is damaged")
                continue
            mac = record_mac(keys.digest, slot, blob)
            combined ^= int.from_bytes(mac, "big")
            result.macs[slot] = mac
            if known_macs.get(slot) == mac:
                continue
            try:
                result.changed[slot] = open_envelope(keys, vault_id, slot, blob)
            except (DecryptionFailed, ValueError):  # ValueError: bad UTF-8 or JSON
                result.bad_slots.append(slot)
    result.removed = set(known_macs) - set(result.macs)
    if result.bad_slots:
        listed = ", ".join(slot.hex() for slot in result.bad_slots)
        result.failures.append(
            f"{len(result.bad_slots)} record(s) failed their integrity check: {listed}"
        )
    expected = open_digest(keys, vault_id, sealed)
    if expected is None:
        result.failures.append("the sealed record-set digest is missing or damaged")
    elif expected != combined.to_bytes(len(EMPTY_DIGEST), "big"):
        result.failures.append(
            "the set of records does not match its sealed digest "
            "(a record was removed, added or put back from an older copy)"
        )
    return result
