"""A long journal read a page at a time: the pages together are the whole list, in the
list's order, each starting just after the last entry of the one before; the command
line's `list` (one page, no cursor) is unchanged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from psp_journal.journal import Journal
from psp_journal.models import (
    Checkin,
    EntryCursor,
    EntryQuery,
    Record,
    ValidationError,
    parse_entry_query,
)
from tests.journal_copies import open_journal


@pytest.fixture
def journal(vault_path: Path, recovery_key: str) -> Iterator[Journal]:
    with open_journal(vault_path) as opened:
        seed(opened)
        yield opened


def seed(journal: Journal) -> None:
    """Every kind of entry over ten days, several at the same minute (ties break by id)."""
    journal.add_client("M-17")
    documents: list[dict[str, object]] = []
    for day in range(10):
        on = date(2026, 11, 10 + day).isoformat()
        documents.append({"type": "checkin", "date": on, "mood": 3, "energy": 3, "stress": 2})
        talk = {"type": "interaction", "client": "M-17", "at": f"{on}T09:00", "minutes": 10}
        talk |= {"mode": "phone", "intensity": 2, "discuss": day % 2 == 0}
        documents += [talk] * 3  # three at the very same minute
        documents.append({"type": "reflection", "at": f"{on}T21:00", "text": f"day {day}"})
        documents.append({"type": "support", "at": f"{on}T12:00", "kind": "peer-consult"})
    journal.import_documents(json.dumps(document) for document in documents)


def pages(journal: Journal, query: EntryQuery) -> list[list[Record]]:
    found: list[list[Record]] = []
    while True:
        page = journal.list_entries(query)
        if not page:
            return found
        found.append(page)
        query = replace(query, after=EntryCursor.after(page[-1]))


@pytest.mark.parametrize(
    "query",
    [
        EntryQuery(limit=7),
        EntryQuery(limit=1),
        EntryQuery(limit=7, kinds=("interaction", "checkin")),
        EntryQuery(limit=4, discuss=True),
        EntryQuery(limit=5, client="m-17", first=date(2026, 11, 12), last=date(2026, 11, 15)),
    ],
)
def test_the_pages_together_are_the_whole_list(journal: Journal, query: EntryQuery) -> None:
    whole = journal.list_entries(replace(query, limit=100_000))
    paged = pages(journal, query)
    assert [record for page in paged for record in page] == whole
    assert all(len(page) == query.limit for page in paged[:-1])
    assert journal.count_entries(query) == len(whole)


def test_the_first_page_is_what_the_command_line_lists(journal: Journal) -> None:
    query = parse_entry_query(today=journal.today(), limit="10")
    assert query.after is None
    assert journal.list_entries(query) == pages(journal, query)[0]
    assert journal.count_entries(query) == 60


def test_a_check_in_sorts_after_every_time_of_its_day(journal: Journal) -> None:
    page = journal.list_entries(EntryQuery(limit=6))
    assert [type(record).__name__ for record in page] == [
        "Reflection", "Support", "Interaction", "Interaction", "Interaction", "Checkin",
    ]  # fmt: skip
    assert isinstance(page[-1], Checkin)
    assert EntryCursor.after(page[-1]) == EntryCursor("2026-11-19", str(page[-1].id))


def test_an_entry_saved_between_pages_neither_repeats_nor_hides_one(journal: Journal) -> None:
    first = journal.list_entries(EntryQuery(limit=5))
    journal.record("reflection", {"text": "newest", "at": "2026-11-20T08:00"})
    journal.record("reflection", {"text": "older", "at": "2026-11-01T08:00"})
    rest = [
        r
        for page in pages(journal, EntryQuery(limit=5, after=EntryCursor.after(first[-1])))
        for r in page
    ]
    assert not {r.id for r in first} & {r.id for r in rest}
    assert len(first) + len(rest) == 61  # the older one is found on its page; the newer is above


@pytest.mark.parametrize(
    ("moment", "record_id"),
    [("yesterday", "abc"), ("2026-11-02 14:00", "abc"), ("2026-11-02", "")],
)
def test_a_cursor_that_is_no_entry_is_refused_by_name(moment: str, record_id: str) -> None:
    with pytest.raises(ValidationError) as refused:
        EntryCursor(moment, record_id)
    assert refused.value.field == "after"


def test_a_cursor_needs_a_saved_entry(journal: Journal) -> None:
    unsaved = replace(journal.list_entries(EntryQuery(limit=1))[0], id=None)
    with pytest.raises(ValidationError) as refused:
        EntryCursor.after(unsaved)
    assert refused.value.field == "after"
    with pytest.raises(ValidationError) as refused:
        EntryCursor.after(journal.client("M-17"))
    assert refused.value.field == "after"


def test_paging_an_unknown_client_is_refused_by_name(journal: Journal) -> None:
    with pytest.raises(ValidationError) as refused:
        journal.count_entries(EntryQuery(client="Z-9"))
    assert refused.value.field == "--client"
