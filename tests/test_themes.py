"""Themes: every built-in loads and is legible; a person's theme file is checked key by key,
and every problem in every file comes back in one message instead of a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.theme import Theme

from psp_journal.config import MAX_SETTINGS_FILE_BYTES
from psp_journal.tui import themes as themes_module
from psp_journal.tui.themes import (
    COLOUR_KEYS,
    DEFAULT_THEME,
    LAST_RESORT_THEME,
    THEME_KEYS,
    ThemeCatalogue,
    display_name,
    load_themes,
    resolve_theme,
)

ROOT = Path(__file__).resolve().parent.parent
BUILTIN_NAMES = {"calm-dark", "calm-light", "high-contrast", "low-stimulation"}
GOOD_THEME = {
    "name": '"my-theme"',
    "dark": "true",
    "primary": '"#7fa7c9"',
    "secondary": '"#9bb59a"',
    "accent": '"#c9a97f"',
    "foreground": '"#d8dee4"',
    "background": '"#1c2227"',
    "surface": '"#232a30"',
    "panel": '"#2b333a"',
    "success": '"green"',
    "warning": '"rgb(217, 179, 108)"',
    "error": '"hsl(0, 50%, 70%)"',
}
GROUNDS = ("background", "surface", "panel")
# Colours drawn as text (notices, footer keys, links) as well as behind it.
TEXT_COLOURS = ("primary", "secondary", "accent", "success", "warning", "error")


def theme_file(**changes: str | None) -> str:
    """A theme file's text: GOOD_THEME with keys changed (given as TOML values) or, for
    None, left out."""
    table = {**GOOD_THEME, **changes}
    return "".join(f"{key} = {value}\n" for key, value in table.items() if value is not None)


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


def add_theme(config_dir: Path, file_name: str, content: str | bytes) -> None:
    folder = config_dir / "themes"
    folder.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    (folder / file_name).write_bytes(data)


def problem_lines(catalogue: ThemeCatalogue) -> list[str]:
    assert catalogue.problems is not None
    return [line for line in catalogue.problems.splitlines() if line.startswith("• ")]


# WCAG 2.x: relative luminance from sRGB, and the contrast ratio of two colours.
def relative_luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = Color.parse(colour).rgb
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#000000", "#000000") == pytest.approx(1.0)


# The built-in themes.


def test_every_builtin_theme_loads_without_a_problem(config_dir: Path) -> None:
    """Here from the checkout's top-level `themes/` (an editable install has no
    `psp_journal/themes`); test_packaging.py loads them from an installed wheel."""
    catalogue = load_themes(config_dir)
    assert catalogue.problems is None
    assert set(catalogue.themes) == BUILTIN_NAMES
    shipped = {path.stem for path in (ROOT / "themes").glob("*.toml")}
    assert shipped == BUILTIN_NAMES
    for theme in catalogue.themes.values():
        assert isinstance(theme, Theme)
        for key in COLOUR_KEYS:
            assert getattr(theme, key) is not None
        assert theme.to_color_system().generate()


def test_the_light_theme_is_light_and_the_others_dark(config_dir: Path) -> None:
    themes = load_themes(config_dir).themes
    assert [name for name, theme in themes.items() if not theme.dark] == ["calm-light"]


def test_display_names_read_as_words(config_dir: Path) -> None:
    themes = load_themes(config_dir).themes
    assert display_name(themes["calm-dark"]) == "Calm dark"
    assert display_name(themes["high-contrast"]) == "High contrast"
    assert display_name(Theme(name="dusk-at-sea", primary="#000000")) == "Dusk at sea"


def test_high_contrast_text_reaches_7_to_1_on_every_ground(config_dir: Path) -> None:
    theme = load_themes(config_dir).themes["high-contrast"]
    for text in ("foreground", *TEXT_COLOURS):
        for ground in GROUNDS:
            ratio = contrast_ratio(getattr(theme, text), getattr(theme, ground))
            assert ratio >= 7.0, f"high-contrast: {text} on {ground} is {ratio:.2f}:1"


@pytest.mark.parametrize("name", sorted(BUILTIN_NAMES - {"high-contrast"}))
def test_other_themes_reach_4_5_to_1(config_dir: Path, name: str) -> None:
    """WCAG AA: body text on every ground, and coloured text (notices, links) on the
    grounds it is drawn on."""
    theme = load_themes(config_dir).themes[name]
    pairs = [("foreground", ground) for ground in GROUNDS]
    pairs += [(text, ground) for text in TEXT_COLOURS for ground in ("background", "surface")]
    for text, ground in pairs:
        ratio = contrast_ratio(getattr(theme, text), getattr(theme, ground))
        assert ratio >= 4.5, f"{name}: {text} on {ground} is {ratio:.2f}:1"


async def test_an_app_shows_every_theme(config_dir: Path) -> None:
    add_theme(config_dir, "mine.toml", theme_file())
    catalogue = load_themes(config_dir)
    app: App[None] = App()
    async with app.run_test(size=(40, 10)) as pilot:
        for theme in catalogue.themes.values():
            app.register_theme(theme)
        for name in catalogue.themes:
            app.theme = name
            await pilot.pause()
            assert app.current_theme.name == name


# The person's own theme files.


def test_a_good_user_theme_loads_beside_the_builtins(config_dir: Path) -> None:
    add_theme(config_dir, "my-theme.toml", theme_file())
    catalogue = load_themes(config_dir)
    assert catalogue.problems is None
    assert set(catalogue.themes) == BUILTIN_NAMES | {"my-theme"}
    mine = catalogue.themes["my-theme"]
    assert (mine.dark, mine.primary, mine.success) == (True, "#7fa7c9", "green")


def test_one_bad_colour_is_named_and_the_theme_left_out(config_dir: Path) -> None:
    add_theme(config_dir, "my-theme.toml", theme_file(accent='"blurple"'))
    add_theme(config_dir, "other.toml", theme_file(name='"other"'))
    catalogue = load_themes(config_dir)
    assert "my-theme" not in catalogue.themes
    assert "other" in catalogue.themes
    assert problem_lines(catalogue) == ["• my-theme.toml: accent 'blurple' is not a colour."]
    assert catalogue.problems is not None
    assert catalogue.problems.startswith("Not every theme could be loaded")
    assert str(config_dir / "themes") in catalogue.problems


def test_two_bad_files_come_back_in_one_message_with_every_problem(config_dir: Path) -> None:
    add_theme(config_dir, "first.toml", theme_file(name='"first"', accent='"blurple"', dark="1"))
    add_theme(config_dir, "second.toml", theme_file(name='"second"', panel='"#12"'))
    catalogue = load_themes(config_dir)
    assert set(catalogue.themes) == BUILTIN_NAMES
    assert catalogue.problems is not None
    assert catalogue.problems.count("Not every theme") == 1
    assert problem_lines(catalogue) == [
        "• first.toml: dark should be true or false.",
        "• first.toml: accent 'blurple' is not a colour.",
        "• second.toml: panel '#12' is not a colour.",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"name = '\xff'\n", "bad.toml is not UTF-8 text, so it was not read."),
        (
            theme_file() + "# " + "x" * MAX_SETTINGS_FILE_BYTES,
            "bad.toml is larger than 64 KiB, so it was not read.",
        ),
        ("name = \n", "bad.toml is not valid TOML (Invalid value (at line 1, column 8))."),
    ],
    ids=["not-utf8", "huge", "toml-syntax"],
)
def test_a_file_that_cannot_be_read_is_reported(
    config_dir: Path, content: str | bytes, expected: str
) -> None:
    add_theme(config_dir, "bad.toml", content)
    catalogue = load_themes(config_dir)
    assert set(catalogue.themes) == BUILTIN_NAMES
    assert problem_lines(catalogue) == [f"• {expected}"]


def test_a_folder_named_like_a_theme_is_reported(config_dir: Path) -> None:
    (config_dir / "themes" / "odd.toml").mkdir(parents=True)
    catalogue = load_themes(config_dir)
    (line,) = problem_lines(catalogue)
    assert line.startswith("• odd.toml could not be opened (")


def test_missing_and_unknown_keys_are_named(config_dir: Path) -> None:
    add_theme(config_dir, "typo.toml", theme_file(accent=None, panel=None, accnet='"#c9a97f"'))
    lines = problem_lines(load_themes(config_dir))
    allowed = ", ".join(THEME_KEYS)
    assert lines == [
        f"• typo.toml: 'accnet' is not a theme key; a theme has exactly these keys: {allowed}.",
        "• typo.toml: the keys accent, panel are missing.",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('"My Theme"', "should be a short name of lowercase letters"),
        ('"../calm"', "should be a short name of lowercase letters"),
        ("7", "should be a short name of lowercase letters"),
        ('"calm-dark"', "is already taken by another theme"),
        ('"nord"', "is already taken by another theme"),
    ],
)
def test_a_name_must_be_simple_and_not_a_builtin_one(
    config_dir: Path, name: str, expected: str
) -> None:
    add_theme(config_dir, "named.toml", theme_file(name=name))
    catalogue = load_themes(config_dir)
    (line,) = problem_lines(catalogue)
    assert line.startswith("• named.toml: name ") and expected in line
    assert catalogue.themes["calm-dark"].primary == "#7fa7c9"


def test_two_files_with_one_name_keep_the_first(config_dir: Path) -> None:
    add_theme(config_dir, "a.toml", theme_file())
    add_theme(config_dir, "b.toml", theme_file(primary='"#000000"'))
    catalogue = load_themes(config_dir)
    assert catalogue.themes["my-theme"].primary == "#7fa7c9"
    assert problem_lines(catalogue) == [
        "• b.toml: name 'my-theme' is already taken by another theme; please choose another name."
    ]


def test_a_colour_that_is_not_text_is_reported(config_dir: Path) -> None:
    add_theme(config_dir, "numbers.toml", theme_file(primary="123456"))
    assert problem_lines(load_themes(config_dir)) == [
        '• numbers.toml: primary should be a colour in quotes, such as "#7fa7c9".'
    ]


def test_values_are_echoed_short_and_without_terminal_escapes(config_dir: Path) -> None:
    add_theme(config_dir, "odd.toml", theme_file(accent='"\\u001b[2J' + "x" * 200 + '"'))
    (line,) = problem_lines(load_themes(config_dir))
    assert "\x1b" not in line and len(line) < 100


# Choosing the theme to show.


def test_resolve_theme_keeps_an_available_choice_and_defaults_a_missing_one(
    config_dir: Path,
) -> None:
    catalogue = load_themes(config_dir)
    assert resolve_theme("calm-light", catalogue) == ("calm-light", None)
    assert resolve_theme(None, catalogue) == (DEFAULT_THEME, None)
    name, message = resolve_theme("gone-theme", catalogue)
    assert name == DEFAULT_THEME
    assert message == (
        "The theme 'gone-theme' set in config.toml is not available, so the Calm dark theme "
        "is used instead."
    )


def test_a_user_theme_with_a_problem_falls_back_to_the_default(config_dir: Path) -> None:
    add_theme(config_dir, "my-theme.toml", theme_file(error='"nope"'))
    catalogue = load_themes(config_dir)
    name, message = resolve_theme("my-theme", catalogue)
    assert name == DEFAULT_THEME and message is not None and "'my-theme'" in message


def test_without_the_default_textuals_own_theme_stands_in() -> None:
    empty = ThemeCatalogue(themes={}, problems=None)
    assert resolve_theme(None, empty) == (LAST_RESORT_THEME, None)
    name, message = resolve_theme("calm-light", empty)
    assert name == LAST_RESORT_THEME and message is not None


def test_loading_themes_writes_nothing(config_dir: Path) -> None:
    load_themes(config_dir)
    assert not config_dir.exists()


def test_hidden_files_are_not_themes(config_dir: Path) -> None:
    add_theme(config_dir, ".#my-theme.toml", "not a theme")
    assert load_themes(config_dir).problems is None


def test_a_theme_folder_that_cannot_be_read_is_reported(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_theme(config_dir, "my-theme.toml", theme_file())
    user_folder = config_dir / "themes"
    real_iterdir = Path.iterdir

    def refuse_the_user_folder(folder: Path) -> Iterator[Path]:
        if folder == user_folder:
            raise PermissionError(13, "Permission denied")
        return real_iterdir(folder)

    monkeypatch.setattr(Path, "iterdir", refuse_the_user_folder)
    catalogue = load_themes(config_dir)
    assert set(catalogue.themes) == BUILTIN_NAMES
    assert problem_lines(catalogue) == [
        f"• The theme folder {user_folder} could not be read (Permission denied)."
    ]


def test_missing_builtin_files_are_reported_and_textuals_theme_stands_in(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken install: neither the package's nor a checkout's `themes/` folder."""
    monkeypatch.setattr(themes_module, "_builtin_theme_files", lambda: None)
    catalogue = load_themes(config_dir)
    assert catalogue.themes == {}
    assert problem_lines(catalogue) == [
        "• The built-in themes could not be found; reinstalling psp-journal restores them."
    ]
    assert resolve_theme(None, catalogue) == (LAST_RESORT_THEME, None)
