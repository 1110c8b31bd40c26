"""The snapshot fast path never trades away a guarantee: changes, tampering, rollback and
a damaged snapshot are all noticed, and the snapshot is rebuilt."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from psp_journal.vault import IntegrityError, Vault
from psp_journal.vault.maintenance import verify_vault
from psp_journal.vault.snapshot import snapshot_path
from tests.conftest import PASSPHRASE, fixed_clock, run_process

DOCS = {f"doc-{i}": {"type": "note", "text": f"entry number {i}"} for i in range(40)}


def unlock(path: Path) -> Vault:
    return Vault.unlock(path, PASSPHRASE, clock=fixed_clock)


def documents_of(vault: Vault) -> dict[str, dict[str, object]]:
    rows = vault.mirror.db.execute("SELECT id, body FROM documents").fetchall()
    import json

    return {doc_id: json.loads(body) for doc_id, body in rows}


@pytest.fixture
def filled(vault_path: Path, recovery_key: str) -> Path:
    """A vault with documents, closed as the app locks: a snapshot exists."""
    with unlock(vault_path) as vault:
        vault.write(put=DOCS)
        vault.close(save_snapshot=True)
    assert snapshot_path(vault_path).exists()
    return vault_path


def blob_rows(path: Path) -> dict[bytes, bytes]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT id, blob FROM records").fetchall())
    finally:
        conn.close()


def test_fast_path_gives_the_same_mirror_and_records_nothing_new(filled: Path) -> None:
    before = snapshot_path(filled).read_bytes()
    with unlock(filled) as vault:
        assert documents_of(vault) == DOCS
        assert vault.search("number") and not vault.notices
    assert snapshot_path(filled).read_bytes() == before  # nothing changed: not rewritten


def test_the_snapshot_holds_no_plaintext(filled: Path) -> None:
    assert b"entry number" not in snapshot_path(filled).read_bytes()
    assert snapshot_path(filled).stat().st_mode & 0o777 == 0o600


def test_another_process_writing_between_two_unlocks_is_seen(filled: Path) -> None:
    script = (
        "import sys\nfrom datetime import datetime\nfrom pathlib import Path\n"
        "from psp_journal.vault import Vault\n"
        "v = Vault.unlock(Path(sys.argv[1]), sys.argv[2], clock=datetime.now)\n"
        "v.write(put={'doc-1': {'type': 'note', 'text': 'changed elsewhere'}}, "
        "delete=['doc-2'])\nv.write(put={'fresh': {'type': 'note', 'text': 'new one'}})\n"
        "v.close()\n"
    )
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", script, str(filled), PASSPHRASE], check=True)
    expected = {**DOCS, "doc-1": {"type": "note", "text": "changed elsewhere"}}
    expected["fresh"] = {"type": "note", "text": "new one"}
    del expected["doc-2"]
    with unlock(filled) as vault:
        assert documents_of(vault) == expected
        assert vault.search("elsewhere") == ["doc-1"]
        assert not vault.notices  # folded from the snapshot, not read in full
    with unlock(filled) as vault:
        assert documents_of(vault) == expected


def test_a_tampered_record_is_never_served_and_verify_names_it(filled: Path) -> None:
    """Unlock reads only what changed, so a flipped byte in an unchanged row is not seen
    there; the mirror still holds what was committed, a read by id checks the tag, and
    `verify` (which reads everything) names the record."""
    rows = blob_rows(filled)
    slot = sorted(rows)[3]
    damaged = bytearray(rows[slot])
    damaged[40] ^= 0x01
    with sqlite3.connect(filled) as conn:
        conn.execute("UPDATE records SET blob = ? WHERE id = ?", (bytes(damaged), slot))
    conn.close()
    with unlock(filled) as vault:
        assert documents_of(vault) == DOCS
        doc_id = vault.mirror.db.execute(
            "SELECT id FROM documents WHERE slot = ?", [slot]
        ).fetchone()[0]
        with pytest.raises(IntegrityError) as caught:
            vault.get(doc_id)
        assert slot.hex() in caught.value.record_ids
    with pytest.raises(IntegrityError) as verified:
        verify_vault(filled, PASSPHRASE)
    assert slot.hex() in verified.value.record_ids


def test_a_deleted_record_is_detected_despite_the_snapshot(filled: Path) -> None:
    slot = sorted(blob_rows(filled))[5]
    with sqlite3.connect(filled) as conn:
        conn.execute("DELETE FROM records WHERE id = ?", (slot,))
    conn.close()
    vault = unlock(filled)
    try:
        with pytest.raises(IntegrityError, match="digest"):
            vault.load_mirror()
    finally:
        vault.close()


def test_a_record_rolled_back_to_an_older_copy_is_caught_by_verify(filled: Path) -> None:
    old_rows = blob_rows(filled)
    with unlock(filled) as vault:
        vault.write(put={"doc-7": {"type": "note", "text": "edited"}})
        vault.save_snapshot()
    changed = {slot for slot, blob in blob_rows(filled).items() if old_rows.get(slot) != blob}
    slot = next(slot for slot in changed if slot in old_rows)
    with sqlite3.connect(filled) as conn:
        conn.execute("UPDATE records SET blob = ? WHERE id = ?", (old_rows[slot], slot))
    conn.close()
    with unlock(filled) as vault:
        assert documents_of(vault)["doc-7"] == {"type": "note", "text": "edited"}
    with pytest.raises(IntegrityError, match="digest"):
        verify_vault(filled, PASSPHRASE)


def test_a_damaged_snapshot_falls_back_says_so_and_is_rebuilt(filled: Path) -> None:
    path = snapshot_path(filled)
    damaged = bytearray(path.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    path.write_bytes(bytes(damaged))
    with unlock(filled) as vault:
        assert documents_of(vault) == DOCS
        assert vault.notices and "read and checked" in vault.notices[0]
    rebuilt = path.read_bytes()
    assert rebuilt != bytes(damaged)
    with unlock(filled) as vault:
        assert documents_of(vault) == DOCS
        assert not vault.notices


def test_an_older_snapshot_put_back_is_not_trusted_blindly(filled: Path) -> None:
    old_snapshot = snapshot_path(filled).read_bytes()
    with unlock(filled) as vault:
        vault.write(put={"late": {"type": "note", "text": "written after"}}, delete=["doc-0"])
        vault.close(save_snapshot=True)
    snapshot_path(filled).write_bytes(old_snapshot)
    expected = {**DOCS, "late": {"type": "note", "text": "written after"}}
    del expected["doc-0"]
    with unlock(filled) as vault:
        assert documents_of(vault) == expected


def test_a_command_line_write_does_not_decrypt_everything(filled: Path) -> None:
    """One write, one read by id: the mirror is never loaded, so no snapshot is touched."""
    before = snapshot_path(filled).stat().st_mtime_ns
    with unlock(filled) as vault:
        vault.write(put={"one": {"type": "note", "text": "quick"}})
        assert vault.get("one") == {"type": "note", "text": "quick"}
        assert vault._mirror is None
    assert snapshot_path(filled).stat().st_mtime_ns == before
    result = run_process(
        ["verify"],
        env={"PSP_JOURNAL_HOME": str(filled.parent), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE},
    )
    assert result.returncode == 0, result.stderr
