"""Every option value of every command, fuzzed: any Unicode (control characters, lone
surrogates, bidirectional overrides), empty, huge.

Each outcome is one of two: accepted (exit 0), and the text given comes back exactly
from `show --json`; or refused with exit 2 and a message naming the option, with the
vault unchanged. Never exit 1 for input, never a traceback, never a raw control
character on the terminal. Exit 1 is allowed only for a file name (the folder may not be
writable, which is the contract's "anything else"), and then never as an unexpected error.

One vault serves the whole module (made once, with the cheap KDF); the commands run in a
folder of their own, so a file name given to `dump` or `export` lands there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import event, given
from hypothesis import strategies as st

from psp_journal.models import SETTING_KEYS
from psp_journal.terminal_text import is_hidden_control
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE, RunCli, fixed_clock, runner_for
from tests.fuzz.budget import fuzz
from tests.fuzz.strategies import hostile_text

SCALE = st.sampled_from(["1", "3", "5", " 4 ", "0", "6"])
GOOD_SCALE = st.sampled_from(["1", "3", "5", " 4 "])
HOURS = st.sampled_from(["0", "6.5", "24", "7,5", "-1", "25", "nan", "inf", "1e400"])
COUNT = st.sampled_from(["0", "3", "20", "21", "-0", "٣"])
MINUTES = st.sampled_from(["1", "40", "720", "721", "0", "99999999999999999999"])
DAY = st.sampled_from(["2026-11-01", "2026-02-30", "1899-12-31", "9999-12-31", "2026-11-1"])
AT = st.sampled_from(
    ["2026-11-01T10:00", "2026-11-01T24:00", "2026-11-01 10:00", "1900-01-01T00:00"]
)
FOLLOW_UP = st.sampled_from(["2026-12-20", "2027-01-01", "0000-00-00"])
TAG = st.sampled_from(["grief", "Substance use", "håp", "x" * 41, "a--b"])
TEXT = st.sampled_from(["words", "two\nlines", " spaced ", "-"])
ALIAS = st.just("M-17")
MODE = st.sampled_from(["phone", "in-person", "Phone"])
BOUNDARY_KIND = st.sampled_from(["after-hours", "gift", "Other"])
SUPPORT_KIND = st.sampled_from(["supervision", "own-support"])
ENTRY_KIND = st.sampled_from(["checkin", "interaction", "reflection", "boundary", "support"])
INITIATED = st.sampled_from(["me", "client", "colleague", "other"])
SECTION = st.sampled_from(["coverage", "wellbeing", "strain", "caseload", "boundaries"])
SETTING_KEY = st.sampled_from([key for key in SETTING_KEYS if key != "retention-days"])
FILE_NAME = st.sampled_from(["out.md", "a b.json", "new.jsonl"])

# Text options whose value is stored as typed, and the field it comes back in.
TEXT_FIELDS = {"--note": "note", "--setting": "setting", "TEXT": "text"}


@dataclass(frozen=True)
class Command:
    """A command, the arguments it always has, and what each option takes when valid."""

    words: tuple[str, ...]
    options: dict[str, st.SearchStrategy[str]]
    positional: tuple[tuple[str, st.SearchStrategy[str]], ...] = ()
    multiple: frozenset[str] = field(default_factory=frozenset)
    flags: tuple[str, ...] = ()
    files: frozenset[str] = field(default_factory=frozenset)
    required: frozenset[str] = field(default_factory=frozenset)  # given unless hostile


ENTRY_IDS: list[str] = []  # filled by the module's vault: a real id is a valid one
ENTRY_ID = st.integers(0, 1).map(lambda index: ENTRY_IDS[index])

COMMANDS = (
    Command(
        ("checkin",),
        {
            "--mood": GOOD_SCALE,
            "--energy": GOOD_SCALE,
            "--stress": GOOD_SCALE,
            "--sleep": HOURS,
            "--worked": HOURS,
            "--breaks": COUNT,
            "--self-care": TEXT,
            "--note": TEXT,
            "--date": DAY,
        },
        multiple=frozenset({"--self-care"}),
        required=frozenset({"--mood", "--energy", "--stress"}),
    ),
    Command(("client", "add"), {"--note": TEXT}, positional=(("ALIAS", st.just("K-2")),)),
    Command(
        ("log",),
        {
            "--minutes": st.sampled_from(["1", "40", "720"]),
            "--mode": MODE,
            "--intensity": GOOD_SCALE,
            "--tag": TAG,
            "--setting": TEXT,
            "--note": TEXT,
            "--follow-up": FOLLOW_UP,
            "--at": AT,
        },
        positional=(("ALIAS", ALIAS),),
        multiple=frozenset({"--tag"}),
        flags=("--close-to-home", "--self-disclosure", "--discuss"),
        required=frozenset({"--minutes", "--mode", "--intensity"}),
    ),
    Command(
        ("boundary",),
        {
            "--kind": BOUNDARY_KIND,
            "--felt": GOOD_SCALE,
            "--client": ALIAS,
            "--initiated-by": INITIATED,
            "--note": TEXT,
            "--at": AT,
        },
        flags=("--discuss",),
        required=frozenset({"--kind", "--felt"}),
    ),
    Command(
        ("reflect",),
        {"--tag": TAG, "--at": AT},
        positional=(("TEXT", TEXT),),
        multiple=frozenset({"--tag"}),
        flags=("--discuss",),
    ),
    Command(
        ("support",),
        {"--kind": SUPPORT_KIND, "--note": TEXT, "--at": AT},
        required=frozenset({"--kind"}),
    ),
    Command(("show",), {}, positional=(("ID", ENTRY_ID),), flags=("--json",)),
    Command(
        ("edit",), {"--note": TEXT, "--mood": SCALE, "--tag": TAG}, positional=(("ID", ENTRY_ID),)
    ),
    Command(("delete",), {}, positional=(("ID", st.just("no-such-id")),), flags=("--yes",)),
    Command(("followup", "done"), {}, positional=(("ID", st.just("no-such-id")),)),
    Command(("client", "close"), {}, positional=(("ALIAS", st.just("no-such-alias")),)),
    Command(("settings", "get"), {}, positional=(("KEY", SETTING_KEY),), flags=("--json",)),
    Command(
        ("settings", "set"),
        {},
        positional=(
            ("KEY", SETTING_KEY),
            ("VALUE", st.sampled_from(["Kari", "none", "3", "mon,tue"])),
        ),
        flags=("--json",),
    ),
    Command(
        ("list",),
        {
            "--from": DAY,
            "--to": DAY,
            "-n": COUNT,
            "--kind": ENTRY_KIND,
            "--client": ALIAS,
            "--tag": TAG,
        },
        multiple=frozenset({"--kind"}),
        flags=("--json", "--discuss"),
    ),
    Command(
        ("search",),
        {"--from": DAY, "--to": DAY, "-n": COUNT},
        positional=(("QUERY", TEXT),),
        flags=("--json",),
    ),
    Command(("purge",), {"--before": st.just("1990-01-01")}, flags=("--yes",)),
    Command(("status",), {"--as-of": DAY}, flags=("--json",)),
    Command(
        ("export",),
        {
            "--from": DAY,
            "--to": DAY,
            "--format": st.sampled_from(["md", "html", "json"]),
            "--out": FILE_NAME,
            "--recipient": st.just("Anne"),
            "--include": SECTION,
            "--include-note": st.just("no-such-id"),
            "--went-well": TEXT,
        },
        multiple=frozenset({"--include", "--include-note"}),
        flags=("--preview",),
        files=frozenset({"--out"}),
    ),
    Command(("dump",), {"--out": FILE_NAME}, files=frozenset({"--out"})),
    Command(("import",), {}, positional=(("FILE", FILE_NAME),), files=frozenset({"FILE"})),
    Command(("backup",), {}, positional=(("FILE", FILE_NAME),), files=frozenset({"FILE"})),
    Command(
        ("review",),
        {},
        positional=(("FILE", FILE_NAME),),
        flags=("--plain",),
        files=frozenset({"FILE"}),
    ),
)


@dataclass
class Journal:
    """The module's vault, its runner and the folder the commands run in."""

    run: RunCli
    vault: Path
    folder: Path


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    home = tmp_path_factory.mktemp("home")
    home.chmod(0o700)
    vault, _key = Vault.create(home / "journal.vault", PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)
    vault.close()
    run = runner_for(home)
    assert run("client", "add", "M-17").exit_code == 0
    for args in (
        ("reflect", "first", "--at", "2026-11-01T09:00"),
        (
            "log",
            "M-17",
            "--minutes",
            "30",
            "--mode",
            "phone",
            "--intensity",
            "3",
            "--follow-up",
            "2026-12-20",
        ),
    ):
        saved = run(*args)
        assert saved.exit_code == 0, saved.output
        ENTRY_IDS.append(saved_id(saved))
    folder = tmp_path_factory.mktemp("cwd")
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield Journal(run, home / "journal.vault", folder)
    finally:
        os.chdir(before)


