"""Retention: `client delete --with-records` and `purge --before` leave nothing behind.

Records are encrypted one by one, so a marker can never be found in the vault file's raw
bytes anyway. What "nothing kept" means here is checked four ways:

1. through the Python API, every document about the deleted client (or dated before the
   cut-off) is gone, and so is every kept revision of it — including revisions of records
   that were deleted earlier;
2. the number of stored blobs drops by exactly the number of those documents and revisions;
3. the ciphertext of every removed blob (and every replaced one) is no longer anywhere in
   the raw bytes of the files under the home after the vault is closed (`secure_delete`
   plus the checkpoint on close), and no other record's blob changed;
4. the encrypted quick-open snapshot beside the vault, opened with the vault's own keys,
   holds no word of the removed records either (a copy of the file plus the passphrase
   must not bring them back).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from click.testing import Result

from psp_journal.journal import Journal, search_terms
from psp_journal.vault import Vault
from psp_journal.vault.snapshot import read_snapshot, snapshot_path
from tests.conftest import PASSPHRASE, RunCli, files_under, fixed_clock

NEW_ID = re.compile(r"\(([23456789abcdefghjkmnpqrstuvwxyz]{8})\)")
PURGE_CUTOFF = "2026-11-10"


# --- helpers -------------------------------------------------------------------------------


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def saved_id(result: Result) -> str:
    ok(result)
    match = NEW_ID.search(result.stdout)
    assert match, result.output
    return match.group(1)


def new_marker() -> str:
    return f"MK{uuid4().hex}"


@contextmanager
def unlocked(vault_path: Path) -> Iterator[Vault]:
    vault = Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock)
    try:
        yield vault
    finally:
        vault.close()  # checkpoints the WAL into the file


def raw_rows(vault_path: Path) -> dict[bytes, bytes]:
    """Every stored blob by slot, read straight from SQLite (no keys involved)."""
    conn = sqlite3.connect(vault_path)
    try:
        return {
            bytes(slot): bytes(blob) for slot, blob in conn.execute("SELECT id, blob FROM records")
        }
    finally:
        conn.close()


def raw_bytes_under(home: Path) -> bytes:
    files = files_under(home)
    assert files, f"no files under {home}"
    return b"\n".join(path.read_bytes() for path in sorted(files))


def fragments(blob: bytes) -> dict[str, bytes]:
    """Pieces of one encrypted blob, each far too random to appear anywhere by chance:
    the 12-byte nonce and 32-byte runs of ciphertext from the start, middle and end."""
    middle = len(blob) // 2
    return {
        "whole blob": blob,
        "nonce": blob[1:13],
        "ciphertext start": blob[13:45],
        "ciphertext middle": blob[middle : middle + 32],
        "tag end": blob[-32:],
    }


def lingering(gone_blobs: list[bytes], raw: bytes) -> list[str]:
    return [
        f"blob {index}: {label}"
        for index, blob in enumerate(gone_blobs)
        for label, piece in fragments(blob).items()
        if piece in raw
    ]


def stored_count(vault: Vault, record_id: str) -> int:
    """Blobs one id occupies: its document (if current) and each kept revision."""
    return (vault.get(record_id) is not None) + len(vault.revisions(record_id))


def state_of(vault: Vault, record_id: str) -> tuple[Any, list[Any]]:
    revisions = [
        (r.number, r.reason, r.replaced_at, r.document) for r in vault.revisions(record_id)
    ]
    return vault.get(record_id), revisions


def snapshot_plaintext(vault_path: Path) -> bytes:
    """The quick-open copy of the mirror, decrypted with the vault's own keys."""
    path = snapshot_path(vault_path)
    assert path.exists(), "the command that loaded the mirror should leave a snapshot"
    with unlocked(vault_path) as vault:
        snapshot = read_snapshot(vault_path, vault._keys, vault.header.vault_id)
    assert snapshot is not None
    return bytes(snapshot.mirror)


def marker_needles(*markers: str) -> dict[str, bytes]:
    """A marker as written and as a case-folding full-text index keeps it. An FTS5 index
    stores each term after the prefix it shares with the one before it ("mk3f…" after
    "mk2a…" keeps only "3f…"), so the last 20 characters are searched on their own too."""
    needles = {}
    for marker in markers:
        for text in {marker, marker.lower(), marker[-20:], marker[-20:].lower()}:
            needles[f"{text!r} utf-8"] = text.encode("utf-8")
            needles[f"{text!r} utf-16-le"] = text.encode("utf-16-le")
    return needles


