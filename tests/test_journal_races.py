"""Two running copies changing the same thing at once: each change is decided under the lock.

Two child processes each run the real command line (in-process, so the import is paid
once) for a series of rounds. Before every round each touches a file and waits for the
other's, so both commands start within a millisecond or so of each other and overlap for
the whole of their work. Whatever order the vault serialises them in, nothing either side
was told is saved may be reverted, and nothing deleted may survive.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from psp_journal.journal import SETTINGS_ID, Journal, search_terms
from psp_journal.vault import Vault
from tests.conftest import PASSPHRASE, runner_for

REPO = Path(__file__).resolve().parents[1]
ROUNDS = 12

RACER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import psp_journal.journal, psp_journal.vault  # loaded before the first round
    from tests.conftest import runner_for

    home, name, other, meeting, rounds = (
        Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4]), Path(sys.argv[5])
    )
    run = runner_for(home)
    for number, args in enumerate(json.loads(rounds.read_text())):
        (meeting / f"{name}-{number}").touch()
        while not (meeting / f"{other}-{number}").exists():
            time.sleep(0.0002)
        started = time.time()
        result = run(*args)
        print(json.dumps({"code": result.exit_code, "output": result.output,
                          "start": started, "end": time.time()}), flush=True)
    """
)

Outcome = dict[str, Any]


def race(
    tmp_path: Path, home: Path, left: list[list[str]], right: list[list[str]]
) -> tuple[list[Outcome], list[Outcome]]:
    """Run `left[i]` and `right[i]` at the same moment, round by round; their outcomes."""
    script = tmp_path / "racer.py"
    script.write_text(RACER)
    meeting = tmp_path / "meeting"
    meeting.mkdir()
    children = {}
    for name, other, rounds in (("left", "right", left), ("right", "left", right)):
        (tmp_path / f"{name}.json").write_text(json.dumps(rounds))
        children[name] = subprocess.Popen(
            [sys.executable, str(script), str(home), name, other, str(meeting),
             str(tmp_path / f"{name}.json")],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
    outcomes = {}
    try:
        for name, child in children.items():
            out, err = child.communicate(timeout=300)
            assert child.returncode == 0, err
            outcomes[name] = [json.loads(line) for line in out.splitlines()]
    finally:
        for child in children.values():
            if child.poll() is None:
                child.kill()
                child.wait()
    assert len(outcomes["left"]) == len(left) and len(outcomes["right"]) == len(right)
    overlapping = sum(
        a["start"] < b["end"] and b["start"] < a["end"]
        for a, b in zip(outcomes["left"], outcomes["right"], strict=True)
    )
    assert overlapping >= len(left) // 2, "the two copies hardly ever ran at the same time"
    return outcomes["left"], outcomes["right"]


def journal_of(vault: Vault) -> Journal:
    return Journal(vault, datetime.now)


@pytest.mark.slow
def test_two_check_ins_for_one_day_make_one_record_keeping_both_fields(
    tmp_path: Path, home: Path, recovery_key: str, vault_path: Path
) -> None:
    days = [(date.today() - timedelta(days=number + 1)).isoformat() for number in range(ROUNDS)]
    scales = ("--mood", "2", "--energy", "3", "--stress", "4")
    left, right = race(
        tmp_path,
        home,
        [["checkin", *scales, "--sleep", "6.5", "--date", day] for day in days],
        [["checkin", *scales, "--worked", "9", "--date", day] for day in days],
    )
    assert all(o["code"] == 0 for o in left + right), [o["output"] for o in left + right]

    with Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now) as vault:
        checkins = journal_of(vault).documents_of_type("checkin")
    by_day = {day: [c for c in checkins if c["date"] == day] for day in days}
    assert {day: len(found) for day, found in by_day.items()} == dict.fromkeys(days, 1)
    assert {(found[0]["sleep"], found[0]["worked"]) for found in by_day.values()} == {(6.5, 9)}


