"""Upgrading a vault made by an older psp-journal: a backup first, then one transaction.

Format 1 → 2 adds the write sequence (a number on every row, tombstones for deletes) that
lets an unlock read only what changed since its snapshot.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Mapping
from pathlib import Path

from psp_journal.vault.disk import DiskStore, create_private_file, fsync_directory
from psp_journal.vault.errors import IntegrityError
from psp_journal.vault.header import FORMAT_VERSION, Header
from psp_journal.vault.meta import write_header

Migration = Callable[[DiskStore], None]
UPGRADE_COPY_INFIX = ".before-format-"


def add_write_sequence(disk: DiskStore) -> None:
    disk.add_write_sequence()


MIGRATIONS: Mapping[int, Migration] = {1: add_write_sequence}


def migrate_if_needed(
    disk: DiskStore,
    header: Header,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    target: int = FORMAT_VERSION,
) -> Header:
    """Run each step `n → n+1` up to `target` after copying the file aside."""
    if header.format >= target:
        return header
    missing = [n for n in range(header.format, target) if n not in migrations]
    if missing:
        raise IntegrityError([f"the vault's format {header.format} is not one this version knows"])
    backup = disk.path.with_name(f"{disk.path.name}{UPGRADE_COPY_INFIX}{target}")
    if not backup.exists():
        create_private_file(backup)
        disk.backup_to(backup)
        fsync_directory(backup.parent)
    upgraded = header.with_changes(format=target)
    with disk.transaction():
        for step in range(header.format, target):
            migrations[step](disk)
        write_header(disk, upgraded)
    return upgraded


def discard_upgrade_copies(vault_path: Path) -> bool:
    """Remove the copies kept from before an upgrade, durably; True if there were any.

    An erase calls this: such a copy still holds what is being erased, and restoring it
    would bring that back."""
    found = list(vault_path.parent.glob(glob.escape(vault_path.name + UPGRADE_COPY_INFIX) + "*"))
    for copy in found:
        copy.unlink(missing_ok=True)
    if found:
        fsync_directory(vault_path.parent)
    return bool(found)