def saved_id(result: Result) -> str:
    found = re.search(r"\(([^()\s]+)\)\.$", result.stdout.strip().splitlines()[-1])
    assert found, result.stdout
    return found.group(1)


@dataclass(frozen=True)
class Invocation:
    args: tuple[str, ...]
    stdin: str | None
    given: dict[str, str]  # option (or argument) -> the value given, for the round trip
    files: frozenset[str]


def file_safe(text: str) -> str:
    """A hostile file name that stays inside the command's folder."""
    return text.replace("/", "_").replace("\\", "_") or "_"


@st.composite
def invocations(draw: st.DrawFn) -> Invocation:
    command = draw(st.sampled_from(COMMANDS))
    names = [name for name, _ in command.positional] + list(command.options)
    hostile = draw(st.sets(st.sampled_from(names), max_size=2))
    args: list[str] = list(command.words)
    given: dict[str, str] = {}

    def value(name: str, valid: st.SearchStrategy[str]) -> str:
        text = draw(hostile_text() if name in hostile else valid)
        if name in command.files:
            text = file_safe(text)
        given[name] = text
        return text

    for option, valid in command.options.items():
        if not (option in hostile or option in command.required or draw(st.booleans())):
            continue
        for _ in range(draw(st.integers(1, 3)) if option in command.multiple else 1):
            args += [option, value(option, valid)]
    args += [flag for flag in command.flags if draw(st.booleans())]
    if command.positional:
        args.append("--")  # so a hostile argument that looks like an option is still one
    for name, valid in command.positional:
        args.append(value(name, valid))
    stdin = draw(hostile_text()) if "-" in given.values() else None
    return Invocation(tuple(args), stdin, given, command.files)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_listing(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def check_round_trip(run: RunCli, call: Invocation, result: Result) -> None:
    """Text the command took comes back exactly as it was given."""
    if call.args[0] not in ("checkin", "log", "boundary", "reflect", "support"):
        return
    shown = run("show", saved_id(result), "--json")
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.stdout)["record"]
    for option, value in call.given.items():
        if option in TEXT_FIELDS:
            expected = value
            if value == "-":
                # CliRunner reads standard input with universal newlines (a real process
                # keeps \r as it is; tested by hand), then the command drops one "\n".
                assert call.stdin is not None
                expected = call.stdin.replace("\r\n", "\n").replace("\r", "\n")
                expected = expected.removesuffix("\n")
            assert record[TEXT_FIELDS[option]] == expected, option


@fuzz(400)
@given(call=invocations())
def test_every_option_value_is_taken_exactly_or_refused_naming_it(
    journal: Journal, call: Invocation
) -> None:
    vault_before = digest(journal.vault)
    files_before = folder_listing(journal.folder)
    # Standard input is bytes: half a surrogate pair stands for bytes that are not UTF-8.
    stdin = None if call.stdin is None else call.stdin.encode("utf-8", "surrogatepass")
    result = journal.run(*call.args, input=stdin)
    said = result.stdout + result.stderr
    assert "Traceback" not in said and "Something unexpected" not in said, (call.args, said[-500:])
    assert not any(is_hidden_control(char) for char in said), (call.args, said[-500:])
    event(f"exit {result.exit_code}")
    allowed = {0, 2, 4} if call.files else {0, 2}
    assert result.exit_code in allowed, (call.args, said[-500:])
    if result.exit_code == 0:
        check_round_trip(journal.run, call, result)
    elif result.exit_code == 2:
        assert digest(journal.vault) == vault_before, call.args
        assert folder_listing(journal.folder) == files_before, call.args
