"""Documents in, the same documents out: in process, after a lock, and from another process."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psp_journal.vault import Vault
from psp_journal.vault.disk import DiskStore
from psp_journal.vault.maintenance import verify_vault
from tests.conftest import CHEAP_KDF, FIXED_NOW, PASSPHRASE, fixed_clock

# --- strategies ---------------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
documents = st.dictionaries(st.text(max_size=12), json_values, max_size=6)
doc_ids = st.text(min_size=1, max_size=24)


def canonical(value: Any) -> str:
    """Strict comparison: 1, 1.0 and True are equal in Python but not in JSON."""
    return json.dumps(value, sort_keys=True, ensure_ascii=True)


def assert_same_document(got: Any, expected: Any) -> None:
    assert got == expected
    assert canonical(got) == canonical(expected)


def new_vault(folder: Path, clock: Callable[[], datetime] = fixed_clock) -> Vault:
    vault, _ = Vault.create(folder / "journal.vault", PASSPHRASE, clock=clock, kdf=CHEAP_KDF)
    return vault


def records_on_disk(path: Path) -> dict[bytes, bytes]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {bytes(i): bytes(b) for i, b in conn.execute("SELECT id, blob FROM records")}
    finally:
        conn.close()


def ticking_clock() -> Callable[[], datetime]:
    """A clock that moves one minute per call, so revision order is unambiguous."""
    ticks = iter(range(10_000))
    return lambda: FIXED_NOW + timedelta(minutes=next(ticks))


def described(revisions: list[Any]) -> list[tuple[str, str, Any]]:
    return [(r.replaced_at, r.reason, r.document) for r in revisions]


def snapshot(vault: Vault, ids: list[str]) -> dict[str, Any]:
    return {
        doc_id: (vault.get(doc_id), [(r.reason, r.document) for r in vault.revisions(doc_id)])
        for doc_id in ids
    }


@pytest.fixture
def unlocked(vault_path: Path, recovery_key: str) -> Iterator[Callable[..., Vault]]:
    """Unlock the fixture's vault as often as needed; every vault opened is closed."""
    opened: list[Vault] = []

    def unlock(clock: Callable[[], datetime] = fixed_clock) -> Vault:
        vault = Vault.unlock(vault_path, PASSPHRASE, clock=clock)
        opened.append(vault)
        return vault

    yield unlock
    for vault in opened:
        try:
            vault.close()
        except sqlite3.ProgrammingError:
            pass  # already closed by the test


# --- round trips ----------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(doc_id=doc_ids, document=documents)
def test_any_document_comes_back_equal_in_process_and_after_unlock(
    tmp_path_factory: pytest.TempPathFactory, doc_id: str, document: dict[str, Any]
) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    vault = new_vault(folder)
    try:
        vault.write(put={doc_id: document})
        assert_same_document(vault.get(doc_id), document)
        assert vault.ids() == [doc_id]
    finally:
        vault.close()
    reopened = Vault.unlock(folder / "journal.vault", PASSPHRASE, clock=fixed_clock)
    try:
        assert_same_document(reopened.get(doc_id), document)
        assert reopened.ids() == [doc_id]
        assert reopened.revisions(doc_id) == []
    finally:
        reopened.close()


CHILD = """
import json, os, sys
from datetime import datetime
from pathlib import Path
from psp_journal.vault import Vault

vault = Vault.unlock(Path(sys.argv[1]), os.environ["PSP_TEST_PASSPHRASE"], clock=datetime.now)
try:
    print(json.dumps({doc_id: vault.get(doc_id) for doc_id in vault.ids()}, ensure_ascii=True))
finally:
    vault.close()
"""


