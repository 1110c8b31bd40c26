"""Parsers for text a person typed, read forgivingly, with errors that say what is allowed."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from psp_journal.models.errors import ValidationError, _listed, _refuse
from psp_journal.models.limits import (
    EARLIEST_YEAR,
    HOURS_RANGE,
    ITEM_MAX_CHARS,
    MAX_ITEMS,
    MAX_TAGS,
    NOTE_MAX_CHARS,
    TAG_MAX_CHARS,
    TEXT_MAX_CHARS,
)
from psp_journal.models.vocabulary import SCALE_LABELS, ScaleName

_MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WHOLE = re.compile(r"[0-9]{1,9}")
_DECIMAL = re.compile(r"[0-9]{1,9}(?:[.,][0-9]{1,9})?|[.,][0-9]{1,9}")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{1,2}):([0-9]{2})")
_CLOCK_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_SLUG_SEPARATORS = re.compile(r"[\s_]+")
_SLUG_INPUT_MAX_CHARS = 200
# Characters that would hide text, break a line or fail to encode on disk.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_TRUE_WORDS = frozenset({"true", "yes", "y", "on", "1"})
_FALSE_WORDS = frozenset({"false", "no", "n", "off", "0"})


def _scale_allowed(scale: ScaleName) -> str:
    labels = SCALE_LABELS[scale]
    return f"a whole number from 1 ({labels[1]}) to 5 ({labels[5]})"


def _whole_number(text: str) -> int | None:
    cleaned = text.strip()
    return int(cleaned) if _WHOLE.fullmatch(cleaned) else None


def _decimal_number(text: str) -> float | None:
    cleaned = text.strip()
    return float(cleaned.replace(",", ".")) if _DECIMAL.fullmatch(cleaned) else None


def parse_scale(field: str, text: str, scale: ScaleName) -> int:
    """A point on one of the 1–5 scales; the error spells out what 1 and 5 mean."""
    value = _whole_number(text)
    if value is None or value not in SCALE_LABELS[scale]:
        _refuse(field, _scale_allowed(scale), text)
    return value


_HOURS_ALLOWED = "a number of hours from 0 to 24, like 7 or 5.5"


def parse_hours(field: str, text: str) -> float:
    """Hours slept or worked; a decimal comma is accepted because Norway writes 5,5."""
    value = _decimal_number(text)
    if value is None or not HOURS_RANGE[0] <= value <= HOURS_RANGE[1]:
        _refuse(field, _HOURS_ALLOWED, text)
    return value


def parse_count(field: str, text: str, low: int, high: int) -> int:
    """A whole number in a range, such as breaks (0–20) or minutes (1–720)."""
    value = _whole_number(text)
    if value is None or not low <= value <= high:
        _refuse(field, f"a whole number from {low} to {high}", text)
    return value


def _calendar_date(field: str, text: str, year: int, month: int, day: int) -> date:
    if year < EARLIEST_YEAR:
        raise ValidationError(field, f"{text} is before {EARLIEST_YEAR}; please check the year")
    if not 1 <= month <= 12:
        raise ValidationError(field, f"{text} is not a real date: there is no month {month}")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise ValidationError(
            field,
            f"{text} is not a real date: {_MONTH_NAMES[month]} {year} "
            f"has days 1 to {days_in_month}",
        )
    return date(year, month, day)


def parse_date(field: str, text: str, today: date, allow_future: bool = False) -> date:
    """A local date 'YYYY-MM-DD'; only follow-ups may lie after `today`."""
    cleaned = text.strip()
    match = _DATE.fullmatch(cleaned)
    if match is None:
        _refuse(field, "a date like 2026-11-02 (year-month-day)", text)
    year, month, day = (int(part) for part in match.groups())
    value = _calendar_date(field, cleaned, year, month, day)
    if not allow_future and value > today:
        raise ValidationError(
            field, f"{cleaned} is after today ({today}); it can be today or an earlier day"
        )
    return value


def parse_datetime(field: str, text: str, now: datetime, allow_future: bool = False) -> datetime:
    """A naive local time to the minute, 'YYYY-MM-DDTHH:MM' (a space for the T is fine too)."""
    cleaned = text.strip()
    match = _DATETIME.fullmatch(cleaned)
    if match is None:
        _refuse(field, "a date and time like 2026-11-02T14:00 (24-hour clock)", text)
    year, month, day, hour, minute = (int(part) for part in match.groups())
    day_part = _calendar_date(field, cleaned, year, month, day)
    value = datetime.combine(day_part, _clock_time(field, cleaned, hour, minute))
    latest = to_minute(now)
    if not allow_future and value > latest:
        raise ValidationError(
            field,
            f"{_minute_text(value)} is later than now ({_minute_text(latest)}); "
            "it can be now or an earlier time",
        )
    return value


def _clock_time(field: str, text: str, hour: int, minute: int) -> time:
    if not 0 <= hour <= 23:
        raise ValidationError(field, f"{text} is not a real time: hours go from 00 to 23")
    if not 0 <= minute <= 59:
        raise ValidationError(field, f"{text} is not a real time: minutes go from 00 to 59")
    return time(hour, minute)


def _minute_text(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def to_minute(moment: datetime) -> datetime:
    """`now` as a record's `at`: records keep local time to the minute, no seconds."""
    return moment.replace(second=0, microsecond=0)


