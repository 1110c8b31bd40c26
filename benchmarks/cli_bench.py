"""Whole-process command-line writes, reading back (`list`, `search`) and a large import,
against ARCHITECTURE.md's budgets.

Run: `.venv/bin/python benchmarks/cli_bench.py` (a few minutes on 2 cores).
Vaults are filled with the demo generator's journals through `import` (which is itself
timed at the largest size). The vaults use the cheapest allowed KDF so that what is
measured is everything but the KDF; its own time is measured and subtracted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from demo_homes import PASSPHRASE, cheap_kdf_seconds, fill_home

SIZES = (1_000, 10_000, 50_000)
RUNS = 7


def whole_process(home: Path, args: list[str], stdin: str | None = None) -> float:
    env = {**os.environ, "PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "psp_journal", *args],
        env=env,
        input=stdin,
        text=True,
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started


def main() -> int:
    """Print the table; the exit status is 1 when any budget is over."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    args = parser.parse_args()
    kdf = cheap_kdf_seconds()
    print(f"cheap KDF inside each run (subtracted below): {kdf * 1000:.0f} ms")
    print(
        f"{'records':>8} | {'reflect - (ms)':>15} | {'log ALIAS (ms)':>15} | "
        f"{'list (ms)':>10} | {'list --client (ms)':>18} | {'search (ms)':>11} | import (s)"
    )
    figures: dict[int, tuple[float, ...]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            home = Path(folder) / f"home-{size}"
            filled = fill_home(home, size, date.today() - timedelta(days=1))
            import_seconds, alias = filled.import_seconds, filled.active_alias()
            reflect = statistics.median(
                whole_process(home, ["reflect", "-"], "a short reflection") for _ in range(RUNS)
            )
            log = statistics.median(
                whole_process(
                    home, ["log", alias, "--minutes", "30", "--mode", "phone", "--intensity", "3"]
                )
                for _ in range(RUNS)
            )
            listed, by_client, searched = (
                statistics.median(whole_process(home, command) for _ in range(RUNS))
                for command in (["list"], ["list", "--client", alias], ["search", "housing"])
            )
            figures[size] = tuple(
                seconds - kdf for seconds in (reflect, log, listed, by_client, searched)
            )
            ms = [seconds * 1000 for seconds in figures[size]]
            print(
                f"{size:>8} | {ms[0]:>15.0f} | {ms[1]:>15.0f} | {ms[2]:>10.0f} | "
                f"{ms[3]:>18.0f} | {ms[4]:>11.0f} | {import_seconds:.1f}"
            )
    largest, smallest = max(figures), min(figures)
    over = []
    # A write reads only what it needs, so it must not grow with the journal; reading back
    # loads the whole in-memory mirror, so it may grow, within the same 300 ms.
    for name, index, ratio_budget in (
        ("reflect", 0, 1.2),
        ("log", 1, 1.2),
        ("list", 2, None),
        ("list --client", 3, None),
        ("search", 4, None),
    ):
        at_largest = figures[largest][index]
        ratio = at_largest / figures[smallest][index]
        within = at_largest <= 0.3 and (ratio_budget is None or ratio <= ratio_budget)
        budget = f" (budget {ratio_budget}×)" if ratio_budget else ""
        print(
            f"{name}: {at_largest * 1000:.0f} ms + KDF at {largest:,} (budget 300 ms), "
            f"{ratio:.2f}× the {smallest:,} figure{budget}: {'ok' if within else 'OVER'}"
        )
        if not within:
            over.append(name)
    return 1 if over else 0


if __name__ == "__main__":
    os.umask(0o077)
    sys.exit(main())
