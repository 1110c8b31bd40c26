"""Sending a summary with consent: the checks, the exact bytes, the write and the ledger.

One path for the command line's `export` and the app's Export screen, so both refuse the
same things in the same words and both record only what really left: the file is
written whole, 0600, never over an existing one, and only then is the ledger entry made
with the SHA-256 of exactly those bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psp_journal.i18n import N_, _
from psp_journal.models import ValidationError, set_setting
from psp_journal.terminal_text import one_line

if TYPE_CHECKING:
    from psp_journal.config import Paths
    from psp_journal.journal import Journal

RECIPIENT_CHARS = 80
WENT_WELL_CHARS = 2000

SECTION_CONTENTS: Mapping[str, str] = {
    "coverage": N_("days checked in, hours worked and after-hours contacts, by week"),
    "caseload": N_(
        "interactions, minutes, modes, intensity, critical tags, close-to-home and "
        "self-disclosure counts, by week; never an alias or a note"
    ),
    "boundaries": N_("boundary events by kind, by week; never who or what was written"),
    "supervision-items": N_(
        "the kind and week of each item marked for supervision; its text only with --include-note"
    ),
    "wellbeing": N_("your own average mood, energy, stress and sleep, and self-care days"),
    "strain": N_("your own strain level, its active signs and your step-back answers"),
}


@dataclass(frozen=True)
class SummaryRequest:
    """What the person chose to send: the period, the sections, which items' own text may
    go, what went well and the format."""

    first: date
    last: date
    sections: tuple[str, ...]
    format: str
    notes: frozenset[str] = field(default_factory=frozenset)
    went_well: str = ""


@dataclass(frozen=True)
class Prepared:
    """A summary ready to leave: its plain data (for the flags) and its exact bytes."""

    request: SummaryRequest
    summary: Mapping[str, Any]
    data: bytes


def check_recipient(text: str | None, field_name: str = "--recipient") -> str:
    """The recipient as the ledger will name them: one line, 1 to 80 characters."""
    cleaned = (text or "").strip()
    if not cleaned or len(cleaned) > RECIPIENT_CHARS or one_line(cleaned) != cleaned:
        raise ValidationError(
            field_name,
            _("give a name of 1 to {limit} characters on one line").format(limit=RECIPIENT_CHARS),
        )
    return cleaned


def check_went_well(text: str, field_name: str = "--went-well") -> str:
    if len(text) > WENT_WELL_CHARS:
        raise ValidationError(
            field_name, _("keep it to {count} characters").format(count=WENT_WELL_CHARS)
        )
    return text


def check_target(path: Path, paths: Paths, field_name: str = "--out") -> Path:
    """A new file outside the journal's folders: a summary never replaces a file, and a
    plain-text summary never lands beside the vault."""
    from psp_journal.portability import inside_home

    target = path.expanduser().absolute()
    if inside_home(target, paths):
        raise ValidationError(
            field_name,
            _(
                "a summary may not be written inside the journal's own folder; "
                "choose a place outside it"
            ),
        )
    if target.exists() or target.is_symlink():
        raise ValidationError(field_name, _already_there(target))
    return target


def _already_there(target: Path) -> str:
    return _("{path} already exists; choose a new file name").format(path=one_line(str(target)))


def check_notes(notes: Iterable[str], sections: Sequence[str], field_name: str) -> frozenset[str]:
    chosen = frozenset(notes)
    if chosen and "supervision-items" not in sections:
        raise ValidationError(
            field_name, _("a note goes out with the supervision-items section; add it")
        )
    return chosen


def author_of(journal: Journal, typed: str | None = None) -> str:
    """The name a summary is from: the `author` setting, or `typed` (checked as that
    setting is) where the person is giving it now; refused while there is none, since a
    signed summary needs one."""
    settings = journal.settings()
    author = settings.author if typed is None else set_setting(settings, "author", typed).author
    if not author:
        raise ValidationError(
            "author",
            _(
                "a summary carries the name it is from. Set a first name or staff "
                "code once with `psp-journal settings set author NAME`; nothing was written"
            ),
        )
    return author


def prepare(
    journal: Journal, request: SummaryRequest, notes_field: str, author: str | None = None
) -> Prepared:
    """The summary and its exact bytes, signed with the journal's key where the format
    is signed. An included note must be an item marked for supervision in the period.
    `author` is a name being given now, before it is saved as the setting."""
    from psp_journal.export import SummaryOptions, build_summary
    from psp_journal.export.render import renderer

    signer = author_of(journal, author)
    known = {str(item["id"]) for item in journal.supervision_items(request.first, request.last)}
    unknown = sorted(request.notes - known)
    if unknown:
        raise ValidationError(
            notes_field,
            _("{id} is not an item marked for supervision in this period").format(
                id=one_line(unknown[0])
            ),
        )
    options = SummaryOptions(include_notes=request.notes, went_well=request.went_well)
    inputs = journal.summary_inputs(request.first, request.last)
    summary = build_summary(inputs, (request.first, request.last), request.sections, options)
    data = renderer(request.format)(summary, signer, journal.signing_key())
    return Prepared(request, summary, data)


def send(journal: Journal, prepared: Prepared, target: Path, recipient: str, out_field: str) -> str:
    """Write the summary to `target` (new, whole, 0600, fsync'd), then record it in the
    ledger; the SHA-256 of the bytes written is returned. A failed write leaves neither a
    file nor a ledger entry."""
    from psp_journal.vault.disk import write_new_file_durably

    try:
        write_new_file_durably(target, prepared.data)
    except FileExistsError as error:
        raise ValidationError(out_field, _already_there(target)) from error
    digest = hashlib.sha256(prepared.data).hexdigest()
    request = prepared.request
    journal.record_ledger_entry(
        kind="export",
        recipient=recipient,
        file=str(target),
        sha256=digest,
        records=None,
        export={
            "period": {"from": request.first.isoformat(), "to": request.last.isoformat()},
            "sections": list(request.sections),
            "format": request.format,
        },
    )
    return digest


def key_fingerprint(journal: Journal) -> str:
    """The fingerprint of the key that signs this journal's summaries, as `review` shows
    it to a supervisor: read aloud, the two can be compared."""
    from psp_journal.export.signing import fingerprint, public_key_bytes

    return fingerprint(public_key_bytes(journal.signing_key()))


def ledger_rows(ledger: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The ledger as `exports --json` prints it: newest first, without the storage type."""
    rows = [{key: value for key, value in entry.items() if key != "type"} for entry in ledger]
    return sorted(rows, key=lambda row: (row["at"], row["id"]), reverse=True)
