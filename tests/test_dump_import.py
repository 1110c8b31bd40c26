"""dump and import (PRODUCT.md, "Data exchange format"): the round trip is byte-identical,
the order is deterministic, dumps go in the ledger, and an import is all or nothing.

A dump records itself in the ledger only after the file is on disk, so a dump never
holds its own entry: the second dump of a vault holds the first one's ledger line and is
otherwise byte-identical to it. The ledger moves with the journal, so a fresh vault that
imported dump A dumps exactly A (its own new ledger entry goes into the *next* dump).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE, RunCli, fixed_clock, runner_for

RECORD_TYPES = ("client", "checkin", "interaction", "boundary", "reflection", "support")
GENERATED_ID = re.compile(r"[23456789abcdefghjkmnpqrstuvwxyz]{8}")
NEW_ID = re.compile(r"\(([23456789abcdefghjkmnpqrstuvwxyz]{8})\)")
FIELDS = {
    "client": ["type", "id", "alias", "status", "note"],
    "checkin": ["type", "id", "date", "mood", "energy", "stress", "sleep", "worked", "breaks",
                "self_care", "note"],
    "interaction": ["type", "id", "client", "at", "minutes", "mode", "intensity", "tags",
                    "close_to_home", "self_disclosure", "setting", "note", "follow_up",
                    "discuss"],
    "boundary": ["type", "id", "at", "kind", "felt", "client", "initiated_by", "note",
                 "discuss"],
    "reflection": ["type", "id", "at", "text", "tags", "discuss"],
    "support": ["type", "id", "at", "kind", "note"],
    "ledger": ["type", "id", "at", "kind", "recipient", "file", "sha256", "records"],
}  # fmt: skip
PLAN_LINE = {
    "type": "plan",
    "boundary_commitments": ["No texts after 18:00"],
    "daily_maintenance": ["walk at lunch"],
    "triggers": ["overdoses"],
    "early_warning_signs": ["skipping lunch"],
    "step_back_actions": ["ask for a lighter week", "call Kari"],
    "people": [{"name": "Kari", "how": "text first"}],
    "crisis_lines": [{"name": "My own line", "number": "+47 000 00 000", "note": "nights"}],
}


# --- helpers -------------------------------------------------------------------------------


@dataclass
class Home:
    path: Path
    run: RunCli

    @property
    def vault(self) -> Path:
        return self.path / "journal.vault"


NewHome = Callable[[str], Home]


@pytest.fixture
def new_home(tmp_path: Path) -> NewHome:
    """A fresh, empty cheap-KDF vault in its own home."""

    def make(name: str) -> Home:
        folder = tmp_path / name
        folder.mkdir(mode=0o700)
        vault, _ = Vault.create(
            folder / "journal.vault", PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF
        )
        vault.close()
        return Home(folder, runner_for(folder))

    return make


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Where dumps go: outside every journal home."""
    folder = tmp_path / "outside"
    folder.mkdir(mode=0o700)
    return folder


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def saved_id(result: Result) -> str:
    ok(result)
    match = NEW_ID.search(result.stdout)
    assert match, result.output
    return match.group(1)


def dump(home: Home, target: Path) -> bytes:
    result = ok(home.run("dump", "--out", str(target)))
    assert "plain text" in result.stderr  # the warning
    data = target.read_bytes()
    assert target.stat().st_mode & 0o777 == 0o600
    assert f"Wrote {len(data.splitlines())} record(s)" in result.stdout
    return data


