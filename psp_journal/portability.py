"""The journal in and out as JSON Lines: the full dump, its ledger entry, and the import.

A dump is the one deliberate way plaintext leaves the vault, so it is written whole or not
at all (beside, fsync'd, renamed), 0600, and recorded in the ledger only after it is
safely on disk, with the SHA-256 of exactly what left.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from psp_journal.config import Paths
from psp_journal.i18n import _
from psp_journal.journal import (
    LEDGER_TYPE,
    Journal,
    ReadableVault,
    check_fixed_document,
    check_ledger_entry,
    dump_documents,
)
from psp_journal.models import (
    DISCUSSED_TYPE,
    PROMPT_TYPE,
    DiscussedMark,
    PromptEvent,
    ValidationError,
    record_from_document,
    to_minute,
)
from psp_journal.vault import VaultError
from psp_journal.vault.disk import write_file_durably
from psp_journal.vault.rescue import RescuedVault, rescue_vault
from psp_journal.vault_advice import RESTORE_ADVICE

MAX_IMPORT_BYTES = 512 * 1024 * 1024
# The longest record is a reflection of a million characters; written with every one of
# them escaped it is six million. A longer line is refused before it is parsed.
MAX_IMPORT_LINE_CHARS = 8_000_000


def dump_line(document: dict[str, object]) -> str:
    return json.dumps(document, ensure_ascii=False)


def _write_lines(source: ReadableVault, target: Path) -> tuple[int, str]:
    lines = [dump_line(document) for document in dump_documents(source)]
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    write_file_durably(target, data)
    return len(lines), hashlib.sha256(data).hexdigest()


def write_rescue_dump(rescued: RescuedVault, target: Path) -> int:
    """Everything still intact in a damaged vault. Not recorded in the ledger: a damaged
    vault is never written to."""
    count, _ = _write_lines(rescued, target)
    return count


def inside_home(target: Path, paths: Paths) -> bool:
    """Whether a plain-text file would land in the journal's own folders. Compared with
    symlinks and `..` resolved on both sides: a link into the journal's folder, or a path
    that climbs back into it, is inside it."""
    resolved = target.resolve()
    homes = {paths.data_dir.resolve(), paths.config_dir.resolve()}
    return any(resolved == home or home in resolved.parents for home in homes)


def describe_rescue(path: Path, passphrase: str) -> str:
    """After damage, say plainly how much can still be read."""
    try:
        rescued = rescue_vault(path, passphrase)
    except VaultError:
        return _(
            "The keys cannot be read, so nothing can be rescued from this file. {advice}"
        ).format(advice=_(RESTORE_ADVICE))
    try:
        intact = len(rescued.ids())
        lost = len(rescued.unreadable_records)
    finally:
        rescued.close()
    return _(
        "{intact} entries are intact and can still be read; {lost} stored item(s) could not "
        "be read. {advice}"
    ).format(intact=intact, lost=lost, advice=_(RESTORE_ADVICE))


def write_dump(journal: Journal, target: Path) -> int:
    """Write every record to `target`; returns how many records went out."""
    count, digest = _write_lines(journal.vault, target)
    journal.record_ledger_entry(
        kind="dump",
        recipient="",
        file=str(target),
        sha256=digest,
        records=count,
    )
    return count


def read_import_lines(path: Path, clock_now: datetime) -> list[str]:
    """The file's lines, each already checked on its own (JSON, fields, ranges, dates) so
    a bad file is refused before the passphrase is asked."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError("FILE", f"cannot be read: {path}") from exc
    if size > MAX_IMPORT_BYTES:
        raise ValidationError("FILE", f"is larger than {MAX_IMPORT_BYTES // 2**20} MB")
    try:
        lines = json_lines(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError("FILE", f"cannot be read as UTF-8 text: {path}") from exc
    now = to_minute(clock_now)
    for number, line in enumerate(lines, start=1):
        if line.strip():
            check_import_line(number, line, now)
    return lines


def json_lines(text: str) -> list[str]:
    """JSON Lines are ended by a newline (CRLF too) and by nothing else: `splitlines`
    would also break at U+2028, U+0085 and the like, which JSON leaves unescaped inside a
    string, so a note holding one would not come back from its own dump."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def parse_import_line(number: int, line: str) -> Any:
    """One line of a dump as JSON, read strictly (see strict_json), and refused naming the
    line when it is too long to be a record or is not strict JSON."""
    from psp_journal.strict_json import NotStrictJson, loads_strict

    if len(line) > MAX_IMPORT_LINE_CHARS:
        raise ValidationError(
            f"line {number}",
            f"is longer than any record ({len(line):,} characters; at most "
            f"{MAX_IMPORT_LINE_CHARS:,})",
        )
    try:
        return loads_strict(line)
    except NotStrictJson as exc:
        raise ValidationError(f"line {number}", f"is not a record: {exc}") from exc


def check_import_line(number: int, line: str, now: datetime) -> None:
    document = parse_import_line(number, line)
    kind = document.get("type") if isinstance(document, dict) else None
    try:
        if kind in ("settings", "plan"):
            check_fixed_document(document)
        elif kind == LEDGER_TYPE:
            check_ledger_entry(document)
        elif kind == PROMPT_TYPE:
            PromptEvent.from_document(document)
        elif kind == DISCUSSED_TYPE:
            DiscussedMark.from_document(document)
        else:
            record_from_document(document, now=now)
    except ValidationError as error:
        raise ValidationError(f"line {number}: {error.field}", error.message) from error
