"""Where psp-journal keeps its files, and `config.toml`: the few settings read before unlock.

`config.toml` is plain text beside the vault, so it holds only what is needed before the
vault opens or says nothing about the person: the theme and the keymap. Everything
personal (thresholds, plans, settings) belongs inside the encrypted vault.

A hand-edited file can be wrong in any way, and a journal that refuses to open over a
typo in its colours would fail the person at the worst moment: reading never raises. It
returns the defaults for whatever it cannot use, with a plain sentence per problem that
names the file and the key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psp_journal.i18n import _

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

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


# Settings files are a few hundred bytes; the limit keeps a wrong file (a log, an image)
# from being read whole into memory.
MAX_SETTINGS_FILE_BYTES = 64 * 1024
THEME_KEY = "theme"
KEYMAP_KEY = "keymap"
# Long or strange values are cut short in messages, and characters that are not printable
# (a terminal escape in a hand-edited file) are never echoed back.
_SHOWN_VALUE_CHARS = 40


class SettingsFileError(Exception):
    """A settings file that cannot be read at all; `str(error)` is a plain sentence for the
    person, naming the file."""


@dataclass(frozen=True)
class AppConfig:
    """What `config.toml` says: the theme's name (None: the default) and binding id → keys."""

    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)


def shown_value(value: object) -> str:
    """A value from a file, quoted for a message: cut short, with unprintable characters
    replaced, so a message never carries a terminal escape or a wall of text."""
    text = "".join(char if char.isprintable() else "?" for char in str(value))
    if len(text) > _SHOWN_VALUE_CHARS:
        text = text[: _SHOWN_VALUE_CHARS - 1] + "…"
    return f"'{text}'"


def read_settings_file(source: Traversable, shown_name: str) -> dict[str, Any]:
    """The TOML table in `source`, read with a size limit.

    Raises `SettingsFileError` (its message names `shown_name`) when the file cannot be
    opened, is too large, is not UTF-8 text, or is not valid TOML."""
    try:
        with source.open("rb") as handle:
            data = handle.read(MAX_SETTINGS_FILE_BYTES + 1)
    except OSError as error:
        raise SettingsFileError(
            _("{file} could not be opened ({reason}).").format(
                file=shown_name, reason=error.strerror or type(error).__name__
            )
        ) from None
    if len(data) > MAX_SETTINGS_FILE_BYTES:
        raise SettingsFileError(
            _("{file} is larger than {limit} KiB, so it was not read.").format(
                file=shown_name, limit=MAX_SETTINGS_FILE_BYTES // 1024
            )
        )
    try:
        text = data.decode("utf-8-sig")  # a BOM, as some editors write, is no problem
    except UnicodeDecodeError:
        raise SettingsFileError(
            _("{file} is not UTF-8 text, so it was not read.").format(file=shown_name)
        ) from None
    import tomllib  # here, not at the top: every command imports this module

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsFileError(
            _("{file} is not valid TOML ({detail}).").format(file=shown_name, detail=error)
        ) from None


def read_app_config(paths: Paths) -> tuple[AppConfig, list[str]]:
    """`config.toml` as an `AppConfig`, and a plain sentence for each problem found.

    Never raises over the file's content: whatever cannot be used falls back to its
    default. A missing file is no problem (nothing has been chosen yet). Keys this
    version does not know are left alone, so a newer version's settings survive."""
    path = paths.config_file
    if not path.exists():
        return AppConfig(), []
    try:
        table = read_settings_file(path, str(path))
    except SettingsFileError as error:
        problem = _("{problem} The default theme and keys are used for now.").format(problem=error)
        return AppConfig(), [problem]
    problems: list[str] = []
    theme = table.get(THEME_KEY)
    if theme is not None and not isinstance(theme, str):
        problems.append(
            _('{file}: theme should be a theme\'s name in quotes, such as "calm-dark".').format(
                file=path
            )
        )
        theme = None
    return AppConfig(theme=theme, keymap=_read_keymap(table, path, problems)), problems


def _read_keymap(table: dict[str, Any], path: Path, problems: list[str]) -> dict[str, str]:
    keymap = table.get(KEYMAP_KEY, {})
    if not isinstance(keymap, dict):
        problems.append(
            _(
                "{file}: keymap should be a table of binding names and keys, so the usual keys "
                "are used."
            ).format(file=path)
        )
        return {}
    usable: dict[str, str] = {}
    for binding, keys in keymap.items():
        # Keys are shown in the footer as written: a control character there would
        # reach the terminal, so such keys are not used.
        if isinstance(keys, str) and keys.strip() and keys.isprintable():
            usable[binding] = keys
        else:
            problems.append(
                _(
                    '{file}: keymap {binding} should be keys in quotes, such as "ctrl+s", so '
                    "its usual key is used."
                ).format(file=path, binding=shown_value(binding))
            )
    return usable


def save_theme(paths: Paths, name: str) -> None:
    """Remember `name` as the theme in `config.toml`, keeping every other key as it was.

    Written whole or not at all (0600, in a 0700 folder). Raises `SettingsFileError`
    rather than overwrite a file that cannot be read, which would lose what it holds."""
    # Imported here: the vault package loads the crypto libraries, which `--help` must not
    # pay for; saving a theme happens only in the app, which has loaded them already.
    import tomli_w

    from psp_journal.vault.disk import write_file_durably

    path = paths.config_file
    table = read_settings_file(path, str(path)) if path.exists() else {}
    table[THEME_KEY] = name
    ensure_private_dir(paths.config_dir)
    write_file_durably(path, tomli_w.dumps(table).encode("utf-8"))
