"""The journal commands end to end: good input does what PRODUCT.md's contract says; bad
input exits 2 with a message naming the field, writes nothing, and — where no vault is
needed to see it is bad — is refused before the passphrase is asked.

The CLI's clock is the real `datetime.now`, so every date here is computed from today.
A journal with a little of everything is built once per module and copied into each
test's home (each CLI call on the cheap-KDF vault takes ~50 ms).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from psp_journal.cli import cli
from psp_journal.journal import Journal
from psp_journal.models import NOTE_MAX_CHARS, TEXT_MAX_CHARS
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE, RunCli, fixed_clock, run_process

TODAY = date.today()


def day(offset: int) -> str:
    """A date `offset` days from today (negative: in the past)."""
    return (TODAY + timedelta(days=offset)).isoformat()


def moment(offset: int, clock: str) -> str:
    return f"{day(offset)}T{clock}"


CHECKIN_DAY = day(-3)
PAST_AT = moment(-2, "14:00")
FOLLOW_UP = day(7)  # follow-ups may lie in the future
FUTURE_DAY = day(2)
FUTURE_AT = moment(2, "10:00")
ALIAS_41 = "A" * 41
SAVED_ID = re.compile(r"\(([0-9a-z]+)\)\.?$", re.MULTILINE)
NO_PASSPHRASE_WORDS = ("No passphrase", "PSP_JOURNAL_PASSPHRASE")


# --- helpers ------------------------------------------------------------------------------


def saved_id(result: Result) -> str:
    assert result.exit_code == 0, result.output
    found = SAVED_ID.findall(result.stdout)
    assert found, result.output
    return str(found[-1])


def home_bytes(home: Path) -> dict[str, bytes]:
    """Every file in the home, by path, with its exact bytes."""
    return {
        str(path.relative_to(home)): path.read_bytes()
        for path in sorted(home.rglob("*"))
        if path.is_file()
    }


def documents(vault_path: Path) -> dict[str, Any]:
    """Every document in the vault (records, indexes, settings, ledger), by id.

    Unlocking loads the mirror and may save a snapshot: call it outside a before/after
    byte comparison."""
    vault = Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock)
    try:
        return {doc_id: vault.get(doc_id) for doc_id in vault.ids()}
    finally:
        vault.close()


def revisions(vault_path: Path, record_id: str) -> list[tuple[str, dict[str, Any]]]:
    vault = Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock)
    try:
        return [(revision.reason, revision.document) for revision in vault.revisions(record_id)]
    finally:
        vault.close()


def with_journal(vault_path: Path, use: Callable[[Journal], Any]) -> Any:
    vault = Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock)
    try:
        return use(Journal(vault, datetime.now))
    finally:
        vault.close()


def show_json(run_cli: RunCli, record_id: str) -> dict[str, Any]:
    result = run_cli("show", record_id, "--json")
    assert result.exit_code == 0, result.output
    shown: dict[str, Any] = json.loads(result.stdout)
    assert set(shown) == {"record", "revisions"}
    for revision in shown["revisions"]:
        assert set(revision) == {"number", "replaced_at", "reason", "record"}
        assert revision["reason"] in ("edit", "delete")
    return shown


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


# --- a journal with a little of everything, built once -------------------------------------


@dataclass(frozen=True)
class Seed:
    folder: Path
    ids: dict[str, str]


def _invoke(home: Path, *args: str, input: str | None = None) -> Result:
    env = {
        "PSP_JOURNAL_HOME": str(home),
        "PSP_JOURNAL_PASSPHRASE": PASSPHRASE,
        "PSP_JOURNAL_PASSPHRASE_FILE": None,
    }
    return CliRunner().invoke(cli, list(args), input=input, env=env)


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    folder = tmp_path_factory.mktemp("seed") / "home"
    folder.mkdir(mode=0o700)
    vault, _ = Vault.create(folder / "journal.vault", PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)
    vault.close()
    ids = {
        "client": saved_id(_invoke(folder, "client", "add", "M-17", "--note", "met at drop-in")),
        "other_client": saved_id(_invoke(folder, "client", "add", "K-42")),
        "checkin": saved_id(
            _invoke(
                folder,
                *("checkin", "--mood", "3", "--energy", "4", "--stress", "2"),
                *("--sleep", "7.5", "--worked", "8", "--breaks", "2"),
                *("--self-care", "walk", "--note", "a steady day", "--date", CHECKIN_DAY),
            )
        ),
        "interaction": saved_id(
            _invoke(
                folder,
                *("log", "M-17", "--minutes", "40", "--mode", "phone", "--intensity", "4"),
                *("--tag", "crisis", "--note", "talked about housing", "--at", PAST_AT),
                *("--follow-up", FOLLOW_UP),
            )
        ),
        "plain_interaction": saved_id(
            _invoke(
                folder,
                *("log", "K-42", "--minutes", "20", "--mode", "video", "--intensity", "2"),
                *("--at", moment(-1, "09:30")),
            )
        ),
        "boundary": saved_id(
            _invoke(
                folder,
                *("boundary", "--kind", "gift", "--felt", "2", "--client", "M-17"),
                *("--at", moment(-2, "15:00")),
            )
        ),
        "reflection": saved_id(
            _invoke(folder, "reflect", "a quiet evening", "--at", moment(-2, "21:00"))
        ),
        "support": saved_id(
            _invoke(folder, "support", "--kind", "supervision", "--at", moment(-1, "11:00"))
        ),
    }
    # Load the mirror once so the snapshot is current: a later command that fails has no
    # legitimate reason to write anything at all.
    assert _invoke(folder, "client", "list").exit_code == 0
    return Seed(folder, ids)


@pytest.fixture
def seeded(seed: Seed, home: Path) -> dict[str, str]:
    """The seeded journal copied into this test's home; returns the ids of its records."""
    for path in seed.folder.iterdir():
        shutil.copy2(path, home / path.name)
    return dict(seed.ids)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the journal's home, for dumps and import files."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


# --- good input: check-ins -------------------------------------------------------------------


def test_checkin_with_every_option(run_cli: RunCli, recovery_key: str, vault_path: Path) -> None:
    target = day(-1)
    result = run_cli(
        *("checkin", "--mood", "2", "--energy", "3", "--stress", "4"),
        *("--sleep", "5,5", "--worked", "9", "--breaks", "0"),
        *("--self-care", "walk", "--self-care", "Time with my dog"),
        *("--note", "-", "--date", target),
        input="a heavy week\nbut I walked\n",
    )
    assert result.exit_code == 0, result.output
    assert f"Saved your check-in for {target}" in result.stdout
    record = show_json(run_cli, saved_id(result))["record"]
    assert record == {
        "type": "checkin",
        "id": saved_id(result),
        "date": target,
        "mood": 2,
        "energy": 3,
        "stress": 4,
        "sleep": 5.5,
        "worked": 9,
        "breaks": 0,
        "self_care": ["walk", "Time with my dog"],
        "note": "a heavy week\nbut I walked",
    }


