"""Field rules: how each exchange-format field of a record is checked, read and written."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psp_journal.models.aliases import _ALIAS_ALLOWED, _alias_problem, parse_alias
from psp_journal.models.errors import ValidationError, _listed, _refuse, _shown
from psp_journal.models.limits import (
    EARLIEST_YEAR,
    HOURS_RANGE,
    ID_MAX_CHARS,
    ITEM_MAX_CHARS,
    MAX_ITEMS,
    MAX_TAGS,
    TEXT_MAX_CHARS,
)
from psp_journal.models.parsing import (
    _HOURS_ALLOWED,
    _TAG_ALLOWED,
    _item_problem,
    _minute_text,
    _scale_allowed,
    _text_problem,
    is_tag,
    parse_choice,
    parse_count,
    parse_date,
    parse_datetime,
    parse_flag,
    parse_hours,
    parse_reflection_text,
    parse_scale,
    parse_self_care,
    parse_tags,
    parse_text,
)
from psp_journal.models.vocabulary import SCALE_LABELS, ScaleName


@dataclass(frozen=True)
class _Clock:
    """The caller's today and now: models never read the system clock."""

    today: date
    now: datetime


_Check = Callable[[str, Any], None]
_Reader = Callable[[str, Any, _Clock], Any]


def _as_is(field: str, raw: Any, clock: _Clock) -> Any:
    return raw


