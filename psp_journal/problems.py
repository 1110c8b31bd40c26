"""What went wrong with a file or the database, in plain words both faces show.

Never echoes anything the person wrote: only the kind of failure and, for files, the path.
"""

from __future__ import annotations

SQLITE_DAMAGE = "The vault file is damaged: SQLite cannot read part of it."


def describe_os_error(error: OSError) -> str:
    """Say what went wrong with the file system without echoing anything the user wrote."""
    import errno

    where = f" ({error.filename})" if error.filename else ""
    if error.errno == errno.ENOSPC or error.errno == errno.EFBIG:
        return f"The disk is full{where}. Nothing unsaved was acknowledged; free some space."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Permission denied{where}. Check that you own the folder and it is writable."
    return f"A file operation failed{where}: {error.strerror or type(error).__name__}."


def describe_sqlite_error(error: Exception) -> str:
    """By SQLite's own error name: a refused write at a size limit is an I/O error whose
    text says nothing of space."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR")):
        return (
            "The disk is full (or a file size limit was reached), or it refused a write. "
            "Nothing unsaved was acknowledged; free some space and try again."
        )
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        return "The vault cannot be written here (read-only or no permission)."
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "Another psp-journal kept the vault busy for too long; please try again."
    return f"The vault file could not be used ({type(error).__name__})."
