"""What the dashboard shows, gathered by `Journal.dashboard` in one call so the app only
draws it.

It sits beside the journal, not in `models/` (which decides what valid input is) nor in
`care/` (which notices strain): it is the journal's answer to one question, like `Purged`
or `Found`, built from a few indexed queries over the last 30 days. The shaping here is
pure — records and a day in, values out — so it needs no vault, clock or terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from psp_journal.care.strain import Assessment
from psp_journal.models import Boundary, Checkin, Interaction, Support

SERIES_DAYS = 30
RECENT_BOUNDARY_DAYS = 14
RECENT_BOUNDARIES_SHOWN = 5
# Items marked for supervision are shown from the last supervision on (what came before
# was presumably brought), but from no further back than this: an item a month old is
# the export's business, and a dashboard list should fit on one line or two.
SUPERVISION_LOOKBACK_DAYS = 30

ValueT = TypeVar("ValueT")


@dataclass(frozen=True)
class WeekLoad:
    """Contacts in this ISO week so far, Monday to the as-of day."""

    contacts: int
    intense: int
    close_to_home: int


@dataclass(frozen=True)
class Dashboard:
    """Everything on the dashboard, as of `as_of`.

    `mood`, `stress` and `sleep` hold one value per day for the 30 days ending on the
    as-of day, oldest first, None where there was no check-in or it left the value out.
    `boundaries` are the latest boundary events of the last 14 days, newest first.
    `supervision_items` (documents, as `Journal.supervision_items` gives them) run from
    `supervision_items_from`: the day of the last supervision, or 30 days back if that is
    longer ago or there was none. `last_client` is the client of the latest interaction,
    if that client is still active: the form's preselection.
    """

    as_of: datetime
    checkin: Checkin | None
    assessment: Assessment
    mood: tuple[int | None, ...]
    stress: tuple[int | None, ...]
    sleep: tuple[float | None, ...]
    week: WeekLoad
    followups_due: int
    boundaries: tuple[Boundary, ...]
    supervision_items: tuple[dict[str, Any], ...]
    supervision_items_from: date
    days_since_supervision: int | None
    last_client: str | None


def daily_series(
    checkins: Iterable[Checkin], last: date, value: Callable[[Checkin], ValueT | None]
) -> tuple[ValueT | None, ...]:
    """One value per day of the `SERIES_DAYS` ending on `last`, oldest first: a sparkline
    must show a missing day as a gap, not close it up."""
    by_day = {checkin.date: value(checkin) for checkin in checkins}
    first = last - timedelta(days=SERIES_DAYS - 1)
    return tuple(by_day.get(first + timedelta(days=offset)) for offset in range(SERIES_DAYS))


def week_load(interactions: Iterable[Interaction], as_of: date, intense_from: int) -> WeekLoad:
    """`intense_from` is the person's own intensity threshold (the intensity-load
    indicator's), so "intense" here means what it means in "What stands out"."""
    monday = as_of - timedelta(days=as_of.weekday())
    week = [i for i in interactions if monday <= i.at.date() <= as_of]
    return WeekLoad(
        contacts=len(week),
        intense=sum(1 for i in week if i.intensity >= intense_from),
        close_to_home=sum(1 for i in week if i.close_to_home),
    )


def recent_boundaries(boundaries: Iterable[Boundary], as_of: date) -> tuple[Boundary, ...]:
    first = as_of - timedelta(days=RECENT_BOUNDARY_DAYS - 1)
    recent = [b for b in boundaries if first <= b.at.date() <= as_of]
    recent.sort(key=lambda b: (b.at, b.id or ""), reverse=True)
    return tuple(recent[:RECENT_BOUNDARIES_SHOWN])


def last_supervision(supports: Sequence[Support], as_of: date) -> date | None:
    days = [s.at.date() for s in supports if s.kind == "supervision" and s.at.date() <= as_of]
    return max(days, default=None)


def supervision_items_from(last: date | None, as_of: date) -> date:
    earliest = as_of - timedelta(days=SUPERVISION_LOOKBACK_DAYS - 1)
    return max(last, earliest) if last is not None else earliest
