"""A "discussed" mark: an item brought to supervision that has been talked through.

It names the item (an entry marked discuss, or a step-back prompt answered "bring to
supervision") by id and says when it was marked; nothing of the item itself, so marking
copies no private text. Marks dump and import with the journal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psp_journal.models._fields import _check_id
from psp_journal.models.errors import ValidationError, _listed, _name_shown, _refuse
from psp_journal.models.vocabulary import Document

DISCUSSED_TYPE = "discussed"
# The kinds of item a supervision list holds, and so the kinds a mark may name.
DISCUSSABLE_TYPES = ("interaction", "boundary", "reflection", "prompt")
_FIELDS = ("type", "item", "at")
_AT_ALLOWED = "a date and time like 2026-11-02T14:00"


@dataclass(frozen=True)
class DiscussedMark:
    """`item` was discussed (marked so at `at`)."""

    item: str
    at: datetime

    def __post_init__(self) -> None:
        if self.item is None:
            raise ValidationError("item", "is needed: the id of the item discussed")
        _check_id(self.item)
        if not isinstance(self.at, datetime):
            _refuse("at", _AT_ALLOWED, self.at)

    def to_document(self) -> Document:
        """The line of a dump: "type" first."""
        return {
            "type": DISCUSSED_TYPE,
            "item": self.item,
            "at": self.at.isoformat(timespec="minutes"),
        }

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> DiscussedMark:
        """A mark from an import line: exactly its three fields."""
        if not isinstance(document, Mapping) or document.get("type") != DISCUSSED_TYPE:
            raise ValidationError("type", f'must be "{DISCUSSED_TYPE}" for a discussed mark')
        for key in document:
            if key not in _FIELDS:
                raise ValidationError(
                    _name_shown(key), f"is not a field; a discussed mark has {_listed(_FIELDS)}"
                )
        item, at = document.get("item"), document.get("at")
        if not isinstance(item, str):
            _refuse("item", "the id of the item discussed", item)
        if not isinstance(at, str):
            _refuse("at", _AT_ALLOWED, at)
        try:
            moment = datetime.strptime(at, "%Y-%m-%dT%H:%M")
        except ValueError:
            _refuse("at", _AT_ALLOWED, at)
        return cls(item=item, at=moment)
