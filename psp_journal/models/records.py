"""The record kinds of the exchange format: valid once built, read from an import line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, ClassVar, Self

from psp_journal.models._fields import (
    _alias_field,
    _at_field,
    _check_id,
    _choice_field,
    _Clock,
    _count_field,
    _date_field,
    _Field,
    _flag_field,
    _hours_field,
    _optional,
    _reflection_text_field,
    _scale_field,
    _self_care_field,
    _tags_field,
    _text_field,
    _with_default,
)
from psp_journal.models.errors import ValidationError, _listed, _name_shown, _refuse
from psp_journal.models.limits import (
    BREAKS_RANGE,
    MINUTES_RANGE,
    NOTE_MAX_CHARS,
    SETTING_MAX_CHARS,
)
from psp_journal.models.vocabulary import (
    BOUNDARY_KINDS,
    CLIENT_STATUSES,
    INITIATED_BY,
    MODES,
    SUPPORT_KINDS,
    Document,
)

_NO_DATES = _Clock(today=date.max, now=datetime.max)  # a client has no dates to compare


class _Record:
    """What every record kind shares: checked on construction, written as an import line."""

    record_type: ClassVar[str]
    noun: ClassVar[str]
    rules: ClassVar[tuple[_Field, ...]]
    id: str | None

    def __post_init__(self) -> None:
        for rule in self.rules:
            rule.check(rule.name, getattr(self, rule.name))
        _check_id(self.id)

    def to_document(self) -> Document:
        """The exchange-format object: "type" and "id" first, then the fields in order."""
        document: Document = {"type": self.record_type, "id": self.id}
        for rule in self.rules:
            document[rule.name] = rule.write_json(getattr(self, rule.name))
        return document

    @classmethod
    def _values(cls, document: object, clock: _Clock) -> dict[str, Any]:
        """The constructor's arguments from an import line: shape, presence, dates."""
        if not isinstance(document, Mapping):
            raise ValidationError(
                "record", f'must be a JSON object, like {{"type": "{cls.record_type}"}}'
            )
        if document.get("type") != cls.record_type:
            _refuse("type", f'"{cls.record_type}" for {cls.noun}', document.get("type"))
        names = [rule.name for rule in cls.rules]
        for key in document:
            if key not in ("type", "id", *names):
                raise ValidationError(
                    _name_shown(key),
                    f"{cls.noun} has no field by that name; its fields are {_listed(names)}",
                )
        values: dict[str, Any] = {"id": document.get("id")}
        for rule in cls.rules:
            if rule.name in document:
                values[rule.name] = rule.read_json(rule.name, document[rule.name], clock)
            elif rule.required:
                raise ValidationError(rule.name, f"is needed for {cls.noun}: {rule.allowed}")
        return values


@dataclass(frozen=True)
class Client(_Record):
    """A client, known only by the alias or code the PSP chose."""

    record_type: ClassVar[str] = "client"
    noun: ClassVar[str] = "a client"
    rules: ClassVar[tuple[_Field, ...]] = (
        _alias_field("alias"),
        _with_default(_choice_field("status", CLIENT_STATUSES)),
        _text_field("note", NOTE_MAX_CHARS),
    )

    alias: str
    status: str = "active"
    note: str = ""
    id: str | None = None

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Self:
        """A client from an import line, refusing anything the exchange format does not allow."""
        return cls(**cls._values(document, _NO_DATES))


@dataclass(frozen=True)
class Checkin(_Record):
    """The day's own check-in: one per date; anything left out is unknown, never 0."""

    record_type: ClassVar[str] = "checkin"
    noun: ClassVar[str] = "a check-in"
    rules: ClassVar[tuple[_Field, ...]] = (
        _date_field("date"),
        _scale_field("mood", "mood"),
        _scale_field("energy", "energy"),
        _scale_field("stress", "stress"),
        _optional(_hours_field("sleep")),
        _optional(_hours_field("worked")),
        _optional(_count_field("breaks", *BREAKS_RANGE)),
        _self_care_field(),
        _text_field("note", NOTE_MAX_CHARS),
    )

    date: dt.date  # `dt.` because the field's name hides the type inside the class
    mood: int
    energy: int
    stress: int
    sleep: float | None = None
    worked: float | None = None
    breaks: int | None = None
    self_care: tuple[str, ...] = ()
    note: str = ""
    id: str | None = None

    @classmethod
    def from_document(cls, document: Mapping[str, Any], *, today: dt.date) -> Self:
        """A check-in from an import line; its date may not be after `today`."""
        clock = _Clock(today, datetime.combine(today, time(23, 59)))
        return cls(**cls._values(document, clock))


