"""`export` and `exports`: a de-identified summary for a supervisor, sent only with the
person's consent, and the ledger of everything that ever left the vault.

Everything that can be checked without the vault is checked before the passphrase is
asked. `--preview` prints on standard output exactly the bytes `--consent` would write;
the small-count flags and what each section shows go to standard error. `--consent` writes
the file whole or not at all, 0600, never over an existing file, and only then records
it in the ledger with the SHA-256 of exactly those bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from psp_journal.cli.base import Session, cli, pass_session
from psp_journal.cli.journal_commands import gather, one_line, open_journal, print_json
from psp_journal.cli.secrets import InputProblem
from psp_journal.export.render import FORMATS
from psp_journal.i18n import N_, _

if TYPE_CHECKING:
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


class ExportRequest:
    """The export asked for, every option checked before the vault is opened."""

    def __init__(self, session: Session, given: Mapping[str, Any]) -> None:
        from psp_journal.export import check_sections
        from psp_journal.models import parse_date
        from psp_journal.portability import inside_home

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
        self.first: date = parse_date("--from", given["first"], today)
        self.last: date = parse_date("--to", given["last"], today)
        if self.last < self.first:
            raise InputProblem(_("--to: the period ends before it starts"))
        self.format = str(given["format"])
        if not given["out"]:
            raise InputProblem(_("--out: say which new file the summary goes to"))
        self.target = Path(given["out"]).expanduser().absolute()
        if inside_home(self.target, session.paths):
            raise InputProblem(
                _(
                    "--out: a summary may not be written inside the journal's own folder; "
                    "choose a place outside it"
                )
            )
        if self.target.exists() or self.target.is_symlink():
            raise InputProblem(
                _("--out: {path} already exists; choose a new file name").format(
                    path=one_line(str(self.target))
                )
            )
        self.recipient = _checked_line("--recipient", given["recipient"], RECIPIENT_CHARS)
        self.sections = check_sections(given["include"])
        self.notes = frozenset(given["include_note"])
        if self.notes and "supervision-items" not in self.sections:
            raise InputProblem(
                _("--include-note: a note goes out with the supervision-items section; add it")
            )
        texts = gather(went_well=given["went_well"])
        self.went_well = str(texts.get("went_well", ""))
        if len(self.went_well) > WENT_WELL_CHARS:
            raise InputProblem(
                _("--went-well: keep it to {count} characters").format(count=WENT_WELL_CHARS)
            )

    def summary(self, journal: Journal) -> dict[str, Any]:
        from psp_journal.export import SummaryOptions, build_summary

        known = {str(item["id"]) for item in journal.supervision_items(self.first, self.last)}
        unknown = sorted(self.notes - known)
        if unknown:
            raise InputProblem(
                _(
                    "--include-note: {id} is not an item marked for supervision in this period"
                ).format(id=one_line(unknown[0]))
            )
        options = SummaryOptions(include_notes=self.notes, went_well=self.went_well)
        inputs = journal.summary_inputs(self.first, self.last)
        return build_summary(inputs, (self.first, self.last), self.sections, options)


def _checked_line(option: str, text: str | None, limit: int) -> str:
    cleaned = (text or "").strip()
    if not cleaned or len(cleaned) > limit or one_line(cleaned) != cleaned:
        raise InputProblem(
            _("{option}: give a name of 1 to {limit} characters on one line").format(
                option=option, limit=limit
            )
        )
    return cleaned


def _author(journal: Journal) -> str:
    author = journal.settings().author
    if not author:
        raise InputProblem(
            _(
                "author: a summary carries the name it is from. Set a first name or staff "
                "code once with `psp-journal settings set author NAME`; nothing was written"
            )
        )
    return author


def _explain(request: ExportRequest, summary: Mapping[str, Any]) -> None:
    """Standard error only: what each section shows, and counts small enough to identify."""
    from psp_journal.export.summary import SECTION_LABELS

    click.echo(
        _("Preview of a summary for {recipient}, {first} to {last}, as {format}:").format(
            recipient=request.recipient,
            first=request.first.isoformat(),
            last=request.last.isoformat(),
            format=request.format,
        ),
        err=True,
    )
    for name in request.sections:
        click.echo(
            f"  {_(SECTION_LABELS[name])}: {_(SECTION_CONTENTS[name])}",
            err=True,
        )
    for flag in summary["flags"]:
        click.echo(_("Check: {flag}").format(flag=flag), err=True)
    click.echo(_("Nothing was written. To send it, run the same command with --consent."), err=True)


@cli.command()
@click.option("--from", "first", help="YYYY-MM-DD: the period's first day.")
@click.option("--to", "last", help="YYYY-MM-DD: the period's last day.")
@click.option(
    "--format", "format", required=True, type=click.Choice(FORMATS), help="md, html or json."
)
@click.option("--out", help="The new file to write (never an existing one).")
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
    from psp_journal.export.render import renderer
    from psp_journal.vault.disk import write_new_file_durably

    request = ExportRequest(session, given)
    render = renderer(request.format)
    with open_journal(session, changes=not request.preview) as journal:
        author = _author(journal)
        summary = request.summary(journal)
        data = render(summary, author, journal.signing_key())
        if request.preview:
            _explain(request, summary)
            click.echo(data, nl=False)
            return
        try:
            write_new_file_durably(request.target, data)
        except FileExistsError as error:
            raise InputProblem(
                _("--out: {path} already exists; choose a new file name").format(
                    path=one_line(str(request.target))
                )
            ) from error
        digest = hashlib.sha256(data).hexdigest()
        journal.record_ledger_entry(
            kind="export",
            recipient=request.recipient,
            file=str(request.target),
            sha256=digest,
            records=None,
            export={
                "period": {"from": request.first.isoformat(), "to": request.last.isoformat()},
                "sections": list(request.sections),
                "format": request.format,
            },
        )
    click.echo(
        _("Wrote the summary for {recipient} to {path} (SHA-256 {digest}).").format(
            recipient=one_line(request.recipient), path=one_line(str(request.target)), digest=digest
        )
    )


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
        click.echo(_("Nothing has left your journal yet."))
    for entry in entries:
        click.echo(
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


def ledger_rows(ledger: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The ledger as `exports --json` prints it: newest first, without the storage type."""
    rows = [{key: value for key, value in entry.items() if key != "type"} for entry in ledger]
    return sorted(rows, key=lambda row: (row["at"], row["id"]), reverse=True)
