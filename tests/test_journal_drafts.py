"""Drafts: an open form kept, encrypted and without history, while the app is locked, and
offered back after unlock; never an entry, and erased with what an erase takes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from psp_journal.journal import Journal
from psp_journal.models import (
    DRAFT_VALUE_MAX_CHARS,
    MAX_DRAFT_FIELDS,
    EntryQuery,
    ValidationError,
)
from psp_journal.vault import Vault
from psp_journal.vault.snapshot import snapshot_seq
from tests.conftest import PASSPHRASE, files_under

MARKER = "draftmarker-7f3a"
START = datetime(2026, 11, 20, 17, 30)


class Clock:
    """A hand-moved clock, so a draft's age can be tested without real time."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def journal(vault_path: Path, recovery_key: str, clock: Clock) -> Iterator[Journal]:
    vault = Vault.unlock(vault_path, PASSPHRASE, clock=clock)
    yield Journal(vault, clock)
    vault.close()


def interaction_draft(note: str = f"she said {MARKER}") -> dict[str, str]:
    return {"client": "M-17", "minutes": "4", "note": note}


def test_a_draft_comes_back_as_saved(journal: Journal) -> None:
    assert journal.drafts() == {}
    journal.save_draft("interaction", interaction_draft())
    journal.save_draft("reflection", {"text": "half a thought"})
    assert journal.drafts() == {
        "interaction": interaction_draft(),
        "reflection": {"text": "half a thought"},
    }


def test_saving_again_overwrites_and_keeps_no_earlier_version(journal: Journal) -> None:
    journal.save_draft("interaction", interaction_draft("first"))
    blobs = journal.vault.record_count()
    journal.save_draft("interaction", interaction_draft("second"))
    assert journal.drafts() == {"interaction": interaction_draft("second")}
    assert journal.vault.revisions("_draft:interaction") == []
    assert journal.vault.record_count() == blobs


def test_discarding_removes_only_that_form(journal: Journal) -> None:
    blobs = journal.vault.record_count()
    journal.save_draft("interaction", interaction_draft())
    journal.save_draft("checkin", {"mood": "3"})
    journal.discard_draft("interaction")
    journal.discard_draft("support")  # none kept: nothing to do
    assert journal.drafts() == {"checkin": {"mood": "3"}}
    journal.discard_draft("checkin")
    assert journal.drafts() == {}
    assert journal.vault.record_count() == blobs
    assert journal.vault.revisions("_draft:interaction") == []


def test_discarding_is_no_erase_so_a_save_stays_fast(journal: Journal, vault_path: Path) -> None:
    """An erase rewrites the snapshot (a quarter of a second at 50,000 records); the app
    discards a draft on every save of a form that had one."""
    journal.save_draft("interaction", interaction_draft())
    journal.vault.save_snapshot()
    written = snapshot_seq(vault_path)
    journal.discard_draft("interaction")
    assert snapshot_seq(vault_path) == written
    assert journal.drafts() == {}


def test_a_draft_survives_closing_and_unlocking(
    vault_path: Path, recovery_key: str, clock: Clock
) -> None:
    with Vault.unlock(vault_path, PASSPHRASE, clock=clock) as vault:
        Journal(vault, clock).save_draft("boundary", {"kind": "gift", "note": MARKER})
    with Vault.unlock(vault_path, PASSPHRASE, clock=clock) as vault:
        assert Journal(vault, clock).drafts() == {"boundary": {"kind": "gift", "note": MARKER}}


def test_a_draft_is_never_an_entry(journal: Journal) -> None:
    journal.add_client("M-17")
    journal.save_draft("interaction", interaction_draft())
    assert MARKER not in "".join(json.dumps(d) for d in journal.dump_documents())
    assert journal.list_entries(EntryQuery(limit=100)) == []
    assert journal.search_entries(MARKER, EntryQuery(limit=100)) == []
    assert journal.supervision_items(date(2000, 1, 1), START.date()) == []
    with pytest.raises(ValidationError):
        journal.get("_draft:interaction")
    assert journal.vault.search(f'"{MARKER}"') != []  # it is there: the filters keep it out


def test_no_draft_text_on_disk(journal: Journal, home: Path) -> None:
    journal.save_draft("reflection", {"text": f"words {MARKER} more words"})
    journal.vault.save_snapshot()
    journal.save_draft("reflection", {"text": f"changed {MARKER}"})
    files = files_under(home)
    assert files
    for path in files:
        assert MARKER.encode() not in path.read_bytes(), path
    assert journal.drafts() == {"reflection": {"text": f"changed {MARKER}"}}


def test_deleting_a_client_erases_every_draft(journal: Journal) -> None:
    journal.add_client("M-17")
    journal.save_draft("interaction", interaction_draft())
    journal.save_draft("reflection", {"text": "about M-17, in passing"})
    journal.delete_client("M-17")
    assert journal.drafts() == {}


def test_a_purge_erases_drafts_saved_before_its_cutoff(journal: Journal, clock: Clock) -> None:
    journal.save_draft("interaction", interaction_draft())
    clock.now = START + timedelta(days=2)
    journal.save_draft("reflection", {"text": "newer"})
    purged = journal.purge_before(START.date() + timedelta(days=1))
    assert journal.drafts() == {"reflection": {"text": "newer"}}
    assert purged.total == 0  # a draft was never an entry: not counted
    journal.purge_before(clock.now.date() + timedelta(days=1))
    assert journal.drafts() == {}


def test_retention_keeps_a_recent_draft_and_erases_an_old_one(
    journal: Journal, clock: Clock
) -> None:
    journal.set_setting("retention-days", "30")
    journal.save_draft("support", {"kind": "supervision"})
    clock.now = START + timedelta(days=1)
    journal.apply_retention()  # the app on unlock, the day after it locked
    assert journal.drafts() == {"support": {"kind": "supervision"}}
    clock.now = START + timedelta(days=31)
    journal.apply_retention()
    assert journal.drafts() == {}


def test_only_the_forms_field_names_and_sizes_the_app_has(journal: Journal) -> None:
    with pytest.raises(ValueError, match="no form 'client'"):
        journal.save_draft("client", {"alias": "M-17"})
    with pytest.raises(ValueError, match="no form"):
        journal.discard_draft("settings")
    with pytest.raises(ValueError, match="not a form field name"):
        journal.save_draft("checkin", {"Mood!": "3"})
    with pytest.raises(ValueError, match="must be text"):
        journal.save_draft("checkin", {"mood": 3})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="at most"):
        journal.save_draft("checkin", {f"f{n}": "" for n in range(MAX_DRAFT_FIELDS + 1)})
    with pytest.raises(ValidationError) as refused:
        journal.save_draft("reflection", {"text": "x" * (DRAFT_VALUE_MAX_CHARS + 1)})
    assert refused.value.field == "text"
    assert "1,000,000" in refused.value.message
    assert journal.drafts() == {}
    journal.save_draft("reflection", {"text": "x" * DRAFT_VALUE_MAX_CHARS})
    assert len(journal.drafts()["reflection"]["text"]) == DRAFT_VALUE_MAX_CHARS
