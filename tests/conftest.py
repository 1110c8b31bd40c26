"""Shared fixtures: cheap-KDF vaults (through the Python API only), CLI runners, a clock."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from psp_journal.cli import cli
from psp_journal.vault import KdfParams, Vault

PASSPHRASE = "correct horse battery staple"
CHEAP_KDF = KdfParams(memory_kib=19 * 1024, iterations=2, lanes=1)
FIXED_NOW = datetime(2026, 11, 20, 17, 30)


def fixed_clock() -> datetime:
    return FIXED_NOW


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture
def vault_path(home: Path) -> Path:
    return home / "journal.vault"


@pytest.fixture
def recovery_key(vault_path: Path) -> str:
    """An empty vault at `vault_path`, made with a cheap KDF; returns its recovery key."""
    vault, key = Vault.create(vault_path, PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)
    vault.close()
    return key


@pytest.fixture
def open_vault(vault_path: Path, recovery_key: str) -> Iterator[Vault]:
    vault = Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock)
    yield vault
    vault.close()


RunCli = Callable[..., Result]


def runner_for(home: Path) -> RunCli:
    """The CLI in-process against `home`, with the passphrase set as a script would; any
    variable can be overridden (None unsets it). For tests that make their own homes."""

    def run(*args: str, input: str | bytes | None = None, **env: str | None) -> Result:
        environment: dict[str, str | None] = {
            "PSP_JOURNAL_HOME": str(home),
            "PSP_JOURNAL_PASSPHRASE": PASSPHRASE,
            "PSP_JOURNAL_PASSPHRASE_FILE": None,
            "PSP_JOURNAL_NEW_PASSPHRASE": None,
            "PSP_JOURNAL_RECOVERY_KEY": None,
        }
        environment.update(env)
        return CliRunner().invoke(cli, list(args), input=input, env=environment)

    return run


@pytest.fixture
def run_cli(home: Path) -> RunCli:
    """Invoke the CLI in-process with the home and passphrase set as a script would."""
    return runner_for(home)


def run_process(
    args: list[str], env: dict[str, str], input: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The real command in a child process, as a user or a script runs it."""
    return subprocess.run(
        [sys.executable, "-m", "psp_journal", *args],
        env={**os.environ, **env},
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def files_under(*folders: Path) -> list[Path]:
    return [path for folder in folders for path in folder.rglob("*") if path.is_file()]
