"""The supervisor summary: exact counts by ISO week, what is left out, the quiet days, the
small-count flags, and that nothing private leaves unless the person includes it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from psp_journal.care.strain import StrainRecords
from psp_journal.export import (
    DEFAULT_SECTIONS,
    SummaryInputs,
    SummaryOptions,
    build_summary,
    markdown_text,
    render_markdown,
    week_label,
)
from psp_journal.journal import Journal
from psp_journal.models import (
    Boundary,
    Checkin,
    Interaction,
    PromptEvent,
    Settings,
    Support,
    ValidationError,
)
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE, fixed_clock

PERIOD = (date(2026, 11, 9), date(2026, 11, 22))  # Monday of W46 to Sunday of W47
W46, W47 = "2026-W46", "2026-W47"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute)


DISCUSSED = Interaction(
    client="c-3",
    at=at(11, 9),
    minutes=20,
    mode="phone",
    intensity=4,
    tags=("crisis", "housing"),
    self_disclosure=True,
    note="what I said",
    discuss=True,
    id="i3",
)
RECORDS = StrainRecords(
    checkins=(
        Checkin(
            date(2026, 11, 9), mood=3, energy=4, stress=2, sleep=7, worked=8, self_care=("walk",)
        ),
        Checkin(date(2026, 11, 10), mood=5, energy=2, stress=4, sleep=6, worked=7.5),
        Checkin(date(2026, 11, 18), mood=2, energy=2, stress=5),
    ),
    interactions=(
        Interaction("c-1", at(9, 10), 60, "in-person", 3, tags=("crisis",), id="i1"),
        Interaction("c-2", at(10, 19, 30), 30, "phone", 4, close_to_home=True, id="i2"),
        DISCUSSED,
        Interaction("c-4", at(21, 10), 45, "video", 2, id="i4"),  # a Saturday
    ),
    boundaries=(Boundary(at(11, 12), "gift", 3, id="b1"),),
    supports=(Support(at(12, 10), "supervision", id="s1"),),
)
INPUTS = SummaryInputs(
    records=RECORDS,
    settings=Settings(),
    prompts=(PromptEvent(at(18, 12), "bring-to-supervision", ("high-stress",), id="p1"),),
    items=(DISCUSSED.to_document(),),
)


def test_default_summary_counts_each_week_exactly() -> None:
    summary = build_summary(INPUTS, PERIOD)
    assert summary["schema"] == 1
    assert summary["period"] == {"from": "2026-11-09", "to": "2026-11-22", "weeks": [W46, W47]}
    assert summary["sections"] == list(DEFAULT_SECTIONS)
    assert summary["left_out"] == ["wellbeing", "strain"]
    assert "wellbeing" not in summary and "strain" not in summary
    assert summary["coverage"] == {
        "usual_weekly_hours": 37.5,
        "weeks": [
            {"week": W46, "days_checked_in": 2, "after_hours_contacts": 1, "hours_worked": 15.5},
            {"week": W47, "days_checked_in": 1, "after_hours_contacts": 1},
        ],
    }
    assert summary["caseload"]["weeks"] == [
        {
            "week": W46,
            "interactions": 3,
            "minutes": 110,
            "by_mode": {"in-person": 1, "phone": 2},
            "intensity": {"1": 0, "2": 0, "3": 1, "4": 2, "5": 0},
            "critical_tags": {"crisis": 2},
            "close_to_home": 1,
            "self_disclosures": 1,
        },
        {
            "week": W47,
            "interactions": 1,
            "minutes": 45,
            "by_mode": {"video": 1},
            "intensity": {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0},
            "critical_tags": {},
            "close_to_home": 0,
            "self_disclosures": 0,
        },
    ]
    assert summary["boundaries"]["weeks"] == [
        {"week": W46, "events": 1, "by_kind": {"gift": 1}},
        {"week": W47, "events": 0, "by_kind": {}},
    ]
    assert summary["supervision-items"] == {"items": [{"kind": "interaction", "week": W46}]}
    # 9–12 and 18, 21 have entries (the prompt answer on the 18th too).
    assert summary["days_without_entries"] == {
        "count": 8,
        "weeks": [{"week": W46, "days": 3}, {"week": W47, "days": 5}],
    }
    assert json.loads(json.dumps(summary)) == summary


def test_small_counts_are_flagged_by_section_and_week() -> None:
    flags = build_summary(INPUTS, PERIOD)["flags"]
    assert len(flags) == 10
    assert all(W46 in flag or W47 in flag for flag in flags)
    assert sum(flag.startswith("Caseload, week 2026-W46") for flag in flags) == 5
    assert sum(flag.startswith("Coverage") for flag in flags) == 2
    assert any(flag.startswith("Boundaries, week 2026-W46: a gift: 1") for flag in flags)
    assert not any("interactions: 3" in flag for flag in flags)  # 3 is not small


def test_wellbeing_and_strain_only_when_included() -> None:
    summary = build_summary(INPUTS, PERIOD, ["wellbeing", "strain", "coverage"])
    assert summary["sections"] == ["coverage", "wellbeing", "strain"]
    assert summary["left_out"] == ["caseload", "boundaries", "supervision-items"]
    assert summary["wellbeing"]["weeks"] == [
        {
            "week": W46,
            "checkins": 2,
            "mood": 4,
            "energy": 3,
            "stress": 3,
            "sleep": 6.5,
            "self_care_days": 1,
        },
        {"week": W47, "checkins": 1, "mood": 2, "energy": 2, "stress": 5, "self_care_days": 0},
    ]
    strain = summary["strain"]["weeks"]
    assert [row["week"] for row in strain] == [W46, W47]
    assert all(row["level"] in ("steady", "watch", "step-back") for row in strain)
    assert strain[1]["prompt_responses"] == {"bring-to-supervision": 1}
    markdown = render_markdown(summary)
    assert "## Wellbeing" in markdown and "## Strain" in markdown
    assert "## Caseload" not in markdown
    assert "Left out of this summary: Caseload, Boundaries, Items for supervision." in markdown


def test_an_unknown_section_is_refused_naming_the_option() -> None:
    with pytest.raises(ValidationError) as refused:
        build_summary(INPUTS, PERIOD, ["caseload", "moods"])
    assert refused.value.field == "--include"
    assert "moods" in refused.value.message


def test_included_note_and_went_well_are_literal_in_markdown() -> None:
    options = SummaryOptions(include_notes=frozenset({"i3"}), went_well="![x](y) went <b>well</b>")
    summary = build_summary(INPUTS, PERIOD, options=options)
    assert summary["supervision-items"]["items"][0]["text"] == "what I said"
    assert summary["went_well"] == "![x](y) went <b>well</b>"
    text = render_markdown(summary)
    assert "```text\n![x](y) went <b>well</b>\n```" in text
    assert "Left out of this summary: Wellbeing, Strain." in text
    assert "8 days have no entries" in text
    assert "- 2026-W47: 1 interaction, 45 minutes" in text
    assert "- 2026-W46: 1 boundary event (a gift 1)" in text
    assert "- 2026-W46: an interaction\n\n  ```text\n  what I said\n  ```" in text


HOSTILE_MARKDOWN = [
    "](http://x)",
    "<script>alert(1)</script>",
    "![x](y)",
    "# heading",
    "`code` and ```` four",
    "*a* _b_",
    "see www.example.com or https://example.com",
    "```\n[x](http://evil)\n```",
    "\x1b]0;x\x07 and \u202e",
    "<https://x> <a@b.c>",
]


@pytest.mark.parametrize("hostile", HOSTILE_MARKDOWN)
def test_markdown_text_cannot_open_anything(hostile: str) -> None:
    """Rendered by a CommonMark parser, the text is one code block holding exactly what
    was written (controls as visible escapes): no link, image, HTML or heading, and code
    blocks are never autolinked."""
    from markdown_it import MarkdownIt

    from psp_journal.terminal_text import shown

    document = "\n".join(["- 2026-W46: an interaction", "", *markdown_text(hostile, "  ")])
    tokens = MarkdownIt("commonmark").parse(document)
    kinds = {token.type for token in tokens} | {
        child.type for token in tokens for child in token.children or []
    }
    assert not kinds & {"link_open", "image", "html_inline", "html_block", "heading_open"}
    (fence,) = [token for token in tokens if token.type == "fence"]
    assert fence.content == shown(hostile) + "\n"
    assert "\x1b" not in document and "\u202e" not in document


def test_week_labels_are_iso_weeks() -> None:
    assert week_label(date(2026, 11, 20)) == W47
    assert week_label(date(2027, 1, 1)) == "2026-W53"


MARKER = "zqxmarker"


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    vault, _key = Vault.create(
        tmp_path / "journal.vault", PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF
    )
    yield Journal(vault, fixed_clock)
    vault.close()


def marked_journal(journal: Journal) -> None:
    lines = [
        {"type": "client", "id": "c1", "alias": f"{MARKER}-a", "note": f"{MARKER} client"},
        {
            "type": "interaction",
            "id": "kept",
            "client": f"{MARKER}-a",
            "at": "2026-11-10T10:00",
            "minutes": 30,
            "mode": "phone",
            "intensity": 4,
            "tags": ["crisis", f"{MARKER}tag"],
            "setting": f"{MARKER} setting",
            "note": f"{MARKER} discussed note",
            "discuss": True,
        },
        {
            "type": "interaction",
            "id": "other",
            "client": f"{MARKER}-a",
            "at": "2026-11-11T10:00",
            "minutes": 30,
            "mode": "video",
            "intensity": 2,
            "note": f"{MARKER} private note",
        },
        {
            "type": "boundary",
            "id": "b",
            "at": "2026-11-12T10:00",
            "kind": "gift",
            "felt": 2,
            "client": f"{MARKER}-a",
            "note": f"{MARKER} boundary",
            "discuss": True,
        },
        {
            "type": "reflection",
            "id": "r",
            "at": "2026-11-13T10:00",
            "text": f"{MARKER} reflection",
            "discuss": True,
        },
        {
            "type": "support",
            "id": "s",
            "at": "2026-11-13T12:00",
            "kind": "supervision",
            "note": f"{MARKER} support",
        },
        {
            "type": "checkin",
            "id": "k",
            "date": "2026-11-16",
            "mood": 2,
            "energy": 3,
            "stress": 4,
            "self_care": [f"{MARKER} walk"],
            "note": f"{MARKER} day",
        },
        {
            "type": "prompt",
            "id": "p",
            "at": "2026-11-17T10:00",
            "event": "bring-to-supervision",
            "indicators": ["high-stress"],
            "snooze_until": None,
            "note": f"{MARKER} prompt",
        },
        {
            "type": "plan",
            "triggers": [f"{MARKER} trigger"],
            "step_back_actions": [f"{MARKER} step back"],
        },
    ]
    journal.import_documents(json.dumps(line) for line in lines)
    journal.set_setting("self_care", f"{MARKER} stretch, walk")


def test_nothing_private_leaves_by_default(journal: Journal) -> None:
    marked_journal(journal)
    inputs = journal.summary_inputs(*PERIOD)
    assert len(inputs.items) == 4  # the interaction, boundary, reflection and prompt
    summary = build_summary(inputs, PERIOD)
    assert summary["caseload"]["weeks"][0]["interactions"] == 2
    assert summary["days_without_entries"]["count"] == 8  # a reflection's day counts too
    assert MARKER not in json.dumps(summary) + render_markdown(summary)
    everything = build_summary(inputs, PERIOD, ["wellbeing", "strain", *DEFAULT_SECTIONS])
    assert MARKER not in json.dumps(everything) + render_markdown(everything)


def test_an_included_note_brings_exactly_its_own_text(journal: Journal) -> None:
    marked_journal(journal)
    options = SummaryOptions(include_notes=frozenset({"kept", "other"}))
    summary = build_summary(journal.summary_inputs(*PERIOD), PERIOD, options=options)
    exported = json.dumps(summary)
    assert exported.count(MARKER) == 1
    assert f"{MARKER} discussed note" in exported
    markdown = render_markdown(summary)
    assert markdown.count(MARKER) == 1 and f"{MARKER} discussed note" in markdown


def test_whole_hours_summed_as_ints_are_rounded_too() -> None:
    """Python 3.11's int has no is_integer(): hours typed as whole numbers sum to an int."""
    from psp_journal.export.summary import _round

    assert _round(44) == 44 and isinstance(_round(44), int)
    assert _round(7.5) == 7.5 and _round(8.0) == 8 and isinstance(_round(8.0), int)
