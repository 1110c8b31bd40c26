"""The one place that decides what valid input is, so the command line, the app and import agree.

Every record kind of PRODUCT.md's exchange format, the settings and the wellness plan live
here as frozen dataclasses, with the parsers that turn what a person typed (or a line of an
import file) into them. Errors name the field as the person wrote it and say what is
allowed, in plain, kind words. Pure standard library: no vault, no terminal and no system
clock — callers pass `today` and `now` in, so tests and the demo stay reproducible.

Two spellings of input, on purpose:
- text typed on the command line or in the app is read forgivingly: case and spaces are
  normalised (`--mode "In person"` is `in-person`, `--tag "Substance use"` is
  `substance-use`), a decimal comma is a decimal point, and an empty value for an optional
  field in an edit means "not known";
- an import line must already be in the exchange format's canonical form (what a dump
  writes), so a damaged or hand-mangled file is refused whole instead of half-guessed.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import hashlib
import math
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, ClassVar, Literal, NoReturn, Self, TypeVar

Document = dict[str, Any]


class ValidationError(ValueError):
    """Input we refuse: `field` is the name the person used, `message` says what is allowed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# --- Vocabulary (PRODUCT.md "Data exchange format") ------------------------------------

MODES = ("in-person", "phone", "video", "text", "group", "outreach")
BOUNDARY_KINDS = (
    "after-hours",
    "self-disclosure",
    "gift",
    "dual-relationship",
    "social-media",
    "money",
    "physical-contact",
    "role-drift",
    "other",
)
INITIATED_BY = ("me", "client", "colleague", "other")
SUPPORT_KINDS = ("supervision", "team-debrief", "peer-consult", "own-support")
CLIENT_STATUSES = ("active", "closed")
CRITICAL_TAGS = ("crisis", "self-harm", "suicide", "overdose", "death", "violence", "abuse")
KNOWN_TAGS = (
    *CRITICAL_TAGS,
    "substance-use",
    "grief",
    "housing",
    "employment",
    "family",
    "health",
    "legal",
    "loneliness",
)

MODE_LABELS: Mapping[str, str] = {
    "in-person": "in person",
    "phone": "phone",
    "video": "video",
    "text": "text messages",
    "group": "group",
    "outreach": "outreach",
}
BOUNDARY_KIND_LABELS: Mapping[str, str] = {
    "after-hours": "after-hours contact",
    "self-disclosure": "pressure to share my own story",
    "gift": "a gift",
    "dual-relationship": "a dual relationship",
    "social-media": "social media",
    "money": "money",
    "physical-contact": "physical contact",
    "role-drift": "role drift into clinical tasks",
    "other": "something else",
}
SUPPORT_KIND_LABELS: Mapping[str, str] = {
    "supervision": "supervision",
    "team-debrief": "team debrief",
    "peer-consult": "peer consult",
    "own-support": "my own support",
}

# --- Scales: every point has words, so a number never stands alone ----------------------

ScaleName = Literal["mood", "energy", "stress", "intensity", "felt"]
_WELLBEING_LABELS: Mapping[int, str] = {
    1: "very low",
    2: "low",
    3: "okay",
    4: "good",
    5: "very good",
}
_LOAD_LABELS: Mapping[int, str] = {
    1: "light",
    2: "some",
    3: "moderate",
    4: "heavy",
    5: "very heavy",
}
SCALE_LABELS: Mapping[ScaleName, Mapping[int, str]] = {
    "mood": _WELLBEING_LABELS,
    "energy": _WELLBEING_LABELS,
    "stress": _LOAD_LABELS,
    "intensity": _LOAD_LABELS,
    "felt": {
        1: "at ease",
        2: "mostly at ease",
        3: "a little uneasy",
        4: "uneasy",
        5: "very uneasy",
    },
}


def scale_label(scale: ScaleName, value: int) -> str:
    """The words for one point of a scale, e.g. ("mood", 2) -> "low"."""
    return SCALE_LABELS[scale][value]


# --- Limits: generous for a person, small enough that nothing hangs ---------------------

