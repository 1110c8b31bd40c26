"""Ed25519 signatures over a JSON summary's payload: integrity, not confidentiality.

A signed summary is `{"payload": {...}, "signature": base64, "key": base64}`. The
signature covers the payload's canonical bytes, which a verifier recomputes from the
payload as parsed, so the bytes must not depend on how a file happened to be written:
keys sorted, `(",", ":")` separators, UTF-8 (not `\\u` escapes), and numbers written one
way only.

Numbers: integers as integers, any size. A float is rounded to two decimal places (half
to even, from its shortest decimal form, so `2.675` becomes `2.68`, not the `2.67` that
binary rounding gives), and written as an integer when that is whole (`1.0` → `1`), else
as its shortest decimal (`0.1` → `0.1`). Rounded values are below 2**53 or whole, so
Python's shortest repr never uses an exponent for them and parsing then re-encoding
gives the same bytes. NaN and infinities are refused. A verifier also refuses a payload
whose numbers are not already in this form, so what a supervisor reads is exactly what
was signed.

The fingerprint of a key is meant to be read aloud over the phone: the first 10 bytes
(80 bits) of SHA-256 of the raw public key in Crockford base32 (no I, L, O or U), as four
groups of four, like `K7QF-2M9X-A1BC-D4EF`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from psp_journal.i18n import _

SCHEMA_VERSIONS = (1,)
DOCUMENT_KEYS = frozenset({"payload", "signature", "key"})
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_FINGERPRINT_BYTES = 10
_KEY_BYTES = 32
_SIGNATURE_BYTES = 64
_PLACES = Decimal("0.01")


class NotASummary(ValueError):
    """The document is not a signed summary this version can read (its shape or schema)."""


class BadSignature(ValueError):
    """The document is shaped right, but its signature does not match its payload and key:
    it was changed after signing, or signed by another key than the one it names."""


@dataclass(frozen=True)
class Verified:
    """A summary whose signature matched: its payload, who it says wrote it, and the key."""

    payload: dict[str, Any]
    author: str
    key: str  # base64 of the raw public key, as in the document
    fingerprint: str


def _rounded(number: float) -> int | float:
    if not math.isfinite(number):
        raise ValueError(_("A summary cannot hold a number that is not finite."))
    if number.is_integer():  # every float from 2**53 up; too long for Decimal's precision
        return int(number)
    decimal = Decimal(repr(number)).quantize(_PLACES, rounding=ROUND_HALF_EVEN)
    if decimal == decimal.to_integral_value():
        return int(decimal)
    return float(decimal)


def canonical_value(value: object) -> object:
    """`value` with every float in its one written form; refuses what JSON cannot carry
    the same way twice (non-string keys, NaN, infinities, other types)."""
    if isinstance(value, bool | str) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return _rounded(value)
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            raise ValueError(_("A summary's field names must be text."))
        return {key: canonical_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [canonical_value(item) for item in value]
    raise ValueError(_("A summary can hold only text, numbers, true/false, lists and tables."))


def canonical_bytes(payload: Mapping[str, Any]) -> bytes:
    """The exact bytes signed and verified (see the module docstring for the rules)."""
    text = json.dumps(
        canonical_value(payload),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(_("A summary's text must be valid Unicode.")) from error


def fingerprint(public_key_bytes: bytes) -> str:
    """Short enough to read aloud and compare: 16 Crockford base32 characters in 4 groups."""
    digest = hashlib.sha256(public_key_bytes).digest()[:_FINGERPRINT_BYTES]
    number = int.from_bytes(digest, "big")
    characters = "".join(
        _CROCKFORD[(number >> shift) & 31] for shift in range(_FINGERPRINT_BYTES * 8 - 5, -1, -5)
    )
    return "-".join(characters[start : start + 4] for start in range(0, len(characters), 4))


def public_key_bytes(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes_raw()


def sign_summary(payload: Mapping[str, Any], private_key: Ed25519PrivateKey) -> dict[str, Any]:
    """The signed document. Its payload is the canonical form, so writing it out and
    reading it back gives what was signed."""
    canonical = canonical_value(payload)
    signature = private_key.sign(canonical_bytes(payload))
    return {
        "payload": canonical,
        "signature": base64.b64encode(signature).decode("ascii"),
        "key": base64.b64encode(public_key_bytes(private_key)).decode("ascii"),
    }


def _decoded(document: Mapping[str, Any], field: str, length: int) -> bytes:
    value = document[field]
    if not isinstance(value, str):
        raise NotASummary(_("The summary's {field} is not text.").format(field=field))
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error) as error:
        raise NotASummary(
            _("The summary's {field} is not valid base64.").format(field=field)
        ) from error
    if len(raw) != length:
        raise NotASummary(_("The summary's {field} is not the right length.").format(field=field))
    return raw


def _checked_payload(payload: object) -> tuple[dict[str, Any], bytes]:
    if not isinstance(payload, dict):
        raise NotASummary(_("The summary's payload is not a table."))
    schema = payload.get("schema")
    if schema is None:
        raise NotASummary(_("The summary does not say which version of the format it uses."))
    if isinstance(schema, bool) or schema not in SCHEMA_VERSIONS:
        raise NotASummary(_("The summary uses a version of the format this program does not know."))
    if not isinstance(payload.get("author"), str):
        raise NotASummary(_("The summary does not name its author."))
    try:
        signed = canonical_bytes(payload)
    except ValueError as error:
        raise NotASummary(str(error)) from error
    if canonical_value(payload) != payload:
        raise NotASummary(_("The summary holds a number with more than two decimal places."))
    return payload, signed


def verify_summary(document: object) -> Verified:
    """Check a parsed JSON document: shape and schema first (`NotASummary`), then the
    signature over the payload's canonical bytes (`BadSignature`). It says nothing about
    whose key it is: `KnownKeys` remembers that."""
    if not isinstance(document, dict):
        raise NotASummary(_("The file does not hold a signed summary."))
    missing = sorted(DOCUMENT_KEYS - document.keys())
    if missing:
        raise NotASummary(_("The summary has no {fields}.").format(fields=", ".join(missing)))
    if document.keys() != DOCUMENT_KEYS:
        raise NotASummary(_("The summary has fields a signed summary does not have."))
    payload, signed = _checked_payload(document["payload"])
    key = _decoded(document, "key", _KEY_BYTES)
    signature = _decoded(document, "signature", _SIGNATURE_BYTES)
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(signature, signed)
    except (InvalidSignature, ValueError) as error:
        raise BadSignature(
            _("The signature does not match: the summary was changed after it was signed.")
        ) from error
    return Verified(
        payload=payload, author=payload["author"], key=document["key"], fingerprint=fingerprint(key)
    )
