"""The `psp-journal` command line: a thin face over the journal and the vault."""

from psp_journal.cli import export_commands, journal_commands, review_commands, vault_commands
from psp_journal.cli.base import cli, main

__all__ = [
    "cli",
    "export_commands",
    "journal_commands",
    "main",
    "review_commands",
    "vault_commands",
]
