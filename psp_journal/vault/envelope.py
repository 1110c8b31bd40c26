"""What one record's ciphertext holds: a small JSON line of metadata, then the document.

The document is kept as its canonical JSON text, so loading the mirror never parses and
re-serialises it in Python: SQLite's JSON functions read it where needed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from psp_journal.vault.crypto import DecryptionFailed, open_sealed, pad, seal, unpad
from psp_journal.vault.keys import DataKeys

_RECORD_AAD_PREFIX = b"psp-journal record\x00"


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces: equal documents give equal text (and no raw newlines)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class Envelope:
    """`meta` is {"id"} for a document, or {"revision_of", "number", "replaced_at",
    "reason"} for a kept revision; `doc_json` is the document's canonical JSON."""

    meta: dict[str, Any]
    doc_json: str

    @property
    def is_revision(self) -> bool:
        return "revision_of" in self.meta

    def document(self) -> dict[str, Any]:
        value = json.loads(self.doc_json)
        if not isinstance(value, dict):
            raise DecryptionFailed("the record's document is not a JSON object")
        return value


def record_aad(vault_id: bytes, slot: bytes) -> bytes:
    """Binds a blob to this vault and this slot: it cannot be moved or copied unnoticed."""
    return _RECORD_AAD_PREFIX + vault_id + slot


def seal_envelope(keys: DataKeys, vault_id: bytes, slot: bytes, envelope: Envelope) -> bytes:
    plaintext = f"{canonical_json(envelope.meta)}\n{envelope.doc_json}".encode()
    return seal(keys.records, pad(plaintext), record_aad(vault_id, slot))


def open_envelope(keys: DataKeys, vault_id: bytes, slot: bytes, blob: bytes) -> Envelope:
    plaintext = unpad(open_sealed(keys.records, blob, record_aad(vault_id, slot))).decode()
    meta_json, separator, doc_json = plaintext.partition("\n")
    if not separator or not doc_json.startswith("{"):
        raise DecryptionFailed("the record's content has an unknown shape")
    meta = json.loads(meta_json)
    if not isinstance(meta, dict):
        raise DecryptionFailed("the record's metadata has an unknown shape")
    return Envelope(meta, doc_json)
