"""The SQLite file on disk: only ciphertext and the header, written durably.

Raw `sqlite3` rather than sqlite-utils here, because every write must be a
`BEGIN IMMEDIATE` transaction: two processes writing at once then serialise on the file
lock, and nothing either acknowledged is lost.
"""

from __future__ import annotations

import glob
import os
import secrets
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from psp_journal.vault.errors import IntegrityError, VaultExists, VaultMissing

BUSY_TIMEOUT_MS = 30_000
# Records are 0.3–4 KiB; with 4 KiB pages most would spill to overflow pages (a 3× larger
# file). 16 KiB pages keep them in the b-tree.
PAGE_SIZE = 16384
# Enough page cache to keep a ten-year journal's b-tree hot: a save then reads no pages.
CACHE_KIB = 32 * 1024

# Every write and every delete takes the next number of one counter (META_WRITE_SEQ), so an
# unlock reads only what changed since its snapshot. The index on `seq` also keeps
# `count(*)` cheap: SQLite counts the smallest index instead of walking every blob.
WRITE_SEQUENCE_SCHEMA = (
    "CREATE INDEX records_by_seq ON records (seq)",
    "CREATE TABLE tombstones (slot BLOB PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE INDEX tombstones_by_seq ON tombstones (seq)",
)
_SCHEMA = (
    "CREATE TABLE vault_meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "CREATE TABLE records (id BLOB PRIMARY KEY, blob BLOB NOT NULL, seq INTEGER NOT NULL) "
    "WITHOUT ROWID",
    *WRITE_SEQUENCE_SCHEMA,
)
META_WRITE_SEQ = "write_seq"
# Checkpoints are ours to schedule (see `checkpoint_if_due` in store.py): SQLite's automatic
# one runs inside whichever commit crosses 1,000 pages, which set the save's p99.
NO_AUTOCHECKPOINT = "PRAGMA wal_autocheckpoint=0"


def _read_only_uri(path: Path) -> str:
    """Read-only; and where the folder cannot be written and no WAL is waiting, immutable:
    SQLite could not create the shared-memory file it otherwise needs for a WAL database."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    settled = not wal.exists() or wal.stat().st_size == 0
    if settled and not os.access(path.parent, os.W_OK):
        uri += "&immutable=1"
    return uri


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """Usable from another thread than the one that opened it: the app unlocks in a
    worker thread (the KDF must not freeze the screen) and then writes from the UI
    thread. Never from two threads at once: each face uses a vault from one at a time."""
    target = _read_only_uri(path) if read_only else str(path)
    conn = sqlite3.connect(
        target,
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
        uri=read_only,
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA temp_store=MEMORY")
        if read_only:
            return conn
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        if sys.platform == "darwin":
            conn.execute("PRAGMA fullfsync=ON")
            conn.execute("PRAGMA checkpoint_fullfsync=ON")
        conn.execute("PRAGMA secure_delete=ON")
        conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        conn.execute(NO_AUTOCHECKPOINT)
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


def create_private_file(path: Path) -> None:
    """Create an empty 0600 file, refusing to overwrite one."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _partial_name(path: Path, token: str) -> Path:
    return path.with_name(f".{path.name}.{token}.partial")


def leftover_partials(path: Path) -> list[Path]:
    """Files `write_file_durably` began for `path` and a crash left behind."""
    return list(path.parent.glob(glob.escape(f".{path.name}.") + "*.partial"))


def _write_partial(path: Path, data: bytes) -> Path:
    """`data` in a new 0600 file beside `path`, fsync'd; removed again if writing fails."""
    partial = _partial_name(path, secrets.token_hex(8))
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial


