"""Journals for the core's own tests, without the app or the command line: one over a
cheap-KDF vault, a second running copy of it (as a second window or a command would be),
and what is on disk, read by a copy opened afresh."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from psp_journal.journal import Journal
from psp_journal.vault import Changes, Vault
from tests.conftest import PASSPHRASE, fixed_clock


@contextmanager
def open_journal(vault_path: Path) -> Iterator[Journal]:
    vault = Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock)
    try:
        yield Journal(vault, fixed_clock)
    finally:
        vault.close()


def on_disk(vault_path: Path) -> tuple[int, dict[str, Any]]:
    """How many blobs the vault holds, and every document in it with its revisions: two
    equal answers mean nothing was written in between."""
    with open_journal(vault_path) as journal:
        vault = journal.vault
        documents = {
            doc_id: (vault.get(doc_id), [r.document for r in vault.revisions(doc_id)])
            for doc_id in vault.ids()
        }
        return vault.record_count(), documents


def just_before_the_next_write(
    journal: Journal, vault_path: Path, change: Callable[[Journal], object]
) -> None:
    """Have another running copy make `change` at the last moment before `journal`'s next
    write transaction takes the lock: what `journal` decided before that moment is stale.
    A change decided inside the transaction (`Journal._decide`) sees it and keeps it."""
    vault = journal.vault
    transact = vault.transact

    def late(prepare: Callable[[], Changes]) -> Changes:
        vault.transact = transact  # type: ignore[method-assign]
        with open_journal(vault_path) as other:
            change(other)
        return transact(prepare)

    vault.transact = late  # type: ignore[method-assign]
