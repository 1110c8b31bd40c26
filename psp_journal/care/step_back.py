"""When the step-back prompt may appear: PRODUCT.md's rhythm, so it never nags.

Pure: the current assessment, the history of prompt events, each day's level since a
given moment (a callable, so the journal computes only the days it is asked for) and
`now` come in; a yes or no goes out, with the reason for tests and for the curious, and,
while a snooze runs, when it ends (so the app can set a timer instead of polling).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from psp_journal.care.strain import STEP_BACK, Assessment
from psp_journal.models.prompt_events import (
    DISMISS,
    REMIND_LATER,
    SHOWN,
    PromptEvent,
)
from psp_journal.models.settings import WEEK_DAYS

MIN_GAP = timedelta(hours=24)
SNOOZES = ("2h", "tomorrow", "3d")


@dataclass(frozen=True)
class PromptDecision:
    """`remind_at` is when a running snooze ends: the app sets a timer for it and asks
    again then, because a reminder the person asked for must come back on time.

    `reason` stays English and untranslated: it explains the decision to tests and to
    whoever reads the code or a bug report, and is never shown to the person (what they see
    is the prompt, whose words are the app's, through `_()`)."""

    due: bool
    reason: str
    remind_at: datetime | None = None


def snooze_until(
    choice: str, now: datetime, day_starts: time, working_days: Collection[str] = WEEK_DAYS
) -> datetime:
    """ "2h", "tomorrow" (when the next working day starts: a Friday's "tomorrow" is
    Monday morning for someone who works Monday to Friday) or "3d"."""
    if choice == "2h":
        return now + timedelta(hours=2)
    if choice == "tomorrow":
        day = now.date() + timedelta(days=1)
        for _ in range(len(WEEK_DAYS)):
            if WEEK_DAYS[day.weekday()] in working_days:
                break
            day += timedelta(days=1)
        return datetime.combine(day, day_starts)
    if choice == "3d":
        return now + timedelta(days=3)
    raise ValueError(f"unknown snooze {choice!r}; one of {', '.join(SNOOZES)}")


def pending_reminder(history: Sequence[PromptEvent]) -> datetime | None:
    """When the latest "remind me later" ends, if nothing happened since it was chosen
    (its reminder not yet shown, no other answer given)."""
    snoozed = _latest(history, REMIND_LATER)
    if snoozed is None or snoozed.snooze_until is None:
        return None
    answered_since = any(item.at > snoozed.at for item in history)
    return None if answered_since else snoozed.snooze_until


def _latest(history: Sequence[PromptEvent], event: str) -> PromptEvent | None:
    found = [item for item in history if item.event == event]
    return max(found, key=lambda item: item.at) if found else None


def _left_step_back_since(moment: datetime, today: date, level_on: Callable[[date], str]) -> bool:
    """Did the level drop below step-back on `moment`'s day (as it ended) or any day after
    it, before today? Today's level is the current assessment's."""
    day = moment.date()
    while day < today:
        if level_on(day) != STEP_BACK:
            return True
        day += timedelta(days=1)
    return False


def prompt_due(
    assessment: Assessment,
    history: Sequence[PromptEvent],
    now: datetime,
    level_on: Callable[[date], str],
) -> PromptDecision:
    """Due when the level enters step-back, and again only when a new indicator joins
    while it stays there; at most once per 24 h; never while snoozed; a dismissal holds
    until the level drops below step-back. When a snooze ends and the level is still
    step-back it is due again: the person asked to be reminded, so the 24 h limit (which
    is there so the prompt never nags) does not hold that reminder back."""
    reminder = pending_reminder(history)
    upcoming = reminder if reminder is not None and reminder > now else None
    if assessment.level != STEP_BACK:
        return PromptDecision(False, "the level is not step-back", upcoming)
    if upcoming is not None:
        return PromptDecision(False, "snoozed", upcoming)
    if reminder is not None:
        return PromptDecision(True, "the snooze ended and the level is still step-back")
    dismissed = _latest(history, DISMISS)
    if dismissed and not _left_step_back_since(dismissed.at, now.date(), level_on):
        return PromptDecision(False, "dismissed, and the level has not dropped since")
    shown = _latest(history, SHOWN)
    if shown is None:
        return PromptDecision(True, "the level entered step-back")
    if now - shown.at < MIN_GAP:
        return PromptDecision(False, "shown less than 24 hours ago")
    if _left_step_back_since(shown.at, now.date(), level_on):
        return PromptDecision(True, "the level entered step-back again")
    joined = {result.id for result in assessment.active} - set(shown.indicators)
    if joined:
        return PromptDecision(True, f"a new indicator joined: {', '.join(sorted(joined))}")
    return PromptDecision(False, "nothing new since it was last shown")
