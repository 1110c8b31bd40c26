"""The summary as plain Markdown a supervisor can read in any editor or viewer.

Every piece of the person's own text goes through `markdown_text`, so a note can never
become a link, an image, HTML or a heading in the reader's viewer: what they wrote is shown
as written, and nothing in it can reach out of the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from psp_journal.export.summary import SECTION_LABELS
from psp_journal.i18n import N_, _, ngettext
from psp_journal.models import BOUNDARY_KIND_LABELS, MODE_LABELS

_ITEM_KINDS: Mapping[str, str] = {
    "interaction": N_("an interaction"),
    "reflection": N_("a reflection"),
    "prompt": N_("a step-back prompt brought to supervision"),
}
# Every character CommonMark gives a meaning to, so none of them can start markup.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&:\"'=])")


def markdown_text(text: str) -> str:
    """`text` as literal Markdown: each special character backslash-escaped, and each line
    break kept as a hard break, so a note reads as one paragraph that cannot open anything."""
    lines = (_SPECIAL.sub(r"\\\1", line) for line in text.splitlines() or [""])
    return "  \n".join(lines)


def _counts(counts: Mapping[str, int], labels: Mapping[str, str] | None = None) -> str:
    if not counts:
        return _("none")
    return ", ".join(f"{_(labels[k]) if labels else k} {n}" for k, n in counts.items())


def _coverage(section: Mapping[str, Any]) -> list[str]:
    lines = [
        _("Usual weekly hours: {hours}.").format(hours=section["usual_weekly_hours"]),
        "",
    ]
    for row in section["weeks"]:
        worked = row.get("hours_worked", _("not written"))
        lines.append(
            _(
                "- {week}: checked in on {days}; hours worked {worked}; "
                "after-hours contacts {after}"
            ).format(
                week=row["week"],
                days=ngettext("{n} day", "{n} days", row["days_checked_in"]).format(
                    n=row["days_checked_in"]
                ),
                worked=worked,
                after=row["after_hours_contacts"],
            )
        )
    return lines


def _caseload(section: Mapping[str, Any]) -> list[str]:
    lines = []
    for row in section["weeks"]:
        intensity = ", ".join(f"{level}: {n}" for level, n in row["intensity"].items())
        lines += [
            ngettext(
                "- {week}: {count} interaction, {minutes} minutes",
                "- {week}: {count} interactions, {minutes} minutes",
                row["interactions"],
            ).format(week=row["week"], count=row["interactions"], minutes=row["minutes"]),
            "  - " + _("by mode: {counts}").format(counts=_counts(row["by_mode"], MODE_LABELS)),
            "  - " + _("intensity (1 to 5): {counts}").format(counts=intensity),
            "  - " + _("critical tags: {counts}").format(counts=_counts(row["critical_tags"])),
            "  - "
            + _("close to home: {close}; self-disclosures: {disclosed}").format(
                close=row["close_to_home"], disclosed=row["self_disclosures"]
            ),
        ]
    return lines


def _boundaries(section: Mapping[str, Any]) -> list[str]:
    return [
        ngettext(
            "- {week}: {count} boundary event ({kinds})",
            "- {week}: {count} boundary events ({kinds})",
            row["events"],
        ).format(
            week=row["week"],
            count=row["events"],
            kinds=_counts(row["by_kind"], BOUNDARY_KIND_LABELS),
        )
        for row in section["weeks"]
    ]


def _items(section: Mapping[str, Any]) -> list[str]:
    if not section["items"]:
        return [_("Nothing was marked for supervision in this period.")]
    lines = []
    for item in section["items"]:
        if item["kind"] == "boundary":
            kind = _("a boundary event: {kind}").format(
                kind=_(BOUNDARY_KIND_LABELS[item["boundary_kind"]])
            )
        else:
            kind = _(_ITEM_KINDS[item["kind"]])
        lines.append(_("- {week}: {kind}").format(week=item["week"], kind=kind))
        if "text" in item:
            lines.append("")
            lines.append("  " + markdown_text(item["text"]).replace("\n", "\n  "))
    return lines


def _wellbeing(section: Mapping[str, Any]) -> list[str]:
    lines = []
    for row in section["weeks"]:
        means = ", ".join(
            f"{name} {row[name]}" for name in ("mood", "energy", "stress", "sleep") if name in row
        )
        lines.append(
            ngettext(
                "- {week}: {checkins} check-in; weekly means: {means}; self-care on {days}",
                "- {week}: {checkins} check-ins; weekly means: {means}; self-care on {days}",
                row["checkins"],
            ).format(
                week=row["week"],
                checkins=row["checkins"],
                means=means or _("none"),
                days=ngettext("{n} day", "{n} days", row["self_care_days"]).format(
                    n=row["self_care_days"]
                ),
            )
        )
    return lines


def _strain(section: Mapping[str, Any]) -> list[str]:
    return [
        _("- {week}: {level}; signs: {active}; prompt responses: {answers}").format(
            week=row["week"],
            level=row["level"],
            active=", ".join(row["active"]) or _("none"),
            answers=_counts(row["prompt_responses"]),
        )
        for row in section["weeks"]
    ]


_SECTIONS = {
    "coverage": _coverage,
    "caseload": _caseload,
    "boundaries": _boundaries,
    "supervision-items": _items,
    "wellbeing": _wellbeing,
    "strain": _strain,
}


def render_markdown(summary: Mapping[str, Any]) -> str:
    """The summary as Markdown: the period, what was left out, the quiet days, then each
    section by ISO week."""
    period = summary["period"]
    empty = summary["days_without_entries"]
    lines = [
        "# " + _("Supervision summary"),
        "",
        _("Period: {first} to {last}.").format(first=period["from"], last=period["to"]),
        "",
    ]
    if summary["left_out"]:
        left_out = ", ".join(_(SECTION_LABELS[name]) for name in summary["left_out"])
        lines += [_("Left out of this summary: {sections}.").format(sections=left_out), ""]
    quiet = ", ".join(f"{row['week']} ({row['days']})" for row in empty["weeks"])
    lines += [
        ngettext(
            "{count} day has no entries ({weeks}); silence is not the same as calm.",
            "{count} days have no entries ({weeks}); silence is not the same as calm.",
            empty["count"],
        ).format(count=empty["count"], weeks=quiet or _("none")),
        "",
    ]
    for name in summary["sections"]:
        lines += ["## " + _(SECTION_LABELS[name]), "", *_SECTIONS[name](summary[name]), ""]
    if "went_well" in summary:
        lines += ["## " + _("What went well"), "", markdown_text(summary["went_well"]), ""]
    return "\n".join(lines)
