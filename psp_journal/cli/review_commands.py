"""`review`: a supervisor reads signed JSON summaries, with no vault and no passphrase.

Every file is someone else's: it is read with a size limit, parsed strictly (no duplicate
field names, no NaN, no deep nesting) and verified before anything in it is shown, and
every piece of its text is printed through `one_line`, so an escape sequence in it never
reaches the terminal. A PSP's key is remembered on first sight (like SSH's known_hosts);
a known PSP whose key has changed gets a loud warning and is not shown until the
supervisor has checked the new fingerprint with them and passed `--trust`.

The checks and what they let through are built once, as a `ReviewReport`, and shown by
one of two faces: plain text (`--plain`, or whenever standard input or output is not a
terminal) or the full-screen view (`psp_journal.tui.review_app`, imported only then).
The exit code is the worst over all files, the same in both: 4 (a signature fails or a
key changed) over 2 (a file missing or not a summary) over 0.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from psp_journal.cli.base import (
    EXIT_BAD_INPUT,
    EXIT_INTEGRITY,
    EXIT_OK,
    EXIT_OTHER,
    FileName,
    Session,
    cli,
    echo,
    fail,
    pass_session,
)
from psp_journal.cli.journal_commands import one_line
from psp_journal.i18n import _
from psp_journal.strict_json import NotStrictJson, loads_strict

if TYPE_CHECKING:
    from psp_journal.export.known_keys import KnownKeys
    from psp_journal.export.signing import Verified

MAX_SUMMARY_BYTES = 4 * 1024 * 1024  # a year of weekly rows is a few hundred KiB
MAX_DEPTH = 32  # a summary nests about five levels; deeper is not one
_INTENSE = ("4", "5")  # intensity 4 and 5 out of 5


class _Unreadable(ValueError):
    """The file cannot be taken as a summary: missing, too big, or not strict JSON."""


# What became of one file, for a face to show it in its own way (the full-screen view
# makes "changed" and "bad-signature" loud).
Outcome = Literal["known", "new", "trusted", "changed", "bad-signature", "not-a-summary"]


@dataclass(frozen=True)
class Reviewed:
    """One file's outcome: its exit code, the line that says so, and what to show."""

    name: str
    code: int
    outcome: Outcome
    line: str
    shown: Verified | None = None


def read_document(path: Path) -> object:
    """The parsed JSON of `path`, refused (`_Unreadable`) before it is all read when it is
    bigger than any summary, and refused when its JSON could be read two ways."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_SUMMARY_BYTES + 1)
    except FileNotFoundError as error:
        raise _Unreadable(_("there is no such file")) from error
    except OSError as error:
        raise _Unreadable(
            _("it cannot be read ({reason})").format(reason=error.strerror)
        ) from error
    if len(raw) > MAX_SUMMARY_BYTES:
        raise _Unreadable(_("it is bigger than any summary (over 4 MiB)"))
    try:
        return loads_strict(raw.decode("utf-8"), MAX_DEPTH)
    except UnicodeDecodeError as error:
        raise _Unreadable(_("it is not UTF-8 text")) from error
    except NotStrictJson as error:
        raise _Unreadable(str(error)) from error


def _key_fingerprint(key: str) -> str:
    import base64

    from psp_journal.export.signing import fingerprint

    return fingerprint(base64.b64decode(key))


def review_file(path: Path, known: KnownKeys, trust: bool) -> Reviewed:
    """Read, verify and check one file's key; remembers a new key only once it verified."""
    from psp_journal.export.signing import BadSignature, NotASummary, verify_summary

    name = one_line(str(path))
    try:
        verified = verify_summary(read_document(path))
    except (_Unreadable, NotASummary) as error:
        line = _("{file}: not a summary: {reason}").format(file=name, reason=one_line(str(error)))
        return Reviewed(name, EXIT_BAD_INPUT, "not-a-summary", line)
    except BadSignature as error:
        line = _("{file}: WARNING: {reason} Do not rely on it.").format(
            file=name, reason=one_line(str(error))
        )
        return Reviewed(name, EXIT_INTEGRITY, "bad-signature", line)
    author = one_line(verified.author)
    status = known.check(verified.author, verified.key)
    if status == "new":
        known.remember(verified.author, verified.key)
        line = _(
            "{file}: First summary from {author}; their key's fingerprint is {fingerprint}: "
            "check it with them."
        ).format(file=name, author=author, fingerprint=verified.fingerprint)
        return Reviewed(name, EXIT_OK, "new", line, verified)
    if status == "known":
        line = _("{file}: from {author}, signed with the key you know ({fingerprint}).").format(
            file=name, author=author, fingerprint=verified.fingerprint
        )
        return Reviewed(name, EXIT_OK, "known", line, verified)
    previous = known.key_of(verified.author)
    before = _key_fingerprint(previous) if previous else "?"
    if trust:
        known.trust(verified.author, verified.key)
        line = _(
            "{file}: from {author}. You trusted their new key {fingerprint}; it replaces {before}."
        ).format(file=name, author=author, fingerprint=verified.fingerprint, before=before)
        return Reviewed(name, EXIT_OK, "trusted", line, verified)
    line = _(
        "{file}: WARNING: the key of {author} has CHANGED. The key you know is {before}; "
        "this file's key is {fingerprint}. Someone else may have signed it. Ask {author} "
        "for their fingerprint; only if it matches, run review again with --trust."
    ).format(file=name, author=author, before=before, fingerprint=verified.fingerprint)
    return Reviewed(name, EXIT_INTEGRITY, "changed", line)


