"""Text for a terminal: whatever a note, an alias or a file name holds is shown, never acted on.

A note can hold anything, including an escape sequence that would retitle or clear the
terminal (ESC, or its one-byte C1 forms such as U+009B), or a bidirectional control
that reorders what the reader sees (U+202E). The journal stores text as typed; every
line the command line prints goes through `shown` (or `one_line`, for a table cell), and
its JSON through `json_text`, so none of these ever reaches the terminal raw: each is
written as a visible escape instead (`\\x1b`, `\\u202e`).
"""

from __future__ import annotations

import json
from typing import Any

_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
# Bidirectional embeddings, overrides, isolates and marks: invisible, yet they reorder
# the text around them on screen ("Trojan Source").
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def is_hidden_control(char: str) -> bool:
    """C0 (but tab and newline), DEL, C1, a bidirectional control, or half of a
    surrogate pair (which no terminal or UTF-8 file can hold on its own)."""
    code = ord(char)
    return (
        (code < 0x20 and char not in "\t\n")
        or 0x7F <= code <= 0x9F
        or char in _BIDI_CONTROLS
        or 0xD800 <= code <= 0xDFFF
    )


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(text: str) -> str:
    """`text` over as many lines as it has, each hidden control as a visible escape."""
    if not any(is_hidden_control(char) for char in text):
        return text
    return "".join(_escape(char) if is_hidden_control(char) else char for char in text)


def one_line(text: str) -> str:
    """`text` on one line (for a table or a message): line breaks become spaces, and
    every other hidden control is a visible escape."""
    return "".join(
        " " if char in _LINE_BREAKS else _escape(char) if is_hidden_control(char) else char
        for char in text
    )


def json_text(value: Any, *, sort_keys: bool = False) -> str:
    """Pretty JSON that is still readable text on a terminal: JSON already escapes C0,
    and here C1, bidirectional controls and lone surrogates are written as \\uXXXX too.
    The value is unchanged for any JSON reader."""
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys)
    if not any(is_hidden_control(char) for char in text):
        return text
    return "".join(f"\\u{ord(char):04x}" if is_hidden_control(char) else char for char in text)
