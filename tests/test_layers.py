"""Imports point down: the core and the command line never load Textual.

Checked in fresh child processes, since this test session itself may have imported
Textual already (the app's tests do).
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import psp_journal
from psp_journal import __version__

REPO = Path(__file__).resolve().parents[1]

# Every module except the app's own (`psp_journal.tui`): the core and the command line.
# Walked rather than listed, so a new core module cannot be forgotten here.
CORE_MODULES = [
    "psp_journal",
    *[
        module.name
        for module in pkgutil.walk_packages(psp_journal.__path__, "psp_journal.")
        if not module.name.startswith("psp_journal.tui") and module.name != "psp_journal.__main__"
    ],
]


def python(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, cwd=REPO
    )


def textual_modules_after(code: str) -> list[str]:
    script = code + textwrap.dedent(
        """
        import json, sys
        print(json.dumps(sorted(m for m in sys.modules
                                if m == "textual" or m.startswith("textual."))))
        """
    )
    result = python("-c", script)
    assert result.returncode == 0, result.stderr
    found: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def test_the_core_modules_exist() -> None:
    for name in (
        "psp_journal.vault.store",
        "psp_journal.journal",
        "psp_journal.models.records",
        "psp_journal.care.strain",
        "psp_journal.care.step_back",
        "psp_journal.care.status_text",
        "psp_journal.care.crisis_lines",
        "psp_journal.cli.secrets",
        "psp_journal.demo",
        "psp_journal.portability",
    ):
        assert name in CORE_MODULES


def test_importing_the_core_loads_no_textual() -> None:
    imports = "\n".join(f"import {name}" for name in CORE_MODULES)
    assert textual_modules_after(imports) == []


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_run_the_real_entry_point_without_textual(option: str) -> None:
    """`python -m psp_journal OPTION`, run in-process in a child so its modules can be read."""
    run = textwrap.dedent(
        f"""
        import runpy, sys
        sys.argv = ["psp-journal", "{option}"]
        try:
            runpy.run_module("psp_journal", run_name="__main__", alter_sys=True)
        except SystemExit as stop:
            code = stop.code
        else:
            code = 0
        print()
        print("exit", code)
        """
    )
    script = run + textwrap.dedent(
        """
        print("textual", [m for m in sys.modules if m == "textual" or m.startswith("textual.")])
        """
    )
    result = python("-c", script)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-2] in ("exit 0", "exit None"), result.stdout
    assert lines[-1] == "textual []"


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_python_m_exits_0_and_importtime_shows_no_textual(option: str) -> None:
    result = python("-X", "importtime", "-m", "psp_journal", option)
    assert result.returncode == 0, result.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert "psp_journal.cli" in imported, "importtime printed nothing useful"
    assert [name for name in imported if name.split(".")[0] == "textual"] == []
    assert "textual" not in result.stderr


def test_version_prints_the_package_version() -> None:
    result = python("-m", "psp_journal", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("psp-journal")
    assert result.stdout.split()[-1] == __version__
    assert __version__ == psp_journal.__version__


def test_help_names_the_vault_commands() -> None:
    result = python("-m", "psp_journal", "--help")
    assert result.returncode == 0, result.stderr
    for command in ("init", "verify", "backup", "restore", "passwd", "recover", "destroy"):
        assert command in result.stdout


def test_the_installed_command_prints_the_version() -> None:
    command = Path(sys.executable).parent / "psp-journal"
    if not command.exists():
        pytest.skip(f"no installed psp-journal script beside {sys.executable}")
    result = subprocess.run([str(command), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == __version__
