"""The strain engine: records in, an explainable assessment out. Pure: no vault, no clock.

Each of PRODUCT.md's 16 indicators is one small rule in a table, with its tunable numbers
(window, count, weight, …) coming from the person's settings. Every result names its
numbers in one plain sentence: what was noticed, never a label. Levels and the score
follow PRODUCT.md exactly; the level comes from the rules, not from the score.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from psp_journal.models import (
    CRITICAL_TAGS,
    INDICATOR_IDS,
    Boundary,
    Checkin,
    Interaction,
    Settings,
    Support,
)

STEADY, WATCH, STEP_BACK = "steady", "watch", "step-back"
LEVEL_ORDER = (STEADY, WATCH, STEP_BACK)
STRONG_SIGNAL_SCORE = 60
STEP_BACK_ACTIVE = 3
PEER_SUPPORT_KINDS = ("supervision", "team-debrief", "peer-consult")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class StrainRecords:
    """What the engine looks at: the records of the longest window, plus (in `supports`)
    the latest supervision before it, which is all the supervision-gap rule needs."""

    checkins: Sequence[Checkin] = ()
    interactions: Sequence[Interaction] = ()
    boundaries: Sequence[Boundary] = ()
    supports: Sequence[Support] = ()


@dataclass(frozen=True)
class IndicatorResult:
    id: str
    active: bool
    value: float
    threshold: float
    detail: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "active": self.active,
            "value": _plain_number(self.value),
            "threshold": _plain_number(self.threshold),
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Assessment:
    as_of: date
    level: str
    score: int
    indicators: tuple[IndicatorResult, ...]
    strong_signal: bool

    @property
    def active(self) -> tuple[IndicatorResult, ...]:
        return tuple(result for result in self.indicators if result.active)

    def to_json(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "level": self.level,
            "score": self.score,
            "indicators": [result.to_json() for result in self.indicators],
        }


def _plain_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def _n(value: float) -> str:
    return str(_plain_number(value))


def _plural(count: float, one: str, many: str | None = None) -> str:
    return f"{_n(count)} {one if count == 1 else (many or one + 's')}"


class _Window:
    """The as-of day and the N−1 days before it; nothing after the as-of day counts."""

    def __init__(self, as_of: date, days: float) -> None:
        self.last = as_of
        self.days = int(days)
        self.first = as_of - timedelta(days=self.days - 1)

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last

    def days_text(self) -> str:
        return "today" if self.days == 1 else f"the last {self.days} days"


@dataclass(frozen=True)
class _Context:
    records: StrainRecords
    settings: Settings
    as_of: date

    def numbers(self, indicator_id: str) -> Mapping[str, float]:
        return self.settings.thresholds[indicator_id]

    def window(self, indicator_id: str) -> _Window:
        return _Window(self.as_of, self.numbers(indicator_id)["window"])

    def checkins_in(self, window: _Window) -> list[Checkin]:
        return sorted(
            (c for c in self.records.checkins if window.holds(c.date)), key=lambda c: c.date
        )

    def interactions_in(self, window: _Window) -> list[Interaction]:
        return [i for i in self.records.interactions if window.holds(i.at.date())]

    def boundaries_in(self, window: _Window) -> list[Boundary]:
        return [b for b in self.records.boundaries if window.holds(b.at.date())]

    def outside_working_hours(self, moment: datetime) -> bool:
        working = self.settings.working_days
        if _WEEKDAYS[moment.weekday()] not in working:
            return True
        clock = moment.time()
        return not self.settings.work_start <= clock < self.settings.work_end


Rule = Callable[[_Context], IndicatorResult]


def _result(
    indicator_id: str, value: float, threshold: float, active: bool, detail: str
) -> IndicatorResult:
    return IndicatorResult(indicator_id, active, value, threshold, detail)


def _low_mood(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("low-mood"), ctx.window("low-mood")
    recent = ctx.checkins_in(window)[-int(numbers["last"]) :]
    low = sum(1 for c in recent if c.mood <= numbers["mood"])
    if recent:
        detail = (
            f"{_n(low)} of your last {_plural(len(recent), 'check-in')} had mood "
            f"{_n(numbers['mood'])} or lower"
        )
    else:
        detail = f"no check-ins in {window.days_text()}"
    return _result("low-mood", low, numbers["count"], low >= numbers["count"], detail)


def _high_stress(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("high-stress"), ctx.window("high-stress")
    checkins = ctx.checkins_in(window)
    high = sum(1 for c in checkins if c.stress >= numbers["stress"])
    detail = (
        f"{_n(high)} of your {_plural(len(checkins), 'check-in')} in {window.days_text()} "
        f"had stress {_n(numbers['stress'])} or higher"
    )
    return _result("high-stress", high, numbers["count"], high >= numbers["count"], detail)


def _short_sleep(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("short-sleep"), ctx.window("short-sleep")
    short = sum(
        1 for c in ctx.checkins_in(window) if c.sleep is not None and c.sleep < numbers["hours"]
    )
    detail = (
        f"{_plural(short, 'night')} under {_n(numbers['hours'])} hours of sleep "
        f"in {window.days_text()}"
    )
    return _result("short-sleep", short, numbers["count"], short >= numbers["count"], detail)


def _long_hours(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("long-hours"), ctx.window("long-hours")
    hours = sum(c.worked for c in ctx.checkins_in(window) if c.worked is not None)
    limit = _n(numbers["hours"])
    detail = f"{_n(hours)} hours worked in {window.days_text()} (more than {limit} stands out)"
    return _result("long-hours", hours, numbers["hours"], hours > numbers["hours"], detail)


def _days_worked(ctx: _Context, window: _Window) -> list[date]:
    """A day worked has an interaction, or a check-in with hours worked above 0. A check-in
    with hours unknown is no evidence either way, so it does not make a day worked."""
    worked = {i.at.date() for i in ctx.interactions_in(window)}
    worked |= {c.date for c in ctx.checkins_in(window) if c.worked is not None and c.worked > 0}
    return sorted(worked)


def _no_day_off(ctx: _Context) -> IndicatorResult:
    window = ctx.window("no-day-off")
    worked = len(_days_worked(ctx, window))
    off = window.days - worked
    if off == 0:
        detail = f"no day off in {window.days_text()}"
    else:
        detail = f"{_plural(off, 'day')} off in {window.days_text()}"
    return _result("no-day-off", worked, window.days, off == 0, detail)


def _skipped_breaks(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("skipped-breaks"), ctx.window("skipped-breaks")
    worked_days = [c for c in ctx.checkins_in(window) if c.worked is not None and c.worked > 0]
    recent = worked_days[-int(numbers["last"]) :]
    skipped = sum(1 for c in recent if c.breaks is not None and c.breaks <= numbers["breaks"])
    if recent:
        detail = (
            f"{_n(numbers['breaks'])} breaks or fewer on {_n(skipped)} of your last "
            f"{_plural(len(recent), 'day')} worked"
        )
    else:
        detail = f"no check-ins on days worked in {window.days_text()}"
    return _result("skipped-breaks", skipped, numbers["count"], skipped >= numbers["count"], detail)


def _critical(ctx: _Context) -> tuple[list[Interaction], bool]:
    window = ctx.window("critical-exposure")
    critical = [i for i in ctx.interactions_in(window) if set(i.tags) & set(CRITICAL_TAGS)]
    return critical, any("death" in i.tags for i in critical)


def _critical_exposure(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("critical-exposure"), ctx.window("critical-exposure")
    critical, death = _critical(ctx)
    tags = sorted({tag for i in critical for tag in i.tags if tag in CRITICAL_TAGS})
    detail = f"{_plural(len(critical), 'interaction')} in {window.days_text()} touched "
    detail += ", ".join(tags) if tags else "a critical topic"
    active = len(critical) >= numbers["count"] or death
    return _result("critical-exposure", len(critical), numbers["count"], active, detail)


def _count_rule(
    indicator_id: str, predicate: Callable[[Interaction, Mapping[str, float]], bool], what: str
) -> Rule:
    def rule(ctx: _Context) -> IndicatorResult:
        numbers, window = ctx.numbers(indicator_id), ctx.window(indicator_id)
        count = sum(1 for i in ctx.interactions_in(window) if predicate(i, numbers))
        described = what.format(**{name: _n(value) for name, value in numbers.items()})
        detail = f"{_plural(count, 'interaction')} {described} in {window.days_text()}"
        return _result(indicator_id, count, numbers["count"], count >= numbers["count"], detail)

    return rule


def _after_hours(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("after-hours"), ctx.window("after-hours")
    moments = [i.at for i in ctx.interactions_in(window)] + [
        b.at for b in ctx.boundaries_in(window)
    ]
    outside = sum(1 for moment in moments if ctx.outside_working_hours(moment))
    detail = (
        f"{_plural(outside, 'interaction or boundary event', 'interactions or boundary events')} "
        f"outside your working hours in {window.days_text()}"
    )
    return _result("after-hours", outside, numbers["count"], outside >= numbers["count"], detail)


def _boundary_pressure(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("boundary-pressure"), ctx.window("boundary-pressure")
    events = ctx.boundaries_in(window)
    uneasy = [b for b in events if b.felt >= numbers["felt"]]
    detail = f"{_plural(len(events), 'boundary event')} in {window.days_text()}"
    if uneasy:
        detail += f"; {_n(len(uneasy))} felt {_n(numbers['felt'])} or more uneasy"
    active = len(events) >= numbers["count"] or bool(uneasy)
    return _result("boundary-pressure", len(events), numbers["count"], active, detail)


def _no_self_care(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("no-self-care"), ctx.window("no-self-care")
    checkins = ctx.checkins_in(window)
    with_care = sum(1 for c in checkins if c.self_care)
    without = len(checkins) if with_care == 0 else 0
    counted = f"your {_plural(len(checkins), 'check-in')} in {window.days_text()}"
    if with_care:
        detail = f"self-care on {_n(with_care)} of {counted}"
    else:
        detail = f"no self-care noted on {counted}"
    active = with_care == 0 and len(checkins) >= numbers["checkins"]
    return _result("no-self-care", without, numbers["checkins"], active, detail)


def _quiet(ctx: _Context) -> IndicatorResult:
    window = ctx.window("quiet")
    checkins = ctx.checkins_in(window)
    interactions = ctx.interactions_in(window)
    silent_days = window.days if not checkins else 0
    if checkins:
        detail = f"{_plural(len(checkins), 'check-in')} in {window.days_text()}"
    else:
        detail = (
            f"no check-in in {window.days_text()}, while you logged "
            f"{_plural(len(interactions), 'interaction')}"
        )
    active = not checkins and bool(interactions)
    return _result("quiet", silent_days, window.days, active, detail)


def _isolation(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("isolation"), ctx.window("isolation")
    supported = any(
        window.holds(s.at.date()) and s.kind in PEER_SUPPORT_KINDS for s in ctx.records.supports
    )
    intense = sum(1 for i in ctx.interactions_in(window) if i.intensity >= numbers["intensity"])
    value = 0 if supported else intense
    if supported:
        detail = f"you had supervision, a debrief or a peer consult in {window.days_text()}"
    else:
        detail = (
            f"no supervision, debrief or peer consult in {window.days_text()}, with "
            f"{_plural(intense, 'interaction')} of intensity {_n(numbers['intensity'])} or more"
        )
    return _result("isolation", value, numbers["count"], value >= numbers["count"], detail)


def _supervision_gap(ctx: _Context) -> IndicatorResult:
    window = ctx.window("supervision-gap")
    dates = [
        s.at.date()
        for s in ctx.records.supports
        if s.kind == "supervision" and s.at.date() <= window.last
    ]
    if not dates:
        return _result("supervision-gap", 0, window.days, False, "no supervision recorded yet")
    last = max(dates)
    days_since = (window.last - last).days
    detail = f"your last supervision was {_plural(days_since, 'day')} ago"
    if days_since == 0:
        detail = "you had supervision today"
    return _result("supervision-gap", days_since, window.days, not window.holds(last), detail)


RULES: Mapping[str, Rule] = {
    "low-mood": _low_mood,
    "high-stress": _high_stress,
    "short-sleep": _short_sleep,
    "long-hours": _long_hours,
    "no-day-off": _no_day_off,
    "skipped-breaks": _skipped_breaks,
    "critical-exposure": _critical_exposure,
    "intensity-load": _count_rule(
        "intensity-load",
        lambda i, n: i.intensity >= n["intensity"],
        "with intensity {intensity} or more",
    ),
    "close-to-home": _count_rule("close-to-home", lambda i, n: i.close_to_home, "close to home"),
    "disclosure-load": _count_rule(
        "disclosure-load", lambda i, n: i.self_disclosure, "where you shared your own story"
    ),
    "after-hours": _after_hours,
    "boundary-pressure": _boundary_pressure,
    "no-self-care": _no_self_care,
    "quiet": _quiet,
    "isolation": _isolation,
    "supervision-gap": _supervision_gap,
}


def assess_strain(records: StrainRecords, settings: Settings, as_of: date) -> Assessment:
    """The assessment as of the end of `as_of`; records dated after it are ignored."""
    ctx = _Context(records, settings, as_of)
    results = tuple(RULES[indicator_id](ctx) for indicator_id in INDICATOR_IDS)
    active = {result.id for result in results if result.active}
    _, death = _critical(ctx)
    strong = death or {"low-mood", "critical-exposure"} <= active
    score = min(100, int(sum(settings.thresholds[i]["weight"] for i in active)))
    if strong:
        score = max(score, STRONG_SIGNAL_SCORE)
    if strong or len(active) >= STEP_BACK_ACTIVE:
        level = STEP_BACK
    elif active:
        level = WATCH
    else:
        level = STEADY
    return Assessment(as_of, level, score, results, strong)


def longest_window(settings: Settings) -> int:
    """How many days of records an assessment can look at, as tuned."""
    return int(max(numbers["window"] for numbers in settings.thresholds.values()))


def weekly_trend(
    records: StrainRecords, settings: Settings, as_of: date, weeks: int
) -> list[Assessment]:
    """The assessment at the end of each of the last `weeks` ISO weeks (Sundays), oldest
    first; the current week ends at `as_of` itself."""
    ends = [as_of] + [
        as_of - timedelta(days=as_of.isoweekday()) - timedelta(weeks=back)
        for back in range(weeks - 1)
    ]
    return [assess_strain(records, settings, end) for end in sorted(set(ends))][-weeks:]
