"""Measure the vault against ARCHITECTURE.md's budgets and print one table.

Run: `.venv/bin/python benchmarks/vault_bench.py` (a few minutes on 2 cores); it exits
non-zero when a budget is OVER. The opening budgets (unlock in O(changes), `status` after
a CLI write, the first open after an import, memory) are in open_bench.py.
Not part of the test suite: timings on a shared machine are noisy, so each figure is a
median over several runs, and each budget is checked against that median.

Vaults are filled by the same generator as `--demo` (psp_journal/demo.py), so they hold
what a PSP's journal holds. A size is reached approximately: the journal runs for
`days_for_records(size)` days (about 5 records a day, so 50,000 records is about 27 years
of one busy PSP), and the durable-save row names the records and days it was measured on.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from budget_table import BudgetTable

from psp_journal.demo import DEFAULT_SEED, days_for_records, generate_journal
from psp_journal.vault import KdfParams, Vault

PASSPHRASE = "benchmark passphrase"
CHEAP_KDF = KdfParams(memory_kib=19 * 1024, iterations=2, lanes=1)
SIZES = (1_000, 10_000, 50_000)
JOURNAL_END = date(2026, 11, 20)


def demo_records(days: int, seed: int = DEFAULT_SEED) -> list[dict[str, Any]]:
    """The demo journal's records (settings and the plan are not records: they have no id)."""
    return [doc for doc in generate_journal(days, JOURNAL_END, seed) if "id" in doc]


def build_vault(folder: Path, size: int) -> tuple[Path, int, int]:
    """A vault holding a demo journal of about `size` records: its path, records and days."""
    path = folder / f"vault-{size}.vault"
    days = days_for_records(size)
    documents = demo_records(days)
    vault, _ = Vault.create(path, PASSPHRASE, clock=datetime.now, kdf=CHEAP_KDF)
    for start in range(0, len(documents), 1000):
        vault.write(put={doc["id"]: doc for doc in documents[start : start + 1000]})
    vault.close()
    return path, len(documents), days


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def save_times(path: Path, rounds: int) -> list[float]:
    """Each save is an entry of another demo journal, added under a fresh id, with the
    mirror loaded as the app has it (so the in-memory index is updated too)."""
    entries = itertools.islice(
        itertools.cycle(demo_records(days_for_records(rounds), seed=7)), rounds
    )
    puts = [{f"new-{i}": {**doc, "id": f"new-{i}"}} for i, doc in enumerate(entries)]
    vault = Vault.unlock(path, PASSPHRASE, clock=datetime.now)
    try:
        vault.load_mirror()
        return [timed(functools.partial(vault.write, put=put)) for put in puts]
    finally:
        vault.close()


def unlock_time(path: Path) -> float:
    """Unlock after the KDF (cheap here) with the mirror loaded, as the app needs it."""
    vault = Vault.unlock(path, PASSPHRASE, clock=datetime.now)
    try:
        return timed(lambda: vault.mirror)
    finally:
        vault.close()


def write_one_lazily(path: Path) -> None:
    """What a command-line write leaves behind: the file changed, the snapshot did not."""
    with Vault.unlock(path, PASSPHRASE, clock=datetime.now) as vault:
        vault.write(put={f"cli-{time.time_ns()}": {"type": "reflection", "text": "one more"}})


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def p99_ms(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


def child_python(code: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return dict(json.loads(output))


def kdf_figures() -> dict[str, float]:
    code = (
        "import json,resource,time\n"
        "from psp_journal.vault.crypto import KdfParams, derive_passphrase_key\n"
        "times=[]\n"
        "for _ in range(3):\n"
        "    t=time.perf_counter(); derive_passphrase_key('x'*12, b'0'*16, KdfParams())\n"
        "    times.append(time.perf_counter()-t)\n"
        "times.sort()\n"
        "print(json.dumps({'seconds': times[1],"
        " 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024}))\n"
    )
    return child_python(code)


def steady_rss_mb(path: Path) -> float:
    code = (
        "import json\nfrom datetime import datetime\nfrom pathlib import Path\n"
        "from psp_journal.vault import Vault\n"
        f"v=Vault.unlock(Path({str(path)!r}), {PASSPHRASE!r}, clock=datetime.now)\n"
        "v.mirror; n=len(v.ids())\n"
        "rss=[l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1]\n"
        "print(json.dumps({'rss_mb': int(rss)/1024, 'docs': n}))\n"
    )
    return child_python(code)["rss_mb"]


def version_seconds(runs: int = 7) -> float:
    command = [sys.executable, "-m", "psp_journal", "--version"]
    return statistics.median(
        timed(lambda: subprocess.run(command, capture_output=True, check=True)) for _ in range(runs)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--rounds", type=int, default=300, help="saves timed per size")
    args = parser.parse_args()
    table = BudgetTable()
    row = table.row

    with tempfile.TemporaryDirectory() as folder:
        save_medians: dict[int, float] = {}
        for size in args.sizes:
            path, records, days = build_vault(Path(folder), size)
            saves = save_times(path, args.rounds)
            save_medians[size] = median_ms(saves)
            row(
                f"durable save, {records:,} records ({days:,} days)",
                f"median {median_ms(saves):.2f} ms, p99 {p99_ms(saves):.2f} ms",
                "≤ 2 ms median, ≤ 10 ms p99",
                median_ms(saves) <= 2 and p99_ms(saves) <= 10,
            )
            (Path(str(path) + ".snapshot")).unlink(missing_ok=True)
            slow = unlock_time(path)
            fast = statistics.median(unlock_time(path) for _ in range(5))
            after_cli = []
            for _ in range(3):
                write_one_lazily(path)
                after_cli.append(unlock_time(path))
            row(
                f"unlock after KDF, {size:,}: snapshot matches",
                f"{fast * 1000:.0f} ms",
                "≤ 150 ms at 50,000",
                fast <= 0.15 if size == 50_000 else None,
            )
            row(
                f"unlock after KDF, {size:,}: after a CLI write",
                f"{statistics.median(after_cli) * 1000:.0f} ms",
                "(decrypts only changes)",
                None,
            )
            row(
                f"unlock after KDF, {size:,}: no snapshot",
                f"{slow * 1000:.0f} ms",
                "(first unlock, or snapshot damaged)",
                None,
            )
            if size == max(args.sizes):
                rss = steady_rss_mb(path)
                row(f"steady RSS, {size:,} unlocked", f"{rss:.0f} MB", "≤ 200 MB", rss <= 200)
        if len(save_medians) > 1:
            small, large = min(save_medians), max(save_medians)
            ratio = save_medians[large] / save_medians[small]
            row(f"save time ratio {large:,} / {small:,}", f"{ratio:.2f}×", "≤ 1.2×", ratio <= 1.2)
    kdf = kdf_figures()
    row("KDF (Argon2id 256 MiB, t=3, p=4)", f"{kdf['seconds'] * 1000:.0f} ms", "(reported)", None)
    row("KDF memory peak", f"{kdf['peak_mb']:.0f} MB", "(reported separately)", None)
    version = version_seconds()
    row(
        "`psp-journal --version`, whole process",
        f"{version * 1000:.0f} ms",
        "≤ 150 ms",
        version <= 0.15,
    )

    return table.print()


if __name__ == "__main__":
    os.umask(0o077)
    sys.exit(main())