def found_in(data: bytes, needles: dict[str, bytes]) -> list[str]:
    return [label for label, needle in needles.items() if needle in data]


# --- client delete --with-records ------------------------------------------------------------


@dataclass
class Caseload:
    alias: str  # the client to be deleted; the alias is itself a marker
    marker: str  # in every note about them
    other_alias: str
    other_marker: str
    about: dict[str, str]  # name -> id, everything that was ever about the client
    others: dict[str, str]  # name -> id, everything else


@pytest.fixture
def caseload(run_cli: RunCli, recovery_key: str, vault_path: Path) -> Caseload:
    alias, marker = new_marker(), new_marker()
    other_alias, other_marker = new_marker(), new_marker()
    about: dict[str, str] = {}
    others: dict[str, str] = {}

    about["client"] = saved_id(
        run_cli("client", "add", alias, "--note", "-", input=f"first met {marker}\n")
    )
    others["client"] = saved_id(
        run_cli("client", "add", other_alias, "--note", "-", input=f"about {other_marker}")
    )
    log = ("--minutes", "40", "--mode", "phone", "--intensity", "4")
    about["first"] = saved_id(
        run_cli("log", alias, *log, "--tag", "crisis", "--note", f"story {marker}",
                "--setting", f"room {marker}", "--follow-up", "2026-12-01",
                "--at", "2026-11-02T10:00")
    )  # fmt: skip
    about["second"] = saved_id(
        run_cli("log", alias, *log, "--note", "-", "--at", "2026-11-03T10:00",
                input=f"second talk {marker}")
    )  # fmt: skip
    about["deleted"] = saved_id(
        run_cli("log", alias, *log, "--note", "-", "--at", "2026-11-04T10:00",
                input=f"deleted later {marker}")
    )  # fmt: skip
    about["boundary"] = saved_id(
        run_cli("boundary", "--kind", "after-hours", "--felt", "4", "--client", alias,
                "--note", "-", "--at", "2026-11-03T23:40", input=f"texted at night {marker}")
    )  # fmt: skip
    others["interaction"] = saved_id(
        run_cli("log", other_alias, *log, "--note", "-", "--at", "2026-11-03T11:00",
                input=f"other story {other_marker}")
    )  # fmt: skip
    others["boundary"] = saved_id(
        run_cli("boundary", "--kind", "gift", "--felt", "2", "--client", other_alias,
                "--note", f"gift {other_marker}", "--at", "2026-11-03T12:00")
    )  # fmt: skip
    others["own boundary"] = saved_id(
        run_cli("boundary", "--kind", "role-drift", "--felt", "3", "--at", "2026-11-03T13:00",
                "--note", f"mine {other_marker}")
    )  # fmt: skip
    others["reflection"] = saved_id(
        run_cli("reflect", "--at", "2026-11-03T21:00", input=f"a long day {other_marker}")
    )
    others["checkin"] = saved_id(
        run_cli("checkin", "--mood", "3", "--energy", "3", "--stress", "4", "--date",
                "2026-11-03", "--note", "-", input=f"tired {other_marker}")
    )  # fmt: skip

    # Edits keep revisions: of records about the client, of the client, and of others.
    ok(run_cli("edit", about["first"], "--note", "-", input=f"story, edited {marker}"))
    ok(run_cli("edit", about["first"], "--intensity", "5"))
    ok(run_cli("edit", about["boundary"], "--felt", "5"))
    ok(run_cli("edit", about["client"], "--note", "-", input=f"edited note {marker}"))
    ok(run_cli("edit", others["interaction"], "--note", "-", input=f"edited {other_marker}"))
    ok(run_cli("checkin", "--mood", "2", "--date", "2026-11-03"))
    # One record about the client is deleted first: only its revision remains.
    ok(run_cli("delete", about["deleted"], "--yes"))

    with unlocked(vault_path) as vault:
        assert vault.get(about["deleted"]) is None
        assert [r.reason for r in vault.revisions(about["deleted"])] == ["delete"]
        assert len(vault.revisions(about["first"])) == 2
        assert len(vault.revisions(others["interaction"])) == 1
    return Caseload(alias, marker, other_alias, other_marker, about, others)


