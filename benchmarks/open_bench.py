"""Opening the vault in O(changes): ARCHITECTURE.md's unlock, `status` and memory budgets.

Run: `.venv/bin/python benchmarks/open_bench.py` (about ten minutes on 2 cores; `--sizes`
to choose). Exits non-zero, after printing the whole table, when a budget is OVER.

Each size is one home filled once through `import` (as a PSP moving a journal in would),
with the demo generator's journal, then measured in this order:
- the first whole-process `status` after the import (the import leaves a snapshot);
- whole-process `status` right after a whole-process `reflect` (median of 3);
- unlock after the KDF with 100 command-line writes since the snapshot (in-process);
- a durable save with the mirror loaded, median and p99 over `--rounds` saves;
- at the largest size, the steady RSS of an unlocked process (after the real KDF) and its
  peak, which includes the KDF's own 256 MiB.
The vaults use a cheap KDF so that runs stay short; whole-process figures are given as
measured and minus that KDF, which is what the budgets (KDF + x) bound.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from budget_table import BudgetTable
from demo_homes import PASSPHRASE, cheap_kdf_seconds, fill_home

from psp_journal.vault import Vault

SIZES = (1_000, 10_000, 50_000)
CHANGES_SINCE_SNAPSHOT = 100
BUDGET_SIZE = 50_000  # the budgets are set at this size; smaller sizes are reported only


def whole_process(home: Path, *args: str) -> float:
    """Seconds for one command, as an installed psp-journal runs it: with its bytecode
    cached (a shell that sets PYTHONDONTWRITEBYTECODE would add ~50 ms of compiling)."""
    env = {**os.environ, "PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "psp_journal", *args], env=env, capture_output=True, check=True
    )
    return time.perf_counter() - started


def unlock_after_changes(path: Path, changes: int) -> float:
    """Median seconds to load the mirror after the KDF, with `changes` one-entry writes
    (each its own transaction, as from the shell) since the snapshot."""
    with Vault.unlock(path, PASSPHRASE, clock=datetime.now) as vault:
        vault.close(save_snapshot=True)
    with Vault.unlock(path, PASSPHRASE, clock=datetime.now) as vault:
        for i in range(changes):
            vault.write(put={f"shell-{i}": {"type": "reflection", "text": f"thought {i}"}})
    times = []
    for _ in range(5):
        with Vault.unlock(path, PASSPHRASE, clock=datetime.now) as vault:
            started = time.perf_counter()
            vault.load_mirror()
            times.append(time.perf_counter() - started)
            assert not vault.notices, vault.notices
    return statistics.median(times)


def save_times(path: Path, rounds: int) -> list[float]:
    """Durable saves with the mirror loaded, as the app makes them."""
    times = []
    with Vault.unlock(path, PASSPHRASE, clock=datetime.now) as vault:
        vault.load_mirror()
        for i in range(rounds):
            put = {f"save-{i}": {"type": "reflection", "text": f"a saved thought, number {i}"}}
            started = time.perf_counter()
            vault.write(put=put)
            times.append(time.perf_counter() - started)
    return times


def memory_mb(path: Path) -> dict[str, float]:
    """In a fresh process: the real KDF, then unlock and load the mirror. Steady RSS (what
    stays) and the peak (VmHWM, which includes the KDF's memory)."""
    code = (
        "import json\nfrom datetime import datetime\nfrom pathlib import Path\n"
        "from psp_journal.vault import KdfParams, Vault\n"
        "from psp_journal.vault.crypto import derive_passphrase_key\n"
        "derive_passphrase_key('x' * 12, b'0' * 16, KdfParams())\n"
        f"v = Vault.unlock(Path({str(path)!r}), {PASSPHRASE!r}, clock=datetime.now)\n"
        "v.load_mirror(); v.ids()\n"
        "status = dict(line.split(':', 1) for line in open('/proc/self/status'))\n"
        "kib = lambda key: int(status[key].split()[0])\n"
        "print(json.dumps({'steady': kib('VmRSS') / 1024, 'peak': kib('VmHWM') / 1024}))\n"
        "v.close()\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return dict(json.loads(output))


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def p99_ms(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--rounds", type=int, default=300, help="saves timed per size")
    args = parser.parse_args()
    table = BudgetTable()
    row = table.row

    kdf = cheap_kdf_seconds()
    row("cheap KDF of these vaults (subtracted below)", f"{kdf * 1000:.0f} ms", "", None)
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            judged = size >= BUDGET_SIZE
            home = Path(folder) / f"home-{size}"
            filled = fill_home(home, size, date.today() - timedelta(days=1))
            import_seconds, records = filled.import_seconds, filled.records
            path = home / "journal.vault"
            label = f"{records:,} records"
            row(f"import, {label}, in-process", f"{import_seconds:.1f} s", "(reported)", None)

            first = whole_process(home, "status") - kdf
            row(
                f"first `status` after the import, {label}",
                f"KDF + {first * 1000:.0f} ms",
                "≤ KDF + 500 ms",
                first <= 0.5 if judged else None,
            )

            after_write = []
            for i in range(3):
                whole_process(home, "reflect", f"a thought from the shell, {i}")
                after_write.append(whole_process(home, "status") - kdf)
            status = statistics.median(after_write)
            row(
                f"`status` right after a CLI `reflect`, {label}",
                f"KDF + {status * 1000:.0f} ms",
                "≤ KDF + 350 ms",
                status <= 0.35 if judged else None,
            )

            unlock = unlock_after_changes(path, CHANGES_SINCE_SNAPSHOT)
            row(
                f"unlock after the KDF, {CHANGES_SINCE_SNAPSHOT} changes since, {label}",
                f"{unlock * 1000:.0f} ms",
                "≤ 150 ms",
                unlock <= 0.15 if judged else None,
            )

            saves = save_times(path, args.rounds)
            row(
                f"durable save, mirror loaded, {label}",
                f"median {median_ms(saves):.2f} ms, p99 {p99_ms(saves):.2f} ms",
                "≤ 2 ms median, ≤ 10 ms p99",
                median_ms(saves) <= 2 and p99_ms(saves) <= 10 if judged else None,
            )

            if size == max(args.sizes):
                memory = memory_mb(path)
                row(
                    f"steady RSS, unlocked, {label}",
                    f"{memory['steady']:.0f} MB",
                    "≤ 200 MB",
                    memory["steady"] <= 200 if judged else None,
                )
                row(
                    f"peak RSS incl. the real KDF (256 MiB), {label}",
                    f"{memory['peak']:.0f} MB",
                    "(reported)",
                    None,
                )

    return table.print()


if __name__ == "__main__":
    os.umask(0o077)
    sys.exit(main())
