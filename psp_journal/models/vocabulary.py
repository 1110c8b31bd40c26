"""The exchange format's words, and words for every point of a scale, so all faces agree."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

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
    "in-person": "in person",
    "phone": "phone",
    "video": "video",
    "text": "text messages",
    "group": "group",
    "outreach": "outreach",
}
BOUNDARY_KIND_LABELS: Mapping[str, str] = {
    "after-hours": "after-hours contact",
    "self-disclosure": "pressure to share my own story",
    "gift": "a gift",
    "dual-relationship": "a dual relationship",
    "social-media": "social media",
    "money": "money",
    "physical-contact": "physical contact",
    "role-drift": "role drift into clinical tasks",
    "other": "something else",
}
SUPPORT_KIND_LABELS: Mapping[str, str] = {
    "supervision": "supervision",
    "team-debrief": "team debrief",
    "peer-consult": "peer consult",
    "own-support": "my own support",
}

# --- Scales: every point has words, so a number never stands alone ----------------------

ScaleName = Literal["mood", "energy", "stress", "intensity", "felt"]
_WELLBEING_LABELS: Mapping[int, str] = {
    1: "very low",
    2: "low",
    3: "okay",
    4: "good",
    5: "very good",
}
_LOAD_LABELS: Mapping[int, str] = {
    1: "light",
    2: "some",
    3: "moderate",
    4: "heavy",
    5: "very heavy",
}
SCALE_LABELS: Mapping[ScaleName, Mapping[int, str]] = {
    "mood": _WELLBEING_LABELS,
    "energy": _WELLBEING_LABELS,
    "stress": _LOAD_LABELS,
    "intensity": _LOAD_LABELS,
    "felt": {
        1: "at ease",
        2: "mostly at ease",
        3: "a little uneasy",
        4: "uneasy",
        5: "very uneasy",
    },
}


def scale_label(scale: ScaleName, value: int) -> str:
    """The words for one point of a scale, e.g. ("mood", 2) -> "low"."""
    return SCALE_LABELS[scale][value]