def test_client_delete_with_records_leaves_no_document_revision_or_blob(
    caseload: Caseload, run_cli: RunCli, vault_path: Path, home: Path
) -> None:
    with unlocked(vault_path) as vault:
        expected_gone = sum(stored_count(vault, rid) for rid in caseload.about.values())
        count_before = vault.record_count()
        others_before = {name: state_of(vault, rid) for name, rid in caseload.others.items()}
    # client: 1 + 1 revision; first: 1 + 2; second: 1; deleted: 0 + 1; boundary: 1 + 1.
    assert expected_gone == 9
    rows_before = raw_rows(vault_path)
    assert len(rows_before) == count_before
    raw_before = raw_bytes_under(home)

    result = ok(run_cli("client", "delete", caseload.alias, "--with-records", "--yes"))
    assert "3 record(s)" in result.stdout  # first, second, boundary: the current ones

    with unlocked(vault_path) as vault:
        # (1) Nothing about the client, current or kept.
        for name, record_id in caseload.about.items():
            assert vault.get(record_id) is None, name
            assert vault.revisions(record_id) == [], name
        # (2) Exactly those blobs went.
        assert vault.record_count() == count_before - expected_gone
        # (4) Everything else reads exactly as before, revisions included.
        assert {name: state_of(vault, rid) for name, rid in caseload.others.items()} == (
            others_before
        )
        journal = Journal(vault, fixed_clock)
        assert journal.records_about(caseload.alias) == []
        assert vault.search(search_terms(caseload.marker)) == []
        assert [c.alias for c in journal.clients()] == [caseload.other_alias]
        assert vault.search(search_terms(caseload.other_marker))  # the other's words remain

    rows_after = raw_rows(vault_path)
    removed = rows_before.keys() - rows_after.keys()
    added = rows_after.keys() - rows_before.keys()
    changed = {slot for slot in rows_before.keys() & rows_after.keys()
               if rows_before[slot] != rows_after[slot]}  # fmt: skip
    assert len(removed) == expected_gone
    assert added == set()
    assert len(changed) == 1  # the alias index, rewritten without the alias; no other record
    # (3) Not a fragment of any removed or replaced blob is left in any file under the home.
    gone_blobs = [rows_before[slot] for slot in sorted(removed | changed)]
    assert all(blob in raw_before for blob in gone_blobs)  # the check can see them
    assert lingering(gone_blobs, raw_bytes_under(home)) == []
    assert not (home / "journal.vault-wal").exists() or (
        (home / "journal.vault-wal").stat().st_size == 0
    )
    raw = raw_bytes_under(home)
    assert found_in(raw, marker_needles(caseload.alias, caseload.marker)) == []

    shown = run_cli("show", caseload.about["first"])
    assert shown.exit_code == 2, shown.output


@pytest.mark.parametrize("snapshot_before", [True, False], ids=["snapshot-before", "no-snapshot"])
def test_client_delete_leaves_nothing_of_them_in_the_snapshot(
    caseload: Caseload, run_cli: RunCli, vault_path: Path, snapshot_before: bool
) -> None:
    """The encrypted quick-open copy of the mirror is part of the vault: opened with the
    vault's keys (as anyone with the passphrase can), it must not hold the deleted words.
    Either the delete starts from a snapshot that knows them, or it builds the first one."""
    needles = marker_needles(caseload.alias, caseload.marker)
    if snapshot_before:
        ok(run_cli("search", caseload.marker))  # loads the mirror: the snapshot knows them
        assert found_in(snapshot_plaintext(vault_path), needles) != []  # the check sees them
    else:
        assert not snapshot_path(vault_path).exists()

    ok(run_cli("client", "delete", caseload.alias, "--with-records", "--yes"))
    assert found_in(snapshot_plaintext(vault_path), needles) == []
    ok(run_cli("client", "list"))
    assert found_in(snapshot_plaintext(vault_path), needles) == []
    # The other client's words are still there (the snapshot was not merely dropped).
    assert found_in(snapshot_plaintext(vault_path), marker_needles(caseload.other_marker))


