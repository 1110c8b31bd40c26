"""`retention-days N`: `purge --before` (today − N days), applied after every command that
changes the journal, never by one that only reads; said on standard error, never in the
command's own (possibly JSON) output.

The command line runs on the real clock, so every date here is relative to today.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from psp_journal.journal import Journal, Purged
from psp_journal.vault import Vault
from tests.conftest import PASSPHRASE, RunCli

KEPT_DAYS = 30
SENTENCE = f"Your journal keeps the last {KEPT_DAYS} days"


def moment(days_ago: int, hour: int = 10) -> str:
    return (
        (datetime.now() - timedelta(days=days_ago))
        .replace(hour=hour, minute=0)
        .isoformat(timespec="minutes")
    )


@dataclass
class Aged:
    """A journal with entries older than the retention window and recent ones, and the
    retention set (through the Python API, which applies nothing by itself)."""

    old: str  # an old reflection: gone once retention is applied
    old_checkin: str
    recent: str  # a recent reflection
    recent_interaction: str  # with a follow-up, for `followup done`
    client: str
    spare_client: str
    dump_target: Path
    import_file: Path


def open_vault(vault_path: Path) -> Vault:
    return Vault.unlock(vault_path, PASSPHRASE, clock=datetime.now)


@pytest.fixture
def aged(recovery_key: str, vault_path: Path, tmp_path: Path) -> Aged:
    with open_vault(vault_path) as vault:
        journal = Journal(vault, datetime.now)
        journal.add_client("R-1")
        journal.add_client("R-2")
        old = journal.record("reflection", {"text": "old words", "at": moment(200)})
        old_checkin = journal.checkin(
            {"mood": "3", "energy": "3", "stress": "3"}, date.today() - timedelta(days=90)
        )
        recent = journal.record("reflection", {"text": "recent words", "at": moment(3)})
        interaction = journal.record(
            "interaction",
            {"client": "R-1", "minutes": "20", "mode": "phone", "intensity": "2",
             "at": moment(2), "follow_up": (date.today() + timedelta(days=7)).isoformat()},
        )  # fmt: skip
        journal.set_setting("retention-days", str(KEPT_DAYS))
    import_file = tmp_path / "in.jsonl"
    import_file.write_text(
        json.dumps({"type": "reflection", "at": moment(1), "text": "imported"}) + "\n"
    )
    return Aged(
        old=str(old.record.id),
        old_checkin=str(old_checkin.record.id),
        recent=str(recent.record.id),
        recent_interaction=str(interaction.record.id),
        client="R-1",
        spare_client="R-2",
        dump_target=tmp_path / "out" / "dump.jsonl",
        import_file=import_file,
    )


def still_there(vault_path: Path, *record_ids: str) -> list[bool]:
    with open_vault(vault_path) as vault:
        return [vault.get(record_id) is not None for record_id in record_ids]


def stored_rows(vault_path: Path) -> list[tuple[bytes, bytes]]:
    """Every stored blob and header value, byte for byte, wherever SQLite keeps it."""
    conn = sqlite3.connect(f"{vault_path.as_uri()}?mode=ro", uri=True)
    try:
        return [
            *conn.execute("SELECT id, blob FROM records ORDER BY id"),
            *conn.execute("SELECT key, value FROM vault_meta ORDER BY key"),
        ]
    finally:
        conn.close()


Args = Callable[[Aged], list[str]]

CHANGING: dict[str, Args] = {
    "checkin": lambda a: ["checkin", "--mood", "3", "--energy", "3", "--stress", "2"],
    "client add": lambda a: ["client", "add", "R-3"],
    "client close": lambda a: ["client", "close", a.client],
    "client delete": lambda a: ["client", "delete", a.spare_client, "--with-records", "--yes"],
    "log": lambda a: ["log", a.client, "--minutes", "10", "--mode", "text", "--intensity", "1"],
    "boundary": lambda a: ["boundary", "--kind", "gift", "--felt", "2"],
    "reflect": lambda a: ["reflect", "a new thought"],
    "support": lambda a: ["support", "--kind", "peer-consult"],
    "edit": lambda a: ["edit", a.recent, "--text", "edited words"],
    "delete": lambda a: ["delete", a.recent, "--yes"],
    "followup done": lambda a: ["followup", "done", a.recent_interaction],
    "settings set": lambda a: ["settings", "set", "country", "NO"],
    "settings set --json": lambda a: ["settings", "set", "country", "NO", "--json"],
    "purge": lambda a: ["purge", "--before", "2000-01-01", "--yes"],
    "import": lambda a: ["import", str(a.import_file)],
}

READ_ONLY: dict[str, Args] = {
    "status": lambda a: ["status"],
    "status --json": lambda a: ["status", "--json"],
    "show": lambda a: ["show", a.recent],
    "show --json": lambda a: ["show", a.old, "--json"],
    "search": lambda a: ["search", "words"],
    "search --json": lambda a: ["search", "words", "--json"],
    "list": lambda a: ["list", "-n", "50"],
    "list --json": lambda a: ["list", "--from", "2000-01-01", "--json"],
    "client list": lambda a: ["client", "list"],
    "client list --json": lambda a: ["client", "list", "--json"],
    "followups": lambda a: ["followups", "--json"],
    "settings": lambda a: ["settings"],
    "settings get --json": lambda a: ["settings", "get", "retention-days", "--json"],
    "verify": lambda a: ["verify"],
    "dump": lambda a: ["dump", "--out", str(a.dump_target)],
}


@pytest.mark.parametrize("command", list(CHANGING))
def test_every_changing_command_applies_retention_and_says_so_on_stderr(
    command: str, aged: Aged, run_cli: RunCli, vault_path: Path
) -> None:
    result = run_cli(*CHANGING[command](aged))

    assert result.exit_code == 0, result.output
    assert still_there(vault_path, aged.old, aged.old_checkin) == [False, False]
    assert SENTENCE in result.stderr and "2 entries" in result.stderr
    assert SENTENCE not in result.stdout
    if command.endswith("--json"):
        json.loads(result.stdout)


@pytest.mark.parametrize("command", list(READ_ONLY))
def test_a_read_only_command_never_applies_retention(
    command: str, aged: Aged, run_cli: RunCli, vault_path: Path
) -> None:
    aged.dump_target.parent.mkdir()
    before = stored_rows(vault_path)

    result = run_cli(*READ_ONLY[command](aged))

    assert result.exit_code == 0, result.output
    assert SENTENCE not in result.output
    if command != "dump":  # a dump records itself in the ledger, and removes nothing
        assert stored_rows(vault_path) == before
    assert still_there(vault_path, aged.old, aged.old_checkin) == [True, True]
    if command.endswith("--json"):
        json.loads(result.stdout)


def test_a_refused_command_applies_nothing(aged: Aged, run_cli: RunCli, vault_path: Path) -> None:
    result = run_cli("log", "NOBODY", "--minutes", "10", "--mode", "text", "--intensity", "1")

    assert result.exit_code == 2, result.output
    assert SENTENCE not in result.output
    assert still_there(vault_path, aged.old, aged.old_checkin) == [True, True]


def test_setting_retention_applies_it_at_once_and_says_so_even_when_nothing_is_old(
    recovery_key: str, run_cli: RunCli, vault_path: Path
) -> None:
    with open_vault(vault_path) as vault:
        journal = Journal(vault, datetime.now)
        recent = journal.record("reflection", {"text": "recent", "at": moment(40)})
        old = journal.record("reflection", {"text": "old", "at": moment(70)})

    kept_quietly = run_cli("settings", "set", "retention-days", "100", "--json")
    assert kept_quietly.exit_code == 0, kept_quietly.output
    assert json.loads(kept_quietly.stdout) == {"key": "retention-days", "value": 100}
    assert "Your journal keeps the last 100 days; nothing was older." in kept_quietly.stderr

    tightened = run_cli("settings", "set", "retention-days", "60")
    assert tightened.exit_code == 0, tightened.output
    assert "retention-days = 60" in tightened.stdout
    day = (date.today() - timedelta(days=60)).isoformat()
    assert (
        f"Your journal keeps the last 60 days, so 1 entry from before {day} was removed for good."
        in tightened.stderr
    )
    assert still_there(vault_path, str(recent.record.id), str(old.record.id)) == [True, False]

    unchanged = run_cli("reflect", "another")
    assert unchanged.exit_code == 0 and "keeps the last" not in unchanged.stderr

    off = run_cli("settings", "set", "retention-days", "none")
    assert off.exit_code == 0 and "keeps the last" not in off.stderr


def test_retention_counts_each_kind_of_thing_it_removed(
    recovery_key: str, vault_path: Path
) -> None:
    """The sentence counts entries, prompt records, export records and earlier versions."""
    with open_vault(vault_path) as vault:
        then = Journal(vault, lambda: datetime.now() - timedelta(days=50))
        then.record_prompt_event("dismiss", then.assess(then.today()))
        then.record_ledger_entry(kind="dump", recipient="", file="/x", sha256="0" * 64, records=1)
        entry = then.record("reflection", {"text": "first"})
        then.edit(str(entry.record.id), {"text": "second"})
        Journal(vault, datetime.now).edit(str(entry.record.id), {"at": moment(1)})
        journal = Journal(vault, datetime.now)
        assert journal.apply_retention() is None  # keeps everything until set
        journal.set_setting("retention-days", "30")

        purged = journal.apply_retention()

        assert purged is not None
        assert (purged.entries, purged.prompt_records, purged.export_records) == (0, 1, 1)
        assert purged.earlier_versions == 2
        assert purged.sentence() == (
            "Your journal keeps the last 30 days, so 1 step-back prompt record, 1 export "
            "record and 2 earlier versions from before "
            f"{(date.today() - timedelta(days=30)).isoformat()} were removed for good."
        )
        assert vault.get(str(entry.record.id)) is not None
        assert vault.revisions(str(entry.record.id)) == []


def test_once_applied_today_a_change_does_not_read_the_whole_journal_again(
    aged: Aged, run_cli: RunCli, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-entry write stays fast however large the journal: with today's cut-off already
    applied and nothing old written, retention needs no pass over the journal."""
    first = run_cli("reflect", "first")
    assert first.exit_code == 0 and SENTENCE in first.stderr

    def no_mirror(vault: Vault) -> None:
        raise AssertionError("the whole journal was loaded")

    monkeypatch.setattr(Vault, "load_mirror", no_mirror)
    second = run_cli("reflect", "second")
    assert second.exit_code == 0, second.output
    assert "keeps the last" not in second.stderr


