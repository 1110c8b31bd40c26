"""Hostile text for every way in: what an attacker, a paste or a broken file can hold."""

from __future__ import annotations

from hypothesis import strategies as st

from psp_journal.models.limits import NOTE_MAX_CHARS, TEXT_MAX_CHARS

# Issue 12's marker set, and their neighbours: escape sequences (7-bit and C1), markup of
# each face, a lone surrogate, bidirectional overrides, every kind of line break.
MARKERS = (
    "\x1b]0;x\x07",
    "\x1b[2J",
    "\x9b31m",
    "[@click=app.quit]x[/]",
    "[b]",
    "<script>alert(1)</script>",
    "](http://x)",
    "![i](http://x/i.png)",
    "\ud800",
    "\udcff",
    "\u202e",
    "\u2066",
    "\x00",
    "\r\n",
    "\r",
    "\u2028",
    "\x85",
    "\ufeff",
    "\t",
    "-",
    "--help",
    "",
    " ",
    "é",
    "e\u0301",
    "\U0001f600",
    "ｍ",
    "%s{0}",
    '"',
    "\\",
)

# Any code point at all, lone surrogates and unassigned ones included.
ANY_CHAR = st.characters(exclude_categories=())
CONTROL = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Cs"])

# Sizes just inside and just outside the limits in psp_journal/models/limits.py.
HUGE_SIZES = (
    NOTE_MAX_CHARS,
    NOTE_MAX_CHARS + 1,
    TEXT_MAX_CHARS,
    TEXT_MAX_CHARS + 1,
)


@st.composite
def huge_text(draw: st.DrawFn) -> str:
    """A long run of one character (a paste, or a script gone wrong), near a limit."""
    size = draw(st.sampled_from(HUGE_SIZES))
    return draw(st.sampled_from("ax\x1b\u202e é")) * size


def mixed_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Short text mixing markers, control characters and any Unicode."""
    piece = st.one_of(
        st.sampled_from(MARKERS),
        st.text(ANY_CHAR, max_size=8),
        st.text(CONTROL, max_size=3),
        st.text(max_size=12),
    )
    return st.lists(piece, max_size=6).map("".join).map(lambda text: text[:max_size])


def hostile_text(*, huge: bool = True) -> st.SearchStrategy[str]:
    """Any text a person or an attacker could give: markers, controls, empty, and (one
    time in ten, as each costs a megabyte) huge."""
    small = [st.sampled_from(MARKERS), mixed_text(), st.text(ANY_CHAR, max_size=40)]
    return st.one_of(small * 3 + ([huge_text()] if huge else []))


# Any JSON value: huge integers, floats, any text in keys and strings, nested a little.
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30, max_value=10**400),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text(huge=False),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(ANY_CHAR, max_size=6), inner, max_size=4),
    ),
    max_leaves=12,
)
