"""How the command line gets secrets: environment variables for scripts, else a terminal.

The conventions are restic's and borg's, which many users already know. Secrets are never
taken as command-line arguments (the process list and shell history would keep them).
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Mapping
from pathlib import Path

from psp_journal.vault_advice import (
    MIN_PASSPHRASE_LENGTH,
    passphrase_too_short,
    short_passphrase_advice,
)

PASSPHRASE = "PSP_JOURNAL_PASSPHRASE"
PASSPHRASE_FILE = "PSP_JOURNAL_PASSPHRASE_FILE"
NEW_PASSPHRASE = "PSP_JOURNAL_NEW_PASSPHRASE"
RECOVERY_KEY = "PSP_JOURNAL_RECOVERY_KEY"


class InputProblem(Exception):
    """Bad or missing input, found before the vault is touched; exit code 2."""


def has_terminal() -> bool:
    return sys.stdin.isatty()


def _ask_hidden(prompt: str) -> str:
    try:
        return getpass.getpass(prompt)
    except EOFError as exc:
        raise InputProblem("No input was given.") from exc


def current_passphrase(environ: Mapping[str, str]) -> str:
    """The passphrase that opens the vault: variable, then file, then the terminal."""
    if environ.get(PASSPHRASE):
        return environ[PASSPHRASE]
    if environ.get(PASSPHRASE_FILE):
        return _first_line_of(Path(environ[PASSPHRASE_FILE]))
    if has_terminal():
        return _ask_hidden("Passphrase: ")
    raise InputProblem(
        f"No passphrase was given. Run this in a terminal, or set {PASSPHRASE} "
        f"or {PASSPHRASE_FILE} (a file whose first line is the passphrase)."
    )


def _first_line_of(path: Path) -> str:
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputProblem(
            f"{PASSPHRASE_FILE}: the file {path} cannot be read ({type(exc).__name__})."
        ) from exc


def check_new_passphrase(passphrase: str, source: str) -> str:
    if passphrase_too_short(passphrase):
        raise InputProblem(
            f"{source}: a passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters "
            f"(this one has {len(passphrase)}). A few unrelated words work well."
        )
    return passphrase


def new_passphrase(environ: Mapping[str, str], variable: str) -> str:
    """A passphrase being set: from `variable`, else typed twice on the terminal."""
    if environ.get(variable):
        return check_new_passphrase(environ[variable], variable)
    if not has_terminal():
        raise InputProblem(
            f"No new passphrase was given. Run this in a terminal, or set {variable}."
        )
    while True:
        first = _ask_hidden("New passphrase: ")
        if passphrase_too_short(first):
            print(short_passphrase_advice(), file=sys.stderr)
            continue
        if _ask_hidden("The same passphrase again: ") == first:
            return first
        print("The two did not match. Let's try again.", file=sys.stderr)


def recovery_key(environ: Mapping[str, str]) -> str:
    if environ.get(RECOVERY_KEY):
        return environ[RECOVERY_KEY]
    if has_terminal():
        return _ask_hidden("Recovery key (dashes and spaces are fine): ")
    raise InputProblem(f"No recovery key was given. Run this in a terminal, or set {RECOVERY_KEY}.")
