"""The one service both faces call: what a PSP records, as typed operations over the vault.

The command line and the app stay thin: they pass what the person typed (option texts)
and a clock; the models decide what is valid; this module decides what it means — one
check-in per day, clients by alias, revisions kept on every edit and delete, and each
change in one durable transaction. Writes that need only one or two documents (a new
entry, today's check-in, a client by alias) read them by id through small indexes, so
they stay fast however large the journal grows; queries ask the vault's mirror through
its named methods, never its tables. Every read-modify-write is decided inside the
vault's write transaction (`_decide`), so a second running copy cannot undo it.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from psp_journal.care.step_back import PromptDecision, prompt_due, snooze_until
from psp_journal.care.strain import (
    Assessment,
    StrainRecords,
    assess_strain,
    longest_window,
    weekly_trend,
)
from psp_journal.care.what_helps import SelfCareComparison, compare_self_care
from psp_journal.dashboard_data import (
    SERIES_DAYS,
    Dashboard,
    daily_series,
    last_supervision,
    recent_boundaries,
    supervision_items_from,
    week_load,
)
from psp_journal.export.summary import SummaryInputs
from psp_journal.i18n import _, ngettext
from psp_journal.insights_data import Insights, first_monday, weekly_series
from psp_journal.models import (
    BRING_TO_SUPERVISION,
    DISCUSSABLE_TYPES,
    DISCUSSED_TYPE,
    DRAFT_FORMS,
    ID_MAX_CHARS,
    PROMPT_TYPE,
    QUERY_MAX_CHARS,
    RECORD_KINDS,
    Boundary,
    Checkin,
    Client,
    DiscussedMark,
    EntryQuery,
    Interaction,
    PlanItem,
    PromptEvent,
    Record,
    Settings,
    Support,
    ValidationError,
    WellnessPlan,
    alias_key,
    alias_name_warning,
    apply_edit,
    check_draft,
    check_draft_form,
    dump_sort_key,
    ensure_alias_unused,
    new_record,
    parse_alias,
    parse_text,
    plan_with_section,
    record_from_document,
    set_setting,
    to_minute,
)
from psp_journal.vault import Changes, Revision, Vault
from psp_journal.vault.mirror import Mirror

Document = dict[str, Any]
Options = Mapping[str, str | Sequence[str]]
Clock = Callable[[], datetime]

INDEX_TYPE = "_index"
ALIAS_INDEX_ID = "_index:aliases"
CHECKIN_INDEX_ID = "_index:checkin-dates"
# The cut-off the rolling retention last applied: everything dated before it was erased.
RETENTION_INDEX_ID = "_index:retention"
# The supervision items talked through: item id -> when it was marked (`mark_discussed`).
DISCUSSED_INDEX_ID = "_index:discussed"
SETTINGS_ID = "settings"
PLAN_ID = "plan"
DUMP_ORDER = tuple(RECORD_KINDS)
LEDGER_TYPE = "ledger"
DRAFT_TYPE = "_draft"
# The key that signs JSON summaries. Internal (`_`), so never dumped: a journal moved by
# dump and import signs with a new key, while a backup, a copy of the whole vault, keeps it.
KEY_TYPE = "_key"
SIGNING_KEY_ID = "_key:signing"
FOLLOW_UP = "follow_up"
_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: read aloud and typed back
_ID_LENGTH = 8
ENTRY_TYPES = tuple(kind for kind in RECORD_KINDS if kind != "client")
# Clients are not dated: a client with no records left stays until deleted. A draft is
# dated by its last save.
DATED_TYPES = (*ENTRY_TYPES, PROMPT_TYPE, LEDGER_TYPE, DRAFT_TYPE)


RecordT = TypeVar("RecordT", bound=Record)
DecidedT = TypeVar("DecidedT")


@dataclass(frozen=True)
class Saved(Generic[RecordT]):
    """A record as it now stands, and a gentle word to show beside "saved", if any."""

    record: RecordT
    notice: str | None = None


@dataclass(frozen=True)
class CaseloadRow:
    """One client as the caseload shows them. `last_contact` is their latest interaction
    up to the as-of day; `contacts_this_month` counts the interactions of that day's month
    up to it; `next_follow_up` is their earliest open follow-up, overdue ones included."""

    client_id: str
    alias: str
    status: str
    last_contact: datetime | None
    contacts_this_month: int
    next_follow_up: date | None


@dataclass(frozen=True)
class Found:
    """An entry a search found, and the words around the match in it."""

    record: Record
    snippet: str


@dataclass(frozen=True)
class Purged:
    """What one purge removed, counted as a person thinks of it: entries, step-back prompt
    records and export records dated before `before`, and the earlier versions dated
    before it of entries that stay (or were deleted before). `kept_days` is set when the
    purge was the person's rolling retention."""

    before: date
    entries: int = 0
    prompt_records: int = 0
    export_records: int = 0
    earlier_versions: int = 0
    kept_days: int | None = None

    @property
    def total(self) -> int:
        return self.entries + self.prompt_records + self.export_records + self.earlier_versions

    def in_words(self, *, with_entries: bool = True) -> str:
        """Like "3 entries, 1 export record and 2 earlier versions"; "" for nothing.

        Each count is translated whole with its own plural. A sentence for every mix of
        kinds and counts is more than a catalogue can hold, so the counts are listed the
        way CLDR list patterns do it: joined by translated patterns ("{list}, {item}",
        "{list} and {last}"), which a translator can reorder and reword."""
        counts = [
            (
                self.entries if with_entries else 0,
                ngettext("{count} entry", "{count} entries", self.entries),
            ),
            (
                self.prompt_records,
                ngettext(
                    "{count} step-back prompt record",
                    "{count} step-back prompt records",
                    self.prompt_records,
                ),
            ),
            (
                self.export_records,
                ngettext("{count} export record", "{count} export records", self.export_records),
            ),
            (
                self.earlier_versions,
                ngettext(
                    "{count} earlier version", "{count} earlier versions", self.earlier_versions
                ),
            ),
        ]
        parts = [text.format(count=n) for n, text in counts if n]
        if len(parts) < 2:
            return "".join(parts)
        listed = parts[0]
        for item in parts[1:-1]:
            listed = _("{list}, {item}").format(list=listed, item=item)
        return _("{list} and {last}").format(list=listed, last=parts[-1])

    def sentence(self) -> str:
        """One plain sentence about a rolling retention: what it removed, or that nothing
        was old enough."""
        assert self.kept_days is not None, "only a rolling retention is told in a sentence"
        if not self.total:
            return ngettext(
                "Your journal keeps the last {days} day; nothing was older.",
                "Your journal keeps the last {days} days; nothing was older.",
                self.kept_days,
            ).format(days=self.kept_days)
        return ngettext(
            "Your journal keeps the last {days} days, so {removed} from before {date} was "
            "removed for good.",
            "Your journal keeps the last {days} days, so {removed} from before {date} were "
            "removed for good.",
            self.total,
        ).format(days=self.kept_days, removed=self.in_words(), date=self.before.isoformat())


def _draft_id(form: str) -> str:
    return f"{DRAFT_TYPE}:{form}"


DRAFT_IDS = tuple(_draft_id(form) for form in DRAFT_FORMS)