HOURS_RANGE = (0, 24)
BREAKS_RANGE = (0, 20)
MINUTES_RANGE = (1, 720)
ALIAS_MAX_CHARS = 40
TAG_MAX_CHARS = 40
MAX_TAGS = 30
NOTE_MAX_CHARS = 100_000
TEXT_MAX_CHARS = 1_000_000
SETTING_MAX_CHARS = 200
ITEM_MAX_CHARS = 100
MAX_ITEMS = 30
PLAN_ITEM_MAX_CHARS = 2_000
MAX_PLAN_ITEMS = 100
ID_MAX_CHARS = 100
EARLIEST_YEAR = 1900

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
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SLUG_SEPARATORS = re.compile(r"[\s_]+")
_SLUG_INPUT_MAX_CHARS = 200
# Characters that would hide text, break a line or fail to encode on disk.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_TRUE_WORDS = frozenset({"true", "yes", "y", "on", "1"})
_FALSE_WORDS = frozenset({"false", "no", "n", "off", "0"})
_SHOWN_MAX_CHARS = 40


# --- How refused values are shown: short, escaped, never a wall of private text ---------


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


# --- Parsers for text typed by a person -------------------------------------------------


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
    if len(cleaned) > _SLUG_INPUT_MAX_CHARS:  # never a tag or a choice: don't spend time on it
        return cleaned
    return _SLUG_SEPARATORS.sub("-", cleaned.lower())


_TAG_ALLOWED = (
    f"a tag of up to {TAG_MAX_CHARS} letters or digits, words joined by dashes, "
    "like grief or substance-use"
)


def parse_tag(field: str, text: str) -> str:
    """A topic tag as a lower-case slug; 'Substance Use' and 'substance_use' both become
    'substance-use', so the same topic is never counted as two."""
    slug = _slug(text)
    if len(slug) > TAG_MAX_CHARS or not _SLUG.fullmatch(slug):
        _refuse(field, _TAG_ALLOWED, text)
    return slug


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


# --- Aliases: anonymity starts with the name a client is recorded under -----------------

_ALIAS_ALLOWED = f"an alias or code of 1 to {ALIAS_MAX_CHARS} characters on one line, like M-17"


def _alias_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return f"must be {_ALIAS_ALLOWED}; got {_shown(value)}"
    if not value.strip():
        return "can't be empty; choose a short alias or code, like M-17"
    if len(value) > ALIAS_MAX_CHARS:
        return f"an alias can be 1 to {ALIAS_MAX_CHARS} characters; this one has {len(value):,}"
    if value != value.strip():
        return "can't start or end with spaces"
    if any(unicodedata.category(char) in _HIDDEN_CATEGORIES for char in value):
        return "must be one line, without control or invisible characters"
    return None


def parse_alias(text: str, field: str = "ALIAS") -> str:
    """The alias a client is recorded under: trimmed, composed Unicode, 1–40 characters."""
    cleaned = text.strip()
    if len(cleaned) <= 4 * ALIAS_MAX_CHARS:  # normalise only what could still fit
        cleaned = unicodedata.normalize("NFC", cleaned)
    problem = _alias_problem(cleaned)
    if problem is not None:
        raise ValidationError(field, problem)
    return cleaned


def alias_key(alias: str) -> str:
    """What makes two aliases 'the same' for uniqueness: 'M-17' and 'm-17' are one client."""
    return unicodedata.normalize("NFKC", alias).casefold()


def ensure_alias_unused(field: str, alias: str, used_aliases: Iterable[str]) -> None:
    """Aliases are unique for the life of the vault, so a closed client's alias stays taken."""
    key = alias_key(alias)
    if any(alias_key(used) == key for used in used_aliases):
        raise ValidationError(
            field,
            f"{_shown(alias)} is already used in this journal (aliases stay with a client, "
            "even after they are closed); please choose another",
        )


def _capitalised_words(text: str) -> int:
    """Capital letters that begin a run of lower-case letters: 'Maria Lopez' and
    'MariaLopez' both have two."""
    count = 0
    for index in range(len(text) - 1):
        char, after = text[index], text[index + 1]
        before = text[index - 1] if index else " "
        starts_word = not before.isalpha() or before.islower()
        if char.isupper() and after.islower() and starts_word:
            count += 1
    return count


def alias_looks_like_name(alias: str) -> bool:
    """Two or more capitalised words ('Maria Lopez', 'Mr Smith') are likely a real name.

    Only a hint for a warning: the alias is never refused for it.
    """
    return _capitalised_words(alias) >= 2