@dataclass(frozen=True)
class WeekRow:
    """One ISO week across the summaries: for each, the parts of its cell (none: no data),
    one a line in the full-screen view (so five columns fit), joined in plain text."""

    week: str
    cells: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class SummaryDetails:
    """What one summary says besides the weekly counts: its items and what went well."""

    author: str
    items: tuple[str, ...]
    went_well: str | None


@dataclass(frozen=True)
class ReviewReport:
    """Everything `review` shows, built once for both faces (plain text and the
    full-screen view), so they cannot tell two different stories. Every piece of text
    from a file is already through `one_line`."""

    checks: tuple[Reviewed, ...]
    headers: tuple[str, ...]
    rows: tuple[WeekRow, ...]
    details: tuple[SummaryDetails, ...]

    @property
    def exit_code(self) -> int:
        """The worst over all files: 4 over 2 over 0."""
        return max(check.code for check in self.checks)


def _weeks_of(payload: Mapping[str, Any], section: str) -> dict[str, Mapping[str, Any]]:
    """A section's rows by week; anything not shaped as expected is simply not there."""
    part = payload.get(section)
    rows = part.get("weeks") if isinstance(part, dict) else None
    if not isinstance(rows, list):
        return {}
    return {
        one_line(str(row["week"])): row
        for row in rows
        if isinstance(row, dict) and isinstance(row.get("week"), str)
    }


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _cell(payload: Mapping[str, Any], week: str) -> tuple[str, ...]:
    caseload = _weeks_of(payload, "caseload").get(week)
    parts = []
    if caseload is not None:
        intensity = caseload.get("intensity")
        intense = (
            sum(_count(intensity.get(n)) for n in _INTENSE) if isinstance(intensity, dict) else 0
        )
        parts.append(_("contacts {count}").format(count=_count(caseload.get("interactions"))))
        parts.append(_("intense {count}").format(count=intense))
    strain = _weeks_of(payload, "strain").get(week)
    if strain is not None:
        parts.append(_("strain {level}").format(level=one_line(str(strain.get("level")))))
    return tuple(parts)


