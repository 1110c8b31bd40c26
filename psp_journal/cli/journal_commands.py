"""Commands that record and read the journal, as PRODUCT.md's contract names them.

Every option arrives as the text the person typed and is checked by the models (which
name the field in any error) before the passphrase is asked. Private text never needs
to be on the command line: `-` reads it from standard input.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from psp_journal.cli.base import FileName, Session, cli, echo, pass_session
from psp_journal.cli.secrets import InputProblem, has_terminal
from psp_journal.terminal_text import json_text, one_line

if TYPE_CHECKING:
    from psp_journal.journal import Journal
    from psp_journal.models import Record

Options = dict[str, str | Sequence[str]]


class _Stdin:
    """`-` reads standard input, once per command: two `-` options would be ambiguous."""

    def __init__(self) -> None:
        self.claimed_by: str | None = None

    def read(self, option: str) -> str:
        if self.claimed_by is not None:
            raise InputProblem(
                f"{option}: only one option can read from standard input "
                f"({self.claimed_by} already does)"
            )
        self.claimed_by = option
        if has_terminal():
            echo("Type your text; end with Ctrl-D on a new line.", err=True)
        try:
            return sys.stdin.read().removesuffix("\n")
        except UnicodeDecodeError:  # bytes that are not UTF-8, where the locale reads strictly
            raise InputProblem(
                f"{option}: standard input cannot be read as UTF-8 text; nothing was saved"
            ) from None


def gather(**given: str | Sequence[str] | bool | None) -> Options:
    """The options the person gave, as text; `-` replaced by standard input; flags as
    "yes". An option left out stays out: unknown, never 0."""
    stdin = _Stdin()
    options: Options = {}
    for name, value in given.items():
        option = "--" + name.replace("_", "-")
        if value is None or value is False or value == ():
            continue
        if value is True:
            options[name] = "yes"
        elif isinstance(value, str):
            options[name] = stdin.read(option) if value == "-" else value
        else:
            options[name] = list(value)
    return options


@contextmanager
def open_journal(session: Session, *, changes: bool) -> Iterator[Journal]:
    """The unlocked journal for one command, which says whether it `changes` the journal.

    After a changing command's own change has succeeded, the person's rolling retention
    (`retention-days`) is applied and what it removed said on standard error, never in
    the command's output (which may be JSON). A command that fails changes nothing, and a
    read-only one never applies it. When the command itself changed the retention (a
    `settings set retention-days`, an import), it is applied at once and said even when
    nothing was old enough: the person just asked for it. Should retention fail, the
    command's own change is already saved: a warning, not a failure.
    """
    import sqlite3

    from psp_journal.journal import Journal
    from psp_journal.vault import VaultError

    with session.unlocked() as vault:
        journal = Journal(vault, session.clock)
        kept_days = journal.settings().retention_days if changes else None
        yield journal
        if not changes:
            return
        try:
            purged = journal.apply_retention()
        except (VaultError, sqlite3.Error, OSError):
            echo(RETENTION_POSTPONED, err=True)
            return
        if purged is not None and (purged.total or purged.kept_days != kept_days):
            echo(purged.sentence(), err=True)


RETENTION_POSTPONED = (
    "Your change is saved. Removing what is older than your retention-days could not be "
    "done just now; it will be tried again with your next change."
)


def check_first(
    record_type: str,
    options: Mapping[str, str | Sequence[str]],
    session: Session,
    partial: bool = False,
    argument: str | None = None,
) -> None:
    """Bad input is refused before the passphrase is asked or the KDF run. `argument` is
    the option that this command takes as its ALIAS argument, so errors name ALIAS."""
    from psp_journal.models import ValidationError, check_options, to_minute

    now = to_minute(session.clock())
    try:
        check_options(record_type, options, today=now.date(), now=now, partial=partial)
    except ValidationError as error:
        if argument is not None and error.field == argument:
            raise ValidationError("ALIAS", error.message) from error
        raise


def print_json(value: Any) -> None:
    echo(json_text(value))


def saved_line(record: Record, what: str) -> str:
    return f"Saved {what} ({record.id})."


# --- check-in ------------------------------------------------------------------------------


@cli.command()
@click.option("--mood", help="1 (very low) to 5 (very good).")
@click.option("--energy", help="1 (very low) to 5 (very good).")
@click.option("--stress", help="1 (light) to 5 (very heavy).")
@click.option("--sleep", help="Hours slept, 0–24.")
@click.option("--worked", help="Hours worked, 0–24.")
@click.option("--breaks", help="Breaks taken, 0–20.")
@click.option("--self-care", "self_care", multiple=True, help="Something you did for yourself.")
@click.option("--note", help="A note; `-` reads it from standard input.")
@click.option("--date", "day", help="YYYY-MM-DD; today if left out.")
@pass_session
def checkin(session: Session, /, day: str | None, **given: Any) -> None:
    """Your own daily check-in; a second one the same day changes only what you give."""
    from psp_journal.models import parse_date

    options = gather(**given)
    target = parse_date("--date", day, session.clock().date()) if day else session.clock().date()
    check_first("checkin", options, session, partial=True)
    with open_journal(session, changes=True) as journal:
        saved = journal.checkin(options, target)
    echo(f"Saved your check-in for {target.isoformat()} ({saved.record.id}).")


# --- clients -------------------------------------------------------------------------------


@cli.group()
def client() -> None:
    """Your caseload, by alias or code (never a real name needed)."""


@client.command("add")
@click.argument("alias")
@click.option("--note", help="A note; `-` reads it from standard input.")
@pass_session
def client_add(session: Session, alias: str, note: str | None) -> None:
    """Add a client under an alias or code you choose."""
    options = gather(alias=alias, note=note)
    check_first("client", options, session, argument="--alias")
    with open_journal(session, changes=True) as journal:
        saved = journal.add_client(str(options["alias"]), str(options.get("note", "")))
    echo(f"Added {saved.record.alias} ({saved.record.id}).")
    if saved.notice:
        echo(saved.notice, err=True)


@client.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_session
def client_list(session: Session, as_json: bool) -> None:
    """Every client, active and closed."""
    with open_journal(session, changes=False) as journal:
        clients = journal.clients()
    if as_json:
        print_json([c.to_document() for c in clients])
        return
    if not clients:
        echo("No clients yet. Add one with `psp-journal client add ALIAS`.")
    for entry in clients:
        echo(f"{entry.alias:<16} {entry.status:<7} {entry.id}")


@client.command("close")
@click.argument("alias")
@pass_session
def client_close(session: Session, alias: str) -> None:
    """Mark a client closed; their alias and records stay."""
    with open_journal(session, changes=True) as journal:
        closed = journal.close_client(alias)
    echo(f"{closed.alias} is closed. Their records stay in your journal.")


@client.command("delete")
@click.argument("alias")
@click.option("--with-records", is_flag=True, help="Required: say that their records go too.")
@click.option("--yes", is_flag=True, help="Do not ask again.")
@pass_session
def client_delete(session: Session, alias: str, with_records: bool, yes: bool) -> None:
    """Delete a client and every record about them, for good."""
    if not with_records:
        raise InputProblem(
            "--with-records: deleting a client removes every record about them, for good. "
            "Add --with-records to say so (or use `client close` to keep them)."
        )
    confirm(f"Delete {alias} and every record about them, for good?", yes)
    with open_journal(session, changes=True) as journal:
        count = journal.delete_client(alias)
    echo(f"Deleted {alias} and {count} record(s) about them. Nothing of them is kept.")


def confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not has_terminal():
        raise InputProblem("--yes: this cannot be undone; add --yes to confirm without a terminal")
    if not click.confirm(question, default=False):
        raise InputProblem("confirmation: nothing was changed")


# --- records -------------------------------------------------------------------------------


@cli.command("log")
@click.argument("alias")
@click.option("--minutes", help="How long, 1–720.")
@click.option("--mode", help="in-person, phone, video, text, group or outreach.")
@click.option("--intensity", help="1 (light) to 5 (very heavy).")
@click.option("--tag", "tags", multiple=True, help="A topic, like crisis or housing.")
@click.option("--close-to-home", is_flag=True, help="It resonated with my own experience.")
@click.option("--self-disclosure", is_flag=True, help="I shared my own story.")
@click.option("--setting", help="Where, in a few words.")
@click.option("--note", help="A note; `-` reads it from standard input.")
@click.option("--follow-up", "follow_up", help="YYYY-MM-DD to follow up.")
@click.option("--discuss", is_flag=True, help="Bring this to supervision.")
@click.option("--at", help="YYYY-MM-DDTHH:MM; now if left out.")
@pass_session
def log_interaction(session: Session, /, alias: str, **given: Any) -> None:
    """Log an interaction with a client."""
    options = gather(client=alias, **given)
    check_first("interaction", options, session, argument="--client")
    with open_journal(session, changes=True) as journal:
        saved = journal.record("interaction", options)
    echo(saved_line(saved.record, f"the interaction with {alias}"))


@cli.command()
@click.option("--kind", help="after-hours, self-disclosure, gift, dual-relationship, ...")
@click.option("--felt", help="1 (at ease) to 5 (very uneasy).")
@click.option("--client", help="The client's alias, if one was involved.")
@click.option("--initiated-by", "initiated_by", help="me, client, colleague or other.")
@click.option("--note", help="A note; `-` reads it from standard input.")
@click.option("--discuss", is_flag=True, help="Bring this to supervision.")
@click.option("--at", help="YYYY-MM-DDTHH:MM; now if left out.")
@pass_session
def boundary(session: Session, /, **given: Any) -> None:
    """Record a boundary situation."""
    options = gather(**given)
    check_first("boundary", options, session)
    with open_journal(session, changes=True) as journal:
        saved = journal.record("boundary", options)
    echo(saved_line(saved.record, "the boundary event"))


@cli.command()
@click.argument("text", required=False)
@click.option("--tag", "tags", multiple=True, help="A tag.")
@click.option("--discuss", is_flag=True, help="Bring this to supervision.")
@click.option("--at", help="YYYY-MM-DDTHH:MM; now if left out.")
@pass_session
def reflect(session: Session, /, text: str | None, **given: Any) -> None:
    """A reflection in your own words (Markdown). With no TEXT, or `-`, reads standard input."""
    options = gather(text=text if text is not None else "-", **given)
    check_first("reflection", options, session)
    with open_journal(session, changes=True) as journal:
        saved = journal.record("reflection", options)
    echo(saved_line(saved.record, "your reflection"))


@cli.command()
@click.option("--kind", help="supervision, team-debrief, peer-consult or own-support.")
@click.option("--note", help="A note; `-` reads it from standard input.")
@click.option("--at", help="YYYY-MM-DDTHH:MM; now if left out.")
@pass_session
def support(session: Session, /, **given: Any) -> None:
    """Support you received: supervision, a debrief, a peer consult, your own support."""
    options = gather(**given)
    check_first("support", options, session)
    with open_journal(session, changes=True) as journal:
        saved = journal.record("support", options)
    echo(saved_line(saved.record, "the support you received"))


# --- any record by id ----------------------------------------------------------------------


def revision_documents(journal: Journal, record_id: str) -> list[dict[str, Any]]:
    return [
        {
            "number": revision.number,
            "replaced_at": revision.replaced_at,
            "reason": revision.reason,
            "record": revision.document,
        }
        for revision in journal.revisions(record_id)
    ]


@cli.command()
@click.argument("record_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_session
def show(session: Session, record_id: str, as_json: bool) -> None:
    """One record, with every earlier version kept of it."""
    with open_journal(session, changes=False) as journal:
        record = journal.get(record_id)
        revisions = revision_documents(journal, record_id)
    document = record.to_document()
    if as_json:
        print_json({"record": document, "revisions": revisions})
        return
    for key, value in document.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        echo(f"{key:<16} {'' if shown is None else shown}")
    for revision in revisions:
        echo(
            f"earlier version {revision['number']}: {revision['reason']} at "
            f"{revision['replaced_at']}"
        )


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("record_id", metavar="ID")
@click.pass_context
def edit(ctx: click.Context, record_id: str) -> None:
    """Change fields of any record: edit ID --FIELD VALUE... (the rest stays as it is)."""
    session = ctx.find_object(Session)
    assert session is not None
    changes = parse_field_pairs(ctx.args)
    if not changes:
        raise InputProblem("edit: give at least one field to change, like --note -")
    with open_journal(session, changes=True) as journal:
        saved = journal.edit(record_id, changes)
    echo(f"Saved. The earlier version of {saved.record.id} is kept (see `show`).")


def parse_field_pairs(arguments: Sequence[str]) -> Options:
    """`--note - --tag a --tag b` → {"note": <stdin>, "tag": ["a", "b"]}."""
    stdin = _Stdin()
    changes: dict[str, list[str]] = {}
    items = list(arguments)
    while items:
        option = items.pop(0)
        if not option.startswith("--") or not items:
            raise InputProblem(f"{option}: edit takes pairs of --FIELD VALUE")
        value = items.pop(0)
        text = stdin.read(option) if value == "-" else value
        changes.setdefault(option[2:].replace("-", "_"), []).append(text)
    return {
        key: values if key in ("tag", "tags", "self_care") else values[-1]
        for key, values in changes.items()
    }


@cli.command()
@click.argument("record_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Do not ask again.")
@pass_session
def delete(session: Session, record_id: str, yes: bool) -> None:
    """Remove a record; its last version is kept, encrypted, until purged."""
    confirm(f"Delete {record_id}?", yes)
    with open_journal(session, changes=True) as journal:
        journal.delete(record_id)
    echo(f"Deleted {record_id}. Its last version is kept until you purge it.")


# --- follow-ups ----------------------------------------------------------------------------


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_session
def followups(session: Session, as_json: bool) -> None:
    """Follow-ups you planned, soonest first."""
    today = session.clock().date()
    with open_journal(session, changes=False) as journal:
        due = journal.followups()
    rows = [
        {
            "id": record.id,
            "client": record.client,
            "follow_up": record.follow_up.isoformat() if record.follow_up else None,
            "overdue": bool(record.follow_up and record.follow_up < today),
        }
        for record in due
    ]
    if as_json:
        print_json(rows)
        return
    if not rows:
        echo("No follow-ups planned.")
    for row in rows:
        late = "  (past its date)" if row["overdue"] else ""
        echo(f"{row['follow_up']}  {row['client']:<16} {row['id']}{late}")


@cli.group(invoke_without_command=False)
def followup() -> None:
    """Mark a follow-up done."""


@followup.command("done")
@click.argument("record_id", metavar="ID")
@pass_session
def followup_done(session: Session, record_id: str) -> None:
    """The follow-up of interaction ID is done (the date is kept in its earlier version)."""
    with open_journal(session, changes=True) as journal:
        done = journal.followup_done(record_id)
    echo(f"Marked done: the follow-up with {done.client}.")


# --- settings, search, retention, portability ----------------------------------------------


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("action", required=False, type=click.Choice(["list", "get", "set"]))
@click.argument("key", required=False)
@click.argument("value", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_session
def settings(
    session: Session, action: str | None, key: str | None, value: str | None, as_json: bool
) -> None:
    """Working hours, thresholds, self-care list, country, auto-lock; kept in the vault.

    retention-days N keeps only the last N days (30 to 36500; none keeps everything):
    entries, step-back prompt records, export records and earlier versions dated before
    today minus N days are removed for good, at once when you set it, then after every
    command that changes the journal and when the app unlocks. Commands that only read
    (status, show, search, dump, ...) never remove anything. What was removed is said.
    """
    from psp_journal.models import SETTING_KEYS, get_setting, set_setting, setting_text

    action = action or "list"
    if action in ("get", "set") and not key:
        raise InputProblem(f"KEY: `settings {action}` needs a key; `settings list` shows them")
    if action == "set" and value is None:
        raise InputProblem("VALUE: `settings set KEY VALUE` needs a value")
    from psp_journal.models import Settings

    if action == "set":
        set_setting(Settings(), str(key), str(value))  # refuse nonsense before unlocking
    elif action == "get":
        get_setting(Settings(), str(key))  # an unknown key, before unlocking
    with open_journal(session, changes=action == "set") as journal:
        current = (
            journal.set_setting(str(key), str(value)) if action == "set" else journal.settings()
        )
    keys = list(SETTING_KEYS) if action == "list" else [str(key)]
    values = {name: get_setting(current, name) for name in keys}
    if as_json:
        print_json(values if action == "list" else {"key": key, "value": values[str(key)]})
        return
    for name in keys:
        echo(f"{name} = {setting_text(current, name)}")


def period_options(command: Callable[..., None]) -> Callable[..., None]:
    """--from, --to, -n and --json: the options `list` and `search` share."""
    for option in reversed(
        (
            click.option("--from", "first", help="YYYY-MM-DD: entries from this day on."),
            click.option("--to", "last", help="YYYY-MM-DD: entries up to this day."),
            click.option("-n", "limit", help="How many to show (10 if left out)."),
            click.option("--json", "as_json", is_flag=True, help="Print JSON."),
        )
    ):
        command = option(command)
    return command


@cli.command("list")
@period_options
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="checkin, interaction, boundary, reflection or support; repeat for more.",
)
@click.option("--client", help="Only entries about this client (by alias).")
@click.option("--tag", help="Only entries with this tag.")
@click.option("--discuss", is_flag=True, help="Only entries marked to bring to supervision.")
@pass_session
def list_entries(session: Session, /, as_json: bool, **given: Any) -> None:
    """Your entries, newest first (the last 10 unless you say -n)."""
    from psp_journal.models import parse_entry_query

    query = parse_entry_query(today=session.clock().date(), **given)
    with open_journal(session, changes=False) as journal:
        entries = journal.list_entries(query)
    if as_json:
        print_json([record.to_document() for record in entries])
        return
    if not entries:
        echo("No entries found.")
    for record in entries:
        echo(entry_line(record, first_words(entry_text(record))))


@cli.command()
@click.argument("query")
@period_options
@pass_session
def search(session: Session, /, query: str, as_json: bool, **given: Any) -> None:
    """Search your entries (every word must appear), best matches first."""
    from psp_journal.journal import search_terms
    from psp_journal.models import parse_entry_query

    search_terms(query)
    period = parse_entry_query(today=session.clock().date(), **given)
    with open_journal(session, changes=False) as journal:
        found = journal.search_entries(query, period)
    if as_json:
        print_json([{**item.record.to_document(), "snippet": item.snippet} for item in found])
        return
    if not found:
        echo("Nothing found.")
    for item in found:
        echo(entry_line(item.record, " ".join(one_line(item.snippet).split())))


def entry_line(record: Record, words: str) -> str:
    """DATE-OR-TIME  KIND  CLIENT-OR-BLANK  ID  words: one line per entry, columns
    aligned for reading, in an order scripts can rely on."""
    from psp_journal.models import Checkin

    when = (
        record.date.isoformat()
        if isinstance(record, Checkin)
        else record.at.isoformat(timespec="minutes")
    )
    client = getattr(record, "client", None) or ""
    return f"{when:<16}  {record.record_type:<11}  {client:<16}  {record.id}  {words}"


def entry_text(record: Record) -> str:
    """What an entry says, or, when it has no note, what it was."""
    from psp_journal.models import (
        BOUNDARY_KIND_LABELS,
        MODE_LABELS,
        SUPPORT_KIND_LABELS,
        Boundary,
        Checkin,
        Interaction,
        Reflection,
        Support,
    )

    if isinstance(record, Reflection):
        return record.text
    if getattr(record, "note", ""):
        return str(record.note)
    if isinstance(record, Checkin):
        return f"mood {record.mood}, energy {record.energy}, stress {record.stress}"
    if isinstance(record, Interaction):
        return f"{record.minutes} minutes, {MODE_LABELS[record.mode]}"
    if isinstance(record, Boundary):
        return BOUNDARY_KIND_LABELS[record.kind]
    if isinstance(record, Support):
        return SUPPORT_KIND_LABELS[record.kind]
    return ""


FIRST_WORDS_CHARS = 60
_FIRST_WORDS_SCAN = 8 * FIRST_WORDS_CHARS  # a 100,000-character note is not read whole


def first_words(text: str) -> str:
    """The start of a text on one line, cut at a word, with … when there is more."""
    flat = " ".join(one_line(text[:_FIRST_WORDS_SCAN]).split())
    if len(flat) <= FIRST_WORDS_CHARS and len(text) <= _FIRST_WORDS_SCAN:
        return flat
    head = flat[: FIRST_WORDS_CHARS + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head[:FIRST_WORDS_CHARS]
    return f"{cut} …"


@cli.command()
@click.option("--before", required=True, help="YYYY-MM-DD: everything dated before it goes.")
@click.option("--yes", is_flag=True, help="Do not ask again.")
@pass_session
def purge(session: Session, before: str, yes: bool) -> None:
    """Delete every record dated before a date, with every kept version: for good."""
    from psp_journal.models import parse_date

    cutoff = parse_date("--before", before, session.clock().date(), allow_future=True)
    confirm(f"Delete everything dated before {cutoff.isoformat()}, for good?", yes)
    with open_journal(session, changes=True) as journal:
        purged = journal.purge_before(cutoff)
    echo(f"Deleted {purged.entries} record(s) dated before {cutoff.isoformat()}, for good.")
    if purged.total > purged.entries:
        echo(f"Also removed for good: {purged.in_words(with_entries=False)}.")


@cli.command()
@click.option("--out", "out", required=True, type=FileName(dir_okay=False, path_type=Path))
@pass_session
def dump(session: Session, out: Path) -> None:
    """Everything in plain text (JSON Lines), for moving to another computer. From a
    damaged vault, everything that is still intact."""
    from psp_journal.portability import write_dump
    from psp_journal.vault import IntegrityError

    target = out.expanduser().absolute()
    refuse_inside_home(target, session)
    if target.exists() or target.is_symlink():
        raise InputProblem(f"--out: {target} already exists; choose a new file name")
    echo(
        "Warning: this file holds your whole journal in plain text. Keep it safe and "
        "delete it when you no longer need it.",
        err=True,
    )
    try:
        with open_journal(session, changes=False) as journal:
            count = write_dump(journal, target)
    except IntegrityError as damage:
        count = rescue_dump(session, target, damage)
    echo(f"Wrote {count} record(s) to {target}.")


def rescue_dump(session: Session, target: Path, damage: Exception) -> int:
    """The vault is damaged: save what is intact, read-only, and say so plainly."""
    from psp_journal.portability import write_rescue_dump
    from psp_journal.vault.rescue import rescue_vault

    rescued = rescue_vault(session.paths.vault, session.passphrase())
    try:
        count = write_rescue_dump(rescued, target)
        lost = len(rescued.unreadable_records)
    finally:
        rescued.close()
    echo(
        f"Your vault is damaged ({damage}). It was opened read-only and everything still "
        f"intact was saved; {lost} stored item(s) could not be read. This dump is not "
        "recorded in the ledger, because a damaged vault is never written to.",
        err=True,
    )
    return count


def refuse_inside_home(target: Path, session: Session) -> None:
    from psp_journal.portability import inside_home

    if inside_home(target, session.paths):
        raise InputProblem(
            "--out: a plain-text dump may not be written inside the journal's own folder; "
            "choose a place outside it"
        )


@cli.command("import")
@click.argument("file", type=FileName(dir_okay=False, path_type=Path))
@pass_session
def import_file(session: Session, file: Path) -> None:
    """Import a dump (JSON Lines): every line is checked first; all or nothing."""
    from psp_journal.portability import read_import_lines

    lines = read_import_lines(file, session.clock())
    with open_journal(session, changes=True) as journal:
        count = journal.import_documents(lines)
    echo(f"Imported {count} record(s).")


# --- strain ----------------------------------------------------------------------------------


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--as-of", "as_of", help="YYYY-MM-DD; today if left out.")
@pass_session
def status(session: Session, as_json: bool, as_of: str | None) -> None:
    """How your strain looks: what was noticed, and why."""
    from psp_journal.care.status_text import describe_assessment
    from psp_journal.models import parse_date

    today = session.clock().date()
    day = parse_date("--as-of", as_of, today) if as_of else today
    with open_journal(session, changes=False) as journal:
        assessment = journal.assess(day)
        plan = journal.plan()
        country = journal.settings().country
    if as_json:
        print_json(assessment.to_json())
        return
    echo(describe_assessment(assessment, plan, country))
