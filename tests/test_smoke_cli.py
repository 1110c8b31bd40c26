"""The vault commands end to end, with their exit codes."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import RunCli


def test_verify_on_a_fresh_vault(run_cli: RunCli, recovery_key: str) -> None:
    result = run_cli("verify")
    assert result.exit_code == 0, result.output
    assert "0 records" in result.output


def test_verify_without_a_vault_says_to_init(run_cli: RunCli, home: Path) -> None:
    result = run_cli("verify")
    assert result.exit_code == 1
    assert "psp-journal init" in result.output
