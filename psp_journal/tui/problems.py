"""One plain sentence for a failure the app can't fix by itself, never a traceback."""

from __future__ import annotations

import sqlite3

from psp_journal.i18n import _
from psp_journal.models import ValidationError
from psp_journal.problems import describe_os_error, describe_sqlite_error
from psp_journal.vault import VaultError


def describe_problem(error: BaseException) -> str:
    """The vault's and the models' own messages are written for people; the rest are
    named by kind, so nothing the person wrote can show up in one."""
    if isinstance(error, VaultError | ValidationError):
        return str(error)
    if isinstance(error, sqlite3.Error):
        return describe_sqlite_error(error)
    if isinstance(error, OSError):
        return describe_os_error(error)
    return _("Something unexpected went wrong. Anything reported as saved is safe.")