def test_client_delete_leaves_nothing_of_them_in_the_snapshot_of_a_small_journal(
    run_cli: RunCli, recovery_key: str, vault_path: Path
) -> None:
    """The same with a handful of entries, where the full-text index of the mirror keeps
    the deleted words in pages the snapshot copies."""
    alias, marker, other = new_marker(), new_marker(), new_marker()
    ok(run_cli("client", "add", alias, "--note", "-", input=f"first met {marker}"))
    ok(run_cli("client", "add", other))
    for day in (11, 12, 13):
        ok(
            run_cli("log", alias, "--minutes", "30", "--mode", "phone", "--intensity", "4",
                    "--note", "-", "--at", f"2026-11-{day}T10:00", input=f"talk {marker}")
        )  # fmt: skip
    ok(
        run_cli("log", other, "--minutes", "30", "--mode", "phone", "--intensity", "2",
                "--note", "-", "--at", "2026-11-10T10:00", input=f"talk {other}")
    )  # fmt: skip

    ok(run_cli("client", "delete", alias, "--with-records", "--yes"))

    plaintext = snapshot_plaintext(vault_path)
    assert found_in(plaintext, marker_needles(other)) != []  # the check can see words
    assert found_in(plaintext, marker_needles(alias, marker)) == []


def test_records_logged_under_another_spelling_of_the_alias_go_too(
    run_cli: RunCli, recovery_key: str, vault_path: Path
) -> None:
    """'M-17' and 'm-17' are one client (PRODUCT: aliases are unique case-insensitively),
    so a record logged as m-17 is about M-17 and goes with them."""
    marker = new_marker()
    alias = f"M-{uuid4().hex[:8].upper()}"
    ok(run_cli("client", "add", alias))
    logged = saved_id(
        run_cli("log", alias.lower(), "--minutes", "20", "--mode", "text", "--intensity", "2",
                "--note", "-", "--at", "2026-11-05T09:00", input=f"lower case {marker}")
    )  # fmt: skip
    boundary = saved_id(
        run_cli("boundary", "--kind", "gift", "--felt", "2", "--client", alias.lower(),
                "--at", "2026-11-05T10:00", "--note", "-", input=f"gift {marker}")
    )  # fmt: skip

    result = ok(run_cli("client", "delete", alias, "--with-records", "--yes"))

    with unlocked(vault_path) as vault:
        left = {rid: vault.get(rid) for rid in (logged, boundary) if vault.get(rid) is not None}
        assert left == {}, f"{result.stdout.strip()!r} but these remain: {left}"
        assert vault.revisions(logged) == [] and vault.revisions(boundary) == []


def test_a_record_moved_to_another_client_is_kept_when_the_first_is_deleted(
    run_cli: RunCli, recovery_key: str, vault_path: Path
) -> None:
    """Logged under the wrong client, then corrected: it is the other client's record now,
    and deleting the first client must not delete it (nothing is ever lost)."""
    first, other = new_marker(), new_marker()
    ok(run_cli("client", "add", first))
    ok(run_cli("client", "add", other))
    moved = saved_id(
        run_cli("log", first, "--minutes", "30", "--mode", "phone", "--intensity", "3",
                "--note", "-", "--at", "2026-11-06T09:00", input="logged under the wrong one")
    )  # fmt: skip
    ok(run_cli("edit", moved, "--client", other))
    with unlocked(vault_path) as vault:
        current = vault.get(moved)
    assert current is not None and current["client"] == other

    ok(run_cli("client", "delete", first, "--with-records", "--yes"))

    with unlocked(vault_path) as vault:
        assert vault.get(moved) == current


def test_no_kept_version_of_a_moved_record_names_the_deleted_client(
    run_cli: RunCli, recovery_key: str, vault_path: Path
) -> None:
    first, other = new_marker(), new_marker()
    ok(run_cli("client", "add", first))
    ok(run_cli("client", "add", other))
    moved = saved_id(
        run_cli("log", first, "--minutes", "30", "--mode", "phone", "--intensity", "3",
                "--at", "2026-11-06T09:00")
    )  # fmt: skip
    ok(run_cli("edit", moved, "--client", other))

    ok(run_cli("client", "delete", first, "--with-records", "--yes"))

    with unlocked(vault_path) as vault:
        versions = [r.document for r in vault.revisions(moved)]
        current = vault.get(moved)
    assert all(first not in json.dumps(version) for version in versions)
    assert current is not None and current["client"] == other


def test_renaming_a_client_on_the_command_line_works(
    run_cli: RunCli, recovery_key: str, vault_path: Path
) -> None:
    old_alias, new_alias = new_marker(), new_marker()
    client_id = saved_id(run_cli("client", "add", old_alias))
    logged = saved_id(
        run_cli("log", old_alias, "--minutes", "30", "--mode", "phone", "--intensity", "3",
                "--at", "2026-11-06T10:00")
    )  # fmt: skip

    ok(run_cli("edit", client_id, "--alias", new_alias))

    with unlocked(vault_path) as vault:
        client = vault.get(client_id)
        record = vault.get(logged)
    assert client is not None and client["alias"] == new_alias
    assert record is not None and record["client"] == new_alias


