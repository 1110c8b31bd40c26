"""Where psp-journal keeps its files: one home given by the user, or the platform's folders.

Only paths live here for now. Everything personal (thresholds, plans, settings) belongs
inside the encrypted vault, never in a plain config file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "psp-journal"
HOME_VARIABLE = "PSP_JOURNAL_HOME"
VAULT_FILE_NAME = "journal.vault"
CONFIG_FILE_NAME = "config.toml"


@dataclass(frozen=True)
class Paths:
    """The data folder holds the vault; the config folder holds `config.toml` and themes."""

    data_dir: Path
    config_dir: Path

    @property
    def vault(self) -> Path:
        return self.data_dir / VAULT_FILE_NAME

    @property
    def config_file(self) -> Path:
        return self.config_dir / CONFIG_FILE_NAME


def resolve_paths(home: str | None, environ: Mapping[str, str]) -> Paths:
    """`--home`, else `PSP_JOURNAL_HOME`, else the platform's data and config folders."""
    chosen = home or environ.get(HOME_VARIABLE)
    if chosen:
        folder = Path(chosen).expanduser().absolute()
        return Paths(data_dir=folder, config_dir=folder)
    import platformdirs

    return Paths(
        data_dir=platformdirs.user_data_path(APP_NAME, appauthor=False),
        config_dir=platformdirs.user_config_path(APP_NAME, appauthor=False),
    )


def ensure_private_dir(path: Path) -> None:
    """Create the folder (and parents) if needed and make it 0700: only its owner may look in."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)