def lines_of(data: bytes) -> list[dict[str, Any]]:
    assert data.endswith(b"\n")
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def raw_rows(vault_path: Path) -> dict[bytes, bytes]:
    """Every stored blob by slot: equal before and after means nothing at all changed."""
    conn = sqlite3.connect(vault_path)
    try:
        return {
            bytes(slot): bytes(blob) for slot, blob in conn.execute("SELECT id, blob FROM records")
        }
    finally:
        conn.close()


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def fill_journal(home: Home, outside: Path) -> dict[str, str]:
    """Every record kind, edits, a closed client, a deletion, settings and a plan."""
    run = home.run
    ids: dict[str, str] = {}
    ids["m17"] = saved_id(run("client", "add", "M-17", "--note", "-", input="met at the drop-in"))
    ids["n04"] = saved_id(run("client", "add", "N-04"))
    ids["aa9"] = saved_id(run("client", "add", "Å-9", "--note", "Tromsø, «quoted» \\ back"))
    ids["ck2"] = saved_id(
        run("checkin", "--mood", "2", "--energy", "2", "--stress", "4", "--sleep", "5,5",
            "--worked", "9", "--breaks", "0", "--self-care", "walk", "--self-care",
            "time outside", "--note", "-", "--date", "2026-11-02", input="long day\nreally")
    )  # fmt: skip
    ids["ck1"] = saved_id(
        run("checkin", "--mood", "4", "--energy", "3", "--stress", "2", "--date", "2026-11-01")
    )
    ok(run("checkin", "--mood", "3", "--date", "2026-11-02"))  # changes only the mood
    log_m17 = ("log", "M-17", "--minutes", "40", "--mode", "phone", "--intensity", "4")
    ids["i_late"] = saved_id(
        run(*log_m17, "--tag", "crisis", "--tag", "grief", "--close-to-home",
            "--self-disclosure", "--setting", "the café", "--note", "-",
            "--follow-up", "2026-12-01", "--discuss", "--at", "2026-11-02T14:00",
            input="talked about **the funeral**")
    )  # fmt: skip
    ids["i_early"] = saved_id(run(*log_m17, "--at", "2026-11-01T09:00"))  # older, logged later
    ids["i_same"] = saved_id(
        run("log", "N-04", "--minutes", "15", "--mode", "text", "--intensity", "1",
            "--follow-up", "2026-11-25", "--at", "2026-11-02T14:00")
    )  # fmt: skip
    ids["i_aa9"] = saved_id(
        run("log", "Å-9", "--minutes", "720", "--mode", "outreach", "--intensity", "5",
            "--tag", "overdose", "--at", "2026-11-03T08:15")
    )  # fmt: skip
    ok(run("client", "close", "N-04"))
    ids["b_client"] = saved_id(
        run("boundary", "--kind", "after-hours", "--felt", "4", "--client", "M-17",
            "--initiated-by", "client", "--discuss", "--note", "-", "--at", "2026-11-02T23:40",
            input="a text at midnight")
    )  # fmt: skip
    ids["b_own"] = saved_id(
        run("boundary", "--kind", "role-drift", "--felt", "2", "--at", "2026-11-01T11:00")
    )
    ids["r1"] = saved_id(
        run("reflect", "--tag", "grief", "--discuss", "--at", "2026-11-02T21:00",
            input='# Today\n\n- it sounded like my own story\n- "quotes", tabs\there, émoji 🌧\n')
    )  # fmt: skip
    ids["r_gone"] = saved_id(run("reflect", "to be deleted", "--at", "2026-11-03T21:00"))
    for kind, at in (
        ("supervision", "2026-11-03T10:00"),
        ("team-debrief", "2026-11-02T16:00"),
        ("peer-consult", "2026-11-02T16:00"),
        ("own-support", "2026-11-01T18:00"),
    ):
        ids[f"s_{kind}"] = saved_id(run("support", "--kind", kind, "--at", at, "--note", kind))
    ok(run("edit", ids["i_early"], "--note", "-", input="added later"))
    ok(run("edit", ids["r1"], "--tag", "grief", "--tag", "self-care"))
    ok(run("followup", "done", ids["i_same"]))
    ok(run("delete", ids["r_gone"], "--yes"))
    for key, value in (
        ("working-days", "mon-thu"),
        ("work-start", "09:00"),
        ("self-care", "walk, tea, time outside"),
        ("country", "no"),
        ("thresholds.high-stress.count", "3"),
    ):
        ok(run("settings", "set", key, value))
    plan_file = write_lines(outside / "plan.jsonl", [json.dumps(PLAN_LINE, ensure_ascii=False)])
    assert "Imported 0 record(s)" in ok(run("import", str(plan_file))).stdout
    return ids


