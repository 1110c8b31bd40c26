"""Faults a real machine throws at a running journal: kill -9 in the middle of writes, a
full disk, a read-only home. Nothing acknowledged may be lost, and the vault must verify
and open afterwards with the same passphrase.

An acknowledgement is what the user would see as "saved": a child process prints it only
once `Vault.write` has returned. Children print what they are about to write ("try") and
then "ack", so the one write that may be in flight when a kill lands is known exactly: it
may or may not be there afterwards, but never half there.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from psp_journal.vault import IntegrityError, Vault
from psp_journal.vault.disk import DiskStore
from psp_journal.vault.keys import unwrap_with_recovery
from psp_journal.vault.maintenance import verify_vault
from psp_journal.vault.meta import read_header
from psp_journal.vault.recovery_key import parse_recovery_key
from psp_journal.vault.snapshot import snapshot_path
from tests.conftest import PASSPHRASE, RunCli, fixed_clock, run_process
from tests.read_only_home import require_read_only_mount, run_in_read_only_home

REPO = Path(__file__).resolve().parents[1]
SHARED_ID = "shared"
INITIAL_SHARED = {"type": "note", "by": "parent", "n": 0, "text": "the first version"}
NEW_PASSPHRASE = "another passphrase entirely"

Document = dict[str, Any]


def canonical(document: Any) -> str:
    return json.dumps(document, sort_keys=True)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def child_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PSP_JOURNAL_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(REPO), **extra}


def documents_in_mirror(vault: Vault) -> dict[str, Document]:
    rows = vault.mirror.db.execute("SELECT id, body FROM documents").fetchall()
    return {doc_id: json.loads(body) for doc_id, body in rows}


def assert_clean_failure(completed: subprocess.CompletedProcess[str], code: int) -> None:
    output = completed.stdout + completed.stderr
    assert completed.returncode == code, output
    assert "Traceback" not in output, output
    assert completed.stderr.startswith("psp-journal: "), output


# --- kill -9 --------------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import json, os, random, sys
    from pathlib import Path
    from psp_journal.vault import Vault
    from tests.conftest import fixed_clock

    path, name, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    mirror_share, session_length = float(sys.argv[4]), int(sys.argv[5])
    rng = random.Random(seed)
    mine = []  # this writer's acknowledged ids, candidates for deletion
    number = 0

    def say(*words):
        print(*words, flush=True)

    def text(size):
        return rng.randbytes(size // 2).hex()

    while True:  # until killed: unlock, a few writes, lock; again
        vault = Vault.unlock(path, os.environ["PSP_JOURNAL_PASSPHRASE"], clock=fixed_clock)
        with_mirror = rng.random() < mirror_share
        if with_mirror:
            vault.load_mirror()
            say("mirror")
        for _ in range(rng.randint(1, session_length)):
            number += 1
            roll = rng.random()
            if roll < 0.15:
                size = rng.choice([20, 3000])
                op = {"edit": {"type": "note", "by": name, "n": number, "text": text(size)}}
            elif roll < 0.3 and mine:
                op = {"delete": mine.pop(rng.randrange(len(mine)))}
            else:
                size = rng.choice([10, 200, 1500, 6000, 20000])
                doc = {"type": "note", "writer": name, "n": number, "text": text(size)}
                op = {"put": f"{name}-{number}", "doc": doc}
            say("try", json.dumps(op))
            if "edit" in op:
                vault.write(put={"shared": op["edit"]})
            elif "delete" in op:
                vault.write(delete=[op["delete"]])
            else:
                vault.write(put={op["put"]: op["doc"]})
            say("ack")
            if "put" in op:
                mine.append(op["put"])
            if with_mirror and rng.random() < 0.3:
                vault.ids()  # use the mirror: it folds in the other writer's commits
        vault.close()
        say("closed")
    """
)


@dataclass
class WriterLog:
    """What one killed writer printed: the acknowledged operations and the one in flight."""

    acknowledged: list[dict[str, Any]] = field(default_factory=list)
    in_flight: dict[str, Any] | None = None
    lines: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, out: Path) -> WriterLog:
        text = out.read_text()
        complete = text.split("\n")[:-1]  # a line cut by the kill has no newline yet
        log = cls(lines=complete)
        for line in complete:
            if line.startswith("try "):
                log.in_flight = json.loads(line[4:])
            elif line == "ack":
                assert log.in_flight is not None
                log.acknowledged.append(log.in_flight)
                log.in_flight = None
        return log


