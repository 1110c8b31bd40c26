"""Renaming a client: the alias checked like a new client's, every record about them
following in one transaction, the old alias kept out of sight and never given to another."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from psp_journal.journal import Journal
from psp_journal.models import Interaction, ValidationError
from tests.journal_copies import on_disk, open_journal


@pytest.fixture
def journal(vault_path: Path, recovery_key: str) -> Iterator[Journal]:
    with open_journal(vault_path) as opened:
        yield opened


def talk(journal: Journal, alias: str, at: str = "2026-11-19T10:00", **more: str) -> str:
    options = {"client": alias, "minutes": "30", "mode": "phone", "intensity": "3", "at": at}
    saved = journal.record("interaction", {**options, **more})
    return str(saved.record.id)


def test_a_rename_moves_the_client_and_every_record_about_them(journal: Journal) -> None:
    client = journal.add_client("Maria Lopez").record
    other = journal.add_client("K-1").record
    talks = [talk(journal, "Maria Lopez"), talk(journal, "maria lopez", "2026-11-18T09:00")]
    event = journal.record(
        "boundary",
        {"kind": "after-hours", "felt": "3", "client": "Maria Lopez", "at": "2026-11-19T22:00"},
    ).record.id
    theirs = talk(journal, "K-1")

    saved = journal.rename_client("maria lopez", "M-17")

    assert saved.record.alias == "M-17" and saved.record.id == client.id
    assert saved.notice is None  # a code, not a name: no warning
    assert journal.client("M-17").id == client.id
    about = {document["id"] for document in journal.records_about("M-17")}
    assert about == {*talks, event}
    assert journal.records_about("Maria Lopez") == []
    assert journal.get(theirs).client == "K-1"  # type: ignore[union-attr]
    assert journal.client("K-1").id == other.id


def test_the_old_alias_is_out_of_sight_but_stays_taken(journal: Journal) -> None:
    client_id = journal.add_client("Maria Lopez").record.id
    talked = talk(journal, "Maria Lopez")
    journal.rename_client("Maria Lopez", "M-17")

    # The record about them keeps no version under the old name; the client's own record
    # does (that is how deleting them finds every version that ever named them).
    assert journal.revisions(talked) == []
    assert [r.document["alias"] for r in journal.revisions(str(client_id))] == ["Maria Lopez"]
    assert [c.alias for c in journal.clients()] == ["M-17"]
    with pytest.raises(ValidationError) as looked_up:
        journal.client("maria lopez")
    assert looked_up.value.field == "ALIAS" and "renamed" in looked_up.value.message
    with pytest.raises(ValidationError) as added:
        journal.add_client("MARIA LOPEZ")
    assert added.value.field == "ALIAS" and "already used" in added.value.message


def test_a_name_like_new_alias_is_saved_with_a_gentle_word(journal: Journal) -> None:
    journal.add_client("M-17")
    saved = journal.rename_client("M-17", "Anna Berg")
    assert saved.record.alias == "Anna Berg"
    assert saved.notice is not None and "real name" in saved.notice


def test_a_client_may_take_back_an_alias_they_had(journal: Journal) -> None:
    journal.add_client("M-17")
    journal.rename_client("M-17", "K-42")
    assert journal.rename_client("K-42", "m-17").record.alias == "m-17"
    assert journal.rename_client("m-17", "M-17").record.alias == "M-17"  # only the case


def test_a_closed_client_can_be_renamed(journal: Journal) -> None:
    journal.add_client("Maria Lopez")
    talk(journal, "Maria Lopez")
    journal.close_client("Maria Lopez")
    renamed = journal.rename_client("Maria Lopez", "C-3").record
    assert renamed.status == "closed"
    assert [d["client"] for d in journal.records_about("C-3")] == ["C-3"]


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("M-17", "K-1", "new_alias", "already used"),  # another active client's
        ("M-17", "k-1", "new_alias", "already used"),  # the same, in another case
        ("M-17", "C-9", "new_alias", "already used"),  # a closed client keeps theirs
        ("M-17", "R-5", "new_alias", "already used"),  # another client's former alias
        ("M-17", "M-17", "new_alias", "already this client's alias"),
        ("M-17", "  ", "new_alias", "can't be empty"),
        ("M-17", "x" * 41, "new_alias", "1 to 40"),
        ("M-17", "two\nlines", "new_alias", "one line"),
        ("Z-0", "Z-1", "old_alias", "no client"),
    ],
)
def test_a_refused_rename_names_the_field_and_writes_nothing(
    journal: Journal, vault_path: Path, old: str, new: str, field: str, words: str
) -> None:
    for alias in ("M-17", "K-1", "C-9", "R-4"):
        journal.add_client(alias)
    talk(journal, "M-17")
    journal.close_client("C-9")
    journal.rename_client("R-4", "R-5")
    journal.rename_client("R-5", "R-6")
    before = on_disk(vault_path)

    with pytest.raises(ValidationError) as refused:
        journal.rename_client(old, new)

    assert refused.value.field == field and words in refused.value.message
    assert on_disk(vault_path) == before


def test_a_rename_by_edit_follows_the_same_rules(journal: Journal) -> None:
    """`edit ID --alias` renames too: same index, same records following, same refusals."""
    client_id = str(journal.add_client("M-17").record.id)
    journal.add_client("K-1")
    talked = talk(journal, "M-17")
    journal.edit(client_id, {"alias": "M-18"})
    assert journal.get(talked).client == "M-18"  # type: ignore[union-attr]
    assert journal.revisions(talked) == []
    with pytest.raises(ValidationError) as refused:
        journal.edit(client_id, {"alias": "k-1"})
    assert refused.value.field == "--alias"
    with pytest.raises(ValidationError):
        journal.add_client("m-17")


def test_deleting_a_renamed_client_frees_every_alias_they_had(journal: Journal) -> None:
    """An erase leaves nothing of them, not even their aliases in the index."""
    journal.add_client("M-17")
    talk(journal, "M-17")
    journal.rename_client("M-17", "K-42")
    assert journal.delete_client("K-42") == 1
    assert journal.records_of_type("interaction") == []
    assert journal._index("_index:aliases") == {}
    assert journal.add_client("M-17").record.alias == "M-17"


def test_an_import_naming_a_former_alias_files_the_record_under_the_alias_now(
    journal: Journal,
) -> None:
    journal.add_client("M-17")
    journal.rename_client("M-17", "K-42")
    line = (
        '{"type": "interaction", "client": "M-17", "at": "2026-11-19T10:00", "minutes": 5, '
        '"mode": "phone", "intensity": 2}'
    )
    assert journal.import_documents([line]) == 1
    assert [d["client"] for d in journal.records_about("K-42")] == ["K-42"]
    with pytest.raises(ValidationError) as refused:
        journal.import_documents(['{"type": "client", "alias": "m-17"}'])
    assert refused.value.field == "line 1: alias"


def test_a_rename_is_decided_under_the_write_lock(journal: Journal, vault_path: Path) -> None:
    """A record another running copy logged after this one last read is renamed too:
    the rename reads the records about the client inside the write transaction."""
    journal.add_client("M-17")
    journal.add_client("K-1")
    assert journal.records_about("M-17") == []  # this copy has read the journal
    with open_journal(vault_path) as other:
        logged = talk(other, "M-17")
        other.rename_client("K-1", "K-2")

    journal.rename_client("M-17", "M-18")
    with pytest.raises(ValidationError):
        journal.rename_client("M-18", "K-1")  # taken meanwhile by the other copy's rename

    with open_journal(vault_path) as fresh:
        record = fresh.get(logged)
        assert isinstance(record, Interaction) and record.client == "M-18"
        assert [c.alias for c in fresh.clients()] == ["K-2", "M-18"]


def test_a_draft_for_the_client_follows_the_rename(journal: Journal) -> None:
    journal.add_client("Maria Lopez")
    journal.save_draft("interaction", {"client": " maria lopez ", "note": "half a thought"})
    journal.save_draft("boundary", {"client": "K-1"})
    journal.rename_client("Maria Lopez", "M-17")
    assert journal.drafts() == {
        "interaction": {"client": "M-17", "note": "half a thought"},
        "boundary": {"client": "K-1"},
    }