def stored_record(document: Mapping[str, Any]) -> Record:
    """A record as stored. Its dates were checked when it was saved, so "now" is no limit."""
    return record_from_document(document, now=datetime.max)


class ReadableVault(Protocol):
    """What reading needs: an unlocked vault, or what was rescued from a damaged one."""

    @property
    def mirror(self) -> Mirror: ...

    def get(self, doc_id: str) -> Document | None: ...


def documents_of_type(source: ReadableVault, record_type: str) -> list[Document]:
    return sorted(source.mirror.documents_of_type(record_type), key=dump_sort_key)


def prompt_history(source: ReadableVault) -> list[PromptEvent]:
    return [
        PromptEvent.from_document(document) for document in documents_of_type(source, PROMPT_TYPE)
    ]


def discussed_marks(source: ReadableVault) -> list[DiscussedMark]:
    """The marks on items talked through in supervision, in the dump's order. A mark on an
    entry deleted since (it may be restored) is left out, so a dump never names an item
    it does not hold."""
    index = source.get(DISCUSSED_INDEX_ID)
    marks = [
        DiscussedMark(item, datetime.fromisoformat(at))
        for item, at in (index["entries"] if index else {}).items()
        if source.get(item) is not None
    ]
    return sorted(marks, key=lambda mark: dump_sort_key(mark.to_document()))


def dump_documents(source: ReadableVault) -> Iterator[Document]:
    """Every record, then settings, plan, prompt events, discussed marks and the ledger,
    in a fixed order."""
    for record_type in DUMP_ORDER:
        for document in documents_of_type(source, record_type):
            yield stored_record(document).to_document()
    for fixed_id in (SETTINGS_ID, PLAN_ID):
        fixed = source.get(fixed_id)
        if fixed is not None:
            yield {"type": fixed["type"], "id": fixed_id, **fixed}
    for event in prompt_history(source):
        yield event.to_document()
    for mark in discussed_marks(source):
        yield mark.to_document()
    for entry in documents_of_type(source, LEDGER_TYPE):
        yield {"type": LEDGER_TYPE, "id": entry["id"], **entry}