def test_revisions_under_a_clients_earlier_alias_go_when_they_are_deleted(
    run_cli: RunCli, recovery_key: str, vault_path: Path
) -> None:
    """A record deleted while the client had their old alias, then the client renamed:
    deleting the client must still take that record's kept version."""
    old_alias, new_alias, marker = new_marker(), new_marker(), new_marker()
    client_id = saved_id(run_cli("client", "add", old_alias))
    deleted = saved_id(
        run_cli("log", old_alias, "--minutes", "30", "--mode", "phone", "--intensity", "3",
                "--note", "-", "--at", "2026-11-06T09:00", input=f"before the rename {marker}")
    )  # fmt: skip
    kept = saved_id(
        run_cli("log", old_alias, "--minutes", "30", "--mode", "phone", "--intensity", "3",
                "--at", "2026-11-06T10:00")
    )  # fmt: skip
    ok(run_cli("delete", deleted, "--yes"))
    ok(run_cli("edit", client_id, "--alias", new_alias))
    with unlocked(vault_path) as vault:
        renamed = vault.get(kept)
        assert renamed is not None and renamed["client"] == new_alias
        assert len(vault.revisions(deleted)) == 1

    ok(run_cli("client", "delete", new_alias, "--with-records", "--yes"))

    with unlocked(vault_path) as vault:
        assert vault.get(kept) is None and vault.revisions(kept) == []
        assert vault.get(client_id) is None and vault.revisions(client_id) == []
        assert [r.document["note"] for r in vault.revisions(deleted)] == []


# --- purge --before ---------------------------------------------------------------------------


@dataclass
class Dated:
    old_marker: str
    new_marker: str
    before: dict[str, str]  # dated before the cut-off (or deleted earlier, dated before)
    after: dict[str, str]  # dated on or after it
    client: str


@pytest.fixture
def dated(run_cli: RunCli, recovery_key: str) -> Dated:
    old, new = new_marker(), new_marker()
    client_alias = new_marker()
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    client_id = saved_id(run_cli("client", "add", client_alias, "--note", "-", input="kept"))
    log = ("log", client_alias, "--minutes", "30", "--mode", "in-person", "--intensity", "3")

    def checkin(day: str, marker: str) -> str:
        return saved_id(
            run_cli("checkin", "--mood", "3", "--energy", "3", "--stress", "3", "--sleep", "7",
                    "--self-care", f"walk {marker}", "--note", "-", "--date", day,
                    input=f"day {marker}")
        )  # fmt: skip

    before["checkin"] = checkin("2026-11-05", old)
    after["checkin on the day"] = checkin(PURGE_CUTOFF, new)
    after["checkin later"] = checkin("2026-11-12", new)
    before["interaction last minute"] = saved_id(
        run_cli(*log, "--note", "-", "--at", "2026-11-09T23:59", input=f"late {old}")
    )
    after["interaction first minute"] = saved_id(
        run_cli(*log, "--note", "-", "--at", f"{PURGE_CUTOFF}T00:00", input=f"early {new}")
    )
    before["boundary"] = saved_id(
        run_cli("boundary", "--kind", "money", "--felt", "3", "--client", client_alias,
                "--note", "-", "--at", "2026-11-01T12:00", input=f"asked for money {old}")
    )  # fmt: skip
    after["boundary"] = saved_id(
        run_cli("boundary", "--kind", "gift", "--felt", "2", "--note", "-",
                "--at", "2026-11-15T12:00", input=f"a card {new}")
    )  # fmt: skip
    before["reflection"] = saved_id(
        run_cli("reflect", "--tag", "grief", "--at", "2026-11-02T21:00", input=f"grief {old}")
    )
    after["reflection"] = saved_id(
        run_cli("reflect", "--at", "2026-11-16T21:00", input=f"better week {new}")
    )
    before["support"] = saved_id(
        run_cli("support", "--kind", "supervision", "--note", "-", "--at", "2026-11-03T10:00",
                input=f"supervision {old}")
    )  # fmt: skip
    after["support"] = saved_id(
        run_cli("support", "--kind", "peer-consult", "--note", f"consult {new}",
                "--at", "2026-11-17T10:00")
    )  # fmt: skip
    before["deleted reflection"] = saved_id(
        run_cli("reflect", "--at", "2026-11-04T21:00", input=f"deleted {old}")
    )
    after["deleted reflection"] = saved_id(
        run_cli("reflect", "--at", "2026-11-18T21:00", input=f"deleted but kept {new}")
    )

    # Revisions on both sides of the cut-off.
    ok(run_cli("edit", before["interaction last minute"], "--note", "-", input=f"again {old}"))
    ok(run_cli("edit", before["boundary"], "--felt", "5"))
    ok(run_cli("checkin", "--mood", "1", "--date", "2026-11-05"))
    ok(run_cli("edit", after["interaction first minute"], "--note", "-", input=f"again {new}"))
    ok(run_cli("checkin", "--mood", "4", "--date", "2026-11-12"))
    ok(run_cli("delete", before["deleted reflection"], "--yes"))
    ok(run_cli("delete", after["deleted reflection"], "--yes"))
    return Dated(old, new, before, after, client_id)


