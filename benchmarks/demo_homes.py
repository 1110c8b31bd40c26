"""Homes filled with a demo journal through `import`, as the benchmarks all need them.

The vaults use the cheapest KDF the format allows, so what is measured is everything but
the KDF; `cheap_kdf_seconds` is that KDF's own time, to subtract from whole-process runs.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from psp_journal.demo import days_for_records, generate_journal
from psp_journal.journal import Journal
from psp_journal.vault import KdfParams, Vault
from psp_journal.vault.crypto import derive_passphrase_key

PASSPHRASE = "benchmark passphrase"
CHEAP_KDF = KdfParams(memory_kib=19 * 1024, iterations=2, lanes=1)
VAULT_FILE = "journal.vault"


@dataclass(frozen=True)
class DemoHome:
    documents: list[dict[str, Any]]
    import_seconds: float
    records: int

    def active_alias(self) -> str:
        return next(
            d["alias"] for d in self.documents if d["type"] == "client" and d["status"] == "active"
        )


def fill_home(home: Path, records: int, end: date) -> DemoHome:
    """A new 0700 `home` whose vault holds a demo journal of about `records` records
    ending on `end`, imported as a user would (which leaves a snapshot)."""
    home.mkdir(mode=0o700)
    documents = generate_journal(days_for_records(records), end)
    lines = [json.dumps(document) for document in documents]
    vault, _ = Vault.create(home / VAULT_FILE, PASSPHRASE, clock=datetime.now, kdf=CHEAP_KDF)
    started = time.perf_counter()
    Journal(vault, datetime.now).import_documents(lines)
    seconds = time.perf_counter() - started
    stored = vault.record_count()
    vault.close()
    return DemoHome(documents, seconds, stored)


def cheap_kdf_seconds(runs: int = 7) -> float:
    def once() -> float:
        started = time.perf_counter()
        derive_passphrase_key(PASSPHRASE, b"0" * 16, CHEAP_KDF)
        return time.perf_counter() - started

    return statistics.median(once() for _ in range(runs))
