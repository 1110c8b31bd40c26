"""An entry in a few words for a list, and a search's matches marked in them.

Everything here is plain text made into `rich.text.Text` and styled by position: the
person's words are never read as markup, whatever brackets they hold.
"""

from __future__ import annotations

import re
import unicodedata

from rich.style import Style
from rich.text import Text

from psp_journal.i18n import N_, _
from psp_journal.models import Checkin, Record
from psp_journal.terminal_text import one_line
from psp_journal.tui.plain import plain_text

KIND_WORDS = {
    "checkin": N_("check-in"),
    "interaction": N_("interaction"),
    "boundary": N_("boundary"),
    "reflection": N_("reflection"),
    "support": N_("support"),
}
MATCH_STYLE = Style(bold=True, reverse=True)
FIRST_WORDS_CHARS = 60
# How far into a search's snippet the first match may start before the words ahead of it
# are cut, so it stays in sight in an 80-column terminal.
MATCH_LEAD_CHARS = 20
# A 100,000-character note is never read whole to show its first words.
_SCAN_CHARS = 8 * FIRST_WORDS_CHARS
_WORD = re.compile(r"\w+")


def kind_word(record_type: str) -> str:
    return _(KIND_WORDS[record_type]) if record_type in KIND_WORDS else record_type


def when_text(record: Record) -> str:
    """A check-in's day, or any other entry's day and time, as stored."""
    if isinstance(record, Checkin):
        return record.date.isoformat()
    return record.at.strftime("%Y-%m-%d %H:%M")


def entry_words(record: Record) -> str:
    """What an entry says (its note or text), or, with none, what it was."""
    text = getattr(record, "text", "") or getattr(record, "note", "")
    if text:
        return str(text)
    if isinstance(record, Checkin):
        return _("mood {mood}, energy {energy}, stress {stress}").format(
            mood=record.mood, energy=record.energy, stress=record.stress
        )
    minutes = getattr(record, "minutes", None)
    if minutes is not None:
        return _("{minutes} minutes").format(minutes=minutes)
    return str(getattr(record, "kind", ""))


def first_words(text: str) -> str:
    """The start of a text on one line, cut at a word, with … when there is more."""
    flat = " ".join(one_line(text[:_SCAN_CHARS]).split())
    if len(flat) <= FIRST_WORDS_CHARS and len(text) <= _SCAN_CHARS:
        return flat
    head = flat[: FIRST_WORDS_CHARS + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head[:FIRST_WORDS_CHARS]
    return f"{cut} …"


def _folded(word: str) -> str:
    """A word as the search index compares it: case and accents set aside."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_words(query: str) -> frozenset[str]:
    """The words a search looks for, as the index splits and folds them."""
    return frozenset(_folded(word) for word in _WORD.findall(query))


def highlighted(text: str, query: str) -> Text:
    """`text` on one line with every word the search matched styled as a match; when
    the first match lies far in, the words well before it give way to …, so it shows
    even in a narrow column."""
    wanted = search_words(query)
    flat = " ".join(one_line(text).split())
    first = next(
        (found.start() for found in _WORD.finditer(flat) if _folded(found.group()) in wanted),
        0,
    )
    if first > MATCH_LEAD_CHARS:
        cut = flat.rfind(" ", 0, first - MATCH_LEAD_CHARS // 2)
        if cut > 0:
            flat = "…" + flat[cut + 1 :]
    shown = plain_text(flat)
    for found in _WORD.finditer(flat):
        if _folded(found.group()) in wanted:
            shown.stylize(MATCH_STYLE, found.start(), found.end())
    return shown