class Journal:
    """Everything a PSP records, over one unlocked vault. `clock` is the only source of now."""

    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self._clock = clock
        self._earliest_written: str | None = None  # the oldest date or time saved here

    # --- time ----------------------------------------------------------------------------

    def now(self) -> datetime:
        return to_minute(self._clock())

    def today(self) -> date:
        return self._clock().date()

    # --- ids and indexes -------------------------------------------------------------------

    def _new_id(self) -> str:
        while True:
            candidate = "".join(secrets.choice(_ID_ALPHABET) for _ in range(_ID_LENGTH))
            if self.vault.get(candidate) is None:
                return candidate

    def _index(self, index_id: str) -> dict[str, str]:
        document = self.vault.get(index_id)
        return dict(document["entries"]) if document else {}

    @staticmethod
    def _index_document(entries: Mapping[str, str]) -> Document:
        return {"type": INDEX_TYPE, "entries": dict(sorted(entries.items()))}

    # --- deciding under the write lock -----------------------------------------------------

    def _decide(self, decide: Callable[[], tuple[DecidedT, Changes]]) -> DecidedT:
        """Run `decide` inside the vault's write transaction and return what it decided,
        once durably written. Everything it reads (by id, or through the mirror, which is
        refreshed first) is current and stays so until the commit: another running copy
        cannot slip a change in between, to be reverted or to survive a delete."""
        decided: list[DecidedT] = []

        def prepare() -> Changes:
            outcome, changes = decide()
            decided[:] = [outcome]
            return changes

        changes = self.vault.transact(prepare)
        self._note_moments_written(changes.put.values())
        return decided[0]

    def _note_moments_written(self, documents: Iterable[Document]) -> None:
        """Remember the oldest date or time saved through this journal, so retention knows
        whether something it must erase may have arrived since it last ran."""
        moments = [
            str(document.get("at") or document.get("date"))
            for document in documents
            if document.get("type") in DATED_TYPES and (document.get("at") or document.get("date"))
        ]
        if self._earliest_written is not None:
            moments.append(self._earliest_written)
        self._earliest_written = min(moments, default=None)

    # --- reading -------------------------------------------------------------------------

    def get(self, record_id: str, field: str = "ID") -> Record:
        """The entry with this id. An id no entry can have (the journal's own `_` ids,
        control characters, half a surrogate pair, which SQLite cannot even be asked for)
        is simply not found."""
        document = self.vault.get(record_id) if could_be_an_id(record_id) else None
        if document is None or document.get("type") not in RECORD_KINDS:
            raise ValidationError(
                field, f"there is no entry with the id {record_id[:ID_MAX_CHARS]!r}"
            )
        return stored_record(document)

    def revisions(self, record_id: str) -> list[Revision]:
        return self.vault.revisions(record_id)

    def documents_of_type(self, record_type: str) -> list[Document]:
        return documents_of_type(self.vault, record_type)

    def records_of_type(self, record_type: str) -> list[Record]:
        return [stored_record(document) for document in self.documents_of_type(record_type)]

    # --- clients -------------------------------------------------------------------------

    def client(self, alias_text: str, field: str = "ALIAS") -> Client:
        """The client recorded under this alias now. An alias they had before a rename
        stays taken (see `rename_client`) but no longer finds them."""
        alias = parse_alias(alias_text, field)
        client_id = self._index(ALIAS_INDEX_ID).get(alias_key(alias))
        if client_id is None:
            raise ValidationError(
                field,
                f"there is no client {alias!r} in this journal; add them with "
                f"`psp-journal client add {alias}`",
            )
        record = self.get(client_id, field)
        assert isinstance(record, Client)
        if alias_key(record.alias) != alias_key(alias):
            raise ValidationError(
                field,
                f"{alias!r} is an alias a client had before they were renamed; use the "
                "alias they have now (`psp-journal client list` shows it)",
            )
        return record

    def clients(self) -> list[Client]:
        clients = _only(Client, self.records_of_type("client"))
        return sorted(clients, key=lambda client: alias_key(client.alias))

    def add_client(self, alias_text: str, note: str = "") -> Saved[Client]:
        alias = parse_alias(alias_text)

        def decide() -> tuple[Client, Changes]:
            index = self._index(ALIAS_INDEX_ID)
            ensure_alias_unused("ALIAS", alias, index)
            client = new_record(
                "client",
                {"alias": alias, "note": note},
                today=self.today(),
                now=self.now(),
            )
            client = replace(client, id=self._new_id())
            assert isinstance(client, Client) and client.id is not None
            index[alias_key(alias)] = client.id
            return client, Changes(
                put={client.id: client.to_document()},
                replace={ALIAS_INDEX_ID: self._index_document(index)},
            )

        client = self._decide(decide)
        return Saved(client, alias_name_warning(alias, self._index(ALIAS_INDEX_ID)))

    def close_client(self, alias_text: str) -> Client:
        """Closed from the client as stored at the commit: an edit made meanwhile stays."""

        def decide() -> tuple[Client, Changes]:
            closed = replace(self.client(alias_text), status="closed")
            return closed, Changes(put={str(closed.id): closed.to_document()})

        return self._decide(decide)

    def rename_client(self, old_alias: str, new_alias: str) -> Saved[Client]:
        """The client known as `old_alias` is known as `new_alias` from now on, and every
        interaction and boundary event about them follows, in one transaction. The new
        alias is checked like a new client's: unique for the life of the vault, so it may
        be an alias this client had before, never another client's (closed or renamed)."""
        alias = parse_alias(new_alias, "new_alias")

        def decide() -> tuple[Saved[Client], Changes]:
            current = self.client(old_alias, "old_alias")
            if current.alias == alias:
                raise ValidationError("new_alias", f"{alias!r} is already this client's alias")
            renamed = replace(current, alias=alias)
            replaced = self._follow_rename(current, alias, "new_alias")
            saved = Saved(renamed, alias_name_warning(alias, self._index(ALIAS_INDEX_ID)))
            return saved, Changes(put={str(current.id): renamed.to_document()}, replace=replaced)

        return self._decide(decide)

    def _follow_rename(self, current: Client, alias: str, field: str) -> dict[str, Document]:
        """The alias index and every record about `current`, renamed to `alias`.

        The client's own record is `put`, so its earlier alias is kept among its revisions:
        that is how deleting them later finds every version that ever named them. The
        records about them are rewritten without a new revision: only the name of who they
        are about changed, and a rename (often of an alias that looked like a real name)
        should not leave the old alias beside every one of them in `show`. Their revisions
        from earlier edits keep the alias they had, encrypted like everything else, and a
        restored one follows the client to their alias now. A draft naming them in its
        client field follows too. The earlier alias stays in the (encrypted) alias index,
        pointing at this client, so it is never given to someone else; deleting the client
        removes it with everything else of them."""
        assert current.id is not None
        index = self._index(ALIAS_INDEX_ID)
        others = [key for key, client_id in index.items() if client_id != current.id]
        ensure_alias_unused(field, alias, others)
        index[alias_key(alias)] = current.id
        replaced = {ALIAS_INDEX_ID: self._index_document(index)}
        for document in self.records_about(current.alias):
            replaced[document["id"]] = {**document, "client": alias}
        for draft_id in DRAFT_IDS:  # a half-written form for them, kept while locked
            draft = self.vault.get(draft_id)
            typed = str(draft["fields"].get("client", "")).strip() if draft else ""
            if draft and typed and alias_key(typed) == alias_key(current.alias):
                replaced[draft_id] = {**draft, "fields": {**draft["fields"], "client": alias}}
        return replaced

    def caseload(self, as_of: date) -> list[CaseloadRow]:
        """Every client as of the end of `as_of`, active ones first, then by alias: one
        grouped pass over an index of the interactions by client and one over the index
        of open follow-ups, never a query per client: about 75 ms at 50,000 records."""
        end = (as_of + timedelta(days=1)).isoformat()
        month = as_of.replace(day=1).isoformat()
        mirror = self.vault.mirror
        activity = mirror.activity_by_field("interaction", "client", month, end)
        follow_ups = mirror.earliest_by_field("interaction", "client", FOLLOW_UP)
        rows = []
        for client in self.clients():
            latest, this_month = activity.get(client.alias, (None, 0))
            rows.append(
                CaseloadRow(
                    client_id=str(client.id),
                    alias=client.alias,
                    status=client.status,
                    last_contact=datetime.fromisoformat(latest) if latest else None,
                    contacts_this_month=this_month,
                    next_follow_up=(
                        date.fromisoformat(follow_ups[client.alias])
                        if client.alias in follow_ups
                        else None
                    ),
                )
            )
        return sorted(rows, key=lambda row: row.status != "active")  # stable: by alias

    def records_about(self, alias: str) -> list[Document]:
        """Every interaction and boundary event that names this client, newest first."""
        documents = self.vault.mirror.documents_with(("interaction", "boundary"), "client", alias)
        return sorted(
            documents, key=lambda document: (document["at"], document["id"]), reverse=True
        )

    def delete_client(self, alias_text: str) -> int:
        """The client, every record about them and every kept version that names them
        (under any alias they ever had): nothing of them is kept. A record since moved to
        another client stays, without the versions from before the move. Decided under
        the write lock, so a record logged for them by another copy meanwhile goes too.
        Every draft goes with them: one may name them anywhere, a note included, and no
        alias can be told apart reliably from the words around it."""

        def decide() -> tuple[int, Changes]:
            client = self.client(alias_text)
            assert client.id is not None
            client_id = client.id
            aliases = self._aliases_ever(client)
            about = {document["id"] for document in self.records_about(client.alias)}
            earlier = self._ids_with_versions_naming(aliases) - about - {client_id}
            still_here = {record_id for record_id in earlier if self.vault.get(record_id)}
            index = {
                key: owner
                for key, owner in self._index(ALIAS_INDEX_ID).items()
                if owner != client_id  # every alias they ever had: nothing of them stays
            }
            purged = {client_id, *about, *(earlier - still_here), *DRAFT_IDS}
            return len(about), Changes(
                purge=tuple(sorted(purged)),
                forget_history=tuple(sorted(still_here)),
                replace={
                    ALIAS_INDEX_ID: self._index_document(index),
                    **self._marks_without(purged),
                },
            )

        return self._decide(decide)

    def _aliases_ever(self, client: Client) -> set[str]:
        assert client.id is not None
        earlier = {str(revision.document.get("alias")) for revision in self.revisions(client.id)}
        return {client.alias, *earlier}

    def _ids_with_versions_naming(self, aliases: Iterable[str]) -> set[str]:
        """Records whose kept versions name one of these aliases (deleted records, and
        records edited away from the client or renamed with it)."""
        found: set[str] = set()
        for alias in aliases:
            found |= self.vault.mirror.ids_with_a_revision_where("client", alias)
        return found

    # --- recording -----------------------------------------------------------------------

    def record(self, record_type: str, options: Options) -> Saved[Record]:
        """A new interaction, boundary event, reflection or support entry. Its client is
        looked up under the write lock: a client deleted meanwhile refuses it."""
        fresh = new_record(record_type, options, today=self.today(), now=self.now())

        def decide() -> tuple[Saved[Record], Changes]:
            record = replace(self._with_clients_alias(fresh), id=self._new_id())
            return Saved(record), Changes(put={str(record.id): record.to_document()})

        return self._decide(decide)

    def _with_clients_alias(self, record: RecordT) -> RecordT:
        """The record naming its client exactly as the client is recorded ('m-17' typed
        for client 'M-17'), so every later lookup and deletion finds it."""
        alias = getattr(record, "client", None)
        if alias is None:
            return record
        client = self.client(alias, "--client" if record.record_type == "boundary" else "ALIAS")
        if client.status == "closed" and record.record_type == "interaction":
            raise ValidationError(
                "ALIAS",
                f"{client.alias} is closed. To log with them again, reopen them first: "
                f"`psp-journal edit {client.id} --status active`",
            )
        return replace(record, client=client.alias)  # type: ignore[arg-type]

    def checkin(self, options: Options, day: date | None = None) -> Saved[Checkin]:
        """Today's (or `day`'s) check-in: a second one for the same date changes only the
        fields given, and the earlier version is kept as a revision."""
        day = day or self.today()

        def decide() -> tuple[Saved[Checkin], Changes]:
            index = self._index(CHECKIN_INDEX_ID)
            existing_id = index.get(day.isoformat())
            if existing_id is None:
                fresh = new_record(
                    "checkin",
                    {**options, "date": day.isoformat()},
                    today=self.today(),
                    now=self.now(),
                )
                record = replace(fresh, id=self._new_id())
            else:
                current = self.get(existing_id)
                record = apply_edit(current, options, today=self.today(), now=self.now())
            assert isinstance(record, Checkin) and record.id is not None
            index[day.isoformat()] = record.id
            return Saved(record), Changes(
                put={record.id: record.to_document()},
                replace={CHECKIN_INDEX_ID: self._index_document(index)},
            )

        return self._decide(decide)

    # --- editing -------------------------------------------------------------------------

    def edit(self, record_id: str, changes: Options) -> Saved[Record]:
        """Only the fields given change; the previous version is kept as a revision."""
        if not changes:
            raise ValidationError("edit", "give at least one field to change, like --note")

        def decide() -> tuple[Saved[Record], Changes]:
            current = self.get(record_id)
            edited = apply_edit(current, changes, today=self.today(), now=self.now())
            if _client_changed(current, edited):
                edited = self._with_clients_alias(edited)
            replaced = self._reindex(current, edited)
            return Saved(edited), Changes(put={record_id: edited.to_document()}, replace=replaced)

        return self._decide(decide)

    def _reindex(
        self, current: Record | None, edited: Record, *, typed: bool = True
    ) -> dict[str, Document]:
        """Keep the indexes (and records naming a renamed client) true after an edit, or
        after a restore (`typed` False: a refusal names the stored field, not an option).
        `current` is None when a deleted entry comes back."""
        if isinstance(edited, Checkin):
            if isinstance(current, Checkin) and current.date == edited.date:
                return {}
            index = self._index(CHECKIN_INDEX_ID)
            if index.get(edited.date.isoformat(), edited.id) != edited.id:
                raise ValidationError(
                    "--date" if typed else "date",
                    f"there is already a check-in for {edited.date.isoformat()}",
                )
            if isinstance(current, Checkin):
                index.pop(current.date.isoformat(), None)
            index[edited.date.isoformat()] = str(edited.id)
            return {CHECKIN_INDEX_ID: self._index_document(index)}
        if isinstance(current, Client) and isinstance(edited, Client):
            if current.alias == edited.alias:
                return {}
            return self._follow_rename(current, edited.alias, "--alias" if typed else "alias")
        return {}

    def restore_revision(self, record_id: str, number: int) -> Saved[Record]:
        """Kept version `number` (as `revisions` numbers them) made current again, checked
        as an edit is. The version it replaces is kept as a revision, as an edit keeps it:
        restoring never discards another version, and restoring that one undoes it. A
        deleted entry comes back. A version about a client since renamed names them by
        the alias they have now; a client's own earlier alias renames them back, with
        every record about them. Restoring the version that is already current writes
        nothing."""

        def decide() -> tuple[Saved[Record], Changes]:
            kept = {revision.number: revision for revision in self.revisions(record_id)}
            revision = kept.get(number)
            if revision is None or revision.document.get("type") not in RECORD_KINDS:
                raise ValidationError(
                    "revision",
                    f"{record_id!r} has no kept version {number}"
                    + (f"; its versions are 1 to {len(kept)}" if kept else ""),
                )
            document = self.vault.get(record_id)
            current = stored_record(document) if document is not None else None
            restored = replace(stored_record(revision.document), id=record_id)
            client = getattr(restored, "client", None)
            if client is not None:
                restored = replace(restored, client=self._alias_now(client))  # type: ignore[arg-type]
            if restored == current:
                return Saved(restored), Changes()
            replaced = self._reindex(current, restored, typed=False)
            return Saved(restored), Changes(
                put={record_id: restored.to_document()}, replace=replaced
            )

        return self._decide(decide)

    def _alias_now(self, alias: str) -> str:
        """The alias of the client once (or still) known as `alias`."""
        client_id = self._index(ALIAS_INDEX_ID).get(alias_key(alias))
        client = self.vault.get(client_id) if client_id else None
        if client is None:
            raise ValidationError("client", f"{alias!r} is no longer a client in this journal")
        return str(client["alias"])

    def delete(self, record_id: str) -> Record:
        """Removed from the journal; the last version is kept as a revision until purged."""

        def decide() -> tuple[Record, Changes]:
            record = self.get(record_id)
            if isinstance(record, Client):
                raise ValidationError(
                    "ID",
                    "a client is removed with `psp-journal client delete ALIAS --with-records`",
                )
            if isinstance(record, Checkin):
                index = self._index(CHECKIN_INDEX_ID)
                index.pop(record.date.isoformat(), None)
                return record, Changes(
                    delete=(record_id,), replace={CHECKIN_INDEX_ID: self._index_document(index)}
                )
            return record, Changes(delete=(record_id,))

        return self._decide(decide)

    # --- follow-ups ----------------------------------------------------------------------

    def followups(self, client: str | None = None) -> list[Interaction]:
        """Interactions with a follow-up date, soonest first (only those with `client`, an
        alias as recorded, if given): read off an index of the open follow-ups, never
        every interaction; for one client, off their own interactions instead (a client's
        page at 50,000 records: under 0.1 s, against 0.45 building every open follow-up)."""
        mirror = self.vault.mirror
        documents = (
            mirror.documents_with_field_up_to("interaction", FOLLOW_UP)
            if client is None
            else [
                document
                for document in mirror.documents_with(("interaction",), "client", client)
                if document.get(FOLLOW_UP) is not None
            ]
        )
        due = _only(Interaction, (stored_record(document) for document in documents))
        return sorted(due, key=lambda record: (record.follow_up or date.max, record.id or ""))

    def followup_done(self, record_id: str) -> Interaction:
        """From the interaction as stored at the commit: an edit made meanwhile stays."""

        def decide() -> tuple[Interaction, Changes]:
            record = self.get(record_id)
            if not isinstance(record, Interaction) or record.follow_up is None:
                raise ValidationError("ID", f"{record_id!r} has no follow-up to mark done")
            done = replace(record, follow_up=None)
            return done, Changes(put={record_id: done.to_document()})

        return self._decide(decide)

    # --- retention -----------------------------------------------------------------------

    def purge_before(self, cutoff: date) -> Purged:
        """Every entry, step-back prompt record and export record dated before `cutoff`,
        with every kept version of them; and every kept version of any other entry whose
        own date or time is before it, even when its current version stays. Gone for good,
        decided under the write lock so nothing written meanwhile escapes it. A draft
        last saved before `cutoff` goes too (uncounted: it was never an entry); one saved
        since stays, so the rolling retention the app applies on unlock keeps the draft
        it saved when it locked."""
        return self._purge(cutoff, {})

    def purge_preview(self, cutoff: date) -> Purged:
        """What `purge_before(cutoff)` would remove now, counted the same way, removing
        nothing: the app's confirmation says what goes before anything does."""
        return self._purge_plan(cutoff, {})[0]

    def _purge(self, cutoff: date, also_replace: Mapping[str, Document]) -> Purged:
        return self._decide(lambda: self._purge_plan(cutoff, also_replace))

    def _purge_plan(
        self, cutoff: date, also_replace: Mapping[str, Document]
    ) -> tuple[Purged, Changes]:
        """What a purge before `cutoff` removes, and the changes that remove it; run
        inside the write transaction when it is to be written, outside for a preview."""
        limit = cutoff.isoformat()
        mirror = self.vault.mirror
        gone = dict(mirror.documents_dated_before(DATED_TYPES, limit))
        older_versions = {
            of_id: numbers
            for of_id, numbers in mirror.revisions_dated_before(DATED_TYPES, limit).items()
            if of_id not in gone
        }
        # An entry deleted earlier whose every kept version is old goes whole.
        wholly_old = {
            of_id
            for of_id, numbers in older_versions.items()
            if mirror.document(of_id) is None and len(numbers) == mirror.revision_count(of_id)
        }
        index = self._index(CHECKIN_INDEX_ID)
        kept = {day: record_id for day, record_id in index.items() if record_id not in gone}
        kinds = list(gone.values())
        purged = Purged(
            before=cutoff,
            entries=sum(kind in ENTRY_TYPES for kind in kinds),
            prompt_records=kinds.count(PROMPT_TYPE),
            export_records=kinds.count(LEDGER_TYPE),
            earlier_versions=sum(len(numbers) for numbers in older_versions.values()),
        )
        replaced = {CHECKIN_INDEX_ID: self._index_document(kept)} if kept != index else {}
        replaced.update(self._marks_without({*gone, *wholly_old}))
        return purged, Changes(
            purge=tuple(sorted({*gone, *wholly_old})),
            forget_revisions={
                of_id: numbers
                for of_id, numbers in older_versions.items()
                if of_id not in wholly_old
            },
            replace={**replaced, **also_replace},
        )

    def apply_retention(self) -> Purged | None:
        """The person's rolling retention, if they set one: `purge_before` today − N days.
        None when they keep everything. Never called by a read-only command or a rescue.

        A command that writes one entry must stay fast however large the journal is, so
        the full purge (which reads the mirror) runs only when it can find something: when
        the cut-off moved since it last ran (a new day, a new setting), or this journal
        saved something dated before the cut-off. An entry another running copy saves with
        an old date is erased when that copy applies retention, or here once the cut-off
        moves on (the next day)."""
        days = self.settings().retention_days
        if days is None:
            return None
        cutoff = self.today() - timedelta(days=days)
        applied = self._index(RETENTION_INDEX_ID).get("applied-before")
        older_written = self._earliest_written is not None and (
            self._earliest_written < cutoff.isoformat()
        )
        if applied == cutoff.isoformat() and not older_written:
            return Purged(before=cutoff, kept_days=days)
        mark = {RETENTION_INDEX_ID: self._index_document({"applied-before": cutoff.isoformat()})}
        return replace(self._purge(cutoff, mark), kept_days=days)

    # --- settings and plan ---------------------------------------------------------------

    def settings(self) -> Settings:
        document = self.vault.get(SETTINGS_ID)
        return Settings.from_document(document) if document else Settings()

    def set_setting(self, key: str, value: str) -> Settings:
        """One setting changed in the settings as stored at the commit, so another copy's
        change to a different setting meanwhile is kept."""

        def decide() -> tuple[Settings, Changes]:
            updated = set_setting(self.settings(), key, value)
            return updated, Changes(put={SETTINGS_ID: updated.to_document()})

        return self._decide(decide)

    def set_settings(self, values: Mapping[str, str]) -> Settings:
        """Several settings changed in one write, in the order given: all of them or, when
        one is refused (its error names its key), none. The app's Save uses it."""

        def decide() -> tuple[Settings, Changes]:
            updated = self.settings()
            for key, value in values.items():
                updated = set_setting(updated, key, value)
            return updated, Changes(put={SETTINGS_ID: updated.to_document()})

        return self._decide(decide)

    def plan(self) -> WellnessPlan:
        document = self.vault.get(PLAN_ID)
        return WellnessPlan.from_document(document) if document else WellnessPlan()

    def set_plan(self, plan: WellnessPlan) -> WellnessPlan:
        """The whole wellness plan replaced (a plan is checked when it is built); the
        previous one is kept as a revision, as an edit keeps an entry's."""
        if not isinstance(plan, WellnessPlan):
            raise ValidationError("plan", "must be a wellness plan")
        return self._decide(lambda: (plan, Changes(put={PLAN_ID: plan.to_document()})))

    def set_plan_section(self, section: str, items: Sequence[PlanItem]) -> WellnessPlan:
        """One section of the plan (PLAN_SECTIONS) replaced by what the person typed,
        in the plan as stored at the commit, so another copy's change to another section
        meanwhile is kept. See `plan_with_section` for how the items are read."""

        def decide() -> tuple[WellnessPlan, Changes]:
            updated = plan_with_section(self.plan(), section, items)
            return updated, Changes(put={PLAN_ID: updated.to_document()})

        return self._decide(decide)

    # --- the signing key -------------------------------------------------------------------

    def signing_key(self) -> Ed25519PrivateKey:
        """The Ed25519 key this journal signs summaries with, made and stored on first use.
        Decided under the write lock, so two copies signing at once agree on one key."""
        document = self.vault.get(SIGNING_KEY_ID)
        if document is None:

            def decide() -> tuple[Document, Changes]:
                stored = self.vault.get(SIGNING_KEY_ID)
                if stored is not None:
                    return stored, Changes()
                raw = Ed25519PrivateKey.generate().private_bytes_raw()
                made = {"type": KEY_TYPE, "private": base64.b64encode(raw).decode("ascii")}
                return made, Changes(put={SIGNING_KEY_ID: made})

            document = self._decide(decide)
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(document["private"]))

    # --- drafts: an open form kept while the app is locked ---------------------------------

    def save_draft(self, form: str, fields: Mapping[str, str]) -> None:
        """Kept encrypted, like everything else, to be offered back after unlock. A draft
        is a working copy: each save overwrites the last and no earlier version is kept.
        It is dated by this save, so a purge or retention erases it with everything dated
        before its cut-off, and deleting a client erases every draft."""
        document = {
            "type": DRAFT_TYPE,
            "form": form,
            "at": self.now().isoformat(timespec="minutes"),
            "fields": check_draft(form, fields),
        }
        self.vault.write(replace={_draft_id(form): document})

    def drafts(self) -> dict[str, dict[str, str]]:
        """The kept drafts by form, read from disk: a draft another copy saved counts."""
        found = {}
        for form, draft_id in zip(DRAFT_FORMS, DRAFT_IDS, strict=True):
            document = self.vault.get(draft_id)
            if document is not None:
                found[form] = dict(document["fields"])
        return found

    def discard_draft(self, form: str) -> None:
        """Removed without a kept version, but not erased (see `Changes.discard`): its
        sealed copy may stay in the write-ahead log until the next checkpoint, as an
        edited entry's older blob does. Discarding a form with no draft does nothing."""
        check_draft_form(form)
        self.vault.transact(lambda: Changes(discard=(_draft_id(form),)))

    # --- strain --------------------------------------------------------------------------

    def _records_between(self, record_type: str, first: date, last: date) -> list[Record]:
        documents = self.vault.mirror.documents_between(
            record_type, first.isoformat(), (last + timedelta(days=1)).isoformat()
        )
        return [stored_record(document) for document in documents]

    def strain_records(self, first: date, last: date) -> StrainRecords:
        """Everything dated from `first` to `last`, and the latest supervision before
        `first` (all the supervision-gap rule needs from further back)."""
        supports = self._records_between("support", first, last)
        earlier = self.vault.mirror.latest_before(
            "support", first.isoformat(), "kind", "supervision"
        )
        if earlier is not None:
            supports.insert(0, stored_record(earlier))
        return StrainRecords(
            checkins=_only(Checkin, self._records_between("checkin", first, last)),
            interactions=_only(Interaction, self._records_between("interaction", first, last)),
            boundaries=_only(Boundary, self._records_between("boundary", first, last)),
            supports=_only(Support, supports),
        )

    def assess(self, as_of: date) -> Assessment:
        settings = self.settings()
        first = as_of - timedelta(days=longest_window(settings) - 1)
        return assess_strain(self.strain_records(first, as_of), settings, as_of)

    def trend(self, as_of: date, weeks: int) -> list[Assessment]:
        """The assessment at the end of each of the last `weeks` ISO weeks, oldest first:
        one query for the whole span, then the pure engine per week."""
        settings = self.settings()
        first = as_of - timedelta(weeks=weeks, days=longest_window(settings))
        return weekly_trend(self.strain_records(first, as_of), settings, as_of, weeks)

    def what_helps(self, as_of: date, weeks: int) -> tuple[SelfCareComparison, ...]:
        """Mood with and without each self-care item over the last `weeks` ISO weeks."""
        checkins = self._records_between("checkin", first_monday(as_of, weeks), as_of)
        return compare_self_care(_only(Checkin, checkins))

    def insights(self, as_of: date, weeks: int) -> Insights:
        """Everything the insights screen shows, so the app only draws it: one indexed
        query of the weeks' records (and the longest strain window before them) feeds the
        weekly series, the weekly trend and "what helps"."""
        settings = self.settings()
        first = first_monday(as_of, weeks)
        records = self.strain_records(first - timedelta(days=longest_window(settings)), as_of)
        trend = weekly_trend(records, settings, as_of, weeks)
        intense_from = int(settings.thresholds["intensity-load"]["intensity"])
        return Insights(
            as_of=as_of,
            weeks=weekly_series(records, trend, as_of, intense_from),
            what_helps=compare_self_care(c for c in records.checkins if c.date >= first),
            intense_from=intense_from,
        )

    # --- the dashboard -----------------------------------------------------------------------

    def dashboard(self, as_of: datetime) -> Dashboard:
        """Everything the dashboard shows, so the app only draws it: one indexed query of
        the records of the last 30 days (or the longest strain window, if longer) feeds
        the assessment, the series, the week and the recent boundary events; the rest are
        single indexed lookups. Nothing reads every record: a few milliseconds at 50,000."""
        day = as_of.date()
        settings = self.settings()
        span = max(SERIES_DAYS, longest_window(settings))
        records = self.strain_records(day - timedelta(days=span - 1), day)
        checkins = records.checkins
        supervised = last_supervision(records.supports, day)
        items_from = supervision_items_from(supervised, day)
        return Dashboard(
            as_of=as_of,
            checkin=next((checkin for checkin in checkins if checkin.date == day), None),
            assessment=assess_strain(records, settings, day),
            mood=daily_series(checkins, day, lambda checkin: checkin.mood),
            stress=daily_series(checkins, day, lambda checkin: checkin.stress),
            sleep=daily_series(checkins, day, lambda checkin: checkin.sleep),
            week=week_load(
                records.interactions, day, int(settings.thresholds["intensity-load"]["intensity"])
            ),
            followups_due=self.vault.mirror.count_with_field_up_to(
                "interaction", FOLLOW_UP, day.isoformat()
            ),
            boundaries=recent_boundaries(records.boundaries, day),
            supervision_items=tuple(self.supervision_items(items_from, day)),
            supervision_items_from=items_from,
            days_since_supervision=None if supervised is None else (day - supervised).days,
            last_client=self._last_active_client(day),
        )

    def _last_active_client(self, day: date) -> str | None:
        latest = self.vault.mirror.documents_by_period(
            types=("interaction",), start=None, end=(day + timedelta(days=1)).isoformat(), limit=1
        )
        if not latest:
            return None
        alias = str(json.loads(latest[0])["client"])
        client_id = self._index(ALIAS_INDEX_ID).get(alias_key(alias))
        client = self.vault.get(client_id) if client_id else None
        return alias if client is not None and client.get("status") == "active" else None

    # --- the step-back prompt ---------------------------------------------------------------

    def prompt_history(self) -> list[PromptEvent]:
        return prompt_history(self.vault)

    def prompt_due(self) -> tuple[PromptDecision, Assessment]:
        """Whether the app should show the step-back prompt now, and the assessment behind it."""
        now = self.now()
        assessment = self.assess(now.date())
        levels: dict[date, str] = {}

        def level_on(day: date) -> str:
            if day not in levels:
                levels[day] = self.assess(day).level
            return levels[day]

        return prompt_due(assessment, self.prompt_history(), now, level_on), assessment

    def record_prompt_event(
        self,
        event: str,
        assessment: Assessment,
        note: str = "",
        snooze: str | None = None,
    ) -> PromptEvent:
        """The prompt was shown, or answered: kept with the indicators that caused it."""
        now = self.now()
        settings = self.settings()
        until = (
            snooze_until(snooze, now, settings.work_start, settings.working_days)
            if snooze
            else None
        )
        recorded = PromptEvent(
            at=now,
            event=event,
            indicators=tuple(result.id for result in assessment.active),
            snooze_until=until,
            note=note,
            id=self._new_id(),
        )
        self.vault.write(put={str(recorded.id): recorded.to_document()})
        return recorded

    def supervision_items(
        self, first: date, last: date, *, include_discussed: bool = False
    ) -> list[Document]:
        """What the person marked to discuss, and prompts they chose to bring to
        supervision, in the period: the list the dashboard shows and the supervisor export
        starts from. An item marked discussed leaves it, unless `include_discussed` (a
        list where the mark can be taken back)."""
        start, end = first.isoformat(), (last + timedelta(days=1)).isoformat()
        mirror = self.vault.mirror
        items = [
            document
            for record_type in ("interaction", "boundary", "reflection")
            for document in mirror.documents_between(record_type, start, end)
            if document.get("discuss")
        ]
        items += [
            event.to_document()
            for event in map(
                PromptEvent.from_document, mirror.documents_between(PROMPT_TYPE, start, end)
            )
            if event.event == BRING_TO_SUPERVISION
        ]
        if not include_discussed:
            discussed = self._index(DISCUSSED_INDEX_ID)
            items = [document for document in items if document["id"] not in discussed]
        return sorted(items, key=lambda document: (document["at"], document["id"]))

    def mark_discussed(self, item_id: str, discussed: bool = True) -> None:
        """Mark a supervision item (see `supervision_items`) as talked through, or, with
        `discussed` False, take the mark back. Marking twice keeps the first mark's time;
        taking back a mark that is not there does nothing. Decided under the write lock:
        two windows marking at once keep one mark."""

        def decide() -> tuple[None, Changes]:
            index = self._index(DISCUSSED_INDEX_ID)
            if discussed == (item_id in index):
                return None, Changes()
            if discussed:
                self._supervision_item(item_id)
                index[item_id] = self.now().isoformat(timespec="minutes")
            else:
                del index[item_id]
            return None, Changes(replace={DISCUSSED_INDEX_ID: self._index_document(index)})

        self._decide(decide)

    def discussed_marks(self) -> list[DiscussedMark]:
        """Every discussed mark on an item still in the journal, in the dump's order."""
        return discussed_marks(self.vault)

    def _supervision_item(self, item_id: str) -> Document:
        document = self.vault.get(item_id) if item_id and not item_id.startswith("_") else None
        kind = document.get("type") if document else None
        if document is None or kind not in DISCUSSABLE_TYPES:
            raise ValidationError("ID", f"there is no entry with the id {item_id!r}")
        if kind == PROMPT_TYPE:
            if document.get("event") != BRING_TO_SUPERVISION:
                raise ValidationError(
                    "ID", f"{item_id!r} is a step-back prompt not brought to supervision"
                )
        elif not document.get("discuss"):
            raise ValidationError("ID", f"{item_id!r} is not marked to discuss")
        return document

    def _marks_without(self, erased: Iterable[str]) -> dict[str, Document]:
        """The discussed index without marks on items being erased, to replace it with;
        nothing when no mark names one."""
        index, gone = self._index(DISCUSSED_INDEX_ID), set(erased)
        kept = {item: at for item, at in index.items() if item not in gone}
        return {} if kept == index else {DISCUSSED_INDEX_ID: self._index_document(kept)}

    def summary_inputs(self, first: date, last: date) -> SummaryInputs:
        """What `build_summary` needs for `first`..`last`: the records (from the longest
        strain window before `first`, for the strain section), the prompt answers, the
        supervision items, and which days had a reflection (only their dates)."""
        settings = self.settings()
        start, end = first.isoformat(), (last + timedelta(days=1)).isoformat()
        mirror = self.vault.mirror
        return SummaryInputs(
            records=self.strain_records(first - timedelta(days=longest_window(settings)), last),
            settings=settings,
            prompts=[
                PromptEvent.from_document(document)
                for document in mirror.documents_between(PROMPT_TYPE, start, end)
            ],
            items=self.supervision_items(first, last),
            reflection_days=frozenset(
                date.fromisoformat(str(document["at"])[:10])
                for document in mirror.documents_between("reflection", start, end)
            ),
        )

    # --- the ledger ----------------------------------------------------------------------

    def record_ledger_entry(
        self,
        *,
        kind: str,
        recipient: str,
        file: str,
        sha256: str,
        records: int | None,
        export: Mapping[str, Any] | None = None,
    ) -> Document:
        """What left the vault, when, to whom, and the SHA-256 of exactly what left.
        Written after the file is safely on disk. A summary export adds `export`: its
        period, sections and format (EXPORT_LEDGER_FIELDS); it holds counts, not records,
        so its `records` is None."""
        entry_id = self._new_id()
        entry: Document = {
            "type": LEDGER_TYPE,
            "id": entry_id,
            "at": self.now().isoformat(timespec="minutes"),
            "kind": kind,
            "recipient": recipient,
            "file": file,
            "sha256": sha256,
            "records": records,
            **(export or {}),
        }
        check_ledger_entry(entry)
        self.vault.write(put={entry_id: entry})
        return entry

    def ledger(self) -> list[Document]:
        return self.documents_of_type(LEDGER_TYPE)

    # --- portability ---------------------------------------------------------------------

    def dump_documents(self) -> Iterator[Document]:
        return dump_documents(self.vault)

    def import_documents(self, lines: Iterable[str]) -> int:
        """All or nothing: every line is checked first, then one transaction writes them."""
        plan = _ImportPlan(self)
        for number, line in enumerate(lines, start=1):
            if line.strip():
                plan.add(number, line)
        count = plan.commit()
        self.vault.save_snapshot()  # the first open after a large import stays O(changes)
        return count

    # --- reading entries back: list and search -------------------------------------------

    def list_entries(self, query: EntryQuery) -> list[Record]:
        """Entries newest first, as `jrnl -n 10` shows them; a check-in (a day, not a
        moment) sorts at the start of its day. A long list (the app's journal) is read a
        page at a time: `limit` entries, then the next page `after` the last of them
        (`EntryCursor.after`), each page as quick as the first at 50,000 records."""
        start, end = _period_bounds(query)
        after = query.after
        bodies = self.vault.mirror.documents_by_period(
            types=query.kinds_that_can_match(),
            start=start,
            end=end,
            client=self.client(query.client, "--client").alias if query.client else None,
            tag=query.tag,
            discuss=query.discuss,
            limit=query.limit,
            after=(after.moment, after.id) if after else None,
        )
        return [stored_record(json.loads(body)) for body in bodies]

    def count_entries(self, query: EntryQuery) -> int:
        """How many entries `list_entries` can page through for `query` (its `limit` and
        `after` aside): a long list's length, counted without reading any entry."""
        start, end = _period_bounds(query)
        return self.vault.mirror.count_by_period(
            types=query.kinds_that_can_match(),
            start=start,
            end=end,
            client=self.client(query.client, "--client").alias if query.client else None,
            tag=query.tag,
            discuss=query.discuss,
        )

    def search_entries(self, text: str, query: EntryQuery) -> list[Found]:
        """Entries holding every word of `text` (no FTS5 syntax needed), best match
        first, each with the words around the match; only the period, kinds and limit of
        `query` apply."""
        start, end = _period_bounds(query)
        rows = self.vault.mirror.search_by_period(
            search_terms(text), types=query.kinds, start=start, end=end, limit=query.limit
        )
        return [Found(stored_record(json.loads(body)), snippet) for body, snippet in rows]