# --- the round trip -----------------------------------------------------------------------------


@pytest.fixture
def filled(new_home: NewHome, outside: Path) -> tuple[Home, dict[str, str]]:
    home = new_home("home-a")
    return home, fill_journal(home, outside)


def ledger_line_for(dump_path: Path, data: bytes, entry: dict[str, Any]) -> None:
    assert sorted(entry) == sorted(FIELDS["ledger"])
    assert entry["kind"] == "dump"
    assert entry["file"] == str(dump_path)
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["records"] == len(data.splitlines())
    assert entry["recipient"] == ""


def one_more_ledger_line(earlier: bytes, later: bytes) -> dict[str, Any]:
    """`later` is `earlier` plus exactly one ledger line, in its place in the order (the
    ledger sorts by time, then id, so within one minute it need not be last)."""
    earlier_lines, later_lines = earlier.splitlines(), later.splitlines()
    assert len(later_lines) == len(earlier_lines) + 1
    new = [line for line in later_lines if line not in earlier_lines]
    assert len(new) == 1
    assert [line for line in later_lines if line != new[0]] == earlier_lines
    ledger = [d for d in lines_of(later) if d["type"] == "ledger"]
    assert ledger == sorted(ledger, key=lambda entry: (entry["at"], entry["id"]))
    assert later_lines[-len(ledger) :] == [
        line for line in later_lines if json.loads(line)["type"] == "ledger"
    ]
    entry: dict[str, Any] = json.loads(new[0])
    assert entry["type"] == "ledger"
    return entry


def test_dump_import_dump_is_byte_identical(
    filled: tuple[Home, dict[str, str]], new_home: NewHome, outside: Path
) -> None:
    first_home, ids = filled
    a1_path, a2_path = outside / "a1.jsonl", outside / "a2.jsonl"
    a1 = dump(first_home, a1_path)
    a2 = dump(first_home, a2_path)

    # The second dump of the vault is the first plus the first's ledger entry, and nothing else.
    ledger_line_for(a1_path, a1, one_more_ledger_line(a1, a2))
    assert all(json.loads(line)["type"] != "ledger" for line in a1.splitlines())

    second_home = new_home("home-b")
    imported = ok(second_home.run("import", str(a2_path)))
    record_lines = [d for d in lines_of(a2) if d["type"] in RECORD_TYPES]
    assert f"Imported {len(record_lines)} record(s)" in imported.stdout

    b1_path, b2_path = outside / "b1.jsonl", outside / "b2.jsonl"
    b1 = dump(second_home, b1_path)
    assert b1 == a2  # byte for byte: records, settings, plan and the ledger that came along

    b2 = dump(second_home, b2_path)
    ledger_line_for(b1_path, b1, one_more_ledger_line(b1, b2))

    # Only what the format carries came across: no revisions, no deleted record.
    with Vault.unlock(second_home.vault, PASSPHRASE, clock=fixed_clock) as vault:
        for record_id in ids.values():
            assert vault.revisions(record_id) == []
        assert vault.get(ids["r_gone"]) is None
        assert vault.get(ids["i_early"]) is not None


