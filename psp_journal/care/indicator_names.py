"""Each strain indicator in a few plain words, for lists with no room for its sentence.

The assessment's own sentences (`IndicatorResult.detail`) say what was noticed with its
numbers; a week-by-week list needs only which ones were active. Marked with `N_` and
translated where shown, like the rest of the app's words.
"""

from __future__ import annotations

from psp_journal.i18n import N_, _

INDICATOR_NAMES = {
    "low-mood": N_("low mood"),
    "high-stress": N_("high stress"),
    "short-sleep": N_("short sleep"),
    "long-hours": N_("long hours"),
    "no-day-off": N_("no day off"),
    "skipped-breaks": N_("skipped breaks"),
    "critical-exposure": N_("critical topics"),
    "intensity-load": N_("intense contacts"),
    "close-to-home": N_("close to home"),
    "disclosure-load": N_("sharing your own story"),
    "after-hours": N_("after hours"),
    "boundary-pressure": N_("boundaries tested"),
    "no-self-care": N_("no self-care"),
    "quiet": N_("no check-ins"),
    "isolation": N_("little support"),
    "supervision-gap": N_("time since supervision"),
}


def indicator_name(indicator_id: str) -> str:
    """The indicator's few words in the person's language."""
    return _(INDICATOR_NAMES[indicator_id])
