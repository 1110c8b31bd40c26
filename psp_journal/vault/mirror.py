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

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Document = dict[str, Any]

_BULK_ROWS = 2000
# Private-use characters mark a match inside a snippet; they are removed before it is shown.
_MATCH_START = "\ue000"
_MATCH_END = "\ue001"
_SNIPPET_TOKENS = 12
# A field name becomes part of an index's SQL (an index matches its expression as written).
_INDEXED_FIELD = re.compile(r"[a-z][a-z0-9_]{0,39}")
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


def _parsed(body: str) -> Document:
    document: Document = json.loads(body)
    return document


def _private_memory_connection() -> sqlite3.Connection:
    """Built in the app's unlock worker, then queried from its UI thread (one at a time)."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
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

    # --- documents read back by period: `list` and `search` ------------------------------

    def documents_by_period(
        self,
        *,
        types: Sequence[str],
        start: str | None,
        end: str | None,
        client: str | None = None,
        tag: str | None = None,
        discuss: bool = False,
        limit: int,
        after: tuple[str, str] | None = None,
    ) -> list[str]:
        """Bodies of documents of these types whose moment is from `start` up to (not
        including) `end`, newest first, at most `limit`. A date-only moment sorts before
        every time of its day (it is a prefix of them), so it comes after them here.
        `client`, `tag` and `discuss` keep only documents naming that client, carrying
        that tag, or marked `discuss`; `after` (a moment and an id) only those that come
        after that one in this order, so a long list is read a page at a time, each page
        as quick as the first (an offset would read every row before it).

        Each type is read newest first along its (type, moment) index and stops at
        `limit`, then the few rows are merged: one query over all types at once would
        sort every row of the period (40 ms at 50,000 documents, against well under 1)."""
        if not types:
            return []
        where, params = _entry_filter(start, end, client, tag, discuss, after)
        one_type = (
            "SELECT * FROM (SELECT body, moment, id FROM documents "
            f"WHERE {' AND '.join(['documents.type = ?', *where])} "
            "ORDER BY moment DESC, id DESC LIMIT ?)"
        )
        rows = self.db.execute(
            f"SELECT body FROM ({' UNION ALL '.join(one_type for _ in types)}) "
            "ORDER BY moment DESC, id DESC LIMIT ?",
            [value for kind in types for value in (kind, *params, limit)] + [limit],
        )
        return [body for (body,) in rows]

    def count_by_period(
        self,
        *,
        types: Sequence[str],
        start: str | None,
        end: str | None,
        client: str | None = None,
        tag: str | None = None,
        discuss: bool = False,
    ) -> int:
        """How many documents `documents_by_period` could page through: a long list's
        length, known without reading a body."""
        if not types:
            return 0
        where, params = _entry_filter(start, end, client, tag, discuss, None)
        one_type = f"SELECT count(*) FROM documents WHERE {' AND '.join(['type = ?', *where])}"
        rows = self.db.execute(
            " UNION ALL ".join(one_type for _ in types),
            [value for kind in types for value in (kind, *params)],
        )
        return sum(int(count) for (count,) in rows)

    def search_by_period(
        self, query: str, *, types: Sequence[str], start: str | None, end: str | None, limit: int
    ) -> list[tuple[str, str]]:
        """(body, snippet) of documents matching an FTS5 query, best match first, with the
        period and types of `documents_by_period`. The snippet is FTS5's, cut down to the
        string values that hold a match: the indexed text is every string of a document,
        one per line, and an id or a time next to the words found would only be noise."""
        where, params = _period_filter(start, end)
        where.append(f"documents.type IN ({', '.join('?' for _ in types)})")
        params.extend(types)
        rows = self.db.execute(
            "SELECT documents.body, documents.text, snippet(documents_fts, 0, ?, ?, '', ?) "
            "FROM documents_fts "
            "JOIN documents ON documents.rowid = documents_fts.rowid "
            f"WHERE documents_fts MATCH ? AND {' AND '.join(where)} "
            "ORDER BY rank, documents.moment DESC, documents.id DESC LIMIT ?",
            [_MATCH_START, _MATCH_END, _SNIPPET_TOKENS, query, *params, limit],
        )
        return [(body, _matched_lines(snippet, text)) for body, text, snippet in rows]

    # --- named queries for the journal: it never names a table or a column ---------------

    def document(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT body FROM documents WHERE id = ?", [doc_id]).fetchone()
        return None if row is None else _parsed(row[0])

    def documents_of_type(self, doc_type: str) -> list[Document]:
        """In no particular order: the caller sorts as it needs."""
        rows = self.db.execute("SELECT body FROM documents WHERE type = ?", [doc_type])
        return [_parsed(body) for (body,) in rows]

    def documents_between(self, doc_type: str, start: str, end: str) -> list[Document]:
        """Documents of a type whose date or time is from `start` up to (not including)
        `end`, in time order: the indexed query every period view is built on."""
        rows = self.db.execute(
            "SELECT body FROM documents WHERE type = ? AND moment >= ? AND moment < ? "
            "ORDER BY moment",
            [doc_type, start, end],
        )
        return [_parsed(body) for (body,) in rows]

    def latest_before(self, doc_type: str, end: str, field: str, value: str) -> Document | None:
        """The latest document of a type dated before `end` whose `field` is `value`."""
        row = self.db.execute(
            "SELECT body FROM documents WHERE type = ? AND moment < ? "
            "AND json_extract(body, '$.' || ?) = ? ORDER BY moment DESC LIMIT 1",
            [doc_type, end, field, value],
        ).fetchone()
        return None if row is None else _parsed(row[0])

    def documents_with(self, types: Iterable[str], field: str, value: str) -> list[Document]:
        """Documents of these types whose `field` is exactly `value`."""
        rows = self.db.execute(
            "SELECT body FROM documents WHERE type IN (SELECT value FROM json_each(?)) "
            "AND json_extract(body, '$.' || ?) = ?",
            [json.dumps(list(types)), field, value],
        )
        return [_parsed(body) for (body,) in rows]

    def activity_by_field(
        self, doc_type: str, field: str, start: str, end: str
    ) -> dict[str, tuple[str | None, int]]:
        """For each value of `field` among documents of a type: the latest moment before
        `end`, and how many moments there are from `start` up to (not including) `end`.
        One pass over an index of (type, value, moment), so no document's JSON is read:
        40 ms at 50,000 records against 90 reading each body. The index is built the
        first time (150 ms there, once) and kept, as `_field_up_to`'s are."""
        value = _json_field(field)
        self.db.execute(
            f"CREATE INDEX IF NOT EXISTS documents_by_{field}_and_moment "
            f"ON documents (type, {value}, moment) WHERE {value} IS NOT NULL"
        )
        rows = self.db.execute(
            f"SELECT {value}, MAX(CASE WHEN moment < ? THEN moment END), "
            "SUM(moment >= ? AND moment < ?) "
            f"FROM documents WHERE type = ? AND {value} IS NOT NULL GROUP BY {value}",
            [end, start, end, doc_type],
        )
        return {str(found): (latest, int(count)) for found, latest, count in rows}

    def earliest_by_field(self, doc_type: str, field: str, of_field: str) -> dict[str, str]:
        """For each value of `field` among documents of a type whose `of_field` is set:
        the lowest `of_field` (as text, so the earliest ISO date). Read through the index
        of the documents where `of_field` is set (see `_field_up_to`)."""
        where, params = self._field_up_to(doc_type, of_field, None)
        value, lowest = _json_field(field), _json_field(of_field)
        rows = self.db.execute(
            f"SELECT {value}, MIN({lowest}) FROM documents WHERE {where} GROUP BY {value}",
            params,
        )
        return {str(found): str(earliest) for found, earliest in rows if found is not None}

    def ids_with_a_revision_where(self, field: str, value: str) -> set[str]:
        """Ids of documents with a kept version whose `field` is exactly `value` (whatever
        the document holds now, or if it is gone)."""
        rows = self.db.execute(
            "SELECT DISTINCT of_id FROM revisions WHERE json_extract(body, '$.' || ?) = ?",
            [field, value],
        )
        return {of_id for (of_id,) in rows}

    def documents_with_field_up_to(
        self, doc_type: str, field: str, highest: str | None = None
    ) -> list[Document]:
        """Documents of a type whose `field` is set (not null), and no more than `highest`
        if given (compared as text, as ISO dates sort), in no particular order."""
        where, params = self._field_up_to(doc_type, field, highest)
        rows = self.db.execute(f"SELECT body FROM documents WHERE {where}", params)
        return [_parsed(body) for (body,) in rows]

    def count_with_field_up_to(self, doc_type: str, field: str, highest: str) -> int:
        """How many documents `documents_with_field_up_to` would return, read off the index."""
        where, params = self._field_up_to(doc_type, field, highest)
        row = self.db.execute(f"SELECT count(*) FROM documents WHERE {where}", params)
        return int(row.fetchone()[0])

    def _field_up_to(self, doc_type: str, field: str, highest: str | None) -> tuple[str, list[str]]:
        """The condition for a set field up to a value, over an index of the documents
        where it is set: a scan of every document's JSON costs 70 ms at 50,000. The index
        is built the first time a field is asked for (50 ms there, once) and then kept up
        to date by SQLite and carried by every later snapshot."""
        value = _json_field(field)
        self.db.execute(
            f"CREATE INDEX IF NOT EXISTS documents_by_{field} ON documents (type, {value}) "
            f"WHERE {value} IS NOT NULL"
        )
        where = f"type = ? AND {value} IS NOT NULL"
        if highest is None:
            return where, [doc_type]
        return f"{where} AND {value} <= ?", [doc_type, highest]

    def revision_count(self, of_id: str) -> int:
        row = self.db.execute("SELECT count(*) FROM revisions WHERE of_id = ?", [of_id])
        return int(row.fetchone()[0])

    def documents_dated_before(self, types: Iterable[str], day: str) -> list[tuple[str, str]]:
        """(id, type) of the documents of these types whose date or time is before `day`."""
        rows = self.db.execute(
            "SELECT id, type FROM documents WHERE type IN (SELECT value FROM json_each(?)) "
            "AND moment != '' AND moment < ?",
            [json.dumps(list(types)), day],
        )
        return [(doc_id, doc_type) for doc_id, doc_type in rows]

    def revisions_dated_before(self, types: Iterable[str], day: str) -> dict[str, tuple[int, ...]]:
        """The numbers of the kept versions, by document, whose own date or time (that of
        the version, not of the document now) is before `day`."""
        rows = self.db.execute(
            "SELECT of_id, number FROM revisions "
            "WHERE json_extract(body, '$.type') IN (SELECT value FROM json_each(?)) "
            "AND substr(coalesce(json_extract(body, '$.at'), json_extract(body, '$.date')), "
            "1, 10) < ? ORDER BY of_id, number",
            [json.dumps(list(types)), day],
        )
        found: dict[str, list[int]] = {}
        for of_id, number in rows:
            found.setdefault(of_id, []).append(number)
        return {of_id: tuple(numbers) for of_id, numbers in found.items()}

    def close(self) -> None:
        self.db.close()