def test_the_dump_holds_every_field_in_the_exchange_format(
    filled: tuple[Home, dict[str, str]], outside: Path
) -> None:
    home, ids = filled
    documents = lines_of(dump(home, outside / "a.jsonl"))
    by_id = {d["id"]: d for d in documents}
    for document in documents:
        if document["type"] in RECORD_TYPES:
            assert list(document) == FIELDS[document["type"]], document
    assert ids["r_gone"] not in by_id
    assert by_id[ids["ck2"]] == {
        "type": "checkin", "id": ids["ck2"], "date": "2026-11-02", "mood": 3, "energy": 2,
        "stress": 4, "sleep": 5.5, "worked": 9, "breaks": 0,
        "self_care": ["walk", "time outside"], "note": "long day\nreally",
    }  # fmt: skip
    assert by_id[ids["ck1"]]["sleep"] is None  # left out: unknown, never 0
    assert by_id[ids["i_late"]] == {
        "type": "interaction", "id": ids["i_late"], "client": "M-17",
        "at": "2026-11-02T14:00", "minutes": 40, "mode": "phone", "intensity": 4,
        "tags": ["crisis", "grief"], "close_to_home": True, "self_disclosure": True,
        "setting": "the café", "note": "talked about **the funeral**",
        "follow_up": "2026-12-01", "discuss": True,
    }  # fmt: skip
    assert by_id[ids["i_same"]]["follow_up"] is None  # followup done
    assert by_id[ids["i_early"]]["note"] == "added later"
    assert by_id[ids["n04"]]["status"] == "closed"
    assert by_id[ids["aa9"]]["note"] == "Tromsø, «quoted» \\ back"
    assert by_id[ids["b_client"]] == {
        "type": "boundary", "id": ids["b_client"], "at": "2026-11-02T23:40",
        "kind": "after-hours", "felt": 4, "client": "M-17", "initiated_by": "client",
        "note": "a text at midnight", "discuss": True,
    }  # fmt: skip
    assert by_id[ids["b_own"]]["client"] is None
    assert by_id[ids["r1"]]["text"] == (
        '# Today\n\n- it sounded like my own story\n- "quotes", tabs\there, émoji 🌧'
    )
    assert by_id[ids["r1"]]["tags"] == ["grief", "self-care"]
    settings = by_id["settings"]
    assert settings["working_days"] == ["mon", "tue", "wed", "thu"]
    assert (settings["work_start"], settings["country"]) == ("09:00", "NO")
    assert settings["self_care"] == ["walk", "tea", "time outside"]
    assert settings["thresholds"]["high-stress"]["count"] == 3
    assert by_id["plan"] == {"id": "plan", **PLAN_LINE}


def test_the_dump_order_is_by_type_then_date_or_time_then_id(
    filled: tuple[Home, dict[str, str]], outside: Path
) -> None:
    home, ids = filled
    documents = lines_of(dump(home, outside / "a1.jsonl"))
    types = [d["type"] for d in documents]
    records = [d for d in documents if d["type"] in RECORD_TYPES]
    extras = [d["type"] for d in documents if d["type"] not in RECORD_TYPES]
    assert types == [d["type"] for d in records] + extras  # records first
    assert extras == ["settings", "plan"]

    def moment(document: dict[str, Any]) -> str:
        return str(document.get("date") or document.get("at") or "")

    def key(document: dict[str, Any]) -> tuple[int, str, str]:
        return RECORD_TYPES.index(document["type"]), moment(document), document["id"]

    assert records == sorted(records, key=key)
    assert [d["type"] for d in records] == sorted(
        (d["type"] for d in records), key=RECORD_TYPES.index
    )
    interactions = [d["id"] for d in records if d["type"] == "interaction"]
    assert interactions[0] == ids["i_early"]  # older first, though logged later
    assert interactions[1:3] == sorted([ids["i_late"], ids["i_same"]])  # same time: by id
    supports = [d["kind"] for d in records if d["type"] == "support"]
    assert supports[0] == "own-support" and supports[-1] == "supervision"

    # Dumps after more dumps differ only by the ledger lines they add, in ledger order.
    second = lines_of(dump(home, outside / "a2.jsonl"))
    third = lines_of(dump(home, outside / "a3.jsonl"))
    assert second[:-1] == documents
    assert third[: len(documents)] == documents
    ledger = third[len(documents) :]
    assert [d["type"] for d in ledger] == ["ledger", "ledger"]
    assert ledger == sorted(ledger, key=lambda entry: (entry["at"], entry["id"]))
    assert {entry["file"] for entry in ledger} == {
        str(outside / "a1.jsonl"),
        str(outside / "a2.jsonl"),
    }