def suggest_alias_code(alias: str, taken: Iterable[str] = ()) -> str:
    """A code like 'K-42' to use instead of a name-like alias.

    Deterministic (the same alias gets the same suggestion), free of the alias's letters:
    no initial of any of its words is used, and codes already `taken` are skipped.
    """
    used = {alias_key(code) for code in taken}
    initials = {word[0].upper() for word in re.findall(r"\w+", alias)}
    letters = [letter for letter in string.ascii_uppercase if letter not in initials]
    letters = letters or list(string.ascii_uppercase)  # only text with every initial in it
    digest = hashlib.sha256(alias_key(alias).encode("utf-8", "surrogatepass")).digest()
    seed = int.from_bytes(digest[:8], "big")
    for digits in range(2, 8):
        numbers = range(10 ** (digits - 1), 10**digits)
        size = len(letters) * len(numbers)
        for step in range(size):
            index = (seed + step) % size
            code = f"{letters[index // len(numbers)]}-{numbers[index % len(numbers)]}"
            if alias_key(code) not in used:
                return code
    raise ValueError("no free alias code left")  # more than 26 million codes in use


def alias_name_warning(alias: str, taken: Iterable[str] = ()) -> str | None:
    """A gentle word when an alias may be a real name, with a code to use instead."""
    if not alias_looks_like_name(alias):
        return None
    return (
        f"{_shown(alias)} looks like it could be a real name. An alias or code keeps your "
        f"client anonymous if this journal is ever seen by someone else — for example "
        f"{suggest_alias_code(alias, taken)}. If it is not a name, you can keep it."
    )


# --- Field rules: how each exchange-format field is checked, read and written -----------


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
        if type(value) not in (int, float) or not math.isfinite(value):
            _refuse(field, _HOURS_ALLOWED, value)
        if not HOURS_RANGE[0] <= value <= HOURS_RANGE[1]:
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
            if not isinstance(tag, str) or len(tag) > TAG_MAX_CHARS or not _SLUG.fullmatch(tag):
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


# --- Records ----------------------------------------------------------------------------

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


def record_from_document(document: object, *, now: datetime) -> Record:
    """Any record from one import line, chosen by its "type"; dates may not be after `now`."""
    if not isinstance(document, Mapping):
        raise ValidationError("record", 'must be a JSON object with a "type", like "checkin"')
    record_type = document.get("type")
    kind = RECORD_KINDS.get(record_type) if isinstance(record_type, str) else None
    if kind is None:
        _refuse("type", f"one of {_listed(RECORD_KINDS)}", record_type)
    return kind(**kind._values(document, _Clock(now.date(), now)))


# --- Edits: only the fields given change ------------------------------------------------

R = TypeVar("R", bound=Record)


def edit_options(record_type: str) -> tuple[str, ...]:
    """The options `edit ID` accepts for a record kind, as the person types them."""
    return tuple(rule.option for rule in RECORD_KINDS[record_type].rules)


def _edit_key(key: str) -> str:
    return key.strip().lstrip("-").replace("-", "_").lower()


