"""`Journal.dashboard`: everything the dashboard shows, from one call, on a small journal
built by hand with a fixed as-of moment (Friday 20 November 2026), so every number is known."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from psp_journal.dashboard_data import SERIES_DAYS, WeekLoad
from psp_journal.journal import Journal
from psp_journal.vault import Vault
from tests.conftest import PASSPHRASE

AS_OF = datetime(2026, 11, 20, 17, 30)
DAY = AS_OF.date()


def clock() -> datetime:
    return AS_OF


@pytest.fixture
def journal(vault_path: Path, recovery_key: str) -> Iterator[Journal]:
    vault = Vault.unlock(vault_path, PASSPHRASE, clock=clock)
    yield Journal(vault, clock)
    vault.close()


def log(journal: Journal, client: str, at: str, intensity: int, **options: str) -> str:
    base = {"client": client, "minutes": "30", "mode": "phone", "intensity": str(intensity)}
    return str(journal.record("interaction", {**base, "at": at, **options}).record.id)


def boundary(journal: Journal, at: str, **options: str) -> str:
    return str(
        journal.record("boundary", {"kind": "gift", "felt": "2", "at": at, **options}).record.id
    )


@pytest.fixture
def filled(journal: Journal) -> dict[str, str]:
    """Two clients, a week of contacts around a Monday, check-ins with gaps, boundary
    events around the 14-day edge, supervision and items marked to discuss."""
    journal.add_client("M-17")
    journal.add_client("K-42")
    log(journal, "M-17", "2026-11-15T10:00", 5, close_to_home="yes")  # Sunday: last week
    log(journal, "M-17", "2026-11-16T09:00", 4, close_to_home="yes", follow_up="2026-11-18")
    log(journal, "K-42", "2026-11-18T14:00", 2, follow_up="2026-11-20")
    done = log(journal, "K-42", "2026-11-19T08:00", 1, follow_up="2026-11-10")
    journal.followup_done(done)
    newest = log(journal, "M-17", "2026-11-20T11:00", 5, follow_up="2026-11-25", discuss="yes")
    journal.checkin({"mood": "1", "energy": "3", "stress": "5"}, date(2026, 10, 21))
    journal.checkin({"mood": "3", "energy": "3", "stress": "3", "sleep": "6"}, date(2026, 10, 22))
    journal.checkin({"mood": "2", "energy": "2", "stress": "4"}, date(2026, 11, 18))
    today = journal.checkin({"mood": "4", "energy": "4", "stress": "2", "sleep": "7.5"})
    ids = {"today": str(today.record.id), "newest": newest}
    for day in (6, 7, 10, 12, 14, 17, 19):
        ids[f"boundary {day}"] = boundary(journal, f"2026-11-{day:02}T09:00")
    ids["discussed boundary"] = ids["boundary 10"]
    journal.edit(ids["boundary 10"], {"discuss": "yes"})
    journal.record("support", {"kind": "supervision", "at": "2026-10-01T10:00"})
    journal.record("support", {"kind": "supervision", "at": "2026-11-05T10:00"})
    journal.record("support", {"kind": "team-debrief", "at": "2026-11-12T10:00"})
    for day in (4, 6):
        saved = journal.record(
            "reflection", {"text": "to bring", "discuss": "yes", "at": f"2026-11-{day:02}T20:00"}
        )
        ids[f"reflection {day}"] = str(saved.record.id)
    return ids


def test_every_value_on_a_known_journal(journal: Journal, filled: dict[str, str]) -> None:
    board = journal.dashboard(AS_OF)
    assert board.as_of == AS_OF
    assert board.checkin is not None and board.checkin.id == filled["today"]
    assert board.assessment == journal.assess(DAY)
    assert len(board.mood) == len(board.stress) == len(board.sleep) == SERIES_DAYS
    # 22 October is the first of the 30 days; 21 October is one too early.
    assert board.mood == (3,) + (None,) * 26 + (2, None, 4)
    assert board.stress == (3,) + (None,) * 26 + (4, None, 2)
    assert board.sleep == (6.0,) + (None,) * 28 + (7.5,)
    # Monday 16 to Friday 20: four contacts, two of intensity 4 or more, one close to home.
    assert board.week == WeekLoad(contacts=4, intense=2, close_to_home=1)
    assert board.followups_due == 2  # the 18th and today; not the 25th, not the one done
    assert [b.id for b in board.boundaries] == [
        filled[f"boundary {day}"] for day in (19, 17, 14, 12, 10)
    ]
    assert board.days_since_supervision == 15
    assert board.supervision_items_from == date(2026, 11, 5)
    assert [item["id"] for item in board.supervision_items] == [
        filled["reflection 6"],
        filled["discussed boundary"],
        filled["newest"],
    ]
    assert board.last_client == "M-17"


def test_an_empty_journal(journal: Journal) -> None:
    board = journal.dashboard(AS_OF)
    assert board.checkin is None
    assert board.mood == board.stress == board.sleep == (None,) * SERIES_DAYS
    assert board.week == WeekLoad(0, 0, 0)
    assert board.followups_due == 0
    assert board.boundaries == ()
    assert board.supervision_items == ()
    assert board.supervision_items_from == DAY - timedelta(days=29)
    assert board.days_since_supervision is None
    assert board.last_client is None
    assert board.assessment == journal.assess(DAY)


def test_as_of_an_earlier_day_sees_nothing_after_it(
    journal: Journal, filled: dict[str, str]
) -> None:
    board = journal.dashboard(datetime(2026, 11, 18, 20, 0))
    assert board.checkin is not None and board.checkin.mood == 2
    assert board.mood[-1] == 2
    assert board.week == WeekLoad(contacts=2, intense=1, close_to_home=1)
    assert board.followups_due == 1
    assert [b.id for b in board.boundaries][0] == filled["boundary 17"]
    assert board.last_client == "K-42"


def test_intense_follows_the_persons_own_threshold(
    journal: Journal, filled: dict[str, str]
) -> None:
    journal.set_setting("thresholds.intensity-load.intensity", "5")
    assert journal.dashboard(AS_OF).week == WeekLoad(contacts=4, intense=1, close_to_home=1)


def test_a_closed_client_is_not_offered_for_the_next_log(
    journal: Journal, filled: dict[str, str]
) -> None:
    journal.close_client("M-17")
    assert journal.dashboard(AS_OF).last_client is None


def test_supervision_today_empties_the_list_of_what_came_before(
    journal: Journal, filled: dict[str, str]
) -> None:
    journal.record("support", {"kind": "supervision", "at": "2026-11-20T16:00"})
    board = journal.dashboard(AS_OF)
    assert board.days_since_supervision == 0
    assert board.supervision_items_from == DAY
    assert [item["id"] for item in board.supervision_items] == [filled["newest"]]


def test_followups_are_read_off_the_index_soonest_first(
    journal: Journal, filled: dict[str, str]
) -> None:
    assert [str(r.follow_up) for r in journal.followups()] == [
        "2026-11-18",
        "2026-11-20",
        "2026-11-25",
    ]
