"""A second running copy loses nothing: writers serialise on the file and keep every version.

Two child processes write to one vault at the same time, each write its own transaction,
and print an id only once `write` has returned (that is the acknowledgement). Afterwards
every acknowledged write must be there, the vault must verify, and a document both sides
kept editing must hold every replaced version among its revisions.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path

from psp_journal.vault import Vault
from tests.conftest import PASSPHRASE, fixed_clock, run_process

REPO = Path(__file__).resolve().parents[1]
WRITES_PER_PROCESS = 150
SHARED_EDIT_EVERY = 5
SHARED_ID = "shared"

WRITER = textwrap.dedent(
    """
    import json, os, sys, time
    from pathlib import Path
    from psp_journal.vault import Vault
    from tests.conftest import fixed_clock

    path, name, count, every, meeting = (
        Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5])
    )
    vault = Vault.unlock(path, os.environ["PSP_JOURNAL_PASSPHRASE"], clock=fixed_clock)
    (meeting / f"ready-{name}").touch()
    while not (meeting / "go").exists():
        time.sleep(0.001)
    print("start", time.time(), flush=True)
    for i in range(count):
        doc_id = f"{name}-{i:03d}"
        vault.write(put={doc_id: {"type": "note", "writer": name, "i": i,
                                  "text": f"{name} wrote entry {i}"}})
        print("ack", doc_id, flush=True)
        if i % every == 0:
            edit = {"type": "note", "by": name, "i": i, "text": f"{name} edit {i}"}
            vault.write(put={"shared": edit})
            print("edit", json.dumps(edit), flush=True)
    print("end", time.time(), flush=True)
    vault.close()
    """
)


def canonical_json(document: object) -> str:
    return json.dumps(document, sort_keys=True)


def expected_document(doc_id: str) -> dict[str, object]:
    name, number = doc_id.rsplit("-", 1)
    i = int(number)
    return {"type": "note", "writer": name, "i": i, "text": f"{name} wrote entry {i}"}


class Writers:
    """Writer processes that unlock first, then start writing together on a signal."""

    def __init__(self, tmp_path: Path, vault_path: Path, names: tuple[str, ...]) -> None:
        self.tmp_path = tmp_path
        self.names = names
        script = tmp_path / "writer.py"
        script.write_text(WRITER)
        self.meeting = tmp_path / "meeting"
        self.meeting.mkdir()
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        for name in names:
            with self.out(name).open("w") as out, self.err(name).open("w") as err:
                self.children[name] = subprocess.Popen(
                    [
                        sys.executable,
                        str(script),
                        str(vault_path),
                        name,
                        str(WRITES_PER_PROCESS),
                        str(SHARED_EDIT_EVERY),
                        str(self.meeting),
                    ],
                    env={
                        **os.environ,
                        "PSP_JOURNAL_PASSPHRASE": PASSPHRASE,
                        "PYTHONPATH": str(REPO),
                    },
                    stdout=out,
                    stderr=err,
                )

    def out(self, name: str) -> Path:
        return self.tmp_path / f"{name}.out"

    def err(self, name: str) -> Path:
        return self.tmp_path / f"{name}.err"

    def lines(self, name: str) -> list[str]:
        """Complete lines only: a writer may be mid-way through printing the last one."""
        text = self.out(name).read_text()
        return text[: text.rfind("\n") + 1].splitlines()

    def start(self) -> None:
        deadline = time.monotonic() + 60
        while not all((self.meeting / f"ready-{name}").exists() for name in self.names):
            assert time.monotonic() < deadline, "a writer never unlocked"
            assert all(c.poll() is None for c in self.children.values()), "a writer died early"
            time.sleep(0.01)
        (self.meeting / "go").touch()

    def stop(self) -> None:
        for child in self.children.values():
            if child.poll() is None:
                child.kill()
                child.wait()

    def acknowledged(self, name: str) -> list[str]:
        return [line.split()[1] for line in self.lines(name) if line.startswith("ack ")]

    def edits(self, name: str) -> list[dict[str, object]]:
        return [json.loads(line[5:]) for line in self.lines(name) if line.startswith("edit ")]


def check_shared_keeps_every_version(vault: Vault, edits: list[dict[str, object]]) -> None:
    current = vault.get(SHARED_ID)
    assert current in edits
    revisions = vault.revisions(SHARED_ID)
    assert len(revisions) + 1 == len(edits)
    kept = Counter(canonical_json(r.document) for r in revisions)
    kept[canonical_json(current)] += 1
    assert kept == Counter(canonical_json(edit) for edit in edits)
    assert {r.reason for r in revisions} == {"edit"}


INITIAL_SHARED = {"type": "note", "by": "parent", "i": -1, "text": "first version"}


def test_two_processes_writing_at_once_lose_nothing(
    tmp_path: Path, vault_path: Path, recovery_key: str, home: Path
) -> None:
    with Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock) as vault:
        vault.write(put={SHARED_ID: INITIAL_SHARED})

    writers = Writers(tmp_path, vault_path, ("left", "right"))
    try:
        writers.start()
        for child in writers.children.values():
            child.wait(timeout=120)
    finally:
        writers.stop()

    acknowledged: list[str] = []
    edits: list[dict[str, object]] = [INITIAL_SHARED]
    spans = []
    for name, child in writers.children.items():
        assert child.returncode == 0, writers.err(name).read_text()
        acknowledged += writers.acknowledged(name)
        edits += writers.edits(name)
        times = {
            word: float(stamp)
            for word, stamp in (
                line.split() for line in writers.lines(name) if line.startswith(("start ", "end "))
            )
        }
        spans.append((times["start"], times["end"]))
    assert len(acknowledged) == 2 * WRITES_PER_PROCESS
    assert len(edits) == 1 + 2 * len(range(0, WRITES_PER_PROCESS, SHARED_EDIT_EVERY))
    (left_start, left_end), (right_start, right_end) = spans
    assert left_start < right_end and right_start < left_end, "the writers did not overlap"

    with Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock) as vault:
        assert sorted(vault.ids()) == sorted([*acknowledged, SHARED_ID])
        wrong = [
            doc_id for doc_id in acknowledged if vault.get(doc_id) != expected_document(doc_id)
        ]
        assert wrong == []

        check_shared_keeps_every_version(vault, edits)

    verified = run_process(
        ["verify"], {"PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE}
    )
    assert verified.returncode == 0, verified.stderr


def test_a_writer_killed_mid_write_loses_nothing_acknowledged(
    tmp_path: Path, vault_path: Path, recovery_key: str, home: Path
) -> None:
    with Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock) as vault:
        vault.write(put={SHARED_ID: INITIAL_SHARED})

    writers = Writers(tmp_path, vault_path, ("doomed", "survivor"))
    doomed, survivor = writers.children["doomed"], writers.children["survivor"]
    try:
        writers.start()
        deadline = time.monotonic() + 60
        while len(writers.acknowledged("doomed")) < 40:
            assert time.monotonic() < deadline and doomed.poll() is None
            time.sleep(0.001)
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
        survivor.wait(timeout=120)
    finally:
        writers.stop()
    assert doomed.returncode == -signal.SIGKILL
    assert survivor.returncode == 0, writers.err("survivor").read_text()
    assert len(writers.acknowledged("survivor")) == WRITES_PER_PROCESS
    acknowledged = writers.acknowledged("doomed") + writers.acknowledged("survivor")
    acknowledged_edits = [INITIAL_SHARED, *writers.edits("doomed"), *writers.edits("survivor")]

    with Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock) as vault:
        ids = set(vault.ids())
        assert set(acknowledged) <= ids
        assert [i for i in ids - {SHARED_ID} if vault.get(i) != expected_document(i)] == []
        unacknowledged = ids - set(acknowledged) - {SHARED_ID}
        stored = Counter(canonical_json(r.document) for r in vault.revisions(SHARED_ID))
        stored[canonical_json(vault.get(SHARED_ID))] += 1
    wanted = Counter(canonical_json(edit) for edit in acknowledged_edits)
    assert wanted - stored == Counter(), "an acknowledged edit was lost"
    # At most the one write in flight when the kill came is there without its acknowledgement.
    assert len(unacknowledged) + (stored - wanted).total() <= 1

    verified = run_process(
        ["verify"], {"PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE}
    )
    assert verified.returncode == 0, verified.stderr


OTHER_PROCESS = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from psp_journal.vault import Vault
    from tests.conftest import fixed_clock

    with Vault.unlock(Path(sys.argv[1]), os.environ["PSP_JOURNAL_PASSPHRASE"],
                      clock=fixed_clock) as vault:
        for action in json.loads(sys.argv[2]):
            vault.write(put=action.get("put"), delete=action.get("delete", ()))
    """
)


