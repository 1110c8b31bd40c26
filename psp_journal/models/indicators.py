"""The strain indicators' tunable numbers as data, with defaults; strain.py applies them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from psp_journal.models._fields import _number_out
from psp_journal.models.errors import ValidationError, _refuse
from psp_journal.models.parsing import _decimal_number, _whole_number


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
