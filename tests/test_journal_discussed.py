""" "Discussed" marks: an item talked through in supervision leaves the supervision list
(and so the dashboard's and the export's), can be taken back, dumps and imports, and goes
with an erase of its item."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from psp_journal.export.summary import build_summary
from psp_journal.journal import Journal
from psp_journal.models import BRING_TO_SUPERVISION, DISMISS, DiscussedMark, ValidationError
from psp_journal.portability import check_import_line
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, FIXED_NOW, PASSPHRASE, fixed_clock
from tests.journal_copies import just_before_the_next_write, on_disk, open_journal

FIRST, LAST = date(2026, 11, 1), date(2026, 11, 20)


@pytest.fixture
def journal(vault_path: Path, recovery_key: str) -> Iterator[Journal]:
    with open_journal(vault_path) as opened:
        yield opened


def seed(journal: Journal) -> dict[str, str]:
    """One item of each kind a supervision list holds, and a few it does not."""
    journal.add_client("M-17")
    ids = {}

    def record(name: str, record_type: str, **options: str) -> None:
        ids[name] = str(journal.record(record_type, options).record.id)

    record("talk", "interaction", client="M-17", minutes="30", mode="phone", intensity="4",
           at="2026-11-18T10:00", discuss="yes")  # fmt: skip
    record("boundary", "boundary", kind="gift", felt="3", at="2026-11-18T12:00", discuss="yes")
    record("reflection", "reflection", text="A hard week", at="2026-11-19T21:00", discuss="yes")
    record("plain talk", "interaction", client="M-17", minutes="10", mode="phone",
           intensity="2", at="2026-11-19T10:00")  # fmt: skip
    assessment = journal.assess(journal.today())
    ids["prompt"] = str(journal.record_prompt_event(BRING_TO_SUPERVISION, assessment).id)
    ids["dismissed"] = str(journal.record_prompt_event(DISMISS, assessment).id)
    ids["checkin"] = str(journal.checkin({"mood": "3", "energy": "3", "stress": "3"}).record.id)
    return ids


def listed(journal: Journal, **options: bool) -> list[str]:
    return [document["id"] for document in journal.supervision_items(FIRST, LAST, **options)]


def test_a_discussed_item_leaves_the_supervision_list(journal: Journal) -> None:
    ids = seed(journal)
    every = [ids["talk"], ids["boundary"], ids["reflection"], ids["prompt"]]
    assert listed(journal) == every

    for name in ("talk", "prompt"):
        journal.mark_discussed(ids[name])

    assert listed(journal) == [ids["boundary"], ids["reflection"]]
    assert listed(journal, include_discussed=True) == every
    assert sorted(journal.discussed_marks(), key=lambda mark: mark.item) == sorted(
        [DiscussedMark(ids["talk"], FIXED_NOW), DiscussedMark(ids["prompt"], FIXED_NOW)],
        key=lambda mark: mark.item,
    )
    dashboard = journal.dashboard(FIXED_NOW)
    assert [d["id"] for d in dashboard.supervision_items] == [ids["boundary"], ids["reflection"]]
    summary = build_summary(journal.summary_inputs(FIRST, LAST), (FIRST, LAST))
    kinds = [item["kind"] for item in summary["supervision-items"]["items"]]
    assert kinds == ["boundary", "reflection"]


def test_a_mark_can_be_taken_back(journal: Journal) -> None:
    ids = seed(journal)
    journal.mark_discussed(ids["boundary"])
    journal.mark_discussed(ids["boundary"], discussed=False)
    assert ids["boundary"] in listed(journal)
    assert journal.discussed_marks() == []


def test_marking_twice_or_unmarking_twice_writes_nothing(
    journal: Journal, vault_path: Path
) -> None:
    ids = seed(journal)
    journal.mark_discussed(ids["talk"])
    before = on_disk(vault_path)
    journal.mark_discussed(ids["talk"])
    journal.mark_discussed(ids["boundary"], discussed=False)
    assert on_disk(vault_path) == before


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("plain talk", "not marked to discuss"),
        ("checkin", "no entry"),
        ("dismissed", "not brought to supervision"),
        (None, "no entry"),
    ],
)
def test_only_a_supervision_item_can_be_marked(
    journal: Journal, vault_path: Path, name: str | None, words: str
) -> None:
    ids = seed(journal)
    before = on_disk(vault_path)
    for item in [ids[name]] if name else ["nosuchid", "", "_index:aliases", "settings"]:
        with pytest.raises(ValidationError) as refused:
            journal.mark_discussed(item)
        assert refused.value.field == "ID" and words in refused.value.message
    assert on_disk(vault_path) == before


def test_marks_dump_and_import(journal: Journal, tmp_path: Path) -> None:
    ids = seed(journal)
    journal.mark_discussed(ids["reflection"])
    journal.mark_discussed(ids["prompt"])
    lines = [json.dumps(document) for document in journal.dump_documents()]
    marks = [json.loads(line) for line in lines if '"type": "discussed"' in line]
    assert sorted(marks, key=lambda mark: mark["item"]) == sorted(
        [
            {"type": "discussed", "item": ids["reflection"], "at": "2026-11-20T17:30"},
            {"type": "discussed", "item": ids["prompt"], "at": "2026-11-20T17:30"},
        ],
        key=lambda mark: mark["item"],
    )
    assert [json.loads(line)["type"] for line in lines][-2:] == ["discussed", "discussed"]

    target = tmp_path / "other.vault"
    Vault.create(target, PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)[0].close()
    with open_journal(target) as other:
        other.import_documents(lines)
        assert listed(other) == [ids["talk"], ids["boundary"]]
        assert [json.dumps(document) for document in other.dump_documents()] == lines


def test_a_mark_on_a_deleted_entry_is_not_dumped(journal: Journal) -> None:
    """A deleted entry may be restored, so its mark stays; a dump holds only marks on
    what it holds, so every dump imports."""
    ids = seed(journal)
    journal.mark_discussed(ids["talk"])
    journal.delete(ids["talk"])
    assert journal.discussed_marks() == []
    journal.restore_revision(ids["talk"], 1)
    assert [mark.item for mark in journal.discussed_marks()] == [ids["talk"]]


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ({"item": "nosuchid"}, "line 1: item", "not an entry or prompt"),
        ({"item": "CHECKIN"}, "line 1: item", "not an entry or prompt"),
        ({"item": "TALK"}, "line 1: item", "already marked discussed"),
        ({"item": "BOUNDARY", "note": "x"}, "line 1: note", "not a field"),
        ({"item": "BOUNDARY", "at": "yesterday"}, "line 1: at", "a date and time"),
        ({"item": 7}, "line 1: item", "the id of the item"),
    ],
)
def test_a_bad_mark_line_imports_nothing(
    journal: Journal, vault_path: Path, line: dict[str, object], field: str, words: str
) -> None:
    ids = seed(journal)
    journal.mark_discussed(ids["talk"])
    names = {"TALK": ids["talk"], "BOUNDARY": ids["boundary"], "CHECKIN": ids["checkin"]}
    document = {"type": "discussed", "at": "2026-11-20T09:00", **line}
    document["item"] = names.get(str(document["item"]), document["item"])
    before = on_disk(vault_path)
    with pytest.raises(ValidationError) as refused:
        journal.import_documents([json.dumps(document)])
    assert refused.value.field == field and words in refused.value.message
    assert on_disk(vault_path) == before


def test_a_mark_line_is_checked_before_the_vault_is_opened() -> None:
    line = json.dumps({"type": "discussed", "item": "abc", "at": "2026-11-20T09:00"})
    check_import_line(1, line, FIXED_NOW)  # alone, it reads
    with pytest.raises(ValidationError) as refused:
        check_import_line(2, json.dumps({"type": "discussed", "item": "abc"}), FIXED_NOW)
    assert refused.value.field == "line 2: at"


def test_a_mark_twice_in_one_file_imports_nothing(journal: Journal, vault_path: Path) -> None:
    ids = seed(journal)
    line = json.dumps({"type": "discussed", "item": ids["talk"], "at": "2026-11-20T09:00"})
    before = on_disk(vault_path)
    with pytest.raises(ValidationError) as refused:
        journal.import_documents([line, line])
    assert refused.value.field == "line 2: item" and "twice" in refused.value.message
    assert on_disk(vault_path) == before


def test_erasing_an_item_erases_its_mark(journal: Journal) -> None:
    ids = seed(journal)
    journal.mark_discussed(ids["talk"])
    journal.mark_discussed(ids["reflection"])
    journal.delete_client("M-17")
    assert [mark.item for mark in journal.discussed_marks()] == [ids["reflection"]]
    assert ids["talk"] not in journal._index("_index:discussed")
    journal.purge_before(date(2026, 11, 20))
    assert journal._index("_index:discussed") == {}


def test_a_mark_is_decided_under_the_write_lock(journal: Journal, vault_path: Path) -> None:
    """Another copy's mark made at the last moment is kept beside this one's."""
    ids = seed(journal)
    just_before_the_next_write(journal, vault_path, lambda other: other.mark_discussed(ids["talk"]))
    journal.mark_discussed(ids["boundary"])
    with open_journal(vault_path) as fresh:
        assert listed(fresh) == [ids["reflection"], ids["prompt"]]
