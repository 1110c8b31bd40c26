"""Import files, fuzzed: records of every kind with a field changed to any JSON value,
taken out or added; JSON of the wrong shape; deep nesting, huge numbers, NaN and
Infinity, a field given twice; bytes that are not UTF-8, a BOM, CRLF line ends.

Each file is either imported whole (exit 0, every line counted) or refused whole (exit
2, naming the line or the file, with the vault unchanged). And text of any kind written
by the journal comes back exactly from its own dump.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from psp_journal.models import RECORD_KINDS
from psp_journal.terminal_text import is_hidden_control
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE, RunCli, fixed_clock, runner_for
from tests.fuzz.budget import fuzz
from tests.fuzz.strategies import ANY_CHAR, JSON_VALUES, hostile_text

MADE = (
    ("client", "add", "M-17", "--note", "met at the drop-in"),
    ("checkin", "--mood", "3", "--energy", "2", "--stress", "4", "--date", "2026-11-02"),
    ("log", "M-17", "--minutes", "40", "--mode", "phone", "--intensity", "4", "--tag", "grief"),
    ("boundary", "--kind", "gift", "--felt", "3", "--client", "M-17", "--note", "a card"),
    ("reflect", "a long day", "--tag", "tired", "--at", "2026-11-01T10:00"),
    ("support", "--kind", "supervision", "--note", "helped"),
    ("settings", "set", "weekly-hours", "37.5"),
    ("settings", "set", "thresholds.short-sleep.hours", "6"),
)


@dataclass
class Home:
    run: RunCli
    vault: Path
    folder: Path
    templates: list[dict[str, Any]]


def new_home(folder: Path) -> RunCli:
    folder.mkdir(mode=0o700)
    vault, _key = Vault.create(
        folder / "journal.vault", PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF
    )
    vault.close()
    return runner_for(folder)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    folder = tmp_path_factory.mktemp("import")
    run = new_home(folder / "home")
    for args in MADE:
        assert run(*args).exit_code == 0, args
    dump = folder / "templates.jsonl"
    assert run("dump", "--out", str(dump)).exit_code == 0
    templates = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]
    kinds = {*RECORD_KINDS, "settings", "plan"}
    records = [document for document in templates if document.get("type") in kinds]
    yield Home(run, folder / "home" / "journal.vault", folder, records)


@st.composite
def record_lines(
    draw: st.DrawFn,
    templates: list[dict[str, Any]],
    changes: tuple[str, ...] = ("set", "drop", "add", "text"),
) -> str:
    """A record of one kind with a field changed, taken out or added, as JSON text."""
    document = dict(draw(st.sampled_from(templates)))
    document.pop("id", None)  # a new entry each time, unless an id is drawn below
    for _ in range(draw(st.integers(0, 3))):
        change = draw(st.sampled_from(changes))
        fields = sorted(document)
        if change == "set":
            document[draw(st.sampled_from(fields))] = draw(JSON_VALUES)
        elif change == "drop" and fields:
            document.pop(draw(st.sampled_from(fields)))
        elif change == "add":
            document[draw(st.text(ANY_CHAR, max_size=8))] = draw(JSON_VALUES)
        else:  # free text, where anything a person types is allowed
            free = [name for name in fields if name in FREE_TEXT] or fields
            document[draw(st.sampled_from(free))] = draw(hostile_text())
    return json.dumps(document, ensure_ascii=draw(st.booleans()))


FREE_TEXT = ("note", "text", "setting")
# A second client with the same alias, or a second check-in for a day, is refused as it
# should be; records that may well be taken are of the other kinds.
REPEATABLE = ("interaction", "boundary", "reflection", "support")


def nested(depth: int, opener: str) -> str:
    closer = {"[": "]", '{"a":': "}"}[opener]
    return opener * depth + "1" + closer * depth


@st.composite
def broken_lines(draw: st.DrawFn, templates: list[dict[str, Any]]) -> str:
    """A record line with something only a hand or an attacker would write into it."""
    line = draw(record_lines(templates))
    what = draw(
        st.sampled_from(["nan", "twice", "number", "cut", "nest", "escape", "shape", "plain"])
    )
    event(what)
    if what == "nan":
        return (
            line[:-1] + ', "mood": ' + draw(st.sampled_from(["NaN", "Infinity", "-Infinity"])) + "}"
        )
    if what == "twice":
        field = draw(st.sampled_from(["type", "text", "at", "note", "id"]))
        return line[:-1] + f', "{field}": "again"}}'
    if what == "number":
        digits = "9" * draw(st.integers(1, 6000))
        return (
            line[:-1] + ', "mood": ' + draw(st.sampled_from([digits, "1e999", "-0", "1E400"])) + "}"
        )
    if what == "cut":
        return line[: draw(st.integers(0, max(0, len(line) - 1)))]
    if what == "nest":
        depth = draw(st.integers(1, 5000))
        inner = nested(depth, draw(st.sampled_from(["[", '{"a":'])))
        return line[:-1] + ', "text": ' + inner + "}" if draw(st.booleans()) else inner
    if what == "escape":
        return (
            line[:-1]
            + ', "note": "'
            + draw(
                st.sampled_from(["\\ud800", "\\udfff", "\\u0000", "\\x1b", "\\u001b]0;x\\u0007"])
            )
            + '"}'
        )
    if what == "shape":
        return json.dumps(draw(JSON_VALUES))
    return line


@dataclass(frozen=True)
class ImportFile:
    data: bytes


@st.composite
def import_files(draw: st.DrawFn, templates: list[dict[str, Any]]) -> ImportFile:
    if draw(st.booleans()):  # records that may well be taken: only their text changed
        repeatable = [document for document in templates if document["type"] in REPEATABLE]
        lines = draw(st.lists(record_lines(repeatable, ("text",)), min_size=1, max_size=3))
    else:
        line = st.one_of(record_lines(templates), broken_lines(templates))
        lines = draw(st.lists(line, min_size=1, max_size=4))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    text = ending.join(lines) + draw(st.sampled_from(["", ending, ending * 2]))
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(data)))
        data = (
            data[:at]
            + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]))
            + data[at:]
        )
    return ImportFile(data)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@fuzz(120)
@given(data=st.data())
def test_an_import_file_goes_in_whole_or_is_refused_naming_the_line(
    home: Home, data: st.DataObject
) -> None:
    file = data.draw(import_files(home.templates))
    source = home.folder / "fuzzed.jsonl"
    source.write_bytes(file.data)
    before = digest(home.vault)
    result = home.run("import", str(source))
    said = result.stdout + result.stderr
    event(f"exit {result.exit_code}")
    assert "Traceback" not in said and "Something unexpected" not in said, said[-500:]
    assert not any(is_hidden_control(char) for char in said), said[-500:]
    assert result.exit_code in (0, 2), said[-500:]
    if result.exit_code == 2:
        assert re.search(r"line \d+|FILE", result.stderr), result.stderr
        assert digest(home.vault) == before
    else:
        lines = file.data.decode("utf-8-sig").split("\n")
        kinds = [json.loads(line).get("type") for line in lines if line.strip()]
        counted = sum(1 for kind in kinds if kind not in ("settings", "plan"))  # not records
        assert f"Imported {counted} record(s)." in result.stdout


@fuzz(40)
@given(text=hostile_text())
def test_text_the_journal_took_comes_back_exactly_from_its_own_dump(home: Home, text: str) -> None:
    saved = home.run("reflect", "--at", "2026-11-03T09:00", "--", text)
    if saved.exit_code != 0:
        assert saved.exit_code == 2, saved.output
        return
    record_id = re.findall(r"\(([^()\s]+)\)\.$", saved.stdout.strip())[-1]
    dump = home.folder / "round.jsonl"
    dump.unlink(missing_ok=True)
    assert home.run("dump", "--out", str(dump)).exit_code == 0
    (line,) = [
        line
        for line in dump.read_text(encoding="utf-8").split("\n")
        if line and json.loads(line).get("id") == record_id
    ]
    single = home.folder / "single.jsonl"
    single.write_text(line + "\n", encoding="utf-8")
    target = home.folder / f"target-{record_id}"
    run_target = new_home(target)
    imported = run_target("import", str(single))
    assert imported.exit_code == 0, imported.output
    original = json.loads(home.run("show", record_id, "--json").stdout)["record"]
    copied = json.loads(run_target("show", record_id, "--json").stdout)["record"]
    assert copied == original
    assert copied["text"] == text
