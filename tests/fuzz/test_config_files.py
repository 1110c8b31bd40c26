"""`config.toml` (with `[keymap]`) and theme files, fuzzed: any bytes, any TOML, colours
of every spelling. Reading never raises; whatever cannot be used is reported in a
sentence naming the file, with no raw control character in it; whatever is used works
(a theme that is loaded can be turned into the app's colours).
"""

from __future__ import annotations

import string

import pytest
import tomli_w
from hypothesis import event, given
from hypothesis import strategies as st

from psp_journal.config import CONFIG_FILE_NAME, Paths, read_app_config
from psp_journal.terminal_text import is_hidden_control
from psp_journal.tui.themes import COLOUR_KEYS, THEME_KEYS, USER_THEMES_FOLDER, load_themes
from tests.fuzz.budget import fuzz
from tests.fuzz.strategies import ANY_CHAR, hostile_text

NUMBER = st.one_of(
    st.integers(-300, 300).map(str),
    st.sampled_from(["1e999", "nan", "-0", "50%", "999999999999999999999", "0.5", ""]),
)
COLOUR = st.one_of(
    st.text("0123456789abcdefABCDEFg", max_size=9).map(lambda digits: "#" + digits),
    st.builds(
        lambda function, parts: f"{function}({','.join(parts)})",
        st.sampled_from(["rgb", "rgba", "hsl", "hsla", "lab", "var"]),
        st.lists(NUMBER, max_size=5),
    ),
    st.sampled_from(["red", "ansi_red", "ansi_default", "transparent", "auto", "auto 50%", "$x"]),
    hostile_text(huge=False),
)
# Colours Textual reads, each spelled its own way.
SPELLED_COLOUR = st.sampled_from(
    ["#abc", "#AABBCC80", "rgb(1,2,3)", "hsl(120,50%,50%)", "ansi_red", "transparent", "red"]
)
TOML_VALUE = st.one_of(
    COLOUR,
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)


@st.composite
def theme_tables(draw: st.DrawFn) -> dict[str, object]:
    """Half the time a theme that is right but for one colour of any spelling; else
    anything in any key, keys missing, keys unknown."""
    table: dict[str, object] = {"name": "mine", "dark": True}
    table |= {key: "#7fa7c9" for key in COLOUR_KEYS}
    if draw(st.booleans()):
        table[draw(st.sampled_from(COLOUR_KEYS))] = draw(
            SPELLED_COLOUR if draw(st.booleans()) else COLOUR
        )
        return table
    table["name"] = draw(
        st.one_of(st.sampled_from(["mine", "calm-dark", "a" * 41]), hostile_text(huge=False))
    )
    table["dark"] = draw(st.one_of(st.booleans(), TOML_VALUE))
    for key in COLOUR_KEYS:
        table[key] = draw(st.one_of(COLOUR, TOML_VALUE))
    for key in draw(st.lists(st.sampled_from(THEME_KEYS), max_size=2)):
        table.pop(key, None)
    for key in draw(st.lists(st.text(ANY_CHAR, max_size=6), max_size=2)):
        table[key] = draw(TOML_VALUE)
    return table


@st.composite
def toml_files(draw: st.DrawFn, tables: st.SearchStrategy[dict[str, object]]) -> bytes:
    """A TOML file as a person's editor would write it, or broken on purpose."""
    how = draw(st.sampled_from(["toml"] * 6 + ["cut", "bytes", "text"]))
    event(how)
    if how == "bytes":
        return draw(st.binary(max_size=200))
    if how == "text":
        return draw(st.text(ANY_CHAR | st.sampled_from(string.printable), max_size=200)).encode(
            "utf-8", "surrogatepass"
        )
    try:
        data = tomli_w.dumps(draw(tables)).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError):  # what TOML itself cannot hold (a NaN key, ...)
        data = b'name = "\\u0000"'
    if how == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.integers(0, 9)) == 0:
        data = b"\xef\xbb\xbf" + data
    return data


def check_problem(problem: str, file_name: str) -> None:
    assert file_name in problem, problem
    assert not any(is_hidden_control(char) for char in problem.replace("\n", "")), problem


@fuzz(300)
@given(files=st.lists(toml_files(theme_tables()), min_size=1, max_size=3))
def test_a_theme_file_is_used_or_named_with_its_problems(
    tmp_path_factory: pytest.TempPathFactory, files: list[bytes]
) -> None:
    config = tmp_path_factory.mktemp("config")
    folder = config / USER_THEMES_FOLDER
    folder.mkdir()
    names = [f"theme-{number}.toml" for number in range(len(files))]
    for name, data in zip(names, files, strict=True):
        (folder / name).write_bytes(data)
    catalogue = load_themes(config)
    used = set(catalogue.themes)
    for name in names:
        if catalogue.problems is not None and name in catalogue.problems:
            event("refused")
            continue
        event("used")
    if catalogue.problems is not None:
        assert not any(is_hidden_control(char) for char in catalogue.problems.replace("\n", ""))
    for theme_name in used:
        # What the app does with a theme when it is chosen.
        catalogue.themes[theme_name].to_color_system().generate()


KEYMAP_KEYS = st.one_of(
    st.sampled_from(["ctrl+s", "f2,ctrl+k", "ctrl+\x00", "", " ", "ctrl+"]),
    hostile_text(huge=False),
)


@st.composite
def config_tables(draw: st.DrawFn) -> dict[str, object]:
    table: dict[str, object] = {}
    if draw(st.booleans()):
        table["theme"] = draw(st.one_of(st.sampled_from(["calm-dark", "nope"]), TOML_VALUE))
    if draw(st.booleans()):
        table["keymap"] = draw(
            st.one_of(
                st.dictionaries(
                    st.one_of(
                        st.sampled_from(["app.lock", "form.save"]), st.text(ANY_CHAR, max_size=8)
                    ),
                    st.one_of(KEYMAP_KEYS, TOML_VALUE),
                    max_size=4,
                ),
                TOML_VALUE,
            )
        )
    return table


@fuzz(300)
@given(data=toml_files(config_tables()))
def test_config_toml_is_read_or_named_with_its_problems(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    home = tmp_path_factory.mktemp("home")
    (home / CONFIG_FILE_NAME).write_bytes(data)
    config, problems = read_app_config(Paths(home, home))
    event("problems" if problems else "clean")
    for problem in problems:
        check_problem(problem, CONFIG_FILE_NAME)
    assert config.theme is None or isinstance(config.theme, str)
    assert all(isinstance(keys, str) and keys.strip() for keys in config.keymap.values())
