"""The sentences every rendering of a summary shares (the period, what was left out, the
quiet days, the kind of each item, a set of counts), so Markdown and HTML say one thing in
the same words, and a translator meets each sentence once.

They return plain text; each renderer escapes it for its own format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from psp_journal.export.summary import SECTION_LABELS
from psp_journal.i18n import N_, _, ngettext
from psp_journal.models import BOUNDARY_KIND_LABELS

TITLE = N_("Supervision summary")
WENT_WELL = N_("What went well")
_ITEM_KINDS: Mapping[str, str] = {
    "interaction": N_("an interaction"),
    "reflection": N_("a reflection"),
    "prompt": N_("a step-back prompt brought to supervision"),
}


def counts_text(counts: Mapping[str, int], labels: Mapping[str, str] | None = None) -> str:
    """`counts` as "label n, label n", or "none", so an empty week still reads plainly."""
    if not counts:
        return _("none")
    return ", ".join(f"{_(labels[k]) if labels else k} {n}" for k, n in counts.items())


def item_kind(item: Mapping[str, Any]) -> str:
    """What a supervision item is, in words (a boundary event names its kind)."""
    if item["kind"] == "boundary":
        return _("a boundary event: {kind}").format(
            kind=_(BOUNDARY_KIND_LABELS[item["boundary_kind"]])
        )
    return _(_ITEM_KINDS[item["kind"]])


def period_sentence(summary: Mapping[str, Any]) -> str:
    period = summary["period"]
    return _("Period: {first} to {last}.").format(first=period["from"], last=period["to"])


def left_out_sentence(summary: Mapping[str, Any]) -> str | None:
    """The sections the person chose not to share, named, so the supervisor does not read
    their absence as nothing to report; None when everything is in."""
    if not summary["left_out"]:
        return None
    left_out = ", ".join(_(SECTION_LABELS[name]) for name in summary["left_out"])
    return _("Left out of this summary: {sections}.").format(sections=left_out)


def quiet_days_sentence(summary: Mapping[str, Any]) -> str:
    """The days with nothing written, by week: silence is not the same as calm."""
    empty = summary["days_without_entries"]
    quiet = ", ".join(f"{row['week']} ({row['days']})" for row in empty["weeks"])
    return ngettext(
        "{count} day has no entries ({weeks}); silence is not the same as calm.",
        "{count} days have no entries ({weeks}); silence is not the same as calm.",
        empty["count"],
    ).format(count=empty["count"], weeks=quiet or _("none"))
