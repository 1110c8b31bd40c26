"""The vault header: what is needed to derive keys, checked before any key work is done.

The header is canonical JSON plus a plain SHA-256 checksum. The checksum tells damage
apart from a wrong passphrase: a changed wrap or salt is "damaged", never "wrong
passphrase". The AEAD wraps bind the KDF parameters, so a tampered header that keeps a
valid checksum still fails to unlock instead of silently weakening the KDF.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, replace

from psp_journal.vault.crypto import KdfParams, associated_data
from psp_journal.vault.errors import IntegrityError, NewerFormat

# 2: the write sequence (records.seq, tombstones, vault_meta.write_seq); see migrate.py.
FORMAT_VERSION = 2


@dataclass(frozen=True)
class Header:
    format: int
    vault_id: bytes
    kdf: KdfParams
    salt: bytes
    wrap_passphrase: bytes
    wrap_recovery: bytes

    def to_bytes(self) -> bytes:
        fields = {
            "format": self.format,
            "vault_id": _b64(self.vault_id),
            "kdf": {"name": "argon2id", **self.kdf.as_dict()},
            "salt": _b64(self.salt),
            "wrap_passphrase": _b64(self.wrap_passphrase),
            "wrap_recovery": _b64(self.wrap_recovery),
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def checksum(self) -> bytes:
        return hashlib.sha256(self.to_bytes()).digest()

    def with_changes(self, **changes: object) -> Header:
        return replace(self, **changes)  # type: ignore[arg-type]

    def wrap_aad(self, purpose: str) -> bytes:
        return associated_data(vault=self.vault_id, purpose=purpose, kdf=self.kdf.as_dict())

    @property
    def name(self) -> str:
        """A short, typeable name for this vault, used to confirm `destroy`."""
        return base64.b32encode(self.vault_id).decode()[:8]


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def parse_header(raw: bytes | None, checksum: bytes | None) -> Header:
    """Checks in order: checksum → format version → KDF bounds. Never runs the KDF."""
    if raw is None or checksum is None:
        raise IntegrityError(["the vault header is missing"])
    if hashlib.sha256(raw).digest() != checksum:
        raise IntegrityError(["the vault header checksum does not match (the header is damaged)"])
    try:
        fields = json.loads(raw)
        version = fields["format"]
        if not isinstance(version, int):
            raise TypeError("format")
        if version > FORMAT_VERSION:
            raise NewerFormat(
                f"This vault was made by a newer psp-journal (format {version}; this version "
                f"reads up to {FORMAT_VERSION}). It was not changed. Please update psp-journal."
            )
        kdf_fields = fields["kdf"]
        if kdf_fields.get("name") != "argon2id":
            raise IntegrityError([f"unknown KDF {kdf_fields.get('name')!r} in the header"])
        kdf = KdfParams(
            memory_kib=kdf_fields["memory_kib"],
            iterations=kdf_fields["iterations"],
            lanes=kdf_fields["lanes"],
        )
        header = Header(
            format=version,
            vault_id=base64.b64decode(fields["vault_id"], validate=True),
            kdf=kdf,
            salt=base64.b64decode(fields["salt"], validate=True),
            wrap_passphrase=base64.b64decode(fields["wrap_passphrase"], validate=True),
            wrap_recovery=base64.b64decode(fields["wrap_recovery"], validate=True),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IntegrityError(["the vault header cannot be read (it is damaged)"]) from exc
    problems = kdf.out_of_bounds()
    if problems:
        raise IntegrityError(
            [f"the vault header asks for unsafe key settings: {'; '.join(problems)}"]
        )
    return header
