"""The one-time recovery key: 32 random bytes plus a checksum, written for humans.

The checksum is CRC-16 (CCITT), not a truncated hash: a CRC-16 catches every burst of up
to 16 changed bits, so any single mistyped character (5 bits) and any swap of two
neighbouring characters (10 bits) is always caught, before any key work is done.
"""

from __future__ import annotations

import base64
import binascii
import re

from psp_journal.vault.crypto import KEY_BYTES, random_bytes
from psp_journal.vault.errors import BadRecoveryKey

_GROUP = 5
_CHARACTERS = KEY_BYTES + 2
_ENCODED_LENGTH = 55  # ceil(34 * 8 / 5)
_IGNORED = re.compile(r"[\s\-]+")
_ALPHABET = re.compile(r"[A-Z2-7]*")


def new_recovery_secret() -> bytes:
    return random_bytes(KEY_BYTES)


def format_recovery_key(secret: bytes) -> str:
    """RFC 4648 base32, upper case, in groups of five joined by dashes."""
    checksum = binascii.crc_hqx(secret, 0).to_bytes(2, "big")
    encoded = base64.b32encode(secret + checksum).decode("ascii").rstrip("=")
    return "-".join(encoded[i : i + _GROUP] for i in range(0, len(encoded), _GROUP))


def parse_recovery_key(text: str) -> bytes:
    """Accept any case, spaces and dashes; refuse a typo by its checksum."""
    compact = _IGNORED.sub("", text).upper()
    if len(compact) != _ENCODED_LENGTH:
        raise BadRecoveryKey(
            f"A recovery key has {_ENCODED_LENGTH} letters and digits; this one has {len(compact)}."
        )
    if not _ALPHABET.fullmatch(compact):
        raise BadRecoveryKey("A recovery key uses only the letters A–Z and the digits 2–7.")
    raw = base64.b32decode(compact + "=" * (-len(compact) % 8))
    if len(raw) != _CHARACTERS or base64.b32encode(raw).decode().rstrip("=") != compact:
        raise BadRecoveryKey("This recovery key has a typo: its last character does not fit.")
    secret, checksum = raw[:KEY_BYTES], raw[KEY_BYTES:]
    if binascii.crc_hqx(secret, 0).to_bytes(2, "big") != checksum:
        raise BadRecoveryKey("This recovery key has a typo: its checksum does not match.")
    return secret
