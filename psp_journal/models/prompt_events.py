"""What happened with a step-back prompt: shown, or answered (and how), with its reasons.

Kept as records so the rhythm can be honoured across sessions, and so the person (and,
with consent, a supervisor) can see what they chose; they dump and import like any entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psp_journal.models.errors import ValidationError, _listed, _refuse
from psp_journal.models.indicators import INDICATOR_IDS
from psp_journal.models.limits import NOTE_MAX_CHARS
from psp_journal.models.vocabulary import Document

PROMPT_TYPE = "prompt"
SHOWN = "shown"
STEPPING_BACK = "stepping-back"
REMIND_LATER = "remind-later"
BRING_TO_SUPERVISION = "bring-to-supervision"
DISMISS = "dismiss"
PROMPT_ANSWERS = (STEPPING_BACK, REMIND_LATER, BRING_TO_SUPERVISION, DISMISS)
PROMPT_EVENTS = (SHOWN, *PROMPT_ANSWERS)
_FIELDS = ("type", "id", "at", "event", "indicators", "snooze_until", "note")


def _moment(field: str, value: object) -> datetime:
    if not isinstance(value, str):
        _refuse(field, "a date and time like 2026-11-02T14:00", value)
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M")
    except ValueError:
        _refuse(field, "a date and time like 2026-11-02T14:00", value)


@dataclass(frozen=True)
class PromptEvent:
    """`event` is "shown" or the answer; `indicators` are the ones that caused the prompt;
    `snooze_until` is set for "remind later"."""

    at: datetime
    event: str
    indicators: tuple[str, ...]
    snooze_until: datetime | None = None
    note: str = ""
    id: str | None = None

    def __post_init__(self) -> None:
        if self.event not in PROMPT_EVENTS:
            _refuse("event", f"one of {_listed(PROMPT_EVENTS)}", self.event)
        unknown = [item for item in self.indicators if item not in INDICATOR_IDS]
        if unknown:
            _refuse("indicators", f"indicator ids, like {INDICATOR_IDS[0]}", unknown[0])
        if (self.snooze_until is None) != (self.event != REMIND_LATER):
            raise ValidationError("snooze_until", 'is set for "remind-later" and only then')
        if not isinstance(self.note, str) or len(self.note) > NOTE_MAX_CHARS:
            _refuse("note", f"text of up to {NOTE_MAX_CHARS} characters", self.note)

    def to_document(self) -> Document:
        return {
            "type": PROMPT_TYPE,
            "id": self.id,
            "at": self.at.isoformat(timespec="minutes"),
            "event": self.event,
            "indicators": list(self.indicators),
            "snooze_until": (
                self.snooze_until.isoformat(timespec="minutes") if self.snooze_until else None
            ),
            "note": self.note,
        }

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> PromptEvent:
        """A prompt event from an import line (its `at` was checked when it happened)."""
        extra = [key for key in document if key not in _FIELDS]
        if extra:
            raise ValidationError(str(extra[0]), f"a prompt event's fields are {_listed(_FIELDS)}")
        indicators = document.get("indicators", [])
        if not isinstance(indicators, list) or not all(isinstance(i, str) for i in indicators):
            _refuse("indicators", "a list of indicator ids", indicators)
        snooze = document.get("snooze_until")
        record_id = document.get("id")
        if record_id is not None and not isinstance(record_id, str):
            _refuse("id", "a string", record_id)
        return cls(
            at=_moment("at", document.get("at")),
            event=str(document.get("event")),
            indicators=tuple(indicators),
            snooze_until=None if snooze is None else _moment("snooze_until", snooze),
            note=document.get("note", ""),
            id=record_id,
        )
