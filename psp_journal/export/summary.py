"""The supervisor summary as plain data: counts by ISO week, never times, names or free text.

Pure: the caller gathers the records (`Journal.summary_inputs`) and passes the period in, so
the same summary comes out of the same journal on any day, and every renderer (Markdown,
HTML, JSON) shows exactly one thing. The result holds only str, int, float, bool, list and
dict, so `json.dumps` takes it as it is and a signature can cover it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from psp_journal.care.strain import StrainRecords, assess_strain
from psp_journal.i18n import N_, _
from psp_journal.models import (
    BOUNDARY_KIND_LABELS,
    BOUNDARY_KINDS,
    BRING_TO_SUPERVISION,
    CRITICAL_TAGS,
    MODE_LABELS,
    MODES,
    PROMPT_ANSWERS,
    Checkin,
    Document,
    Interaction,
    PromptEvent,
    Settings,
    ValidationError,
)

SCHEMA = 1
DEFAULT_SECTIONS = ("coverage", "caseload", "boundaries", "supervision-items")
SECTIONS = (*DEFAULT_SECTIONS, "wellbeing", "strain")
SMALL_COUNT = 3  # a count below this might point to one client
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The text field of each kind of supervision item: only ever read for an included note.
_ITEM_TEXT = {"interaction": "note", "boundary": "note", "reflection": "text", "prompt": "note"}

SECTION_LABELS: Mapping[str, str] = {
    "coverage": N_("Coverage"),
    "caseload": N_("Caseload"),
    "boundaries": N_("Boundaries"),
    "supervision-items": N_("Items for supervision"),
    "wellbeing": N_("Wellbeing"),
    "strain": N_("Strain"),
}


@dataclass(frozen=True)
class SummaryInputs:
    """What a summary is built from. `records` may reach back before the period (the
    strain section needs each window's history); everything else is counted only within
    the period. `items` are the documents `Journal.supervision_items` returns; `reflection
    days` only say that a day had an entry."""

    records: StrainRecords
    settings: Settings
    prompts: Sequence[PromptEvent] = ()
    items: Sequence[Document] = ()
    reflection_days: frozenset[date] = frozenset()


@dataclass(frozen=True)
class SummaryOptions:
    """`include_notes`: ids of supervision items whose own text may leave; `went_well`: a
    short text the person writes for the supervisor."""

    include_notes: frozenset[str] = field(default_factory=frozenset)
    went_well: str = ""


def check_sections(names: Iterable[str]) -> tuple[str, ...]:
    """The sections asked for, in the summary's order; none asked for means the default
    set. An unknown name is refused naming `--include`, the option the person typed."""
    asked = list(names)
    for name in asked:
        if name not in SECTIONS:
            raise ValidationError(
                "--include",
                _("there is no section called {name!r}; the sections are {sections}").format(
                    name=name, sections=", ".join(SECTIONS)
                ),
            )
    chosen = set(asked) or set(DEFAULT_SECTIONS)
    return tuple(name for name in SECTIONS if name in chosen)


def week_label(day: date) -> str:
    """The ISO week of `day`, like 2026-W47: fine enough for a supervisor, never a time."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _weeks(first: date, last: date) -> list[str]:
    return list(dict.fromkeys(week_label(day) for day in _days(first, last)))


def _round(value: float) -> float | int:
    """One decimal, and a whole number as an int, so the JSON bytes are stable."""
    rounded = round(float(value), 1)  # float(): a sum of whole hours is an int
    return int(rounded) if rounded.is_integer() else rounded


def _after_hours(moment: datetime, settings: Settings) -> bool:
    if _WEEKDAYS[moment.weekday()] not in settings.working_days:
        return True
    return not settings.work_start <= moment.time() < settings.work_end


class _Period:
    """The period's records, each filed under its ISO week."""

    def __init__(self, inputs: SummaryInputs, first: date, last: date) -> None:
        self.first, self.last = first, last
        self.weeks = _weeks(first, last)
        records = inputs.records
        self.checkins = [c for c in records.checkins if self.holds(c.date)]
        self.interactions = [i for i in records.interactions if self.holds(i.at.date())]
        self.boundaries = [b for b in records.boundaries if self.holds(b.at.date())]
        self.supports = [s for s in records.supports if self.holds(s.at.date())]
        self.prompts = [p for p in inputs.prompts if self.holds(p.at.date())]

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last

    def by_week(self, dated: Iterable[tuple[date, Any]]) -> dict[str, list[Any]]:
        grouped: dict[str, list[Any]] = {week: [] for week in self.weeks}
        for day, item in dated:
            grouped[week_label(day)].append(item)
        return grouped


def _coverage(period: _Period, settings: Settings) -> dict[str, Any]:
    checkins = period.by_week((c.date, c) for c in period.checkins)
    contacts = period.by_week((i.at.date(), i) for i in period.interactions)
    weeks = []
    for week in period.weeks:
        worked = [c.worked for c in checkins[week] if c.worked is not None]
        row: dict[str, Any] = {
            "week": week,
            "days_checked_in": len(checkins[week]),
            "after_hours_contacts": sum(_after_hours(i.at, settings) for i in contacts[week]),
        }
        if worked:
            row["hours_worked"] = _round(sum(worked))
        weeks.append(row)
    return {"usual_weekly_hours": _round(settings.weekly_hours), "weeks": weeks}


def _caseload(period: _Period) -> dict[str, Any]:
    grouped = period.by_week((i.at.date(), i) for i in period.interactions)
    weeks = []
    for week in period.weeks:
        contacts: list[Interaction] = grouped[week]
        modes = Counter(i.mode for i in contacts)
        intensity = Counter(i.intensity for i in contacts)
        tags = Counter(tag for i in contacts for tag in i.tags if tag in CRITICAL_TAGS)
        weeks.append(
            {
                "week": week,
                "interactions": len(contacts),
                "minutes": sum(i.minutes for i in contacts),
                "by_mode": {mode: modes[mode] for mode in MODES if modes[mode]},
                "intensity": {str(n): intensity[n] for n in range(1, 6)},
                "critical_tags": {tag: tags[tag] for tag in CRITICAL_TAGS if tags[tag]},
                "close_to_home": sum(i.close_to_home for i in contacts),
                "self_disclosures": sum(i.self_disclosure for i in contacts),
            }
        )
    return {"weeks": weeks}


def _boundaries(period: _Period) -> dict[str, Any]:
    grouped = period.by_week((b.at.date(), b.kind) for b in period.boundaries)
    weeks = []
    for week in period.weeks:
        kinds = Counter(grouped[week])
        weeks.append(
            {
                "week": week,
                "events": len(grouped[week]),
                "by_kind": {kind: kinds[kind] for kind in BOUNDARY_KINDS if kinds[kind]},
            }
        )
    return {"weeks": weeks}


def _supervision_items(
    period: _Period, items: Sequence[Document], include: frozenset[str]
) -> dict[str, Any]:
    listed = []
    for document in items:
        day = date.fromisoformat(str(document["at"])[:10])
        kind = str(document["type"])
        if not period.holds(day) or kind not in _ITEM_TEXT:
            continue
        if kind == "prompt" and document.get("event") != BRING_TO_SUPERVISION:
            continue
        item: dict[str, Any] = {"kind": kind, "week": week_label(day)}
        if kind == "boundary":
            item["boundary_kind"] = str(document["kind"])
        if document.get("id") in include:
            item["text"] = str(document.get(_ITEM_TEXT[kind]) or "")
        listed.append(item)
    return {"items": listed}


def _wellbeing(period: _Period) -> dict[str, Any]:
    grouped = period.by_week((c.date, c) for c in period.checkins)
    weeks = []
    for week in period.weeks:
        checkins: list[Checkin] = grouped[week]
        row: dict[str, Any] = {"week": week, "checkins": len(checkins)}
        for name in ("mood", "energy", "stress", "sleep"):
            values = [getattr(c, name) for c in checkins if getattr(c, name) is not None]
            if values:
                row[name] = _round(sum(values) / len(values))
        row["self_care_days"] = sum(bool(c.self_care) for c in checkins)
        weeks.append(row)
    return {"weeks": weeks}


def _strain(period: _Period, inputs: SummaryInputs) -> dict[str, Any]:
    ends: dict[str, date] = {}
    for day in _days(period.first, period.last):
        ends[week_label(day)] = day  # the last day of each week within the period
    prompts = period.by_week((p.at.date(), p.event) for p in period.prompts)
    weeks = []
    for week in period.weeks:
        assessment = assess_strain(inputs.records, inputs.settings, ends[week])
        answers = Counter(prompts[week])
        weeks.append(
            {
                "week": week,
                "level": assessment.level,
                "active": [result.id for result in assessment.active],
                "prompt_responses": {a: answers[a] for a in PROMPT_ANSWERS if answers[a]},
            }
        )
    return {"weeks": weeks}


def _days_without_entries(period: _Period, inputs: SummaryInputs) -> dict[str, Any]:
    """Days with nothing written at all, so silence is not read as calm."""
    written = {c.date for c in period.checkins} | set(inputs.reflection_days)
    for dated in (period.interactions, period.boundaries, period.supports, period.prompts):
        written |= {entry.at.date() for entry in dated}
    empty = Counter(
        week_label(day) for day in _days(period.first, period.last) if day not in written
    )
    return {
        "count": sum(empty.values()),
        "weeks": [{"week": week, "days": empty[week]} for week in period.weeks if empty[week]],
    }


def _small(section: str, week: str, count: int, what: str) -> str | None:
    if not 0 < count < SMALL_COUNT:
        return None
    return _(
        "{section}, week {week}: {what}: {count}. A number this small might point to one client."
    ).format(section=_(SECTION_LABELS[section]), week=week, what=what, count=count)


def _flags(summary: Mapping[str, Any]) -> list[str]:
    """Counts that might identify a client, as sentences for the preview."""
    found: list[str | None] = []
    for row in summary.get("coverage", {}).get("weeks", []):
        count = row["after_hours_contacts"]
        found.append(_small("coverage", row["week"], count, _("after-hours contacts")))
    for row in summary.get("caseload", {}).get("weeks", []):
        week = row["week"]
        found.append(_small("caseload", week, row["interactions"], _("interactions")))
        for mode, count in row["by_mode"].items():
            what = _("interactions ({mode})").format(mode=_(MODE_LABELS[mode]))
            found.append(_small("caseload", week, count, what))
        for tag, count in row["critical_tags"].items():
            what = _("interactions tagged {tag}").format(tag=tag)
            found.append(_small("caseload", week, count, what))
        found.append(_small("caseload", week, row["close_to_home"], _("close to home")))
        found.append(_small("caseload", week, row["self_disclosures"], _("self-disclosures")))
    for row in summary.get("boundaries", {}).get("weeks", []):
        for kind, count in row["by_kind"].items():
            what = _(BOUNDARY_KIND_LABELS[kind])
            found.append(_small("boundaries", row["week"], count, what))
    return [flag for flag in found if flag is not None]


def build_summary(
    inputs: SummaryInputs,
    period: tuple[date, date],
    sections: Iterable[str] = (),
    options: SummaryOptions = SummaryOptions(),
) -> dict[str, Any]:
    """The summary of `period` (first and last day, both included) with the sections asked
    for (none: the default set). Only an item in `options.include_notes` brings its text."""
    first, last = period
    if last < first:
        raise ValidationError("--to", _("the period ends before it starts"))
    chosen = check_sections(sections)
    records = _Period(inputs, first, last)
    summary: dict[str, Any] = {
        "schema": SCHEMA,
        "period": {"from": first.isoformat(), "to": last.isoformat(), "weeks": records.weeks},
        "sections": list(chosen),
        "left_out": [name for name in SECTIONS if name not in chosen],
        "days_without_entries": _days_without_entries(records, inputs),
    }
    builders = {
        "coverage": lambda: _coverage(records, inputs.settings),
        "caseload": lambda: _caseload(records),
        "boundaries": lambda: _boundaries(records),
        "supervision-items": lambda: _supervision_items(
            records, inputs.items, options.include_notes
        ),
        "wellbeing": lambda: _wellbeing(records),
        "strain": lambda: _strain(records, inputs),
    }
    for name in chosen:
        summary[name] = builders[name]()
    if options.went_well.strip():
        summary["went_well"] = options.went_well.strip()
    summary["flags"] = _flags(summary)
    return summary
