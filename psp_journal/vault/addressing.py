"""Where a document lives on disk: its slot is a keyed hash of its id.

Keyed, so the file reveals nothing about ids (or their order); deterministic, so one
document or its revisions can be read or replaced without decrypting anything else —
which keeps a one-entry command-line write O(1) however large the journal grows.
"""

from __future__ import annotations

import hashlib
import hmac

from psp_journal.vault.keys import DataKeys

SLOT_BYTES = 16


def document_slot(keys: DataKeys, doc_id: str) -> bytes:
    return _slot(keys, f"doc\0{doc_id}")


def revision_slot(keys: DataKeys, doc_id: str, number: int) -> bytes:
    return _slot(keys, f"rev\0{doc_id}\0{number}")


def _slot(keys: DataKeys, name: str) -> bytes:
    return hmac.digest(keys.slots, name.encode("utf-8"), hashlib.sha256)[:SLOT_BYTES]