def test_checkin_without_date_is_today_and_left_out_options_are_unknown(
    run_cli: RunCli, recovery_key: str
) -> None:
    result = run_cli("checkin", "--mood", "4", "--energy", "4", "--stress", "1")
    assert result.exit_code == 0, result.output
    assert TODAY.isoformat() in result.stdout
    record = show_json(run_cli, saved_id(result))["record"]
    assert record["date"] == TODAY.isoformat()
    assert (record["sleep"], record["worked"], record["breaks"]) == (None, None, None)
    assert record["self_care"] == [] and record["note"] == ""


def test_second_checkin_same_date_changes_only_given_fields_and_keeps_a_revision(
    run_cli: RunCli, seeded: dict[str, str], vault_path: Path
) -> None:
    before = show_json(run_cli, seeded["checkin"])["record"]
    result = run_cli("checkin", "--mood", "1", "--sleep", "4", "--date", CHECKIN_DAY)
    assert result.exit_code == 0, result.output
    assert saved_id(result) == seeded["checkin"]  # the same check-in, not a second one

    shown = show_json(run_cli, seeded["checkin"])
    assert shown["record"] == {**before, "mood": 1, "sleep": 4}
    assert [(r["number"], r["reason"]) for r in shown["revisions"]] == [(1, "edit")]
    assert shown["revisions"][0]["record"] == before
    checkins = [d for d in documents(vault_path).values() if d.get("type") == "checkin"]
    assert len(checkins) == 1


# --- good input: clients ---------------------------------------------------------------------


def test_client_add_list_close_and_json(run_cli: RunCli, recovery_key: str) -> None:
    added = run_cli("client", "add", "M-17", "--note", "-", input="from the shelter\n")
    assert added.exit_code == 0, added.output
    assert "Added M-17" in added.stdout
    assert run_cli("client", "add", "B-3").exit_code == 0

    listed = run_cli("client", "list")
    assert listed.exit_code == 0, listed.output
    assert [line.split()[:2] for line in listed.stdout.splitlines()] == [
        ["B-3", "active"],
        ["M-17", "active"],
    ]

    closed = run_cli("client", "close", "m-17")  # the alias ignores case
    assert closed.exit_code == 0, closed.output
    assert "M-17 is closed" in closed.stdout

    as_json = run_cli("client", "list", "--json")
    assert as_json.exit_code == 0, as_json.output
    clients = json.loads(as_json.stdout)
    assert [set(entry) for entry in clients] == [{"type", "id", "alias", "status", "note"}] * 2
    assert [(c["alias"], c["status"], c["note"]) for c in clients] == [
        ("B-3", "active", ""),
        ("M-17", "closed", "from the shelter"),
    ]
    assert clients[1]["id"] == saved_id(added)


def test_client_list_when_empty(run_cli: RunCli, recovery_key: str) -> None:
    result = run_cli("client", "list")
    assert result.exit_code == 0, result.output
    assert "No clients yet" in result.stdout
    as_json = run_cli("client", "list", "--json")
    assert json.loads(as_json.stdout) == []


def test_client_add_with_a_name_like_alias_warns_but_saves(
    run_cli: RunCli, recovery_key: str
) -> None:
    result = run_cli("client", "add", "Maria Lopez")
    assert result.exit_code == 0, result.output
    assert "looks like it could be a real name" in result.stderr
    assert [c["alias"] for c in json.loads(run_cli("client", "list", "--json").stdout)] == [
        "Maria Lopez"
    ]


def test_client_delete_with_records_removes_everything_about_them(
    run_cli: RunCli, seeded: dict[str, str], vault_path: Path
) -> None:
    result = run_cli("client", "delete", "M-17", "--with-records", "--yes")
    assert result.exit_code == 0, result.output
    assert "Deleted M-17 and 2 record(s)" in result.stdout

    held = documents(vault_path)
    for gone in ("client", "interaction", "boundary"):
        assert seeded[gone] not in held
        assert revisions(vault_path, seeded[gone]) == []
    for kept in ("other_client", "plain_interaction", "checkin", "reflection", "support"):
        assert seeded[kept] in held
    assert [c["alias"] for c in json.loads(run_cli("client", "list", "--json").stdout)] == ["K-42"]


def _log_as_lower_case(run_cli: RunCli) -> tuple[str, str]:
    logged = saved_id(
        run_cli(
            *("log", "m-17", "--minutes", "10", "--mode", "phone", "--intensity", "2"),
            *("--at", moment(-1, "12:00")),
        )
    )
    pressure = saved_id(run_cli(*BOUNDARY, "--client", "m-17", "--at", moment(-1, "12:30")))
    return logged, pressure


def test_a_record_names_the_clients_own_alias_however_it_was_typed(
    run_cli: RunCli, seeded: dict[str, str]
) -> None:
    """'m-17' finds the client M-17 (aliases ignore case), so the record is about M-17."""
    logged, pressure = _log_as_lower_case(run_cli)
    assert show_json(run_cli, logged)["record"]["client"] == "M-17"
    assert show_json(run_cli, pressure)["record"]["client"] == "M-17"


def test_client_delete_takes_records_logged_under_another_spelling_of_the_alias(
    run_cli: RunCli, seeded: dict[str, str], vault_path: Path, outside: Path
) -> None:
    """A record logged as 'm-17' is about M-17: deleting M-17 with their records must take
    it too, and leave nothing that names a client no longer in the journal."""
    logged, pressure = _log_as_lower_case(run_cli)
    result = run_cli("client", "delete", "M-17", "--with-records", "--yes")
    assert result.exit_code == 0, result.output
    held = documents(vault_path)
    assert logged not in held and pressure not in held
    assert seeded["interaction"] not in held and seeded["boundary"] not in held
    assert "Deleted M-17 and 4 record(s)" in result.stdout
    # what is left can still be dumped and imported: no record names a missing client
    out = outside / "left.jsonl"
    assert run_cli("dump", "--out", str(out)).exit_code == 0
    clients = {json.loads(line).get("client") for line in out.read_text("utf-8").splitlines()}
    assert clients <= {None, "K-42"}


# --- good input: interactions, boundaries, reflections, support --------------------------------


def test_log_with_every_option(run_cli: RunCli, seeded: dict[str, str]) -> None:
    at = moment(-1, "16:45")
    result = run_cli(
        *("log", "M-17", "--minutes", "720", "--mode", "In person", "--intensity", "5"),
        *("--tag", "crisis", "--tag", "Substance Use", "--close-to-home", "--self-disclosure"),
        *("--setting", "drop-in centre", "--note", "-", "--follow-up", FOLLOW_UP),
        *("--discuss", "--at", at),
        input="we sat outside\n",
    )
    assert result.exit_code == 0, result.output
    assert "Saved the interaction with M-17" in result.stdout
    record = show_json(run_cli, saved_id(result))["record"]
    assert record == {
        "type": "interaction",
        "id": saved_id(result),
        "client": "M-17",
        "at": at,
        "minutes": 720,
        "mode": "in-person",
        "intensity": 5,
        "tags": ["crisis", "substance-use"],
        "close_to_home": True,
        "self_disclosure": True,
        "setting": "drop-in centre",
        "note": "we sat outside",
        "follow_up": FOLLOW_UP,
        "discuss": True,
    }


