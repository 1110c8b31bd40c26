"""`--demo` and the benchmarks stand on the demo journal: reproducible, valid, anonymous, kind."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from psp_journal.care.strain import STEADY, STEP_BACK, WATCH, StrainRecords, assess_strain
from psp_journal.demo import (
    AVERAGE_RECORDS_PER_DAY,
    DEMO_DAYS,
    days_for_records,
    generate_journal,
)
from psp_journal.journal import DUMP_ORDER, Journal
from psp_journal.models import (
    CRITICAL_TAGS,
    RECORD_KINDS,
    Boundary,
    Checkin,
    Interaction,
    Settings,
    Support,
    WellnessPlan,
    alias_key,
    alias_looks_like_name,
    dump_sort_key,
    record_from_document,
)
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE

END = date(2026, 11, 20)
END_OF_DAY = datetime.combine(END, time(23, 59))
TEN_YEARS = 3650
Document = dict[str, Any]

# Labels the app must never put on anyone, the PSP or a client (PRODUCT.md non-negotiable 4).
CLINICAL_WORDS = re.compile(
    r"\b(burn-?out|burn(ed|t) out|depress\w*|disorder\w*|diagnos\w*|bipolar|schizo\w*|"
    r"psychos[ie]s|psychotic|ptsd|adhd|borderline|addicts?|alcoholics?|junkies?|patients?|"
    r"illness\w*|relaps\w*)\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def demo() -> list[Document]:
    return generate_journal(DEMO_DAYS, END)


@pytest.fixture(scope="module")
def decade() -> list[Document]:
    return generate_journal(TEN_YEARS, END)


def of_type(documents: list[Document], kind: str) -> list[Document]:
    return [document for document in documents if document["type"] == kind]


def day_of(document: Mapping[str, Any]) -> date:
    if "date" in document:
        return date.fromisoformat(document["date"])
    return datetime.fromisoformat(document["at"]).date()


def records_of(documents: list[Document]) -> list[Document]:
    return [document for document in documents if document["type"] in RECORD_KINDS]


def reread(document: Document) -> Document:
    """Read back as an import reads it, with the clock at the end of the journal's last day,
    then written out again."""
    if document["type"] == "settings":
        return Settings.from_document(document).to_document()
    if document["type"] == "plan":
        return WellnessPlan.from_document(document).to_document()
    return record_from_document(document, now=END_OF_DAY).to_document()


# --- Reproducible ------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_journal_byte_for_byte(demo: list[Document]) -> None:
    again = generate_journal(DEMO_DAYS, END)
    assert json.dumps(again) == json.dumps(demo)


def test_a_different_seed_gives_a_different_journal(demo: list[Document]) -> None:
    other = generate_journal(DEMO_DAYS, END, seed=7)
    assert other != demo
    assert {d.get("id") for d in records_of(other)}.isdisjoint(d["id"] for d in records_of(demo))


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        generate_journal(0, END)
    with pytest.raises(ValueError):
        generate_journal(30, END, rough_patch_end_days_ago=-1)


# --- Valid, in range, in order -----------------------------------------------------------


@pytest.mark.parametrize("seed", [2026, 1, 99])
def test_every_document_validates_and_is_already_canonical(seed: int) -> None:
    for document in generate_journal(DEMO_DAYS, END, seed=seed):
        assert reread(document) == document


def test_every_document_of_ten_years_validates(decade: list[Document]) -> None:
    for document in decade:
        reread(document)


def test_nothing_lies_after_the_end_or_before_the_first_day(decade: list[Document]) -> None:
    first_day = END - timedelta(days=TEN_YEARS - 1)
    for document in decade:
        if "at" in document:
            assert first_day <= day_of(document) and document["at"] <= "2026-11-20T23:59"
        if "date" in document:
            assert first_day <= day_of(document) <= END
    follow_ups = [d["follow_up"] for d in of_type(decade, "interaction") if d["follow_up"]]
    assert any(date.fromisoformat(day) > END for day in follow_ups), "follow-ups may be ahead"


def test_ids_are_unique_short_and_opaque(decade: list[Document]) -> None:
    ids = [document["id"] for document in records_of(decade)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[0-9a-z]{8}", record_id) for record_id in ids)
    assert all("id" not in document for document in decade if document["type"] not in RECORD_KINDS)


def test_documents_come_in_the_dumps_order(demo: list[Document]) -> None:
    records, extras = demo[:-2], demo[-2:]
    assert [document["type"] for document in extras] == ["settings", "plan"]
    assert sorted(records, key=dump_sort_key) == records
    assert {document["type"] for document in records} == set(DUMP_ORDER)


def test_a_demo_imports_into_a_vault_and_dumps_back_as_generated(
    demo: list[Document], tmp_path: Path
) -> None:
    vault, _ = Vault.create(
        tmp_path / "demo.vault", PASSPHRASE, clock=lambda: END_OF_DAY, kdf=CHEAP_KDF
    )
    with vault:
        journal = Journal(vault, lambda: END_OF_DAY)
        journal.import_documents(json.dumps(document) for document in demo)
        dumped = [
            {
                key: value
                for key, value in document.items()
                if document["type"] in RECORD_KINDS or key != "id"
            }
            for document in journal.dump_documents()
        ]
    assert dumped == demo


# --- Sizes -------------------------------------------------------------------------------


def test_ninety_days_make_a_few_hundred_records(demo: list[Document]) -> None:
    assert 300 <= len(demo) <= 800
    assert set(Counter(document["type"] for document in demo)) == {*DUMP_ORDER, "settings", "plan"}


@pytest.mark.parametrize("records", [1_000, 10_000, 50_000])
def test_days_for_records_reaches_the_benchmark_sizes(records: int) -> None:
    """Also the speed sanity check: 50,000 records are generated here (never timed)."""
    journal = generate_journal(days_for_records(records), END)
    assert abs(len(journal) - records) <= records * 0.1


def test_the_average_records_per_day_is_what_ten_years_give(decade: list[Document]) -> None:
    assert len(decade) / TEN_YEARS == pytest.approx(AVERAGE_RECORDS_PER_DAY, rel=0.05)
    assert 3_650 <= days_for_records(50_000) <= 14_600  # between 10 and 40 years of work


# --- Anonymous and kind ------------------------------------------------------------------


def test_clients_are_codes_never_names_and_every_reference_resolves(
    decade: list[Document],
) -> None:
    aliases = [document["alias"] for document in of_type(decade, "client")]
    assert not [alias for alias in aliases if alias_looks_like_name(alias)]
    assert all(re.fullmatch(r"[A-Z]{1,2}-[0-9]{1,2}", alias) for alias in aliases)
    assert len({alias_key(alias) for alias in aliases}) == len(aliases)
    referenced = {document.get("client") for document in decade} - {None}
    assert referenced <= set(aliases)


def test_no_text_carries_a_clinical_label(decade: list[Document]) -> None:
    everything = "\n".join(json.dumps(document) for document in decade)
    assert [found.group(0) for found in CLINICAL_WORDS.finditer(everything)] == []


def test_reflections_are_varied_in_the_first_person_and_name_clients_by_alias_only(
    decade: list[Document],
) -> None:
    reflections = of_type(decade, "reflection")
    aliases = {document["alias"] for document in of_type(decade, "client")}
    shapes = {
        re.sub(r"\b[A-Z]{1,2}-[0-9]{1,2}\b|\b[A-Z][a-z]+day\b", "_", r["text"]) for r in reflections
    }
    assert len(shapes) >= 40
    assert all(re.search(r"\b(I|I'm|I'd|I've|me|my|myself)\b", text) for text in shapes)
    mentioned = {
        code for r in reflections for code in re.findall(r"\b[A-Z]{1,2}-[0-9]{1,2}\b", r["text"])
    }
    assert mentioned and mentioned <= aliases
    assert any(r["tags"] for r in reflections) and any(not r["tags"] for r in reflections)
    assert 0 < sum(r["discuss"] for r in reflections) < len(reflections) / 3


def test_the_plan_is_a_kind_example_with_people_by_first_name_or_relation(
    demo: list[Document],
) -> None:
    plan = WellnessPlan.from_document(demo[-1])
    assert plan.step_back_actions and plan.daily_maintenance and plan.early_warning_signs
    assert plan.people and not any(alias_looks_like_name(person.name) for person in plan.people)


# --- Realistic ---------------------------------------------------------------------------


def test_working_days_mostly_in_hours_with_some_evenings_and_weekend_shifts(
    decade: list[Document],
) -> None:
    interactions = [datetime.fromisoformat(d["at"]) for d in of_type(decade, "interaction")]
    weekday_in_hours = [
        at for at in interactions if at.weekday() < 5 and time(8) <= at.time() < time(18)
    ]
    weekend = [at for at in interactions if at.weekday() >= 5]
    evening = [at for at in interactions if at.time() >= time(18)]
    assert len(weekday_in_hours) > 0.85 * len(interactions)
    assert weekend and evening


def test_a_caseload_of_8_to_20_that_changes_over_time(decade: list[Document]) -> None:
    clients = of_type(decade, "client")
    active = [client for client in clients if client["status"] == "active"]
    assert 8 <= len(active) <= 20
    assert len(clients) > 100, "clients come and go over ten years"
    by_quarter: dict[int, set[str]] = {}
    for document in of_type(decade, "interaction"):
        quarter = (END - day_of(document)).days // 91
        by_quarter.setdefault(quarter, set()).add(document["client"])
    assert all(6 <= len(seen) <= 40 for seen in by_quarter.values())


def test_interactions_use_every_mode_tag_and_flag_with_critical_ones_rarer(
    decade: list[Document],
) -> None:
    interactions = of_type(decade, "interaction")
    tags = Counter(tag for document in interactions for tag in document["tags"])
    critical = sum(count for tag, count in tags.items() if tag in CRITICAL_TAGS)
    everyday = sum(count for tag, count in tags.items() if tag not in CRITICAL_TAGS)
    assert set(tags) >= set(CRITICAL_TAGS)
    assert critical < everyday / 4
    assert 0 < tags["death"] < 20
    assert len({document["mode"] for document in interactions}) == 6
    for flag in ("close_to_home", "self_disclosure", "discuss"):
        assert 0 < sum(document[flag] for document in interactions) < len(interactions) / 5
    assert 0 < sum(document["follow_up"] is not None for document in interactions)


def test_most_days_have_one_checkin_and_the_answers_vary(decade: list[Document]) -> None:
    checkins = of_type(decade, "checkin")
    days = [document["date"] for document in checkins]
    assert len(days) == len(set(days))
    assert 0.75 * TEN_YEARS <= len(checkins) < TEN_YEARS
    for field in ("mood", "energy", "stress"):
        assert {document[field] for document in checkins} == {1, 2, 3, 4, 5}
    assert any(document["sleep"] is None for document in checkins)
    assert any(document["self_care"] for document in checkins)
    assert any(document["breaks"] == 0 for document in checkins)


def test_support_comes_in_every_kind_with_supervision_every_few_weeks(
    decade: list[Document],
) -> None:
    support = of_type(decade, "support")
    assert {document["kind"] for document in support} == {
        "supervision",
        "team-debrief",
        "peer-consult",
        "own-support",
    }
    sessions = sorted(day_of(d) for d in support if d["kind"] == "supervision")
    gaps = sorted(
        (later - earlier).days for earlier, later in zip(sessions, sessions[1:], strict=False)
    )
    assert 14 <= gaps[len(gaps) // 2] <= 28


def test_boundary_events_come_in_every_kind(decade: list[Document]) -> None:
    boundaries = of_type(decade, "boundary")
    assert len({document["kind"] for document in boundaries}) == 9
    assert any(document["client"] is None for document in boundaries)
    assert any(document["discuss"] for document in boundaries)


# --- A rough patch and a recovery --------------------------------------------------------


def level(documents: list[Document], as_of: date) -> str:
    """The strain level the app would show as of a day, by the engine itself."""
    records = [record_from_document(d, now=END_OF_DAY) for d in records_of(documents)]
    strain_records = StrainRecords(
        checkins=[record for record in records if isinstance(record, Checkin)],
        interactions=[record for record in records if isinstance(record, Interaction)],
        boundaries=[record for record in records if isinstance(record, Boundary)],
        supports=[record for record in records if isinstance(record, Support)],
    )
    settings = Settings.from_document(of_type(documents, "settings")[0])
    return assess_strain(strain_records, settings, as_of).level


def test_the_demo_ends_in_a_rough_patch_so_the_app_has_something_to_show(
    demo: list[Document],
) -> None:
    assert level(demo, END) in (WATCH, STEP_BACK)


def test_an_earlier_rough_patch_is_followed_by_a_recovery(demo: list[Document]) -> None:
    before_the_last_patch = [END - timedelta(days=back) for back in range(DEMO_DAYS - 1, 28, -1)]
    levels = [level(demo, day) for day in before_the_last_patch]
    assert STEP_BACK in levels
    last_step_back = len(levels) - 1 - levels[::-1].index(STEP_BACK)
    assert STEADY in levels[last_step_back:]


@pytest.mark.parametrize(
    ("days_ago", "levels"),
    [(0, {STEP_BACK}), (30, {STEADY, WATCH}), (None, {STEADY, WATCH})],
)
def test_where_the_last_rough_patch_ends_is_a_choice(
    days_ago: int | None, levels: set[str]
) -> None:
    journal = generate_journal(DEMO_DAYS, END, rough_patch_end_days_ago=days_ago)
    assert level(journal, END) in levels


@pytest.mark.parametrize("days", [1, 5, 20])
def test_a_journal_shorter_than_a_rough_patch_still_works(days: int) -> None:
    documents = generate_journal(days, END)
    assert of_type(documents, "client") and documents[-1]["type"] == "plan"
    for document in documents:
        reread(document)