def _edit_rule(record: Record, key: object) -> _Field:
    wanted = _edit_key(str(key))
    for rule in record.rules:
        if wanted in (rule.name, _edit_key(rule.option)):
            return rule
    raise ValidationError(
        _name_shown("--" + wanted.replace("_", "-")),
        f"{record.noun} has no field by that name; you can change "
        f"{_listed(edit_options(record.record_type))}",
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
        rule = _edit_rule(record, key)
        updates[rule.name] = _edit_value(rule, value, clock)
    return dataclasses.replace(record, **updates)


# --- Strain indicators: their tunable numbers as data (strain.py applies the rules) ------


def _number_text(value: float) -> str:
    return str(_number_out(value))


@dataclass(frozen=True)
class IndicatorNumber:
    """One tunable number of a strain indicator, and the range where it still makes sense."""

    name: str
    default: float
    low: float
    high: float
    meaning: str
    whole: bool = True

    def allowed(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} from {_number_text(self.low)} to {_number_text(self.high)} ({self.meaning})"


@dataclass(frozen=True)
class Indicator:
    """A strain indicator with PRODUCT.md's defaults: its rule in plain words and its numbers.

    `at_most` pairs (smaller, larger, why) keep a tuned indicator able to fire at all.
    """

    id: str
    rule: str
    numbers: tuple[IndicatorNumber, ...]
    at_most: tuple[tuple[str, str, str], ...] = ()

    def number(self, name: str) -> IndicatorNumber | None:
        return next((number for number in self.numbers if number.name == name), None)

    def defaults(self) -> dict[str, float]:
        return {number.name: number.default for number in self.numbers}

    def describe(self, numbers: Mapping[str, float]) -> str:
        """The rule with the person's own numbers, e.g. 'stress at or above 4 on 4 …'."""
        return self.rule.format(**{name: _number_text(value) for name, value in numbers.items()})


def _window(days: int, low: int = 1) -> IndicatorNumber:
    return IndicatorNumber("window", days, low, 365, "days looked at, ending on the day assessed")


def _weight(points: int) -> IndicatorNumber:
    return IndicatorNumber("weight", points, 0, 100, "points toward the strain score")


def _count(default: int, meaning: str, low: int = 1) -> IndicatorNumber:
    return IndicatorNumber("count", default, low, 1000, meaning)


def _scale_limit(name: str, default: int, meaning: str) -> IndicatorNumber:
    return IndicatorNumber(name, default, 1, 5, meaning)


def _last(default: int, meaning: str) -> IndicatorNumber:
    return IndicatorNumber("last", default, 2, 365, meaning)


# Check-in indicators need at least 2 (days, check-ins, 24 hours) so one bad day never suffices.
_ONE_A_DAY = "there is at most one check-in a day"
_LOOKED_AT = "the count can't be more than the days looked at"
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "low-mood",
        "mood at or below {mood} on {count} of the last {last} check-ins within {window} days",
        (
            _window(14),
            _weight(15),
            _scale_limit("mood", 2, "a mood at or below this counts"),
            _count(3, "check-ins with a low mood needed", low=2),
            _last(5, "recent check-ins looked at"),
        ),
        at_most=(("count", "last", _LOOKED_AT), ("count", "window", _ONE_A_DAY)),
    ),
    Indicator(
        "high-stress",
        "stress at or above {stress} on {count} check-ins within {window} days",
        (
            _window(7),
            _weight(10),
            _scale_limit("stress", 4, "stress at or above this counts"),
            _count(4, "check-ins with high stress needed", low=2),
        ),
        at_most=(("count", "window", _ONE_A_DAY),),
    ),
    Indicator(
        "short-sleep",
        "less than {hours} hours of sleep on {count} check-ins within {window} days",
        (
            _window(7),
            _weight(10),
            IndicatorNumber("hours", 6, 1, 24, "a night under this many hours counts", whole=False),
            _count(3, "short nights needed", low=2),
        ),
        at_most=(("count", "window", _ONE_A_DAY),),
    ),
    Indicator(
        "long-hours",
        "more than {hours} hours worked within {window} days",
        (
            _window(7),
            _weight(10),
            IndicatorNumber("hours", 44, 24, 8760, "hours worked above this count", whole=False),
        ),
    ),
    Indicator(
        "no-day-off",
        "no day off within {window} days",
        (_window(12, low=2), _weight(5)),
    ),
    Indicator(
        "skipped-breaks",
        "{breaks} breaks or fewer on {count} of the last {last} days worked within {window} days",
        (
            _window(14),
            _weight(5),
            IndicatorNumber("breaks", 0, 0, 20, "this many breaks or fewer counts as skipped"),
            _count(3, "days with skipped breaks needed", low=2),
            _last(5, "recent days worked looked at"),
        ),
        at_most=(("count", "last", _LOOKED_AT), ("count", "window", _ONE_A_DAY)),
    ),
    Indicator(
        "critical-exposure",
        "{count} or more interactions with a critical tag within {window} days, "
        "or any one tagged death",
        (_window(7), _weight(15), _count(2, "interactions with a critical tag needed")),
    ),
    Indicator(
        "intensity-load",
        "{count} or more interactions with intensity at or above {intensity} within {window} days",
        (
            _window(7),
            _weight(10),
            _scale_limit("intensity", 4, "an intensity at or above this counts"),
            _count(5, "intense interactions needed"),
        ),
    ),
    Indicator(
        "close-to-home",
        "{count} or more interactions close to home within {window} days",
        (_window(14), _weight(5), _count(3, "interactions close to home needed")),
    ),
    Indicator(
        "disclosure-load",
        "{count} or more interactions where I shared my own story within {window} days",
        (_window(7), _weight(5), _count(3, "interactions with self-disclosure needed")),
    ),
    Indicator(
        "after-hours",
        "{count} or more interactions or boundary events outside working hours "
        "within {window} days",
        (_window(7), _weight(5), _count(3, "entries outside working hours needed")),
    ),
    Indicator(
        "boundary-pressure",
        "{count} or more boundary events within {window} days, or any that felt {felt} or more",
        (
            _window(14),
            _weight(5),
            _count(2, "boundary events needed"),
            _scale_limit("felt", 4, "one event that felt at least this uneasy is enough"),
        ),
    ),
    Indicator(
        "no-self-care",
        "no self-care on any check-in within {window} days, with {checkins} or more check-ins",
        (
            _window(7),
            _weight(5),
            IndicatorNumber("checkins", 3, 2, 365, "check-ins needed before this applies"),
        ),
        at_most=(("checkins", "window", _ONE_A_DAY),),
    ),
    Indicator(
        "quiet",
        "no check-in within {window} days, while there were interactions",
        (_window(4), _weight(10)),
    ),
    Indicator(
        "isolation",
        "no supervision, team debrief or peer consult within {window} days, while {count} "
        "or more interactions had intensity at or above {intensity}",
        (
            _window(14),
            _weight(5),
            _scale_limit("intensity", 4, "an intensity at or above this counts"),
            _count(3, "intense interactions needed"),
        ),
    ),
    Indicator(
        "supervision-gap",
        "no supervision within {window} days, after having had supervision before",
        (_window(30), _weight(5)),
    ),
)
INDICATOR_IDS = tuple(indicator.id for indicator in INDICATORS)
_INDICATORS_BY_ID: Mapping[str, Indicator] = {indicator.id: indicator for indicator in INDICATORS}


