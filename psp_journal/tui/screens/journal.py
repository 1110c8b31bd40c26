"""The journal: every entry, newest first, narrowed by kind, tag, client and "discuss"; or,
with words in the search field, the entries holding all of them, matches marked.

A journal may hold 50,000 entries, so the list is read a page at a time: the first page
when the screen opens, the next only as the cursor (or the scrollbar) nears the end of
what is loaded. Each page starts just after the last entry shown (the core's keyset
cursor), so every page is as quick as the first and nothing repeats or goes missing when
an entry is saved meanwhile.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static

from psp_journal.i18n import _, ngettext
from psp_journal.models import ENTRY_KINDS, EntryCursor, EntryQuery, Record, ValidationError
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain, plain_text
from psp_journal.tui.screens.entry_words import (
    entry_words,
    first_words,
    highlighted,
    kind_word,
    when_text,
)

PAGE = 100
# Load the next page when the cursor comes this close to the last row loaded.
NEAR_END_ROWS = 20
SEARCH_LIMIT = 200
# A search runs this long after the last key, not at every key.
SEARCH_DELAY_SECONDS = 0.25
# Fixed widths: no cell is measured, and the columns stay put as pages load. An alias
# or a search's words longer than their column are cut; the entry shows them whole.
COLUMN_WIDTHS = (16, 11, 12, 80)
# Each press of the kind key shows the next kind; None is every kind.
KIND_CYCLE: tuple[str | None, ...] = (None, *ENTRY_KINDS)


class EntryTable(DataTable[Text]):
    """The entries; it says when it is scrolled near the end of what is loaded, so the
    screen can load the next page whether the cursor or the mouse moved."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding(
            "home",
            "scroll_top",
            _("First"),
            id="journal.first",
            tooltip=_("To the newest entry"),
            show=False,
        ),
        Binding(
            "end",
            "scroll_bottom",
            _("Last"),
            id="journal.last",
            tooltip=_("To the last entry loaded; the next ones load as you come near it"),
            show=False,
        ),
    ]

    class NearEnd(Message):
        """Scrolled within a screenful of the last row loaded."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.row_count and new_value + 2 * self.size.height >= self.virtual_size.height:
            self.post_message(self.NearEnd())


class JournalScreen(JournalAppView, Screen[None]):
    DEFAULT_CSS = """
    JournalScreen {
        & > #journal-fields {
            height: 3;
            margin: 0 1;
        }
        & #journal-search {
            width: 1fr;
        }
        & #journal-tag, & #journal-client {
            width: 18;
        }
        & > #journal-filters {
            padding: 0 2;
            color: $text-muted;
        }
        & > #journal-table {
            height: 1fr;
            margin: 0 1;
        }
        & > #journal-problem {
            padding: 0 2;
            color: $error;
            display: none;
        }
        & > #journal-problem.-shown {
            display: block;
        }
    }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding(
            "slash",
            "focus_search",
            _("Search"),
            id="journal.search",
            tooltip=_("Type words to find the entries holding all of them"),
        ),
        Binding(
            "k",
            "next_kind",
            _("Kind"),
            id="journal.kind",
            tooltip=_("Show one kind of entry, then the next; all of them again at the end"),
        ),
        Binding(
            "d",
            "toggle_discuss",
            _("Discuss"),
            id="journal.discuss",
            tooltip=_("Only the entries marked to bring to supervision, or all of them again"),
        ),
        Binding(
            "t",
            "focus_tag",
            _("Tag"),
            id="journal.tag",
            tooltip=_("Only the entries with a tag"),
        ),
        Binding(
            "c",
            "focus_client",
            _("Client"),
            id="journal.client",
            tooltip=_("Only the entries about a client, by alias"),
        ),
        Binding(
            "escape",
            "back",
            _("Back"),
            id="journal.back",
            tooltip=_("From a field back to the list; from the list back to the dashboard"),
        ),
    ]

    def __init__(self, *, search: bool = False) -> None:
        super().__init__()
        self._start_in_search = search
        self._kind: str | None = None
        self._discuss = False
        self._records: list[Record] = []
        self._more = False
        self._query: EntryQuery | None = None
        self._pending: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Journal"), id="journal-title", classes="screen-title")
        with Horizontal(id="journal-fields"):
            yield Input(placeholder=_("Search: words to find"), id="journal-search")
            yield Input(placeholder=_("Tag"), id="journal-tag")
            yield Input(placeholder=_("Client alias"), id="journal-client")
        yield Plain("", id="journal-filters")
        yield EntryTable(id="journal-table", cursor_type="row", zebra_stripes=True)
        yield Plain("", id="journal-problem")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(EntryTable)
        for label, width in zip(
            (_("When"), _("Kind"), _("Client"), _("Words")), COLUMN_WIDTHS, strict=True
        ):
            table.add_column(plain_text(label), width=width)
        self.show_journal()
        if self._start_in_search:
            self.query_one("#journal-search", Input).focus()
        else:
            self.query_one(EntryTable).focus()

    # --- what is shown -----------------------------------------------------------------------

    @property
    def search_text(self) -> str:
        return self.query_one("#journal-search", Input).value.strip()

    @property
    def loaded(self) -> int:
        """How many entries are loaded into the list."""
        return len(self._records)

    def show_journal(self) -> None:
        """The list (or the search) from its start, as the journal is now; the entry the
        cursor was on stays under it when it is still in the first page."""
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        journal = self.journal_app.journal
        if journal is None:
            return
        table = self.query_one(EntryTable)
        was_on = self._records[table.cursor_row].id if self._shows_a_row(table) else None
        self._records = []
        self._more = False
        table.clear()
        problem = self.query_one("#journal-problem", Static)
        problem.update("")
        problem.remove_class("-shown")
        try:
            if self.search_text:
                self._show_search()
            else:
                self._query = self._entry_query()
                self._show_count(journal.count_entries(self._query))
                self._load_page()
        except ValidationError as error:
            problem.update(_problem_words(error))
            problem.add_class("-shown")
            self._show_filters(None)
            return
        ids = [record.id for record in self._records]
        if was_on in ids:
            table.move_cursor(row=ids.index(was_on), animate=False)

    def _shows_a_row(self, table: DataTable[Text]) -> bool:
        return 0 <= table.cursor_row < len(self._records)

    def _entry_query(self, limit: int = PAGE) -> EntryQuery:
        """The filters as typed, checked by the models (a tag's shape, an alias's)."""
        from psp_journal.models import parse_entry_query

        tag = self.query_one("#journal-tag", Input).value.strip()
        client = self.query_one("#journal-client", Input).value.strip()
        parsed = parse_entry_query(
            today=self.journal_app.clock().date(),
            kinds=(self._kind,) if self._kind else (),
            client=client or None,
            tag=tag or None,
            discuss=self._discuss,
        )
        return EntryQuery(
            kinds=parsed.kinds,
            client=parsed.client,
            tag=parsed.tag,
            discuss=parsed.discuss,
            limit=limit,
        )

    def _load_page(self) -> None:
        """The next page of the list, just after the last entry loaded."""
        journal = self.journal_app.journal
        if journal is None or self._query is None:
            return
        after = EntryCursor.after(self._records[-1]) if self._records else None
        page = journal.list_entries(
            EntryQuery(
                kinds=self._query.kinds,
                client=self._query.client,
                tag=self._query.tag,
                discuss=self._query.discuss,
                limit=PAGE,
                after=after,
            )
        )
        self._more = len(page) == PAGE
        table = self.query_one(EntryTable)
        for record in page:
            words = plain_text(first_words(entry_words(record)))
            table.add_row(*_row(record, words), key=record.id)
        self._records.extend(page)

    def _show_search(self) -> None:
        """The entries holding every word typed, best first; the kind applies in the
        search, and the tag, client and "discuss" to what it found."""
        journal = self.journal_app.journal
        assert journal is not None
        text = self.search_text
        query = self._entry_query(limit=SEARCH_LIMIT)
        self._query = None
        found = journal.search_entries(text, EntryQuery(kinds=query.kinds, limit=SEARCH_LIMIT))
        client = journal.client(query.client, "--client").alias if query.client else None
        kept = [
            item
            for item in found
            if (client is None or getattr(item.record, "client", None) == client)
            and (query.tag is None or query.tag in getattr(item.record, "tags", ()))
            and (not query.discuss or getattr(item.record, "discuss", False))
        ]
        table = self.query_one(EntryTable)
        for item in kept:
            table.add_row(*_row(item.record, highlighted(item.snippet, text)), key=item.record.id)
        self._records = [item.record for item in kept]
        title = ngettext(
            "{count} entry holds “{words}”",
            "{count} entries hold “{words}”",
            len(kept),
        ).format(count=len(kept), words=" ".join(text.split()))
        if len(found) == SEARCH_LIMIT:
            title += " " + _("(the best {limit} matches)").format(limit=SEARCH_LIMIT)
        self._show_filters(title)

    def _show_count(self, count: int) -> None:
        self._show_filters(
            ngettext("{count} entry, newest first", "{count} entries, newest first", count).format(
                count=f"{count:,}"
            )
        )

    def _show_filters(self, heading: str | None) -> None:
        kind = kind_word(self._kind) if self._kind else _("every kind")
        parts = [_("Kind: {kind} (k)").format(kind=kind)]
        if self._discuss:
            parts.append(_("only to discuss (d)"))
        line = " · ".join(parts)
        self.query_one("#journal-filters", Static).update(
            f"{heading} · {line}" if heading else line
        )

    # --- loading more as the list is read ------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self._records) - NEAR_END_ROWS:
            self._load_more()

    @on(EntryTable.NearEnd)
    def _scrolled_near_end(self) -> None:
        self._load_more()

    def _load_more(self) -> None:
        if self._more and self._query is not None:
            self._load_page()

    # --- filters and search ------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(SEARCH_DELAY_SECONDS, self.show_journal)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.show_journal()
        self.query_one(EntryTable).focus()

    def action_next_kind(self) -> None:
        self._kind = KIND_CYCLE[(KIND_CYCLE.index(self._kind) + 1) % len(KIND_CYCLE)]
        self.show_journal()

    def action_toggle_discuss(self) -> None:
        self._discuss = not self._discuss
        self.show_journal()

    def action_focus_search(self) -> None:
        self.query_one("#journal-search", Input).focus()

    def action_focus_tag(self) -> None:
        self.query_one("#journal-tag", Input).focus()

    def action_focus_client(self) -> None:
        self.query_one("#journal-client", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Letter keys belong to a field while one is being typed in."""
        if action in ("next_kind", "toggle_discuss", "focus_tag", "focus_client", "focus_search"):
            return not isinstance(self.focused, Input)
        return True

    async def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(EntryTable).focus()
            return
        await self.journal_app.back_to_dashboard()

    # --- opening an entry --------------------------------------------------------------------

    async def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from psp_journal.tui.screens.entry import EntryScreen

        if 0 <= event.cursor_row < len(self._records):
            record_id = self._records[event.cursor_row].id
            assert record_id is not None
            await self.app.push_screen(EntryScreen(record_id))


def _problem_words(error: ValidationError) -> str:
    """A filter the journal cannot use, named as the screen names it."""
    labels = {"--tag": _("Tag"), "--client": _("Client")}
    return f"{labels.get(error.field, error.field)}: {error.message}"


def _row(record: Record, words: Text) -> tuple[Text, ...]:
    client = getattr(record, "client", None) or ""
    return (
        plain_text(when_text(record)),
        plain_text(kind_word(record.record_type)),
        plain_text(client),
        words,
    )
