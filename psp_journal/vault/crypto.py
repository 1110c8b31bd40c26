"""Keys and authenticated encryption for the vault.

Kept small and boring on purpose, in the spirit of Fernet: one AEAD (AES-256-GCM), one
password KDF (Argon2id), HKDF for sub-keys, and a versioned blob format
`version ‖ nonce ‖ ciphertext+tag`. Every seal binds associated data so that a blob
cannot be moved to another record, vault or purpose without the tag failing.
"""

from __future__ import annotations

import hmac
import json
import os
import unicodedata
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

BLOB_VERSION = 1
NONCE_BYTES = 12
KEY_BYTES = 32
SALT_BYTES = 16

# Below OWASP's Argon2id minimum is a downgrade; above the top, a damaged or hostile header
# that would make unlock hang or exhaust memory. Checked before the KDF ever runs.
MEMORY_KIB_BOUNDS = (19 * 1024, 4 * 1024 * 1024)
ITERATIONS_BOUNDS = (2, 10)
LANES_BOUNDS = (1, 16)

# Plaintext is padded up to the next bucket so the file does not reveal note lengths.
_PAD_BUCKETS = (256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536)
_PAD_LARGE_STEP = 65536
_LENGTH_PREFIX = 4


class DecryptionFailed(Exception):
    """A tag did not verify: wrong key, or the bytes were changed."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters, stored in the header and bound into every key wrap."""

    memory_kib: int = 256 * 1024
    iterations: int = 3
    lanes: int = 4

    def out_of_bounds(self) -> list[str]:
        """Name every parameter outside the accepted range, so the message can say which."""
        problems = []
        for name, value, (low, high) in (
            ("memory", self.memory_kib, MEMORY_KIB_BOUNDS),
            ("iterations", self.iterations, ITERATIONS_BOUNDS),
            ("lanes", self.lanes, LANES_BOUNDS),
        ):
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                problems.append(f"KDF {name} {value!r} is outside {low}–{high}")
        return problems

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def random_bytes(count: int) -> bytes:
    return os.urandom(count)


def derive_passphrase_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id over the NFC form, so the same passphrase typed on another keyboard matches."""
    normalised = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(normalised)


def derive_subkey(key: bytes, purpose: str, salt: bytes = b"") -> bytes:
    """Separate keys per purpose, so no key is ever used for two jobs."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=salt or None,
        info=f"psp-journal {purpose}".encode(),
    ).derive(key)


def associated_data(**fields: object) -> bytes:
    """Canonical bytes of what a seal is bound to; field order cannot change the result."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=_hex).encode()


def _hex(value: object) -> str:
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot bind {type(value).__name__}")


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = random_bytes(NONCE_BYTES)
    return bytes([BLOB_VERSION]) + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[0] != BLOB_VERSION:
        raise DecryptionFailed("unknown blob version or truncated blob")
    view = memoryview(blob)  # slicing a view copies nothing: snapshots are tens of MB
    try:
        return AESGCM(key).decrypt(view[1 : 1 + NONCE_BYTES], view[1 + NONCE_BYTES :], aad)
    except InvalidTag as exc:
        raise DecryptionFailed("tag did not verify") from exc


def pad(data: bytes) -> bytes:
    needed = len(data) + _LENGTH_PREFIX
    size = next((bucket for bucket in _PAD_BUCKETS if bucket >= needed), None)
    if size is None:
        size = -(-needed // _PAD_LARGE_STEP) * _PAD_LARGE_STEP
    return len(data).to_bytes(_LENGTH_PREFIX, "big") + data + bytes(size - needed)


def unpad(padded: bytes) -> bytes:
    length = int.from_bytes(padded[:_LENGTH_PREFIX], "big")
    if length > len(padded) - _LENGTH_PREFIX:
        raise DecryptionFailed("padding length is larger than the record")
    return padded[_LENGTH_PREFIX : _LENGTH_PREFIX + length]


def record_mac(key: bytes, record_id: bytes, blob: bytes) -> bytes:
    """One record's share of the set digest; the length prefix keeps id and blob apart."""
    return hmac.digest(key, len(record_id).to_bytes(2, "big") + record_id + blob, "sha256")


def xor_bytes(left: bytes, right: bytes) -> bytes:
    combined = int.from_bytes(left, "big") ^ int.from_bytes(right, "big")
    return combined.to_bytes(len(left), "big")