def test_purge_removes_everything_dated_before_with_every_revision(
    dated: Dated, run_cli: RunCli, vault_path: Path, home: Path
) -> None:
    with unlocked(vault_path) as vault:
        expected_gone = sum(stored_count(vault, rid) for rid in dated.before.values())
        count_before = vault.record_count()
        kept_before = {name: state_of(vault, rid) for name, rid in dated.after.items()}
        client_before = state_of(vault, dated.client)
    # checkin 1+1, interaction 1+1, boundary 1+1, reflection 1, support 1, deleted 0+1.
    assert expected_gone == 9
    rows_before = raw_rows(vault_path)
    raw_before = raw_bytes_under(home)

    result = ok(run_cli("purge", "--before", PURGE_CUTOFF, "--yes"))
    assert f"Deleted 5 record(s) dated before {PURGE_CUTOFF}" in result.stdout

    with unlocked(vault_path) as vault:
        for name, record_id in dated.before.items():
            assert vault.get(record_id) is None, name
            assert vault.revisions(record_id) == [], name
        assert vault.record_count() == count_before - expected_gone
        assert {name: state_of(vault, rid) for name, rid in dated.after.items()} == kept_before
        assert state_of(vault, dated.client) == client_before  # clients have no date
        assert [r.reason for r in vault.revisions(dated.after["deleted reflection"])] == ["delete"]
        assert vault.search(search_terms(dated.old_marker)) == []
        assert vault.search(search_terms(dated.new_marker))

    rows_after = raw_rows(vault_path)
    removed = rows_before.keys() - rows_after.keys()
    changed = {slot for slot in rows_before.keys() & rows_after.keys()
               if rows_before[slot] != rows_after[slot]}  # fmt: skip
    assert len(removed) == expected_gone
    assert rows_after.keys() - rows_before.keys() == set()
    assert len(changed) == 1  # the check-in date index; no kept record was rewritten
    gone_blobs = [rows_before[slot] for slot in sorted(removed | changed)]
    assert all(blob in raw_before for blob in gone_blobs)  # the check can see them
    assert lingering(gone_blobs, raw_bytes_under(home)) == []
    assert found_in(raw_bytes_under(home), marker_needles(dated.old_marker)) == []


def test_purge_leaves_nothing_of_the_purged_records_in_the_snapshot(
    dated: Dated, run_cli: RunCli, vault_path: Path
) -> None:
    old = marker_needles(dated.old_marker)
    ok(run_cli("search", dated.old_marker))
    assert found_in(snapshot_plaintext(vault_path), old) != []  # the check can see them

    ok(run_cli("purge", "--before", PURGE_CUTOFF, "--yes"))
    ok(run_cli("search", dated.new_marker))
    assert found_in(snapshot_plaintext(vault_path), old) == []
    assert found_in(snapshot_plaintext(vault_path), marker_needles(dated.new_marker))