def write_file_durably(path: Path, data: bytes) -> None:
    """`data` at `path`, 0600, whole or not at all: written beside, fsync'd, renamed, and
    the rename made durable. A crash leaves the old file (or none), never half of one.

    The file beside gets a fresh, unpredictable name and is created exclusively, so
    nothing already there (a leftover, or a symlink someone planted to catch the data)
    is ever opened, followed or reused."""
    partial = _write_partial(path, data)
    try:
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def write_new_file_durably(path: Path, data: bytes) -> None:
    """Like `write_file_durably`, but `path` must not exist yet: the whole file is written
    beside, fsync'd, then hard-linked into place, which fails (FileExistsError) rather
    than replace anything that appeared at `path` meanwhile. Either the whole file is
    there, 0600, or nothing is: never half of one, never someone else's file replaced."""
    partial = _write_partial(path, data)
    try:
        os.link(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    fsync_directory(path.parent)


def fsync_directory(path: Path) -> None:
    """Make a create, rename or unlink in this folder durable (a no-op where unsupported)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# Format 1 had no write sequence; `migrate.py` adds it, so both shapes may be opened.
_EXPECTED_COLUMNS = {
    "vault_meta": (["key", "value"],),
    "records": (["id", "blob", "seq"], ["id", "blob"]),
}


def _check_schema(conn: sqlite3.Connection) -> None:
    """The tables with their columns, or the file is damaged (not merely unreadable)."""
    try:
        for table, shapes in _EXPECTED_COLUMNS.items():
            found = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            if found not in shapes:
                raise IntegrityError([f"the vault file's {table} table is missing or damaged"])
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if isinstance(exc, sqlite3.OperationalError) and not _looks_damaged(exc):
            raise
        raise IntegrityError([f"the vault file cannot be read as a database ({exc})"]) from exc


_ENVIRONMENT_ERRORS = (
    "SQLITE_CANTOPEN",
    "SQLITE_READONLY",
    "SQLITE_IOERR",
    "SQLITE_FULL",
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_PERM",
    "SQLITE_NOMEM",
)


def is_environment_error(error: sqlite3.Error) -> bool:
    """The disk, permissions or another process stood in the way: nothing is damaged."""
    name = getattr(error, "sqlite_errorname", None) or ""
    return name.startswith(_ENVIRONMENT_ERRORS)


def _looks_damaged(error: sqlite3.OperationalError) -> bool:
    return not is_environment_error(error)


def _stored_bytes(value: object, what: str) -> bytes:
    """Everything stored is a blob; anything else SQLite hands back is damage."""
    if not isinstance(value, bytes):
        raise IntegrityError([f"{what} is damaged (it is not stored as bytes)"])
    return value


class DiskStore:
    """One open vault file. Not thread-safe: one per thread or process."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._conn = conn

    @classmethod
    def create(cls, path: Path) -> DiskStore:
        try:
            create_private_file(path)
        except FileExistsError as exc:
            raise VaultExists(f"A vault already exists at {path}.") from exc
        setup = sqlite3.connect(path, isolation_level=None)
        try:
            setup.execute(f"PRAGMA page_size={PAGE_SIZE}")
            for statement in _SCHEMA:
                setup.execute(statement)
        finally:
            setup.close()
        fsync_directory(path.parent)
        return cls(path, _connect(path))

    @classmethod
    def open(cls, path: Path, read_only: bool = False) -> DiskStore:
        """Open an existing vault file; read-only opens never change it (backups, rescue)."""
        if not path.is_file():
            raise VaultMissing(f"There is no vault at {path} yet. Run `psp-journal init` first.")
        if not read_only:
            # Look read-only first: opening an empty or foreign file read-write would
            # turn it into a WAL database. (Through SQLite, never a second raw file
            # descriptor: closing one would drop this process's locks on the vault.)
            cls.open(path, read_only=True).close()
        try:
            conn = _connect(path, read_only)
        except sqlite3.OperationalError:
            raise  # cannot open or write (permissions, read-only, full): not damage
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            raise IntegrityError([f"the vault file cannot be read as a database ({exc})"]) from exc
        try:
            _check_schema(conn)
        except BaseException:
            conn.close()
            raise
        # Everything stored is bytes. Should damage retype a blob as text, read its bytes
        # as they are (the record's tag then decides) instead of failing to decode them.
        conn.text_factory = bytes
        return cls(path, conn, read_only)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """`BEGIN IMMEDIATE` … `COMMIT`; any exception rolls everything back. Inside an
        open transaction it joins it (the outer one commits or rolls back)."""
        if self._conn.in_transaction:
            yield
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """One consistent view of the file while another process may be writing."""
        if self._conn.in_transaction:
            yield
            return
        self._conn.execute("BEGIN")
        try:
            yield
        finally:
            self._conn.execute("COMMIT")

    def get_meta(self, key: str) -> bytes | None:
        row = self._conn.execute("SELECT value FROM vault_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else _stored_bytes(row[0], f"the vault's {key}")

    def put_meta(self, key: str, value: bytes) -> None:
        self._conn.execute(
            "INSERT INTO vault_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def get_blob(self, record_id: bytes) -> bytes | None:
        row = self._conn.execute("SELECT blob FROM records WHERE id = ?", (record_id,)).fetchone()
        return None if row is None else _stored_bytes(row[0], f"record {record_id.hex()}")

    def put_blob(self, record_id: bytes, blob: bytes, seq: int) -> None:
        self._conn.execute(
            "INSERT INTO records (id, blob, seq) VALUES (?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET blob = excluded.blob, seq = excluded.seq",
            (record_id, blob, seq),
        )

    def delete_blob(self, record_id: bytes, seq: int) -> None:
        """Remove a record and leave its tombstone: an unlock from an older snapshot, and
        the rescue reading old pages, both learn that it is gone."""
        self._conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
        self._conn.execute(
            "INSERT INTO tombstones (slot, seq) VALUES (?, ?) "
            "ON CONFLICT (slot) DO UPDATE SET seq = excluded.seq",
            (record_id, seq),
        )

    def add_write_sequence(self) -> None:
        """Format 1 → 2: existing rows get write number 0, older than any snapshot."""
        self._conn.execute("ALTER TABLE records ADD COLUMN seq INTEGER NOT NULL DEFAULT 0")
        for statement in WRITE_SEQUENCE_SCHEMA:
            self._conn.execute(statement)
        self.set_write_seq(0)

    def has_write_sequence(self) -> bool:
        columns = [row[1] for row in self._conn.execute("PRAGMA table_info(records)")]
        return b"seq" in columns or "seq" in columns

    def write_seq(self) -> int:
        """The number of the latest write or delete (0 before the first)."""
        raw = self.get_meta(META_WRITE_SEQ)
        return 0 if raw is None else int.from_bytes(raw, "big")

    def set_write_seq(self, seq: int) -> None:
        self.put_meta(META_WRITE_SEQ, seq.to_bytes(8, "big"))

    def rows_since(self, seq: int) -> list[tuple[bytes, bytes]]:
        """Records written after write number `seq`, through the index: O(changes)."""
        return self._conn.execute("SELECT id, blob FROM records WHERE seq > ?", (seq,)).fetchall()

    def tombstones_since(self, seq: int) -> list[bytes]:
        """Slots deleted after write number `seq` (and perhaps written again since)."""
        rows = self._conn.execute("SELECT slot FROM tombstones WHERE seq > ?", (seq,))
        return [row[0] for row in rows]

    def tombstones(self) -> dict[bytes, int]:
        """Every deleted slot with the number of its latest delete (none in format 1)."""
        if not self.has_write_sequence():
            return {}
        return dict(self._conn.execute("SELECT slot, seq FROM tombstones").fetchall())

    def all_blobs(self) -> Iterator[tuple[bytes, bytes]]:
        yield from self._conn.execute("SELECT id, blob FROM records")

    def raw_rows(self, order: str) -> Iterator[tuple[bytes, bytes, int]]:
        """Records by slot with their write number, "ASC" or "DESC": from both ends, one
        bad page hides less."""
        direction = "DESC" if order == "DESC" else "ASC"
        seq = "seq" if self.has_write_sequence() else "0"
        yield from self._conn.execute(
            f"SELECT id, blob, {seq} FROM records ORDER BY id {direction}"
        )

    def record_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM records").fetchone()[0])

    def data_version(self) -> int:
        """Changes when another connection commits; our own commits leave it alone."""
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def integrity_problems(self) -> list[str]:
        rows = [
            row[0].decode("utf-8", "replace") if isinstance(row[0], bytes) else str(row[0])
            for row in self._conn.execute("PRAGMA integrity_check")
        ]
        return [] if rows == ["ok"] else rows

    def backup_to(self, target: Path) -> None:
        """A consistent copy through SQLite's backup API, as one self-contained file."""
        destination = sqlite3.connect(target, isolation_level=None)
        try:
            self._conn.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()

    def checkpoint(self) -> bool:
        """Fold the WAL back and truncate it: deleted data must not linger there. False
        when a reader in another process kept part of it (it is folded next time)."""
        busy = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        return not busy

    def wal_bytes(self) -> int:
        """The size of the write-ahead log, 0 when there is none."""
        try:
            return self.path.with_name(self.path.name + "-wal").stat().st_size
        except FileNotFoundError:
            return 0

    def close(self) -> None:
        self._conn.close()
