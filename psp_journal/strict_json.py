"""JSON from outside (an import line, a summary given to `review`), read strictly and safely.

Python's `json` accepts what other readers refuse and fails in ways that are not a
JSONDecodeError: NaN and Infinity, a field given twice (the last one silently wins), a
number of 5,000 digits (ValueError), and a line of 100,000 `[` (RecursionError, after a
deep descent). Here each of those is refused as `NotStrictJson`, with a reason in plain
words, before it costs much time or memory: the nesting is measured by a linear scan
before the parser runs.
"""

from __future__ import annotations

import json
from typing import Any

from psp_journal.i18n import _

MAX_DEPTH = 32  # a record or a summary nests a few levels; much deeper is not one


class NotStrictJson(ValueError):
    """Text that is not one strict JSON value; the message says why."""


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for key, value in pairs:
        if key in table:
            raise NotStrictJson(_("the field {field} appears twice").format(field=key[:40]))
        table[key] = value
    return table


def _refuse_constant(name: str) -> Any:
    raise NotStrictJson(_("it holds {value}, which is not a number").format(value=name))


def nesting_depth(text: str) -> int:
    """How deeply `[` and `{` nest in JSON text, outside strings, in one pass."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def loads_strict(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """One JSON value, or `NotStrictJson` saying what is wrong with it."""
    if nesting_depth(text) > max_depth:
        raise NotStrictJson(_("it nests more than {depth} levels deep").format(depth=max_depth))
    try:
        return json.loads(
            text, object_pairs_hook=_refuse_duplicates, parse_constant=_refuse_constant
        )
    except json.JSONDecodeError as error:
        raise NotStrictJson(
            _("it is not valid JSON (column {column}: {reason})").format(
                column=error.colno, reason=error.msg
            )
        ) from error
    except ValueError as error:  # a number too long to read (Python's digit limit)
        if isinstance(error, NotStrictJson):
            raise
        raise NotStrictJson(_("it holds a number too long to read")) from error
