"""The caseload: each client's alias, status, last contact, contacts this month and next
follow-up, read in one pass; and a client's own page (their records and follow-ups)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from psp_journal.journal import CaseloadRow, Journal
from tests.journal_copies import open_journal


@pytest.fixture
def journal(vault_path: Path, recovery_key: str) -> Iterator[Journal]:
    with open_journal(vault_path) as opened:
        yield opened


def talk(journal: Journal, alias: str, at: str, follow_up: str = "") -> str:
    options = {"client": alias, "minutes": "20", "mode": "phone", "intensity": "2", "at": at}
    if follow_up:
        options["follow_up"] = follow_up
    return str(journal.record("interaction", options).record.id)


def test_each_client_has_one_row(journal: Journal) -> None:
    ids = {alias: journal.add_client(alias).record.id for alias in ("M-17", "K-42", "A-1", "Z-9")}
    talk(journal, "M-17", "2026-10-30T09:00", follow_up="2026-11-25")  # last month
    talk(journal, "M-17", "2026-11-02T09:00")
    talk(journal, "M-17", "2026-11-18T15:30", follow_up="2026-11-19")  # overdue: next
    talk(journal, "K-42", "2026-10-01T09:00", follow_up="2026-12-01")
    talk(journal, "A-1", "2026-11-20T08:00")
    journal.record(
        "boundary", {"kind": "gift", "felt": "2", "client": "Z-9", "at": "2026-11-19T10:00"}
    )  # a boundary event is no contact
    journal.close_client("K-42")

    rows = journal.caseload(date(2026, 11, 20))

    assert rows == [
        CaseloadRow(str(ids["A-1"]), "A-1", "active", datetime(2026, 11, 20, 8), 1, None),
        CaseloadRow(
            str(ids["M-17"]),
            "M-17",
            "active",
            datetime(2026, 11, 18, 15, 30),
            2,
            date(2026, 11, 19),
        ),
        CaseloadRow(str(ids["Z-9"]), "Z-9", "active", None, 0, None),
        CaseloadRow(
            str(ids["K-42"]), "K-42", "closed", datetime(2026, 10, 1, 9), 0, date(2026, 12, 1)
        ),
    ]


def test_the_caseload_as_of_an_earlier_day_ignores_what_came_after(journal: Journal) -> None:
    journal.add_client("M-17")
    talk(journal, "M-17", "2026-10-30T09:00")
    talk(journal, "M-17", "2026-11-02T09:00")
    [row] = journal.caseload(date(2026, 10, 31))
    assert (row.last_contact, row.contacts_this_month) == (datetime(2026, 10, 30, 9), 1)
    [row] = journal.caseload(date(2026, 11, 1))  # a new month: none yet
    assert (row.last_contact, row.contacts_this_month) == (datetime(2026, 10, 30, 9), 0)


def test_an_empty_journal_has_an_empty_caseload(journal: Journal) -> None:
    assert journal.caseload(date(2026, 11, 20)) == []


def test_a_renamed_client_keeps_their_history_in_the_caseload(journal: Journal) -> None:
    journal.add_client("Maria Lopez")
    talk(journal, "Maria Lopez", "2026-11-10T09:00", follow_up="2026-11-30")
    journal.rename_client("Maria Lopez", "M-17")
    [row] = journal.caseload(date(2026, 11, 20))
    assert (row.alias, row.contacts_this_month, row.next_follow_up) == (
        "M-17",
        1,
        date(2026, 11, 30),
    )


def test_a_clients_page_lists_their_records_newest_first_and_their_follow_ups(
    journal: Journal,
) -> None:
    journal.add_client("M-17")
    journal.add_client("K-42")
    first = talk(journal, "M-17", "2026-11-02T09:00", follow_up="2026-11-28")
    second = talk(journal, "M-17", "2026-11-10T09:00", follow_up="2026-11-21")
    talk(journal, "K-42", "2026-11-11T09:00", follow_up="2026-11-22")
    event = journal.record(
        "boundary", {"kind": "gift", "felt": "2", "client": "M-17", "at": "2026-11-12T10:00"}
    ).record.id
    assert [d["id"] for d in journal.records_about("M-17")] == [event, second, first]
    talk(journal, "M-17", "2026-11-13T09:00")  # no follow-up asked for
    assert [r.id for r in journal.followups("M-17")] == [second, first]
    assert journal.followups("M-17") == [r for r in journal.followups() if r.client == "M-17"]
    journal.followup_done(second)
    assert [r.id for r in journal.followups("M-17")] == [first]
    assert journal.caseload(date(2026, 11, 20))[1].next_follow_up == date(2026, 11, 28)