class Writer:
    """A writer process whose output goes to a file, so a kill never loses what it printed."""

    def __init__(
        self,
        folder: Path,
        vault_path: Path,
        name: str,
        seed: int,
        mirror_share: float,
        session: int,
    ) -> None:
        self.out = folder / f"{name}.out"
        self.err = folder / f"{name}.err"
        script = folder / "writer.py"
        if not script.exists():
            script.write_text(WRITER)
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    str(script),
                    str(vault_path),
                    name,
                    str(seed),
                    str(mirror_share),
                    str(session),
                ],
                env=child_env(),
                stdout=out,
                stderr=err,
            )

    def printed(self, word: str) -> int:
        return sum(1 for line in self.out.read_text().splitlines() if line.split(" ")[0] == word)

    def wait_for(self, word: str, times: int = 1, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.printed(word) < times:
            assert self.process.poll() is None, f"the writer died: {self.err.read_text()}"
            assert time.monotonic() < deadline, f"the writer never printed {word!r}"
            time.sleep(0.005)

    def kill(self) -> WriterLog:
        """SIGKILL, then what it had printed. A writer that died by itself is a failure."""
        assert self.process.poll() is None, f"the writer died: {self.err.read_text()}"
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        assert self.process.returncode == -signal.SIGKILL
        return WriterLog.read(self.out)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Expected:
    """The vault as the writers' acknowledgements say it must be, carried across rounds.

    After each check, a write that was in flight is resolved to what the vault shows (it was
    checked to be all there or not there), so the model stays exact round after round.
    """

    def __init__(self) -> None:
        self.documents: dict[str, Document] = {}
        self.deleted: dict[str, Document] = {}  # id -> the version kept as its "delete" revision
        self.shared_versions: Counter[str] = Counter([canonical(INITIAL_SHARED)])

    def check(self, vault_path: Path, logs: list[WriterLog]) -> None:
        acknowledged_edits: Counter[str] = Counter()
        maybe_edits: Counter[str] = Counter()
        maybe_puts: dict[str, Document] = {}
        maybe_deletes: set[str] = set()
        for log in logs:
            for op in log.acknowledged:
                if "put" in op:
                    self.documents[op["put"]] = op["doc"]
                elif "delete" in op:
                    self.deleted[op["delete"]] = self.documents.pop(op["delete"])
                else:
                    acknowledged_edits[canonical(op["edit"])] += 1
            if log.in_flight is None:
                continue
            op = log.in_flight
            if "put" in op:
                maybe_puts[op["put"]] = op["doc"]
            elif "delete" in op:
                maybe_deletes.add(op["delete"])
            else:
                maybe_edits[canonical(op["edit"])] += 1

        with Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock) as vault:
            stored = documents_in_mirror(vault)
            for doc_id, document in stored.items():
                assert vault.get(doc_id) == document, f"{doc_id}: mirror and disk disagree"
            shared = stored.pop(SHARED_ID)

            for doc_id, document in maybe_puts.items():  # in flight: all there, or not at all
                if doc_id in stored:
                    assert stored[doc_id] == document, doc_id
                    self.documents[doc_id] = document
            for doc_id in maybe_deletes:
                if doc_id not in stored:
                    self.deleted[doc_id] = self.documents.pop(doc_id)
            lost = sorted(set(self.documents) - set(stored))
            assert lost == [], f"acknowledged writes lost: {lost}"
            assert sorted(set(stored) - set(self.documents)) == [], "documents nobody wrote"
            wrong = [doc_id for doc_id, doc in self.documents.items() if stored[doc_id] != doc]
            assert wrong == [], f"acknowledged documents changed: {wrong}"

            for doc_id, document in self.deleted.items():
                revisions = vault.revisions(doc_id)
                assert revisions, f"the deleted {doc_id} kept no revision"
                assert (revisions[-1].reason, revisions[-1].document) == ("delete", document)
            unexpected = [doc_id for doc_id in self.documents if vault.revisions(doc_id)]
            assert unexpected == [], "revisions of documents never edited"

            versions = Counter(canonical(r.document) for r in vault.revisions(SHARED_ID))
            versions[canonical(shared)] += 1
            must = self.shared_versions + acknowledged_edits
            assert must - versions == Counter(), "an acknowledged edit was lost"
            assert versions - must <= maybe_edits, "a version of the shared note nobody wrote"
            self.shared_versions = versions

            # Each document, each version of the shared note, one revision per deletion.
            expected_records = len(self.documents) + sum(versions.values()) + len(self.deleted)
            assert vault.record_count() == expected_records

        assert verify_vault(vault_path, PASSPHRASE) == expected_records
        # Again through the snapshot our close just wrote: the fast path gives the same.
        with Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock) as vault:
            assert documents_in_mirror(vault) == {**self.documents, SHARED_ID: shared}


