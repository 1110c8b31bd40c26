"""The one service both faces call: what a PSP records, as typed operations over the vault.

The command line and the app stay thin: they pass what the person typed (option texts)
and a clock; the models decide what is valid; this module decides what it means — one
check-in per day, clients by alias, revisions kept on every edit and delete, and each
change in one durable transaction. Writes that need only one or two documents (a new
entry, today's check-in, a client by alias) read them by id through small indexes, so
they stay fast however large the journal grows; queries use the vault's mirror.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from psp_journal.models import (
    BRING_TO_SUPERVISION,
    PROMPT_TYPE,
    RECORD_KINDS,
    Boundary,
    Checkin,
    Client,
    Interaction,
    PromptEvent,
    Record,
    Settings,
    Support,
    ValidationError,
    WellnessPlan,
    alias_key,
    alias_name_warning,
    apply_edit,
    dump_sort_key,
    ensure_alias_unused,
    new_record,
    parse_alias,
    record_from_document,
    set_setting,
    to_minute,
)
from psp_journal.care.step_back import PromptDecision, prompt_due, snooze_until
from psp_journal.care.strain import (
    Assessment,
    StrainRecords,
    assess_strain,
    longest_window,
    weekly_trend,
)
from psp_journal.vault import Changes, Revision, Vault
from psp_journal.vault.mirror import Mirror

Document = dict[str, Any]
Options = Mapping[str, str | Sequence[str]]
Clock = Callable[[], datetime]

INDEX_TYPE = "_index"
ALIAS_INDEX_ID = "_index:aliases"
CHECKIN_INDEX_ID = "_index:checkin-dates"
SETTINGS_ID = "settings"
PLAN_ID = "plan"
DUMP_ORDER = tuple(RECORD_KINDS)
LEDGER_TYPE = "ledger"
_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: read aloud and typed back
_ID_LENGTH = 8
_DATED_FIELD = {"checkin": "date"}


RecordT = TypeVar("RecordT", bound=Record)


@dataclass(frozen=True)
class Saved(Generic[RecordT]):
    """A record as it now stands, and a gentle word to show beside "saved", if any."""

    record: RecordT
    notice: str | None = None


def stored_record(document: Mapping[str, Any]) -> Record:
    """A record as stored. Its dates were checked when it was saved, so "now" is no limit."""
    return record_from_document(document, now=datetime.max)


class ReadableVault(Protocol):
    """What reading needs: an unlocked vault, or what was rescued from a damaged one."""

    @property
    def mirror(self) -> Mirror: ...

    def get(self, doc_id: str) -> Document | None: ...


def documents_of_type(source: ReadableVault, record_type: str) -> list[Document]:
    rows = source.mirror.db.execute("SELECT body FROM documents WHERE type = ?", [record_type])
    return sorted((json.loads(body) for (body,) in rows), key=dump_sort_key)


def prompt_history(source: ReadableVault) -> list[PromptEvent]:
    return [
        PromptEvent.from_document(document) for document in documents_of_type(source, PROMPT_TYPE)
    ]


def dump_documents(source: ReadableVault) -> Iterator[Document]:
    """Every record, then settings, plan, prompt events and the ledger, in a fixed order."""
    for record_type in DUMP_ORDER:
        for document in documents_of_type(source, record_type):
            yield stored_record(document).to_document()
    for fixed_id in (SETTINGS_ID, PLAN_ID):
        fixed = source.get(fixed_id)
        if fixed is not None:
            yield {"type": fixed["type"], "id": fixed_id, **fixed}
    for event in prompt_history(source):
        yield event.to_document()
    for entry in documents_of_type(source, LEDGER_TYPE):
        yield {"type": LEDGER_TYPE, "id": entry["id"], **entry}


class Journal:
    """Everything a PSP records, over one unlocked vault. `clock` is the only source of now."""

    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self._clock = clock

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

    # --- reading -------------------------------------------------------------------------

    def get(self, record_id: str, field: str = "ID") -> Record:
        document = (
            self.vault.get(record_id) if record_id and not record_id.startswith("_") else None
        )
        if document is None or document.get("type") not in RECORD_KINDS:
            raise ValidationError(field, f"there is no entry with the id {record_id!r}")
        return stored_record(document)

    def revisions(self, record_id: str) -> list[Revision]:
        return self.vault.revisions(record_id)

    def documents_of_type(self, record_type: str) -> list[Document]:
        return documents_of_type(self.vault, record_type)

    def records_of_type(self, record_type: str) -> list[Record]:
        return [stored_record(document) for document in self.documents_of_type(record_type)]

    # --- clients -------------------------------------------------------------------------

    def client(self, alias_text: str, field: str = "ALIAS") -> Client:
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
        return record

    def clients(self) -> list[Client]:
        clients = _only(Client, self.records_of_type("client"))
        return sorted(clients, key=lambda client: alias_key(client.alias))

    def add_client(self, alias_text: str, note: str = "") -> Saved[Client]:
        alias = parse_alias(alias_text)
        saved: list[Client] = []

        def prepare() -> Changes:
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
            saved.append(client)
            return Changes(
                put={client.id: client.to_document()},
                replace={ALIAS_INDEX_ID: self._index_document(index)},
            )

        self.vault.transact(prepare)
        return Saved(saved[0], alias_name_warning(alias, self._index(ALIAS_INDEX_ID)))

    def close_client(self, alias_text: str) -> Client:
        client = self.client(alias_text)
        closed = replace(client, status="closed")
        assert closed.id is not None
        self.vault.write(put={closed.id: closed.to_document()})
        return closed

    def records_about(self, alias: str) -> list[Document]:
        """Every interaction and boundary event that names this client."""
        rows = self.vault.mirror.db.execute(
            "SELECT body FROM documents WHERE type IN ('interaction', 'boundary') "
            "AND json_extract(body, '$.client') = ?",
            [alias],
        )
        return [json.loads(body) for (body,) in rows]

    def delete_client(self, alias_text: str) -> int:
        """The client, every record about them and every kept version that names them
        (under any alias they ever had): nothing of them is kept. A record since moved to
        another client stays, without the versions from before the move."""
        client = self.client(alias_text)
        assert client.id is not None
        client_id = client.id
        aliases = self._aliases_ever(client)
        about = {document["id"] for document in self.records_about(client.alias)}
        earlier = self._ids_with_versions_naming(aliases) - about - {client_id}
        still_here = {record_id for record_id in earlier if self.vault.get(record_id)}

        def prepare() -> Changes:
            index = self._index(ALIAS_INDEX_ID)
            index.pop(alias_key(client.alias), None)
            return Changes(
                purge=tuple(sorted({client_id, *about, *(earlier - still_here)})),
                forget_history=tuple(sorted(still_here)),
                replace={ALIAS_INDEX_ID: self._index_document(index)},
            )

        self.vault.transact(prepare)
        return len(about)

    def _aliases_ever(self, client: Client) -> set[str]:
        assert client.id is not None
        earlier = {str(revision.document.get("alias")) for revision in self.revisions(client.id)}
        return {client.alias, *earlier}

    def _ids_with_versions_naming(self, aliases: Iterable[str]) -> set[str]:
        """Records whose kept versions name one of these aliases (deleted records, and
        records edited away from the client or renamed with it)."""
        found: set[str] = set()
        for alias in aliases:
            rows = self.vault.mirror.db.execute(
                "SELECT DISTINCT of_id FROM revisions WHERE json_extract(body, '$.client') = ?",
                [alias],
            )
            found |= {of_id for (of_id,) in rows}
        return found

    # --- recording -----------------------------------------------------------------------

    def record(self, record_type: str, options: Options) -> Saved[Record]:
        """A new interaction, boundary event, reflection or support entry."""
        record = new_record(record_type, options, today=self.today(), now=self.now())
        record = replace(self._with_clients_alias(record), id=self._new_id())
        assert record.id is not None
        self.vault.write(put={record.id: record.to_document()})
        return Saved(record)

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
        saved: list[Checkin] = []

        def prepare() -> Changes:
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
            saved.append(record)
            return Changes(
                put={record.id: record.to_document()},
                replace={CHECKIN_INDEX_ID: self._index_document(index)},
            )

        self.vault.transact(prepare)
        return Saved(saved[0])

    # --- editing -------------------------------------------------------------------------

    def edit(self, record_id: str, changes: Options) -> Saved[Record]:
        """Only the fields given change; the previous version is kept as a revision."""
        if not changes:
            raise ValidationError("edit", "give at least one field to change, like --note")
        saved: list[Record] = []

        def prepare() -> Changes:
            current = self.get(record_id)
            edited = apply_edit(current, changes, today=self.today(), now=self.now())
            if _client_changed(current, edited):
                edited = self._with_clients_alias(edited)
            put = {record_id: edited.to_document()}
            replaced = self._reindex(current, edited, put)
            saved.append(edited)
            return Changes(put=put, replace=replaced)

        self.vault.transact(prepare)
        return Saved(saved[0])

    def _reindex(
        self, current: Record, edited: Record, put: dict[str, Document]
    ) -> dict[str, Document]:
        """Keep the indexes (and records naming a renamed client) true after an edit."""
        if isinstance(current, Checkin) and isinstance(edited, Checkin):
            if current.date == edited.date:
                return {}
            index = self._index(CHECKIN_INDEX_ID)
            if edited.date.isoformat() in index:
                raise ValidationError(
                    "--date", f"there is already a check-in for {edited.date.isoformat()}"
                )
            index.pop(current.date.isoformat(), None)
            index[edited.date.isoformat()] = str(edited.id)
            return {CHECKIN_INDEX_ID: self._index_document(index)}
        if isinstance(current, Client) and isinstance(edited, Client):
            if current.alias == edited.alias:
                return {}
            index = self._index(ALIAS_INDEX_ID)
            index.pop(alias_key(current.alias), None)
            ensure_alias_unused("--alias", edited.alias, index)
            index[alias_key(edited.alias)] = str(edited.id)
            for document in self.records_about(current.alias):
                put[document["id"]] = {**document, "client": edited.alias}
            return {ALIAS_INDEX_ID: self._index_document(index)}
        return {}

    def delete(self, record_id: str) -> Record:
        """Removed from the journal; the last version is kept as a revision until purged."""
        record = self.get(record_id)
        if isinstance(record, Client):
            raise ValidationError(
                "ID",
                "a client is removed with `psp-journal client delete ALIAS --with-records`",
            )

        def prepare() -> Changes:
            if isinstance(record, Checkin):
                index = self._index(CHECKIN_INDEX_ID)
                index.pop(record.date.isoformat(), None)
                return Changes(
                    delete=(record_id,), replace={CHECKIN_INDEX_ID: self._index_document(index)}
                )
            return Changes(delete=(record_id,))

        self.vault.transact(prepare)
        return record

    # --- follow-ups ----------------------------------------------------------------------

    def followups(self) -> list[Interaction]:
        """Interactions with a follow-up date, soonest first."""
        due = [
            record
            for record in self.records_of_type("interaction")
            if isinstance(record, Interaction) and record.follow_up is not None
        ]
        return sorted(due, key=lambda record: (record.follow_up or date.max, record.id or ""))

    def followup_done(self, record_id: str) -> Interaction:
        record = self.get(record_id)
        if not isinstance(record, Interaction) or record.follow_up is None:
            raise ValidationError("ID", f"{record_id!r} has no follow-up to mark done")
        done = replace(record, follow_up=None)
        self.vault.write(put={record_id: done.to_document()})
        return done

    # --- search --------------------------------------------------------------------------

    def search(self, query: str) -> list[Record]:
        """Full-text search over notes, reflections and boundary events; FTS5 syntax is
        not needed: every word must appear, in any order."""
        found = []
        for record_id in self.vault.search(search_terms(query)):
            document = self.vault.mirror.db.execute(
                "SELECT body FROM documents WHERE id = ?", [record_id]
            ).fetchone()
            if document and json.loads(document[0]).get("type") in RECORD_KINDS:
                found.append(stored_record(json.loads(document[0])))
        return found

    # --- retention -----------------------------------------------------------------------

    def purge_before(self, cutoff: date) -> int:
        """Every record dated before `cutoff`, and every kept version of one, gone for good."""
        limit = cutoff.isoformat()
        gone = set()
        for record_type in DUMP_ORDER[1:]:
            field = _DATED_FIELD.get(record_type, "at")
            for document in self.documents_of_type(record_type):
                if str(document.get(field, ""))[:10] < limit:
                    gone.add(document["id"])
        rows = self.vault.mirror.db.execute(
            "SELECT DISTINCT of_id FROM revisions WHERE substr(coalesce("
            "json_extract(body, '$.date'), json_extract(body, '$.at'), '9999'), 1, 10) < ?",
            [limit],
        )
        stale_versions = {of_id for (of_id,) in rows if self.vault.get(of_id) is None}
        count = len(gone)

        def prepare() -> Changes:
            index = self._index(CHECKIN_INDEX_ID)
            kept = {day: rid for day, rid in index.items() if rid not in gone}
            return Changes(
                purge=tuple(sorted(gone | stale_versions)),
                replace={CHECKIN_INDEX_ID: self._index_document(kept)},
            )

        self.vault.transact(prepare)
        return count

    # --- settings and plan ---------------------------------------------------------------

    def settings(self) -> Settings:
        document = self.vault.get(SETTINGS_ID)
        return Settings.from_document(document) if document else Settings()

    def set_setting(self, key: str, value: str) -> Settings:
        updated = set_setting(self.settings(), key, value)
        self.vault.write(put={SETTINGS_ID: updated.to_document()})
        return updated

    def plan(self) -> WellnessPlan:
        document = self.vault.get(PLAN_ID)
        return WellnessPlan.from_document(document) if document else WellnessPlan()

    # --- strain --------------------------------------------------------------------------

    def _records_between(self, record_type: str, first: date, last: date) -> list[Record]:
        rows = self.vault.mirror.db.execute(
            "SELECT body FROM documents WHERE type = ? AND moment >= ? AND moment < ? "
            "ORDER BY moment",
            [record_type, first.isoformat(), (last + timedelta(days=1)).isoformat()],
        )
        return [stored_record(json.loads(body)) for (body,) in rows]

    def strain_records(self, first: date, last: date) -> StrainRecords:
        """Everything dated from `first` to `last`, and the latest supervision before
        `first` (all the supervision-gap rule needs from further back)."""
        supports = self._records_between("support", first, last)
        earlier = self.vault.mirror.db.execute(
            "SELECT body FROM documents WHERE type = 'support' AND moment < ? "
            "AND json_extract(body, '$.kind') = 'supervision' ORDER BY moment DESC LIMIT 1",
            [first.isoformat()],
        ).fetchone()
        if earlier is not None:
            supports.insert(0, stored_record(json.loads(earlier[0])))
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
        until = snooze_until(snooze, now, self.settings().work_start) if snooze else None
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

    def supervision_items(self, first: date, last: date) -> list[Document]:
        """What the person marked to discuss, and prompts they chose to bring to
        supervision, in the period: the list the supervisor export starts from."""
        items = [
            document
            for record_type in ("interaction", "boundary", "reflection")
            for document in self.documents_of_type(record_type)
            if document.get("discuss")
            and first.isoformat() <= document["at"][:10] <= last.isoformat()
        ]
        items += [
            event.to_document()
            for event in self.prompt_history()
            if event.event == BRING_TO_SUPERVISION and first <= event.at.date() <= last
        ]
        return sorted(items, key=lambda document: (document["at"], document["id"]))

    # --- the ledger ----------------------------------------------------------------------

    def record_ledger_entry(
        self, *, kind: str, recipient: str, file: str, sha256: str, records: int
    ) -> Document:
        """What left the vault, when, to whom, and the SHA-256 of exactly what left.
        Written after the file is safely on disk."""
        entry_id = self._new_id()
        entry = {
            "type": LEDGER_TYPE,
            "id": entry_id,
            "at": self.now().isoformat(timespec="minutes"),
            "kind": kind,
            "recipient": recipient,
            "file": file,
            "sha256": sha256,
            "records": records,
        }
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


def search_terms(query: str) -> str:
    """The words of a search, each quoted, so no FTS5 syntax is needed (or misread)."""
    words = query.split()
    if not words:
        raise ValidationError("QUERY", "give at least one word to search for")
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


LEDGER_FIELDS = ("type", "id", "at", "kind", "recipient", "file", "sha256", "records")


def check_ledger_entry(document: Mapping[str, Any]) -> None:
    if set(document) != set(LEDGER_FIELDS) or not isinstance(document["id"], str):
        raise ValidationError("ledger", f"needs exactly the fields {', '.join(LEDGER_FIELDS)}")


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

    def add(self, number: int, line: str) -> None:
        try:
            document = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"line {number}", "is not valid JSON") from exc
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
        journal.vault.write(
            put=put,
            replace={
                ALIAS_INDEX_ID: journal._index_document(aliases),
                CHECKIN_INDEX_ID: journal._index_document(dates),
            },
        )
        return len(self._records)


@contextmanager
def _on_line(number: int) -> Iterator[None]:
    """Name the import line in any refusal, so the person can find and fix it."""
    try:
        yield
    except ValidationError as error:
        raise ValidationError(f"line {number}: {error.field}", error.message) from error
