"""What `list` and `search` may ask for: a period, kinds of entry, a client, a tag, the
"discuss" mark and how many, checked before the vault is opened; and, for a long list read
a page at a time (the app's journal), where the last page ended.

The options are the text the person typed; each error names the option. Whether a client
exists is the journal's to say (it needs the vault), so the alias is only checked for shape.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from psp_journal.models.aliases import parse_alias
from psp_journal.models.errors import ValidationError, _refuse
from psp_journal.models.parsing import parse_choice, parse_count, parse_date, parse_tag
from psp_journal.models.records import RECORD_KINDS, Checkin, Client, Record

ENTRY_KINDS = ("checkin", "interaction", "boundary", "reflection", "support")
DEFAULT_LIMIT = 10
LIMIT_RANGE = (1, 100_000)


_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?")


@dataclass(frozen=True)
class EntryCursor:
    """Where a page of entries ended: the last entry's moment (its `at`, or a check-in's
    `date`, as stored) and id. The next page starts just after it, so a long list is read
    a page at a time, each as quick as the first, and an entry saved meanwhile neither
    repeats one nor skips one (as an offset would)."""

    moment: str
    id: str

    def __post_init__(self) -> None:
        if not isinstance(self.moment, str) or not _MOMENT.fullmatch(self.moment):
            _refuse("after", "the date or time of an entry, like 2026-11-02T14:00", self.moment)
        if not isinstance(self.id, str) or not self.id:
            _refuse("after", "the id of an entry", self.id)

    @classmethod
    def after(cls, record: Record) -> EntryCursor:
        """The cursor for the page that follows `record`."""
        if record.id is None:
            raise ValidationError("after", "an entry not yet saved has no place in a list")
        if isinstance(record, Checkin):
            return cls(record.date.isoformat(), record.id)
        if isinstance(record, Client):
            raise ValidationError("after", "a client is not an entry of the journal")
        return cls(record.at.isoformat(timespec="minutes"), record.id)


@dataclass(frozen=True)
class EntryQuery:
    """Entries dated `first` to `last` (inclusive local dates; None: no bound) of these
    `kinds`, newest first, at most `limit` of them, starting just `after` an entry (a
    page of a long list) or at the newest. `client` is an alias as typed."""

    kinds: tuple[str, ...] = ENTRY_KINDS
    first: date | None = None
    last: date | None = None
    client: str | None = None
    tag: str | None = None
    discuss: bool = False
    limit: int = DEFAULT_LIMIT
    after: EntryCursor | None = None

    def kinds_that_can_match(self) -> tuple[str, ...]:
        """The kinds that have every field a filter looks at: a check-in never names a
        client, so it need not be read to know it does not match."""
        wanted = {"client": self.client, "tags": self.tag, "discuss": self.discuss}
        filtered = {name for name, value in wanted.items() if value}
        return tuple(
            kind
            for kind in self.kinds
            if filtered <= {rule.name for rule in RECORD_KINDS[kind].rules}
        )


def parse_entry_query(
    *,
    today: date,
    first: str | None = None,
    last: str | None = None,
    kinds: Sequence[str] = (),
    client: str | None = None,
    tag: str | None = None,
    discuss: bool = False,
    limit: str | None = None,
) -> EntryQuery:
    """The options of `list` (and the subset `search` takes), as typed. Dates may lie
    after today: asking about next week finds nothing, which is no mistake."""
    first_day = parse_date("--from", first, today, allow_future=True) if first else None
    last_day = parse_date("--to", last, today, allow_future=True) if last else None
    if first_day and last_day and first_day > last_day:
        raise ValidationError(
            "--from", f"{first_day} is after --to {last_day}; the period runs from --from to --to"
        )
    chosen = tuple(dict.fromkeys(parse_choice("--kind", kind, ENTRY_KINDS) for kind in kinds))
    return EntryQuery(
        kinds=tuple(kind for kind in ENTRY_KINDS if kind in chosen) or ENTRY_KINDS,
        first=first_day,
        last=last_day,
        client=parse_alias(client, "--client") if client is not None else None,
        tag=parse_tag("--tag", tag) if tag is not None else None,
        discuss=discuss,
        limit=parse_count("-n", limit, *LIMIT_RANGE) if limit is not None else DEFAULT_LIMIT,
    )