def in_another_process(vault_path: Path, *actions: dict[str, object]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, str(vault_path), json.dumps(actions)],
        env={**os.environ, "PSP_JOURNAL_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_refresh_folds_in_another_process_writes(open_vault: Vault, vault_path: Path) -> None:
    first_y = {"type": "note", "text": "y before"}
    doomed = {"type": "note", "text": "z, soon deleted"}
    open_vault.write(put={"y": first_y, "z": doomed})
    assert sorted(open_vault.ids()) == ["y", "z"]  # the mirror is loaded and in use
    assert open_vault.refresh() is False, "our own commit is not another process's change"

    x = {"type": "note", "text": "written elsewhere pineapple"}
    second_y = {"type": "note", "text": "y after"}
    in_another_process(vault_path, {"put": {"x": x, "y": second_y}}, {"delete": ["z"]})

    assert open_vault.refresh() is True
    assert open_vault.get("x") == x
    assert open_vault.get("y") == second_y
    assert open_vault.get("z") is None
    assert sorted(open_vault.ids()) == ["x", "y"]
    assert [r.document for r in open_vault.revisions("y")] == [first_y]
    assert [(r.reason, r.document) for r in open_vault.revisions("z")] == [("delete", doomed)]
    assert open_vault.search("pineapple") == ["x"]
    assert open_vault.refresh() is False

    # Our own writes land on top of what the other process left.
    open_vault.write(put={"w": {"type": "note", "text": "after refresh"}})
    assert open_vault.refresh() is False
    assert sorted(open_vault.ids()) == ["w", "x", "y"]


def test_refresh_is_false_when_another_process_only_unlocked_and_locked(
    open_vault: Vault, vault_path: Path
) -> None:
    """Another copy that opens, reads and closes (a CLI `show`, say) changed nothing."""
    open_vault.write(put={"a": {"type": "note", "text": "a"}})
    assert open_vault.ids() == ["a"]  # the mirror is loaded and in use
    assert open_vault.refresh() is False
    in_another_process(vault_path)
    assert open_vault.refresh() is False
    assert open_vault.ids() == ["a"]


def test_a_stale_copy_editing_keeps_the_version_it_never_saw(
    vault_path: Path, recovery_key: str
) -> None:
    """Two open copies; the second edits without having seen the first's edit."""
    minutes = count()

    def ticking_clock() -> datetime:
        return datetime(2026, 11, 20, 9, 0) + timedelta(minutes=next(minutes))

    original = {"type": "note", "text": "original"}
    from_a = {"type": "note", "text": "edited by A"}
    from_b = {"type": "note", "text": "edited by B"}
    with Vault.unlock(vault_path, PASSPHRASE, clock=ticking_clock) as a:
        a.write(put={"d": original})
        assert a.ids() == ["d"]  # A's mirror is loaded and in use
        with Vault.unlock(vault_path, PASSPHRASE, clock=ticking_clock) as b:
            a.write(put={"d": from_a})
            b.write(put={"d": from_b})
            assert b.get("d") == from_b
            assert [r.document for r in b.revisions("d")] == [original, from_a]
        assert a.refresh() is True
        assert a.get("d") == from_b
        assert [r.document for r in a.revisions("d")] == [original, from_a]
