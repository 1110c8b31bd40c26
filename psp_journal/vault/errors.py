"""The vault's failures, each a distinct type so the faces can map them to exit codes.

Messages never contain user text: they name files, record ids and what failed.
"""

from __future__ import annotations


class VaultError(Exception):
    """Anything the vault refuses or cannot do; the message is safe to show."""


class VaultMissing(VaultError):
    """No vault at the expected place yet."""


class VaultExists(VaultError):
    """`init` would overwrite a vault that is already there."""


class NewerFormat(VaultError):
    """The file was made by a newer psp-journal; we never touch it."""


class CannotUnlock(VaultError):
    """Wrong passphrase or recovery key. Nothing was changed."""


class BadRecoveryKey(VaultError):
    """A recovery key that fails its own checksum or shape: a typo, caught before any work."""


class IntegrityError(VaultError):
    """The file is damaged or was tampered with; `failures` says what, `record_ids` where."""

    def __init__(self, failures: list[str], record_ids: list[str] | None = None) -> None:
        self.failures = failures
        self.record_ids = record_ids or []
        super().__init__("; ".join(failures))