@pytest.mark.slow
def test_two_copies_adding_one_alias_one_wins_and_the_other_is_refused(
    tmp_path: Path, home: Path, recovery_key: str, vault_path: Path
) -> None:
    aliases = [f"C-{number}" for number in range(ROUNDS)]
    left, right = race(
        tmp_path,
        home,
        [["client", "add", alias] for alias in aliases],
        [["client", "add", alias.lower()] for alias in aliases],
    )
    for number, (a, b) in enumerate(zip(left, right, strict=True)):
        assert sorted((a["code"], b["code"])) == [0, 2], (number, a["output"], b["output"])
        refused = a if a["code"] == 2 else b
        assert "already" in refused["output"] and "ALIAS" in refused["output"]

    with Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now) as vault:
        clients = journal_of(vault).clients()
    assert sorted(client.alias.upper() for client in clients) == sorted(aliases)


@pytest.mark.slow
def test_deleting_a_client_while_another_copy_logs_for_them_leaves_nothing_of_them(
    tmp_path: Path, home: Path, recovery_key: str, vault_path: Path
) -> None:
    aliases = [f"D-{number}" for number in range(ROUNDS)]
    run = runner_for(home)
    with Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now) as vault:
        journal = journal_of(vault)
        for alias in aliases:
            journal.add_client(alias)
    log = ["--minutes", "20", "--mode", "phone", "--intensity", "3"]
    left, right = race(
        tmp_path,
        home,
        [["client", "delete", alias, "--with-records", "--yes"] for alias in aliases],
        [["log", alias, *log, "--note", f"about {alias} marker"] for alias in aliases],
    )
    assert all(o["code"] == 0 for o in left), [o["output"] for o in left]
    assert all(o["code"] in (0, 2) for o in right), [o["output"] for o in right]

    with Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now) as vault:
        journal = journal_of(vault)
        assert journal.clients() == []
        left_behind = {
            alias: journal.records_about(alias) for alias in aliases if journal.records_about(alias)
        }
        assert left_behind == {}
        assert vault.search(search_terms("marker")) == []
        assert journal._ids_with_versions_naming(aliases) == set()
    assert run("verify").exit_code == 0


@pytest.mark.slow
def test_two_copies_setting_different_settings_keep_both(
    tmp_path: Path, home: Path, recovery_key: str, vault_path: Path
) -> None:
    with Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now) as vault:
        journal_of(vault).set_setting("auto-lock-minutes", "100")
        journal_of(vault).set_setting("weekly-hours", "50")
    left, right = race(
        tmp_path,
        home,
        [["settings", "set", "auto-lock-minutes", str(101 + n)] for n in range(ROUNDS)],
        [["settings", "set", "weekly-hours", str(51 + n)] for n in range(ROUNDS)],
    )
    assert all(o["code"] == 0 for o in left + right), [o["output"] for o in left + right]

    with Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now) as vault:
        versions = [r.document for r in vault.revisions(SETTINGS_ID)]
        current = vault.get(SETTINGS_ID)
    assert current is not None
    assert (current["auto_lock_minutes"], current["weekly_hours"]) == (100 + ROUNDS, 50 + ROUNDS)
    # Every saved version changed exactly one setting from the one before it: a copy that
    # wrote from a stale read would have put the other's setting back as well.
    history = [(v["auto_lock_minutes"], v["weekly_hours"]) for v in [*versions, current]]
    steps = [
        sum(before != after for before, after in zip(old, new, strict=True))
        for old, new in zip(history, history[1:], strict=False)
    ]
    assert steps == [1] * (2 * ROUNDS + 1)


@pytest.mark.slow
def test_closing_a_client_while_another_copy_edits_them_keeps_the_edit(
    tmp_path: Path, home: Path, recovery_key: str, vault_path: Path
) -> None:
    aliases = [f"E-{number}" for number in range(ROUNDS)]
    with Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now) as vault:
        ids = [str(journal_of(vault).add_client(alias).record.id) for alias in aliases]
    left, right = race(
        tmp_path,
        home,
        [["client", "close", alias] for alias in aliases],
        [["edit", client_id, "--note", f"note {n}"] for n, client_id in enumerate(ids)],
    )
    assert all(o["code"] == 0 for o in left + right), [o["output"] for o in left + right]

    with Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now) as vault:
        clients = [vault.get(client_id) for client_id in ids]
    assert [(c and c["status"], c and c["note"]) for c in clients] == [
        ("closed", f"note {n}") for n in range(ROUNDS)
    ]


