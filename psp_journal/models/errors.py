"""ValidationError, and how a refused value is shown: short, escaped, never private text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NoReturn


class ValidationError(ValueError):
    """Input we refuse: `field` is the name the person used, `message` says what is allowed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


_SHOWN_MAX_CHARS = 40


def _shown(value: object) -> str:
    if isinstance(value, str):
        if not value.strip():
            return "nothing"
        if len(value) > _SHOWN_MAX_CHARS:
            value = value[: _SHOWN_MAX_CHARS - 1] + "…"
        return repr(value)
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if value.bit_length() <= 64 else "a very large number"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def _name_shown(name: object) -> str:
    """A field name the person typed, safe to print as the start of an error."""
    text = str(name)
    if text.isprintable() and 0 < len(text) <= _SHOWN_MAX_CHARS:
        return text
    return _shown(text)


def _refuse(field: str, allowed: str, value: object) -> NoReturn:
    raise ValidationError(field, f"must be {allowed}; got {_shown(value)}")


def _listed(words: Iterable[str]) -> str:
    return ", ".join(words)
