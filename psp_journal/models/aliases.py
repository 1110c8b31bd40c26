"""Aliases: anonymity starts with the name a client is recorded under."""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections.abc import Iterable

from psp_journal.models.errors import ValidationError, _shown
from psp_journal.models.limits import ALIAS_MAX_CHARS
from psp_journal.models.parsing import _HIDDEN_CATEGORIES

_ALIAS_ALLOWED = f"an alias or code of 1 to {ALIAS_MAX_CHARS} characters on one line, like M-17"


def _alias_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return f"must be {_ALIAS_ALLOWED}; got {_shown(value)}"
    if not value.strip():
        return "can't be empty; choose a short alias or code, like M-17"
    if len(value) > ALIAS_MAX_CHARS:
        return f"an alias can be 1 to {ALIAS_MAX_CHARS} characters; this one has {len(value):,}"
    if value != value.strip():
        return "can't start or end with spaces"
    if any(unicodedata.category(char) in _HIDDEN_CATEGORIES for char in value):
        return "must be one line, without control or invisible characters"
    return None


def parse_alias(text: str, field: str = "ALIAS") -> str:
    """The alias a client is recorded under: trimmed, composed Unicode, 1–40 characters."""
    cleaned = text.strip()
    if len(cleaned) <= 4 * ALIAS_MAX_CHARS:  # normalise only what could still fit
        cleaned = unicodedata.normalize("NFC", cleaned)
    problem = _alias_problem(cleaned)
    if problem is not None:
        raise ValidationError(field, problem)
    return cleaned


def alias_key(alias: str) -> str:
    """What makes two aliases 'the same' for uniqueness: 'M-17' and 'm-17' are one client."""
    return unicodedata.normalize("NFKC", alias).casefold()


def ensure_alias_unused(field: str, alias: str, used_aliases: Iterable[str]) -> None:
    """Aliases are unique for the life of the vault, so a closed client's alias stays taken."""
    key = alias_key(alias)
    if any(alias_key(used) == key for used in used_aliases):
        raise ValidationError(
            field,
            f"{_shown(alias)} is already used in this journal (aliases stay with a client, "
            "even after they are closed); please choose another",
        )


def _capitalised_words(text: str) -> int:
    """Capital letters that begin a run of lower-case letters: 'Maria Lopez' and
    'MariaLopez' both have two."""
    count = 0
    for index in range(len(text) - 1):
        char, after = text[index], text[index + 1]
        before = text[index - 1] if index else " "
        starts_word = not before.isalpha() or before.islower()
        if char.isupper() and after.islower() and starts_word:
            count += 1
    return count


def alias_looks_like_name(alias: str) -> bool:
    """Two or more capitalised words ('Maria Lopez', 'Mr Smith') are likely a real name.

    Only a hint for a warning: the alias is never refused for it.
    """
    return _capitalised_words(alias) >= 2


def suggest_alias_code(alias: str, taken: Iterable[str] = ()) -> str:
    """A code like 'K-42' to use instead of a name-like alias.

    Deterministic (the same alias gets the same suggestion), free of the alias's letters:
    no initial of any of its words is used, and codes already `taken` are skipped.
    """
    used = {alias_key(code) for code in taken}
    initials = {word[0].upper() for word in re.findall(r"\w+", alias)}
    letters = [letter for letter in string.ascii_uppercase if letter not in initials]
    letters = letters or list(string.ascii_uppercase)  # only text with every initial in it
    digest = hashlib.sha256(alias_key(alias).encode("utf-8", "surrogatepass")).digest()
    seed = int.from_bytes(digest[:8], "big")
    for digits in range(2, 8):
        numbers = range(10 ** (digits - 1), 10**digits)
        size = len(letters) * len(numbers)
        for step in range(size):
            index = (seed + step) % size
            code = f"{letters[index // len(numbers)]}-{numbers[index % len(numbers)]}"
            if alias_key(code) not in used:
                return code
    raise ValueError("no free alias code left")  # more than 26 million codes in use


def alias_name_warning(alias: str, taken: Iterable[str] = ()) -> str | None:
    """A gentle word when an alias may be a real name, with a code to use instead."""
    if not alias_looks_like_name(alias):
        return None
    return (
        f"{_shown(alias)} looks like it could be a real name. An alias or code keeps your "
        f"client anonymous if this journal is ever seen by someone else — for example "
        f"{suggest_alias_code(alias, taken)}. If it is not a name, you can keep it."
    )
