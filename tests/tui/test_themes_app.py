"""Themes in the app: the choice is kept in config.toml; a bad user theme is reported once."""

from __future__ import annotations

import tomllib
from collections.abc import Callable

from psp_journal.config import Paths
from psp_journal.tui.app import JournalApp
from psp_journal.tui.themes import DEFAULT_THEME
from tests.tui.conftest import empty_vault, unlock

MakeApp = Callable[..., JournalApp]


async def test_a_theme_chosen_in_the_palette_is_kept_for_the_next_start(
    paths: Paths, make_app: MakeApp
) -> None:
    empty_vault(paths)
    app = make_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        assert app.theme == DEFAULT_THEME
        await unlock(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        names = app.theme_names
        steps = names.index("high-contrast") - names.index(DEFAULT_THEME)
        await pilot.press(*(["down"] * steps), "enter")
        await pilot.pause()
        assert app.theme == "high-contrast"
    saved = tomllib.loads(paths.config_file.read_text(encoding="utf-8"))
    assert saved["theme"] == "high-contrast"
    assert paths.config_file.stat().st_mode & 0o777 == 0o600
    again = make_app(paths)
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert again.theme == "high-contrast"


async def test_a_user_theme_with_a_bad_colour_is_reported_and_the_default_used(
    paths: Paths, make_app: MakeApp
) -> None:
    empty_vault(paths)
    themes = paths.config_dir / "themes"
    themes.mkdir()
    colours = {
        "primary": "#88aaff",
        "secondary": "#99bbcc",
        "accent": "blurple",
        "foreground": "#eeeeee",
        "background": "#101418",
        "surface": "#181c22",
        "panel": "#20262e",
        "success": "#88cc99",
        "warning": "#ddbb77",
        "error": "#ee8888",
    }
    body = 'name = "mine"\ndark = true\n' + "".join(f'{k} = "{v}"\n' for k, v in colours.items())
    (themes / "mine.toml").write_text(body, encoding="utf-8")
    paths.config_file.write_text('theme = "mine"\n', encoding="utf-8")
    app = make_app(paths)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert "mine" not in app.theme_names
        messages = [notification.message for notification in app._notifications]
        assert len(messages) == 1
        assert "mine.toml" in messages[0] and "accent" in messages[0]
