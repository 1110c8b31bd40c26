"""`export` and `exports`: a de-identified summary for a supervisor, sent only with the
person's consent, and the ledger of everything that ever left the vault.

Everything that can be checked without the vault is checked before the passphrase is
asked. `--preview` prints on standard output exactly the bytes `--consent` would write;
the small-count flags and what each section shows go to standard error. `--consent` writes
the file whole or not at all, 0600, never over an existing file, and only then records
it in the ledger with the SHA-256 of exactly those bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from psp_journal.cli.base import FileName, Session, cli, echo, echo_bytes, pass_session
from psp_journal.cli.journal_commands import gather, one_line, open_journal, print_json
from psp_journal.cli.secrets import InputProblem
from psp_journal.consent import SECTION_CONTENTS, check_recipient, ledger_rows
from psp_journal.export.render import FORMATS
from psp_journal.i18n import _


class ExportRequest:
    """The export asked for, every option checked before the vault is opened."""

    def __init__(self, session: Session, given: Mapping[str, Any]) -> None:
        from psp_journal.consent import (
            SummaryRequest,
            check_notes,
            check_target,
            check_went_well,
        )
        from psp_journal.export import check_sections
        from psp_journal.models import parse_date

        preview, consent = bool(given["preview"]), bool(given["consent"])
        if preview == consent:
            raise InputProblem(
                _(
                    "--consent: say --preview to see exactly what would leave, or --consent "
                    "to write it (one of them, not both); nothing was written"
                )
            )
        self.preview = preview
        today = session.clock().date()
        for option, value in (("--from", given["first"]), ("--to", given["last"])):
            if value is None:
                raise InputProblem(
                    _("{option}: the period needs a first and a last day").format(option=option)
                )
        first = parse_date("--from", given["first"], today)
        last = parse_date("--to", given["last"], today)
        if last < first:
            raise InputProblem(_("--to: the period ends before it starts"))
        if not given["out"]:
            raise InputProblem(_("--out: say which new file the summary goes to"))
        self.target = check_target(Path(given["out"]), session.paths)
        self.recipient = check_recipient(given["recipient"])
        sections = check_sections(given["include"])
        texts = gather(went_well=given["went_well"])
        self.summary = SummaryRequest(
            first=first,
            last=last,
            sections=sections,
            format=str(given["format"]),
            notes=check_notes(given["include_note"], sections, "--include-note"),
            went_well=check_went_well(str(texts.get("went_well", ""))),
        )


def _explain(request: ExportRequest, summary: Mapping[str, Any]) -> None:
    """Standard error only: what each section shows, and counts small enough to identify."""
    from psp_journal.export.summary import SECTION_LABELS

    asked = request.summary
    echo(
        _("Preview of a summary for {recipient}, {first} to {last}, as {format}:").format(
            recipient=one_line(request.recipient),
            first=asked.first.isoformat(),
            last=asked.last.isoformat(),
            format=asked.format,
        ),
        err=True,
    )
    for name in asked.sections:
        echo(
            f"  {_(SECTION_LABELS[name])}: {_(SECTION_CONTENTS[name])}",
            err=True,
        )
    for flag in summary["flags"]:
        echo(_("Check: {flag}").format(flag=flag), err=True)
    echo(_("Nothing was written. To send it, run the same command with --consent."), err=True)


@cli.command()
@click.option("--from", "first", help="YYYY-MM-DD: the period's first day.")
@click.option("--to", "last", help="YYYY-MM-DD: the period's last day.")
@click.option(
    "--format", "format", required=True, type=click.Choice(FORMATS), help="md, html or json."
)
@click.option(
    "--out", type=FileName(path_type=str), help="The new file to write (never an existing one)."
)
@click.option("--recipient", help="Who it is for, as the ledger will name them.")
@click.option(
    "--include",
    multiple=True,
    help="A section: coverage, caseload, boundaries, supervision-items (the default set), "
    "wellbeing, strain.",
)
@click.option("--include-note", "include_note", multiple=True, help="An item's id: its text goes.")
@click.option("--went-well", "went_well", help="A short text; `-` reads standard input.")
@click.option("--preview", is_flag=True, help="Print exactly what would be written; write nothing.")
@click.option("--consent", is_flag=True, help="Write it and record it in the ledger.")
@pass_session
def export(session: Session, /, **given: Any) -> None:
    """A de-identified summary for your supervisor, sent only with your consent."""
    from psp_journal.consent import key_fingerprint, prepare, send

    request = ExportRequest(session, given)
    with open_journal(session, changes=not request.preview) as journal:
        prepared = prepare(journal, request.summary, "--include-note")
        signed_by = _("Signed with your key; its fingerprint is {fingerprint}.").format(
            fingerprint=key_fingerprint(journal)
        )
        if request.preview:
            _explain(request, prepared.summary)
            if request.summary.format == "json":
                echo(signed_by, err=True)
            echo_bytes(prepared.data)
            return
        digest = send(journal, prepared, request.target, request.recipient, "--out")
    echo(
        _("Wrote the summary for {recipient} to {path} (SHA-256 {digest}).").format(
            recipient=one_line(request.recipient), path=one_line(str(request.target)), digest=digest
        )
    )
    if request.summary.format == "json":
        echo(signed_by)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_session
def exports(session: Session, as_json: bool) -> None:
    """Everything that left your journal (summaries and dumps), newest first."""
    with open_journal(session, changes=False) as journal:
        entries = ledger_rows(journal.ledger())
    if as_json:
        print_json(entries)
        return
    if not entries:
        echo(_("Nothing has left your journal yet."))
    for entry in entries:
        echo(
            "  ".join(
                (
                    str(entry["at"]),
                    f"{entry['kind']:<6}",
                    entry.get("format", "jsonl"),
                    one_line(str(entry["recipient"])) or "-",
                    one_line(str(entry["file"])),
                    str(entry["sha256"]),
                )
            )
        )
