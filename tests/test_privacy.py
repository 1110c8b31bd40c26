"""Nothing the user writes reaches the disk in plaintext, and the files that do are private.

Leak tests push a unique marker through the vault (documents, revisions, search, a big
sort in the mirror) and the vault commands, then read every file the processes could have
written. SQLite unlinks its temporary files as soon as it opens them, so a scan after the
fact cannot see a spilled sort: for that the child runs under strace, with a private
SQLITE_TMPDIR, and a control run shows that the same check catches a real spill.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from uuid import uuid4

import pytest

from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE, RunCli, files_under, fixed_clock, run_process

NEW_PASSPHRASE = "a different passphrase, also long"
REPO = Path(__file__).resolve().parents[1]

# --- helpers -------------------------------------------------------------------------------


def new_marker() -> str:
    return f"MARKER-{uuid4().hex}"


def needles_for(marker: str, *secrets: str) -> dict[str, bytes]:
    """Byte patterns whose presence in any file means a leak.

    The marker's random hex part is searched on its own too (FTS5 and a case-folding
    tokenizer would keep only pieces of it), in both cases and in UTF-8 and UTF-16-LE.
    """
    hex_part = marker.split("-", 1)[1]
    texts = {marker, marker.lower(), hex_part, hex_part.upper(), *secrets}
    needles: dict[str, bytes] = {}
    for text in texts:
        needles[f"{text!r} utf-8"] = text.encode("utf-8")
        needles[f"{text!r} utf-16-le"] = text.encode("utf-16-le")
    return needles


def leaks_in(files: list[Path], needles: dict[str, bytes]) -> list[str]:
    found = []
    for path in files:
        data = path.read_bytes()
        for label, needle in needles.items():
            if needle in data:
                found.append(f"{path}: {label}")
    return found


def sandbox(root: Path) -> tuple[Path, dict[str, str]]:
    """A vault home plus every folder a process might write to, all under `root`."""
    folders = {
        "HOME": root / "user-home",
        "XDG_CONFIG_HOME": root / "xdg-config",
        "XDG_DATA_HOME": root / "xdg-data",
        "XDG_CACHE_HOME": root / "xdg-cache",
        "XDG_STATE_HOME": root / "xdg-state",
        "XDG_RUNTIME_DIR": root / "xdg-runtime",
        "TMPDIR": root / "tmp",
        "SQLITE_TMPDIR": root / "sqlite-tmp",
    }
    for folder in folders.values():
        folder.mkdir(mode=0o700, parents=True)
    env = {name: str(folder) for name, folder in folders.items()}
    env["TEMP"] = env["TMP"] = env["TMPDIR"]
    home = root / "journal-home"
    home.mkdir(mode=0o700)
    env["PSP_JOURNAL_HOME"] = str(home)
    return home, env


# A child process that fills a cheap-KDF vault with the marker, searches and sorts it,
# then waits (vault open, WAL live) until the parent has scanned, and closes.
LEAK_CHILD = textwrap.dedent(
    """
    import os, sys, json
    from pathlib import Path
    from psp_journal.vault import Vault
    from tests.conftest import CHEAP_KDF, fixed_clock

    home = Path(sys.argv[1])
    marker = os.environ["LEAK_MARKER"]
    passphrase = os.environ["PSP_JOURNAL_PASSPHRASE"]
    vault, _ = Vault.create(home / "journal.vault", passphrase, clock=fixed_clock, kdf=CHEAP_KDF)

    def document(i, extra=""):
        return {
            "type": "reflection",
            "text": f"{marker} reflection {i} {extra}",
            "alias": marker,
            "client": f"client-{marker}",
            "tags": [marker.lower(), "grief"],
            "note": {"deep": [marker, {"deeper": f"x{marker}x"}]},
            "at": "2026-11-02T21:00",
        }

    for i in range(40):
        vault.write(put={f"doc-{i}": document(i)})
    vault.write(put={f"id-{marker}": document(99)})
    vault.write(put={"big": {"type": "reflection", "text": (marker + " ") * 3000}})
    vault.write(put={f"batch-{i}": document(i, "batch") for i in range(10)})
    vault.write(put={"doc-1": document(1, "edited once")})
    vault.write(put={"doc-1": document(1, "edited twice")})
    vault.write(delete=["doc-2", "batch-3"])
    vault.write(purge=["doc-3"])

    hits = vault.search(f'"{marker}"')
    assert len(hits) >= 40, hits
    assert len(vault.revisions("doc-1")) == 2

    # A big sort over every column of the mirror's tables, whatever they are called.
    db = vault.mirror.db
    db.execute("PRAGMA cache_size=-64")

    def sort_everything(table):
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        every_column = " || ".join(f"ifnull(quote({column}), '')" for column in columns)
        return len(db.execute(
            "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2000) "
            f"SELECT substr({every_column}, 1, 400) || c.i AS k FROM {table}, c ORDER BY k DESC"
        ).fetchall())

    tables = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"
    )]
    sorted_rows = {table: sort_everything(table) for table in tables}
    print(json.dumps({"hits": len(hits), "sorted": sorted_rows}), flush=True)
    sys.stdin.readline()
    vault.close()
    print("closed", flush=True)
    """
)


def test_no_marker_or_passphrase_in_any_file(tmp_path: Path) -> None:
    marker = new_marker()
    root = tmp_path / "sandbox"
    home, env = sandbox(root)
    env["PSP_JOURNAL_PASSPHRASE"] = PASSPHRASE
    script = tmp_path / "leak_child.py"
    script.write_text(LEAK_CHILD)
    needles = needles_for(marker, PASSPHRASE, NEW_PASSPHRASE)

    child = subprocess.Popen(
        [sys.executable, str(script), str(home)],
        env={**os.environ, **env, "LEAK_MARKER": marker, "PYTHONPATH": str(REPO)},
        cwd=env["HOME"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        first_line = child.stdout.readline()
        assert first_line, child.communicate(timeout=60)[1]
        report = json.loads(first_line)
        assert report["hits"] >= 40
        # 49 documents and 4 revisions (two edits, two deletes), each sorted 2000 times over.
        assert sum(report["sorted"].values()) >= (49 + 4) * 2000, report

        # The vault is open and its WAL is live: nothing readable there either.
        while_open = files_under(root)
        assert home / "journal.vault-wal" in while_open
        assert leaks_in(while_open, needles) == []

        child.stdin.write("close\n")
        child.stdin.flush()
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, err
    assert "closed" in out

    verified = run_process(["verify"], env)
    assert verified.returncode == 0, verified.stderr
    changed = run_process(["passwd"], {**env, "PSP_JOURNAL_NEW_PASSPHRASE": NEW_PASSPHRASE})
    assert changed.returncode == 0, changed.stderr
    backup = home / "journal-backup.vault"
    backed_up = run_process(
        ["backup", str(backup)], {**env, "PSP_JOURNAL_PASSPHRASE": NEW_PASSPHRASE}
    )
    assert backed_up.returncode == 0, backed_up.stderr
    for result in (verified, changed, backed_up):
        assert marker not in result.stdout + result.stderr

    files = files_under(root)
    assert home / "journal.vault" in files and backup in files
    assert leaks_in(files, needles) == []

    # The scan itself finds a leak when there is one.
    canary = Path(env["TMPDIR"]) / "canary"
    canary.write_bytes(b"\x00" + marker.lower().encode("utf-16-le") + b"\x00")
    assert sorted(leaks_in(files_under(root), needles)) == sorted(
        [
            f"{canary}: {marker.lower()!r} utf-16-le",
            f"{canary}: {marker.split('-', 1)[1]!r} utf-16-le",
        ]
    )


def test_the_mirror_keeps_temporary_data_in_memory(open_vault: Vault) -> None:
    assert open_vault.mirror.db.execute("PRAGMA temp_store").fetchone()[0] == 2


def test_the_mirror_of_a_reopened_vault_keeps_temporary_data_in_memory(
    vault_path: Path, recovery_key: str
) -> None:
    """However unlock builds the mirror the second time (a snapshot, say), it stays in RAM."""
    with Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock) as vault:
        vault.write(put={f"doc-{i}": {"type": "note", "text": f"entry {i}"} for i in range(30)})
        assert len(vault.ids()) == 30
    with Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock) as vault:
        assert len(vault.ids()) == 30
        assert vault.mirror.db.execute("PRAGMA temp_store").fetchone()[0] == 2


# --- SQLite opens no temporary file (strace) -------------------------------------------------

STRACE = shutil.which("strace")
needs_strace = pytest.mark.skipif(
    STRACE is None, reason="strace is not installed (Debian package strace)"
)

# Sorts, an index build and a TEMP table, each far larger than a 64 KiB page cache: with
# temp_store=FILE every one of them would spill into an etilqs_* file in SQLITE_TMPDIR.
SPILL_CHILD = textwrap.dedent(
    """
    import json, os, sqlite3, sys
    from pathlib import Path
    from tests.conftest import CHEAP_KDF, fixed_clock

    mode, home = sys.argv[1], Path(sys.argv[2])
    marker = os.environ["LEAK_MARKER"]
    if mode == "plain-memory-file":
        conn = sqlite3.connect(":memory:")
        conn.execute("PRAGMA temp_store=FILE")
    else:
        from psp_journal.vault import Vault
        from psp_journal.vault.mirror import Mirror

        path, passphrase = home / "journal.vault", os.environ["PSP_JOURNAL_PASSPHRASE"]
        vault, _ = Vault.create(path, passphrase, clock=fixed_clock, kdf=CHEAP_KDF)
        vault.write(put={f"doc-{i}": {"type": "note", "text": f"{marker} {i}"} for i in range(50)})
        assert len(vault.ids()) == 50
        vault.close()
        # Unlocked again, as a user does: the mirror as unlock builds it (or restores it).
        vault = Vault.unlock(path, passphrase, clock=fixed_clock)
        assert len(vault.ids()) == 50
        assert isinstance(vault.mirror, Mirror)
        conn = vault.mirror.db
        if mode == "mirror-file":
            conn.execute("PRAGMA temp_store=FILE")
    conn.execute("PRAGMA cache_size=-64")
    conn.execute("CREATE TABLE spill (n INTEGER, x TEXT)")
    conn.execute(
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200000) "
        "INSERT INTO spill SELECT i, hex(randomblob(16)) || ? FROM c", [marker]
    )
    rows = conn.execute("SELECT x FROM spill ORDER BY x DESC").fetchall()
    assert len(rows) == 200000 and rows[0][0] >= rows[-1][0]
    conn.execute("CREATE INDEX spill_x ON spill (x)")
    conn.execute("CREATE TEMP TABLE shuffled AS SELECT x, n FROM spill ORDER BY random()")
    grouped = conn.execute("SELECT count(*) FROM (SELECT x FROM shuffled GROUP BY n % 99991, x)")
    print(json.dumps({
        "temp_store": conn.execute("PRAGMA temp_store").fetchone()[0],
        "sorted": len(rows),
        "grouped": grouped.fetchone()[0],
    }))
    """
)


def traced_opens(tmp_path: Path, mode: str) -> tuple[dict[str, int], list[str], str, Path]:
    """Run the spill script under strace; return its report, the open calls and the dir."""
    private = tmp_path / "sqlite-private-tmp"
    private.mkdir(mode=0o700)
    home = tmp_path / "home"
    home.mkdir(mode=0o700, exist_ok=True)
    script = tmp_path / "spill_child.py"
    script.write_text(SPILL_CHILD)
    log = tmp_path / f"strace-{mode}.log"
    assert STRACE is not None
    result = subprocess.run(
        [
            STRACE,
            "-f",
            "-e",
            "trace=open,openat,openat2,creat",
            "-o",
            str(log),
            sys.executable,
            str(script),
            mode,
            str(home),
        ],
        env={
            **os.environ,
            "SQLITE_TMPDIR": str(private),
            "TMPDIR": str(private),
            "LEAK_MARKER": new_marker(),
            "PSP_JOURNAL_PASSPHRASE": PASSPHRASE,
            "PYTHONPATH": str(REPO),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    trace = log.read_text()
    opens = [line for line in trace.splitlines() if str(private) in line or "etilqs" in line]
    return report, opens, trace, private


@needs_strace
@pytest.mark.slow
def test_the_vault_mirror_opens_no_temporary_file(tmp_path: Path) -> None:
    report, opens, trace, private = traced_opens(tmp_path, "vault-mirror")
    assert "journal.vault" in trace, "strace saw none of the vault's own opens"
    assert opens == []
    assert report == {"temp_store": 2, "sorted": 200_000, "grouped": 200_000}
    assert list(private.iterdir()) == []


@needs_strace
@pytest.mark.slow
def test_control_a_memory_database_with_file_temp_store_does_spill(tmp_path: Path) -> None:
    """Proof the check above is not vacuous: the same work with temp_store=FILE is caught."""
    report, opens, _, private = traced_opens(tmp_path, "plain-memory-file")
    assert report["temp_store"] == 1 and report["sorted"] == 200_000
    assert any(f"{private}/etilqs_" in line for line in opens), opens


@needs_strace
@pytest.mark.slow
def test_control_the_same_mirror_spills_once_temp_store_is_file(tmp_path: Path) -> None:
    """The workload spills in the mirror's own connection too: only the pragma stops it."""
    report, opens, _, private = traced_opens(tmp_path, "mirror-file")
    assert report["temp_store"] == 1 and report["sorted"] == 200_000
    assert any(f"{private}/etilqs_" in line for line in opens), opens