def test_tags_in_any_language_are_one_tag_whatever_the_case(
    run_cli: RunCli, seeded: dict[str, str]
) -> None:
    result = run_cli(*LOG, "--tag", "Håp", "--tag", "sorg", "--tag", "ha\u030ap", "--tag", "Grief")
    assert show_json(run_cli, saved_id(result))["record"]["tags"] == ["håp", "sorg", "grief"]


def test_log_without_at_is_now(run_cli: RunCli, seeded: dict[str, str]) -> None:
    before = datetime.now().replace(second=0, microsecond=0)
    result = run_cli("log", "K-42", "--minutes", "1", "--mode", "text", "--intensity", "1")
    after = datetime.now().replace(second=0, microsecond=0)
    assert result.exit_code == 0, result.output
    record = show_json(run_cli, saved_id(result))["record"]
    assert before <= datetime.fromisoformat(record["at"]) <= after
    assert record["tags"] == [] and record["follow_up"] is None and record["discuss"] is False


def test_boundary_with_every_option(run_cli: RunCli, seeded: dict[str, str]) -> None:
    at = moment(-1, "23:40")
    result = run_cli(
        *("boundary", "--kind", "after-hours", "--felt", "4", "--client", "M-17"),
        *("--initiated-by", "client", "--note", "-", "--discuss", "--at", at),
        input="a text at midnight",
    )
    assert result.exit_code == 0, result.output
    assert "Saved the boundary event" in result.stdout
    assert show_json(run_cli, saved_id(result))["record"] == {
        "type": "boundary",
        "id": saved_id(result),
        "at": at,
        "kind": "after-hours",
        "felt": 4,
        "client": "M-17",
        "initiated_by": "client",
        "note": "a text at midnight",
        "discuss": True,
    }


def test_boundary_without_client(run_cli: RunCli, recovery_key: str) -> None:
    result = run_cli("boundary", "--kind", "role-drift", "--felt", "1")
    assert result.exit_code == 0, result.output
    record = show_json(run_cli, saved_id(result))["record"]
    assert (record["client"], record["initiated_by"], record["discuss"]) == (None, None, False)


@pytest.mark.parametrize(
    ("args", "stdin", "text"),
    [
        (("reflect", "What stayed with me: *the waiting room*"), None, None),
        (
            ("reflect", "-"),
            "from standard input\nsecond line\n",
            "from standard input\nsecond line",
        ),
        (("reflect",), "no TEXT at all, so stdin\n", "no TEXT at all, so stdin"),
    ],
    ids=["text", "dash", "no-text"],
)
def test_reflect(
    run_cli: RunCli, recovery_key: str, args: tuple[str, ...], stdin: str | None, text: str | None
) -> None:
    at = moment(-1, "21:00")
    result = run_cli(
        *args, "--tag", "grief", "--tag", "Self Care", "--discuss", "--at", at, input=stdin
    )
    assert result.exit_code == 0, result.output
    assert "Saved your reflection" in result.stdout
    assert show_json(run_cli, saved_id(result))["record"] == {
        "type": "reflection",
        "id": saved_id(result),
        "at": at,
        "text": text if text is not None else args[1],
        "tags": ["grief", "self-care"],
        "discuss": True,
    }


@pytest.mark.parametrize("kind", ["supervision", "team-debrief", "peer-consult", "own-support"])
def test_support(run_cli: RunCli, recovery_key: str, kind: str) -> None:
    at = moment(-4, "10:00")
    result = run_cli("support", "--kind", kind, "--note", "-", "--at", at, input="it helped\n")
    assert result.exit_code == 0, result.output
    assert "Saved the support you received" in result.stdout
    assert show_json(run_cli, saved_id(result))["record"] == {
        "type": "support",
        "id": saved_id(result),
        "at": at,
        "kind": kind,
        "note": "it helped",
    }


# --- good input: show, edit, delete ----------------------------------------------------------


def test_show_plain_lists_fields(run_cli: RunCli, seeded: dict[str, str]) -> None:
    result = run_cli("show", seeded["interaction"])
    assert result.exit_code == 0, result.output
    lines = {line.split(None, 1)[0]: line.split(None, 1)[1:] for line in result.stdout.splitlines()}
    assert lines["type"] == ["interaction"]
    assert lines["client"] == ["M-17"]
    assert lines["minutes"] == ["40"]
    assert lines["tags"] == ["crisis"]
    assert lines["follow_up"] == [FOLLOW_UP]
    assert "earlier version" not in result.stdout


def test_edit_changes_only_given_fields_and_show_lists_the_revision(
    run_cli: RunCli, seeded: dict[str, str], vault_path: Path
) -> None:
    record_id = seeded["interaction"]
    before = show_json(run_cli, record_id)["record"]
    new_at = moment(-2, "15:30")
    result = run_cli(
        *("edit", record_id, "--minutes", "55", "--mode", "video", "--tag", "grief"),
        *("--tag", "Housing", "--note", "-", "--at", new_at, "--discuss", "yes"),
        input="an edited note\n",
    )
    assert result.exit_code == 0, result.output
    assert f"The earlier version of {record_id} is kept" in result.stdout

    shown = show_json(run_cli, record_id)
    assert shown["record"] == {
        **before,
        "minutes": 55,
        "mode": "video",
        "tags": ["grief", "housing"],
        "note": "an edited note",
        "at": new_at,
        "discuss": True,
    }
    assert len(shown["revisions"]) == 1
    assert shown["revisions"][0]["number"] == 1
    assert shown["revisions"][0]["reason"] == "edit"
    assert shown["revisions"][0]["record"] == before

    plain = run_cli("show", record_id)
    assert plain.exit_code == 0, plain.output
    assert "earlier version 1: edit at" in plain.stdout

    # a second edit keeps both earlier versions, oldest first
    assert run_cli("edit", record_id, "--follow-up", "").exit_code == 0
    again = show_json(run_cli, record_id)
    assert again["record"]["follow_up"] is None
    assert [r["number"] for r in again["revisions"]] == [1, 2]
    assert again["revisions"][1]["record"]["follow_up"] == FOLLOW_UP
    assert [reason for reason, _ in revisions(vault_path, record_id)] == ["edit", "edit"]


def test_edit_a_checkin(run_cli: RunCli, seeded: dict[str, str]) -> None:
    before = show_json(run_cli, seeded["checkin"])["record"]
    result = run_cli(
        "edit", seeded["checkin"], "--stress", "5", "--self-care", "music", "--self-care", "rest"
    )
    assert result.exit_code == 0, result.output
    shown = show_json(run_cli, seeded["checkin"])
    assert shown["record"] == {**before, "stress": 5, "self_care": ["music", "rest"]}
    assert [r["record"] for r in shown["revisions"]] == [before]


def test_edit_a_clients_alias_renames_them_everywhere(
    run_cli: RunCli, seeded: dict[str, str]
) -> None:
    renamed = run_cli("edit", seeded["client"], "--alias", "M-18")
    assert renamed.exit_code == 0, renamed.output
    assert [c["alias"] for c in json.loads(run_cli("client", "list", "--json").stdout)] == [
        "K-42",
        "M-18",
    ]
    assert show_json(run_cli, seeded["interaction"])["record"]["client"] == "M-18"
    assert show_json(run_cli, seeded["boundary"])["record"]["client"] == "M-18"


