"""The summary as plain Markdown a supervisor can read in any editor or viewer.

Every piece of the person's own text goes through `markdown_text`, a fenced code block,
so a note can never become a link, an image, HTML or a heading in the reader's viewer:
what they wrote is shown as written, and nothing in it can reach out of the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from psp_journal.export.summary import SECTION_LABELS
from psp_journal.export.wording import (
    TITLE,
    WENT_WELL,
    counts_text,
    item_kind,
    left_out_sentence,
    period_sentence,
    quiet_days_sentence,
)
from psp_journal.i18n import _, ngettext
from psp_journal.models import BOUNDARY_KIND_LABELS, MODE_LABELS
from psp_journal.terminal_text import shown

_LONGEST_BACKTICKS = re.compile(r"`+")


def markdown_text(text: str, indent: str = "") -> list[str]:
    """`text` as a fenced code block: inside one, no Markdown viewer makes a link, an
    image, HTML, a heading or an autolinked web address, so what the person wrote is
    shown exactly as written. The fence is longer than any run of backticks in the text,
    so the text cannot close it; hidden controls are shown as visible escapes."""
    body = shown(text)
    longest = max((len(run) for run in _LONGEST_BACKTICKS.findall(body)), default=0)
    fence = "`" * max(3, longest + 1)
    return [indent + line for line in (fence + "text", *(body.splitlines() or [""]), fence)]


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
            "  - " + _("by mode: {counts}").format(counts=counts_text(row["by_mode"], MODE_LABELS)),
            "  - " + _("intensity (1 to 5): {counts}").format(counts=intensity),
            "  - " + _("critical tags: {counts}").format(counts=counts_text(row["critical_tags"])),
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
            kinds=counts_text(row["by_kind"], BOUNDARY_KIND_LABELS),
        )
        for row in section["weeks"]
    ]


def _items(section: Mapping[str, Any]) -> list[str]:
    if not section["items"]:
        return [_("Nothing was marked for supervision in this period.")]
    lines = []
    for item in section["items"]:
        lines.append(_("- {week}: {kind}").format(week=item["week"], kind=item_kind(item)))
        if "text" in item:
            lines += ["", *markdown_text(item["text"], indent="  ")]
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
            answers=counts_text(row["prompt_responses"]),
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
    lines = ["# " + _(TITLE), "", period_sentence(summary), ""]
    left_out = left_out_sentence(summary)
    if left_out:
        lines += [left_out, ""]
    lines += [quiet_days_sentence(summary), ""]
    for name in summary["sections"]:
        lines += ["## " + _(SECTION_LABELS[name]), "", *_SECTIONS[name](summary[name]), ""]
    if "went_well" in summary:
        lines += ["## " + _(WENT_WELL), "", *markdown_text(summary["went_well"]), ""]
    return "\n".join(lines)
