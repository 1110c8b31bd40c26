"""The insights screen's data without the app: "what helps" (the pure comparison and its
five-days rule) and `Journal.insights` / `Journal.what_helps` on a small journal built by
hand, as of Friday 20 November 2026, so every number is known."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from psp_journal.care.indicator_names import INDICATOR_NAMES
from psp_journal.care.what_helps import SelfCareComparison, compare_self_care
from psp_journal.insights_data import first_monday
from psp_journal.journal import Journal
from psp_journal.models import INDICATOR_IDS, Checkin
from psp_journal.vault import Vault
from tests.conftest import PASSPHRASE

AS_OF = datetime(2026, 11, 20, 17, 30)  # a Friday
DAY = AS_OF.date()


def clock() -> datetime:
    return AS_OF


def checkin(back: int, mood: int, *self_care: str) -> Checkin:
    return Checkin(
        date=DAY - timedelta(days=back), mood=mood, energy=3, stress=3, self_care=self_care
    )


# --- what helps, pure ------------------------------------------------------------------------


def test_the_moods_are_compared_once_each_side_has_five_days() -> None:
    days = [checkin(back, 4, "walk") for back in range(5)]
    days += [checkin(back, 2) for back in range(5, 10)]
    assert compare_self_care(days) == (SelfCareComparison("walk", 5, 5, 4.0, 2.0),)


@pytest.mark.parametrize(("with_walk", "without"), [(4, 9), (9, 4), (0, 9)])
def test_no_moods_below_five_days_on_either_side(with_walk: int, without: int) -> None:
    days = [checkin(back, 4, "walk", "music") for back in range(with_walk)]
    days += [checkin(with_walk + back, 2, "music") for back in range(without)]
    walk = [c for c in compare_self_care(days) if c.item == "walk"]
    if with_walk == 0:
        assert walk == []  # an item never listed is not named at all
    else:
        assert walk == [SelfCareComparison("walk", with_walk, without)]
        assert not walk[0].compared and walk[0].mood_with is None is walk[0].mood_without


def test_compared_items_come_first_then_by_days_listed() -> None:
    days = [checkin(back, 3, "rest", "walk") for back in range(6)]
    days += [checkin(back, 3, "rest", "music") for back in range(6, 11)]
    days += [checkin(back, 3) for back in range(11, 20)]
    order = [(c.item, c.compared) for c in compare_self_care(days)]
    assert order == [("rest", True), ("walk", True), ("music", True)]
    few = [checkin(0, 3, "swim", "rest"), *(checkin(back, 3, "rest") for back in range(1, 15))]
    few += [checkin(back, 3) for back in range(15, 20)]
    assert [(c.item, c.compared) for c in compare_self_care(few)] == [
        ("rest", True),
        ("swim", False),
    ]


def test_every_indicator_has_a_few_words() -> None:
    assert set(INDICATOR_NAMES) == set(INDICATOR_IDS)


def test_the_first_monday_of_the_weeks() -> None:
    assert first_monday(DAY, 1) == date(2026, 11, 16)
    assert first_monday(DAY, 4) == date(2026, 10, 26)
    assert first_monday(date(2026, 11, 22), 1) == date(2026, 11, 16)  # a Sunday
    with pytest.raises(ValueError):
        first_monday(DAY, 0)


# --- the journal -----------------------------------------------------------------------------


@pytest.fixture
def journal(vault_path: Path, recovery_key: str) -> Iterator[Journal]:
    vault = Vault.unlock(vault_path, PASSPHRASE, clock=clock)
    yield Journal(vault, clock)
    vault.close()


def log(journal: Journal, at: str, intensity: int) -> None:
    options = {"client": "M-17", "minutes": "30", "mode": "phone", "intensity": str(intensity)}
    journal.record("interaction", {**options, "at": at})


@pytest.fixture
def filled(journal: Journal) -> None:
    """Four weeks: check-ins in the last two (a walk on six days of this week and last),
    contacts in three, none before; the week of 26 October has nothing at all."""
    journal.add_client("M-17")
    for offset in range(12):  # Monday 9 November to Friday 20 November
        day = date(2026, 11, 9) + timedelta(days=offset)
        walk = ["walk"] if offset % 2 == 0 else []
        options = {"mood": "4" if walk else "2", "energy": "3", "stress": str(1 + offset % 5)}
        if offset < 7:
            options["sleep"] = "7"
        journal.checkin({**options, "self-care": walk}, day)
    log(journal, "2026-11-02T10:00", 5)
    log(journal, "2026-11-10T10:00", 3)
    log(journal, "2026-11-12T10:00", 4)
    log(journal, "2026-11-20T09:00", 2)
    log(journal, "2026-10-25T09:00", 5)  # the Sunday before the four weeks


def test_the_weeks_of_a_known_journal(journal: Journal, filled: None) -> None:
    insights = journal.insights(DAY, 4)
    weeks = insights.weeks
    assert [(w.first, w.last) for w in weeks] == [
        (date(2026, 10, 26), date(2026, 11, 1)),
        (date(2026, 11, 2), date(2026, 11, 8)),
        (date(2026, 11, 9), date(2026, 11, 15)),
        (date(2026, 11, 16), DAY),
    ]
    assert insights.first == date(2026, 10, 26) and insights.as_of == DAY
    assert [w.checkin_days for w in weeks] == [0, 0, 7, 5]
    assert weeks[0].mood is weeks[0].sleep is weeks[0].energy is None
    assert weeks[2].mood == pytest.approx((4 * 4 + 2 * 3) / 7)
    assert weeks[2].sleep == 7 and weeks[3].sleep is None  # no sleep given: unknown, not 0
    assert weeks[3].stress == pytest.approx((3 + 4 + 5 + 1 + 2) / 5)
    assert [w.contacts for w in weeks] == [0, 1, 2, 1]
    assert [w.intense for w in weeks] == [0, 1, 1, 0]  # intensity 4 or more, as set
    assert insights.intense_from == 4
    assert weeks[2].intensity == pytest.approx(3.5) and weeks[0].intensity is None
    assert [w.assessment for w in weeks] == journal.trend(DAY, 4)


def test_what_helps_over_the_same_weeks(journal: Journal, filled: None) -> None:
    walk = SelfCareComparison("walk", 6, 6, 4.0, 2.0)
    assert journal.insights(DAY, 4).what_helps == (walk,)
    assert journal.what_helps(DAY, 4) == (walk,)
    # This week alone: two days with a walk, three without; too few to compare.
    assert journal.what_helps(DAY, 1) == (SelfCareComparison("walk", 2, 3),)
    assert journal.insights(DAY, 1).what_helps == (SelfCareComparison("walk", 2, 3),)


def test_an_empty_journal_has_empty_weeks(journal: Journal) -> None:
    insights = journal.insights(DAY, 52)
    assert len(insights.weeks) == 52 and insights.what_helps == ()
    assert all(w.checkin_days == 0 and w.contacts == 0 for w in insights.weeks)
    assert {w.assessment.level for w in insights.weeks} == {"steady"}