def test_delete_with_yes_then_show_is_exit_2_and_the_last_version_is_kept(
    run_cli: RunCli, seeded: dict[str, str], vault_path: Path
) -> None:
    record_id = seeded["reflection"]
    before = show_json(run_cli, record_id)["record"]
    result = run_cli("delete", record_id, "--yes")
    assert result.exit_code == 0, result.output
    assert f"Deleted {record_id}" in result.stdout

    shown = run_cli("show", record_id)
    assert shown.exit_code == 2, shown.output
    assert "ID" in shown.output and record_id in shown.output
    no_traceback(shown)
    assert record_id not in documents(vault_path)
    assert revisions(vault_path, record_id) == [("delete", before)]


def test_delete_a_checkin_frees_its_date(run_cli: RunCli, seeded: dict[str, str]) -> None:
    assert run_cli("delete", seeded["checkin"], "--yes").exit_code == 0
    again = run_cli(
        "checkin", "--mood", "5", "--energy", "5", "--stress", "1", "--date", CHECKIN_DAY
    )
    assert again.exit_code == 0, again.output
    assert saved_id(again) != seeded["checkin"]


# --- good input: follow-ups ------------------------------------------------------------------


def test_followups_and_followup_done(run_cli: RunCli, seeded: dict[str, str]) -> None:
    overdue = run_cli(
        *("log", "K-42", "--minutes", "15", "--mode", "phone", "--intensity", "2"),
        *("--at", moment(-10, "09:00"), "--follow-up", day(-1)),
    )
    overdue_id = saved_id(overdue)

    plain = run_cli("followups")
    assert plain.exit_code == 0, plain.output
    lines = plain.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(day(-1)) and overdue_id in lines[0] and "past its date" in lines[0]
    assert lines[1].startswith(FOLLOW_UP) and seeded["interaction"] in lines[1]
    assert "past its date" not in lines[1]

    as_json = run_cli("followups", "--json")
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout) == [
        {"id": overdue_id, "client": "K-42", "follow_up": day(-1), "overdue": True},
        {"id": seeded["interaction"], "client": "M-17", "follow_up": FOLLOW_UP, "overdue": False},
    ]

    done = run_cli("followup", "done", seeded["interaction"])
    assert done.exit_code == 0, done.output
    assert "Marked done: the follow-up with M-17" in done.stdout
    assert [row["id"] for row in json.loads(run_cli("followups", "--json").stdout)] == [overdue_id]
    shown = show_json(run_cli, seeded["interaction"])
    assert shown["record"]["follow_up"] is None
    assert shown["revisions"][0]["record"]["follow_up"] == FOLLOW_UP  # the date is kept


def test_followups_when_none(run_cli: RunCli, recovery_key: str) -> None:
    result = run_cli("followups")
    assert result.exit_code == 0, result.output
    assert "No follow-ups planned" in result.stdout
    assert json.loads(run_cli("followups", "--json").stdout) == []


# --- good input: settings --------------------------------------------------------------------


def test_settings_list_get_set(run_cli: RunCli, recovery_key: str, vault_path: Path) -> None:
    listed = run_cli("settings")
    assert listed.exit_code == 0, listed.output
    assert "work-start = 08:00" in listed.stdout
    assert "thresholds.high-stress.count = 4" in listed.stdout

    as_json = run_cli("settings", "list", "--json")
    assert as_json.exit_code == 0, as_json.output
    values = json.loads(as_json.stdout)
    assert values["working-days"] == ["mon", "tue", "wed", "thu", "fri"]
    assert values["work-start"] == "08:00" and values["work-end"] == "18:00"
    assert values["auto-lock-minutes"] == 5 and values["retention-days"] is None
    assert values["thresholds.high-stress.count"] == 4
    assert {"weekly-hours", "self-care", "country"} <= set(values)

    got = run_cli("settings", "get", "work-end", "--json")
    assert got.exit_code == 0, got.output
    assert json.loads(got.stdout) == {"key": "work-end", "value": "18:00"}
    assert run_cli("settings", "get", "work-end").stdout.strip() == "work-end = 18:00"

    changed = run_cli("settings", "set", "thresholds.high-stress.count", "3", "--json")
    assert changed.exit_code == 0, changed.output
    assert json.loads(changed.stdout) == {"key": "thresholds.high-stress.count", "value": 3}
    plain = run_cli("settings", "set", "working-days", "mon-thu")
    assert plain.exit_code == 0, plain.output
    assert plain.stdout.strip() == "working-days = mon, tue, wed, thu"
    assert run_cli("settings", "set", "country", "no").exit_code == 0

    after = json.loads(run_cli("settings", "--json").stdout)
    assert after["thresholds.high-stress.count"] == 3
    assert after["working-days"] == ["mon", "tue", "wed", "thu"]
    assert after["country"] == "NO"
    stored = with_journal(vault_path, lambda journal: journal.settings())
    assert stored.threshold("high-stress", "count") == 3
    assert stored.country == "NO"


# --- good input: search ----------------------------------------------------------------------


def test_search(run_cli: RunCli, seeded: dict[str, str]) -> None:
    result = run_cli("search", "housing")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [
        PAST_AT,
        "interaction",
        "M-17",
        seeded["interaction"],
        "talked",
        "about",
        "housing",
    ]

    as_json = run_cli("search", "quiet evening", "--json")
    assert as_json.exit_code == 0, as_json.output
    found = json.loads(as_json.stdout)
    assert [(record["type"], record["id"]) for record in found] == [
        ("reflection", seeded["reflection"])
    ]
    assert set(found[0]) == {"type", "id", "at", "text", "tags", "discuss", "snippet"}
    assert found[0]["snippet"] == "a quiet evening"

    nothing = run_cli("search", "zebra")
    assert nothing.exit_code == 0 and "Nothing found" in nothing.stdout
    assert json.loads(run_cli("search", "zebra", "--json").stdout) == []


# --- good input: purge, dump, import ---------------------------------------------------------


def test_purge_before_deletes_older_records_and_their_versions(
    run_cli: RunCli, seeded: dict[str, str], vault_path: Path
) -> None:
    old_checkin = saved_id(
        run_cli("checkin", "--mood", "3", "--energy", "3", "--stress", "3", "--date", day(-30))
    )
    old_log = saved_id(
        run_cli(
            *("log", "M-17", "--minutes", "30", "--mode", "group", "--intensity", "2"),
            *("--at", moment(-29, "10:00")),
        )
    )
    assert run_cli("edit", old_log, "--minutes", "31").exit_code == 0
    deleted_old = saved_id(run_cli("reflect", "long ago", "--at", moment(-28, "20:00")))
    assert run_cli("delete", deleted_old, "--yes").exit_code == 0

    result = run_cli("purge", "--before", day(-10), "--yes")
    assert result.exit_code == 0, result.output
    assert f"Deleted 2 record(s) dated before {day(-10)}" in result.stdout

    held = documents(vault_path)
    for gone in (old_checkin, old_log, deleted_old):
        assert gone not in held
        assert revisions(vault_path, gone) == []
        assert run_cli("show", gone).exit_code == 2
    for kept in seeded.values():  # clients are not dated; everything else is recent
        assert kept in held
    # the purged check-in's date is free again
    assert (
        run_cli(
            "checkin", "--mood", "2", "--energy", "2", "--stress", "2", "--date", day(-30)
        ).exit_code
        == 0
    )