def test_an_imported_journal_works_like_the_original(
    filled: tuple[Home, dict[str, str]], new_home: NewHome, outside: Path
) -> None:
    first_home, ids = filled
    dump(first_home, outside / "a.jsonl")
    second = new_home("home-b")
    ok(second.run("import", str(outside / "a.jsonl")))

    # The alias and check-in indexes know the imported records.
    taken = second.run("client", "add", "m-17")
    assert taken.exit_code == 2, taken.output
    merged = saved_id(second.run("checkin", "--mood", "1", "--date", "2026-11-02"))
    assert merged == ids["ck2"]
    # DATE-OR-TIME  KIND  CLIENT  ID  words: the id is the fourth column of an interaction
    assert ok(second.run("search", "funeral")).stdout.split()[3] == ids["i_late"]
    followups = json.loads(ok(second.run("followups", "--json")).stdout)
    assert [row["id"] for row in followups] == [ids["i_late"]]
    listed = json.loads(ok(second.run("client", "list", "--json")).stdout)
    assert {c["alias"]: c["status"] for c in listed} == {
        "M-17": "active",
        "N-04": "closed",
        "Å-9": "active",
    }
    country = json.loads(ok(second.run("settings", "get", "country", "--json")).stdout)
    assert country == {"key": "country", "value": "NO"}  # settings replace on import


# --- all or nothing ------------------------------------------------------------------------------

GOOD_LINES = [
    '{"type": "client", "id": "imp-client", "alias": "Q-1", "note": "imported"}',
    '{"type": "interaction", "id": "imp-talk", "client": "Q-1", "at": "2026-11-02T14:00",'
    ' "minutes": 40, "mode": "phone", "intensity": 4, "tags": ["housing"]}',
    '{"type": "reflection", "id": "imp-words", "at": "2026-11-02T21:00", "text": "imported"}',
    '{"type": "checkin", "id": "imp-day", "date": "2026-11-02", "mood": 2, "energy": 2,'
    ' "stress": 4}',
    '{"type": "support", "id": "imp-help", "at": "2026-11-03T10:00", "kind": "supervision"}',
]


@dataclass
class Target:
    home: Home
    existing_id: str  # a reflection already in the vault


@pytest.fixture
def target(new_home: NewHome) -> Target:
    """A vault with something in it already, so "nothing changed" means something."""
    home = new_home("home-target")
    ok(home.run("client", "add", "EXIST"))
    ok(home.run("checkin", "--mood", "3", "--energy", "3", "--stress", "3", "--date", "2026-11-20"))
    existing = saved_id(home.run("reflect", "already here", "--at", "2026-11-19T20:00"))
    return Target(home, existing)


def test_the_good_file_imports(target: Target, outside: Path) -> None:
    """The control for every refusal below: without the bad line, the file imports."""
    path = write_lines(outside / "good.jsonl", GOOD_LINES)
    result = ok(target.home.run("import", str(path)))
    assert "Imported 5 record(s)" in result.stdout
    with Vault.unlock(target.home.vault, PASSPHRASE, clock=fixed_clock) as vault:
        for line in GOOD_LINES:
            document = json.loads(line)
            stored = vault.get(document["id"])
            assert stored is not None
            assert {k: stored[k] for k in document} == document


@dataclass(frozen=True)
class BadLine:
    line: str
    words: str  # what the message must name
    clashes_with: int | None = None  # the good line it clashes with: the later one is named


