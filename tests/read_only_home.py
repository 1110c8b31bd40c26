"""Running a real command with its home folder read-only, the same way for root and others.

chmod does not stop root (CI runs as root), so the home is bind-mounted read-only in a
private mount namespace: `unshare -m` where we may create one (root), else `unshare -rm`,
which first maps us to root in a user namespace of our own. The mount is gone when the
process ends. Where neither works the tests skip, and `.ci/run` fails on any skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REMOUNT_READ_ONLY = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
NAMESPACE_OPTIONS = (["-m"], ["-r", "-m"])


def _namespace_command(options: list[str], folder: str, command: list[str]) -> list[str]:
    return [
        "unshare",
        *options,
        "--propagation",
        "private",
        "sh",
        "-c",
        REMOUNT_READ_ONLY,
        folder,
        *command,
    ]


@cache
def namespace_options() -> tuple[list[str] | None, str]:
    """The `unshare` options that give a working read-only bind mount here, or why none do."""
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return None, "unshare and mount (util-linux) are not installed"
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        for options in NAMESPACE_OPTIONS:
            probe = subprocess.run(
                _namespace_command(options, scratch, ["sh", "-c", 'touch "$0/probe"', scratch]),
                capture_output=True,
                text=True,
                timeout=30,
            )
            if "Read-only file system" in probe.stderr:
                return options, ""
            problems.append(f"unshare {' '.join(options)}: {probe.stderr.strip()[:160]}")
    return None, "no read-only bind mount could be made here (" + "; ".join(problems) + ")"


def require_read_only_mount() -> list[str]:
    options, problem = namespace_options()
    if options is None:
        pytest.skip(problem)
    return options


def run_in_read_only_home(
    home: Path, args: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """`python -m psp_journal ARGS` with `home` read-only for that process alone."""
    options = require_read_only_mount()
    return subprocess.run(
        _namespace_command(options, str(home), [sys.executable, "-m", "psp_journal", *args]),
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