def default_thresholds() -> dict[str, dict[str, float]]:
    """Every indicator's numbers as PRODUCT.md sets them, in a fresh dict to build on."""
    return {indicator.id: indicator.defaults() for indicator in INDICATORS}


def _threshold_key(indicator: Indicator, name: str) -> str:
    return f"thresholds.{indicator.id}.{name}"


def _checked_number(
    field: str, value: object, low: float, high: float, *, whole: bool, allowed: str
) -> float:
    """A number in range; a whole one must be an integer, and true/false is not a number
    (though Python counts it as one)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        _refuse(field, allowed, value)
    if (whole and not isinstance(value, int)) or not low <= value <= high:  # NaN fails too
        _refuse(field, allowed, value)
    return value


def _check_threshold(key: str, number: IndicatorNumber, value: object) -> float:
    return _checked_number(
        key, value, number.low, number.high, whole=number.whole, allowed=number.allowed()
    )


def _parse_threshold(key: str, number: IndicatorNumber, text: str) -> float:
    value = _whole_number(text) if number.whole else _decimal_number(text)
    if value is None:
        _refuse(key, number.allowed(), text)
    return _check_threshold(key, number, value)


def _check_fit(indicator: Indicator, numbers: Mapping[str, float], changed: str | None) -> None:
    """Refuse tuning that would stop an indicator from ever firing, naming the key just set."""
    for smaller, larger, why in indicator.at_most:
        low, high = numbers[smaller], numbers[larger]
        if low <= high:
            continue
        if changed == larger:
            raise ValidationError(
                _threshold_key(indicator, larger),
                f"must be at least {_number_text(low)} here, because "
                f"{_threshold_key(indicator, smaller)} is {_number_text(low)} ({why})",
            )
        raise ValidationError(
            _threshold_key(indicator, smaller),
            f"can be at most {_number_text(high)} here, because "
            f"{_threshold_key(indicator, larger)} is {_number_text(high)} ({why})",
        )


# --- Settings ---------------------------------------------------------------------------

SETTINGS_TYPE = "settings"
WEEK_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_SELF_CARE = ("walk", "time outside", "music", "talk to a friend", "rest")
WEEKLY_HOURS_RANGE = (1, 100)
AUTO_LOCK_RANGE = (1, 240)
RETENTION_RANGE = (30, 36_500)
_DAY_NAMES: Mapping[str, str] = {
    **{day: day for day in WEEK_DAYS},
    **{
        full: day
        for full, day in zip(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
            WEEK_DAYS,
            strict=True,
        )
    },
}
_NOT_SET_WORDS = frozenset({"", "none", "off", "never", "not set"})


@dataclass(frozen=True)
class Settings:
    """The person's own tuning, kept inside the vault (never in a plain config file).

    Treat it as immutable: `set_setting` returns a new one.
    """

    working_days: tuple[str, ...] = WEEK_DAYS[:5]
    work_start: time = time(8, 0)
    work_end: time = time(18, 0)
    weekly_hours: float = 37.5
    self_care: tuple[str, ...] = DEFAULT_SELF_CARE
    country: str = ""
    auto_lock_minutes: int = 5
    retention_days: int | None = None
    thresholds: Mapping[str, Mapping[str, float]] = field(default_factory=default_thresholds)

    def threshold(self, indicator_id: str, name: str) -> float:
        """One tuned number, e.g. threshold("high-stress", "count") -> 4."""
        return self.thresholds[indicator_id][name]

    def to_document(self) -> Document:
        """The settings line of a dump: "type" first, then every setting, all thresholds."""
        document: Document = {"type": SETTINGS_TYPE}
        for rule in _SETTINGS:
            document[rule.name] = rule.write_json(getattr(self, rule.name))
        document["thresholds"] = {
            indicator.id: {
                number.name: _number_out(self.threshold(indicator.id, number.name))
                for number in indicator.numbers
            }
            for indicator in INDICATORS
        }
        return document

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Settings:
        """Settings from an import line; anything left out keeps its default."""
        if not isinstance(document, Mapping):
            raise ValidationError("settings", 'must be a JSON object with "type": "settings"')
        if document.get("type") != SETTINGS_TYPE:
            _refuse("type", f'"{SETTINGS_TYPE}"', document.get("type"))
        rules = {rule.name: rule for rule in _SETTINGS}
        values: dict[str, Any] = {}
        for name, raw in document.items():
            if name == "type":
                continue
            if name == "thresholds":
                values[name] = _thresholds_from_json(raw)
            elif name in rules:
                values[name] = rules[name].read_json(name, raw)
            else:
                raise ValidationError(
                    _name_shown(name),
                    f"is not a setting; the settings are {_listed([*rules, 'thresholds'])}",
                )
        settings = cls(**values)
        _check_working_hours(settings, "work_end")
        return settings


def _thresholds_from_json(raw: object) -> dict[str, dict[str, float]]:
    if not isinstance(raw, Mapping):
        _refuse("thresholds", "an object of indicators, each an object of numbers", raw)
    thresholds = default_thresholds()
    for indicator_id, numbers in raw.items():
        indicator = _INDICATORS_BY_ID.get(indicator_id)
        if indicator is None:
            raise ValidationError(
                f"thresholds.{_name_shown(indicator_id)}",
                f"is not an indicator; the indicators are {_listed(INDICATOR_IDS)}",
            )
        if not isinstance(numbers, Mapping):
            _refuse(f"thresholds.{indicator.id}", "an object of numbers", numbers)
        for name, value in numbers.items():
            number = _indicator_number(indicator, str(name))
            thresholds[indicator.id][number.name] = _check_threshold(
                _threshold_key(indicator, number.name), number, value
            )
        _check_fit(indicator, thresholds[indicator.id], changed=None)
    return thresholds


def _indicator_number(indicator: Indicator, name: str) -> IndicatorNumber:
    number = indicator.number(name)
    if number is None:
        raise ValidationError(
            f"thresholds.{indicator.id}.{_name_shown(name)}",
            f"is not a number of this indicator; its numbers are "
            f"{_listed(number.name for number in indicator.numbers)}",
        )
    return number


def _check_working_hours(settings: Settings, field: str) -> None:
    if settings.work_end <= settings.work_start:
        raise ValidationError(
            field,
            "the working day must end after it starts; it would run from "
            f"{settings.work_start:%H:%M} to {settings.work_end:%H:%M}",
        )


def _parse_day(field: str, word: str, text: str) -> int:
    day = _DAY_NAMES.get(word)
    if day is None:
        _refuse(field, "working days like mon-fri or mon,tue,thu", text)
    return WEEK_DAYS.index(day)


def _parse_days(field: str, text: str) -> tuple[str, ...]:
    """'mon-fri', 'mon,wed,fri', 'Monday Tuesday': a range runs forward through the week."""
    chosen: set[int] = set()
    for part in re.split(r"[\s,]+", text.strip().lower()):
        if not part:
            continue
        first, _, last = part.partition("-")
        start = _parse_day(field, first, text)
        end = _parse_day(field, last or first, text)
        if end < start:
            _refuse(field, "a range that runs forward through the week, like mon-fri", text)
        chosen.update(range(start, end + 1))
    return _checked_days(field, [WEEK_DAYS[index] for index in sorted(chosen)])


def _checked_days(field: str, days: object) -> tuple[str, ...]:
    allowed = f"a list of working days from {_listed(WEEK_DAYS)}, at least one"
    if not isinstance(days, list | tuple) or not days:
        _refuse(field, allowed, days)
    if any(day not in WEEK_DAYS for day in days) or len(set(days)) != len(days):
        _refuse(field, allowed, days)
    return tuple(day for day in WEEK_DAYS if day in days)


def _parse_clock_time(field: str, text: object) -> time:
    cleaned = text.strip() if isinstance(text, str) else ""
    match = _CLOCK_TIME.fullmatch(cleaned)
    if match is None:
        _refuse(field, "a time like 08:00 (24-hour clock)", text)
    return _clock_time(field, cleaned, int(match.group(1)), int(match.group(2)))


def _clock_time_out(value: time) -> str:
    return f"{value:%H:%M}"


def _range_number(field: str, value: object, bounds: tuple[int, int], *, whole: bool) -> float:
    low, high = bounds
    allowed = f"{'a whole number' if whole else 'a number'} from {low} to {high}"
    return _checked_number(field, value, low, high, whole=whole, allowed=allowed)


def _parse_weekly_hours(field: str, text: str) -> float:
    value = _decimal_number(text)
    # When the text is no number at all, check the text itself so the error shows it.
    return _range_number(field, text if value is None else value, WEEKLY_HOURS_RANGE, whole=False)


def _parse_minutes(field: str, text: str) -> int:
    return parse_count(field, text, *AUTO_LOCK_RANGE)


def _parse_retention(field: str, text: str) -> int | None:
    if text.strip().lower() in _NOT_SET_WORDS:
        return None
    return parse_count(field, text, *RETENTION_RANGE)


def _read_retention(field: str, raw: object) -> int | None:
    return None if raw is None else int(_range_number(field, raw, RETENTION_RANGE, whole=True))


def _checked_country(field: str, value: object) -> str:
    allowed = "a two-letter country code like CA or NO, or nothing"
    if not isinstance(value, str) or not re.fullmatch(r"([A-Z]{2})?", value):
        _refuse(field, allowed, value)
    return value


def _parse_country(field: str, text: str) -> str:
    cleaned = text.strip()
    if cleaned.lower() in _NOT_SET_WORDS:
        return ""
    return _checked_country(field, cleaned.upper() if len(cleaned) == 2 else cleaned)


def _parse_suggestions(field: str, text: str) -> tuple[str, ...]:
    """Comma-separated, because one setting is one line of text: 'walk, music, rest'."""
    return parse_self_care(field, [item for item in text.split(",") if item.strip()])


def _checked_suggestions(field: str, raw: object) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        _refuse(field, "a list of short self-care suggestions", raw)
    suggestions = parse_self_care(field, raw)
    if suggestions != tuple(raw):
        _refuse(field, "a list of trimmed, different self-care suggestions", raw)
    return suggestions


def _list_text(value: tuple[str, ...]) -> str:
    return ", ".join(value) if value else "none"


@dataclass(frozen=True)
class _Setting:
    """One plain setting: typed on the command line as `key`, stored and dumped as `name`."""

    key: str
    name: str
    allowed: str
    parse: Callable[[str, str], Any]
    read_json: Callable[[str, Any], Any]
    write_json: Callable[[Any], Any]
    show: Callable[[Any], str]


def _read_weekly_hours(field: str, raw: object) -> float:
    return _range_number(field, raw, WEEKLY_HOURS_RANGE, whole=False)


def _read_auto_lock(field: str, raw: object) -> int:
    return int(_range_number(field, raw, AUTO_LOCK_RANGE, whole=True))


_SETTINGS: tuple[_Setting, ...] = (
    _Setting(
        "working-days",
        "working_days",
        "your working days, like mon-fri or mon,tue,thu",
        _parse_days,
        _checked_days,
        _write_list,
        _list_text,
    ),
    _Setting(
        "work-start",
        "work_start",
        "when your working day starts, like 08:00",
        _parse_clock_time,
        _parse_clock_time,
        _clock_time_out,
        _clock_time_out,
    ),
    _Setting(
        "work-end",
        "work_end",
        "when your working day ends, like 18:00 (after it starts)",
        _parse_clock_time,
        _parse_clock_time,
        _clock_time_out,
        _clock_time_out,
    ),
    _Setting(
        "weekly-hours",
        "weekly_hours",
        f"your contracted hours a week, from {WEEKLY_HOURS_RANGE[0]} to {WEEKLY_HOURS_RANGE[1]}",
        _parse_weekly_hours,
        _read_weekly_hours,
        _number_out,
        _number_text,
    ),
    _Setting(
        "self-care",
        "self_care",
        "self-care ideas to suggest at check-in, separated by commas, like walk, music, rest",
        _parse_suggestions,
        _checked_suggestions,
        _write_list,
        _list_text,
    ),
    _Setting(
        "country",
        "country",
        "a two-letter country code like CA or NO (for crisis lines), or none",
        _parse_country,
        _checked_country,
        _written_as_is,
        lambda value: value or "not set",
    ),
    _Setting(
        "auto-lock-minutes",
        "auto_lock_minutes",
        f"minutes of quiet before the app locks, from {AUTO_LOCK_RANGE[0]} to {AUTO_LOCK_RANGE[1]}",
        _parse_minutes,
        _read_auto_lock,
        _written_as_is,
        str,
    ),
    _Setting(
        "retention-days",
        "retention_days",
        f"keep entries for this many days, from {RETENTION_RANGE[0]} to {RETENTION_RANGE[1]}, "
        "or none to keep everything",
        _parse_retention,
        _read_retention,
        _written_as_is,
        lambda value: "keep everything" if value is None else str(value),
    ),
)
_SETTINGS_BY_KEY: Mapping[str, _Setting] = {rule.key: rule for rule in _SETTINGS}
SETTING_KEYS: tuple[str, ...] = (
    *_SETTINGS_BY_KEY,
    *(
        _threshold_key(indicator, number.name)
        for indicator in INDICATORS
        for number in indicator.numbers
    ),
)


def _find_setting(key: str) -> _Setting | tuple[Indicator, IndicatorNumber]:
    """A plain setting, or an indicator's number for 'thresholds.<indicator>.<number>'."""
    wanted = key.strip().lower().replace("_", "-")
    if wanted in _SETTINGS_BY_KEY:
        return _SETTINGS_BY_KEY[wanted]
    parts = wanted.split(".")
    if parts[0] != "thresholds":
        raise ValidationError(
            _name_shown(key),
            f"there is no setting by that name; the settings are {_listed(_SETTINGS_BY_KEY)} "
            "and thresholds.<indicator>.<number>",
        )
    indicator = _INDICATORS_BY_ID.get(parts[1]) if len(parts) == 3 else None
    if indicator is None:
        raise ValidationError(
            _name_shown(key),
            "thresholds are set as thresholds.<indicator>.<number>, like "
            f"thresholds.high-stress.count; the indicators are {_listed(INDICATOR_IDS)}",
        )
    return indicator, _indicator_number(indicator, parts[2])