def _slug(text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) > _SLUG_INPUT_MAX_CHARS:  # never a choice: don't spend time on it
        return cleaned
    return _SLUG_SEPARATORS.sub("-", cleaned.lower())


_TAG_ALLOWED = (
    f"a tag of up to {TAG_MAX_CHARS} letters (in any language) or digits, words joined by "
    "dashes, like grief or substance-use"
)


def _tag_form(text: str) -> str:
    """NFC-normalised and case-folded, spaces and underscores as dashes: 'Håp' typed on a
    Mac (a decomposed å) and 'håp' typed elsewhere are one tag, as are 'Grief' and 'grief'."""
    cleaned = text.strip()
    if len(cleaned) > _SLUG_INPUT_MAX_CHARS:  # never a tag: don't spend time on it
        return cleaned
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", cleaned).casefold())
    return _SLUG_SEPARATORS.sub("-", folded)


def _is_tag_word(word: str) -> bool:
    """Letters and digits of any script; combining marks too (many scripts need them to
    write a word), but never first."""
    if not word or unicodedata.category(word[0]).startswith("M"):
        return False
    return all(
        (category := unicodedata.category(char))[0] in "LM" or category == "Nd" for char in word
    )


def is_tag(value: str) -> bool:
    """Is `value` a tag exactly as it is stored (normalised, within the length)?"""
    return (
        len(value) <= TAG_MAX_CHARS
        and all(_is_tag_word(word) for word in value.split("-"))
        and _tag_form(value) == value
    )


def parse_tag(field: str, text: str) -> str:
    """A topic tag, normalised: 'Substance Use' and 'substance_use' both become
    'substance-use', so the same topic is never counted as two."""
    tag = _tag_form(text)
    if not is_tag(tag):
        _refuse(field, _TAG_ALLOWED, text)
    return tag


def parse_tags(field: str, texts: Iterable[str]) -> tuple[str, ...]:
    """Repeated --tag options: each normalised, repeats dropped, order kept."""
    return _unique(field, (parse_tag(field, text) for text in texts), MAX_TAGS, "tags")


def _unique(field: str, values: Iterable[str], most: int, what: str) -> tuple[str, ...]:
    kept = tuple(dict.fromkeys(values))
    if len(kept) > most:
        raise ValidationError(field, f"at most {most} {what} fit on one entry; got {len(kept)}")
    return kept


def parse_choice(field: str, text: str, choices: Sequence[str]) -> str:
    """One word from a fixed list (a mode, a kind); case and spaces are forgiven."""
    slug = _slug(text)
    if slug not in choices:
        _refuse(field, f"one of {_listed(choices)}", text)
    return slug


def parse_flag(field: str, text: str) -> bool:
    """Yes or no, for editing a flag such as --discuss."""
    word = text.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    _refuse(field, "yes or no (true or false)", text)


def _text_problem(value: str, limit: int, *, one_line: bool) -> str | None:
    # Length first: a 10 MB note is refused without looking at its characters.
    if len(value) > limit:
        return f"can be up to {limit:,} characters; this is {len(value):,}"
    if "\x00" in value:
        return "contains a null character, which cannot be saved"
    if one_line and any(unicodedata.category(char) in _HIDDEN_CATEGORIES for char in value):
        return "must be one line, without control characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains characters that cannot be saved (broken Unicode)"
    return None


def parse_text(
    field: str, text: str, limit: int = NOTE_MAX_CHARS, *, one_line: bool = False
) -> str:
    """Free text such as a note or a setting: kept exactly as written, within `limit`."""
    problem = _text_problem(text, limit, one_line=one_line)
    if problem is not None:
        raise ValidationError(field, problem)
    return text


def parse_reflection_text(field: str, text: str) -> str:
    """A reflection's text: anything up to TEXT_MAX_CHARS, as long as it has some words."""
    parse_text(field, text, TEXT_MAX_CHARS)
    if not text.strip():
        raise ValidationError(field, "a reflection needs a few words; it can't be empty")
    return text


def _item_problem(value: str, limit: int) -> str | None:
    if not value:
        return "an item can't be empty"
    if value != value.strip():
        return "an item can't start or end with spaces"
    return _text_problem(value, limit, one_line=True)


def parse_self_care(field: str, items: Iterable[str]) -> tuple[str, ...]:
    """Repeated --self-care ITEM options: free text, trimmed, repeats dropped, order kept."""
    kept: list[str] = []
    for item in items:
        cleaned = item.strip()
        problem = _item_problem(cleaned, ITEM_MAX_CHARS)
        if problem is not None:
            raise ValidationError(field, f"{problem} (items are up to {ITEM_MAX_CHARS} characters)")
        kept.append(cleaned)
    return _unique(field, kept, MAX_ITEMS, "self-care items")
