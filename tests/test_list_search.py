"""Reading back from the shell, as jrnl users do: `list` (newest first, filtered) and
`search` (date, kind, client and the words around each match), in the journal and through
the command line's pinned text and JSON shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from psp_journal.cli.journal_commands import FIRST_WORDS_CHARS, first_words, one_line
from psp_journal.journal import Journal
from psp_journal.models import EntryQuery, ValidationError, parse_entry_query
from psp_journal.vault import Vault
from tests.conftest import PASSPHRASE, RunCli, fixed_clock

DAY = date(2026, 11, 19)  # the day before conftest's fixed clock


@pytest.fixture
def journal(vault_path: Path, recovery_key: str) -> Iterator[Journal]:
    vault = Vault.unlock(vault_path, PASSPHRASE, clock=fixed_clock)
    yield Journal(vault, fixed_clock)
    vault.close()


def at(day: date, clock: str) -> str:
    return f"{day.isoformat()}T{clock}"


def log(journal: Journal, when: str, **options: str | list[str]) -> str:
    base = {"client": "M-17", "minutes": "30", "mode": "phone", "intensity": "3", "at": when}
    return str(journal.record("interaction", {**base, **options}).record.id)


@pytest.fixture
def entries(journal: Journal) -> dict[str, str]:
    """A few days of entries, by name; every kind, two clients, tags and discuss marks."""
    journal.add_client("M-17")
    journal.add_client("K-42")
    earlier = DAY - timedelta(days=1)
    ids = {
        "support": journal.record("support", {"kind": "supervision", "at": at(earlier, "11:00")}),
        "checkin": journal.checkin({"mood": "3", "energy": "3", "stress": "2"}, DAY),
        "morning": journal.record(
            "interaction",
            {
                "client": "M-17",
                "minutes": "40",
                "mode": "phone",
                "intensity": "4",
                "tags": ["Håp", "housing"],
                "note": "we talked about the housing office and her sister",
                "at": at(DAY, "09:00"),
            },
        ),
        "boundary": journal.record(
            "boundary",
            {
                "kind": "gift",
                "felt": "2",
                "client": "k-42",
                "discuss": "yes",
                "at": at(DAY, "13:00"),
            },
        ),
        "evening": journal.record(
            "reflection", {"text": "A long day. Housing again.", "at": at(DAY, "23:59")}
        ),
    }
    return {name: str(saved.record.id) for name, saved in ids.items()}


def listed(journal: Journal, **options: str | list[str] | bool) -> list[str]:
    query = parse_entry_query(today=DAY, **options)  # type: ignore[arg-type]
    return [str(record.id) for record in journal.list_entries(query)]


# --- the journal ------------------------------------------------------------------------------


def test_newest_first_and_a_checkin_at_the_start_of_its_day(
    journal: Journal, entries: dict[str, str]
) -> None:
    names = {record_id: name for name, record_id in entries.items()}
    assert [names[i] for i in listed(journal)] == [
        "evening",
        "boundary",
        "morning",
        "checkin",
        "support",
    ]


def test_ten_unless_told(journal: Journal) -> None:
    journal.add_client("M-17")
    made = [log(journal, at(DAY, f"{hour:02}:00")) for hour in range(12)]
    assert listed(journal) == made[::-1][:10]
    assert listed(journal, limit="3") == made[::-1][:3]
    assert len(listed(journal, limit="50")) == 12


def test_kinds_interleaved_in_time_merge_newest_first(journal: Journal) -> None:
    journal.add_client("M-17")
    made = []
    for hour in range(8):
        when = at(DAY, f"{hour:02}:00")
        if hour % 2:
            made.append(str(journal.record("reflection", {"text": "x", "at": when}).record.id))
        else:
            made.append(log(journal, when))
    assert listed(journal, limit="5") == made[::-1][:5]


def test_from_and_to_are_inclusive_local_dates(journal: Journal, entries: dict[str, str]) -> None:
    day = DAY.isoformat()
    assert set(listed(journal, first=day, last=day)) == {
        entries[name] for name in ("checkin", "morning", "boundary", "evening")
    }
    assert listed(journal, last=(DAY - timedelta(days=1)).isoformat()) == [entries["support"]]
    assert listed(journal, first=(DAY + timedelta(days=1)).isoformat()) == []


def test_filters(journal: Journal, entries: dict[str, str]) -> None:
    assert listed(journal, kinds=["Reflection", "checkin"]) == [
        entries["evening"],
        entries["checkin"],
    ]
    assert listed(journal, client="m-17") == [entries["morning"]]
    assert listed(journal, client="K-42") == [entries["boundary"]]
    assert listed(journal, tag="HÅP") == [entries["morning"]]
    assert listed(journal, discuss=True) == [entries["boundary"]]
    assert listed(journal, kinds=["checkin"], client="M-17") == []


def test_an_unknown_client_names_the_option(journal: Journal, entries: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as refused:
        listed(journal, client="Z-9")
    assert refused.value.field == "--client"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"first": "2026-11-19", "last": "2026-11-18"}, "--from"),
        ({"first": "19.11.2026"}, "--from"),
        ({"last": "2026-02-30"}, "--to"),
        ({"kinds": ["mood"]}, "--kind"),
        ({"kinds": ["client"]}, "--kind"),
        ({"limit": "0"}, "-n"),
        ({"limit": "-2"}, "-n"),
        ({"tag": "!"}, "--tag"),
        ({"client": " "}, "--client"),
    ],
)
def test_bad_options_name_the_option(options: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_entry_query(today=DAY, **options)  # type: ignore[arg-type]
    assert refused.value.field == field


def test_search_gives_the_words_around_the_match_and_nothing_else(
    journal: Journal, entries: dict[str, str]
) -> None:
    found = journal.search_entries("sister", EntryQuery())
    assert [item.record.id for item in found] == [entries["morning"]]
    snippet = found[0].snippet
    assert "sister" in snippet and "housing office" in snippet
    for noise in (entries["morning"], "M-17", "09:00", "phone", "interaction"):
        assert noise not in snippet


def test_search_within_a_period_kinds_and_a_limit(
    journal: Journal, entries: dict[str, str]
) -> None:
    everything = {item.record.id for item in journal.search_entries("housing", EntryQuery())}
    assert everything == {entries["morning"], entries["evening"]}
    late = EntryQuery(first=DAY + timedelta(days=1))
    assert journal.search_entries("housing", late) == []
    assert len(journal.search_entries("housing", EntryQuery(limit=1))) == 1


def test_search_finds_entries_not_settings_or_clients(journal: Journal) -> None:
    journal.add_client("M-17", note="met at the riverside drop-in")
    journal.set_setting("country", "NO")
    assert journal.search_entries("riverside", EntryQuery()) == []
    log(journal, at(DAY, "10:00"), note="walked by the riverside")
    assert len(journal.search_entries("riverside", EntryQuery())) == 1


# --- one line of text, whatever a note holds ---------------------------------------------------


def is_control(char: str) -> bool:
    return (ord(char) < 0x20 and char != "\t") or 0x7F <= ord(char) <= 0x9F


@given(st.text())
def test_one_line_never_lets_a_control_character_or_line_break_through(text: str) -> None:
    shown = one_line(text)
    assert not [char for char in shown if is_control(char) or char in "\u2028\u2029"]
    assert len(shown.splitlines()) <= 1


@given(st.text(max_size=3000))
def test_first_words_are_short_and_on_one_line(text: str) -> None:
    words = first_words(text)
    assert len(words) <= FIRST_WORDS_CHARS + 2  # and " …" when cut
    assert len(words.splitlines()) <= 1
    assert not [char for char in words if is_control(char)]


def test_controls_are_shown_not_sent() -> None:
    assert one_line("a\x1b[2Jb\r\nc\td\x9be") == "a\\x1b[2Jb  c\td\\x9be"


# --- the command line -------------------------------------------------------------------------

TODAY = date.today()


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def days_ago(back: int, clock: str | None = None) -> str:
    day = (TODAY - timedelta(days=back)).isoformat()
    return f"{day}T{clock}" if clock else day


def saved(result: Result) -> str:
    return ok(result).stdout.rsplit("(", 1)[1].split(")")[0]


@pytest.fixture
def cli(run_cli: RunCli, recovery_key: str) -> RunCli:
    ok(run_cli("client", "add", "M-17"))
    return run_cli


def test_a_text_line_is_date_kind_client_id_and_words(cli: RunCli) -> None:
    checkin = saved(
        cli("checkin", "--mood", "2", "--energy", "3", "--stress", "4", "--date", days_ago(2))
    )
    talk = saved(
        cli(
            *("log", "M-17", "--minutes", "30", "--mode", "phone", "--intensity", "4"),
            *("--note", "we talked about housing", "--at", days_ago(2, "10:00")),
        )
    )
    reflection = saved(cli("reflect", "A long day.", "--at", days_ago(1, "08:00")))
    lines = ok(cli("list")).stdout.splitlines()
    assert lines == [
        f"{days_ago(1, '08:00')}  reflection   {'':<16}  {reflection}  A long day.",
        f"{days_ago(2, '10:00')}  interaction  {'M-17':<16}  {talk}  we talked about housing",
        f"{days_ago(2):<16}  checkin      {'':<16}  {checkin}  mood 2, energy 3, stress 4",
    ]
    found = ok(cli("search", "housing")).stdout.splitlines()
    assert found == [lines[1]]


def test_list_json_is_each_record_as_show_prints_it(cli: RunCli) -> None:
    made = [
        saved(cli("reflect", f"reflection {n}", "--tag", "Håp", "--at", days_ago(n, "20:00")))
        for n in range(1, 4)
    ]
    listed_json = json.loads(ok(cli("list", "--json", "-n", "2")).stdout)
    shown = [json.loads(ok(cli("show", rid, "--json")).stdout)["record"] for rid in made]
    assert listed_json == shown[:2]
    assert json.loads(ok(cli("list", "--json", "--tag", "nothing-here")).stdout) == []


def test_search_json_adds_the_snippet(cli: RunCli) -> None:
    record_id = saved(cli("reflect", "The waiting room was cold.", "--at", days_ago(1, "20:00")))
    found = json.loads(ok(cli("search", "waiting", "--json")).stdout)
    record = json.loads(ok(cli("show", record_id, "--json")).stdout)["record"]
    assert found == [{**record, "snippet": "The waiting room was cold."}]
    assert json.loads(ok(cli("search", "zebra", "--json")).stdout) == []


def test_no_raw_control_characters_reach_the_terminal(cli: RunCli) -> None:
    note = "first line\nsecond \x1b[31mred\x1b[0m line\r\nbell\x07 csi\x9b end\ttab"
    cli(
        *("log", "M-17", "--minutes", "30", "--mode", "phone", "--intensity", "3"),
        *("--note", "-", "--at", days_ago(1, "10:00")),
        input=note,
    )
    for args in (("list",), ("search", "second")):
        output = ok(cli(*args)).stdout
        assert output.count("\n") == 1, output
        line = output.rstrip("\n")
        assert not [char for char in line if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F]
    listed_line = ok(cli("list")).stdout
    assert "\\x1b[31mred\\x1b[0m" in listed_line and "\\x07" in listed_line


def test_a_long_note_lists_its_first_words(cli: RunCli) -> None:
    note = "word " * 10_000
    cli(
        *("log", "M-17", "--minutes", "30", "--mode", "phone", "--intensity", "3"),
        *("--note", "-", "--at", days_ago(1, "10:00")),
        input=note,
    )
    words = ok(cli("list")).stdout.split("  ")[-1].strip()
    assert words.endswith(" …") and len(words) <= 62


def test_nothing_to_list(cli: RunCli) -> None:
    assert ok(cli("list")).stdout == "No entries found.\n"
    assert ok(cli("search", "anything")).stdout == "Nothing found.\n"


def test_default_is_ten_for_both(cli: RunCli) -> None:
    start = datetime.combine(TODAY - timedelta(days=1), datetime.min.time())
    for n in range(12):
        moment = (start + timedelta(hours=n)).isoformat(timespec="minutes")
        ok(cli("reflect", "same words", "--at", moment))
    assert len(ok(cli("list")).stdout.splitlines()) == 10
    assert len(ok(cli("search", "same")).stdout.splitlines()) == 10
    assert len(ok(cli("search", "same", "-n", "11")).stdout.splitlines()) == 11
