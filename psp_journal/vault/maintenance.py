"""Whole-file operations: verify, backup, restore, destroy.

Each one either completes or leaves what was there before: copies are written beside
their target, checked, fsync'd and only then renamed into place.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from psp_journal.vault.disk import (
    DiskStore,
    create_private_file,
    fsync_directory,
    is_environment_error,
)
from psp_journal.vault.errors import IntegrityError, VaultError, VaultMissing
from psp_journal.vault.keys import DataKeys, unwrap_with_passphrase
from psp_journal.vault.meta import read_header
from psp_journal.vault.snapshot import SNAPSHOT_SUFFIX, discard_snapshot
from psp_journal.vault.store import Vault, full_scan_failures

_SIDE_FILES = ("-wal", "-shm", "-journal")
ASIDE_MARKER = ".before-"


def verify_vault(path: Path, passphrase: str) -> int:
    """Check the header, SQLite's structure, every record's tag and the set digest.

    Returns the number of records. Raises `IntegrityError` listing every problem found,
    `CannotUnlock` for a wrong passphrase. Opens read-only: verifying changes nothing.
    """
    disk = DiskStore.open(path, read_only=True)
    try:
        header = read_header(disk)
        dek, _ = unwrap_with_passphrase(header, passphrase)
        result = full_scan_failures(disk, header, DataKeys.from_dek(dek, header.vault_id))
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and is_environment_error(exc):
            raise
        raise IntegrityError([f"SQLite cannot read the file: {exc}"]) from exc
    finally:
        disk.close()
    if result.failures:
        raise IntegrityError(result.failures, [slot.hex() for slot in result.bad_slots])
    return len(result.macs)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _partial_path(target: Path) -> Path:
    return target.with_name(target.name + ".partial")


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def backup_vault(vault: Vault, target: Path) -> None:
    """A consistent, verified copy of the vault at `target` (0600), never half-written."""
    if target.exists():
        raise VaultError(f"{target} already exists; choose a new file name for the backup.")
    partial = _partial_path(target)
    _remove_quietly(partial)
    create_private_file(partial)
    try:
        vault.backup_to(partial)
        _fsync_file(partial)
        os.rename(partial, target)
    except BaseException:
        _remove_quietly(partial)
        raise
    fsync_directory(target.parent)


def restore_vault(vault_path: Path, source: Path, passphrase: str, now: datetime) -> Path | None:
    """Put a verified backup in place of the vault; the current vault is kept aside.

    Returns where the previous vault now is (None if there was none).
    """
    verify_vault(source, passphrase)
    partial = _partial_path(vault_path)
    _remove_quietly(partial)
    create_private_file(partial)
    try:
        copy_from = DiskStore.open(source, read_only=True)
        try:
            copy_from.backup_to(partial)
        finally:
            copy_from.close()
        _fsync_file(partial)
        aside = _set_aside(vault_path, now) if vault_path.exists() else None
        discard_snapshot(vault_path)
        os.rename(partial, vault_path)
    except BaseException:
        _remove_quietly(partial)
        raise
    fsync_directory(vault_path.parent)
    return aside


def _set_aside(vault_path: Path, now: datetime) -> Path:
    """Fold the WAL into the file, then move the file (and any leftovers) out of the way."""
    try:
        disk = DiskStore.open(vault_path)
        try:
            disk.checkpoint()
        finally:
            disk.close()
    except VaultError:
        pass
    stamp = now.strftime("%Y%m%d-%H%M%S")
    aside = vault_path.with_name(f"{vault_path.name}{ASIDE_MARKER}restore-{stamp}")
    os.rename(vault_path, aside)
    for suffix in _SIDE_FILES:
        side = vault_path.with_name(vault_path.name + suffix)
        if side.exists():
            os.rename(side, aside.with_name(aside.name + suffix))
    return aside


def vault_name(path: Path) -> str:
    """The short name the user types to confirm `destroy` (readable even if keys are lost)."""
    if not path.exists():
        raise VaultMissing(f"There is no vault at {path}.")
    disk = DiskStore.open(path, read_only=True)
    try:
        return read_header(disk).name
    finally:
        disk.close()


def files_to_destroy(vault_path: Path) -> list[Path]:
    """The vault, its SQLite side files, its snapshot, and copies kept aside by restore or
    upgrades."""
    folder = vault_path.parent
    suffixes = ("", *_SIDE_FILES, ".partial", SNAPSHOT_SUFFIX, SNAPSHOT_SUFFIX + ".partial")
    names = [vault_path.name + suffix for suffix in suffixes]
    found = [folder / name for name in names if (folder / name).exists()]
    found += sorted(folder.glob(vault_path.name + ASIDE_MARKER + "*"))
    return found


def destroy_vault(vault_path: Path) -> list[Path]:
    """Overwrite each file with zeros, flush, and remove it. Returns what was removed."""
    removed = files_to_destroy(vault_path)
    for path in removed:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.write(bytes(size))
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
    fsync_directory(vault_path.parent)
    return removed