@needs_strace
def test_vault_commands_open_no_temporary_file(
    tmp_path: Path, recovery_key: str, home: Path
) -> None:
    """Unlock, full scan, backup and verify of the copy, as the CLI does them."""
    private = tmp_path / "cli-private-tmp"
    private.mkdir(mode=0o700)
    vault = Vault.unlock(home / "journal.vault", PASSPHRASE, clock=fixed_clock)
    vault.write(put={f"doc-{i}": {"type": "note", "text": "x" * i} for i in range(200)})
    vault.close()
    log = tmp_path / "strace-cli.log"
    assert STRACE is not None
    result = subprocess.run(
        [
            STRACE,
            "-f",
            "-e",
            "trace=open,openat,openat2,creat",
            "-o",
            str(log),
            sys.executable,
            "-m",
            "psp_journal",
            "backup",
            str(home / "copy.vault"),
        ],
        env={
            **os.environ,
            "PSP_JOURNAL_HOME": str(home),
            "PSP_JOURNAL_PASSPHRASE": PASSPHRASE,
            "SQLITE_TMPDIR": str(private),
            "TMPDIR": str(private),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    trace = log.read_text()
    assert "copy.vault" in trace
    assert [line for line in trace.splitlines() if str(private) in line or "etilqs" in line] == []


# --- file modes ------------------------------------------------------------------------------


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_init_creates_a_nested_home_0700_and_a_vault_0600(tmp_path: Path) -> None:
    """The one run of the real KDF in these tests: `init` through the real command."""
    home = tmp_path / "not" / "yet" / "there"
    result = run_process(
        ["--home", str(home), "init"],
        {"PSP_JOURNAL_PASSPHRASE": PASSPHRASE, "PSP_JOURNAL_HOME": ""},
    )
    assert result.returncode == 0, result.stderr
    assert home.is_dir()
    assert mode_of(home) == 0o700
    assert mode_of(home / "journal.vault") == 0o600
    assert {path: mode_of(path) for path in files_under(home)} == {
        path: 0o600 for path in files_under(home)
    }


def test_wal_shm_and_backup_are_0600_even_with_an_open_umask(
    tmp_path: Path, run_cli: RunCli, home: Path
) -> None:
    previous = os.umask(0)
    try:
        vault, _ = Vault.create(
            home / "journal.vault", PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF
        )
        try:
            for i in range(20):
                vault.write(put={f"doc-{i}": {"type": "note", "text": f"entry {i}"}})
            assert len(vault.ids()) == 20  # the mirror in use: whatever is kept of it on lock
            wal = home / "journal.vault-wal"
            shm = home / "journal.vault-shm"
            assert wal.exists(), "the WAL should be live while the vault is open"
            for side_file in (wal, shm):
                if side_file.exists():
                    assert mode_of(side_file) == 0o600, side_file
        finally:
            vault.close()
        result = run_cli("backup", str(home / "copy.vault"))
        assert result.exit_code == 0, result.output
    finally:
        os.umask(previous)
    modes = {path.name: mode_of(path) for path in files_under(home)}
    assert modes["journal.vault"] == 0o600 and modes["copy.vault"] == 0o600
    assert set(modes.values()) == {0o600}, modes
