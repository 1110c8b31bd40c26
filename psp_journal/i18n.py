"""One `_()` for every user-facing string, so a second language is a catalogue, not a rewrite.

English is the source language: a message is looked up as written, and shown as written
when no catalogue for the person's language is installed under `psp_journal/locale/`
(stdlib gettext reads `LANGUAGE`, `LC_ALL`, `LC_MESSAGES` and `LANG` as usual). Whole
sentences are translated, never pieces joined together, and plurals go through
`ngettext` because other languages count differently. Messages are translated where they
are shown, never at import, so a language chosen later is followed; a constant made at
import is marked with `N_()` and passed through `_()` where it is used.
`python -m psp_journal.i18n_catalogue` writes `locale/psp-journal.pot` from these calls.
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


def N_(message: str) -> str:
    """Marks `message` for the catalogue without translating it: for a constant made at
    import, which is passed through `_()` where it is shown (translating it at import would
    freeze the language of that moment)."""
    return message
