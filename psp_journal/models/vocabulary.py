"""The exchange format's words, and words for every point of a scale, so all faces agree."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from psp_journal.i18n import N_

Document = dict[str, Any]


# --- Vocabulary (PRODUCT.md "Data exchange format") ------------------------------------

MODES = ("in-person", "phone", "video", "text", "group", "outreach")
BOUNDARY_KINDS = (
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
INITIATED_BY = ("me", "client", "colleague", "other")
SUPPORT_KINDS = ("supervision", "team-debrief", "peer-consult", "own-support")
CLIENT_STATUSES = ("active", "closed")
CRITICAL_TAGS = ("crisis", "self-harm", "suicide", "overdose", "death", "violence", "abuse")
KNOWN_TAGS = (
    *CRITICAL_TAGS,
    "substance-use",
    "grief",
    "housing",
    "employment",
    "family",
    "health",
    "legal",
    "loneliness",
)

MODE_LABELS: Mapping[str, str] = {
    "in-person": N_("in person"),
    "phone": N_("phone"),
    "video": N_("video"),
    "text": N_("text messages"),
    "group": N_("group"),
    "outreach": N_("outreach"),
}
BOUNDARY_KIND_LABELS: Mapping[str, str] = {
    "after-hours": N_("after-hours contact"),
    "self-disclosure": N_("pressure to share my own story"),
    "gift": N_("a gift"),
    "dual-relationship": N_("a dual relationship"),
    "social-media": N_("social media"),
    "money": N_("money"),
    "physical-contact": N_("physical contact"),
    "role-drift": N_("role drift into clinical tasks"),
    "other": N_("something else"),
}
SUPPORT_KIND_LABELS: Mapping[str, str] = {
    "supervision": N_("supervision"),
    "team-debrief": N_("team debrief"),
    "peer-consult": N_("peer consult"),
    "own-support": N_("my own support"),
}

# --- Scales: every point has words, so a number never stands alone
# (marked for the catalogue; the faces translate them where they are shown) ----------------------

ScaleName = Literal["mood", "energy", "stress", "intensity", "felt"]
_WELLBEING_LABELS: Mapping[int, str] = {
    1: N_("very low"),
    2: N_("low"),
    3: N_("okay"),
    4: N_("good"),
    5: N_("very good"),
}
_LOAD_LABELS: Mapping[int, str] = {
    1: N_("light"),
    2: N_("some"),
    3: N_("moderate"),
    4: N_("heavy"),
    5: N_("very heavy"),
}
SCALE_LABELS: Mapping[ScaleName, Mapping[int, str]] = {
    "mood": _WELLBEING_LABELS,
    "energy": _WELLBEING_LABELS,
    "stress": _LOAD_LABELS,
    "intensity": _LOAD_LABELS,
    "felt": {
        1: N_("at ease"),
        2: N_("mostly at ease"),
        3: N_("a little uneasy"),
        4: N_("uneasy"),
        5: N_("very uneasy"),
    },
}


def scale_label(scale: ScaleName, value: int) -> str:
    """The words for one point of a scale, e.g. ("mood", 2) -> "low"."""
    return SCALE_LABELS[scale][value]
