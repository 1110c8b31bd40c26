"""The recovery key's written form: 11 groups of 5 base32 characters, with a CRC-16 inside."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psp_journal.vault.errors import BadRecoveryKey
from psp_journal.vault.recovery_key import (
    format_recovery_key,
    new_recovery_secret,
    parse_recovery_key,
)

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
KEY_SHAPE = re.compile(r"[A-Z2-7]{5}(?:-[A-Z2-7]{5}){10}")

secrets = st.binary(min_size=32, max_size=32)


def compact(key: str) -> str:
    return key.replace("-", "")


def with_char(key: str, position: int, char: str) -> str:
    """The key in compact form with the character at `position` replaced."""
    text = compact(key)
    return text[:position] + char + text[position + 1 :]


@settings(max_examples=50, deadline=None)
@given(secrets)
def test_format_is_eleven_groups_of_five_upper_case_base32(secret: bytes) -> None:
    key = format_recovery_key(secret)
    assert KEY_SHAPE.fullmatch(key), key
    groups = key.split("-")
    assert len(groups) == 11
    assert all(len(group) == 5 for group in groups)
    assert key == key.upper()


@settings(max_examples=50, deadline=None)
@given(secrets)
def test_round_trip(secret: bytes) -> None:
    assert parse_recovery_key(format_recovery_key(secret)) == secret


@settings(max_examples=50, deadline=None)
@given(secrets, st.sampled_from(["-", " ", "", "  ", " - ", "\t"]), st.booleans())
def test_case_spaces_and_dashes_are_ignored(secret: bytes, separator: str, lower: bool) -> None:
    key = format_recovery_key(secret)
    typed = separator.join(key.split("-"))
    if lower:
        typed = typed.lower()
    assert parse_recovery_key(f"  {typed}\n") == secret


def test_new_secrets_are_32_random_bytes() -> None:
    first, second = new_recovery_secret(), new_recovery_secret()
    assert len(first) == len(second) == 32
    assert first != second


@pytest.mark.parametrize("seed", [bytes(32), bytes([0xFF]) * 32, bytes(range(32))])
def test_every_single_substitution_is_caught(seed: bytes) -> None:
    """Exhaustively: each of the 55 positions, each of the 31 other characters."""
    key = format_recovery_key(seed)
    uncaught = []
    for position in range(55):
        for char in ALPHABET:
            if char == compact(key)[position]:
                continue
            try:
                parse_recovery_key(with_char(key, position, char))
            except BadRecoveryKey:
                continue
            uncaught.append((position, char))
    assert uncaught == []


@settings(max_examples=50, deadline=None)
@given(secrets, st.integers(0, 54), st.sampled_from(ALPHABET))
def test_a_single_typo_is_caught(secret: bytes, position: int, char: str) -> None:
    key = format_recovery_key(secret)
    if compact(key)[position] == char:
        assert parse_recovery_key(with_char(key, position, char)) == secret
        return
    with pytest.raises(BadRecoveryKey):
        parse_recovery_key(with_char(key, position, char))


@settings(max_examples=50, deadline=None)
@given(secrets, st.integers(0, 53))
def test_swapping_two_neighbouring_characters_is_caught(secret: bytes, position: int) -> None:
    text = compact(format_recovery_key(secret))
    swapped = text[:position] + text[position + 1] + text[position] + text[position + 2 :]
    if swapped == text:
        assert parse_recovery_key(swapped) == secret
        return
    with pytest.raises(BadRecoveryKey):
        parse_recovery_key(swapped)


@pytest.mark.parametrize("cut", [1, 5, 54])
def test_wrong_length_is_refused(cut: int) -> None:
    text = compact(format_recovery_key(new_recovery_secret()))
    with pytest.raises(BadRecoveryKey, match="55"):
        parse_recovery_key(text[:-cut])
    with pytest.raises(BadRecoveryKey, match="55"):
        parse_recovery_key(text + "A" * cut)


@pytest.mark.parametrize("char", ["0", "1", "8", "9", "=", "!", "_"])
def test_characters_outside_base32_are_refused(char: str) -> None:
    key = format_recovery_key(new_recovery_secret())
    with pytest.raises(BadRecoveryKey):
        parse_recovery_key(with_char(key, 7, char))


@pytest.mark.parametrize(
    "char",
    [
        "\u00c9",  # É: a European keyboard
        "\u0410",  # Cyrillic А, looks exactly like A
        "\u00df",  # ß
        "\uff21",  # fullwidth A, from a pasted document
    ],
)
def test_a_non_ascii_character_is_a_typo_not_a_crash(char: str) -> None:
    key = format_recovery_key(new_recovery_secret())
    with pytest.raises(BadRecoveryKey):
        parse_recovery_key(with_char(key, 7, char))


def test_the_empty_key_is_refused() -> None:
    with pytest.raises(BadRecoveryKey):
        parse_recovery_key("")
    with pytest.raises(BadRecoveryKey):
        parse_recovery_key(" - - ")