def read_in_another_process(path: Path) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        env={**os.environ, "PSP_TEST_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


@settings(max_examples=10, deadline=None)
@given(batch=st.dictionaries(doc_ids, documents, min_size=1, max_size=5))
def test_any_documents_come_back_equal_in_another_process(
    tmp_path_factory: pytest.TempPathFactory, batch: dict[str, dict[str, Any]]
) -> None:
    folder = tmp_path_factory.mktemp("child")
    vault = new_vault(folder)
    try:
        vault.write(put=batch)
        # Still open here (not checkpointed): the other process must see the committed write.
        seen = read_in_another_process(folder / "journal.vault")
    finally:
        vault.close()
    assert_same_document(seen, batch)


# --- revisions ------------------------------------------------------------------------------


def test_edit_keeps_the_previous_version_as_a_revision(
    unlocked: Callable[..., Vault],
) -> None:
    vault = unlocked()
    first = {"type": "reflection", "text": "first words", "tags": ["grief"]}
    second = {"type": "reflection", "text": "second words", "tags": []}
    vault.write(put={"r1": first})
    assert vault.revisions("r1") == []
    vault.write(put={"r1": second})
    stamp = FIXED_NOW.isoformat(timespec="seconds")
    assert vault.get("r1") == second
    assert described(vault.revisions("r1")) == [(stamp, "edit", first)]
    vault.close()

    again = unlocked()
    assert again.get("r1") == second
    assert described(again.revisions("r1")) == [(stamp, "edit", first)]


def test_writing_the_same_document_again_keeps_no_revision(
    unlocked: Callable[..., Vault],
) -> None:
    vault = unlocked()
    vault.write(put={"r1": {"text": "same"}})
    vault.write(put={"r1": {"text": "same"}})
    assert vault.revisions("r1") == []


def test_an_edit_that_only_changes_a_json_type_still_keeps_a_revision(
    unlocked: Callable[..., Vault],
) -> None:
    """true and 1 are different JSON documents (Python's == says they are equal)."""
    vault = unlocked()
    vault.write(put={"r1": {"discuss": True}})
    vault.write(put={"r1": {"discuss": 1}})
    assert canonical(vault.get("r1")) == canonical({"discuss": 1})
    revisions = vault.revisions("r1")
    assert len(revisions) == 1
    assert canonical(revisions[0].document) == canonical({"discuss": True})


def test_revisions_come_back_oldest_first_in_the_order_they_were_made(
    unlocked: Callable[..., Vault],
) -> None:
    """Several edits within the same second (a script, an import, a quick fix)."""
    vault = unlocked()
    versions = [{"text": f"version {n}"} for n in range(9)]
    for version in versions:
        vault.write(put={"r1": version})
    assert [r.document for r in vault.revisions("r1")] == versions[:-1]


def test_edit_then_delete_keeps_both_versions_in_order(
    unlocked: Callable[..., Vault],
) -> None:
    vault = unlocked(ticking_clock())
    vault.write(put={"c1": {"mood": 2}})
    vault.write(put={"c1": {"mood": 3}})
    vault.write(delete=["c1"])
    assert vault.get("c1") is None
    assert "c1" not in vault.ids()
    revisions = vault.revisions("c1")
    assert [(r.reason, r.document) for r in revisions] == [
        ("edit", {"mood": 2}),
        ("delete", {"mood": 3}),
    ]
    assert revisions[0].replaced_at < revisions[1].replaced_at
    vault.close()

    again = unlocked()
    assert again.get("c1") is None
    assert [(r.reason, r.document) for r in again.revisions("c1")] == [
        ("edit", {"mood": 2}),
        ("delete", {"mood": 3}),
    ]


def test_delete_keeps_the_document_as_a_revision(unlocked: Callable[..., Vault]) -> None:
    vault = unlocked()
    document = {"type": "boundary", "kind": "gift", "felt": 3}
    vault.write(put={"b1": document})
    vault.write(delete=["b1"])
    stamp = FIXED_NOW.isoformat(timespec="seconds")
    assert vault.get("b1") is None
    assert described(vault.revisions("b1")) == [(stamp, "delete", document)]
    vault.close()
    assert described(unlocked().revisions("b1")) == [(stamp, "delete", document)]


def test_purge_leaves_nothing(unlocked: Callable[..., Vault], vault_path: Path) -> None:
    vault = unlocked()
    vault.write(put={"gone": {"text": "one"}, "kept": {"text": "stays"}})
    vault.write(put={"gone": {"text": "two"}})
    vault.write(put={"gone": {"text": "three"}})
    assert len(vault.revisions("gone")) == 2
    vault.write(purge=["gone"])
    assert vault.get("gone") is None
    assert vault.revisions("gone") == []
    assert vault.ids() == ["kept"]
    assert vault.record_count() == 1
    vault.close()

    assert len(records_on_disk(vault_path)) == 1
    again = unlocked()
    assert again.get("gone") is None
    assert again.revisions("gone") == []
    assert again.get("kept") == {"text": "stays"}
    assert verify_vault(vault_path, PASSPHRASE) == 1


def test_purge_of_a_deleted_document_removes_its_revisions(
    unlocked: Callable[..., Vault], vault_path: Path
) -> None:
    vault = unlocked()
    vault.write(put={"gone": {"text": "one"}})
    vault.write(delete=["gone"])
    assert len(vault.revisions("gone")) == 1
    vault.write(purge=["gone"])
    assert vault.revisions("gone") == []
    vault.close()
    assert records_on_disk(vault_path) == {}
    assert unlocked().revisions("gone") == []


# --- search ---------------------------------------------------------------------------------


def test_search_finds_a_word_of_a_document(unlocked: Callable[..., Vault]) -> None:
    vault = unlocked()
    vault.write(
        put={
            "r1": {"type": "reflection", "text": "A long walk by the riverside helped."},
            "r2": {"type": "reflection", "text": "Team debrief after the shift."},
            "i1": {"type": "interaction", "tags": ["housing", "grief"], "note": ""},
        }
    )
    assert vault.search("riverside") == ["r1"]
    assert vault.search("debrief") == ["r2"]
    assert vault.search("grief") == ["i1"]
    assert vault.search("nowhere") == []
    vault.close()

    again = unlocked()
    assert again.search("riverside") == ["r1"]
    assert again.search("grief") == ["i1"]
    again.write(delete=["r1"])
    assert again.search("riverside") == []
    again.write(put={"r2": {"type": "reflection", "text": "rewritten"}})
    assert again.search("debrief") == []
    assert again.search("rewritten") == ["r2"]


@settings(max_examples=25, deadline=None)
@given(
    word=st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=12),
    document=documents,
)
def test_search_finds_any_word_wherever_it_sits_in_the_document(
    tmp_path_factory: pytest.TempPathFactory, word: str, document: dict[str, Any]
) -> None:
    vault = new_vault(tmp_path_factory.mktemp("search"))
    try:
        nested = {**document, "zz": [{"deep": f"before {word} after"}]}
        vault.write(put={"hit": nested, "miss": {"text": "0000"}})
        assert "hit" in vault.search(word)
        assert "miss" not in vault.search(word)
    finally:
        vault.close()


