"""Signed supervisor summaries as a PSP's `export --format json` would write them, for the
tests of `review` (plain text and the full-screen view)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from psp_journal.care.strain import StrainRecords
from psp_journal.export import SummaryInputs, SummaryOptions, build_summary
from psp_journal.export.signing import fingerprint, public_key_bytes, sign_summary
from psp_journal.models import Interaction, Settings

PERIOD = (date(2026, 11, 9), date(2026, 11, 22))  # 2026-W46 and 2026-W47


def summary(
    author: str, contacts: int = 2, went_well: str = "", note: str | None = None
) -> dict[str, Any]:
    """Two weeks from `author`: `contacts` phone calls on one day (the first marked to
    discuss, its text `note` included when given)."""
    interactions = tuple(
        Interaction(
            f"c-{n}",
            datetime(2026, 11, 10, 10 + n),
            30,
            "phone",
            4 + n % 2,
            note=note or "",
            discuss=n == 0,
            id=f"i{n}",
        )
        for n in range(contacts)
    )
    inputs = SummaryInputs(
        records=StrainRecords(interactions=interactions),
        settings=Settings(),
        items=tuple(i.to_document() for i in interactions if i.discuss),
    )
    sections = ("caseload", "strain", "supervision-items")
    options = SummaryOptions(
        include_notes=frozenset({"i0"}) if note else frozenset(), went_well=went_well
    )
    payload = build_summary(inputs, PERIOD, sections, options)
    return {**payload, "author": author}


def write_signed(path: Path, author: str, key: Ed25519PrivateKey, **options: Any) -> dict[str, Any]:
    document = sign_summary(summary(author, **options), key)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return document


def fp(key: Ed25519PrivateKey) -> str:
    return fingerprint(public_key_bytes(key))