def test_an_entry_saved_with_a_date_already_past_the_window_is_erased_at_once(
    aged: Aged, run_cli: RunCli, vault_path: Path
) -> None:
    assert run_cli("reflect", "first").exit_code == 0  # today's cut-off is applied

    late = run_cli("reflect", "remembered late", "--at", moment(45))

    assert late.exit_code == 0, late.output
    assert f"{SENTENCE}, so 1 entry from before" in late.stderr
    with open_vault(vault_path) as vault:
        journal = Journal(vault, datetime.now)
        texts = [document["text"] for document in journal.documents_of_type("reflection")]
    assert texts == ["recent words", "first"]


def test_when_the_cut_off_moves_on_a_day_later_what_became_old_goes(
    recovery_key: str, vault_path: Path
) -> None:
    today = datetime(2026, 11, 20, 9, 0)
    with open_vault(vault_path) as vault:
        journal = Journal(vault, lambda: today)
        journal.set_setting("retention-days", "30")
        entry = journal.record("reflection", {"text": "on the edge", "at": "2026-10-21T08:00"})
        assert journal.apply_retention() == Purged(before=date(2026, 10, 21), kept_days=30)

        next_day = Journal(vault, lambda: today + timedelta(days=1))
        assert next_day.apply_retention() == Purged(
            before=date(2026, 10, 22), entries=1, kept_days=30
        )
        assert vault.get(str(entry.record.id)) is None


def test_a_retention_that_fails_after_the_change_is_saved_is_a_warning(
    aged: Aged, run_cli: RunCli, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(journal: Journal) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Journal, "apply_retention", disk_full)
    result = run_cli("reflect", "saved anyway")

    assert result.exit_code == 0, result.output
    assert "Saved your reflection" in result.stdout
    assert "Your change is saved" in result.stderr and "tried again" in result.stderr
    saved_id = result.stdout.split("(")[1].split(")")[0]
    assert still_there(vault_path, saved_id, aged.old) == [True, True]