BAD_LINES = {
    "not JSON": BadLine('{"type": "reflection", "at": "2026-11-02T21:00", "text": ', "JSON"),
    "a required field missing": BadLine(
        '{"type": "checkin", "date": "2026-11-05", "mood": 2, "stress": 3}', "energy"
    ),
    "a date in the future": BadLine(
        '{"type": "reflection", "at": "2099-01-01T09:00", "text": "later"}', "at"
    ),
    "an unknown field": BadLine(
        '{"type": "support", "at": "2026-11-03T10:00", "kind": "supervision", "mood": 3}', "mood"
    ),
    "an unknown type": BadLine('{"type": "diary", "at": "2026-11-03T10:00"}', "type"),
    "a value out of range": BadLine(
        '{"type": "interaction", "client": "Q-1", "at": "2026-11-02T15:00", "minutes": 0,'
        ' "mode": "phone", "intensity": 4}',
        "minutes",
    ),
    "bad settings": BadLine('{"type": "settings", "work_start": "25:00"}', "work_start"),
    "a bad plan": BadLine('{"type": "plan", "triggers": "not a list"}', "triggers"),
    "a bad ledger entry": BadLine('{"type": "ledger", "id": "led-1", "kind": "dump"}', "ledger"),
    "a reserved id": BadLine(
        '{"type": "reflection", "id": "settings", "at": "2026-11-04T21:00", "text": "x"}',
        "settings",
    ),
    "an unknown client": BadLine(
        '{"type": "interaction", "client": "NOBODY", "at": "2026-11-02T15:00", "minutes": 10,'
        ' "mode": "phone", "intensity": 2}',
        "NOBODY",
    ),
    "an id used twice in the file": BadLine(
        '{"type": "reflection", "id": "imp-words", "at": "2026-11-04T21:00", "text": "again"}',
        "imp-words",
        clashes_with=2,
    ),
    "an alias used twice in the file": BadLine(
        '{"type": "client", "alias": "q-1"}', "q-1", clashes_with=0
    ),
    "a check-in date used twice in the file": BadLine(
        '{"type": "checkin", "date": "2026-11-02", "mood": 3, "energy": 3, "stress": 3}',
        "2026-11-02",
        clashes_with=3,
    ),
    "an alias already in the vault": BadLine('{"type": "client", "alias": "exist"}', "exist"),
    "a check-in date already in the vault": BadLine(
        '{"type": "checkin", "date": "2026-11-20", "mood": 2, "energy": 2, "stress": 2}',
        "2026-11-20",
    ),
}
POSITIONS = {"first": 0, "middle": 2, "last": len(GOOD_LINES)}


def assert_refused(result: Result, line_number: int, words: str) -> None:
    assert result.exit_code == 2, result.output
    assert f"line {line_number}" in result.stderr, result.stderr
    assert words in result.stderr, result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("problem", BAD_LINES)
def test_one_bad_line_anywhere_imports_nothing(
    target: Target, outside: Path, problem: str, position: str
) -> None:
    bad = BAD_LINES[problem]
    lines = list(GOOD_LINES)
    lines.insert(POSITIONS[position], bad.line)
    path = write_lines(outside / "one-bad-line.jsonl", lines)
    named = POSITIONS[position]
    if bad.clashes_with is not None:  # of two lines that clash, the later one is named
        named = max(named, lines.index(GOOD_LINES[bad.clashes_with]))
    before = raw_rows(target.home.vault)

    result = target.home.run("import", str(path))

    assert_refused(result, named + 1, bad.words)
    assert raw_rows(target.home.vault) == before


def test_an_id_already_in_the_vault_imports_nothing(target: Target, outside: Path) -> None:
    clash = (
        f'{{"type": "reflection", "id": "{target.existing_id}", "at": "2026-11-04T21:00",'
        ' "text": "clash"}'
    )
    path = write_lines(outside / "clash.jsonl", [*GOOD_LINES[:3], clash, *GOOD_LINES[3:]])
    before = raw_rows(target.home.vault)

    result = target.home.run("import", str(path))

    assert_refused(result, 4, target.existing_id)
    assert "already" in result.stderr
    assert raw_rows(target.home.vault) == before


