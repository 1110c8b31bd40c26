"""The wheel a user installs carries the themes, and the command works as a module too."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_ships_every_theme(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("psp_journal-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    themes = sorted(path.name for path in (ROOT / "themes").glob("*.toml"))
    assert themes, "the repository has theme files"
    for theme in themes:
        assert f"psp_journal/themes/{theme}" in names
    assert "psp_journal/vault/store.py" in names


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "psp_journal", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "init" in result.stdout and "verify" in result.stdout
