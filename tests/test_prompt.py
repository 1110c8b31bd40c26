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
WORKING_DAYS = ("mon", "tue", "wed", "thu", "fri")


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
        """`answer` is what the person does the first time it appears on that day; any
        other time, they say they are stepping back."""
        answer = dict(answer)
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
                event, snooze = answer.pop(day_number, (STEPPING_BACK, None))
                until = snooze_until(snooze, now, time(8), WORKING_DAYS) if snooze else None
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


def test_after_a_two_hour_reminder_a_new_indicator_still_waits_24_hours() -> None:
    heavy = ["low-mood", "quiet", "long-hours"]
    month = Month({1: (STEP_BACK, heavy), 2: (STEP_BACK, [*heavy, "isolation"])})
    month.run(4, {1: (REMIND_LATER, "2h")})
    # Day 1: shown at 09:00, snoozed, reminded at the 13:00 check. The new indicator of
    # day 2 waits until 24 h after that reminder (day 2, 13:00).
    shown = [event.at for event in month.history if event.event == SHOWN]
    assert shown == [
        datetime.combine(START + timedelta(days=1), time(9)),
        datetime.combine(START + timedelta(days=1), time(13)),
        datetime.combine(START + timedelta(days=2), time(13)),
    ]


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
    now = datetime(2026, 11, 20, 15, 30)  # a Friday
    assert snooze_until("2h", now, time(8)) == datetime(2026, 11, 20, 17, 30)
    assert snooze_until("tomorrow", now, time(8)) == datetime(2026, 11, 21, 8, 0)
    assert snooze_until("tomorrow", now, time(8), WORKING_DAYS) == datetime(2026, 11, 23, 8, 0)
    thursday = datetime(2026, 11, 19, 6, 0)
    assert snooze_until("tomorrow", thursday, time(9), WORKING_DAYS) == datetime(2026, 11, 20, 9, 0)
    assert snooze_until("tomorrow", now, time(7), ("tue", "sat")) == datetime(2026, 11, 21, 7, 0)
    assert snooze_until("tomorrow", now, time(7), ("tue",)) == datetime(2026, 11, 24, 7, 0)
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


# --- "remind me later" over a simulated week ------------------------------------------------

MONDAY = date(2026, 11, 2)
HEAVY = ("low-mood", "quiet", "long-hours")


class Week:
    """A week as the app lives it: it checks at 09:00, 13:00 and 17:00, and also at the
    moment a snooze ends (the `remind_at` it was told, as a timer would). The level is
    step-back from `from_day` (0 is Monday) to `until_day`, steady otherwise."""

    def __init__(self, from_day: int = 0, until_day: int = 6) -> None:
        self.from_day, self.until_day = from_day, until_day
        self.history: list[PromptEvent] = []
        self.shown: list[datetime] = []
        self.timers: list[datetime] = []

    def level_on(self, day: date) -> str:
        return STEP_BACK if self.from_day <= (day - MONDAY).days <= self.until_day else STEADY

    def check(self, now: datetime, answers: list[tuple[str, str | None]]) -> None:
        level = self.level_on(now.date())
        current = assessment(now.date(), level, HEAVY if level == STEP_BACK else ())
        decision = prompt_due(current, self.history, now, self.level_on)
        if decision.remind_at is not None and decision.remind_at not in self.timers:
            self.timers.append(decision.remind_at)
        if not decision.due:
            return
        self.shown.append(now)
        self.history.append(PromptEvent(now, SHOWN, HEAVY))
        event, snooze = answers.pop(0) if answers else (STEPPING_BACK, None)
        until = snooze_until(snooze, now, time(8), WORKING_DAYS) if snooze else None
        self.history.append(PromptEvent(now, event, HEAVY, until))
        if until is not None:
            self.timers.append(until)

    def run(self, *answers: tuple[str, str | None]) -> list[datetime]:
        """The times the prompt was shown over the week (and the Monday after)."""
        queue = list(answers)
        checks = [
            datetime.combine(MONDAY + timedelta(days=n), time(hour))
            for n in range(8)
            for hour in (9, 13, 17)
        ]
        while checks or self.timers:
            now = min(checks + self.timers)
            checks = [moment for moment in checks if moment != now]
            self.timers = [moment for moment in self.timers if moment != now]
            self.check(now, queue)
        return self.shown


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day), time(hour, minute))


def test_two_hours_later_it_comes_back() -> None:
    assert Week().run((REMIND_LATER, "2h")) == [at(0, 9), at(0, 11)]


def test_tomorrow_is_the_start_of_the_next_working_day() -> None:
    assert Week().run((REMIND_LATER, "tomorrow")) == [at(0, 9), at(1, 8)]


def test_tomorrow_from_a_friday_is_monday_morning() -> None:
    shown = Week(from_day=4, until_day=7).run((REMIND_LATER, "tomorrow"))
    assert shown == [at(4, 9), at(7, 8)]


def test_three_days_later_it_comes_back() -> None:
    assert Week().run((REMIND_LATER, "3d")) == [at(0, 9), at(3, 9)]


def test_a_reminder_within_24_hours_is_not_held_back() -> None:
    # Monday 17:00 to Tuesday 08:00 is 15 hours: it comes back anyway.
    week = Week()
    week.check(at(0, 17), [(REMIND_LATER, "tomorrow")])
    week.check(at(1, 8), [])
    assert week.shown == [at(0, 17), at(1, 8)]


def test_snoozing_again_and_again_keeps_reminding() -> None:
    shown = Week().run((REMIND_LATER, "2h"), (REMIND_LATER, "2h"), (REMIND_LATER, "3d"))
    assert shown == [at(0, 9), at(0, 11), at(0, 13), at(3, 13)]


def test_no_reminder_when_the_level_has_dropped_by_then() -> None:
    assert Week(from_day=0, until_day=1).run((REMIND_LATER, "3d")) == [at(0, 9)]


def test_dismissing_the_reminder_holds_while_the_level_stays() -> None:
    assert Week().run((REMIND_LATER, "2h"), (DISMISS, None)) == [at(0, 9), at(0, 11)]


def test_while_snoozed_the_decision_says_when_the_reminder_is_due() -> None:
    history = [
        PromptEvent(at(0, 9), SHOWN, HEAVY),
        PromptEvent(at(0, 9), REMIND_LATER, HEAVY, at(1, 8)),
    ]
    current = assessment(MONDAY, STEP_BACK, HEAVY)
    decision = prompt_due(current, history, at(0, 15), lambda day: STEP_BACK)
    assert (decision.due, decision.remind_at) == (False, at(1, 8))
    later = prompt_due(current, history, at(1, 8), lambda day: STEP_BACK)
    assert later.due and later.remind_at is None
