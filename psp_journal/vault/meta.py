"""The rows of `vault_meta`: the header, its checksum and the sealed set digest."""

from __future__ import annotations

from psp_journal.vault.disk import DiskStore
from psp_journal.vault.header import Header, parse_header

META_HEADER = "header"
META_CHECKSUM = "header_sha256"
META_DIGEST = "set_digest"


def read_header(disk: DiskStore) -> Header:
    return parse_header(disk.get_meta(META_HEADER), disk.get_meta(META_CHECKSUM))


def write_header(disk: DiskStore, header: Header) -> None:
    disk.put_meta(META_HEADER, header.to_bytes())
    disk.put_meta(META_CHECKSUM, header.checksum())