@pytest.mark.slow
def test_marking_a_follow_up_done_while_another_copy_edits_it_keeps_the_edit(
    tmp_path: Path, home: Path, recovery_key: str, vault_path: Path
) -> None:
    with Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now) as vault:
        journal = journal_of(vault)
        journal.add_client("F-1")
        options = {"client": "F-1", "minutes": "15", "mode": "text", "intensity": "2",
                   "follow_up": "2030-01-01"}  # fmt: skip
        ids = [str(journal.record("interaction", options).record.id) for _ in range(ROUNDS)]
    left, right = race(
        tmp_path,
        home,
        [["followup", "done", record_id] for record_id in ids],
        [["edit", record_id, "--note", f"note {n}"] for n, record_id in enumerate(ids)],
    )
    assert all(o["code"] == 0 for o in left + right), [o["output"] for o in left + right]

    with Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now) as vault:
        records = [vault.get(record_id) for record_id in ids]
    assert [(r and r["follow_up"], r and r["note"]) for r in records] == [
        (None, f"note {n}") for n in range(ROUNDS)
    ]


@pytest.mark.slow
def test_an_import_while_another_copy_adds_a_client_keeps_both_findable(
    tmp_path: Path, home: Path, recovery_key: str, vault_path: Path
) -> None:
    files = []
    for number in range(ROUNDS):
        dump = tmp_path / f"import-{number}.jsonl"
        dump.write_text(json.dumps({"type": "client", "alias": f"I-{number}"}) + "\n")
        files.append(dump)
    left, right = race(
        tmp_path,
        home,
        [["import", str(dump)] for dump in files],
        [["client", "add", f"J-{number}"] for number in range(ROUNDS)],
    )
    assert all(o["code"] == 0 for o in left + right), [o["output"] for o in left + right]

    with Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now) as vault:
        journal = journal_of(vault)
        for number in range(ROUNDS):
            assert journal.client(f"I-{number}").alias == f"I-{number}"
            assert journal.client(f"J-{number}").alias == f"J-{number}"


@pytest.mark.slow
def test_a_purge_while_another_copy_moves_an_entry_past_the_cut_off_keeps_it(
    tmp_path: Path, home: Path, recovery_key: str, vault_path: Path
) -> None:
    """Round i purges before day i's cut-off while the other copy moves entry i (dated just
    before it) to yesterday: either the purge came first and the edit finds nothing, or the
    edit came first and the entry, no longer old, stays."""
    base = date.today() - timedelta(days=200)
    days = [base + timedelta(days=10 * number) for number in range(ROUNDS)]
    moved_to = f"{(date.today() - timedelta(days=1)).isoformat()}T12:00"
    with Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now) as vault:
        journal = journal_of(vault)
        ids = [
            str(
                journal.record("reflection", {"text": f"entry {n}", "at": f"{day}T10:00"}).record.id
            )
            for n, day in enumerate(days)
        ]
    left, right = race(
        tmp_path,
        home,
        [["purge", "--before", (day + timedelta(days=1)).isoformat(), "--yes"] for day in days],
        [["edit", record_id, "--at", moved_to] for record_id in ids],
    )
    assert all(o["code"] == 0 for o in left), [o["output"] for o in left]

    with Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now) as vault:
        now_there = [vault.get(record_id) for record_id in ids]
    for number, (edit, document) in enumerate(zip(right, now_there, strict=True)):
        if edit["code"] == 0:
            assert document is not None and document["at"] == moved_to, number
        else:
            assert edit["code"] == 2 and document is None, (number, edit["output"])
