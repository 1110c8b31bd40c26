"""Edits: a record with only the fields given changed, each read as if typed."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar, cast

from psp_journal.models._fields import _Clock, _Field
from psp_journal.models.errors import ValidationError, _listed, _name_shown, _refuse
from psp_journal.models.records import RECORD_KINDS, Record

R = TypeVar("R", bound=Record)


def edit_options(record_type: str) -> tuple[str, ...]:
    """The options `edit ID` accepts for a record kind, as the person types them."""
    return tuple(rule.option for rule in RECORD_KINDS[record_type].rules)


def _edit_key(key: str) -> str:
    return key.strip().lstrip("-").replace("-", "_").lower()


def _edit_rule(kind: type[Record], key: object) -> _Field:
    wanted = _edit_key(str(key))
    for rule in kind.rules:
        if wanted in (rule.name, _edit_key(rule.option)):
            return rule
    raise ValidationError(
        _name_shown("--" + wanted.replace("_", "-")),
        f"{kind.noun} has no field by that name; you can give "
        f"{_listed(edit_options(kind.record_type))}",
    )


def _edit_value(rule: _Field, value: object, clock: _Clock) -> Any:
    if rule.many:
        if isinstance(value, str):
            value = [value] if value.strip() else []
        if not isinstance(value, Sequence) or not all(isinstance(item, str) for item in value):
            _refuse(rule.option, rule.allowed, value)
        return rule.read_text(rule.option, value, clock)
    if not isinstance(value, str):
        raise ValidationError(rule.option, f"takes one value: {rule.allowed}")
    return rule.read_text(rule.option, value, clock)


def apply_edit(
    record: R, changes: Mapping[str, str | Sequence[str]], *, today: date, now: datetime
) -> R:
    """`record` with only the given fields changed, each parsed as if typed on the command line.

    Keys are option names with underscores ({"mood": "3", "follow_up": "2026-12-01"}). An
    empty value clears an optional field back to "not known". A list field (tags,
    self_care) takes a sequence of items, which replaces the whole list.
    """
    clock = _Clock(today, now)
    updates: dict[str, Any] = {}
    for key, value in changes.items():
        rule = _edit_rule(cast("type[Record]", type(record)), key)
        updates[rule.name] = _edit_value(rule, value, clock)
    return dataclasses.replace(record, **updates)


def _typed_values(
    kind: type[Record], options: Mapping[str, str | Sequence[str]], clock: _Clock
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in options.items():
        rule = _edit_rule(kind, key)
        values[rule.name] = _edit_value(rule, value, clock)
    return values


def check_options(
    record_type: str,
    options: Mapping[str, str | Sequence[str]],
    *,
    today: date,
    now: datetime,
    partial: bool = False,
) -> None:
    """Refuse bad typed input early (before any passphrase is asked): every option given
    must read, and unless `partial` (a change to an existing record), every required one
    must be there."""
    if partial:
        _typed_values(RECORD_KINDS[record_type], options, _Clock(today, now))
    else:
        new_record(record_type, options, today=today, now=now)


def new_record(
    record_type: str, options: Mapping[str, str | Sequence[str]], *, today: date, now: datetime
) -> Record:
    """A new record from what the person typed. A missing `at` means now; a missing
    required field is named by its option."""
    kind = RECORD_KINDS[record_type]
    values = _typed_values(kind, options, _Clock(today, now))
    for rule in kind.rules:
        if rule.name in values:
            continue
        if rule.name == "at":
            values["at"] = now
        elif rule.required:
            raise ValidationError(rule.option, f"is needed for {kind.noun}: {rule.allowed}")
    return kind(**values)
