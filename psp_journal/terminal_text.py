"""Text for a terminal line: whatever a note or a file name holds is shown, never acted on.

A note can hold anything, including an escape sequence that would retitle or clear the
terminal; the command line prints every piece of user text through `one_line`.
"""

from __future__ import annotations

_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")


def one_line(text: str) -> str:
    """Line breaks become spaces; other control characters (C0 and C1, except tab) are
    shown as \\xNN."""
    return "".join(
        " " if char in _LINE_BREAKS else f"\\x{ord(char):02x}" if _is_control(char) else char
        for char in text
    )


def _is_control(char: str) -> bool:
    code = ord(char)
    return (code < 0x20 and char != "\t") or 0x7F <= code <= 0x9F
