"""The step-back prompt's rhythm over a simulated month, with an injected clock: it appears
when the level enters step-back, again only when a new indicator joins, at most once a
day, never while snoozed, and a dismissal holds until the level drops."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

import pytest

from psp_journal.care.step_back import prompt_due, snooze_until
from psp_journal.care.strain import STEADY, STEP_BACK, WATCH, Assessment, IndicatorResult
from psp_journal.models import (
    DISMISS,
    INDICATOR_IDS,
    REMIND_LATER,
    SHOWN,
    STEPPING_BACK,
    PromptEvent,
    ValidationError,
)

START = date(2026, 11, 1)


def assessment(day: date, level: str, active: Sequence[str]) -> Assessment:
    results = tuple(
        IndicatorResult(i, i in active, 1 if i in active else 0, 1, "noticed")
        for i in INDICATOR_IDS
    )
    return Assessment(day, level, 40 if active else 0, results, False)


class Month:
    """A scripted month: each day's level and active indicators, and what the person does
    when the prompt appears. The app checks at 09:00, 13:00 and 17:00 every day."""

    def __init__(self, script: dict[int, tuple[str, Sequence[str]]]) -> None:
        self.script = script
        self.history: list[PromptEvent] = []
        self.shown_days: list[int] = []

    def state(self, day_number: int) -> tuple[str, Sequence[str]]:
        known = [n for n in self.script if n <= day_number]
        return self.script[max(known)] if known else (STEADY, ())

    def level_on(self, day: date) -> str:
        return self.state((day - START).days)[0]

    def run(self, days: int, answer: dict[int, tuple[str, str | None]]) -> None:
        for day_number in range(days):
            day = START + timedelta(days=day_number)
            level, active = self.state(day_number)
            current = assessment(day, level, active)
            for hour in (9, 13, 17):
                now = datetime.combine(day, time(hour))
                if not prompt_due(current, self.history, now, self.level_on).due:
                    continue
                self.shown_days.append(day_number)
                ids = tuple(active)
                self.history.append(PromptEvent(now, SHOWN, ids))
                event, snooze = answer.get(day_number, (STEPPING_BACK, None))
                until = snooze_until(snooze, now, time(8)) if snooze else None
                self.history.append(PromptEvent(now, event, ids, until))


def test_it_appears_when_the_level_enters_step_back_and_not_every_day_after() -> None:
    month = Month({0: (WATCH, ["low-mood"]), 3: (STEP_BACK, ["low-mood", "quiet", "long-hours"])})
    month.run(30, {})
    assert month.shown_days == [3]


def test_a_new_indicator_brings_it_back_but_not_within_24_hours() -> None:
    three = ["low-mood", "quiet", "long-hours"]
    month = Month({2: (STEP_BACK, three), 5: (STEP_BACK, [*three, "isolation"])})
    month.run(12, {})
    assert month.shown_days == [2, 5]


def test_never_more_than_once_in_24_hours_even_when_indicators_change_fast() -> None:
    month = Month(
        {
            1: (STEP_BACK, ["low-mood", "quiet", "long-hours"]),
            2: (STEP_BACK, ["low-mood", "quiet", "long-hours", "isolation"]),
        }
    )
    month.run(5, {})
    # day 1 at 09:00; day 2's new indicator must wait until 24 h have passed (day 2 09:00).
    assert month.shown_days == [1, 2]
    shown = [event.at for event in month.history if event.event == SHOWN]
    assert all(
        later - earlier >= timedelta(hours=24)
        for earlier, later in zip(shown, shown[1:], strict=False)
    )


def test_entering_step_back_again_after_a_drop_shows_it_again() -> None:
    heavy = ["low-mood", "quiet", "long-hours"]
    month = Month({1: (STEP_BACK, heavy), 6: (WATCH, ["low-mood"]), 10: (STEP_BACK, heavy)})
    month.run(20, {})
    assert month.shown_days == [1, 10]


def test_remind_me_later_snoozes_for_the_chosen_time() -> None:
    heavy = ["low-mood", "quiet", "long-hours"]
    month = Month({1: (STEP_BACK, heavy), 3: (STEP_BACK, [*heavy, "isolation"])})
    month.run(8, {1: (REMIND_LATER, "3d")})
    # Snoozed from day 1 09:00 until day 4 09:00: the new indicator of day 3 waits.
    assert month.shown_days == [1, 4]


def test_a_two_hour_snooze_still_respects_the_24_hour_gap() -> None:
    heavy = ["low-mood", "quiet", "long-hours"]
    month = Month({1: (STEP_BACK, heavy), 2: (STEP_BACK, [*heavy, "isolation"])})
    month.run(4, {1: (REMIND_LATER, "2h")})
    assert month.shown_days == [1, 2]


def test_dismiss_holds_until_the_level_drops_then_it_may_return() -> None:
    heavy = ["low-mood", "quiet", "long-hours"]
    month = Month(
        {
            1: (STEP_BACK, heavy),
            4: (STEP_BACK, [*heavy, "isolation"]),  # new indicator, but dismissed: quiet
            9: (STEADY, []),
            12: (STEP_BACK, heavy),  # entered again after a drop: it may show
        }
    )
    month.run(30, {1: (DISMISS, None)})
    assert month.shown_days == [1, 12]


def test_not_shown_below_step_back() -> None:
    month = Month({0: (WATCH, ["low-mood", "quiet"])})
    month.run(30, {})
    assert month.shown_days == []


def test_every_answer_is_recorded_with_its_indicators() -> None:
    heavy = ["low-mood", "quiet", "long-hours"]
    month = Month({1: (STEP_BACK, heavy)})
    month.run(3, {1: (DISMISS, None)})
    answers = [event for event in month.history if event.event != SHOWN]
    assert [(a.event, a.indicators) for a in answers] == [(DISMISS, tuple(heavy))]


def test_snooze_choices() -> None:
    now = datetime(2026, 11, 20, 15, 30)
    assert snooze_until("2h", now, time(8)) == datetime(2026, 11, 20, 17, 30)
    assert snooze_until("tomorrow", now, time(8)) == datetime(2026, 11, 21, 8, 0)
    assert snooze_until("3d", now, time(8)) == datetime(2026, 11, 23, 15, 30)
    with pytest.raises(ValueError):
        snooze_until("forever", now, time(8))


def test_prompt_events_check_their_fields() -> None:
    now = datetime(2026, 11, 20, 15, 30)
    with pytest.raises(ValidationError, match="event"):
        PromptEvent(now, "ignore", ())
    with pytest.raises(ValidationError, match="indicators"):
        PromptEvent(now, SHOWN, ("not-an-indicator",))
    with pytest.raises(ValidationError, match="snooze_until"):
        PromptEvent(now, REMIND_LATER, ())
    event = PromptEvent(now, REMIND_LATER, ("quiet",), now + timedelta(hours=2), "later", "p1")
    assert PromptEvent.from_document(event.to_document()) == event
