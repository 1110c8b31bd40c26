"""Restoring a kept version: it becomes current, checked as an edit is, and the version it
replaces is kept in turn, so no version is ever silently discarded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from psp_journal.journal import Journal
from psp_journal.models import Client, Interaction, ValidationError
from tests.journal_copies import just_before_the_next_write, on_disk, open_journal


@pytest.fixture
def journal(vault_path: Path, recovery_key: str) -> Iterator[Journal]:
    with open_journal(vault_path) as opened:
        yield opened


def talk(journal: Journal, alias: str = "M-17", note: str = "first words") -> str:
    options = {
        "client": alias,
        "minutes": "30",
        "mode": "phone",
        "intensity": "3",
        "at": "2026-11-19T10:00",
        "note": note,
    }
    return str(journal.record("interaction", options).record.id)


def notes(journal: Journal, record_id: str) -> list[str]:
    return [str(revision.document["note"]) for revision in journal.revisions(record_id)]


def test_a_restored_version_is_current_and_the_replaced_one_is_kept(journal: Journal) -> None:
    journal.add_client("M-17")
    talked = talk(journal)
    journal.edit(talked, {"note": "second words"})
    journal.edit(talked, {"note": "third words", "intensity": "5"})
    assert notes(journal, talked) == ["first words", "second words"]

    saved = journal.restore_revision(talked, 1)

    record = journal.get(talked)
    assert saved.record == record
    assert isinstance(record, Interaction) and record.note == "first words"
    assert record.intensity == 3
    assert notes(journal, talked) == ["first words", "second words", "third words"]
    journal.restore_revision(talked, 3)  # and back again: nothing was lost
    assert journal.get(talked).note == "third words"  # type: ignore[union-attr]


def test_restoring_the_current_version_writes_nothing(journal: Journal, vault_path: Path) -> None:
    journal.add_client("M-17")
    talked = talk(journal)
    journal.edit(talked, {"note": "second words"})
    journal.edit(talked, {"note": "first words"})
    before = on_disk(vault_path)
    assert journal.restore_revision(talked, 1).record == journal.get(talked)
    assert on_disk(vault_path) == before


def test_a_deleted_entry_comes_back(journal: Journal) -> None:
    journal.add_client("M-17")
    talked = talk(journal)
    journal.delete(talked)
    journal.restore_revision(talked, 1)
    assert journal.get(talked).note == "first words"  # type: ignore[union-attr]
    assert [r.reason for r in journal.revisions(talked)] == ["delete"]


def test_a_deleted_check_in_comes_back_to_its_day(journal: Journal) -> None:
    scales = {"mood": "2", "energy": "3", "stress": "4"}
    checked = str(journal.checkin(scales).record.id)
    journal.delete(checked)
    journal.restore_revision(checked, 1)
    again = journal.checkin({"sleep": "7"}).record  # the day's check-in is the restored one
    assert again.id == checked and again.mood == 2 and again.sleep == 7


def test_a_version_about_a_renamed_client_follows_them(journal: Journal) -> None:
    journal.add_client("Maria Lopez")
    talked = talk(journal, "Maria Lopez")
    journal.edit(talked, {"note": "second words"})
    journal.rename_client("Maria Lopez", "M-17")
    journal.restore_revision(talked, 1)
    record = journal.get(talked)
    assert isinstance(record, Interaction)
    assert (record.client, record.note) == ("M-17", "first words")
    assert [d["id"] for d in journal.records_about("M-17")] == [talked]


def test_restoring_a_clients_earlier_alias_renames_them_back(journal: Journal) -> None:
    client_id = str(journal.add_client("M-17").record.id)
    talked = talk(journal)
    journal.rename_client("M-17", "K-42")
    journal.restore_revision(client_id, 1)
    client = journal.get(client_id)
    assert isinstance(client, Client) and client.alias == "M-17"
    assert journal.get(talked).client == "M-17"  # type: ignore[union-attr]
    assert journal.client("M-17").id == client_id


@pytest.mark.parametrize(
    ("number", "field", "words"),
    [(0, "revision", "versions are 1 to 2"), (3, "revision", "no kept version 3")],
)
def test_a_missing_version_is_refused_by_name(
    journal: Journal, vault_path: Path, number: int, field: str, words: str
) -> None:
    journal.add_client("M-17")
    talked = talk(journal)
    journal.edit(talked, {"note": "second words"})
    journal.edit(talked, {"note": "third words"})
    before = on_disk(vault_path)
    with pytest.raises(ValidationError) as refused:
        journal.restore_revision(talked, number)
    assert refused.value.field == field and words in refused.value.message
    assert on_disk(vault_path) == before


def test_a_record_with_no_versions_is_refused(journal: Journal, vault_path: Path) -> None:
    journal.add_client("M-17")
    talked = talk(journal)
    before = on_disk(vault_path)
    for record_id in (talked, "nosuchid", "_index:aliases", "settings"):
        with pytest.raises(ValidationError) as refused:
            journal.restore_revision(record_id, 1)
        assert refused.value.field == "revision"
    assert on_disk(vault_path) == before


def test_a_version_whose_day_has_another_check_in_is_refused(
    journal: Journal, vault_path: Path
) -> None:
    scales = {"mood": "2", "energy": "3", "stress": "4"}
    moved = str(journal.checkin(scales, day=journal.today().replace(day=18)).record.id)
    journal.edit(moved, {"date": "2026-11-17"})
    journal.checkin(scales, day=journal.today().replace(day=18))  # the 18th is taken again
    before = on_disk(vault_path)
    with pytest.raises(ValidationError) as refused:
        journal.restore_revision(moved, 1)
    assert refused.value.field == "date" and "2026-11-18" in refused.value.message
    assert on_disk(vault_path) == before


def test_a_client_alias_another_client_has_now_is_refused(
    journal: Journal, vault_path: Path
) -> None:
    """Journals renamed before earlier aliases stayed taken may have given one away."""
    client_id = str(journal.add_client("M-17").record.id)
    journal.rename_client("M-17", "M-18")
    index = journal._index("_index:aliases")
    del index["m-17"]  # as a rename by an earlier version left it
    journal.vault.write(replace={"_index:aliases": journal._index_document(index)})
    journal.add_client("m-17")
    before = on_disk(vault_path)
    with pytest.raises(ValidationError) as refused:
        journal.restore_revision(client_id, 1)
    assert refused.value.field == "alias" and "already used" in refused.value.message
    assert on_disk(vault_path) == before


def test_a_restore_is_decided_under_the_write_lock(journal: Journal, vault_path: Path) -> None:
    """An edit another running copy made after this one last read is kept as a version,
    not overwritten unseen."""
    journal.add_client("M-17")
    talked = talk(journal)
    journal.edit(talked, {"note": "second words"})
    assert len(journal.revisions(talked)) == 1
    with open_journal(vault_path) as other:
        other.edit(talked, {"note": "the other copy's words"})

    journal.restore_revision(talked, 1)

    assert journal.get(talked).note == "first words"  # type: ignore[union-attr]
    assert notes(journal, talked) == ["first words", "second words", "the other copy's words"]


def test_a_check_in_saved_for_the_day_at_the_last_moment_refuses_the_restore(
    journal: Journal, vault_path: Path
) -> None:
    """The day's index is read inside the write transaction: a check-in another copy
    saved for that day just before it is found, and the day keeps one check-in."""
    scales = {"mood": "2", "energy": "3", "stress": "4"}
    checked = str(journal.checkin(scales).record.id)
    journal.delete(checked)
    just_before_the_next_write(journal, vault_path, lambda other: other.checkin(scales))
    with pytest.raises(ValidationError) as refused:
        journal.restore_revision(checked, 1)
    assert refused.value.field == "date"
    with open_journal(vault_path) as fresh:
        assert len(fresh.documents_of_type("checkin")) == 1
        assert fresh.vault.get(checked) is None
