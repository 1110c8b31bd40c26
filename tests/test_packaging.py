"""The wheel a user installs carries the themes, and the command works as a module too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_installed_wheel_ships_and_loads_every_theme(tmp_path: Path) -> None:
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

    # Installed on its own (no checkout in reach: another working folder, and PYTHONPATH
    # naming only the install), the package finds its themes through importlib.resources.
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "-t", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    script = (
        "import json, pathlib, psp_journal\n"
        "from importlib import resources\n"
        "from psp_journal.tui.themes import load_themes\n"
        "catalogue = load_themes(pathlib.Path('no-config'))\n"
        "print(json.dumps([psp_journal.__file__,\n"
        "    resources.files(psp_journal).joinpath('themes').is_dir(),\n"
        "    sorted(catalogue.themes), catalogue.problems]))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        check=True,
    )
    module_file, packaged, loaded_names, problems = json.loads(loaded.stdout)
    assert Path(module_file).is_relative_to(site)
    assert packaged
    assert loaded_names == [Path(theme).stem for theme in themes]
    assert problems is None


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "psp_journal", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "init" in result.stdout and "verify" in result.stdout
