"""Encrypted storage of documents; knows nothing of check-ins or clients.

The faces and the journal import from here only: `Vault` and the errors.
"""

from psp_journal.vault.crypto import KdfParams
from psp_journal.vault.errors import (
    BadRecoveryKey,
    CannotUnlock,
    IntegrityError,
    NewerFormat,
    VaultError,
    VaultExists,
    VaultMissing,
)
from psp_journal.vault.store import Changes, Revision, Vault

__all__ = [
    "BadRecoveryKey",
    "CannotUnlock",
    "Changes",
    "IntegrityError",
    "KdfParams",
    "NewerFormat",
    "Revision",
    "Vault",
    "VaultError",
    "VaultExists",
    "VaultMissing",
]
