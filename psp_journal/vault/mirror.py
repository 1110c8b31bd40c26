"""The in-memory, decrypted copy of the vault that the journal queries while unlocked.

It lives only in RAM: `temp_store=MEMORY` keeps SQLite from spilling a large sort or
index build into an (unlinked, but real) temporary file, which would put plaintext on disk.
The vault knows nothing of check-ins or clients; it keeps each document as JSON with its
`type` and its `moment` (its `at` or `date`, indexed, for queries by period), and indexes
every string in it for full-text search (extracted by SQLite's JSON functions, so a bulk
load does no per-document work in Python). It also remembers each
stored blob's MAC, so an unlock or refresh decrypts only the blobs that changed.

`db` is a plain `sqlite3` connection: importing sqlite-utils alone took 110 ms, a third of
the budget for `status` after a command-line write, and only `execute` was ever used.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Document = dict[str, Any]

_BULK_ROWS = 2000
_FTS_INSERT_TRIGGER = (
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts (rowid, text) VALUES (new.rowid, new.text); END"
)


@dataclass(frozen=True)
class StoredRevision:
    """One replaced or deleted version, as the mirror holds it."""

    slot: bytes
    of_id: str
    number: int
    replaced_at: str
    reason: str
    doc_json: str


def _private_memory_connection() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    _make_private(conn)
    return conn


def _make_private(conn: sqlite3.Connection) -> None:
    """No spill to temporary files; deleted content zeroed, so a serialized copy of the
    database (the snapshot) holds nothing that was deleted."""
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA secure_delete=ON")


class Mirror:
    """Documents, revisions and blob MACs in an in-memory SQLite database with FTS5."""

    def __init__(self, conn: sqlite3.Connection | None = None) -> None:
        fresh = conn is None
        self.db: sqlite3.Connection = conn or _private_memory_connection()
        if fresh:
            self._create_schema()

    @classmethod
    def from_serialized(cls, data: bytes | memoryview) -> Mirror:
        conn = _private_memory_connection()
        conn.deserialize(data)
        _make_private(conn)
        return cls(conn)

    def serialize(self) -> bytes:
        """The whole database as bytes, with no trace of anything deleted or replaced:
        the full-text index keeps old terms in its segments until they are merged, and
        freed pages keep old rows until the file is rebuilt."""
        self.db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('optimize')")
        self.db.execute("VACUUM")
        return self.db.serialize()

    def _create_schema(self) -> None:
        self.db.execute(
            "CREATE TABLE documents (id TEXT PRIMARY KEY, slot BLOB NOT NULL UNIQUE, "
            "type TEXT NOT NULL, moment TEXT NOT NULL, body TEXT NOT NULL, text TEXT NOT NULL)"
        )
        self.db.execute("CREATE INDEX documents_by_type_and_moment ON documents (type, moment)")
        self.db.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5(text, content='documents', "
            "content_rowid='rowid')"
        )
        self.db.execute(_FTS_INSERT_TRIGGER)
        self.db.execute(
            "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
            "INSERT INTO documents_fts (documents_fts, rowid, text) "
            "VALUES ('delete', old.rowid, old.text); END"
        )
        self.db.execute(
            "CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN "
            "INSERT INTO documents_fts (documents_fts, rowid, text) "
            "VALUES ('delete', old.rowid, old.text); "
            "INSERT INTO documents_fts (rowid, text) VALUES (new.rowid, new.text); END"
        )
        self.db.execute(
            "CREATE TABLE revisions (slot BLOB PRIMARY KEY, of_id TEXT NOT NULL, "
            "number INTEGER NOT NULL, replaced_at TEXT NOT NULL, reason TEXT NOT NULL, "
            "body TEXT NOT NULL)"
        )
        self.db.execute("CREATE INDEX revisions_of_id ON revisions (of_id)")
        self.db.execute(
            "CREATE TABLE blob_macs (slot BLOB PRIMARY KEY, mac BLOB NOT NULL) WITHOUT ROWID"
        )

    def _executemany(self, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
        """One transaction for the lot: per-row autocommit is ten times slower."""
        conn = self.db
        conn.execute("BEGIN")
        try:
            conn.executemany(sql, rows)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def put_documents(self, documents: list[tuple[bytes, str, str]]) -> None:
        """(slot, id, canonical JSON) rows; a document keeps its slot for life.

        A large load skips the per-row index trigger and rebuilds the index once instead.
        """
        bulk = len(documents) > _BULK_ROWS
        if bulk:
            self.db.execute("DROP TRIGGER documents_fts_insert")
        try:
            self._insert_documents(documents)
        finally:
            if bulk:
                self.db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
                self.db.execute(_FTS_INSERT_TRIGGER)

    def _insert_documents(self, documents: list[tuple[bytes, str, str]]) -> None:
        self._executemany(
            "INSERT INTO documents (id, slot, type, moment, body, text) "
            "VALUES (?1, ?2, coalesce(json_extract(?3, '$.type'), ''), "
            "coalesce(json_extract(?3, '$.at'), json_extract(?3, '$.date'), ''), ?3, "
            "(SELECT coalesce(group_concat(value, char(10)), '') FROM json_tree(?3) "
            "WHERE type = 'text')) "
            "ON CONFLICT (id) DO UPDATE SET type = excluded.type, moment = excluded.moment, "
            "body = excluded.body, text = excluded.text",
            ((doc_id, slot, doc_json) for slot, doc_id, doc_json in documents),
        )

    def put_revisions(self, revisions: Iterable[StoredRevision]) -> None:
        self._executemany(
            "INSERT OR REPLACE INTO revisions (slot, of_id, number, replaced_at, reason, body) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            ((r.slot, r.of_id, r.number, r.replaced_at, r.reason, r.doc_json) for r in revisions),
        )

    def delete_slots(self, slots: Iterable[bytes]) -> None:
        """Forget blobs that are gone: their MACs and the document or revision in them."""
        rows = [(slot,) for slot in slots]
        self._executemany("DELETE FROM documents WHERE slot = ?", rows)
        self._executemany("DELETE FROM revisions WHERE slot = ?", rows)
        self._executemany("DELETE FROM blob_macs WHERE slot = ?", rows)

    def put_macs(self, macs: Iterable[tuple[bytes, bytes]]) -> None:
        self._executemany("INSERT OR REPLACE INTO blob_macs (slot, mac) VALUES (?, ?)", macs)

    def macs(self) -> dict[bytes, bytes]:
        return dict(self.db.execute("SELECT slot, mac FROM blob_macs").fetchall())

    def macs_of(self, slots: Iterable[bytes]) -> dict[bytes, bytes]:
        """The MACs of those slots that the mirror holds: one lookup each, for a fold."""
        found = {}
        for slot in slots:
            row = self.db.execute("SELECT mac FROM blob_macs WHERE slot = ?", [slot]).fetchone()
            if row is not None:
                found[slot] = row[0]
        return found

    def blob_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM blob_macs").fetchone()[0])

    def ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM documents ORDER BY id")]

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