def _json_field(field: str) -> str:
    """A field of a document's JSON as SQL, for an index (an index matches its expression
    as written, so the field is part of the SQL, not a parameter)."""
    if not _INDEXED_FIELD.fullmatch(field):
        raise ValueError(f"{field!r} cannot name an indexed field")
    return f"json_extract(body, '$.{field}')"


def _period_filter(start: str | None, end: str | None) -> tuple[list[str], list[Any]]:
    """SQL conditions (and their values) for a moment from `start` up to `end`."""
    where: list[str] = []
    params: list[Any] = []
    if start is not None:
        where.append("documents.moment >= ?")
        params.append(start)
    if end is not None:
        where.append("documents.moment < ?")
        params.append(end)
    return where, params


def _entry_filter(
    start: str | None,
    end: str | None,
    client: str | None,
    tag: str | None,
    discuss: bool,
    after: tuple[str, str] | None,
) -> tuple[list[str], list[Any]]:
    """The conditions of `documents_by_period` (and their values). `after` is written as
    a bound on the moment plus a tie-break on the id, so the (type, moment) index still
    finds where a page starts."""
    where, params = _period_filter(start, end)
    if client is not None:
        where.append("json_extract(body, '$.client') = ?")
        params.append(client)
    if tag is not None:
        where.append("EXISTS (SELECT 1 FROM json_each(body, '$.tags') WHERE value = ?)")
        params.append(tag)
    if discuss:
        where.append("json_extract(body, '$.discuss') = 1")
    if after is not None:
        moment, doc_id = after
        where.append("documents.moment <= ? AND (documents.moment < ? OR documents.id < ?)")
        params.extend([moment, moment, doc_id])
    return where, params


def _matched_lines(snippet: str, text: str) -> str:
    """The lines of a snippet that hold a match, marks removed, each with … where its
    line of the indexed text goes on (FTS5's own ellipses cannot tell a line's end from
    the end of the fragment)."""
    lines = text.split("\n")
    shown = []
    for piece in snippet.split("\n"):
        if _MATCH_START not in piece:
            continue
        words = piece.replace(_MATCH_START, "").replace(_MATCH_END, "")
        whole = next((line for line in lines if words in line), words)
        before = "" if whole.startswith(words) else "…"
        after = "" if whole.endswith(words) else "…"
        shown.append(f"{before}{words}{after}")
    return " … ".join(shown)
