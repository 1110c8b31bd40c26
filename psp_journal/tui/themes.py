"""Themes as data: the TOML files in `themes/` and in the person's config folder, as Textual themes.

A theme is a file rather than code so that anyone can add one without touching Python.
A file can be wrong in any way, and a journal that will not open over a typo in a colour
would fail the person at the worst moment: every file is checked colour by colour, every
problem in every file is gathered into one kind message, and a theme that cannot be used
is simply left out (the default stands in for it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import BUILTIN_THEMES as TEXTUAL_THEMES
from textual.theme import Theme

import psp_journal
from psp_journal.config import SettingsFileError, read_settings_file, shown_value
from psp_journal.i18n import _, ngettext

DEFAULT_THEME = "calm-dark"
# Textual's own default, which every app has: the last resort if even the built-in theme
# files are missing from a broken install.
LAST_RESORT_THEME = "textual-dark"
USER_THEMES_FOLDER = "themes"
COLOUR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "success",
    "warning",
    "error",
)
# Every key is required: a colour left for Textual to derive could put text on a ground
# too close to it, and the built-in files show every key to copy from.
THEME_KEYS = ("name", "dark", *COLOUR_KEYS)
_THEME_FILE_SUFFIX = ".toml"
_MAX_NAME_CHARS = 40
_SIMPLE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class ThemeCatalogue:
    """The themes that can be used, by name, and one message for every file that could
    not be (None when all were fine)."""

    themes: dict[str, Theme]
    problems: str | None


def load_themes(config_dir: Path) -> ThemeCatalogue:
    """The built-in themes and the person's own from `<config_dir>/themes/*.toml`.

    Never raises over a file's content. A person's theme may not take the name of a
    built-in one (ours or Textual's), so a file dropped in cannot change a theme the
    person already knows."""
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    builtin_files = _builtin_theme_files()
    if builtin_files is None:
        problems.append(
            _("The built-in themes could not be found; reinstalling psp-journal restores them.")
        )
    else:
        _load_theme_files(builtin_files, themes, set(TEXTUAL_THEMES), problems)
    user_folder = config_dir / USER_THEMES_FOLDER
    try:
        user_files = _theme_files_in(user_folder)
    except (FileNotFoundError, NotADirectoryError):
        user_files = []
    except OSError as error:
        user_files = []
        problems.append(
            _("The theme folder {folder} could not be read ({reason}).").format(
                folder=user_folder, reason=error.strerror or type(error).__name__
            )
        )
    reserved = set(TEXTUAL_THEMES) | set(themes)
    _load_theme_files(user_files, themes, reserved, problems)
    return ThemeCatalogue(themes=themes, problems=_one_message(problems, user_folder))


def resolve_theme(requested: str | None, catalogue: ThemeCatalogue) -> tuple[str, str | None]:
    """The theme to show for the one `config.toml` names, and a message when it cannot be
    shown: then the default is used (Textual's own if even the default is missing)."""
    if requested is not None and requested in catalogue.themes:
        return requested, None
    fallback = DEFAULT_THEME if DEFAULT_THEME in catalogue.themes else LAST_RESORT_THEME
    if requested is None:
        return fallback, None
    fallback_shown = (
        display_name(catalogue.themes[fallback]) if fallback in catalogue.themes else fallback
    )
    message = _(
        "The theme {name} set in config.toml is not available, so the {fallback} theme is "
        "used instead."
    ).format(name=shown_value(requested), fallback=fallback_shown)
    return fallback, message


def display_name(theme: Theme) -> str:
    """The theme's name as a person reads it: "Calm dark" for `calm-dark`."""
    # Listed so that the built-in names reach the translators' catalogue.
    builtin = {
        "calm-dark": _("Calm dark"),
        "calm-light": _("Calm light"),
        "high-contrast": _("High contrast"),
        "low-stimulation": _("Low stimulation"),
    }
    return builtin.get(theme.name) or theme.name.replace("-", " ").capitalize()


def _builtin_theme_files() -> list[Traversable] | None:
    """The theme files shipped with the package, or in a source checkout (and an editable
    install, which imports the checkout's `psp_journal/`) the repository's `themes/`."""
    packaged = resources.files(psp_journal).joinpath("themes")
    folder: Traversable = packaged
    if not packaged.is_dir():
        folder = Path(psp_journal.__file__).resolve().parent.parent / "themes"
        if not folder.is_dir():
            return None
    return _theme_files_in(folder)


def _theme_files_in(folder: Traversable) -> list[Traversable]:
    """The folder's `*.toml` files by name, leaving out hidden ones (an editor's lock or
    backup file is not a theme)."""
    files = [
        item
        for item in folder.iterdir()
        if item.name.endswith(_THEME_FILE_SUFFIX) and not item.name.startswith(".")
    ]
    return sorted(files, key=lambda item: item.name)


def _load_theme_files(
    sources: Iterable[Traversable],
    themes: dict[str, Theme],
    reserved: set[str],
    problems: list[str],
) -> None:
    """Add each usable file's theme to `themes`; each unusable file's problems to
    `problems`. Names in `reserved` or already in `themes` are refused."""
    for source in sources:
        try:
            table = read_settings_file(source, source.name)
        except SettingsFileError as error:
            problems.append(str(error))
            continue
        theme, found = _theme_from_table(table, source.name, reserved | set(themes))
        if theme is None:
            problems.extend(found)
        else:
            themes[theme.name] = theme


def _theme_from_table(
    table: Mapping[str, Any], file: str, taken: set[str]
) -> tuple[Theme | None, list[str]]:
    """A `Theme` if every key is right, else None and a sentence per problem."""
    problems: list[str] = []
    unknown = [key for key in table if key not in THEME_KEYS]
    if unknown:
        problems.append(
            ngettext(
                "{file}: {keys} is not a theme key; a theme has exactly these keys: {allowed}.",
                "{file}: {keys} are not theme keys; a theme has exactly these keys: {allowed}.",
                len(unknown),
            ).format(
                file=file,
                keys=", ".join(shown_value(key) for key in unknown),
                allowed=", ".join(THEME_KEYS),
            )
        )
    missing = [key for key in THEME_KEYS if key not in table]
    if missing:
        problems.append(
            ngettext(
                "{file}: the key {keys} is missing.",
                "{file}: the keys {keys} are missing.",
                len(missing),
            ).format(file=file, keys=", ".join(missing))
        )
    name = table.get("name")
    if "name" in table:
        problem = _name_problem(name, file, taken)
        if problem is not None:
            problems.append(problem)
    dark = table.get("dark")
    if "dark" in table and not isinstance(dark, bool):
        problems.append(_("{file}: dark should be true or false.").format(file=file))
    colours: dict[str, str] = {}
    for key in COLOUR_KEYS:
        if key not in table:
            continue
        problem = _colour_problem(table[key], file, key)
        if problem is None:
            colours[key] = table[key]
        else:
            problems.append(problem)
    if problems:
        return None, problems
    assert isinstance(name, str) and isinstance(dark, bool)  # checked above
    return (
        Theme(
            name=name,
            dark=dark,
            primary=colours["primary"],
            secondary=colours["secondary"],
            accent=colours["accent"],
            foreground=colours["foreground"],
            background=colours["background"],
            surface=colours["surface"],
            panel=colours["panel"],
            success=colours["success"],
            warning=colours["warning"],
            error=colours["error"],
        ),
        [],
    )


def _name_problem(name: object, file: str, taken: set[str]) -> str | None:
    if not isinstance(name, str) or len(name) > _MAX_NAME_CHARS or not _SIMPLE_NAME.fullmatch(name):
        return _(
            "{file}: name {name} should be a short name of lowercase letters, digits and "
            'dashes, such as "my-theme".'
        ).format(file=file, name=shown_value(name))
    if name in taken:
        return _(
            "{file}: name {name} is already taken by another theme; please choose another name."
        ).format(file=file, name=shown_value(name))
    return None


def _colour_problem(value: object, file: str, key: str) -> str | None:
    if not isinstance(value, str):
        return _('{file}: {key} should be a colour in quotes, such as "#7fa7c9".').format(
            file=file, key=key
        )
    try:
        Color.parse(value)
    except ColorParseError:
        return _("{file}: {key} {value} is not a colour.").format(
            file=file, key=key, value=shown_value(value)
        )
    return None


def _one_message(problems: list[str], user_folder: Path) -> str | None:
    """Every problem in one message: a sentence to open, one line each, where to look."""
    if not problems:
        return None
    heading = _("Not every theme could be loaded; a theme with a problem below is left out.")
    footer = _("Your own theme files are in {folder}.").format(folder=user_folder)
    lines = [f"• {problem}" for problem in problems]
    return "\n".join([heading, *lines, footer])