def start_shared(vault_path: Path) -> None:
    with Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock) as vault:
        vault.write(put={SHARED_ID: INITIAL_SHARED})


KILL_ROUNDS = range(20)


@pytest.mark.slow
def test_two_writers_killed_at_random_moments_lose_nothing_acknowledged(
    tmp_path: Path, vault_path: Path, recovery_key: str, run_cli: RunCli, home: Path
) -> None:
    """Twenty rounds on one vault. Each round two writers start together (half their
    sessions with the mirror loaded, so they also refresh, close, checkpoint and write
    snapshots); one is killed at a random moment while the other keeps writing, then the
    other. After every round: every acknowledged write is there, exactly; verify passes."""
    start_shared(vault_path)
    expected = Expected()
    kills_while_the_other_wrote = 0
    for round_number in KILL_ROUNDS:
        rng = random.Random(1000 + round_number)
        folder = tmp_path / f"round-{round_number:02d}"
        folder.mkdir()
        writers = [
            Writer(folder, vault_path, f"r{round_number:02d}{side}", rng.randrange(2**32), 0.5, 6)
            for side in "ab"
        ]
        try:
            for writer in writers:
                writer.wait_for("try")
            rng.shuffle(writers)
            first, second = writers
            time.sleep(rng.uniform(0.0, 0.4))
            first_log = first.kill()
            acks_before = second.printed("ack")
            time.sleep(rng.uniform(0.0, 0.3))
            second_log = second.kill()
            kills_while_the_other_wrote += second.printed("ack") > acks_before
        finally:
            for writer in writers:
                writer.stop()

        expected.check(vault_path, [first_log, second_log])
        result = run_cli("verify")
        assert result.exit_code == 0, result.output

    assert kills_while_the_other_wrote >= len(KILL_ROUNDS) // 2, "the kills overlapped writing"
    assert len(expected.documents) > 50 and expected.deleted, "the rounds did write"
    assert sum(expected.shared_versions.values()) > 5, "and edit the shared note"
    verified = run_process(
        ["verify"], {"PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE}
    )
    assert verified.returncode == 0, verified.stderr


MIRROR_ROUNDS = range(6)


@pytest.mark.slow
def test_a_writer_killed_with_its_mirror_loaded_leaves_no_stale_snapshot_trusted(
    tmp_path: Path, vault_path: Path, recovery_key: str
) -> None:
    """A writer that always loads the mirror and locks after a few writes (so it writes a
    snapshot each time) is killed after it has locked, reopened and written again: the
    snapshot on disk is then older than the file. A fresh unlock must not trust it."""
    start_shared(vault_path)
    expected = Expected()
    for round_number in MIRROR_ROUNDS:
        rng = random.Random(2000 + round_number)
        folder = tmp_path / f"round-{round_number:02d}"
        folder.mkdir()
        writer = Writer(folder, vault_path, f"m{round_number:02d}", rng.randrange(2**32), 1.0, 3)
        try:
            writer.wait_for("closed")
            closed_once = snapshot_path(vault_path).read_bytes()
            writer.wait_for("mirror", times=2)
            writer.wait_for("ack", times=writer.printed("ack") + 1)
            time.sleep(rng.uniform(0.0, 0.2))
            log = writer.kill()
        finally:
            writer.stop()
        assert any(line.startswith("try ") for line in log.lines[log.lines.index("closed") :])
        assert closed_once, "the writer wrote a snapshot when it locked"
        expected.check(vault_path, [log])


LONG_LIVED_COPY = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from psp_journal.vault import Vault
    from tests.conftest import PASSPHRASE, fixed_clock

    path = Path(sys.argv[1])
    vault = Vault.unlock(path, PASSPHRASE, clock=fixed_clock)
    vault.load_mirror()  # as the app does right after the passphrase
    print("ready", flush=True)
    for step in (1, 2, 3):
        while not path.with_name(f"go-{step}").exists():
            time.sleep(0.005)
        vault.write(put={f"app-{step}": {"type": "note", "text": f"saved in the app {step}"}})
        print("ack", step, flush=True)
    vault.close()
    print("closed", flush=True)
    """
)


def test_a_copy_that_comes_and_goes_while_the_app_keeps_writing_loses_nothing(
    tmp_path: Path, vault_path: Path, recovery_key: str
) -> None:
    """The smallest form of what the kill rounds above can run into. The app is open with
    its mirror loaded (from a snapshot); a command-line copy opens, writes and exits; a
    third copy stays open and writes while the app writes. Every acknowledged write of all
    three must be there afterwards.

    SQLite in WAL mode relies on each process's POSIX lock on the database file: the last
    connection to close (it finds no other lock) checkpoints and deletes the -wal and -shm
    files. POSIX locks belong to the process and vanish when *any* descriptor of the file
    is closed, so a process that opens and closes the vault file beside its SQLite
    connection silently gives up its lock."""
    with Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock) as vault:
        vault.write(put={f"pre-{i}": {"type": "note", "text": "p" * 3000} for i in range(10)})
        vault.load_mirror()
    assert snapshot_path(vault_path).exists()
    app = subprocess.Popen(
        [sys.executable, "-c", LONG_LIVED_COPY, str(vault_path)],
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def expect_from_app(line: str) -> None:
        assert app.stdout is not None and app.stderr is not None
        got = app.stdout.readline()
        if got != line:
            app.kill()
            pytest.fail(f"the app printed {got!r}, not {line!r}: {app.stderr.read()}")

    try:
        expect_from_app("ready\n")
        with Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock) as command_line:
            command_line.write(put={"cli-1": {"type": "note", "text": "from the command line"}})
        wal_after_the_command = vault_path.with_name(vault_path.name + "-wal").exists()
        third = Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock)
        try:
            for step in (1, 2, 3):
                third.write(put={f"third-{step}": {"type": "note", "text": f"third {step}"}})
                vault_path.with_name(f"go-{step}").touch()
                expect_from_app(f"ack {step}\n")
        finally:
            third.close()
        expect_from_app("closed\n")
        assert app.wait(timeout=60) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()

    how = "" if wal_after_the_command else " (its WAL was deleted while the app had it open)"
    try:
        with Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock) as vault:
            present = set(vault.ids())
    except IntegrityError as damage:
        pytest.fail(f"the vault was damaged by being used by three copies{how}: {damage}")
    acknowledged = {"cli-1"} | {f"{who}-{step}" for who in ("app", "third") for step in (1, 2, 3)}
    assert sorted(acknowledged - present) == [], f"acknowledged writes lost{how}"
    verify_vault(vault_path, PASSPHRASE)


# --- a full disk ----------------------------------------------------------------------------

FULL_DISK_WRITER = textwrap.dedent(
    """
    import json, os, resource, signal, sys
    from pathlib import Path
    from psp_journal.vault import Vault
    from tests.conftest import fixed_clock

    path, limit, text_size, with_mirror = (
        Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "mirror"
    )
    # Without this, the first write past the limit kills the process (SIGXFSZ); ignored,
    # the write fails with EFBIG, as a full disk makes it fail with ENOSPC.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    def report(kind, error):
        print(kind, json.dumps({
            "type": f"{type(error).__module__}.{type(error).__qualname__}",
            "message": str(error),
            "errno": getattr(error, "errno", None),
            "sqlite": getattr(error, "sqlite_errorname", None),
        }), flush=True)

    vault = Vault.unlock(path, os.environ["PSP_JOURNAL_PASSPHRASE"], clock=fixed_clock)
    if with_mirror:
        vault.load_mirror()
    try:
        for n in range(5000):
            print("try", n, flush=True)
            vault.write(put={f"full-{n}": {"type": "note", "n": n, "text": str(n) * text_size}})
            print("ack", n, flush=True)
    except Exception as error:
        report("write-error", error)
    try:
        vault.close()
        print("closed", flush=True)
    except Exception as error:
        report("close-error", error)
    """
)


def full_document(n: int, text_size: int) -> Document:
    return {"type": "note", "n": n, "text": str(n) * text_size}


PREFILL = {
    f"pre-{i:02d}": {"type": "note", "i": i, "text": "p" * (150 * i + 10)} for i in range(40)
}


@pytest.fixture
def prefilled(vault_path: Path, recovery_key: str) -> Path:
    """A vault of some size (~0.5 MB), closed: the WAL is empty, the file settled."""
    with Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock) as vault:
        vault.write(put=PREFILL)
        vault.write(put={"pre-00": {**PREFILL["pre-00"], "edited": True}})
    return vault_path


def expected_prefill() -> dict[str, Document]:
    return {**PREFILL, "pre-00": {**PREFILL["pre-00"], "edited": True}}


DISK_ERROR_TYPES = ("sqlite3.OperationalError", "builtins.OSError")


@pytest.mark.parametrize(
    ("above_file", "text_size", "mirror"),
    [
        pytest.param(0, 100, "", id="small-writes-limit-at-the-file-size"),
        pytest.param(20_000, 3_000, "", id="overflow-writes-limit-just-above"),
        pytest.param(20_000, 3_000, "mirror", id="mirror-loaded-so-close-writes-a-snapshot"),
    ],
)
def test_a_full_disk_loses_nothing_acknowledged_and_the_vault_still_opens(
    prefilled: Path, run_cli: RunCli, above_file: int, text_size: int, mirror: str
) -> None:
    limit = prefilled.stat().st_size + above_file
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            FULL_DISK_WRITER,
            str(prefilled),
            str(limit),
            str(text_size),
            mirror,
        ],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr  # not killed, nothing uncaught
    lines = completed.stdout.splitlines()
    acknowledged = [int(line.split()[1]) for line in lines if line.startswith("ack ")]
    tried = [int(line.split()[1]) for line in lines if line.startswith("try ")]
    errors = {
        line.split(" ", 1)[0]: json.loads(line.split(" ", 1)[1])
        for line in lines
        if line.startswith(("write-error ", "close-error "))
    }
    assert "write-error" in errors, "the disk never filled up"
    assert errors["write-error"]["type"] in DISK_ERROR_TYPES, errors
    assert acknowledged, "the limit left room for some writes first"
    failed = tried[-1]
    assert failed not in acknowledged and acknowledged == tried[:-1]
    leftovers = sorted(path.name for path in prefilled.parent.glob("*.partial"))
    assert leftovers == [], "a failed snapshot write leaves no partial file"

    with Vault.unlock(prefilled, PASSPHRASE, clock=fixed_clock) as vault:
        stored = documents_in_mirror(vault)
        for n in acknowledged:
            assert stored.pop(f"full-{n}") == full_document(n, text_size), n
        # The write that failed is all there or not there at all.
        partial = stored.pop(f"full-{failed}", None)
        assert partial in (None, full_document(failed, text_size))
        assert stored == expected_prefill()
        vault.write(put={"after": {"type": "note", "text": "written once there is space"}})
        assert vault.get("after") == {"type": "note", "text": "written once there is space"}
    verify_vault(prefilled, PASSPHRASE)
    result = run_cli("verify")
    assert result.exit_code == 0, result.output


LIMITED_CLI = (
    "import resource, runpy, signal, sys\n"
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
    "limit = int(sys.argv[1])\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))\n"
    "sys.argv = ['psp-journal', *sys.argv[2:]]\n"
    "runpy.run_module('psp_journal', run_name='__main__')\n"
)


def run_with_file_size_limit(
    limit: int, args: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """The real command, in a process that cannot write a file past `limit` bytes."""
    return subprocess.run(
        [sys.executable, "-c", LIMITED_CLI, str(limit), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


DISK_FULL_MESSAGE = re.compile(r"disk is full|no space|too large|file size limit", re.IGNORECASE)


def rows_of(path: Path) -> dict[bytes, bytes]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {bytes(i): bytes(b) for i, b in conn.execute("SELECT id, blob FROM records")}
    finally:
        conn.close()


def stored_documents(path: Path, passphrase: str = PASSPHRASE) -> dict[str, Document]:
    with Vault.unlock(path, passphrase, clock=fixed_clock) as vault:
        return documents_in_mirror(vault)


def test_a_backup_onto_a_full_disk_says_so_and_leaves_no_copy(
    prefilled: Path, home: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    target = tmp_path / "elsewhere" / "journal.backup"
    target.parent.mkdir()
    before = sha256_of(prefilled)

    completed = run_with_file_size_limit(
        prefilled.stat().st_size // 2,
        ["backup", str(target)],
        {"PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE},
    )

    assert_clean_failure(completed, 1)
    assert DISK_FULL_MESSAGE.search(completed.stderr), completed.stderr
    assert list(target.parent.iterdir()) == [], "no half-written backup is left behind"
    assert sha256_of(prefilled) == before
    assert run_cli("verify").exit_code == 0
    assert stored_documents(prefilled) == expected_prefill()
    # The control: with room, the same command works.
    assert run_cli("backup", str(target)).exit_code == 0


def test_a_rekey_that_fills_the_disk_rolls_back_to_the_old_keys(
    prefilled: Path, home: Path, run_cli: RunCli, recovery_key: str
) -> None:
    """Re-encrypting every record is one transaction; the WAL cannot hold it under this
    limit (a third of the file), so it fails part-way and must roll back entirely: the
    same records, the same header, and the old recovery key still works."""
    rows_before = rows_of(prefilled)
    header_before = DiskStore.open(prefilled, read_only=True)
    try:
        raw_header = read_header(header_before).to_bytes()
    finally:
        header_before.close()

    completed = run_with_file_size_limit(
        prefilled.stat().st_size // 3,
        ["rekey"],
        {"PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE},
    )

    assert_clean_failure(completed, 1)
    assert DISK_FULL_MESSAGE.search(completed.stderr), completed.stderr
    assert "recovery key" not in completed.stdout.lower(), "no new key shown for a failed rekey"
    assert rows_of(prefilled) == rows_before
    disk = DiskStore.open(prefilled, read_only=True)
    try:
        header = read_header(disk)
        assert header.to_bytes() == raw_header
        unwrap_with_recovery(header, parse_recovery_key(recovery_key))  # still opens it
    finally:
        disk.close()
    assert run_cli("verify").exit_code == 0
    assert stored_documents(prefilled) == expected_prefill()
    # The control: with room, the same command works.
    assert run_cli("rekey").exit_code == 0


# --- a read-only home -----------------------------------------------------------------------


@pytest.fixture
def read_only_ready() -> None:
    require_read_only_mount()


READ_ONLY_MESSAGE = re.compile(r"read-only|read only|permission|not writable", re.IGNORECASE)


def test_verify_works_in_a_read_only_home(
    read_only_ready: None, prefilled: Path, home: Path
) -> None:
    """verify opens the file read-only: a read-only home must not stop it."""
    before = sha256_of(prefilled)
    completed = run_in_read_only_home(
        home, ["verify"], {"PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE}
    )
    assert completed.returncode == 0, completed.stderr
    assert "All well" in completed.stdout
    assert sha256_of(prefilled) == before


@pytest.mark.parametrize("command", ["passwd", "rekey"])
def test_a_change_in_a_read_only_home_fails_clearly_and_changes_nothing(
    read_only_ready: None, prefilled: Path, home: Path, run_cli: RunCli, command: str
) -> None:
    before = sha256_of(prefilled)
    files_before = sorted(path.name for path in home.iterdir())

    completed = run_in_read_only_home(
        home,
        [command],
        {
            "PSP_JOURNAL_HOME": str(home),
            "PSP_JOURNAL_PASSPHRASE": PASSPHRASE,
            "PSP_JOURNAL_NEW_PASSPHRASE": NEW_PASSPHRASE,
        },
    )

    assert_clean_failure(completed, 1)
    assert READ_ONLY_MESSAGE.search(completed.stderr), completed.stderr
    assert "recovery key" not in completed.stdout.lower()
    assert sha256_of(prefilled) == before
    assert sorted(path.name for path in home.iterdir()) == files_before
    result: Result = run_cli("verify")
    assert result.exit_code == 0, result.output
    assert stored_documents(prefilled) == expected_prefill()  # the original passphrase
