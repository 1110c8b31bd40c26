"""The data key and how it is wrapped, derived and split into per-purpose keys.

One random data key (DEK) encrypts everything. It is stored only wrapped: under a key
derived from the passphrase (Argon2id) and under one derived from the recovery key
(HKDF: the recovery key is already 256 random bits, so a slow KDF would add nothing).
Changing the passphrase rewraps the DEK and leaves every record untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

from psp_journal.vault.crypto import (
    KEY_BYTES,
    SALT_BYTES,
    DecryptionFailed,
    KdfParams,
    derive_passphrase_key,
    derive_subkey,
    open_sealed,
    random_bytes,
    seal,
)
from psp_journal.vault.errors import CannotUnlock
from psp_journal.vault.header import FORMAT_VERSION, Header

PASSPHRASE_WRAP = "wrap-passphrase"
RECOVERY_WRAP = "wrap-recovery"


@dataclass(frozen=True)
class DataKeys:
    """Sub-keys of one DEK, one per job: sealing records, the set digest, slot addresses,
    and the snapshot of the mirror."""

    dek: bytes
    records: bytes
    digest: bytes
    slots: bytes
    snapshot: bytes

    @classmethod
    def from_dek(cls, dek: bytes, vault_id: bytes) -> DataKeys:
        return cls(
            dek=dek,
            records=derive_subkey(dek, "records", salt=vault_id),
            digest=derive_subkey(dek, "set digest", salt=vault_id),
            slots=derive_subkey(dek, "slot addresses", salt=vault_id),
            snapshot=derive_subkey(dek, "mirror snapshot", salt=vault_id),
        )


def recovery_wrapping_key(recovery_secret: bytes, vault_id: bytes) -> bytes:
    return derive_subkey(recovery_secret, "recovery wrap", salt=vault_id)


def new_header(
    passphrase_key: bytes,
    salt: bytes,
    kdf: KdfParams,
    recovery_secret: bytes,
    dek: bytes,
    vault_id: bytes | None = None,
) -> Header:
    """A header whose two wraps both hold `dek`."""
    blank = Header(
        format=FORMAT_VERSION,
        vault_id=vault_id or random_bytes(16),
        kdf=kdf,
        salt=salt,
        wrap_passphrase=b"",
        wrap_recovery=b"",
    )
    return rewrap(blank, dek, passphrase_key, salt, recovery_secret)


def new_passphrase_key(passphrase: str, kdf: KdfParams) -> tuple[bytes, bytes]:
    """(key, salt) for a passphrase being set now: a fresh salt every time."""
    salt = random_bytes(SALT_BYTES)
    return derive_passphrase_key(passphrase, salt, kdf), salt


def new_dek() -> bytes:
    return random_bytes(KEY_BYTES)


def unwrap_with_passphrase(header: Header, passphrase: str) -> tuple[bytes, bytes]:
    """(DEK, passphrase key). The header was already checked, so a failure here means a
    wrong passphrase, not damage."""
    passphrase_key = derive_passphrase_key(passphrase, header.salt, header.kdf)
    try:
        dek = open_sealed(passphrase_key, header.wrap_passphrase, header.wrap_aad(PASSPHRASE_WRAP))
    except DecryptionFailed as exc:
        raise CannotUnlock(
            "That passphrase does not open this vault. Nothing was changed."
        ) from exc
    return dek, passphrase_key


def unwrap_with_recovery(header: Header, recovery_secret: bytes) -> bytes:
    try:
        return open_sealed(
            recovery_wrapping_key(recovery_secret, header.vault_id),
            header.wrap_recovery,
            header.wrap_aad(RECOVERY_WRAP),
        )
    except DecryptionFailed as exc:
        raise CannotUnlock(
            "That recovery key does not open this vault (it may have been replaced). "
            "Nothing was changed."
        ) from exc


def rewrap(
    header: Header,
    dek: bytes,
    passphrase_key: bytes | None = None,
    salt: bytes | None = None,
    recovery_secret: bytes | None = None,
) -> Header:
    """Replace one or both wraps; the other stays byte-identical."""
    changes: dict[str, bytes] = {}
    if passphrase_key is not None and salt is not None:
        changes["salt"] = salt
        changes["wrap_passphrase"] = seal(passphrase_key, dek, header.wrap_aad(PASSPHRASE_WRAP))
    if recovery_secret is not None:
        changes["wrap_recovery"] = seal(
            recovery_wrapping_key(recovery_secret, header.vault_id),
            dek,
            header.wrap_aad(RECOVERY_WRAP),
        )
    return header.with_changes(**changes)
