"""Editing the wellness plan without an import: the whole plan, or one section as typed in
an editor, checked as an imported plan is, and decided on the plan as stored."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from psp_journal.journal import Journal
from psp_journal.models import (
    MAX_PLAN_ITEMS,
    PLAN_ITEM_MAX_CHARS,
    PLAN_SECTIONS,
    CrisisLine,
    Person,
    PlanItem,
    ValidationError,
    WellnessPlan,
)
from tests.journal_copies import just_before_the_next_write, on_disk, open_journal


@pytest.fixture
def journal(vault_path: Path, recovery_key: str) -> Iterator[Journal]:
    with open_journal(vault_path) as opened:
        yield opened


FULL_PLAN = WellnessPlan(
    boundary_commitments=("No client calls after 19:00",),
    daily_maintenance=("Walk at lunch", "Lights out by 23:00"),
    triggers=("Deaths in the caseload",),
    early_warning_signs=("Skipping breaks",),
    step_back_actions=("Call my supervisor",),
    people=(Person("Kari", "text first"),),
    crisis_lines=(CrisisLine("Local line", "+47 555 01 000", "nights"),),
)


def test_a_whole_plan_is_saved_and_read_back(journal: Journal) -> None:
    assert journal.plan() == WellnessPlan()
    assert journal.set_plan(FULL_PLAN) == FULL_PLAN
    assert journal.plan() == FULL_PLAN
    plan_line = next(d for d in journal.dump_documents() if d["type"] == "plan")
    assert plan_line["people"] == [{"name": "Kari", "how": "text first"}]


def test_every_section_can_be_edited_on_its_own(journal: Journal) -> None:
    journal.set_plan(FULL_PLAN)
    typed: dict[str, Sequence[PlanItem]] = {
        "boundary_commitments": ["  Phone off on Sundays "],
        "daily_maintenance": ["Stretch", "", "  ", "Tea outside"],
        "triggers": ["Housing evictions"],
        "early_warning_signs": ["Dreaming about work"],
        "step_back_actions": ["Take a day off", "Tell the team"],
        "people": [Person(" Ola ", " after 5 "), Person("", "")],
        "crisis_lines": [CrisisLine("Own line", " 116 123 ", ""), CrisisLine("", "", "")],
    }
    assert set(typed) == set(PLAN_SECTIONS)
    for section, items in typed.items():
        journal.set_plan_section(section, items)
    assert journal.plan() == WellnessPlan(
        boundary_commitments=("Phone off on Sundays",),
        daily_maintenance=("Stretch", "Tea outside"),
        triggers=("Housing evictions",),
        early_warning_signs=("Dreaming about work",),
        step_back_actions=("Take a day off", "Tell the team"),
        people=(Person("Ola", "after 5"),),
        crisis_lines=(CrisisLine("Own line", "116 123"),),
    )
    journal.set_plan_section("triggers", [])  # a section can be emptied
    assert journal.plan().triggers == ()


def test_each_edit_keeps_the_plan_before_it(journal: Journal) -> None:
    journal.set_plan(FULL_PLAN)
    journal.set_plan_section("triggers", ["Housing evictions"])
    kept = [revision.document["triggers"] for revision in journal.revisions("plan")]
    assert kept == [["Deaths in the caseload"]]


@pytest.mark.parametrize(
    ("section", "items", "field", "words"),
    [
        ("hobbies", ["Knitting"], "section", "not part of the plan"),
        ("triggers", "Deaths", "triggers", "must be a list"),
        ("triggers", ["ok", "x" * (PLAN_ITEM_MAX_CHARS + 1)], "triggers[2]", "characters"),
        ("triggers", ["item"] * (MAX_PLAN_ITEMS + 1), "triggers", "at most"),
        ("triggers", [Person("Kari")], "triggers[1]", "must be a str"),
        ("people", ["Kari"], "people[1]", "must be a Person"),
        ("people", [Person("", "text first")], "people[1].name", "can't be empty"),
        ("people", [Person("Two\nlines")], "people[1].name", "one line"),
        ("crisis_lines", [CrisisLine("Line", "")], "crisis_lines[1].number", "can't be empty"),
    ],
)
def test_a_refused_section_names_the_field_and_writes_nothing(
    journal: Journal,
    vault_path: Path,
    section: str,
    items: Sequence[PlanItem],
    field: str,
    words: str,
) -> None:
    journal.set_plan(FULL_PLAN)
    before = on_disk(vault_path)
    with pytest.raises(ValidationError) as refused:
        journal.set_plan_section(section, items)
    assert refused.value.field == field and words in refused.value.message
    assert on_disk(vault_path) == before
    assert journal.plan() == FULL_PLAN


def test_a_plan_that_cannot_be_built_is_refused_before_anything_is_written() -> None:
    with pytest.raises(ValidationError) as refused:
        WellnessPlan(step_back_actions=("ok", " "))
    assert refused.value.field == "step_back_actions[2]"


def test_a_section_edit_is_decided_on_the_plan_as_stored(
    journal: Journal, vault_path: Path
) -> None:
    """Another running copy's change to another section meanwhile is kept."""
    journal.set_plan(FULL_PLAN)
    just_before_the_next_write(
        journal, vault_path, lambda other: other.set_plan_section("people", [Person("Ola")])
    )
    journal.set_plan_section("triggers", ["Housing evictions"])
    with open_journal(vault_path) as fresh:
        plan = fresh.plan()
    assert plan.people == (Person("Ola"),)
    assert plan.triggers == ("Housing evictions",)
    assert plan.daily_maintenance == FULL_PLAN.daily_maintenance
