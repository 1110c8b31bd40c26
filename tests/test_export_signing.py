"""Signed summaries: canonical bytes, sign and verify, fingerprints, known keys, and
where the signing key lives (in the vault, never in a dump, carried by a backup)."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from psp_journal.export.known_keys import KnownKeys, KnownKeysError
from psp_journal.export.signing import (
    BadSignature,
    NotASummary,
    canonical_bytes,
    fingerprint,
    sign_summary,
    verify_summary,
)
from psp_journal.journal import SIGNING_KEY_ID, Journal
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE, fixed_clock

PAYLOAD: dict[str, Any] = {
    "schema": 1,
    "author": "Åse Nordmann",
    "period": {"from": "2026-11-02", "to": "2026-11-15"},
    "weeks": [{"week": "2026-W45", "mood": 2.5, "hours": 38.0, "contacts": 12}],
}


def raw_key(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.private_bytes_raw()


def round_trip(document: dict[str, Any]) -> Any:
    return json.loads(json.dumps(document, ensure_ascii=False, indent=2))


# --- canonical bytes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (1.0, "1"),
        (0.1, "0.1"),
        (2.675, "2.68"),  # half to even from the decimal, not binary rounding (2.67)
        (2.665, "2.66"),
        (-0.0, "0"),
        (0.004, "0"),
        (1e20, "100000000000000000000"),
        (2**70, str(2**70)),
        (123456.789, "123456.79"),
        (True, "true"),
        ("håp ✓ \u00e9", '"håp ✓ é"'),
    ],
)
def test_numbers_and_text_have_one_written_form(value: object, written: str) -> None:
    assert canonical_bytes({"v": value}) == ('{"v":' + written + "}").encode("utf-8")


def test_parse_then_canonical_gives_the_same_bytes() -> None:
    tricky = {
        "z": [1.0, 0.1, 2.675, 10**30, -7, 1e300, 0.015],
        "a": {"nested": {"ü": "smörgåsbord 🙂", "list": [[], {}, None, False]}},
        "m": 12.5,
    }
    first = canonical_bytes(tricky)
    assert canonical_bytes(json.loads(first)) == first
    assert first.startswith(b'{"a":{"nested":{"list":[[],{},null,false],"\xc3\xbc"')


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_numbers_are_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="not finite"):
        canonical_bytes({"v": [bad]})


def test_non_text_keys_and_strange_types_are_refused() -> None:
    with pytest.raises(ValueError, match="field names"):
        canonical_bytes({"v": {1: "one"}})
    with pytest.raises(ValueError, match="only text"):
        canonical_bytes({"v": {1, 2}})
    with pytest.raises(ValueError, match="Unicode"):
        canonical_bytes({"v": "\ud800"})


# --- sign and verify -----------------------------------------------------------------------


def test_a_signed_summary_verifies_after_writing_and_reading() -> None:
    key = Ed25519PrivateKey.generate()
    document = round_trip(sign_summary(PAYLOAD, key))
    assert set(document) == {"payload", "signature", "key"}
    verified = verify_summary(document)
    assert verified.author == "Åse Nordmann"
    assert verified.payload["weeks"][0]["hours"] == 38
    assert verified.key == base64.b64encode(key.public_key().public_bytes_raw()).decode()
    assert verified.fingerprint == fingerprint(key.public_key().public_bytes_raw())


def test_one_changed_value_fails_the_signature() -> None:
    document = round_trip(sign_summary(PAYLOAD, Ed25519PrivateKey.generate()))
    document["payload"]["weeks"][0]["contacts"] = 13
    with pytest.raises(BadSignature, match="changed after it was signed"):
        verify_summary(round_trip(document))


def test_one_changed_byte_in_the_written_file_fails_the_signature() -> None:
    text = json.dumps(sign_summary(PAYLOAD, Ed25519PrivateKey.generate()), ensure_ascii=False)
    changed = text.replace("2026-W45", "2026-W46")
    assert changed != text
    with pytest.raises(BadSignature):
        verify_summary(json.loads(changed))


def test_another_key_named_in_the_document_fails_the_signature() -> None:
    document = sign_summary(PAYLOAD, Ed25519PrivateKey.generate())
    document["key"] = sign_summary(PAYLOAD, Ed25519PrivateKey.generate())["key"]
    with pytest.raises(BadSignature):
        verify_summary(document)


def signed() -> dict[str, Any]:
    return round_trip(sign_summary(PAYLOAD, Ed25519PrivateKey.generate()))


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda d: d.pop("key"), "has no key"),
        (lambda d: d.pop("signature"), "has no signature"),
        (lambda d: d.update(extra=1), "fields a signed summary does not have"),
        (lambda d: d.update(payload=[1]), "payload is not a table"),
        (lambda d: d["payload"].pop("schema"), "which version"),
        (lambda d: d["payload"].update(schema=2), "does not know"),
        (lambda d: d["payload"].update(schema=True), "does not know"),
        (lambda d: d["payload"].update(schema="1"), "does not know"),
        (lambda d: d["payload"].pop("author"), "does not name its author"),
        (lambda d: d.update(key=5), "key is not text"),
        (lambda d: d.update(key="not base64!"), "key is not valid base64"),
        (lambda d: d.update(signature="AAAA"), "signature is not the right length"),
        (lambda d: d["payload"].update(mood=2.675), "more than two decimal places"),
        (lambda d: d["payload"].update(mood=float("nan")), "not finite"),
    ],
)
def test_wrong_shapes_are_not_a_summary(spoil: Any, message: str) -> None:
    document = signed()
    spoil(document)
    with pytest.raises(NotASummary, match=message):
        verify_summary(document)


@pytest.mark.parametrize("document", [None, [], "text", 3])
def test_what_is_not_a_table_is_not_a_summary(document: object) -> None:
    with pytest.raises(NotASummary, match="does not hold a signed summary"):
        verify_summary(document)


def test_messages_do_not_echo_long_content() -> None:
    document = signed()
    document["key"] = "x" * 5000
    with pytest.raises(NotASummary) as caught:
        verify_summary(document)
    assert len(str(caught.value)) < 100


# --- fingerprints --------------------------------------------------------------------------


def test_the_fingerprint_is_stable_grouped_and_readable() -> None:
    key = bytes(range(32))
    print_ = fingerprint(key)
    assert print_ == fingerprint(key)
    groups = print_.split("-")
    assert [len(group) for group in groups] == [4, 4, 4, 4]
    assert set("".join(groups)) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert fingerprint(bytes(32)) != print_
    # Pinned (checked against base64.b32encode with the alphabet swapped), so a change
    # of encoding cannot pass unnoticed: reviewers compare these aloud.
    assert fingerprint(bytes(32)) == "CSM7-NBFR-CAYQ-EV4F"


# --- known keys ----------------------------------------------------------------------------


def test_a_new_key_is_remembered_and_a_changed_one_is_noticed(tmp_path: Path) -> None:
    known = KnownKeys(tmp_path / "config" / "known-keys.json")
    first = verify_summary(signed())
    assert known.check(first.author, first.key) == "new"
    known.remember(first.author, first.key)
    assert known.check(first.author, first.key) == "known"
    assert stat.S_IMODE(known.path.stat().st_mode) == 0o600

    resigned = verify_summary(signed())  # another key, same author: it still verifies
    assert known.check(resigned.author, resigned.key) == "changed"
    known.remember(resigned.author, resigned.key)  # never replaces a known key
    assert known.check(resigned.author, resigned.key) == "changed"
    known.trust(resigned.author, resigned.key)
    assert known.check(resigned.author, resigned.key) == "known"
    assert known.check(first.author, first.key) == "changed"
    assert known.check("someone else", first.key) == "new"


def test_an_unreadable_known_keys_file_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "known-keys.json"
    path.write_text("{not json")
    with pytest.raises(KnownKeysError, match="cannot be read"):
        KnownKeys(path).remember("a", "b")
    assert path.read_text() == "{not json"
    path.write_text('{"keys": {"a": 1}}')
    with pytest.raises(KnownKeysError, match="expected form"):
        KnownKeys(path).check("a", "b")


# --- the signing key in the vault ----------------------------------------------------------


def test_the_signing_key_is_made_once_and_kept_across_unlock(
    open_vault: Vault, vault_path: Path
) -> None:
    journal = Journal(open_vault, fixed_clock)
    key = journal.signing_key()
    assert raw_key(journal.signing_key()) == raw_key(key)
    assert len(open_vault.revisions(SIGNING_KEY_ID)) == 0
    open_vault.close()
    again = Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock)
    try:
        assert raw_key(Journal(again, fixed_clock).signing_key()) == raw_key(key)
    finally:
        again.close()


def test_a_dump_does_not_carry_the_key_but_a_backup_does(open_vault: Vault, home: Path) -> None:
    journal = Journal(open_vault, fixed_clock)
    journal.add_client("M-17")
    key = journal.signing_key()
    encoded = base64.b64encode(raw_key(key)).decode()
    dumped = [json.dumps(document) for document in journal.dump_documents()]
    assert dumped and not any(encoded in line or "_key" in line for line in dumped)

    moved_path = home / "moved.vault"
    moved, _ = Vault.create(moved_path, PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)
    try:
        moved_journal = Journal(moved, fixed_clock)
        moved_journal.import_documents(dumped)
        assert raw_key(moved_journal.signing_key()) != raw_key(key)
    finally:
        moved.close()

    backup_path = home / "backup.vault"
    open_vault.backup_to(backup_path)
    copy = Vault.unlock(backup_path, PASSPHRASE, clock=fixed_clock)
    try:
        assert raw_key(Journal(copy, fixed_clock).signing_key()) == raw_key(key)
    finally:
        copy.close()


def test_the_key_is_never_listed_or_found(open_vault: Vault) -> None:
    from psp_journal.models import EntryQuery

    journal = Journal(open_vault, fixed_clock)
    journal.add_client("M-17")
    encoded = base64.b64encode(raw_key(journal.signing_key())).decode()
    assert journal.list_entries(EntryQuery()) == []
    assert journal.search_entries(encoded[:8], EntryQuery()) == []
    assert journal.search_entries("private", EntryQuery()) == []
