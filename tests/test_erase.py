"""Erasing is final: forgotten versions, purged documents and a client's records leave no
trace in the vault, the snapshot, the WAL or what the read-only rescue can carve."""

from __future__ import annotations

import json
from pathlib import Path

from psp_journal.vault import Changes, Vault
from tests.conftest import PASSPHRASE, fixed_clock


def unlock(path: Path) -> Vault:
    return Vault.unlock(path, PASSPHRASE, clock=fixed_clock)


def versions(vault: Vault, doc_id: str) -> list[tuple[int, str]]:
    return [(revision.number, revision.document["text"]) for revision in vault.revisions(doc_id)]


def mirror_revisions(vault: Vault, doc_id: str) -> list[tuple[int, str]]:
    rows = vault.mirror.db.execute(
        "SELECT number, body FROM revisions WHERE of_id = ? ORDER BY number", [doc_id]
    ).fetchall()
    return [(number, json.loads(body)["text"]) for number, body in rows]


def test_forget_revisions_keeps_the_rest_numbered_from_one(
    vault_path: Path, recovery_key: str
) -> None:
    with unlock(vault_path) as vault:
        vault.load_mirror()
        for text in ("v1", "v2", "v3", "v4", "v5"):
            vault.write(put={"doc": {"type": "note", "text": text}})
        assert versions(vault, "doc") == [(1, "v1"), (2, "v2"), (3, "v3"), (4, "v4")]
        vault.transact(lambda: Changes(forget_revisions={"doc": (1, 3)}))
        assert versions(vault, "doc") == [(1, "v2"), (2, "v4")]
        assert mirror_revisions(vault, "doc") == [(1, "v2"), (2, "v4")]
        assert vault.get("doc") == {"type": "note", "text": "v5"}
        vault.write(put={"doc": {"type": "note", "text": "v6"}})
        assert versions(vault, "doc") == [(1, "v2"), (2, "v4"), (3, "v5")]
    with unlock(vault_path) as vault:
        assert mirror_revisions(vault, "doc") == [(1, "v2"), (2, "v4"), (3, "v5")]
        assert vault.search("v1 OR v3") == []


def test_forget_revisions_ignores_numbers_that_do_not_exist(
    vault_path: Path, recovery_key: str
) -> None:
    with unlock(vault_path) as vault:
        for text in ("a1", "a2", "a3"):
            vault.write(put={"doc": {"type": "note", "text": text}})
        vault.transact(lambda: Changes(forget_revisions={"doc": (2, 9), "other": (1,)}))
        assert versions(vault, "doc") == [(1, "a1")]
        vault.transact(lambda: Changes(forget_revisions={"doc": (1,)}))
        assert versions(vault, "doc") == []
        assert vault.get("doc") == {"type": "note", "text": "a3"}