def _week_rows(payloads: Sequence[Mapping[str, Any]]) -> tuple[WeekRow, ...]:
    """Rows are ISO weeks, columns the summaries, so several PSPs read side by side."""
    weeks = sorted(
        {
            week
            for payload in payloads
            for s in ("caseload", "strain")
            for week in _weeks_of(payload, s)
        }
    )
    return tuple(
        WeekRow(week, tuple(_cell(payload, week) for payload in payloads)) for week in weeks
    )


def _details(item: Verified) -> SummaryDetails:
    payload = item.payload
    part = payload.get("supervision-items")
    entries = part.get("items") if isinstance(part, dict) else None
    items = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        kind = one_line(str(entry.get("kind", "?")))
        if "boundary_kind" in entry:
            kind = f"{kind} ({one_line(str(entry['boundary_kind']))})"
        line = f"{one_line(str(entry.get('week', '?')))}: {kind}"
        if isinstance(entry.get("text"), str):
            line += f": {one_line(entry['text'])}"
        items.append(line)
    went_well = payload.get("went_well")
    return SummaryDetails(
        one_line(item.author),
        tuple(items),
        one_line(went_well) if isinstance(went_well, str) else None,
    )


def review_files(files: Sequence[Path], known: KnownKeys, trust: bool) -> ReviewReport:
    """Check every file (`review_file`), then lay the ones that verified side by side.
    Raises `KnownKeysError` when the known-keys file cannot be read."""
    checks = tuple(review_file(path, known, trust) for path in files)
    shown = [(check.name, check.shown) for check in checks if check.shown is not None]
    headers = (_("week"),) + tuple(
        _("{author} ({file})").format(author=one_line(verified.author), file=Path(name).name)
        for name, verified in shown
    )
    return ReviewReport(
        checks=checks,
        headers=headers,
        rows=_week_rows([verified.payload for _name, verified in shown]),
        details=tuple(_details(verified) for _name, verified in shown),
    )


def _plain_table(report: ReviewReport) -> list[str]:
    rows = [list(report.headers)] + [
        [row.week] + [", ".join(parts) or "-" for parts in row.cells] for row in report.rows
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(report.headers))]
    return [
        " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _plain_details(details: SummaryDetails) -> list[str]:
    lines = [_("{author}:").format(author=details.author)]
    if details.items:
        lines.append("  " + _("Items for supervision:"))
        lines.extend(f"    {item}" for item in details.items)
    else:
        lines.append("  " + _("No items for supervision."))
    if details.went_well is not None:
        lines.append("  " + _("What went well: {text}").format(text=details.went_well))
    return lines


def print_plain(report: ReviewReport) -> None:
    """The report as plain text: each file's line (on standard error when it is not
    fine), then the weekly table and each summary's details."""
    for check in report.checks:
        echo(check.line, err=check.code != EXIT_OK)
    if not report.details:
        return
    echo("")
    for line in _plain_table(report):
        echo(line)
    for details in report.details:
        echo("")
        for line in _plain_details(details):
            echo(line)


def _on_a_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@cli.command()
@click.option("--plain", is_flag=True, help="Plain text instead of the full-screen view.")
@click.option(
    "--trust", is_flag=True, help="Accept a changed key, once you checked its fingerprint."
)
@click.argument("files", nargs=-1, required=True, type=FileName(path_type=Path))
@pass_session
def review(session: Session, plain: bool, trust: bool, files: tuple[Path, ...]) -> None:
    """Check and show supervisor summaries (JSON) side by side; no vault needed."""
    from psp_journal.export.known_keys import KNOWN_KEYS_FILE_NAME, KnownKeys, KnownKeysError

    known = KnownKeys(session.paths.config_dir / KNOWN_KEYS_FILE_NAME)
    try:
        report = review_files(files, known, trust)
    except KnownKeysError as error:
        fail(one_line(str(error)), EXIT_OTHER)
    if plain or not _on_a_terminal():
        print_plain(report)
        raise click.exceptions.Exit(report.exit_code)
    # Imported only here: every other command stays as fast as `--help`.
    from psp_journal.tui.review_app import run_review

    raise click.exceptions.Exit(run_review(report, session.paths))
