"""One `_()` for every user-facing string, so a second language is a catalogue, not a rewrite.

English is the source language: a message is looked up as written, and shown as written
when no catalogue for the person's language is installed under `psp_journal/locale/`
(stdlib gettext reads `LANGUAGE`, `LC_ALL`, `LC_MESSAGES` and `LANG` as usual). Whole
sentences are translated, never pieces joined together, and plurals go through
`ngettext` because other languages count differently.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "psp-journal"
LOCALE_DIR = Path(__file__).parent / "locale"

_translation = gettext.translation(DOMAIN, LOCALE_DIR, fallback=True)


def _(message: str) -> str:
    """The message in the person's language (English when there is no catalogue)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the person's language."""
    return _translation.ngettext(singular, plural, count)
