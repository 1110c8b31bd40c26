"""The person's own settings, kept in the vault: each read, changed and explained by key."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from psp_journal.models._fields import _number_out, _write_list, _written_as_is
from psp_journal.models.errors import ValidationError, _listed, _name_shown, _refuse
from psp_journal.models.indicators import (
    _INDICATORS_BY_ID,
    INDICATOR_IDS,
    INDICATORS,
    Indicator,
    IndicatorNumber,
    _check_fit,
    _check_threshold,
    _checked_number,
    _number_text,
    _parse_threshold,
    _threshold_key,
    default_thresholds,
)
from psp_journal.models.parsing import (
    _CLOCK_TIME,
    _clock_time,
    _decimal_number,
    parse_count,
    parse_self_care,
)
from psp_journal.models.vocabulary import Document

SETTINGS_TYPE = "settings"
WEEK_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_SELF_CARE = ("walk", "time outside", "music", "talk to a friend", "rest")
WEEKLY_HOURS_RANGE = (1, 100)
AUTO_LOCK_RANGE = (1, 240)
RETENTION_RANGE = (30, 36_500)
AUTHOR_CHARS = 40
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
    author: str = ""
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


def _checked_author(field: str, value: object) -> str:
    """The label a signed summary carries: a first name or staff code, never required to
    be a full name. One line of printable text, so it shows the same in every viewer."""
    allowed = f"a first name or staff code of 1 to {AUTHOR_CHARS} characters on one line, or none"
    if not isinstance(value, str) or len(value) > AUTHOR_CHARS or value != value.strip():
        _refuse(field, allowed, value)
    if any(unicodedata.category(char)[0] in "CZ" and char != " " for char in value):
        _refuse(field, allowed, value)
    return value


def _parse_author(field: str, text: str) -> str:
    cleaned = unicodedata.normalize("NFC", text.strip())
    if cleaned.lower() in _NOT_SET_WORDS:
        return ""
    return _checked_author(field, cleaned)


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
    _Setting(
        "author",
        "author",
        f"the label signed summaries carry: a first name or staff code, 1 to {AUTHOR_CHARS} "
        "characters on one line, or none",
        _parse_author,
        _checked_author,
        _written_as_is,
        lambda value: value or "not set",
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