@dataclass(frozen=True)
class Interaction(_Record):
    """One contact with a client: when, how, how heavy it was, and what to carry forward."""

    record_type: ClassVar[str] = "interaction"
    noun: ClassVar[str] = "an interaction"
    rules: ClassVar[tuple[_Field, ...]] = (
        _alias_field("client"),
        _at_field(),
        _count_field("minutes", *MINUTES_RANGE),
        _choice_field("mode", MODES),
        _scale_field("intensity", "intensity"),
        _tags_field(),
        _flag_field("close_to_home"),
        _flag_field("self_disclosure"),
        _text_field("setting", SETTING_MAX_CHARS, one_line=True),
        _text_field("note", NOTE_MAX_CHARS),
        _optional(_date_field("follow_up", allow_future=True)),
        _flag_field("discuss"),
    )

    client: str
    at: datetime
    minutes: int
    mode: str
    intensity: int
    tags: tuple[str, ...] = ()
    close_to_home: bool = False
    self_disclosure: bool = False
    setting: str = ""
    note: str = ""
    follow_up: date | None = None
    discuss: bool = False
    id: str | None = None

    @classmethod
    def from_document(cls, document: Mapping[str, Any], *, now: datetime) -> Self:
        """An interaction from an import line; `at` may not be after `now`, a follow-up may."""
        return cls(**cls._values(document, _Clock(now.date(), now)))


@dataclass(frozen=True)
class Boundary(_Record):
    """A boundary situation: what kind, who started it, how it felt, whether to bring it up."""

    record_type: ClassVar[str] = "boundary"
    noun: ClassVar[str] = "a boundary event"
    rules: ClassVar[tuple[_Field, ...]] = (
        _at_field(),
        _choice_field("kind", BOUNDARY_KINDS),
        _scale_field("felt", "felt"),
        _optional(_alias_field("client")),
        _optional(_choice_field("initiated_by", INITIATED_BY)),
        _text_field("note", NOTE_MAX_CHARS),
        _flag_field("discuss"),
    )

    at: datetime
    kind: str
    felt: int
    client: str | None = None
    initiated_by: str | None = None
    note: str = ""
    discuss: bool = False
    id: str | None = None

    @classmethod
    def from_document(cls, document: Mapping[str, Any], *, now: datetime) -> Self:
        """A boundary event from an import line; `at` may not be after `now`."""
        return cls(**cls._values(document, _Clock(now.date(), now)))


@dataclass(frozen=True)
class Reflection(_Record):
    """A free-text journal entry (Markdown), the person's own words."""

    record_type: ClassVar[str] = "reflection"
    noun: ClassVar[str] = "a reflection"
    rules: ClassVar[tuple[_Field, ...]] = (
        _at_field(),
        _reflection_text_field(),
        _tags_field(),
        _flag_field("discuss"),
    )

    at: datetime
    text: str
    tags: tuple[str, ...] = ()
    discuss: bool = False
    id: str | None = None

    @classmethod
    def from_document(cls, document: Mapping[str, Any], *, now: datetime) -> Self:
        """A reflection from an import line; `at` may not be after `now`."""
        return cls(**cls._values(document, _Clock(now.date(), now)))


@dataclass(frozen=True)
class Support(_Record):
    """Support the PSP received, so isolation and a gap in supervision can be noticed."""

    record_type: ClassVar[str] = "support"
    noun: ClassVar[str] = "a support entry"
    rules: ClassVar[tuple[_Field, ...]] = (
        _at_field(),
        _choice_field("kind", SUPPORT_KINDS),
        _text_field("note", NOTE_MAX_CHARS),
    )

    at: datetime
    kind: str
    note: str = ""
    id: str | None = None

    @classmethod
    def from_document(cls, document: Mapping[str, Any], *, now: datetime) -> Self:
        """A support entry from an import line; `at` may not be after `now`."""
        return cls(**cls._values(document, _Clock(now.date(), now)))


Record = Client | Checkin | Interaction | Boundary | Reflection | Support
RECORD_KINDS: Mapping[str, type[Record]] = {
    "client": Client,
    "checkin": Checkin,
    "interaction": Interaction,
    "boundary": Boundary,
    "reflection": Reflection,
    "support": Support,
}


# A dump writes the record kinds first, then the journal's own documents, so that two
# dumps of one journal (or a demo journal and its dump) are byte-identical.
DUMP_TYPE_ORDER = (*RECORD_KINDS, "settings", "plan", "prompt", "discussed", "ledger")


def dump_sort_key(document: Mapping[str, Any]) -> tuple[int, str, str]:
    """The dump's deterministic order: by type, then date or time, then id (a discussed
    mark has none: the id of the item it names)."""
    moment = document.get("date") or document.get("at") or ""
    key = document.get("id") or document.get("item") or ""
    return DUMP_TYPE_ORDER.index(document["type"]), str(moment), str(key)


def record_from_document(document: object, *, now: datetime) -> Record:
    """Any record from one import line, chosen by its "type"; dates may not be after `now`."""
    if not isinstance(document, Mapping):
        raise ValidationError("record", 'must be a JSON object with a "type", like "checkin"')
    record_type = document.get("type")
    kind = RECORD_KINDS.get(record_type) if isinstance(record_type, str) else None
    if kind is None:
        _refuse("type", f"one of {_listed(RECORD_KINDS)}", record_type)
    return kind(**kind._values(document, _Clock(now.date(), now)))
