"""A reader that stops early (`psp-journal client list | head -1`) is the usual Unix
story, not an error: no "Broken pipe" message, no traceback, exit 0. Real processes and
real pipes, since the failure only shows where the operating system closes the pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from psp_journal.journal import Journal
from psp_journal.vault import Vault
from tests.conftest import PASSPHRASE, fixed_clock

CLIENTS = 5000  # ~100 kB of lines: more than a pipe holds, so writing blocks, then breaks


@pytest.fixture
def many_clients(home: Path, vault_path: Path, recovery_key: str) -> Path:
    vault = Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock)
    try:
        lines = [json.dumps({"type": "client", "alias": f"C-{n:05}"}) for n in range(CLIENTS)]
        Journal(vault, fixed_clock).import_documents(lines)
    finally:
        vault.close()
    return home


def start(home: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE}
    return subprocess.Popen(
        [sys.executable, "-m", "psp_journal", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def assert_quiet_success(process: subprocess.Popen[bytes]) -> None:
    assert process.stderr is not None
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, errors
    assert "pipe" not in errors.lower() and "Traceback" not in errors, errors


def test_head_of_a_long_listing_exits_0_without_a_message(many_clients: Path) -> None:
    process = start(many_clients, "client", "list")
    assert process.stdout is not None
    first = process.stdout.readline()
    process.stdout.close()
    assert first.startswith(b"C-00000")
    assert_quiet_success(process)


def test_a_reader_gone_before_the_first_line_is_no_error(many_clients: Path) -> None:
    """Even one short line meets the closed pipe."""
    process = start(many_clients, "settings", "get", "country")
    assert process.stdout is not None
    process.stdout.close()
    assert_quiet_success(process)
