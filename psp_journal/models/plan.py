"""The wellness plan: the person's own words, shown back when strain builds."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from psp_journal.models.errors import ValidationError, _listed, _name_shown, _refuse, _shown
from psp_journal.models.limits import MAX_PLAN_ITEMS, PLAN_ITEM_MAX_CHARS
from psp_journal.models.parsing import _text_problem
from psp_journal.models.vocabulary import Document

PLAN_TYPE = "plan"
PLAN_LISTS = (
    "boundary_commitments",
    "daily_maintenance",
    "triggers",
    "early_warning_signs",
    "step_back_actions",
)
PLAN_SECTIONS = (*PLAN_LISTS, "people", "crisis_lines")
NAME_MAX_CHARS = 100
NUMBER_MAX_CHARS = 40
HOW_MAX_CHARS = 500


@dataclass(frozen=True)
class Person:
    """Someone I can reach, and how ('text first', 'after 5', a number)."""

    name: str
    how: str = ""


@dataclass(frozen=True)
class CrisisLine:
    """A crisis line the person added themselves (any country, alongside the shipped ones)."""

    name: str
    number: str
    note: str = ""


def _check_plan_text(
    field: str, value: object, limit: int, *, needed: bool, one_line: bool = False
) -> None:
    if not isinstance(value, str):
        _refuse(field, f"text of up to {limit:,} characters", value)
    if needed and not value.strip():
        raise ValidationError(field, "can't be empty")
    problem = _text_problem(value, limit, one_line=one_line)
    if problem is not None:
        raise ValidationError(field, problem)


def _check_plan_list(field: str, items: object, check: Callable[[str, Any], None]) -> None:
    if not isinstance(items, tuple):
        _refuse(field, "a list", items)
    if len(items) > MAX_PLAN_ITEMS:
        raise ValidationError(field, f"can hold at most {MAX_PLAN_ITEMS} items; got {len(items)}")
    for position, item in enumerate(items, start=1):
        check(f"{field}[{position}]", item)


def _check_plan_item(field: str, item: object) -> None:
    _check_plan_text(field, item, PLAN_ITEM_MAX_CHARS, needed=True)


def _check_person(field: str, person: object) -> None:
    if not isinstance(person, Person):
        _refuse(field, "a person with a name and how to reach them", person)
    _check_plan_text(f"{field}.name", person.name, NAME_MAX_CHARS, needed=True, one_line=True)
    _check_plan_text(f"{field}.how", person.how, HOW_MAX_CHARS, needed=False)


def _check_line(field: str, line: object) -> None:
    if not isinstance(line, CrisisLine):
        _refuse(field, "a crisis line with a name and a number", line)
    _check_plan_text(f"{field}.name", line.name, NAME_MAX_CHARS, needed=True, one_line=True)
    _check_plan_text(f"{field}.number", line.number, NUMBER_MAX_CHARS, needed=True, one_line=True)
    _check_plan_text(f"{field}.note", line.note, HOW_MAX_CHARS, needed=False)


def _objects_from_json(
    field: str, raw: object, kind: type[Person] | type[CrisisLine]
) -> tuple[Any, ...]:
    names = [item.name for item in dataclasses.fields(kind)]
    if not isinstance(raw, list):
        _refuse(field, f"a list of objects with {_listed(names)}", raw)
    built: list[Any] = []
    for position, item in enumerate(raw, start=1):
        where = f"{field}[{position}]"
        if not isinstance(item, Mapping):
            _refuse(where, f"an object with {_listed(names)}", item)
        unknown = [key for key in item if key not in names]
        if unknown:
            raise ValidationError(
                f"{where}.{_name_shown(unknown[0])}", f"is not a field; use {_listed(names)}"
            )
        try:
            built.append(kind(**item))
        except TypeError:
            raise ValidationError(where, f"needs {_listed(names[:-1])}") from None
    return tuple(built)


@dataclass(frozen=True)
class WellnessPlan:
    """The person's own plan: what keeps them well, what warns them, how they step back."""

    boundary_commitments: tuple[str, ...] = ()
    daily_maintenance: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    early_warning_signs: tuple[str, ...] = ()
    step_back_actions: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    crisis_lines: tuple[CrisisLine, ...] = ()

    def __post_init__(self) -> None:
        for name in PLAN_LISTS:
            _check_plan_list(name, getattr(self, name), _check_plan_item)
        _check_plan_list("people", self.people, _check_person)
        _check_plan_list("crisis_lines", self.crisis_lines, _check_line)

    def to_document(self) -> Document:
        """The plan line of a dump: "type" first, then each list in the plan's order."""
        document: Document = {"type": PLAN_TYPE}
        for name in PLAN_LISTS:
            document[name] = list(getattr(self, name))
        document["people"] = [dataclasses.asdict(person) for person in self.people]
        document["crisis_lines"] = [dataclasses.asdict(line) for line in self.crisis_lines]
        return document

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> WellnessPlan:
        """A plan from an import line; lists left out are empty."""
        if not isinstance(document, Mapping):
            raise ValidationError("plan", 'must be a JSON object with "type": "plan"')
        if document.get("type") != PLAN_TYPE:
            _refuse("type", f'"{PLAN_TYPE}"', document.get("type"))
        values: dict[str, Any] = {}
        for name, raw in document.items():
            if name in PLAN_LISTS:
                if not isinstance(raw, list):
                    _refuse(name, "a list of text items", raw)
                values[name] = tuple(raw)
            elif name == "people":
                values[name] = _objects_from_json(name, raw, Person)
            elif name == "crisis_lines":
                values[name] = _objects_from_json(name, raw, CrisisLine)
            elif name != "type":
                raise ValidationError(
                    _name_shown(name),
                    f"is not part of the plan; its parts are {_listed(PLAN_SECTIONS)}",
                )
        return cls(**values)


PlanItem = str | Person | CrisisLine


def _typed_item(item: PlanItem) -> PlanItem | None:
    """An item as typed in an editor: trimmed, and None for a row left blank."""
    if isinstance(item, str):
        return item.strip() or None
    if isinstance(item, Person | CrisisLine):
        trimmed = dataclasses.replace(
            item,
            **{
                name.name: value.strip()
                for name in dataclasses.fields(item)
                if isinstance(value := getattr(item, name.name), str)
            },
        )
        return trimmed if any(dataclasses.astuple(trimmed)) else None
    return item


def plan_with_section(plan: WellnessPlan, section: str, items: Sequence[PlanItem]) -> WellnessPlan:
    """`plan` with one section's items replaced by what the person typed in an editor:
    text trimmed and blank rows left out (an editor always has one more row), then
    checked as any plan is, naming the item refused ("triggers[2]", "people[1].name").
    A text section takes text; `people` takes Person and `crisis_lines` CrisisLine."""
    if section not in PLAN_SECTIONS:
        raise ValidationError(
            "section",
            f"{_shown(section)} is not part of the plan; its parts are {_listed(PLAN_SECTIONS)}",
        )
    if isinstance(items, str) or not isinstance(items, Sequence):
        _refuse(section, "a list", items)
    kept = tuple(typed for typed in map(_typed_item, items) if typed is not None)
    wanted = str if section in PLAN_LISTS else Person if section == "people" else CrisisLine
    for position, item in enumerate(kept, start=1):
        if not isinstance(item, wanted):
            _refuse(f"{section}[{position}]", f"a {wanted.__name__}", item)
    return dataclasses.replace(plan, **{section: kept})
