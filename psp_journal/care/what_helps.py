"""What helps: mood on the days with and without each self-care item, side by side.

Plain arithmetic over the person's own check-ins, never a finding about them: the app says
what went together, not what caused what, and nothing at all until each side has
`MIN_DAYS` days, since an average of two days tells more about those two days than about
the item. Pure: check-ins in, comparisons out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean

from psp_journal.models import Checkin

MIN_DAYS = 5


@dataclass(frozen=True)
class SelfCareComparison:
    """One self-care item over a stretch of check-ins (one per day).

    The moods are None until both sides have `MIN_DAYS` days: below that the averages are
    not worked out at all, so nothing can show them by mistake.
    """

    item: str
    days_with: int
    days_without: int
    mood_with: float | None = None
    mood_without: float | None = None

    @property
    def compared(self) -> bool:
        return self.mood_with is not None and self.mood_without is not None


def compare_self_care(checkins: Iterable[Checkin]) -> tuple[SelfCareComparison, ...]:
    """Every item listed on at least one of the `checkins`: those with enough days on both
    sides first, then the rest, each by how many days listed it, most first."""
    days = list(checkins)
    items = {item for checkin in days for item in checkin.self_care}
    comparisons = [_compare(item, days) for item in items]
    comparisons.sort(key=lambda c: (not c.compared, -c.days_with, c.item.casefold(), c.item))
    return tuple(comparisons)


def _compare(item: str, days: list[Checkin]) -> SelfCareComparison:
    with_item = [checkin.mood for checkin in days if item in checkin.self_care]
    without = [checkin.mood for checkin in days if item not in checkin.self_care]
    if len(with_item) < MIN_DAYS or len(without) < MIN_DAYS:
        return SelfCareComparison(item, len(with_item), len(without))
    return SelfCareComparison(item, len(with_item), len(without), fmean(with_item), fmean(without))