def set_setting(settings: Settings, key: str, value_text: str) -> Settings:
    """`settings` with one setting changed from text typed by the person; errors name the key."""
    found = _find_setting(key)
    if isinstance(found, _Setting):
        changed = dataclasses.replace(settings, **{found.name: found.parse(found.key, value_text)})
        _check_working_hours(changed, found.key)
        return changed
    indicator, number = found
    field_name = _threshold_key(indicator, number.name)
    numbers = {
        **settings.thresholds[indicator.id],
        number.name: _parse_threshold(field_name, number, value_text),
    }
    _check_fit(indicator, numbers, changed=number.name)
    return dataclasses.replace(settings, thresholds={**settings.thresholds, indicator.id: numbers})


def get_setting(settings: Settings, key: str) -> Any:
    """One setting as it appears in JSON (`settings get KEY --json`)."""
    found = _find_setting(key)
    if isinstance(found, _Setting):
        return found.write_json(getattr(settings, found.name))
    indicator, number = found
    return _number_out(settings.threshold(indicator.id, number.name))


def setting_text(settings: Settings, key: str) -> str:
    """One setting in plain words, for `settings list` and the settings screen."""
    found = _find_setting(key)
    if isinstance(found, _Setting):
        return found.show(getattr(settings, found.name))
    indicator, number = found
    return _number_text(settings.threshold(indicator.id, number.name))


def describe_setting(key: str) -> str:
    """What a setting means and what values it takes."""
    found = _find_setting(key)
    if isinstance(found, _Setting):
        return found.allowed
    return found[1].allowed()


# --- The wellness plan: the person's own words, shown back when strain builds ------------

PLAN_TYPE = "plan"
PLAN_LISTS = (
    "boundary_commitments",
    "daily_maintenance",
    "triggers",
    "early_warning_signs",
    "step_back_actions",
)
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
                fields_ = [*PLAN_LISTS, "people", "crisis_lines"]
                raise ValidationError(
                    _name_shown(name), f"is not part of the plan; its parts are {_listed(fields_)}"
                )
        return cls(**values)
