"""What the insights screen shows, gathered by `Journal.insights` in one call so the app
only draws it: week by week, how the person felt, how the strain assessment stood, and how
heavy the caseload was, over the last 4, 12 or 52 ISO weeks.

It sits beside the journal like `dashboard_data`: the shaping here is pure (records, the
weekly assessments and a day in; values out), so it needs no vault, clock or terminal.
Weeks are ISO weeks, Monday to Sunday, matching `Journal.trend`; the current one runs
Monday to the as-of day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean

from psp_journal.care.strain import Assessment, StrainRecords
from psp_journal.care.what_helps import SelfCareComparison
from psp_journal.models import Checkin

WEEK_CHOICES = (4, 12, 52)


@dataclass(frozen=True)
class Week:
    """One ISO week: averages over its check-ins (None without any that gave the value),
    its contacts, and the strain assessment as of its last day."""

    first: date
    last: date
    checkin_days: int
    mood: float | None
    energy: float | None
    stress: float | None
    sleep: float | None
    contacts: int
    intense: int
    intensity: float | None
    assessment: Assessment


@dataclass(frozen=True)
class Insights:
    """The last `len(weeks)` ISO weeks as of `as_of`, oldest first; `what_helps` compares
    mood with and without each self-care item over the same weeks. `intense_from` is the
    person's own intensity threshold, so "intense" means what it means elsewhere."""

    as_of: date
    weeks: tuple[Week, ...]
    what_helps: tuple[SelfCareComparison, ...]
    intense_from: int

    @property
    def first(self) -> date:
        return self.weeks[0].first


def first_monday(as_of: date, weeks: int) -> date:
    """The Monday that starts the oldest of the last `weeks` ISO weeks."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    return as_of - timedelta(days=as_of.weekday(), weeks=weeks - 1)


def weekly_series(
    records: StrainRecords,
    trend: Sequence[Assessment],
    as_of: date,
    intense_from: int,
) -> tuple[Week, ...]:
    """One `Week` per assessment of `trend` (`weekly_trend`'s, oldest first); each record
    is put in its week once, so a year of weeks costs one pass over a year of records."""
    first = first_monday(as_of, len(trend))
    checkins: list[list[Checkin]] = [[] for _ in trend]
    intensities: list[list[int]] = [[] for _ in trend]
    for checkin in records.checkins:
        index = _week_index(checkin.date, first, as_of)
        if index is not None:
            checkins[index].append(checkin)
    for interaction in records.interactions:
        index = _week_index(interaction.at.date(), first, as_of)
        if index is not None:
            intensities[index].append(interaction.intensity)
    return tuple(
        Week(
            first=first + timedelta(weeks=index),
            last=min(first + timedelta(weeks=index, days=6), as_of),
            checkin_days=len(checkins[index]),
            mood=_mean(checkins[index], lambda c: c.mood),
            energy=_mean(checkins[index], lambda c: c.energy),
            stress=_mean(checkins[index], lambda c: c.stress),
            sleep=_mean(checkins[index], lambda c: c.sleep),
            contacts=len(intensities[index]),
            intense=sum(1 for value in intensities[index] if value >= intense_from),
            intensity=fmean(intensities[index]) if intensities[index] else None,
            assessment=assessment,
        )
        for index, assessment in enumerate(trend)
    )


def _week_index(day: date, first: date, as_of: date) -> int | None:
    if not first <= day <= as_of:
        return None
    return (day - first).days // 7


def _mean(checkins: list[Checkin], value: Callable[[Checkin], float | None]) -> float | None:
    known = [v for v in map(value, checkins) if v is not None]
    return fmean(known) if known else None
