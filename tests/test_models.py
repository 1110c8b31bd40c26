"""models.py decides what valid input is: every range, word list, date rule and message."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time as clock
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psp_journal import models
from psp_journal.care import crisis_lines
from psp_journal.care.crisis_lines import LAST_VERIFIED, SHIPPED_LINES, lines_for
from psp_journal.models import (
    BOUNDARY_KINDS,
    CRITICAL_TAGS,
    INDICATOR_IDS,
    INDICATORS,
    KNOWN_TAGS,
    MODES,
    RECORD_KINDS,
    SCALE_LABELS,
    SETTING_KEYS,
    SUPPORT_KINDS,
    Boundary,
    Checkin,
    Client,
    CrisisLine,
    Interaction,
    Person,
    Record,
    Reflection,
    Settings,
    Support,
    ValidationError,
    WellnessPlan,
    alias_key,
    alias_looks_like_name,
    alias_name_warning,
    apply_edit,
    describe_setting,
    edit_options,
    ensure_alias_unused,
    get_setting,
    parse_alias,
    parse_choice,
    parse_count,
    parse_date,
    parse_datetime,
    parse_flag,
    parse_hours,
    parse_reflection_text,
    parse_scale,
    parse_self_care,
    parse_tag,
    parse_tags,
    parse_text,
    record_from_document,
    scale_label,
    set_setting,
    setting_text,
    suggest_alias_code,
    to_minute,
)

NOW = datetime(2026, 11, 20, 17, 30)
TODAY = NOW.date()
TEN_MB = 10 * 1024 * 1024

# The example lines of PRODUCT.md's "Data exchange format", verbatim.
PRODUCT_EXAMPLES: list[dict[str, Any]] = [
    {"type": "client", "alias": "M-17", "status": "active", "note": ""},
    {
        "type": "checkin",
        "date": "2026-11-02",
        "mood": 2,
        "energy": 2,
        "stress": 4,
        "sleep": 5.5,
        "worked": 9,
        "breaks": 0,
        "self_care": ["walk"],
        "note": "",
    },
    {
        "type": "interaction",
        "client": "M-17",
        "at": "2026-11-02T14:00",
        "minutes": 40,
        "mode": "phone",
        "intensity": 4,
        "tags": ["crisis"],
        "close_to_home": True,
        "self_disclosure": False,
        "setting": "",
        "note": "",
        "follow_up": None,
        "discuss": False,
    },
    {
        "type": "boundary",
        "at": "2026-11-02T23:40",
        "kind": "after-hours",
        "felt": 4,
        "client": "M-17",
        "initiated_by": "client",
        "note": "",
        "discuss": True,
    },
    {"type": "reflection", "at": "2026-11-02T21:00", "text": "...", "tags": [], "discuss": False},
    {"type": "support", "at": "2026-11-03T10:00", "kind": "supervision", "note": ""},
]
EXAMPLE_BY_TYPE = {example["type"]: example for example in PRODUCT_EXAMPLES}
REQUIRED = {
    "client": ["alias"],
    "checkin": ["date", "mood", "energy", "stress"],
    "interaction": ["client", "at", "minutes", "mode", "intensity"],
    "boundary": ["at", "kind", "felt"],
    "reflection": ["at", "text"],
    "support": ["at", "kind"],
}


def refused(action: Callable[[], object]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        action()
    return caught.value


def imported(changes: dict[str, Any], record_type: str = "checkin") -> Record:
    return record_from_document({**EXAMPLE_BY_TYPE[record_type], **changes}, now=NOW)


def example(record_type: str) -> Record:
    return imported({}, record_type)


# --- ValidationError --------------------------------------------------------------------


def test_validation_error_names_the_field_first() -> None:
    error = ValidationError("--mood", "must be a whole number")
    assert str(error) == "--mood: must be a whole number"
    assert (error.field, error.message) == ("--mood", "must be a whole number")
    assert isinstance(error, ValueError)


# --- Vocabulary -------------------------------------------------------------------------


def test_vocabulary_is_the_products() -> None:
    assert MODES == ("in-person", "phone", "video", "text", "group", "outreach")
    assert BOUNDARY_KINDS == (
        "after-hours",
        "self-disclosure",
        "gift",
        "dual-relationship",
        "social-media",
        "money",
        "physical-contact",
        "role-drift",
        "other",
    )
    assert models.INITIATED_BY == ("me", "client", "colleague", "other")
    assert SUPPORT_KINDS == ("supervision", "team-debrief", "peer-consult", "own-support")
    assert CRITICAL_TAGS == (
        "crisis",
        "self-harm",
        "suicide",
        "overdose",
        "death",
        "violence",
        "abuse",
    )
    assert set(KNOWN_TAGS) - set(CRITICAL_TAGS) == {
        "substance-use",
        "grief",
        "housing",
        "employment",
        "family",
        "health",
        "legal",
        "loneliness",
    }
    assert models.CLIENT_STATUSES == ("active", "closed")
    assert set(models.MODE_LABELS) == set(MODES)
    assert set(models.BOUNDARY_KIND_LABELS) == set(BOUNDARY_KINDS)
    assert set(models.SUPPORT_KIND_LABELS) == set(SUPPORT_KINDS)


def test_every_point_of_every_scale_has_words() -> None:
    assert set(SCALE_LABELS) == {"mood", "energy", "stress", "intensity", "felt"}
    for labels in SCALE_LABELS.values():
        assert sorted(labels) == [1, 2, 3, 4, 5]
        assert len(set(labels.values())) == 5 and all(labels.values())
    assert (scale_label("mood", 1), scale_label("mood", 5)) == ("very low", "very good")
    assert (scale_label("stress", 1), scale_label("stress", 5)) == ("light", "very heavy")
    assert (scale_label("felt", 1), scale_label("felt", 5)) == ("at ease", "very uneasy")


# --- Parsers for typed text -------------------------------------------------------------


@pytest.mark.parametrize("scale", sorted(SCALE_LABELS))
def test_scales_take_one_to_five(scale: models.ScaleName) -> None:
    assert [parse_scale("--x", str(value), scale) for value in range(1, 6)] == [1, 2, 3, 4, 5]
    assert parse_scale("--x", " 4 ", scale) == 4
    for text in ("0", "6", "3.0", "-1", "", "three", "٣", "1_0", "+3"):
        assert refused(partial(parse_scale, "--x", text, scale)).field == "--x"


def test_a_scale_error_says_what_one_and_five_mean() -> None:
    error = refused(lambda: parse_scale("--mood", "seven", "mood"))
    assert str(error) == (
        "--mood: must be a whole number from 1 (very low) to 5 (very good); got 'seven'"
    )
    assert "1 (at ease) to 5 (very uneasy)" in str(
        refused(lambda: parse_scale("--felt", "9", "felt"))
    )


def test_hours_from_zero_to_twenty_four_with_decimals() -> None:
    assert parse_hours("--sleep", "0") == 0
    assert parse_hours("--sleep", "24") == 24
    assert parse_hours("--sleep", "5.5") == 5.5
    assert parse_hours("--sleep", "5,5") == 5.5  # a Norwegian decimal comma
    assert parse_hours("--sleep", ".5") == 0.5
    for text in ("24.01", "-0.5", "25", "", "seven", "1e1", "nan", "inf", "5.5.5"):
        error = refused(partial(parse_hours, "--worked", text))
        assert error.field == "--worked"
        assert "from 0 to 24" in error.message


@pytest.mark.parametrize(
    ("field", "low", "high"), [("--breaks", *models.BREAKS_RANGE), ("--minutes", 1, 720)]
)
def test_counts_at_their_edges(field: str, low: int, high: int) -> None:
    assert parse_count(field, str(low), low, high) == low
    assert parse_count(field, str(high), low, high) == high
    for text in (str(low - 1), str(high + 1), "-5", "1.5", "", "ten"):
        error = refused(partial(parse_count, field, text, low, high))
        assert error.field == field
        assert f"from {low} to {high}" in error.message


def test_negative_minutes_are_refused_plainly() -> None:
    error = refused(lambda: parse_count("--minutes", "-5", 1, 720))
    assert str(error) == "--minutes: must be a whole number from 1 to 720; got '-5'"


def test_a_huge_number_is_refused_not_crashed() -> None:
    assert refused(lambda: parse_count("--breaks", "9" * 5000, 0, 20)).field == "--breaks"
    assert refused(lambda: parse_scale("--mood", "1" * 100_000, "mood")).field == "--mood"


def test_dates() -> None:
    assert parse_date("--date", "2026-11-02", TODAY) == date(2026, 11, 2)
    assert parse_date("--date", " 2026-11-20 ", TODAY) == TODAY
    assert parse_date("--date", "2024-02-29", TODAY) == date(2024, 2, 29)
    assert parse_date("--follow-up", "2027-01-05", TODAY, allow_future=True) == date(2027, 1, 5)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026-02-30", "2026-02-30 is not a real date: February 2026 has days 1 to 28"),
        ("2026-02-29", "February 2026 has days 1 to 28"),
        ("2026-04-31", "April 2026 has days 1 to 30"),
        ("2026-13-01", "there is no month 13"),
        ("2026-00-10", "there is no month 0"),
        ("2026-11-00", "November 2026 has days 1 to 30"),
        ("1899-12-31", "before 1900"),
        ("0000-01-01", "before 1900"),
        ("2026-1-5", "a date like 2026-11-02"),
        ("20261102", "a date like 2026-11-02"),
        ("yesterday", "a date like 2026-11-02"),
        ("", "got nothing"),
        ("2026-11-21", "is after today (2026-11-20); it can be today or an earlier day"),
    ],
)
def test_impossible_and_future_dates_are_refused_clearly(text: str, words: str) -> None:
    error = refused(lambda: parse_date("--date", text, TODAY))
    assert error.field == "--date"
    assert words in error.message


def test_datetimes() -> None:
    assert parse_datetime("--at", "2026-11-02T14:00", NOW) == datetime(2026, 11, 2, 14, 0)
    assert parse_datetime("--at", "2026-11-02 14:00", NOW) == datetime(2026, 11, 2, 14, 0)
    assert parse_datetime("--at", "2026-11-02T9:05", NOW) == datetime(2026, 11, 2, 9, 5)
    assert parse_datetime("--at", "2026-11-20T17:30", NOW) == NOW  # now itself is fine
    # Seconds on the clock do not make the current minute "the future".
    assert parse_datetime("--at", "2026-11-20T17:30", NOW.replace(second=59)) == NOW
    assert parse_datetime("--x", "2027-01-01T09:00", NOW, allow_future=True).year == 2027


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026-11-20T17:31", "2026-11-20T17:31 is later than now (2026-11-20T17:30)"),
        ("2026-11-21T09:00", "later than now"),
        ("2026-11-02T24:00", "hours go from 00 to 23"),
        ("2026-11-02T14:60", "minutes go from 00 to 59"),
        ("2026-02-30T14:00", "February 2026 has days 1 to 28"),
        ("2026-11-02T14:00:00", "a date and time like 2026-11-02T14:00"),
        ("2026-11-02", "a date and time like 2026-11-02T14:00"),
        ("2pm", "a date and time like"),
    ],
)
def test_impossible_and_future_times_are_refused_clearly(text: str, words: str) -> None:
    error = refused(lambda: parse_datetime("--at", text, NOW))
    assert error.field == "--at"
    assert words in error.message


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("grief", "grief"),
        ("Crisis", "crisis"),
        ("Substance Use", "substance-use"),
        ("substance_use", "substance-use"),
        ("  self harm ", "self-harm"),
        ("covid19", "covid19"),
        ("a" * 40, "a" * 40),
        ("sorg", "sorg"),
        ("håp", "håp"),
        ("Søvn", "søvn"),
        ("Ha\u030ap", "håp"),  # a decomposed å, as macOS types it: one tag with håp
        ("Rus og bolig", "rus-og-bolig"),
        ("Straße", "strasse"),
        ("दुख", "दुख"),
        ("ПОТЕРЯ", "потеря"),
        ("å" * 40, "å" * 40),
    ],
)
def test_tags_are_normalised_to_slugs(text: str, tag: str) -> None:
    assert parse_tag("--tag", text) == tag


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "crisis!",
        "-crisis",
        "crisis-",
        "a--b",
        "a" * 41,
        "å" * 41,
        "\u0301a",
        "sorg\u200bhåp",
        "grief\x00",
        "½",
        "sorg.håp",
    ],
)
def test_tags_that_are_not_slugs_are_refused(text: str) -> None:
    error = refused(lambda: parse_tag("--tag", text))
    assert error.field == "--tag"
    assert "like grief or substance-use" in error.message


def test_repeated_tags_count_once_and_keep_their_order() -> None:
    assert parse_tags("--tag", ["Grief", "crisis", "grief"]) == ("grief", "crisis")
    too_many = [f"t{number}" for number in range(models.MAX_TAGS + 1)]
    assert refused(lambda: parse_tags("--tag", too_many)).field == "--tag"


TAG_LETTERS = st.characters(categories=["Lu", "Ll", "Lo", "Nd"])


@given(st.lists(st.text(TAG_LETTERS, min_size=1, max_size=3), min_size=1, max_size=3))
def test_words_of_any_language_make_a_tag(words: list[str]) -> None:
    # At most 11 characters: case folding can triple one (ΐ), and a tag holds 40.
    text = "-".join(words)
    tag = parse_tag("--tag", text)
    assert parse_tag("--tag", tag) == tag
    assert parse_tag("--tag", " ".join(words)) == tag


@given(st.text(max_size=50))
def test_every_tag_is_stored_normalised_or_refused_naming_the_option(text: str) -> None:
    try:
        tag = parse_tag("--tag", text)
    except ValidationError as error:
        assert error.field == "--tag"
        return
    assert tag == unicodedata.normalize("NFC", tag) == unicodedata.normalize("NFC", tag.casefold())
    assert 1 <= len(tag) <= models.TAG_MAX_CHARS
    assert parse_tag("--tag", tag) == tag
    assert parse_tag("--tag", unicodedata.normalize("NFD", text)) == tag


def test_a_tag_in_an_import_line_must_be_stored_as_typed_would_be() -> None:
    line = {**EXAMPLE_BY_TYPE["reflection"], "tags": ["håp", "sorg"]}
    assert record_from_document(line, now=NOW).tags == ("håp", "sorg")  # type: ignore[union-attr]
    for stored in (["Håp"], ["ha\u030ap"]):
        with pytest.raises(ValidationError) as caught:
            record_from_document({**line, "tags": stored}, now=NOW)
        assert caught.value.field == "tags"


def test_choices_forgive_case_and_spaces() -> None:
    assert parse_choice("--mode", "In person", MODES) == "in-person"
    assert parse_choice("--kind", "Team debrief", SUPPORT_KINDS) == "team-debrief"
    error = refused(lambda: parse_choice("--mode", "fax", MODES))
    assert str(error) == (
        "--mode: must be one of in-person, phone, video, text, group, outreach; got 'fax'"
    )
    assert refused(lambda: parse_choice("--kind", "hug", BOUNDARY_KINDS)).field == "--kind"


def test_flags_read_yes_and_no() -> None:
    assert [parse_flag("--discuss", word) for word in ("yes", "TRUE", "1", "on")] == [True] * 4
    assert [parse_flag("--discuss", word) for word in ("no", "false", "0", "Off")] == [False] * 4
    assert refused(lambda: parse_flag("--discuss", "maybe")).field == "--discuss"


def test_self_care_items_are_trimmed_and_counted_once() -> None:
    assert parse_self_care("--self-care", [" walk ", "music", "walk"]) == ("walk", "music")
    assert refused(lambda: parse_self_care("--self-care", [" "])).field == "--self-care"
    assert refused(lambda: parse_self_care("--self-care", ["x" * 101])).field == "--self-care"
    assert refused(lambda: parse_self_care("--self-care", ["a\nb"])).field == "--self-care"


def test_text_is_kept_exactly_within_its_limit() -> None:
    note = "  line one\n\tline two  "
    assert parse_text("--note", note) == note
    assert parse_text("--note", "x" * models.NOTE_MAX_CHARS) == "x" * models.NOTE_MAX_CHARS
    error = refused(lambda: parse_text("--note", "x" * (models.NOTE_MAX_CHARS + 1)))
    assert error.field == "--note"
    assert "up to 100,000 characters" in error.message
    assert refused(lambda: parse_text("--note", "a\x00b")).field == "--note"
    assert "broken Unicode" in refused(lambda: parse_text("--note", "a\udc80b")).message
    assert refused(lambda: parse_text("--setting", "a\nb", 200, one_line=True)).field == "--setting"


def test_a_reflection_needs_some_words() -> None:
    assert parse_reflection_text("TEXT", "# Today\nwent okay") == "# Today\nwent okay"
    assert refused(lambda: parse_reflection_text("TEXT", " \n ")).field == "TEXT"
    limit = models.TEXT_MAX_CHARS
    assert len(parse_reflection_text("TEXT", "x" * limit)) == limit
    assert refused(lambda: parse_reflection_text("TEXT", "x" * (limit + 1))).field == "TEXT"


def test_a_ten_megabyte_note_is_refused_fast_and_never_echoed() -> None:
    marker = "PRIVATE-MARKER "
    huge = marker * (TEN_MB // len(marker))
    attempts: list[Callable[[], object]] = [
        lambda: parse_text("--note", huge),
        lambda: parse_reflection_text("TEXT", huge),
        lambda: parse_alias(huge),
        lambda: parse_tag("--tag", huge),
        lambda: parse_scale("--mood", huge, "mood"),
        lambda: parse_date("--date", huge, TODAY),
        lambda: Checkin(TODAY, 3, 3, 3, note=huge),
        lambda: imported({"note": huge}, "interaction"),
        lambda: imported({"text": huge + huge}, "reflection"),
        lambda: apply_edit(example("support"), {"note": huge}, today=TODAY, now=NOW),
    ]
    for attempt in attempts:
        started = clock.perf_counter()
        error = refused(attempt)
        assert clock.perf_counter() - started < 0.5
        assert marker * 3 not in str(error)  # at most a 40-character glimpse, never the text
        assert len(str(error)) < 400


# --- Aliases ----------------------------------------------------------------------------


def test_aliases_are_trimmed_and_one_to_forty_characters() -> None:
    assert parse_alias("  M-17 ") == "M-17"
    assert parse_alias("x") == "x"
    assert parse_alias("x" * 40) == "x" * 40
    assert parse_alias("A\u030a") == "\u00c5"  # composed, so it looks and compares the same
    error = refused(lambda: parse_alias(""))
    assert str(error) == "ALIAS: can't be empty; choose a short alias or code, like M-17"
    assert refused(lambda: parse_alias("   ")).field == "ALIAS"
    error = refused(lambda: parse_alias("x" * 41))
    assert str(error) == "ALIAS: an alias can be 1 to 40 characters; this one has 41"
    for hidden in ("M\n17", "M\t17", "M\x1b[31m17", "M\u202e17", "M\u200b17"):
        assert "one line" in refused(partial(parse_alias, hidden)).message
    assert refused(lambda: parse_alias("", field="--client")).field == "--client"


@pytest.mark.parametrize(
    "alias",
    ["Maria Lopez", "MariaLopez", "Jean-Luc Picard", "Sean O'Brien", "Åse Nilsen", "Mr Smith"],
)
def test_name_like_aliases_are_noticed(alias: str) -> None:
    assert alias_looks_like_name(alias)
    warning = alias_name_warning(alias)
    assert warning is not None
    assert "looks like it could be a real name" in warning
    assert suggest_alias_code(alias) in warning
    assert parse_alias(alias) == alias  # a warning, never a refusal


@pytest.mark.parametrize(
    "alias", ["M-17", "Client 7", "maria", "Maria", "JD", "the tall one", "R2"]
)
def test_codes_and_single_words_are_not_flagged(alias: str) -> None:
    assert not alias_looks_like_name(alias)
    assert alias_name_warning(alias) is None


def test_a_suggested_code_is_stable_and_holds_nothing_of_the_name() -> None:
    code = suggest_alias_code("Maria Lopez")
    assert code == suggest_alias_code("Maria Lopez")
    assert re.fullmatch(r"[A-Z]-[0-9]{2}", code)
    assert code[0] not in "ML"
    assert suggest_alias_code("Maria Lopez", taken=[code.lower()]) != code
    assert parse_alias(code) == code and not alias_looks_like_name(code)
    every_initial = " ".join("abcdefghijklmnopqrstuvwxyz")
    assert re.fullmatch(r"[A-Z]-[0-9]{2}", suggest_alias_code(every_initial))


def test_aliases_are_unique_whatever_the_case() -> None:
    ensure_alias_unused("ALIAS", "M-18", ["M-17", "K-2"])
    error = refused(lambda: ensure_alias_unused("ALIAS", "m-17", ["M-17"]))
    assert error.field == "ALIAS"
    assert "already used" in error.message and "even after they are closed" in error.message
    assert alias_key("Ｍ-17") == alias_key("m-17")


# --- Records: the exchange format -------------------------------------------------------


@pytest.mark.parametrize("line", PRODUCT_EXAMPLES, ids=lambda line: line["type"])
def test_products_example_lines_import_and_dump_back_the_same(line: dict[str, Any]) -> None:
    record = record_from_document(line, now=NOW)
    assert type(record) is RECORD_KINDS[line["type"]]
    assert record.to_document() == {"type": line["type"], "id": None, **line}
    assert list(record.to_document()) == ["type", "id", *list(line)[1:]]


def test_the_checkin_example_reads_as_python_values() -> None:
    checkin = example("checkin")
    assert checkin == Checkin(date(2026, 11, 2), 2, 2, 4, 5.5, 9, 0, ("walk",), "")
    interaction = example("interaction")
    assert isinstance(interaction, Interaction)
    assert interaction.at == datetime(2026, 11, 2, 14, 0)
    assert interaction.tags == ("crisis",)


def test_only_type_and_the_listed_fields_are_required() -> None:
    minimal: dict[str, dict[str, Any]] = {
        "client": {"alias": "M-17"},
        "checkin": {"date": "2026-11-02", "mood": 3, "energy": 3, "stress": 3},
        "interaction": {
            "client": "M-17",
            "at": "2026-11-02T14:00",
            "minutes": 40,
            "mode": "phone",
            "intensity": 2,
        },
        "boundary": {"at": "2026-11-02T23:40", "kind": "gift", "felt": 2},
        "reflection": {"at": "2026-11-02T21:00", "text": "ok"},
        "support": {"at": "2026-11-03T10:00", "kind": "supervision"},
    }
    for record_type, fields in minimal.items():
        assert sorted(fields) == sorted(REQUIRED[record_type])
        record = record_from_document({"type": record_type, **fields}, now=NOW)
        assert record.id is None
    checkin = record_from_document({"type": "checkin", **minimal["checkin"]}, now=NOW)
    assert isinstance(checkin, Checkin)
    # Left out means unknown, never 0.
    assert (checkin.sleep, checkin.worked, checkin.breaks) == (None, None, None)
    assert (checkin.self_care, checkin.note) == ((), "")
    boundary = record_from_document({"type": "boundary", **minimal["boundary"]}, now=NOW)
    assert isinstance(boundary, Boundary)
    assert (boundary.client, boundary.initiated_by, boundary.discuss) == (None, None, False)
    client = record_from_document({"type": "client", "alias": "M-17"}, now=NOW)
    assert isinstance(client, Client) and client.status == "active"


@pytest.mark.parametrize(
    ("record_type", "field"),
    [(record_type, field) for record_type, fields in REQUIRED.items() for field in fields],
)
def test_a_missing_required_field_is_named(record_type: str, field: str) -> None:
    line = {key: value for key, value in EXAMPLE_BY_TYPE[record_type].items() if key != field}
    error = refused(lambda: record_from_document(line, now=NOW))
    assert error.field == field
    assert "is needed for" in error.message


@pytest.mark.parametrize("record_type", sorted(REQUIRED))
def test_an_unknown_field_is_named_and_the_real_ones_listed(record_type: str) -> None:
    error = refused(lambda: imported({"colour": "blue"}, record_type))
    assert error.field == "colour"
    assert "has no field by that name" in error.message
    assert REQUIRED[record_type][0] in error.message


@pytest.mark.parametrize(
    ("record_type", "changes", "field"),
    [
        ("checkin", {"mood": "2"}, "mood"),
        ("checkin", {"mood": True}, "mood"),
        ("checkin", {"mood": 2.0}, "mood"),
        ("checkin", {"energy": 0}, "energy"),
        ("checkin", {"stress": 6}, "stress"),
        ("checkin", {"sleep": 24.5}, "sleep"),
        ("checkin", {"sleep": -1}, "sleep"),
        ("checkin", {"worked": "9"}, "worked"),
        ("checkin", {"breaks": 21}, "breaks"),
        ("checkin", {"breaks": 1.5}, "breaks"),
        ("checkin", {"self_care": "walk"}, "self_care"),
        ("checkin", {"self_care": ["walk", "walk"]}, "self_care"),
        ("checkin", {"self_care": [""]}, "self_care"),
        ("checkin", {"date": "2026-11-21"}, "date"),
        ("checkin", {"date": "2026-02-30"}, "date"),
        ("checkin", {"date": 20261102}, "date"),
        ("checkin", {"note": None}, "note"),
        ("interaction", {"minutes": -5}, "minutes"),
        ("interaction", {"minutes": 0}, "minutes"),
        ("interaction", {"minutes": 721}, "minutes"),
        ("interaction", {"mode": "fax"}, "mode"),
        ("interaction", {"mode": "In person"}, "mode"),  # an import line is canonical
        ("interaction", {"intensity": 0}, "intensity"),
        ("interaction", {"tags": ["Crisis"]}, "tags"),
        ("interaction", {"tags": ["crisis", "crisis"]}, "tags"),
        ("interaction", {"tags": [["crisis"]]}, "tags"),
        ("interaction", {"tags": "crisis"}, "tags"),
        ("interaction", {"close_to_home": "yes"}, "close_to_home"),
        ("interaction", {"self_disclosure": 1}, "self_disclosure"),
        ("interaction", {"setting": "ward\n3"}, "setting"),
        ("interaction", {"setting": "x" * 201}, "setting"),
        ("interaction", {"at": "2026-11-20T17:31"}, "at"),
        ("interaction", {"at": "2026-11-02T14:00:00"}, "at"),
        ("interaction", {"follow_up": "2026-02-30"}, "follow_up"),
        ("interaction", {"client": ""}, "client"),
        ("interaction", {"client": "x" * 41}, "client"),
        ("interaction", {"client": " M-17"}, "client"),
        ("interaction", {"discuss": None}, "discuss"),
        ("boundary", {"kind": "hug"}, "kind"),
        ("boundary", {"felt": 6}, "felt"),
        ("boundary", {"initiated_by": "boss"}, "initiated_by"),
        ("boundary", {"at": "2030-01-01T00:00"}, "at"),
        ("reflection", {"text": ""}, "text"),
        ("reflection", {"text": 5}, "text"),
        ("reflection", {"at": "2026-11-21T00:00"}, "at"),
        ("support", {"kind": "therapy"}, "kind"),
        ("support", {"at": None}, "at"),
        ("client", {"status": "paused"}, "status"),
        ("client", {"alias": "M\n17"}, "alias"),
        ("client", {"type": "clients"}, "type"),
        ("client", {"id": ""}, "id"),
        ("client", {"id": 17}, "id"),
    ],
)
def test_wrong_values_are_refused_naming_the_exchange_field(
    record_type: str, changes: dict[str, Any], field: str
) -> None:
    error = refused(lambda: imported(changes, record_type))
    assert error.field == field
    assert str(error) == f"{field}: {error.message}"


def test_the_record_type_is_checked_first() -> None:
    error = refused(lambda: record_from_document({"type": "diary"}, now=NOW))
    assert error.field == "type"
    assert "checkin" in error.message
    assert refused(lambda: record_from_document([1, 2], now=NOW)).field == "record"
    assert refused(lambda: Client.from_document({"type": "checkin"})).field == "type"


def test_follow_ups_may_be_in_the_future_and_ids_are_kept() -> None:
    interaction = imported({"follow_up": "2027-03-01", "id": "r-1"}, "interaction")
    assert isinstance(interaction, Interaction)
    assert interaction.follow_up == date(2027, 3, 1)
    assert interaction.id == "r-1"
    assert interaction.to_document()["id"] == "r-1"
    assert imported({"id": None}).id is None


def test_each_kind_reads_with_its_own_clock() -> None:
    line = {**EXAMPLE_BY_TYPE["checkin"], "date": "2026-11-20"}
    assert Checkin.from_document(line, today=TODAY).date == TODAY
    assert refused(lambda: Checkin.from_document(line, today=date(2026, 11, 19))).field == "date"
    at_now = {**EXAMPLE_BY_TYPE["support"], "at": "2026-11-20T17:30"}
    assert Support.from_document(at_now, now=NOW).at == NOW
    assert refused(lambda: Support.from_document(at_now, now=datetime(2026, 11, 20, 17, 29)))
    assert Client.from_document({"type": "client", "alias": "K-2"}).alias == "K-2"
    for kind in (Interaction, Boundary, Reflection):
        line = EXAMPLE_BY_TYPE[kind.record_type]
        assert kind.from_document(line, now=NOW).to_document()["type"] == kind.record_type


def test_records_are_checked_when_built_in_code_too() -> None:
    assert refused(lambda: Checkin(TODAY, 7, 3, 3)).field == "mood"
    assert refused(lambda: Checkin(NOW, 3, 3, 3)).field == "date"  # a datetime is not a date
    assert refused(lambda: Support(NOW.replace(second=5), "supervision")).field == "at"
    assert refused(lambda: Support(datetime(1850, 1, 1), "supervision")).field == "at"
    assert refused(lambda: Interaction("M-17", NOW, 40, "phone", 3, tags=["x"])).field == "tags"  # type: ignore[arg-type]
    assert refused(lambda: Boundary(NOW, "gift", 3, id=" x")).field == "id"
    assert Support(to_minute(datetime(2026, 11, 20, 9, 15, 42)), "supervision").at.second == 0


def test_reflections_hold_up_to_a_million_characters() -> None:
    text = "x" * models.TEXT_MAX_CHARS
    reflection = Reflection(NOW, text)
    assert reflection.to_document()["text"] == text
    assert refused(lambda: Reflection(NOW, text + "x")).field == "text"


# --- Edits ------------------------------------------------------------------------------


def test_an_edit_changes_only_the_fields_given() -> None:
    checkin = imported({"id": "c-1"})
    edited = apply_edit(checkin, {"mood": "3", "note": "better"}, today=TODAY, now=NOW)
    assert isinstance(edited, Checkin)
    assert (edited.mood, edited.note, edited.id) == (3, "better", "c-1")
    assert edited.to_document() | {"mood": 2, "note": ""} == checkin.to_document()


def test_edit_keys_are_option_names_and_errors_use_the_option() -> None:
    interaction = example("interaction")
    edited = apply_edit(
        interaction,
        {"follow_up": "2026-12-01", "tag": ["Grief", "crisis"], "close_to_home": "no"},
        today=TODAY,
        now=NOW,
    )
    assert isinstance(edited, Interaction)
    assert edited.follow_up == date(2026, 12, 1)
    assert edited.tags == ("grief", "crisis")
    assert edited.close_to_home is False
    by_option = apply_edit(interaction, {"--mode": "video"}, today=TODAY, now=NOW)
    assert isinstance(by_option, Interaction) and by_option.mode == "video"
    error = refused(lambda: apply_edit(interaction, {"minutes": "-5"}, today=TODAY, now=NOW))
    assert error.field == "--minutes"
    error = refused(
        lambda: apply_edit(interaction, {"at": "2026-11-21T08:00"}, today=TODAY, now=NOW)
    )
    assert error.field == "--at" and "later than now" in error.message
    error = refused(lambda: apply_edit(interaction, {"follow_up": "soon"}, today=TODAY, now=NOW))
    assert error.field == "--follow-up"


def test_an_unknown_edit_field_is_named_with_the_editable_ones() -> None:
    error = refused(lambda: apply_edit(example("interaction"), {"mood": "3"}, today=TODAY, now=NOW))
    assert error.field == "--mood"
    assert "an interaction has no field by that name" in error.message
    assert "--minutes" in error.message and "--follow-up" in error.message
    client = example("client")
    assert refused(lambda: apply_edit(client, {"id": "x"}, today=TODAY, now=NOW)).field == "--id"
    assert refused(lambda: apply_edit(client, {"type": "x"}, today=TODAY, now=NOW))


def test_an_empty_edit_clears_an_optional_field_to_unknown() -> None:
    checkin = example("checkin")
    cleared = apply_edit(
        checkin, {"sleep": "", "breaks": " ", "self_care": ""}, today=TODAY, now=NOW
    )
    assert isinstance(cleared, Checkin)
    assert (cleared.sleep, cleared.breaks, cleared.self_care) == (None, None, ())
    boundary = apply_edit(
        example("boundary"), {"client": "", "initiated_by": ""}, today=TODAY, now=NOW
    )
    assert isinstance(boundary, Boundary)
    assert (boundary.client, boundary.initiated_by) == (None, None)
    assert (
        refused(lambda: apply_edit(checkin, {"mood": ""}, today=TODAY, now=NOW)).field == "--mood"
    )


def test_an_edit_value_must_have_the_right_shape() -> None:
    checkin = example("checkin")
    error = refused(lambda: apply_edit(checkin, {"mood": ["3", "4"]}, today=TODAY, now=NOW))
    assert error.field == "--mood" and "takes one value" in error.message
    assert refused(lambda: apply_edit(checkin, {"date": "2026-11-21"}, today=TODAY, now=NOW))


def test_edit_options_per_kind() -> None:
    assert edit_options("checkin") == (
        "--date",
        "--mood",
        "--energy",
        "--stress",
        "--sleep",
        "--worked",
        "--breaks",
        "--self-care",
        "--note",
    )
    assert "--tag" in edit_options("reflection")
    assert edit_options("client") == ("--alias", "--status", "--note")


# --- Settings ---------------------------------------------------------------------------

# PRODUCT.md's strain table, as numbers: every indicator, its window, weight and limits.
PRODUCT_THRESHOLDS = {
    "low-mood": {"window": 14, "weight": 15, "mood": 2, "count": 3, "last": 5},
    "high-stress": {"window": 7, "weight": 10, "stress": 4, "count": 4},
    "short-sleep": {"window": 7, "weight": 10, "hours": 6, "count": 3},
    "long-hours": {"window": 7, "weight": 10, "hours": 44},
    "no-day-off": {"window": 12, "weight": 5},
    "skipped-breaks": {"window": 14, "weight": 5, "breaks": 0, "count": 3, "last": 5},
    "critical-exposure": {"window": 7, "weight": 15, "count": 2},
    "intensity-load": {"window": 7, "weight": 10, "intensity": 4, "count": 5},
    "close-to-home": {"window": 14, "weight": 5, "count": 3},
    "disclosure-load": {"window": 7, "weight": 5, "count": 3},
    "after-hours": {"window": 7, "weight": 5, "count": 3},
    "boundary-pressure": {"window": 14, "weight": 5, "count": 2, "felt": 4},
    "no-self-care": {"window": 7, "weight": 5, "checkins": 3},
    "quiet": {"window": 4, "weight": 10},
    "isolation": {"window": 14, "weight": 5, "intensity": 4, "count": 3},
    "supervision-gap": {"window": 30, "weight": 5},
}


def test_all_sixteen_indicators_have_the_products_defaults() -> None:
    assert list(INDICATOR_IDS) == list(PRODUCT_THRESHOLDS)
    assert Settings().thresholds == PRODUCT_THRESHOLDS
    assert Settings().threshold("high-stress", "count") == 4
    for indicator in INDICATORS:
        words = indicator.describe(indicator.defaults())
        assert "{" not in words and words


def test_setting_defaults() -> None:
    defaults = Settings()
    assert defaults.working_days == ("mon", "tue", "wed", "thu", "fri")
    assert (defaults.work_start, defaults.work_end) == (time(8, 0), time(18, 0))
    assert defaults.weekly_hours == 37.5
    assert "walk" in defaults.self_care and "rest" in defaults.self_care
    assert (defaults.country, defaults.auto_lock_minutes, defaults.retention_days) == ("", 5, None)


@pytest.mark.parametrize(
    ("key", "text", "stored", "shown"),
    [
        ("working-days", "mon-thu, sat", ["mon", "tue", "wed", "thu", "sat"], None),
        ("working-days", "Friday monday", ["mon", "fri"], "mon, fri"),
        ("work-start", "7:30", "07:30", "07:30"),
        ("work-end", "17:00", "17:00", "17:00"),
        ("weekly-hours", "22,5", 22.5, "22.5"),
        ("self-care", "walk,  tea with Sam , walk", ["walk", "tea with Sam"], None),
        ("self-care", "", [], "none"),
        ("country", "ca", "CA", "CA"),
        ("country", "none", "", "not set"),
        ("auto-lock-minutes", "240", 240, "240"),
        ("auto_lock_minutes", "1", 1, "1"),
        ("retention-days", "365", 365, "365"),
        ("retention-days", "none", None, "keep everything"),
        ("thresholds.high-stress.count", "5", 5, "5"),
        ("thresholds.long-hours.hours", "40.5", 40.5, "40.5"),
        ("thresholds.supervision-gap.window", "60", 60, "60"),
        ("Thresholds.Quiet.Weight", "0", 0, "0"),
    ],
)
def test_set_and_get_a_setting(key: str, text: str, stored: Any, shown: str | None) -> None:
    changed = set_setting(Settings(), key, text)
    assert get_setting(changed, key) == stored
    if shown is not None:
        assert setting_text(changed, key) == shown
    assert Settings.from_document(changed.to_document()) == changed


@pytest.mark.parametrize(
    ("key", "text", "words"),
    [
        ("thresholds.high-stress.count", "-1", "from 2 to"),
        ("thresholds.critical-exposure.count", "0", "from 1 to"),
        ("thresholds.high-stress.count", "1", "from 2 to"),  # one bad day never suffices
        ("thresholds.no-self-care.checkins", "1", "from 2 to"),
        ("thresholds.long-hours.hours", "23", "from 24 to"),
        ("thresholds.no-day-off.window", "1", "from 2 to"),
        ("thresholds.quiet.window", "0", "from 1 to 365"),
        ("thresholds.quiet.window", "2.5", "a whole number"),
        ("thresholds.quiet.weight", "-1", "from 0 to 100"),
        ("thresholds.low-mood.mood", "6", "from 1 to 5"),
        ("thresholds.high-stress.count", "8", "at most 7 here"),
        ("thresholds.high-stress.window", "3", "at least 4 here"),
        ("thresholds.low-mood.count", "6", "at most 5 here"),
        ("thresholds.low-mood.last", "2", "at least 3 here"),
        ("work-end", "07:00", "must end after it starts"),
        ("work-start", "18:00", "must end after it starts"),
        ("work-start", "25:00", "hours go from 00 to 23"),
        ("work-start", "eight", "a time like 08:00"),
        ("working-days", "", "at least one"),
        ("working-days", "fri-mon", "runs forward through the week"),
        ("working-days", "mon,funday", "mon-fri"),
        ("weekly-hours", "0", "from 1 to 100"),
        ("auto-lock-minutes", "0", "from 1 to 240"),
        ("auto-lock-minutes", "241", "from 1 to 240"),
        ("retention-days", "29", "from 30 to 36500"),
        ("country", "Canada", "two-letter"),
        ("self-care", "x" * 101, "up to 100"),
    ],
)
def test_nonsense_settings_are_refused_naming_the_key(key: str, text: str, words: str) -> None:
    error = refused(lambda: set_setting(Settings(), key, text))
    assert error.field == key
    assert words in error.message


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("colour", "the settings are working-days"),
        ("thresholds.moody.count", "the indicators are low-mood"),
        ("thresholds.quiet.count", "its numbers are window, weight"),
        ("thresholds.quiet", "thresholds.<indicator>.<number>"),
    ],
)
def test_unknown_setting_keys_are_named(key: str, words: str) -> None:
    error = refused(lambda: set_setting(Settings(), key, "1"))
    assert error.field == key
    assert words in error.message
    assert refused(lambda: get_setting(Settings(), key)).field == key


def test_every_setting_key_can_be_read_described_and_listed() -> None:
    numbers = sum(len(indicator.numbers) for indicator in INDICATORS)
    assert len(SETTING_KEYS) == 9 + numbers
    for key in SETTING_KEYS:
        assert describe_setting(key)
        assert setting_text(Settings(), key)
        get_setting(Settings(), key)
    assert "thresholds.high-stress.count" in SETTING_KEYS
    assert "thresholds.long-hours.hours" in SETTING_KEYS


def test_settings_documents() -> None:
    document = Settings().to_document()
    assert list(document)[0] == "type" and document["type"] == "settings"
    assert document["thresholds"] == PRODUCT_THRESHOLDS
    assert json.loads(json.dumps(document)) == document
    partial = Settings.from_document({"type": "settings", "country": "NO"})
    assert partial == Settings(country="NO")
    tuned = Settings.from_document({"type": "settings", "thresholds": {"quiet": {"window": 5}}})
    assert tuned.threshold("quiet", "window") == 5
    assert tuned.threshold("quiet", "weight") == 10


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"colour": "blue"}, "colour"),
        ({"type": "setting"}, "type"),
        ({"working_days": []}, "working_days"),
        ({"working_days": ["mon", "mon"]}, "working_days"),
        ({"work_end": "07:00"}, "work_end"),
        ({"work_start": 8}, "work_start"),
        ({"weekly_hours": "37.5"}, "weekly_hours"),
        ({"self_care": ["walk", " walk"]}, "self_care"),
        ({"country": "ca"}, "country"),
        ({"auto_lock_minutes": True}, "auto_lock_minutes"),
        ({"retention_days": 7}, "retention_days"),
        ({"thresholds": []}, "thresholds"),
        ({"thresholds": {"moody": {}}}, "thresholds.moody"),
        ({"thresholds": {"quiet": 4}}, "thresholds.quiet"),
        ({"thresholds": {"quiet": {"count": 1}}}, "thresholds.quiet.count"),
        ({"thresholds": {"quiet": {"window": 0}}}, "thresholds.quiet.window"),
        ({"thresholds": {"quiet": {"weight": 2.5}}}, "thresholds.quiet.weight"),
        ({"thresholds": {"high-stress": {"count": 9}}}, "thresholds.high-stress.count"),
    ],
)
def test_a_bad_settings_line_is_refused_naming_the_field(
    changes: dict[str, Any], field: str
) -> None:
    document = {**Settings().to_document(), **changes}
    assert refused(lambda: Settings.from_document(document)).field == field


# --- Wellness plan ----------------------------------------------------------------------


def a_plan() -> WellnessPlan:
    return WellnessPlan(
        boundary_commitments=("No client texts after 18:00",),
        daily_maintenance=("walk", "lunch away from the desk"),
        triggers=("overdose calls",),
        early_warning_signs=("skipping lunch",),
        step_back_actions=("ask for a lighter week", "call Sam"),
        people=(Person("Sam", "text first"), Person("my sponsor")),
        crisis_lines=(CrisisLine("Warmline", "555-0100", "evenings"),),
    )


def test_the_plan_round_trips() -> None:
    plan = a_plan()
    document = plan.to_document()
    assert list(document) == [
        "type",
        "boundary_commitments",
        "daily_maintenance",
        "triggers",
        "early_warning_signs",
        "step_back_actions",
        "people",
        "crisis_lines",
    ]
    assert document["people"][1] == {"name": "my sponsor", "how": ""}
    assert WellnessPlan.from_document(json.loads(json.dumps(document))) == plan
    assert WellnessPlan.from_document({"type": "plan"}) == WellnessPlan()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"type": "plans"}, "type"),
        ({"hobbies": []}, "hobbies"),
        ({"triggers": "overdose calls"}, "triggers"),
        ({"triggers": [""]}, "triggers[1]"),
        ({"step_back_actions": ["ok", "x" * 2001]}, "step_back_actions[2]"),
        ({"step_back_actions": ["ok"] * 101}, "step_back_actions"),
        ({"people": [{"how": "text"}]}, "people[1]"),
        ({"people": [{"name": "Sam", "phone": "1"}]}, "people[1].phone"),
        ({"people": [{"name": ""}]}, "people[1].name"),
        ({"people": ["Sam"]}, "people[1]"),
        ({"crisis_lines": [{"name": "Line"}]}, "crisis_lines[1]"),
        ({"crisis_lines": [{"name": "Line", "number": 5}]}, "crisis_lines[1].number"),
    ],
)
def test_a_bad_plan_is_refused_naming_the_part(changes: dict[str, Any], field: str) -> None:
    document = {**a_plan().to_document(), **changes}
    assert refused(lambda: WellnessPlan.from_document(document)).field == field


# --- Crisis lines -----------------------------------------------------------------------


def test_shipped_crisis_lines() -> None:
    assert LAST_VERIFIED == date(2026, 11, 26)
    canada = {line.number: line for line in SHIPPED_LINES["CA"]}
    assert list(canada) == ["9-8-8", "1-855-242-3310", "9-1-1"]
    assert canada["9-8-8"].ways == ("call", "text")
    assert "Hope for Wellness" in canada["1-855-242-3310"].name
    norway = {line.number: line for line in SHIPPED_LINES["NO"]}
    assert list(norway) == ["116 123", "22 40 00 40", "113", "116 117"]
    assert "Mental Helse" in norway["116 123"].name
    assert "Kirkens SOS" in norway["22 40 00 40"].name
    assert "Legevakt" in norway["116 117"].name
    for line in (*SHIPPED_LINES["CA"], *SHIPPED_LINES["NO"]):
        assert line.name and line.purpose and set(line.ways) <= {"call", "text"} and line.ways


def test_lines_for_a_shipped_country_come_with_the_persons_own() -> None:
    own = [CrisisLine("EAP", "1-800-555-0100", "through work")]
    lines = lines_for("ca", own)
    assert lines.country == "CA"
    assert lines.shipped == SHIPPED_LINES["CA"]
    assert [line.name for line in lines.own] == ["EAP"]
    assert lines.own[0].purpose == "through work"
    assert (lines.last_verified, lines.pointer) == (LAST_VERIFIED, None)


def test_elsewhere_the_persons_own_lines_and_a_directory() -> None:
    lines = lines_for("SE", [CrisisLine("Mind", "90101")])
    assert (lines.shipped, lines.last_verified) == ((), None)
    assert [line.number for line in lines.own] == ["90101"]
    assert lines.pointer is not None
    assert "an international directory of helplines, such as findahelpline.com" in (
        lines.pointer.lower()
    )
    not_set = lines_for("", [])
    assert not_set.pointer is not None and "set your country" in not_set.pointer
    assert crisis_lines.HELPLINE_DIRECTORY == "findahelpline.com"


# --- Kind words, and a core that stays light --------------------------------------------

SOURCES = [*Path(models.__file__).parent.glob("*.py"), Path(crisis_lines.__file__)]


def test_no_diagnostic_words_anywhere() -> None:
    for source in SOURCES:
        text = source.read_text(encoding="utf-8").lower()
        for word in ("burnout", "burn-out", "burned out", "depressed", "diagnos", "disorder"):
            assert word not in text, (source.name, word)


def test_models_and_crisis_lines_import_only_the_standard_library() -> None:
    code = (
        "import sys, psp_journal.models, psp_journal.care.crisis_lines\n"
        "heavy = [name for name in sys.modules if name.split('.')[0] in "
        "('textual', 'click', 'sqlite3', '_sqlite3', 'sqlite_utils', 'cryptography')"
        " or name.startswith('psp_journal.vault')]\n"
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


# --- Properties -------------------------------------------------------------------------

ANY_TEXT = st.text(max_size=60)
ONE_LINE = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))
NOTE = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=120)
ALIAS = st.text(ONE_LINE, min_size=1, max_size=40).filter(
    lambda alias: alias == alias.strip() and bool(alias)
)
TAG = st.from_regex(r"[a-z0-9æøå]{1,8}(-[a-z0-9æøå]{1,8}){0,2}", fullmatch=True)
TAGS = st.lists(TAG, unique=True, max_size=4).map(tuple)
ITEM = st.text(ONE_LINE, min_size=1, max_size=30).filter(
    lambda item: item == item.strip() and bool(item)
)
DAY = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
MOMENT = st.datetimes(min_value=datetime(1900, 1, 1), max_value=NOW).map(to_minute)
HOURS = st.none() | st.integers(0, 24) | st.floats(0, 24)
SCALE = st.integers(1, 5)
FLAG = st.booleans()
IDS = st.none() | st.from_regex(r"[A-Za-z0-9-]{1,20}", fullmatch=True)

VALID_RECORDS: st.SearchStrategy[Record] = st.one_of(
    st.builds(
        Client, alias=ALIAS, status=st.sampled_from(models.CLIENT_STATUSES), note=NOTE, id=IDS
    ),
    st.builds(
        Checkin,
        date=DAY,
        mood=SCALE,
        energy=SCALE,
        stress=SCALE,
        sleep=HOURS,
        worked=HOURS,
        breaks=st.none() | st.integers(0, 20),
        self_care=st.lists(ITEM, unique=True, max_size=4).map(tuple),
        note=NOTE,
        id=IDS,
    ),
    st.builds(
        Interaction,
        client=ALIAS,
        at=MOMENT,
        minutes=st.integers(1, 720),
        mode=st.sampled_from(MODES),
        intensity=SCALE,
        tags=TAGS,
        close_to_home=FLAG,
        self_disclosure=FLAG,
        setting=st.text(ONE_LINE, max_size=40),
        note=NOTE,
        follow_up=st.none() | st.dates(min_value=date(1900, 1, 1)),
        discuss=FLAG,
        id=IDS,
    ),
    st.builds(
        Boundary,
        at=MOMENT,
        kind=st.sampled_from(BOUNDARY_KINDS),
        felt=SCALE,
        client=st.none() | ALIAS,
        initiated_by=st.none() | st.sampled_from(models.INITIATED_BY),
        note=NOTE,
        discuss=FLAG,
        id=IDS,
    ),
    st.builds(Reflection, at=MOMENT, text=NOTE.filter(str.strip), tags=TAGS, discuss=FLAG, id=IDS),
    st.builds(Support, at=MOMENT, kind=st.sampled_from(SUPPORT_KINDS), note=NOTE, id=IDS),
)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=200)
@given(VALID_RECORDS)
def test_every_valid_record_survives_a_dump_and_an_import(record: Record) -> None:
    line = json.dumps(record.to_document(), ensure_ascii=False)
    assert record_from_document(json.loads(line), now=NOW) == record
    assert json.dumps(record_from_document(json.loads(line), now=NOW).to_document()) == json.dumps(
        record.to_document()
    )


@given(
    st.sampled_from(sorted(RECORD_KINDS)),
    st.dictionaries(
        st.sampled_from(sorted({*models.PLAN_LISTS, "id", "note", "mood", "at", "tags", "x"}))
        | st.text(max_size=8),
        JSON_VALUES,
        max_size=6,
    ),
)
def test_any_import_line_is_a_record_or_a_validation_error(
    record_type: str, fields: dict[str, Any]
) -> None:
    line = {**EXAMPLE_BY_TYPE[record_type], **fields, "type": record_type}
    try:
        record = record_from_document(line, now=NOW)
    except ValidationError as error:
        assert error.field and error.message
    else:
        assert record_from_document(record.to_document(), now=NOW) == record


@given(JSON_VALUES)
def test_any_json_at_all_is_refused_kindly(value: Any) -> None:
    for read in (
        lambda: record_from_document(value, now=NOW),
        lambda: Settings.from_document(value),
        lambda: WellnessPlan.from_document(value),
    ):
        with pytest.raises(ValidationError):
            read()


PARSERS: list[Callable[[str], object]] = [
    lambda text: parse_scale("--mood", text, "mood"),
    lambda text: parse_hours("--mood", text),
    lambda text: parse_count("--mood", text, 1, 720),
    lambda text: parse_date("--mood", text, TODAY),
    lambda text: parse_date("--mood", text, TODAY, allow_future=True),
    lambda text: parse_datetime("--mood", text, NOW),
    lambda text: parse_tag("--mood", text),
    lambda text: parse_tags("--mood", [text, text]),
    lambda text: parse_alias(text, field="--mood"),
    lambda text: parse_choice("--mood", text, MODES),
    lambda text: parse_flag("--mood", text),
    lambda text: parse_text("--mood", text, 30, one_line=True),
    lambda text: parse_reflection_text("--mood", text),
    lambda text: parse_self_care("--mood", [text]),
]


@settings(max_examples=300)
@given(st.sampled_from(range(len(PARSERS))), ANY_TEXT | st.from_regex(r"[0-9 .,:T-]{0,20}"))
def test_parsers_raise_only_validation_errors_naming_their_field(index: int, text: str) -> None:
    try:
        PARSERS[index](text)
    except ValidationError as error:
        assert error.field == "--mood"
        assert str(error).startswith("--mood: ")


@given(
    VALID_RECORDS,
    st.dictionaries(
        st.sampled_from(["mood", "at", "date", "tag", "self_care", "follow_up", "client", "x"]),
        ANY_TEXT | st.lists(ANY_TEXT, max_size=3),
        max_size=4,
    ),
)
def test_any_edit_is_a_valid_record_or_a_validation_error(
    record: Record, changes: dict[str, Any]
) -> None:
    try:
        edited = apply_edit(record, changes, today=TODAY, now=NOW)
    except ValidationError as error:
        assert error.field.startswith("--")
    else:
        assert type(edited) is type(record) and edited.id == record.id
        assert record_from_document(edited.to_document(), now=NOW) == edited


@given(st.sampled_from(SETTING_KEYS) | ANY_TEXT, ANY_TEXT | st.from_regex(r"[0-9 .,:-]{0,8}"))
def test_any_setting_text_is_a_setting_or_a_validation_error(key: str, text: str) -> None:
    try:
        changed = set_setting(Settings(), key, text)
    except ValidationError as error:
        assert error.message
    else:
        assert Settings.from_document(json.loads(json.dumps(changed.to_document()))) == changed


@given(ANY_TEXT, st.lists(ANY_TEXT, max_size=3))
def test_a_suggested_code_is_always_a_plain_free_alias(alias: str, taken: list[str]) -> None:
    code = suggest_alias_code(alias, taken)
    assert code == suggest_alias_code(alias, taken)
    assert re.fullmatch(r"[A-Z]-[0-9]+", code)
    assert alias_key(code) not in {alias_key(used) for used in taken}
    assert parse_alias(code) == code and not alias_looks_like_name(code)
