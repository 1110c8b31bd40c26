"""The in-memory, decrypted copy of the vault that the journal queries while unlocked.

It lives only in RAM: `temp_store=MEMORY` keeps SQLite from spilling a large sort or
index build into an (unlinked, but real) temporary file, which would put plaintext on disk.
The vault knows nothing of check-ins or clients; it keeps each document as JSON with its
`type`, and indexes every string in it for full-text search.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import sqlite_utils

Document = dict[str, Any]


def canonical_json(document: Document) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def searchable_text(document: Document) -> str:
    """Every string value, at any depth: what full-text search should find."""
    return "\n".join(_strings(document))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


class Mirror:
    """Documents and their revisions in an in-memory SQLite database with an FTS5 index."""

    def __init__(self) -> None:
        self.db = sqlite_utils.Database(memory=True)
        self.db.execute("PRAGMA temp_store=MEMORY")
        self.db.table("documents").create(
            {"id": str, "type": str, "body": str, "text": str}, pk="id"
        )
        self.db.table("documents").enable_fts(["text"], fts_version="FTS5", create_triggers=True)
        self.db.table("revisions").create(
            {"slot": str, "of_id": str, "replaced_at": str, "reason": str, "body": str},
            pk="slot",
        )
        self.db.table("revisions").create_index(["of_id"])

    def put_documents(self, documents: Iterable[tuple[str, Document]]) -> None:
        rows = (
            {
                "id": doc_id,
                "type": str(document.get("type", "")),
                "body": canonical_json(document),
                "text": searchable_text(document),
            }
            for doc_id, document in documents
        )
        self.db.table("documents").upsert_all(rows, pk="id")

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        for doc_id in doc_ids:
            self.db.execute("DELETE FROM documents WHERE id = ?", [doc_id])

    def put_revisions(self, revisions: Iterable[tuple[str, str, str, str, Document]]) -> None:
        rows = (
            {
                "slot": slot,
                "of_id": of_id,
                "replaced_at": replaced_at,
                "reason": reason,
                "body": canonical_json(document),
            }
            for slot, of_id, replaced_at, reason, document in revisions
        )
        self.db.table("revisions").upsert_all(rows, pk="slot")

    def delete_revisions(self, slots: Iterable[str]) -> None:
        for slot in slots:
            self.db.execute("DELETE FROM revisions WHERE slot = ?", [slot])

    def get(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT body FROM documents WHERE id = ?", [doc_id]).fetchone()
        return None if row is None else json.loads(row[0])

    def ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM documents ORDER BY id")]

    def revision_slots_of(self, doc_id: str) -> list[str]:
        return [
            row[0]
            for row in self.db.execute("SELECT slot FROM revisions WHERE of_id = ?", [doc_id])
        ]

    def revisions_of(self, doc_id: str) -> list[tuple[str, str, Document]]:
        """(replaced_at, reason, document), oldest first."""
        rows = self.db.execute(
            "SELECT replaced_at, reason, body FROM revisions WHERE of_id = ? "
            "ORDER BY replaced_at, slot",
            [doc_id],
        )
        return [(at, reason, json.loads(body)) for at, reason, body in rows]

    def search(self, query: str) -> list[str]:
        """Ids of documents matching an FTS5 query, best match first."""
        rows = self.db.execute(
            "SELECT documents.id FROM documents_fts "
            "JOIN documents ON documents.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY rank",
            [query],
        )
        return [row[0] for row in rows]

    def close(self) -> None:
        self.db.close()