def test_dump_and_import_round_trip(
    run_cli: RunCli, seeded: dict[str, str], vault_path: Path, outside: Path, tmp_path: Path
) -> None:
    assert run_cli("settings", "set", "auto-lock-minutes", "15").exit_code == 0
    out = outside / "journal.jsonl"
    result = run_cli("dump", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "plain text" in result.stderr  # the warning
    lines = out.read_text(encoding="utf-8").splitlines()
    assert f"Wrote {len(lines)} record(s)" in result.stdout
    assert out.stat().st_mode & 0o777 == 0o600
    dumped = [json.loads(line) for line in lines]
    assert [d["type"] for d in dumped] == [
        *["client"] * 2,
        "checkin",
        *["interaction"] * 2,
        "boundary",
        "reflection",
        "support",
        "settings",
    ]
    assert {d["id"] for d in dumped if d["type"] != "settings"} == set(seeded.values())
    ledger = [d for d in documents(vault_path).values() if d.get("type") == "ledger"]
    assert len(ledger) == 1 and ledger[0]["kind"] == "dump" and ledger[0]["records"] == len(lines)

    # import into a fresh journal elsewhere: the same records, the same ids
    other_home = tmp_path / "other"
    other_home.mkdir(mode=0o700)
    other_vault, _ = Vault.create(
        other_home / "journal.vault", PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF
    )
    other_vault.close()
    imported = run_cli("import", str(out), PSP_JOURNAL_HOME=str(other_home))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.strip() == f"Imported {len(lines) - 1} record(s)."  # settings aside

    again = outside / "again.jsonl"
    assert run_cli("dump", "--out", str(again), PSP_JOURNAL_HOME=str(other_home)).exit_code == 0
    assert again.read_bytes() == out.read_bytes()
    shown = run_cli("show", seeded["interaction"], "--json", PSP_JOURNAL_HOME=str(other_home))
    assert json.loads(shown.stdout)["record"]["note"] == "talked about housing"
    assert (
        json.loads(
            run_cli(
                "settings", "get", "auto-lock-minutes", "--json", PSP_JOURNAL_HOME=str(other_home)
            ).stdout
        )["value"]
        == 15
    )


def test_import_without_ids_assigns_them(
    run_cli: RunCli, seeded: dict[str, str], vault_path: Path, outside: Path
) -> None:
    lines: list[dict[str, Any]] = [
        {"type": "client", "alias": "Z-1"},
        {"type": "checkin", "date": day(-5), "mood": 2, "energy": 2, "stress": 4},
        {
            "type": "interaction",
            "client": "Z-1",
            "at": moment(-5, "10:00"),
            "minutes": 30,
            "mode": "outreach",
            "intensity": 3,
        },
        {
            "type": "boundary",
            "at": moment(-5, "11:00"),
            "kind": "money",
            "felt": 3,
            "client": "M-17",
        },
        {"type": "reflection", "at": moment(-5, "20:00"), "text": "imported words"},
        {"type": "support", "at": moment(-5, "12:00"), "kind": "peer-consult"},
    ]
    source = outside / "in.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    before = documents(vault_path)
    result = run_cli("import", str(source))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Imported 6 record(s)."
    after = documents(vault_path)
    added = [after[doc_id] for doc_id in after.keys() - before.keys()]
    assert sorted(d["type"] for d in added) == sorted(line["type"] for line in lines)
    interaction = next(d for d in added if d["type"] == "interaction")
    assert (interaction["client"], interaction["tags"], interaction["note"]) == ("Z-1", [], "")
    assert [c["alias"] for c in json.loads(run_cli("client", "list", "--json").stdout)] == [
        "K-42",
        "M-17",
        "Z-1",
    ]
    # the imported check-in holds its date like any other
    merged = run_cli("checkin", "--mood", "4", "--date", day(-5))
    assert merged.exit_code == 0, merged.output
    assert after[saved_id(merged)]["type"] == "checkin"


# --- bad input -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """One bad command: what is typed, what the message must name, whether the vault is
    needed to know it is bad, and any file it reads (outside the home)."""

    args: tuple[str, ...]
    named: str
    needs_vault: bool = False
    stdin: str | None = None
    files: dict[str, str] = field(default_factory=dict)


LOG = ("log", "M-17", "--minutes", "30", "--mode", "phone", "--intensity", "3")
CHECKIN = ("checkin", "--mood", "3", "--energy", "3", "--stress", "3")
BOUNDARY = ("boundary", "--kind", "gift", "--felt", "3")


def _log(**changes: str) -> tuple[str, ...]:
    options = {"--minutes": "30", "--mode": "phone", "--intensity": "3"}
    options.update({"--" + key.replace("_", "-"): value for key, value in changes.items()})
    return ("log", "M-17", *(part for pair in options.items() for part in pair))


def _lines(*documents_: dict[str, Any]) -> str:
    return "".join(json.dumps(document) + "\n" for document in documents_)


GOOD_LINE = {"type": "reflection", "at": moment(-6, "20:00"), "text": "fine words"}
GOOD_SUPPORT = {"type": "support", "at": moment(-6, "10:00"), "kind": "supervision"}

BAD: dict[str, Bad] = {
    # check-in scales, hours, counts and dates
    "mood-0": Bad((*CHECKIN, "--mood", "0"), "--mood"),
    "mood-6": Bad((*CHECKIN, "--mood", "6"), "--mood"),
    "mood-seven": Bad((*CHECKIN, "--mood", "seven"), "--mood"),
    "mood-2.5": Bad((*CHECKIN, "--mood", "2.5"), "--mood"),
    "energy-0": Bad((*CHECKIN, "--energy", "0"), "--energy"),
    "energy-6": Bad((*CHECKIN, "--energy", "6"), "--energy"),
    "stress-0": Bad((*CHECKIN, "--stress", "0"), "--stress"),
    "stress-9": Bad((*CHECKIN, "--stress", "9"), "--stress"),
    "sleep-25": Bad((*CHECKIN, "--sleep", "25"), "--sleep"),
    "sleep-minus-1": Bad((*CHECKIN, "--sleep", "-1"), "--sleep"),
    "sleep-words": Bad((*CHECKIN, "--sleep", "lots"), "--sleep"),
    "worked-24.5": Bad((*CHECKIN, "--worked", "24.5"), "--worked"),
    "breaks-21": Bad((*CHECKIN, "--breaks", "21"), "--breaks"),
    "breaks-minus-1": Bad((*CHECKIN, "--breaks", "-1"), "--breaks"),
    "self-care-empty": Bad((*CHECKIN, "--self-care", " "), "--self-care"),
    "checkin-date-impossible": Bad((*CHECKIN, "--date", "2026-02-30"), "--date"),
    "checkin-date-month-13": Bad((*CHECKIN, "--date", "2025-13-01"), "--date"),
    "checkin-date-future": Bad((*CHECKIN, "--date", FUTURE_DAY), "--date"),
    "checkin-date-malformed": Bad((*CHECKIN, "--date", "yesterday"), "--date"),
    "checkin-edit-mood-only-bad": Bad(("checkin", "--mood", "0", "--date", CHECKIN_DAY), "--mood"),
    # interactions
    "minutes-0": Bad(_log(minutes="0"), "--minutes"),
    "minutes-minus-5": Bad(_log(minutes="-5"), "--minutes"),
    "minutes-721": Bad(_log(minutes="721"), "--minutes"),
    "minutes-ten": Bad(_log(minutes="ten"), "--minutes"),
    "mode-unknown": Bad(_log(mode="carrier-pigeon"), "--mode"),
    "mode-missing": Bad(("log", "M-17", "--minutes", "30", "--intensity", "3"), "--mode"),
    "intensity-0": Bad(_log(intensity="0"), "--intensity"),
    "intensity-6": Bad(_log(intensity="6"), "--intensity"),
    "log-at-future": Bad(_log(at=FUTURE_AT), "--at"),
    "log-at-malformed": Bad(_log(at="yesterday 3pm"), "--at"),
    "log-at-impossible": Bad(_log(at="2026-02-30T10:00"), "--at"),
    "log-at-hour-25": Bad(_log(at=f"{day(-1)}T25:00"), "--at"),
    "follow-up-malformed": Bad(_log(follow_up="soon"), "--follow-up"),
    "follow-up-impossible": Bad(_log(follow_up="2026-02-30"), "--follow-up"),
    "tag-nonsense": Bad((*LOG, "--tag", "!!"), "--tag"),
    "tag-41-letters": Bad((*LOG, "--tag", "å" * 41), "--tag"),
    "tag-with-a-dot": Bad(("reflect", "a note", "--tag", "sorg.håp"), "--tag"),
    "edit-tag-nonsense": Bad(("edit", "<reflection>", "--tag", "a--b"), "--tag", needs_vault=True),
    "log-alias-empty": Bad(
        ("log", "", "--minutes", "30", "--mode", "phone", "--intensity", "3"), "ALIAS"
    ),
    "log-alias-41": Bad(
        ("log", ALIAS_41, "--minutes", "30", "--mode", "phone", "--intensity", "3"), "ALIAS"
    ),
    "log-unknown-client": Bad(("log", "Z-99", *LOG[2:]), "ALIAS", needs_vault=True),
    "log-two-stdin": Bad((*LOG, "--note", "-", "--setting", "-"), "--setting", stdin="x"),
    # boundaries
    "kind-unknown": Bad(("boundary", "--kind", "hug", "--felt", "3"), "--kind"),
    "felt-0": Bad(("boundary", "--kind", "gift", "--felt", "0"), "--felt"),
    "felt-6": Bad(("boundary", "--kind", "gift", "--felt", "6"), "--felt"),
    "felt-words": Bad(("boundary", "--kind", "gift", "--felt", "uneasy"), "--felt"),
    "initiated-by-unknown": Bad((*BOUNDARY, "--initiated-by", "boss"), "--initiated-by"),
    "boundary-at-future": Bad((*BOUNDARY, "--at", FUTURE_AT), "--at"),
    "boundary-unknown-client": Bad((*BOUNDARY, "--client", "Z-99"), "--client", needs_vault=True),
    # reflections and support
    "reflect-at-future": Bad(("reflect", "words", "--at", FUTURE_AT), "--at"),
    "reflect-empty": Bad(("reflect", "-"), "text", stdin="   \n"),
    "support-kind-unknown": Bad(("support", "--kind", "therapy"), "--kind"),
    "support-at-future": Bad(("support", "--kind", "supervision", "--at", FUTURE_AT), "--at"),
    "support-at-malformed": Bad(("support", "--kind", "supervision", "--at", "10:00"), "--at"),
    # clients
    "alias-empty": Bad(("client", "add", ""), "ALIAS"),
    "alias-blank": Bad(("client", "add", "   "), "ALIAS"),
    "alias-41": Bad(("client", "add", ALIAS_41), "ALIAS"),
    "alias-duplicate": Bad(("client", "add", "M-17"), "ALIAS", needs_vault=True),
    "alias-duplicate-case": Bad(("client", "add", "m-17"), "ALIAS", needs_vault=True),
    "alias-duplicate-spaces": Bad(("client", "add", " M-17 "), "ALIAS", needs_vault=True),
    "close-unknown": Bad(("client", "close", "Z-99"), "ALIAS", needs_vault=True),
    "client-delete-unknown": Bad(
        ("client", "delete", "Z-99", "--with-records", "--yes"), "ALIAS", needs_vault=True
    ),
    "client-delete-without-with-records": Bad(
        ("client", "delete", "M-17", "--yes"), "--with-records"
    ),
    "client-delete-without-yes": Bad(("client", "delete", "M-17", "--with-records"), "--yes"),
    # any record by id
    "show-unknown": Bad(("show", "nosuchid"), "ID", needs_vault=True),
    "edit-unknown-id": Bad(("edit", "nosuchid", "--note", "x"), "ID", needs_vault=True),
    "edit-unknown-field": Bad(
        ("edit", "<interaction>", "--colour", "blue"), "--colour", needs_vault=True
    ),
    "edit-field-of-other-kind": Bad(
        ("edit", "<interaction>", "--mood", "3"), "--mood", needs_vault=True
    ),
    "edit-minutes-0": Bad(
        ("edit", "<interaction>", "--minutes", "0"), "--minutes", needs_vault=True
    ),
    "edit-at-future": Bad(("edit", "<interaction>", "--at", FUTURE_AT), "--at", needs_vault=True),
    "edit-mood-9": Bad(("edit", "<checkin>", "--mood", "9"), "--mood", needs_vault=True),
    "edit-date-future": Bad(
        ("edit", "<checkin>", "--date", FUTURE_DAY), "--date", needs_vault=True
    ),
    "edit-alias-taken": Bad(("edit", "<client>", "--alias", "k-42"), "--alias", needs_vault=True),
    "edit-no-value": Bad(("edit", "<interaction>", "--note"), "--note"),
    "edit-nothing": Bad(("edit", "<interaction>"), "edit"),
    "delete-unknown": Bad(("delete", "nosuchid", "--yes"), "ID", needs_vault=True),
    "delete-without-yes": Bad(("delete", "<reflection>"), "--yes"),
    "followup-done-without-follow-up": Bad(
        ("followup", "done", "<plain_interaction>"), "ID", needs_vault=True
    ),
    "followup-done-on-a-reflection": Bad(
        ("followup", "done", "<reflection>"), "ID", needs_vault=True
    ),
    "followup-done-unknown": Bad(("followup", "done", "nosuchid"), "ID", needs_vault=True),
    # settings
    "setting-unknown-set": Bad(("settings", "set", "colour-scheme", "blue"), "colour-scheme"),
    "setting-unknown-get": Bad(("settings", "get", "colour-scheme"), "colour-scheme"),
    "setting-unknown-threshold": Bad(
        ("settings", "set", "thresholds.sadness.count", "3"), "thresholds.sadness.count"
    ),
    "threshold-negative-count": Bad(
        ("settings", "set", "thresholds.high-stress.count", "-1"), "thresholds.high-stress.count"
    ),
    "threshold-window-0": Bad(
        ("settings", "set", "thresholds.high-stress.window", "0"), "thresholds.high-stress.window"
    ),
    "threshold-words": Bad(
        ("settings", "set", "thresholds.quiet.window", "a week"), "thresholds.quiet.window"
    ),
    "work-start-25": Bad(("settings", "set", "work-start", "25:00"), "work-start"),
    "work-end-before-start": Bad(("settings", "set", "work-end", "07:00"), "work-end"),
    "auto-lock-0": Bad(("settings", "set", "auto-lock-minutes", "0"), "auto-lock-minutes"),
    "setting-without-value": Bad(("settings", "set", "country"), "VALUE"),
    "setting-without-key": Bad(("settings", "get"), "KEY"),
    # search, purge
    "search-blank": Bad(("search", "   "), "QUERY"),
    "search-n-0": Bad(("search", "housing", "-n", "0"), "-n"),
    "search-from-malformed": Bad(("search", "housing", "--from", "last week"), "--from"),
    "search-to-impossible": Bad(("search", "housing", "--to", "2026-02-30"), "--to"),
    "search-from-after-to": Bad(
        ("search", "housing", "--from", day(-1), "--to", day(-3)), "--from"
    ),
    # list
    "list-n-0": Bad(("list", "-n", "0"), "-n"),
    "list-n-minus-1": Bad(("list", "-n", "-1"), "-n"),
    "list-n-words": Bad(("list", "-n", "ten"), "-n"),
    "list-from-malformed": Bad(("list", "--from", "yesterday"), "--from"),
    "list-to-impossible": Bad(("list", "--to", "2026-13-01"), "--to"),
    "list-from-after-to": Bad(("list", "--from", day(-1), "--to", day(-3)), "--from"),
    "list-kind-unknown": Bad(("list", "--kind", "client"), "--kind"),
    "list-second-kind-unknown": Bad(("list", "--kind", "checkin", "--kind", "mood"), "--kind"),
    "list-tag-nonsense": Bad(("list", "--tag", "a--b"), "--tag"),
    "list-client-41": Bad(("list", "--client", ALIAS_41), "--client"),
    "list-client-unknown": Bad(("list", "--client", "Z-99"), "--client", needs_vault=True),
    "purge-without-yes": Bad(("purge", "--before", day(-1)), "--yes"),
    "purge-impossible-date": Bad(("purge", "--before", "2026-02-30", "--yes"), "--before"),
    "purge-malformed-date": Bad(("purge", "--before", "last year", "--yes"), "--before"),
    # dump
    "dump-inside-home": Bad(("dump", "--out", "<home>/plain.jsonl"), "--out"),
    "dump-inside-home-subfolder": Bad(("dump", "--out", "<home>/sub/plain.jsonl"), "--out"),
    "dump-existing-file": Bad(
        ("dump", "--out", "<outside>/taken.jsonl"), "--out", files={"taken.jsonl": "mine\n"}
    ),
    # import
    "import-missing-file": Bad(("import", "<outside>/nope.jsonl"), "FILE"),
    "import-bad-line-in-middle": Bad(
        ("import", "<outside>/in.jsonl"),
        "line 2",
        files={
            "in.jsonl": _lines(
                GOOD_LINE,
                {"type": "checkin", "date": day(-6), "mood": 9, "energy": 3, "stress": 3},
                GOOD_SUPPORT,
            )
        },
    ),
    "import-not-json": Bad(
        ("import", "<outside>/in.jsonl"),
        "line 2",
        files={"in.jsonl": _lines(GOOD_LINE) + "{not json\n" + _lines(GOOD_SUPPORT)},
    ),
    "import-future-at": Bad(
        ("import", "<outside>/in.jsonl"),
        "line 2: at",
        files={"in.jsonl": _lines(GOOD_LINE, {**GOOD_SUPPORT, "at": FUTURE_AT})},
    ),
    "import-unknown-field": Bad(
        ("import", "<outside>/in.jsonl"),
        "line 1: colour",
        files={"in.jsonl": _lines({**GOOD_LINE, "colour": "blue"}, GOOD_SUPPORT)},
    ),
    "import-bad-settings-line": Bad(
        ("import", "<outside>/in.jsonl"),
        "line 2",
        files={
            "in.jsonl": _lines(
                GOOD_LINE, {"type": "settings", "auto_lock_minutes": 0}, GOOD_SUPPORT
            )
        },
    ),
    "import-id-clash-with-vault": Bad(
        ("import", "<outside>/in.jsonl"),
        "line 2: id",
        needs_vault=True,
        files={"in.jsonl": _lines(GOOD_LINE, {**GOOD_SUPPORT, "id": "<support>"}, GOOD_SUPPORT)},
    ),
    "import-id-clash-within-file": Bad(
        ("import", "<outside>/in.jsonl"),
        "line 2: id",
        needs_vault=True,
        files={
            "in.jsonl": _lines({**GOOD_LINE, "id": "fresh-1"}, {**GOOD_SUPPORT, "id": "fresh-1"})
        },
    ),
    "import-unknown-client": Bad(
        ("import", "<outside>/in.jsonl"),
        "client",
        needs_vault=True,
        files={
            "in.jsonl": _lines(
                GOOD_LINE,
                {
                    "type": "interaction",
                    "client": "Q-1",
                    "at": moment(-6, "09:00"),
                    "minutes": 10,
                    "mode": "phone",
                    "intensity": 1,
                },
                GOOD_SUPPORT,
            )
        },
    ),
    "import-two-checkins-same-date": Bad(
        ("import", "<outside>/in.jsonl"),
        "date",
        needs_vault=True,
        files={
            "in.jsonl": _lines(
                {"type": "checkin", "date": day(-6), "mood": 3, "energy": 3, "stress": 3},
                GOOD_LINE,
                {"type": "checkin", "date": day(-6), "mood": 2, "energy": 2, "stress": 2},
            )
        },
    ),
    "import-checkin-date-in-vault": Bad(
        ("import", "<outside>/in.jsonl"),
        "date",
        needs_vault=True,
        files={
            "in.jsonl": _lines(
                GOOD_LINE,
                {"type": "checkin", "date": CHECKIN_DAY, "mood": 3, "energy": 3, "stress": 3},
            )
        },
    ),
    "import-alias-in-vault": Bad(
        ("import", "<outside>/in.jsonl"),
        "alias",
        needs_vault=True,
        files={"in.jsonl": _lines(GOOD_LINE, {"type": "client", "alias": "m-17"})},
    ),
}
WITHOUT_VAULT = [name for name, bad in BAD.items() if not bad.needs_vault]


def _filled(text: str, places: dict[str, str]) -> str:
    for name, value in places.items():
        text = text.replace(f"<{name}>", value)
    return text


def prepare_bad(case: Bad, ids: dict[str, str], home: Path, outside: Path) -> list[str]:
    """Write the case's files (outside the home) and return its arguments, filled in."""
    places = {**ids, "home": str(home), "outside": str(outside)}
    for name, content in case.files.items():
        (outside / name).write_text(_filled(content, places), encoding="utf-8")
    return [_filled(arg, places) for arg in case.args]


def assert_refused(result: Result, case: Bad) -> None:
    assert result.exit_code == 2, result.output
    no_traceback(result)
    assert case.named in result.output, result.output
    assert result.output.startswith("psp-journal: "), result.output


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_exits_2_names_the_field_and_writes_nothing(
    name: str, run_cli: RunCli, seeded: dict[str, str], home: Path, outside: Path
) -> None:
    case = BAD[name]
    args = prepare_bad(case, seeded, home, outside)
    before, outside_before = home_bytes(home), home_bytes(outside)
    result = run_cli(*args, input=case.stdin)
    assert_refused(result, case)
    after = home_bytes(home)
    assert after.keys() == before.keys()
    assert after == before, "the journal's files changed"
    # nothing appeared or changed outside either (no partial dump, no touched import file)
    assert home_bytes(outside) == outside_before


def test_the_byte_comparison_sees_a_write(
    run_cli: RunCli, seeded: dict[str, str], home: Path
) -> None:
    """The control for the tests above: one good entry does change the journal's bytes."""
    before = home_bytes(home)
    assert run_cli(*LOG).exit_code == 0
    assert home_bytes(home) != before


@pytest.mark.parametrize("name", WITHOUT_VAULT)
def test_bad_input_is_refused_before_the_passphrase_is_asked(
    name: str, run_cli: RunCli, seeded: dict[str, str], home: Path, outside: Path
) -> None:
    """No passphrase and no terminal: if the input were checked only after unlocking, the
    message would be about the missing passphrase instead of the field."""
    case = BAD[name]
    args = prepare_bad(case, seeded, home, outside)
    before = home_bytes(home)
    result = run_cli(*args, input=case.stdin, PSP_JOURNAL_PASSPHRASE=None)
    assert_refused(result, case)
    for words in NO_PASSPHRASE_WORDS:
        assert words not in result.output, result.output
    assert home_bytes(home) == before


def test_bad_input_without_a_vault_is_still_about_the_field(run_cli: RunCli, home: Path) -> None:
    """Checked before the vault is even looked for: not 'run init' first."""
    result = run_cli(*CHECKIN, "--mood", "0")
    assert result.exit_code == 2, result.output
    assert "--mood" in result.output and "init" not in result.output
    assert list(home.iterdir()) == []


def test_log_with_a_closed_client_is_refused(
    run_cli: RunCli, seeded: dict[str, str], home: Path
) -> None:
    assert run_cli("client", "close", "K-42").exit_code == 0
    assert run_cli("client", "list").exit_code == 0  # settle the snapshot
    before = home_bytes(home)
    result = run_cli("log", "K-42", "--minutes", "5", "--mode", "phone", "--intensity", "1")
    assert result.exit_code == 2, result.output
    assert "ALIAS" in result.output and "closed" in result.output
    assert home_bytes(home) == before


def test_import_with_one_bad_line_imports_nothing(
    run_cli: RunCli, seeded: dict[str, str], vault_path: Path, outside: Path
) -> None:
    """Many good lines and one that clashes at the very end: the vault's documents are the
    same as before, not the good lines' worth more."""
    good = [{"type": "client", "alias": f"N-{number}"} for number in range(20)] + [
        {"type": "reflection", "at": moment(-7, f"{hour:02d}:00"), "text": f"entry {hour}"}
        for hour in range(20)
    ]
    clash = {
        "type": "support",
        "id": seeded["support"],
        "at": moment(-7, "21:00"),
        "kind": "supervision",
    }
    source = outside / "in.jsonl"
    source.write_text(_lines(*good, clash), encoding="utf-8")
    before = documents(vault_path)
    result = run_cli("import", str(source))
    assert result.exit_code == 2, result.output
    assert f"line {len(good) + 1}: id" in result.output
    assert documents(vault_path) == before


# --- a very large note -----------------------------------------------------------------------


LONG_TEXT_COMMANDS = [
    pytest.param(
        ("checkin", "--mood", "3", "--energy", "3", "--stress", "3", "--note", "-"),
        "--note",
        NOTE_MAX_CHARS,
        id="checkin",
    ),
    pytest.param(
        ("log", "M-17", "--minutes", "30", "--mode", "phone", "--intensity", "3", "--note", "-"),
        "--note",
        NOTE_MAX_CHARS,
        id="log",
    ),
    pytest.param(("reflect", "-"), "text", TEXT_MAX_CHARS, id="reflect"),
]


def long_text(length: int) -> str:
    return ("I keep thinking about the waiting room. " * (length // 40 + 1))[:length]


@pytest.mark.parametrize(("args", "field_name", "limit"), LONG_TEXT_COMMANDS)
def test_text_at_the_limit_is_kept_exactly(
    args: tuple[str, ...], field_name: str, limit: int, seeded: dict[str, str], home: Path,
    run_cli: RunCli,
) -> None:  # fmt: skip
    note = long_text(limit)
    env = {"PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE}
    done = run_process(list(args), env=env, input=note, timeout=60)
    assert done.returncode == 0, done.stderr
    record = show_json(run_cli, SAVED_ID.findall(done.stdout)[-1])["record"]
    assert record.get("note", record.get("text")) == note


@pytest.mark.parametrize(("args", "field_name", "limit"), LONG_TEXT_COMMANDS)
@pytest.mark.parametrize("length", ["one over", "10 MB"])
def test_text_over_the_limit_is_refused_naming_the_field(
    args: tuple[str, ...], field_name: str, limit: int, length: str, seeded: dict[str, str],
    home: Path,
) -> None:  # fmt: skip
    note = long_text(limit + 1 if length == "one over" else 10 * 1024 * 1024)
    before = home_bytes(home)
    env = {"PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE}
    done = run_process(list(args), env=env, input=note, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert field_name in done.stderr
    assert f"{limit:,}" in done.stderr or str(limit) in done.stderr  # says what the limit is
    assert note[:100] not in done.stderr  # never echoes the private text
    assert home_bytes(home) == before


def test_a_10_mb_note_is_refused_before_the_passphrase(home: Path, seeded: dict[str, str]) -> None:
    note = "x" * (10 * 1024 * 1024)
    assert len(note) > NOTE_MAX_CHARS  # the models' limit: a note this long is bad input
    done = run_process(
        ["boundary", "--kind", "gift", "--felt", "2", "--note", "-"],
        env={"PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": ""},
        input=note,
        timeout=60,
    )
    # Accepting it would need the passphrase; refusing it must not.
    assert done.returncode == 2, done.stderr
    assert "--note" in done.stderr
    assert "No passphrase" not in done.stderr