def _period_bounds(query: EntryQuery) -> tuple[str | None, str | None]:
    """Inclusive local dates as the mirror's half-open range of moments: the day after
    `last` is the first moment not wanted, so every time on `last` itself is kept."""
    start = query.first.isoformat() if query.first else None
    last = query.last
    # 9999-12-31 has no day after it: the period is open-ended.
    end = (last + timedelta(days=1)).isoformat() if last and last < date.max else None
    return start, end


def could_be_an_id(text: str) -> bool:
    """Whether an entry could have this id: printable, short, not one of the journal's own."""
    return 0 < len(text) <= ID_MAX_CHARS and text.isprintable() and not text.startswith("_")


def search_terms(query: str) -> str:
    """The words of a search, each quoted, so no FTS5 syntax is needed (or misread). A
    null character or half a surrogate pair cannot reach SQLite (it would fail there, as
    an unexpected error), and a query longer than any search is refused before it costs."""
    words = parse_text("QUERY", query, QUERY_MAX_CHARS).split()
    if not words:
        raise ValidationError("QUERY", "give at least one word to search for")
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


LEDGER_FIELDS = ("type", "id", "at", "kind", "recipient", "file", "sha256", "records")


EXPORT_LEDGER_FIELDS = ("period", "sections", "format")


def check_ledger_entry(document: Mapping[str, Any]) -> None:
    """A dump's entry has exactly LEDGER_FIELDS; a summary export's also its period,
    sections and format, so what a supervisor was sent can be told later."""
    fields = set(LEDGER_FIELDS)
    if document.get("kind") == "export":
        fields |= set(EXPORT_LEDGER_FIELDS)
    if set(document) != fields or not isinstance(document["id"], str):
        raise ValidationError("ledger", f"needs exactly the fields {', '.join(sorted(fields))}")


