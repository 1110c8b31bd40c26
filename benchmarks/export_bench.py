"""A one-year supervisor summary from a 50,000-record vault, in each format (md, html, json).

Two figures per format, both medians: the summary in-process (the year's records read
from the unlocked journal, `build_summary` with every section, the rendering and, for
json, the signature), and a whole `export --preview` process less the key derivation
(what a person waits for after typing the passphrase). No budget is set for exports in
ARCHITECTURE.md, so the table only reports.

Run: `.venv/bin/python benchmarks/export_bench.py` (a few minutes on 2 cores).
The journal comes from the demo generator through `import`; the vault uses the cheapest
allowed KDF, whose own time is measured and subtracted from the whole-process runs.
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

from budget_table import BudgetTable
from demo_homes import PASSPHRASE, VAULT_FILE, cheap_kdf_seconds, fill_home

from psp_journal.export import SECTIONS, SummaryOptions, build_summary
from psp_journal.export.render import FORMATS, renderer
from psp_journal.journal import Journal
from psp_journal.vault import Vault

RUNS = 7
END = date.today() - timedelta(days=1)
FIRST = END - timedelta(days=364)  # one year, both days included
AUTHOR = "Bench"


def psp_journal(home: Path, *args: str) -> float:
    """Seconds for one whole `psp-journal` process (its output is thrown away)."""
    env = {**os.environ, "PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "psp_journal", *args], env=env, capture_output=True, check=True
    )
    return time.perf_counter() - started


def in_process(journal: Journal, format_name: str) -> tuple[float, int]:
    """Seconds for one year's summary rendered in `format_name`, and its size in bytes."""
    render = renderer(format_name)
    key = journal.signing_key()
    started = time.perf_counter()
    inputs = journal.summary_inputs(FIRST, END)
    summary = build_summary(inputs, (FIRST, END), SECTIONS, SummaryOptions())
    data = render(summary, AUTHOR, key)
    return time.perf_counter() - started, len(data)


def preview_args(format_name: str) -> list[str]:
    sections = [arg for name in SECTIONS for arg in ("--include", name)]
    return [
        "export",
        "--from",
        FIRST.isoformat(),
        "--to",
        END.isoformat(),
        "--format",
        format_name,
        "--out",
        f"/nonexistent-benchmark-dir/summary.{format_name}",
        "--recipient",
        "Benchmark",
        *sections,
        "--preview",
    ]


def main() -> int:
    """Print the table (report only: exports have no budget yet)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=50_000)
    args = parser.parse_args()
    kdf = cheap_kdf_seconds(RUNS)
    table = BudgetTable()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        fill_home(home, args.records, END)
        psp_journal(home, "settings", "set", "author", AUTHOR)
        with Vault.unlock(home / VAULT_FILE, PASSPHRASE, clock=datetime.now) as vault:
            vault.load_mirror()
            journal = Journal(vault, datetime.now)
            for format_name in FORMATS:
                in_process(journal, format_name)  # warm-up: the first reads fill caches
            # Round-robin, so a busy moment on the shared machine does not land on one format.
            runs = [{name: in_process(journal, name) for name in FORMATS} for _ in range(RUNS)]
            for format_name in FORMATS:
                seconds = statistics.median(run[format_name][0] for run in runs)
                table.row(
                    f"one year as {format_name}, in-process, {args.records:,} records, "
                    f"median of {RUNS} ({runs[0][format_name][1] / 1024:.0f} KiB)",
                    f"{seconds * 1000:.0f} ms",
                    "",
                    None,
                )
        wholes = [
            {name: psp_journal(home, *preview_args(name)) for name in FORMATS} for _ in range(RUNS)
        ]
        for format_name in FORMATS:
            whole = statistics.median(run[format_name] for run in wholes)
            table.row(
                f"export --preview --format {format_name}, whole process − KDF, median",
                f"{(whole - kdf) * 1000:.0f} ms",
                "",
                None,
            )
    return table.print()


if __name__ == "__main__":
    os.umask(0o077)
    sys.exit(main())
