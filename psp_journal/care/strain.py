"""The strain engine: records in, an explainable assessment out. Pure: no vault, no clock.

Each of PRODUCT.md's 16 indicators is one small rule in a table, with its tunable numbers
(window, count, weight, …) coming from the person's settings. Every result names its
numbers in one plain sentence: what was noticed, never a label. Each sentence is whole
(one for a one-day window, one for a longer one) and goes through `_()` or `ngettext` as
the assessment is made, so it reads right in the person's language. Levels and the score
follow PRODUCT.md exactly; the level comes from the rules, not from the score.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from psp_journal.i18n import _, ngettext
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


class _Window:
    """The as-of day and the N−1 days before it; nothing after the as-of day counts."""

    def __init__(self, as_of: date, days: float) -> None:
        self.last = as_of
        self.days = int(days)
        self.first = as_of - timedelta(days=self.days - 1)

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last


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


def _in_window(window: _Window, today: str, recent: str, /, **values: object) -> str:
    """`today` for a one-day window, else `recent` (which names the window's `{days}`),
    filled in with `values`. Both are whole sentences, so a translator sees each window
    inside its own sentence instead of a phrase slotted into another."""
    return (today if window.days == 1 else recent).format(days=window.days, **values)


def _result(
    indicator_id: str, value: float, threshold: float, active: bool, detail: str
) -> IndicatorResult:
    return IndicatorResult(indicator_id, active, value, threshold, detail)


def _low_mood(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("low-mood"), ctx.window("low-mood")
    recent = ctx.checkins_in(window)[-int(numbers["last"]) :]
    low = sum(1 for c in recent if c.mood <= numbers["mood"])
    if recent:
        detail = ngettext(
            "{low} of your last {count} check-in had mood {mood} or lower",
            "{low} of your last {count} check-ins had mood {mood} or lower",
            len(recent),
        ).format(low=_n(low), count=_n(len(recent)), mood=_n(numbers["mood"]))
    else:
        detail = _in_window(
            window,
            _("no check-ins in today"),
            ngettext(
                "no check-ins in the last {days} day",
                "no check-ins in the last {days} days",
                window.days,
            ),
        )
    return _result("low-mood", low, numbers["count"], low >= numbers["count"], detail)


def _high_stress(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("high-stress"), ctx.window("high-stress")
    checkins = ctx.checkins_in(window)
    high = sum(1 for c in checkins if c.stress >= numbers["stress"])
    detail = _in_window(
        window,
        ngettext(
            "{high} of your {count} check-in in today had stress {stress} or higher",
            "{high} of your {count} check-ins in today had stress {stress} or higher",
            len(checkins),
        ),
        ngettext(
            "{high} of your {count} check-in in the last {days} days had stress {stress} or higher",
            "{high} of your {count} check-ins in the last {days} days had stress {stress} or "
            "higher",
            len(checkins),
        ),
        high=_n(high),
        count=_n(len(checkins)),
        stress=_n(numbers["stress"]),
    )
    return _result("high-stress", high, numbers["count"], high >= numbers["count"], detail)


def _short_sleep(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("short-sleep"), ctx.window("short-sleep")
    short = sum(
        1 for c in ctx.checkins_in(window) if c.sleep is not None and c.sleep < numbers["hours"]
    )
    detail = _in_window(
        window,
        ngettext(
            "{count} night under {hours} hours of sleep in today",
            "{count} nights under {hours} hours of sleep in today",
            short,
        ),
        ngettext(
            "{count} night under {hours} hours of sleep in the last {days} days",
            "{count} nights under {hours} hours of sleep in the last {days} days",
            short,
        ),
        count=_n(short),
        hours=_n(numbers["hours"]),
    )
    return _result("short-sleep", short, numbers["count"], short >= numbers["count"], detail)


def _long_hours(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("long-hours"), ctx.window("long-hours")
    hours = sum(c.worked for c in ctx.checkins_in(window) if c.worked is not None)
    detail = _in_window(
        window,
        _("{hours} hours worked in today (more than {limit} stands out)"),
        ngettext(
            "{hours} hours worked in the last {days} day (more than {limit} stands out)",
            "{hours} hours worked in the last {days} days (more than {limit} stands out)",
            window.days,
        ),
        hours=_n(hours),
        limit=_n(numbers["hours"]),
    )
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
        detail = _in_window(
            window,
            _("no day off in today"),
            ngettext(
                "no day off in the last {days} day",
                "no day off in the last {days} days",
                window.days,
            ),
        )
    else:
        detail = _in_window(
            window,
            ngettext("{count} day off in today", "{count} days off in today", off),
            ngettext(
                "{count} day off in the last {days} days",
                "{count} days off in the last {days} days",
                off,
            ),
            count=_n(off),
        )
    return _result("no-day-off", worked, window.days, off == 0, detail)


def _skipped_breaks(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("skipped-breaks"), ctx.window("skipped-breaks")
    worked_days = [c for c in ctx.checkins_in(window) if c.worked is not None and c.worked > 0]
    recent = worked_days[-int(numbers["last"]) :]
    skipped = sum(1 for c in recent if c.breaks is not None and c.breaks <= numbers["breaks"])
    if recent:
        detail = ngettext(
            "{breaks} breaks or fewer on {skipped} of your last {count} day worked",
            "{breaks} breaks or fewer on {skipped} of your last {count} days worked",
            len(recent),
        ).format(breaks=_n(numbers["breaks"]), skipped=_n(skipped), count=_n(len(recent)))
    else:
        detail = _in_window(
            window,
            _("no check-ins on days worked in today"),
            ngettext(
                "no check-ins on days worked in the last {days} day",
                "no check-ins on days worked in the last {days} days",
                window.days,
            ),
        )
    return _result("skipped-breaks", skipped, numbers["count"], skipped >= numbers["count"], detail)


def _critical(ctx: _Context) -> tuple[list[Interaction], bool]:
    window = ctx.window("critical-exposure")
    critical = [i for i in ctx.interactions_in(window) if set(i.tags) & set(CRITICAL_TAGS)]
    return critical, any("death" in i.tags for i in critical)


def _critical_exposure(ctx: _Context) -> IndicatorResult:
    """The topics are tags as the person chose them (data, like an alias), so they are
    named as they are stored."""
    numbers, window = ctx.numbers("critical-exposure"), ctx.window("critical-exposure")
    critical, death = _critical(ctx)
    tags = sorted({tag for i in critical for tag in i.tags if tag in CRITICAL_TAGS})
    if tags:
        today = ngettext(
            "{count} interaction in today touched {topics}",
            "{count} interactions in today touched {topics}",
            len(critical),
        )
        recent = ngettext(
            "{count} interaction in the last {days} days touched {topics}",
            "{count} interactions in the last {days} days touched {topics}",
            len(critical),
        )
    else:
        today = ngettext(
            "{count} interaction in today touched a critical topic",
            "{count} interactions in today touched a critical topic",
            len(critical),
        )
        recent = ngettext(
            "{count} interaction in the last {days} days touched a critical topic",
            "{count} interactions in the last {days} days touched a critical topic",
            len(critical),
        )
    detail = _in_window(window, today, recent, count=_n(len(critical)), topics=", ".join(tags))
    active = len(critical) >= numbers["count"] or death
    return _result("critical-exposure", len(critical), numbers["count"], active, detail)


def _count_rule(
    indicator_id: str,
    predicate: Callable[[Interaction, Mapping[str, float]], bool],
    said: Callable[[int], tuple[str, str]],
) -> Rule:
    """A rule counting the interactions that match `predicate`; `said(count)` gives its
    sentence for a one-day window and for a longer one, filled in with the tuned numbers."""

    def rule(ctx: _Context) -> IndicatorResult:
        numbers, window = ctx.numbers(indicator_id), ctx.window(indicator_id)
        count = sum(1 for i in ctx.interactions_in(window) if predicate(i, numbers))
        tuned = {name: _n(value) for name, value in numbers.items()}
        detail = _in_window(window, *said(count), **{**tuned, "count": _n(count)})
        return _result(indicator_id, count, numbers["count"], count >= numbers["count"], detail)

    return rule


def _after_hours(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("after-hours"), ctx.window("after-hours")
    moments = [i.at for i in ctx.interactions_in(window)] + [
        b.at for b in ctx.boundaries_in(window)
    ]
    outside = sum(1 for moment in moments if ctx.outside_working_hours(moment))
    detail = _in_window(
        window,
        ngettext(
            "{count} interaction or boundary event outside your working hours in today",
            "{count} interactions or boundary events outside your working hours in today",
            outside,
        ),
        ngettext(
            "{count} interaction or boundary event outside your working hours in the last "
            "{days} days",
            "{count} interactions or boundary events outside your working hours in the last "
            "{days} days",
            outside,
        ),
        count=_n(outside),
    )
    return _result("after-hours", outside, numbers["count"], outside >= numbers["count"], detail)


def _boundary_pressure(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("boundary-pressure"), ctx.window("boundary-pressure")
    events = ctx.boundaries_in(window)
    uneasy = [b for b in events if b.felt >= numbers["felt"]]
    if uneasy:
        today = ngettext(
            "{count} boundary event in today; {uneasy} felt {felt} or more uneasy",
            "{count} boundary events in today; {uneasy} felt {felt} or more uneasy",
            len(events),
        )
        recent = ngettext(
            "{count} boundary event in the last {days} days; {uneasy} felt {felt} or more uneasy",
            "{count} boundary events in the last {days} days; {uneasy} felt {felt} or more uneasy",
            len(events),
        )
    else:
        today = ngettext(
            "{count} boundary event in today", "{count} boundary events in today", len(events)
        )
        recent = ngettext(
            "{count} boundary event in the last {days} days",
            "{count} boundary events in the last {days} days",
            len(events),
        )
    detail = _in_window(
        window,
        today,
        recent,
        count=_n(len(events)),
        uneasy=_n(len(uneasy)),
        felt=_n(numbers["felt"]),
    )
    active = len(events) >= numbers["count"] or bool(uneasy)
    return _result("boundary-pressure", len(events), numbers["count"], active, detail)


def _no_self_care(ctx: _Context) -> IndicatorResult:
    numbers, window = ctx.numbers("no-self-care"), ctx.window("no-self-care")
    checkins = ctx.checkins_in(window)
    with_care = sum(1 for c in checkins if c.self_care)
    without = len(checkins) if with_care == 0 else 0
    if with_care:
        today = ngettext(
            "self-care on {with_care} of your {count} check-in in today",
            "self-care on {with_care} of your {count} check-ins in today",
            len(checkins),
        )
        recent = ngettext(
            "self-care on {with_care} of your {count} check-in in the last {days} days",
            "self-care on {with_care} of your {count} check-ins in the last {days} days",
            len(checkins),
        )
    else:
        today = ngettext(
            "no self-care noted on your {count} check-in in today",
            "no self-care noted on your {count} check-ins in today",
            len(checkins),
        )
        recent = ngettext(
            "no self-care noted on your {count} check-in in the last {days} days",
            "no self-care noted on your {count} check-ins in the last {days} days",
            len(checkins),
        )
    detail = _in_window(window, today, recent, with_care=_n(with_care), count=_n(len(checkins)))
    active = with_care == 0 and len(checkins) >= numbers["checkins"]
    return _result("no-self-care", without, numbers["checkins"], active, detail)


def _quiet(ctx: _Context) -> IndicatorResult:
    window = ctx.window("quiet")
    checkins = ctx.checkins_in(window)
    interactions = ctx.interactions_in(window)
    silent_days = window.days if not checkins else 0
    if checkins:
        detail = _in_window(
            window,
            ngettext("{count} check-in in today", "{count} check-ins in today", len(checkins)),
            ngettext(
                "{count} check-in in the last {days} days",
                "{count} check-ins in the last {days} days",
                len(checkins),
            ),
            count=_n(len(checkins)),
        )
    else:
        detail = _in_window(
            window,
            ngettext(
                "no check-in in today, while you logged {count} interaction",
                "no check-in in today, while you logged {count} interactions",
                len(interactions),
            ),
            ngettext(
                "no check-in in the last {days} days, while you logged {count} interaction",
                "no check-in in the last {days} days, while you logged {count} interactions",
                len(interactions),
            ),
            count=_n(len(interactions)),
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
        detail = _in_window(
            window,
            _("you had supervision, a debrief or a peer consult in today"),
            ngettext(
                "you had supervision, a debrief or a peer consult in the last {days} day",
                "you had supervision, a debrief or a peer consult in the last {days} days",
                window.days,
            ),
        )
    else:
        detail = _in_window(
            window,
            ngettext(
                "no supervision, debrief or peer consult in today, with {count} interaction of "
                "intensity {intensity} or more",
                "no supervision, debrief or peer consult in today, with {count} interactions "
                "of intensity {intensity} or more",
                intense,
            ),
            ngettext(
                "no supervision, debrief or peer consult in the last {days} days, with {count} "
                "interaction of intensity {intensity} or more",
                "no supervision, debrief or peer consult in the last {days} days, with {count} "
                "interactions of intensity {intensity} or more",
                intense,
            ),
            count=_n(intense),
            intensity=_n(numbers["intensity"]),
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
        return _result("supervision-gap", 0, window.days, False, _("no supervision recorded yet"))
    last = max(dates)
    days_since = (window.last - last).days
    if days_since == 0:
        detail = _("you had supervision today")
    else:
        detail = ngettext(
            "your last supervision was {count} day ago",
            "your last supervision was {count} days ago",
            days_since,
        ).format(count=_n(days_since))
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
        lambda count: (
            ngettext(
                "{count} interaction with intensity {intensity} or more in today",
                "{count} interactions with intensity {intensity} or more in today",
                count,
            ),
            ngettext(
                "{count} interaction with intensity {intensity} or more in the last {days} days",
                "{count} interactions with intensity {intensity} or more in the last {days} days",
                count,
            ),
        ),
    ),
    "close-to-home": _count_rule(
        "close-to-home",
        lambda i, n: i.close_to_home,
        lambda count: (
            ngettext(
                "{count} interaction close to home in today",
                "{count} interactions close to home in today",
                count,
            ),
            ngettext(
                "{count} interaction close to home in the last {days} days",
                "{count} interactions close to home in the last {days} days",
                count,
            ),
        ),
    ),
    "disclosure-load": _count_rule(
        "disclosure-load",
        lambda i, n: i.self_disclosure,
        lambda count: (
            ngettext(
                "{count} interaction where you shared your own story in today",
                "{count} interactions where you shared your own story in today",
                count,
            ),
            ngettext(
                "{count} interaction where you shared your own story in the last {days} days",
                "{count} interactions where you shared your own story in the last {days} days",
                count,
            ),
        ),
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
    death = _critical(ctx)[1]
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
    first; the current week ends at `as_of` itself.

    Each week is assessed on the records of its own longest window only: every rule looks
    no further back than its window, so the result is the same, and a year of weeks costs
    a year of records once instead of once a week."""
    ends = [as_of] + [
        as_of - timedelta(days=as_of.isoweekday()) - timedelta(weeks=back)
        for back in range(weeks - 1)
    ]
    span = longest_window(settings)
    return [
        assess_strain(_records_within(records, end - timedelta(days=span - 1), end), settings, end)
        for end in sorted(set(ends))
    ][-weeks:]


def _records_within(records: StrainRecords, first: date, last: date) -> StrainRecords:
    """The check-ins, interactions and boundary events dated from `first` to `last`; the
    supports whole, since the supervision-gap rule looks back past any window."""
    return StrainRecords(
        checkins=[c for c in records.checkins if first <= c.date <= last],
        interactions=[i for i in records.interactions if first <= i.at.date() <= last],
        boundaries=[b for b in records.boundaries if first <= b.at.date() <= last],
        supports=records.supports,
    )