def _written_as_is(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class _Field:
    """One field of a record kind: its names, what is allowed, and how to read and write it.

    `check` guards the dataclass itself (every constructed record is valid); `read_text`
    parses an edit typed by a person; `read_json` turns an import value into the Python
    value (and applies the date rules that need a clock); `write_json` is the reverse.
    """

    name: str
    option: str
    allowed: str
    check: _Check
    read_text: _Reader
    read_json: _Reader = _as_is
    write_json: Callable[[Any], Any] = _written_as_is
    required: bool = False
    many: bool = False


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _number_out(value: float) -> int | float:
    """9.0 is written as 9, as in PRODUCT.md's examples, so dumps stay tidy and stable."""
    return int(value) if float(value).is_integer() else value


def _optional(rule: _Field) -> _Field:
    """The same rule where 'not known' (None) is allowed, never turned into 0."""

    def check(field: str, value: Any) -> None:
        if value is not None:
            rule.check(field, value)

    def read_text(field: str, text: Any, clock: _Clock) -> Any:
        return None if not text.strip() else rule.read_text(field, text, clock)

    def read_json(field: str, raw: Any, clock: _Clock) -> Any:
        return None if raw is None else rule.read_json(field, raw, clock)

    def write_json(value: Any) -> Any:
        return None if value is None else rule.write_json(value)

    return dataclasses.replace(
        rule,
        allowed=f"{rule.allowed}, or nothing when not known",
        check=check,
        read_text=read_text,
        read_json=read_json,
        write_json=write_json,
        required=False,
    )


def _with_default(rule: _Field) -> _Field:
    """The same rule for a field an import line may leave out (it keeps its default)."""
    return dataclasses.replace(rule, required=False)


def _scale_field(name: str, scale: ScaleName) -> _Field:
    allowed = _scale_allowed(scale)

    def check(field: str, value: Any) -> None:
        if type(value) is not int or value not in SCALE_LABELS[scale]:
            _refuse(field, allowed, value)

    def read_text(field: str, text: Any, clock: _Clock) -> int:
        return parse_scale(field, text, scale)

    return _Field(name, _option(name), allowed, check, read_text, required=True)


def _hours_field(name: str) -> _Field:
    def check(field: str, value: Any) -> None:
        # A whole number is compared as it is: one of 400 digits is no float (OverflowError).
        number = type(value) is int or (type(value) is float and math.isfinite(value))
        if not number or not HOURS_RANGE[0] <= value <= HOURS_RANGE[1]:
            _refuse(field, _HOURS_ALLOWED, value)

    def read_text(field: str, text: Any, clock: _Clock) -> float:
        return parse_hours(field, text)

    return _Field(name, _option(name), _HOURS_ALLOWED, check, read_text, write_json=_number_out)


def _count_field(name: str, low: int, high: int) -> _Field:
    allowed = f"a whole number from {low} to {high}"

    def check(field: str, value: Any) -> None:
        if type(value) is not int or not low <= value <= high:
            _refuse(field, allowed, value)

    def read_text(field: str, text: Any, clock: _Clock) -> int:
        return parse_count(field, text, low, high)

    return _Field(name, _option(name), allowed, check, read_text, required=True)


def _check_date(field: str, value: Any) -> None:
    if type(value) is not date or value.year < EARLIEST_YEAR:
        _refuse(field, f"a date from {EARLIEST_YEAR} on, like 2026-11-02", value)


def _date_field(name: str, *, allow_future: bool = False) -> _Field:
    allowed = "a date like 2026-11-02" + ("" if allow_future else ", today or earlier")

    def read_text(field: str, text: Any, clock: _Clock) -> date:
        return parse_date(field, text, clock.today, allow_future)

    def read_json(field: str, raw: Any, clock: _Clock) -> date:
        if not isinstance(raw, str):
            _refuse(field, allowed, raw)
        return parse_date(field, raw, clock.today, allow_future)

    def write_json(value: date) -> str:
        return value.isoformat()

    return _Field(
        name, _option(name), allowed, _check_date, read_text, read_json, write_json, required=True
    )


_AT_ALLOWED = "a date and time like 2026-11-02T14:00, now or earlier"


def _check_moment(field: str, value: Any) -> None:
    if (
        type(value) is not datetime
        or value.tzinfo is not None
        or value.second
        or value.microsecond
        or value.year < EARLIEST_YEAR
    ):
        _refuse(field, "a local date and time to the minute, like 2026-11-02T14:00", value)


def _at_field() -> _Field:
    def read_text(field: str, text: Any, clock: _Clock) -> datetime:
        return parse_datetime(field, text, clock.now)

    def read_json(field: str, raw: Any, clock: _Clock) -> datetime:
        if not isinstance(raw, str):
            _refuse(field, _AT_ALLOWED, raw)
        return parse_datetime(field, raw, clock.now)

    return _Field(
        "at", "--at", _AT_ALLOWED, _check_moment, read_text, read_json, _minute_text, True
    )


def _choice_field(name: str, choices: Sequence[str]) -> _Field:
    allowed = f"one of {_listed(choices)}"

    def check(field: str, value: Any) -> None:
        if value not in choices:
            _refuse(field, allowed, value)

    def read_text(field: str, text: Any, clock: _Clock) -> str:
        return parse_choice(field, text, choices)

    return _Field(name, _option(name), allowed, check, read_text, required=True)


def _alias_field(name: str) -> _Field:
    def check(field: str, value: Any) -> None:
        problem = _alias_problem(value)
        if problem is not None:
            raise ValidationError(field, problem)

    def read_text(field: str, text: Any, clock: _Clock) -> str:
        return parse_alias(text, field)

    return _Field(name, _option(name), _ALIAS_ALLOWED, check, read_text, required=True)


def _flag_field(name: str) -> _Field:
    def check(field: str, value: Any) -> None:
        if type(value) is not bool:
            _refuse(field, "true or false", value)

    def read_text(field: str, text: Any, clock: _Clock) -> bool:
        return parse_flag(field, text)

    return _Field(name, _option(name), "true or false", check, read_text)


def _text_field(name: str, limit: int, *, one_line: bool = False) -> _Field:
    allowed = f"text of up to {limit:,} characters" + (" on one line" if one_line else "")

    def check(field: str, value: Any) -> None:
        if not isinstance(value, str):
            _refuse(field, allowed, value)
        problem = _text_problem(value, limit, one_line=one_line)
        if problem is not None:
            raise ValidationError(field, problem)

    def read_text(field: str, text: Any, clock: _Clock) -> str:
        return parse_text(field, text, limit, one_line=one_line)

    return _Field(name, _option(name), allowed, check, read_text)


def _reflection_text_field() -> _Field:
    rule = _text_field("text", TEXT_MAX_CHARS)

    def check(field: str, value: Any) -> None:
        rule.check(field, value)
        parse_reflection_text(field, value)

    def read_text(field: str, text: Any, clock: _Clock) -> str:
        return parse_reflection_text(field, text)

    return dataclasses.replace(rule, check=check, read_text=read_text, required=True)


def _list_from_json(allowed: str) -> _Reader:
    def read_json(field: str, raw: Any, clock: _Clock) -> tuple[Any, ...]:
        if not isinstance(raw, list):
            _refuse(field, allowed, raw)
        return tuple(raw)

    return read_json


def _write_list(value: tuple[Any, ...]) -> list[Any]:
    return list(value)


def _check_list(field: str, value: Any, allowed: str, most: int) -> None:
    if not isinstance(value, tuple):
        _refuse(field, allowed, value)
    if len(value) > most:
        raise ValidationError(field, f"can hold at most {most} items; got {len(value)}")


def _check_no_repeats(field: str, items: tuple[str, ...]) -> None:
    if len(set(items)) != len(items):
        raise ValidationError(field, "lists one item twice; each item is listed once")


def _tags_field() -> _Field:
    allowed = f"a list of tags, each {_TAG_ALLOWED}"

    def check(field: str, value: Any) -> None:
        _check_list(field, value, allowed, MAX_TAGS)
        for position, tag in enumerate(value, start=1):
            if not isinstance(tag, str) or not is_tag(tag):
                raise ValidationError(
                    field, f"item {position} must be {_TAG_ALLOWED}; got {_shown(tag)}"
                )
        _check_no_repeats(field, value)

    def read_text(field: str, texts: Any, clock: _Clock) -> tuple[str, ...]:
        return parse_tags(field, texts)

    return _Field(
        "tags",
        "--tag",
        allowed,
        check,
        read_text,
        _list_from_json(allowed),
        _write_list,
        many=True,
    )


def _self_care_field() -> _Field:
    allowed = f"a list of self-care items, each up to {ITEM_MAX_CHARS} characters on one line"

    def check(field: str, value: Any) -> None:
        _check_list(field, value, allowed, MAX_ITEMS)
        for position, item in enumerate(value, start=1):
            problem = _item_problem(item, ITEM_MAX_CHARS) if isinstance(item, str) else "not text"
            if problem is not None:
                raise ValidationError(field, f"item {position}: {problem}")
        _check_no_repeats(field, value)

    def read_text(field: str, texts: Any, clock: _Clock) -> tuple[str, ...]:
        return parse_self_care(field, texts)

    return _Field(
        "self_care",
        "--self-care",
        allowed,
        check,
        read_text,
        _list_from_json(allowed),
        _write_list,
        many=True,
    )


def _check_id(value: object) -> None:
    if value is None:
        return
    if (
        not isinstance(value, str)
        or not 0 < len(value) <= ID_MAX_CHARS
        or not value.isprintable()
        or value != value.strip()
    ):
        _refuse("id", f"an id of 1 to {ID_MAX_CHARS} printable characters, or absent", value)