def check_fixed_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """A settings or plan line, checked; returned without its id (the journal's own)."""
    body = {key: value for key, value in document.items() if key != "id"}
    if document.get("type") == "settings":
        Settings.from_document(body)
    else:
        WellnessPlan.from_document(body)
    return body


def _only(kind: type[RecordT], records: Iterable[Record]) -> list[RecordT]:
    return [record for record in records if isinstance(record, kind)]


def _client_changed(current: Record, edited: Record) -> bool:
    return getattr(current, "client", None) != getattr(edited, "client", None)


class _ImportPlan:
    """The checks of an import, collected before anything is written."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal
        self._records: list[tuple[int, Record]] = []
        self._extras: dict[str, Document] = {}
        self._ids: set[str] = set()
        self._marks: dict[str, tuple[int, DiscussedMark]] = {}

    def add(self, number: int, line: str) -> None:
        from psp_journal.portability import parse_import_line

        document = parse_import_line(number, line)
        with _on_line(number):
            self._add_document(number, document)

    def _add_document(self, number: int, document: Any) -> None:
        if isinstance(document, dict) and document.get("type") in ("settings", "plan"):
            self._add_extra(document)
            return
        if isinstance(document, dict) and document.get("type") == LEDGER_TYPE:
            self._add_ledger_entry(document)
            return
        if isinstance(document, dict) and document.get("type") == PROMPT_TYPE:
            self._add_prompt_event(PromptEvent.from_document(document))
            return
        if isinstance(document, dict) and document.get("type") == DISCUSSED_TYPE:
            mark = DiscussedMark.from_document(document)
            if mark.item in self._marks:
                raise ValidationError(
                    "item", f"{mark.item!r} is marked discussed twice in this file"
                )
            self._marks[mark.item] = (number, mark)
            return
        record = record_from_document(document, now=self._journal.now())
        if record.id is not None:
            if record.id in self._ids or self._journal.vault.get(record.id) is not None:
                raise ValidationError("id", f"{record.id!r} is already in the journal")
            if record.id.startswith("_") or record.id in (SETTINGS_ID, PLAN_ID):
                raise ValidationError("id", f"{record.id!r} is reserved")
            self._ids.add(record.id)
        self._records.append((number, record))

    def _add_prompt_event(self, event: PromptEvent) -> None:
        event_id = event.id or self._journal._new_id()
        if self._journal.vault.get(event_id) is not None or event_id in self._ids:
            raise ValidationError("id", f"{event_id!r} is already in the journal")
        self._ids.add(event_id)
        self._extras[event_id] = replace(event, id=event_id).to_document()

    def _add_ledger_entry(self, document: Document) -> None:
        """Past exports and dumps move with the journal: the record of what left stays."""
        check_ledger_entry(document)
        if self._journal.vault.get(document["id"]) is not None or document["id"] in self._ids:
            raise ValidationError("id", f"{document['id']!r} is already in the journal")
        self._ids.add(document["id"])
        self._extras[document["id"]] = dict(document)

    def _add_extra(self, document: Document) -> None:
        body = check_fixed_document(document)
        self._extras[SETTINGS_ID if document["type"] == "settings" else PLAN_ID] = body

    def commit(self) -> int:
        """Written in one transaction, checked against the indexes as they are at the
        commit: a client or check-in another copy added meanwhile is neither duplicated
        nor dropped from its index."""
        return self._journal._decide(self._decide)

    def _decide(self) -> tuple[int, Changes]:
        journal = self._journal
        aliases = journal._index(ALIAS_INDEX_ID)
        dates = journal._index(CHECKIN_INDEX_ID)
        put: dict[str, Document] = dict(self._extras)
        line_of: dict[str, int] = {}
        new_aliases: dict[str, str] = {}
        for number, record in self._records:
            record_id = record.id or journal._new_id()
            while record_id in put:
                record_id = journal._new_id()
            record = replace(record, id=record_id)
            line_of[record_id] = number
            with _on_line(number):
                if isinstance(record, Client):
                    key = alias_key(record.alias)
                    if key in aliases:
                        raise ValidationError(
                            "alias", f"{record.alias!r} is already used in this journal"
                        )
                    if key in new_aliases:
                        earlier = put[new_aliases[key]]["alias"]
                        raise ValidationError(
                            "alias",
                            f"{record.alias!r} is already used in this file (as {earlier!r} "
                            f"on line {line_of[new_aliases[key]]})",
                        )
                    new_aliases[key] = record_id
                elif isinstance(record, Checkin):
                    day = record.date.isoformat()
                    if day in dates:
                        raise ValidationError("date", f"there is already a check-in for {day}")
                    dates[day] = record_id
            put[record_id] = record.to_document()
        canonical = {key: str(put[client_id]["alias"]) for key, client_id in new_aliases.items()}
        for key, client_id in aliases.items():
            existing = journal.vault.get(client_id)
            canonical[key] = str(existing["alias"]) if existing else key
        for record_id, document in put.items():
            alias = document.get("client")
            if alias is None or document.get("type") not in ("interaction", "boundary"):
                continue
            if alias_key(alias) not in canonical:
                with _on_line(line_of[record_id]):
                    raise ValidationError(
                        "client", f"{alias!r} is not a client in the journal or the file"
                    )
            document["client"] = canonical[alias_key(alias)]
        aliases.update(new_aliases)
        return len(self._records), Changes(
            put=put,
            replace={
                ALIAS_INDEX_ID: journal._index_document(aliases),
                CHECKIN_INDEX_ID: journal._index_document(dates),
                **self._discussed_index(put),
            },
        )

    def _discussed_index(self, put: Mapping[str, Document]) -> dict[str, Document]:
        """The marks of the file added to the journal's: each names an item of the file
        or of the journal that a supervision list can hold, not marked already."""
        if not self._marks:
            return {}
        journal = self._journal
        index = journal._index(DISCUSSED_INDEX_ID)
        for item, (number, mark) in self._marks.items():
            with _on_line(number):
                if item in index:
                    raise ValidationError("item", f"{item!r} is already marked discussed")
                document = put.get(item) or (
                    journal.vault.get(item) if not item.startswith("_") else None
                )
                if document is None or document.get("type") not in DISCUSSABLE_TYPES:
                    raise ValidationError(
                        "item", f"{item!r} is not an entry or prompt in the journal or the file"
                    )
            index[item] = mark.at.isoformat(timespec="minutes")
        return {DISCUSSED_INDEX_ID: journal._index_document(index)}


@contextmanager
def _on_line(number: int) -> Iterator[None]:
    """Name the import line in any refusal, so the person can find and fix it."""
    try:
        yield
    except ValidationError as error:
        raise ValidationError(f"line {number}: {error.field}", error.message) from error
