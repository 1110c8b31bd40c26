"""config.toml: read without ever raising over its content, saved whole, 0600, keeping the
keys it does not own."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from psp_journal.config import (
    MAX_SETTINGS_FILE_BYTES,
    AppConfig,
    Paths,
    SettingsFileError,
    read_app_config,
    save_theme,
    shown_value,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(data_dir=tmp_path / "data", config_dir=tmp_path / "config")


def write_config(paths: Paths, content: str | bytes) -> None:
    paths.config_dir.mkdir(mode=0o700, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    paths.config_file.write_bytes(data)


def test_no_file_means_the_defaults_and_no_problem(paths: Paths) -> None:
    assert read_app_config(paths) == (AppConfig(theme=None, keymap={}), [])


def test_a_good_file_is_read(paths: Paths) -> None:
    write_config(
        paths,
        'theme = "calm-light"\n[keymap]\n"save" = "ctrl+s"\n"quit" = "ctrl+q,f10"\n',
    )
    config, problems = read_app_config(paths)
    assert problems == []
    assert config == AppConfig(theme="calm-light", keymap={"save": "ctrl+s", "quit": "ctrl+q,f10"})


def test_save_theme_creates_a_private_file_in_a_private_folder(paths: Paths) -> None:
    save_theme(paths, "high-contrast")
    assert read_app_config(paths) == (AppConfig(theme="high-contrast"), [])
    if os.name == "posix":
        assert stat.S_IMODE(paths.config_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(paths.config_dir.stat().st_mode) == 0o700


@posix_only
def test_save_theme_makes_a_loose_file_private(paths: Paths) -> None:
    write_config(paths, 'theme = "calm-dark"\n')
    paths.config_file.chmod(0o644)
    save_theme(paths, "calm-light")
    assert stat.S_IMODE(paths.config_file.stat().st_mode) == 0o600


def test_save_theme_keeps_every_other_key(paths: Paths) -> None:
    original = (
        'theme = "calm-dark"\n'
        'last_export_format = "html"\n'
        "[keymap]\n"
        '"save" = "ctrl+s"\n'
        "[future]\n"
        "when = 2026-11-20T17:30:00\n"
        "numbers = [1, 2, 3]\n"
    )
    write_config(paths, original)
    save_theme(paths, "low-stimulation")
    saved = tomllib.loads(paths.config_file.read_text("utf-8"))
    expected = tomllib.loads(original)
    expected["theme"] = "low-stimulation"
    assert saved == expected
    assert [path.name for path in paths.config_dir.iterdir()] == ["config.toml"]


def test_save_theme_keeps_keys_it_cannot_use(paths: Paths) -> None:
    write_config(paths, "keymap = 3\n")
    save_theme(paths, "calm-light")
    assert tomllib.loads(paths.config_file.read_text("utf-8")) == {
        "keymap": 3,
        "theme": "calm-light",
    }


def test_save_theme_refuses_to_overwrite_a_file_it_cannot_read(paths: Paths) -> None:
    write_config(paths, "theme = \n")
    with pytest.raises(SettingsFileError, match="config.toml is not valid TOML"):
        save_theme(paths, "calm-light")
    assert paths.config_file.read_text("utf-8") == "theme = \n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("theme = \n", "is not valid TOML"),
        (b"theme = '\xff\xfe'\n", "is not UTF-8 text"),
        ("# " + "x" * MAX_SETTINGS_FILE_BYTES + "\n", "is larger than 64 KiB"),
    ],
    ids=["toml-syntax", "not-utf8", "huge"],
)
def test_an_unreadable_file_means_the_defaults_and_one_problem(
    paths: Paths, content: str | bytes, expected: str
) -> None:
    write_config(paths, content)
    config, problems = read_app_config(paths)
    assert config == AppConfig()
    assert len(problems) == 1
    assert str(paths.config_file) in problems[0]
    assert expected in problems[0]
    assert "default" in problems[0]


def test_a_theme_that_is_not_text_is_reported_and_the_rest_still_used(paths: Paths) -> None:
    write_config(paths, 'theme = 7\n[keymap]\n"save" = "ctrl+s"\n')
    config, problems = read_app_config(paths)
    assert config == AppConfig(theme=None, keymap={"save": "ctrl+s"})
    assert len(problems) == 1
    assert f"{paths.config_file}: theme should be" in problems[0]


def test_a_keymap_that_is_not_a_table_is_reported(paths: Paths) -> None:
    write_config(paths, 'theme = "calm-light"\nkeymap = "ctrl+s"\n')
    config, problems = read_app_config(paths)
    assert config == AppConfig(theme="calm-light", keymap={})
    assert len(problems) == 1
    assert f"{paths.config_file}: keymap should be a table" in problems[0]


def test_each_bad_key_binding_is_named_and_the_good_ones_kept(paths: Paths) -> None:
    write_config(paths, '[keymap]\n"save" = "ctrl+s"\n"quit" = 5\n"lock" = ""\n')
    config, problems = read_app_config(paths)
    assert config.keymap == {"save": "ctrl+s"}
    assert len(problems) == 2
    assert "keymap 'quit' should be keys in quotes" in problems[0]
    assert "keymap 'lock' should be keys in quotes" in problems[1]


def test_values_in_messages_are_short_and_printable() -> None:
    assert shown_value("blurple") == "'blurple'"
    assert shown_value("\x1b[31mred") == "'?[31mred'"
    long = shown_value("x" * 500)
    assert len(long) == 42 and long.endswith("…'")


def test_a_config_that_cannot_be_opened_is_reported(paths: Paths) -> None:
    paths.config_file.mkdir(parents=True)
    config, problems = read_app_config(paths)
    assert config == AppConfig()
    assert len(problems) == 1
    assert f"{paths.config_file} could not be opened" in problems[0]
