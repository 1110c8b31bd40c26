"""The strain assessment against its budget (≤ 50 ms in-process at 50,000 records), and
whole-process `status` at each size.

Run: `.venv/bin/python benchmarks/strain_bench.py` (a few minutes on 2 cores).
Journals come from the demo generator through `import`; the vaults use the cheapest
allowed KDF, whose own time is measured and subtracted from the whole-process figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from demo_homes import PASSPHRASE, cheap_kdf_seconds, fill_home

from psp_journal.journal import Journal
from psp_journal.vault import Vault

SIZES = (1_000, 10_000, 50_000)
RUNS = 7
END = date.today() - timedelta(days=1)


def assess_ms(home: Path) -> float:
    """In-process, mirror loaded: the records' query plus the pure engine."""
    with Vault.unlock(home / "journal.vault", PASSPHRASE, clock=datetime.now) as vault:
        journal = Journal(vault, datetime.now)
        vault.load_mirror()
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            journal.assess(END)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def status_seconds(home: Path) -> float:
    env = {**os.environ, "PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE}
    command = [sys.executable, "-m", "psp_journal", "status", "--as-of", END.isoformat()]

    def once() -> float:
        started = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        return time.perf_counter() - started

    return statistics.median(once() for _ in range(RUNS))


def main() -> int:
    """Print the table; the exit status is 1 when the assessment is over its budget."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    args = parser.parse_args()
    kdf = cheap_kdf_seconds(RUNS)
    over = False
    print(f"{'records':>8} | {'assess, in-process':>18} | {'status, whole process − KDF':>28}")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            home = Path(folder) / f"home-{size}"
            fill_home(home, size, END)
            assess = assess_ms(home)
            status = (status_seconds(home) - kdf) * 1000
            verdict = "" if size != 50_000 else ("  ok" if assess <= 50 else "  OVER (≤ 50 ms)")
            over = over or "OVER" in verdict
            print(f"{size:>8} | {assess:>15.1f} ms | {status:>25.0f} ms{verdict}")
    return 1 if over else 0


if __name__ == "__main__":
    os.umask(0o077)
    sys.exit(main())