def test_a_blank_line_counts_in_the_line_numbers(target: Target, outside: Path) -> None:
    path = write_lines(
        outside / "blank.jsonl", [GOOD_LINES[0], "", GOOD_LINES[1], BAD_LINES["not JSON"].line]
    )
    before = raw_rows(target.home.vault)
    assert_refused(target.home.run("import", str(path)), 4, "not valid JSON")
    assert raw_rows(target.home.vault) == before


def test_a_bad_line_is_refused_before_the_passphrase_is_asked(
    target: Target, outside: Path
) -> None:
    path = write_lines(outside / "bad.jsonl", [*GOOD_LINES, BAD_LINES["not JSON"].line])
    result = target.home.run("import", str(path), PSP_JOURNAL_PASSPHRASE=None)
    assert_refused(result, len(GOOD_LINES) + 1, "not valid JSON")
    assert "passphrase" not in result.stderr.lower()


def test_importing_a_dump_into_the_same_vault_changes_nothing(
    filled: tuple[Home, dict[str, str]], outside: Path
) -> None:
    home, _ = filled
    data = dump(home, outside / "a.jsonl")
    first = lines_of(data)[0]
    before = raw_rows(home.vault)

    result = home.run("import", str(outside / "a.jsonl"))

    assert_refused(result, 1, first["id"])
    assert "already" in result.stderr
    assert raw_rows(home.vault) == before


def test_lines_without_an_id_get_one(new_home: NewHome, outside: Path) -> None:
    home = new_home("home-c")
    given = [{k: v for k, v in json.loads(line).items() if k != "id"} for line in GOOD_LINES]
    given.append({"type": "reflection", "at": "2026-11-02T21:00", "text": "same moment"})
    given.append({"type": "boundary", "at": "2026-11-02T23:00", "kind": "gift", "felt": 2})
    path = write_lines(outside / "no-ids.jsonl", [json.dumps(d) for d in given])

    assert "Imported 7 record(s)" in ok(home.run("import", str(path))).stdout

    documents = [
        d for d in lines_of(dump(home, outside / "out.jsonl")) if d["type"] in RECORD_TYPES
    ]
    assert len(documents) == len(given)
    assigned = [d["id"] for d in documents]
    assert all(GENERATED_ID.fullmatch(record_id) for record_id in assigned), assigned
    assert len(set(assigned)) == len(assigned)
    remaining = [dict(d) for d in given]
    for document in documents:
        match = [g for g in remaining if all(document[k] == v for k, v in g.items())]
        assert match, document
        remaining.remove(match[0])
    assert remaining == []
    # Defaults filled in, as the format says: everything else takes its default.
    interaction = next(d for d in documents if d["type"] == "interaction")
    assert (interaction["note"], interaction["close_to_home"], interaction["follow_up"]) == (
        "",
        False,
        None,
    )
    checkin = next(d for d in documents if d["type"] == "checkin")
    assert (checkin["sleep"], checkin["self_care"]) == (None, [])


def test_dump_refuses_an_existing_file_and_a_place_inside_the_home(
    filled: tuple[Home, dict[str, str]], outside: Path
) -> None:
    home, _ = filled
    existing = outside / "existing.jsonl"
    existing.write_bytes(b"keep me\n")
    refused = home.run("dump", "--out", str(existing))
    assert refused.exit_code == 2, refused.output
    assert existing.read_bytes() == b"keep me\n"

    inside = home.path / "dump.jsonl"
    refused = home.run("dump", "--out", str(inside))
    assert refused.exit_code == 2, refused.output
    assert "--out" in refused.stderr
    assert not inside.exists()
    assert [p.name for p in home.path.iterdir() if not p.name.startswith("journal.vault")] == []
