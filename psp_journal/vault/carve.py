"""Read records straight out of SQLite's page format, for rescuing a damaged vault.

When a b-tree page is damaged, SQLite cannot reach the records below it even though
their bytes are intact. Here every b-tree page of the file (and of its WAL) is parsed on
its own, so each surviving cell can be offered to the vault. Nothing found here is trusted:
the vault accepts a candidate only if its AEAD tag verifies for its slot.

The format is SQLite's documented file format (sqlite.org/fileformat2.html): page size at
header offset 16, index pages (types 0x02 and 0x0a: WITHOUT ROWID tables keep rows in
both), leaf table pages (0x0d), varints, record headers, and overflow chains.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

_HEADER_BYTES = 100
_INTERIOR_INDEX = 0x02
_LEAF_INDEX = 0x0A
_LEAF_TABLE = 0x0D
_WAL_HEADER_BYTES = 32
_WAL_FRAME_HEADER_BYTES = 24

Value = bytes | str | int | float | None


class _Damaged(Exception):
    """A cell that does not parse; skipped."""


def _varint(data: bytes, offset: int) -> tuple[int, int]:
    value = 0
    for index in range(9):
        if offset + index >= len(data):
            raise _Damaged("varint runs off the page")
        byte = data[offset + index]
        if index == 8:
            return (value << 8) | byte, offset + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, offset + index + 1
    raise _Damaged("unreachable")


def _decode_record(payload: bytes) -> list[Value]:
    header_size, position = _varint(payload, 0)
    if header_size > len(payload):
        raise _Damaged("record header larger than the payload")
    types = []
    while position < header_size:
        serial_type, position = _varint(payload, position)
        types.append(serial_type)
    values: list[Value] = []
    body = header_size
    for serial_type in types:
        size = _serial_size(serial_type)
        if body + size > len(payload):
            raise _Damaged("record value runs past the payload")
        raw = payload[body : body + size]
        body += size
        values.append(_serial_value(serial_type, raw))
    return values


def _serial_size(serial_type: int) -> int:
    fixed = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8, 8: 0, 9: 0}
    if serial_type in fixed:
        return fixed[serial_type]
    if serial_type >= 12:
        return (serial_type - 12) // 2 if serial_type % 2 == 0 else (serial_type - 13) // 2
    raise _Damaged("reserved serial type")


def _serial_value(serial_type: int, raw: bytes) -> Value:
    if serial_type == 0:
        return None
    if serial_type in (8, 9):
        return serial_type - 8
    if serial_type <= 6:
        return int.from_bytes(raw, "big", signed=True)
    if serial_type == 7:
        import struct

        return float(struct.unpack(">d", raw)[0])
    if serial_type % 2 == 0:
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Damaged("text that is not UTF-8") from exc


class _Pages:
    """Pages by number, from the main file; overflow chains are followed through it."""

    def __init__(self, data: bytes, page_size: int) -> None:
        self.data = data
        self.page_size = page_size

    def page(self, number: int) -> bytes:
        start = (number - 1) * self.page_size
        if number < 1 or start + self.page_size > len(self.data):
            raise _Damaged("page number outside the file")
        return self.data[start : start + self.page_size]


def _payload(page: bytes, offset: int, size: int, max_local: int, pages: _Pages) -> bytes:
    usable = pages.page_size
    min_local = ((usable - 12) * 32 // 255) - 23
    if size <= max_local:
        local = size
    else:
        local = min_local + ((size - min_local) % (usable - 4))
        if local > max_local:
            local = min_local
    if offset + local > len(page):
        raise _Damaged("cell runs off the page")
    parts = [page[offset : offset + local]]
    remaining = size - local
    if remaining:
        next_page = int.from_bytes(page[offset + local : offset + local + 4], "big")
        seen: set[int] = set()
        while remaining > 0:
            if next_page in seen:
                raise _Damaged("overflow chain loops")
            seen.add(next_page)
            overflow = pages.page(next_page)
            chunk = overflow[4 : 4 + min(remaining, usable - 4)]
            parts.append(chunk)
            remaining -= len(chunk)
            next_page = int.from_bytes(overflow[:4], "big")
    return b"".join(parts)


def _cells(page: bytes, header_at: int, pages: _Pages) -> Iterator[list[Value]]:
    kind = page[header_at]
    if kind not in (_INTERIOR_INDEX, _LEAF_INDEX, _LEAF_TABLE):
        return
    usable = pages.page_size
    if kind == _LEAF_TABLE:
        max_local = usable - 35
    else:
        max_local = ((usable - 12) * 64 // 255) - 23
    count = int.from_bytes(page[header_at + 3 : header_at + 5], "big")
    pointers = header_at + (12 if kind == _INTERIOR_INDEX else 8)
    for index in range(count):
        try:
            offset = int.from_bytes(page[pointers + 2 * index : pointers + 2 * index + 2], "big")
            if kind == _INTERIOR_INDEX:
                offset += 4  # the left child's page number
            size, offset = _varint(page, offset)
            if kind == _LEAF_TABLE:
                _, offset = _varint(page, offset)
            yield _decode_record(_payload(page, offset, size, max_local, pages))
        except (_Damaged, IndexError, ValueError):
            continue


def _page_images(path: Path, page_size: int) -> Iterator[tuple[bytes, int]]:
    """(page bytes, b-tree header offset) for every page of the file and of its WAL."""
    data = path.read_bytes()
    for start in range(0, len(data) - page_size + 1, page_size):
        yield data[start : start + page_size], _HEADER_BYTES if start == 0 else 0
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        frames = wal.read_bytes()
        step = _WAL_FRAME_HEADER_BYTES + page_size
        for start in range(_WAL_HEADER_BYTES, len(frames) - step + 1, step):
            page_number = int.from_bytes(frames[start : start + 4], "big")
            body = frames[start + _WAL_FRAME_HEADER_BYTES : start + step]
            yield body, _HEADER_BYTES if page_number == 1 else 0


def page_size_of(data: bytes) -> int | None:
    if len(data) < _HEADER_BYTES or not data.startswith(b"SQLite format 3\x00"):
        return None
    raw = int.from_bytes(data[16:18], "big")
    size = 65536 if raw == 1 else raw
    return size if size >= 512 and size & (size - 1) == 0 else None


def carve_rows(path: Path, page_size: int) -> Iterator[list[Value]]:
    """Every row that parses on any b-tree page of the file or its WAL, oldest copies first."""
    pages = _Pages(path.read_bytes(), page_size)
    for page, header_at in _page_images(path, page_size):
        try:
            yield from _cells(page, header_at, pages)
        except (_Damaged, IndexError):
            continue
