"""The journal's side of strain: the prompt decided from real records and kept as records,
the weekly trend, the supervision list, and a rescue dump from a damaged vault."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from psp_journal.care.strain import STEP_BACK
from psp_journal.journal import Journal
from psp_journal.models import (
    BRING_TO_SUPERVISION,
    DISMISS,
    REMIND_LATER,
    SHOWN,
    STEPPING_BACK,
)
from psp_journal.vault import Vault
from tests.conftest import PASSPHRASE, RunCli

AS_OF = date(2026, 11, 20)


class Clock:
    """A hand-moved clock, so the prompt's rhythm is tested without real time."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 20, 17, 0))


@pytest.fixture
def journal(vault_path: Path, recovery_key: str, clock: Clock) -> Iterator[Journal]:
    vault = Vault.unlock(vault_path, PASSPHRASE, clock=clock)
    yield Journal(vault, clock)
    vault.close()


def heavy_week(journal: Journal) -> None:
    """A death-tagged contact (a strong signal) and a few heavy days."""
    journal.add_client("M-17")
    journal.record(
        "interaction",
        {
            "client": "M-17",
            "at": "2026-11-19T10:00",
            "minutes": "40",
            "mode": "phone",
            "intensity": "5",
            "tags": ["death"],
            "discuss": "yes",
        },
    )
    for day in (17, 18, 19):
        journal.checkin(
            {"mood": "2", "energy": "2", "stress": "5", "sleep": "5"}, date(2026, 11, day)
        )


def test_the_prompt_is_due_then_recorded_and_not_due_again(journal: Journal, clock: Clock) -> None:
    heavy_week(journal)
    decision, assessment = journal.prompt_due()
    assert assessment.level == STEP_BACK and assessment.strong_signal
    assert decision.due
    journal.record_prompt_event(SHOWN, assessment)
    journal.record_prompt_event(REMIND_LATER, assessment, note="after this shift", snooze="2h")
    assert not journal.prompt_due()[0].due
    history = {event.event: event for event in journal.prompt_history()}
    assert set(history) == {SHOWN, REMIND_LATER}, "same minute: ordered by id, both kept"
    assert history[REMIND_LATER].snooze_until == datetime(2026, 11, 20, 19, 0)
    assert history[REMIND_LATER].note == "after this shift"
    assert "critical-exposure" in history[SHOWN].indicators
    clock.now += timedelta(hours=2)
    reminder, assessment = journal.prompt_due()
    assert reminder.due, "the snooze ended and the level is still step-back"
    journal.record_prompt_event(SHOWN, assessment)
    journal.record_prompt_event(STEPPING_BACK, assessment)
    clock.now += timedelta(days=1)
    assert not journal.prompt_due()[0].due, "nothing new, and shown within the level"


def test_tomorrow_snoozes_until_the_next_working_day_starts(journal: Journal, clock: Clock) -> None:
    heavy_week(journal)
    journal.set_setting("work_start", "09:30")
    _, assessment = journal.prompt_due()
    journal.record_prompt_event(SHOWN, assessment)
    snoozed = journal.record_prompt_event(REMIND_LATER, assessment, snooze="tomorrow")
    monday = datetime(2026, 11, 23, 9, 30)  # the 20th is a Friday; Mon–Fri is the default
    assert snoozed.snooze_until == monday
    assert journal.prompt_due()[0].remind_at == monday


def test_dismiss_holds_while_the_level_stays(journal: Journal, clock: Clock) -> None:
    heavy_week(journal)
    _, assessment = journal.prompt_due()
    journal.record_prompt_event(SHOWN, assessment)
    journal.record_prompt_event(DISMISS, assessment)
    clock.now += timedelta(hours=30)
    assert not journal.prompt_due()[0].due


def test_prompt_events_dump_and_import(journal: Journal, tmp_path: Path, clock: Clock) -> None:
    heavy_week(journal)
    _, assessment = journal.prompt_due()
    journal.record_prompt_event(BRING_TO_SUPERVISION, assessment, note="for Tuesday")
    lines = [json.dumps(document) for document in journal.dump_documents()]
    prompts = [json.loads(line) for line in lines if '"prompt"' in line]
    assert prompts and prompts[0]["event"] == BRING_TO_SUPERVISION
    fresh_path = tmp_path / "fresh.vault"
    from tests.conftest import CHEAP_KDF

    fresh, _ = Vault.create(fresh_path, PASSPHRASE, clock=clock, kdf=CHEAP_KDF)
    try:
        Journal(fresh, clock).import_documents(lines)
        again = [json.dumps(d) for d in Journal(fresh, clock).dump_documents()]
    finally:
        fresh.close()
    assert [line for line in again if '"ledger"' not in line] == lines


def test_the_supervision_list_has_discuss_marks_and_prompt_answers(journal: Journal) -> None:
    heavy_week(journal)
    _, assessment = journal.prompt_due()
    journal.record_prompt_event(BRING_TO_SUPERVISION, assessment)
    items = journal.supervision_items(AS_OF - timedelta(days=30), AS_OF)
    assert [item["type"] for item in items] == ["interaction", "prompt"]


def test_the_weekly_trend_ends_each_iso_week(journal: Journal) -> None:
    heavy_week(journal)
    weeks = journal.trend(AS_OF, 4)
    assert [week.as_of for week in weeks] == [
        date(2026, 11, 1),
        date(2026, 11, 8),
        date(2026, 11, 15),
        AS_OF,
    ]
    assert weeks[-1].level == STEP_BACK and weeks[0].level == "steady"


def test_a_damaged_vault_can_still_be_dumped(
    run_cli: RunCli, vault_path: Path, recovery_key: str, tmp_path: Path
) -> None:
    for alias in ("A-1", "B-2", "C-3"):
        assert run_cli("client", "add", alias).exit_code == 0
    conn = sqlite3.connect(vault_path)
    slot, blob = conn.execute("SELECT id, blob FROM records ORDER BY id LIMIT 1").fetchone()
    damaged = bytearray(blob)
    damaged[30] ^= 0x01
    conn.execute("UPDATE records SET blob = ? WHERE id = ?", (bytes(damaged), slot))
    conn.commit()
    conn.close()
    before = vault_path.read_bytes()
    assert run_cli("client", "list").exit_code == 4
    out = tmp_path / "rescued.jsonl"

    result = run_cli("dump", "--out", str(out))

    assert result.exit_code == 0, result.output
    assert "damaged" in result.stderr and "read-only" in result.stderr
    assert out.stat().st_mode & 0o777 == 0o600
    rescued = [json.loads(line) for line in out.read_text().splitlines()]
    aliases = {d["alias"] for d in rescued if d["type"] == "client"}
    assert len(aliases) >= 2 and aliases <= {"A-1", "B-2", "C-3"}
    assert vault_path.read_bytes() == before, "a damaged vault is never written to"