# --- all or nothing ------------------------------------------------------------------------

BEFORE = {
    "keep": {"text": "untouched"},
    "edit-me": {"v": 1},
    "delete-me": {"v": 1},
    "purge-me": {"v": 1},
}
ALL_IDS = [*BEFORE, "new"]


def populate(vault: Vault) -> None:
    vault.write(put=BEFORE)
    vault.write(put={"purge-me": {"v": 2}})  # gives purge-me a revision


def apply_batch(vault: Vault) -> None:
    vault.write(
        put={"edit-me": {"v": 2}, "new": {"v": 1}},
        delete=["delete-me"],
        purge=["purge-me"],
    )


class Boom(RuntimeError):
    pass


def fail_on_call(monkeypatch: pytest.MonkeyPatch, method: str, failing_call: int) -> list[int]:
    original = getattr(DiskStore, method)
    calls = [0]

    def failing(self: DiskStore, *args: Any) -> Any:
        calls[0] += 1
        if calls[0] == failing_call:
            raise Boom(f"{method} call {failing_call}")
        return original(self, *args)

    monkeypatch.setattr(DiskStore, method, failing)
    return calls


# The batch makes 4 put_blob calls (revision + edit, new, revision of the deleted one),
# 3 delete_blob calls (the deleted one, the purged one and its revision) and 1 put_meta.
FAILURES = (
    [("put_blob", n) for n in (1, 2, 3, 4)]
    + [("delete_blob", n) for n in (1, 2, 3)]
    + [("put_meta", 1)]
)


@pytest.mark.parametrize(("method", "failing_call"), FAILURES)
def test_write_is_all_or_nothing(
    unlocked: Callable[..., Vault],
    vault_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    failing_call: int,
) -> None:
    vault = unlocked()
    populate(vault)
    before = snapshot(vault, ALL_IDS)
    vault.close()
    rows_before = records_on_disk(vault_path)

    vault = unlocked()
    calls = fail_on_call(monkeypatch, method, failing_call)
    with pytest.raises(Boom):
        apply_batch(vault)
    assert calls[0] == failing_call  # the failure really was mid-batch
    monkeypatch.undo()
    assert snapshot(vault, ALL_IDS) == before  # the open vault did not take any of it in
    vault.close()

    assert records_on_disk(vault_path) == rows_before
    assert verify_vault(vault_path, PASSPHRASE) == len(rows_before)
    again = unlocked()
    assert snapshot(again, ALL_IDS) == before
    assert again.get("new") is None

    apply_batch(again)  # the same batch succeeds once nothing fails
    assert again.get("edit-me") == {"v": 2}
    assert again.get("new") == {"v": 1}
    assert again.get("delete-me") is None
    assert again.get("purge-me") is None
    assert again.revisions("purge-me") == []
    again.close()
    verify_vault(vault_path, PASSPHRASE)


def test_the_open_vault_keeps_working_after_a_failed_write(
    unlocked: Callable[..., Vault], vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = unlocked()
    populate(vault)
    fail_on_call(monkeypatch, "put_blob", 3)
    with pytest.raises(Boom):
        apply_batch(vault)
    monkeypatch.undo()
    apply_batch(vault)
    after = snapshot(vault, ALL_IDS)
    vault.close()
    assert verify_vault(vault_path, PASSPHRASE) == len(records_on_disk(vault_path))
    assert snapshot(unlocked(), ALL_IDS) == after