def test_after_purge_a_check_in_for_a_purged_date_is_new_and_kept_dates_still_merge(
    dated: Dated, run_cli: RunCli, vault_path: Path
) -> None:
    ok(run_cli("purge", "--before", PURGE_CUTOFF, "--yes"))

    fresh = saved_id(
        run_cli("checkin", "--mood", "2", "--energy", "4", "--stress", "2", "--date", "2026-11-05")
    )
    assert fresh != dated.before["checkin"]
    merged = saved_id(run_cli("checkin", "--mood", "5", "--date", PURGE_CUTOFF))
    assert merged == dated.after["checkin on the day"]

    with unlocked(vault_path) as vault:
        document = vault.get(fresh)
        assert document is not None
        assert (document["date"], document["mood"], document["energy"], document["stress"]) == (
            "2026-11-05",
            2,
            4,
            2,
        )
        # Nothing of the purged check-in came back into the new one.
        assert document["note"] == "" and document["self_care"] == []
        assert document["sleep"] is None
        assert vault.revisions(fresh) == []
        assert vault.get(dated.before["checkin"]) is None
        on_the_day = vault.get(merged)
        assert on_the_day is not None and on_the_day["mood"] == 5
        assert len(vault.revisions(merged)) == 1


def journal_at(vault: Vault, moment: str) -> Journal:
    return Journal(vault, lambda: datetime.fromisoformat(moment))


def test_purge_removes_prompt_records_and_export_records_dated_before(
    run_cli: RunCli, recovery_key: str, vault_path: Path
) -> None:
    with unlocked(vault_path) as vault:
        early, late = journal_at(vault, "2026-11-05T09:00"), journal_at(vault, "2026-11-12T09:00")
        assessment = early.assess(date(2026, 11, 5))
        old_prompt = early.record_prompt_event("dismiss", assessment, note="old answer")
        new_prompt = late.record_prompt_event("dismiss", assessment, note="new answer")
        ledger = {"kind": "dump", "recipient": "", "file": "/x", "sha256": "0" * 64, "records": 1}
        old_export = early.record_ledger_entry(**ledger)
        new_export = late.record_ledger_entry(**ledger)

    result = ok(run_cli("purge", "--before", PURGE_CUTOFF, "--yes"))
    assert "Deleted 0 record(s)" in result.stdout
    assert "1 step-back prompt record and 1 export record" in result.stdout

    with unlocked(vault_path) as vault:
        journal = Journal(vault, fixed_clock)
        assert [event.id for event in journal.prompt_history()] == [new_prompt.id]
        assert [entry["id"] for entry in journal.ledger()] == [new_export["id"]]
        for gone in (str(old_prompt.id), old_export["id"]):
            assert vault.get(gone) is None and vault.revisions(gone) == []


def test_purge_removes_earlier_versions_dated_before_while_the_entry_stays(
    run_cli: RunCli, recovery_key: str, vault_path: Path
) -> None:
    """A reflection written on the 5th, rewritten and moved to the 12th: its versions from
    the 5th go, the one from the 12th stays (numbered 1 now), and so does the entry."""
    old, new = new_marker(), new_marker()
    entry = saved_id(run_cli("reflect", "--at", "2026-11-05T21:00", input=f"first {old}"))
    ok(run_cli("edit", entry, "--text", "-", input=f"second {old}"))
    ok(run_cli("edit", entry, "--at", "2026-11-12T21:00", "--text", "-", input=f"third {new}"))
    ok(run_cli("edit", entry, "--tag", "grief"))
    ok(run_cli("search", new))  # the mirror is loaded: the snapshot knows every version
    assert found_in(snapshot_plaintext(vault_path), marker_needles(old)) != []
    with unlocked(vault_path) as vault:
        current = vault.get(entry)
        versions = vault.revisions(entry)
    assert [v.document["at"] for v in versions] == [
        "2026-11-05T21:00", "2026-11-05T21:00", "2026-11-12T21:00"
    ]  # fmt: skip

    result = ok(run_cli("purge", "--before", PURGE_CUTOFF, "--yes"))
    assert "Deleted 0 record(s)" in result.stdout and "2 earlier versions" in result.stdout

    with unlocked(vault_path) as vault:
        assert vault.get(entry) == current
        kept = [(v.number, v.reason, v.replaced_at, v.document) for v in vault.revisions(entry)]
        assert kept == [(1, versions[2].reason, versions[2].replaced_at, versions[2].document)]
        assert vault.search(search_terms(old)) == []
        assert vault.search(search_terms(new)) == [entry]
    shown = json.loads(ok(run_cli("show", entry, "--json")).stdout)
    assert [revision["number"] for revision in shown["revisions"]] == [1]
    assert found_in(snapshot_plaintext(vault_path), marker_needles(old)) == []
