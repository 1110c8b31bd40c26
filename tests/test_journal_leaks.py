"""Leak tests through every journal command (non-negotiable 1: nothing the user writes
touches disk in plaintext).

Each command runs as a real child process with HOME, TMPDIR, the XDG folders and
SQLITE_TMPDIR pointed into one sandbox, and a unique marker in every free-text field,
alias and tag it takes — from standard input (`-`, as the README teaches) and as option
values where the contract allows them. Afterwards no file anywhere in the sandbox may
hold any marker, in UTF-8 or UTF-16-LE, as written, case-folded or in part. The only
plaintext allowed to leave is the dump the user asks for, written outside the sandbox;
it doubles as the positive control (every stored marker is found in it).

Error messages may quote a short piece of bad input on stderr: that is the terminal, not
the disk, so only the disk is checked.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from uuid import uuid4

import pytest

from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE, files_under, fixed_clock, run_process

NEW_ID = re.compile(r"\(([23456789abcdefghjkmnpqrstuvwxyz]{8})\)")
STRACE = shutil.which("strace")


# --- the sandbox ------------------------------------------------------------------------------


def needles_for(markers: dict[str, str]) -> dict[str, bytes]:
    """Byte patterns whose presence in any file means a leak: each marker as written,
    case-folded, upper case, its random part alone, and its last 20 characters (a
    full-text index keeps only what a term does not share with the one before it)."""
    needles: dict[str, bytes] = {}
    for name, marker in markers.items():
        random_part = marker[2:]
        texts = {marker, marker.lower(), marker.upper(), random_part, random_part.upper()}
        texts |= {marker[-20:], marker[-20:].lower(), marker[-20:].upper()}
        for text in texts:
            needles[f"{name} {text!r} utf-8"] = text.encode("utf-8")
            needles[f"{name} {text!r} utf-16-le"] = text.encode("utf-16-le")
    return needles


def leaks_in(files: list[Path], needles: dict[str, bytes]) -> list[str]:
    found = []
    for path in files:
        data = path.read_bytes()
        found.extend(f"{path}: {label}" for label, needle in needles.items() if needle in data)
    return found


def stored_rows(vault_path: Path) -> dict[bytes, bytes]:
    conn = sqlite3.connect(vault_path)
    try:
        return {
            bytes(slot): bytes(blob) for slot, blob in conn.execute("SELECT id, blob FROM records")
        }
    finally:
        conn.close()


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@dataclass
class Sandbox:
    root: Path  # everything scanned lives under it
    outside: Path  # dumps and files to import: the one place plaintext may be
    env: dict[str, str]
    first: Path  # the journal home given by PSP_JOURNAL_HOME
    second: Path  # a second journal home, given by --home
    markers: dict[str, str] = field(default_factory=dict)

    def marker(self, name: str, *, tag: bool = False) -> str:
        """A new marker for one field; a tag must be a lower-case slug."""
        assert name not in self.markers
        text = f"mk{uuid4().hex}" if tag else f"MK{uuid4().hex}"
        self.markers[name] = text
        return text

    def run(
        self, *args: str, input: str | None = None, expect: int = 0, home: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        prefix = ["--home", str(home)] if home is not None else []
        result = run_process([*prefix, *args], self.env, input=input)
        assert result.returncode == expect, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr, result.stderr
        return result

    def new_id(self, *args: str, input: str | None = None, home: Path | None = None) -> str:
        result = self.run(*args, input=input, home=home)
        match = NEW_ID.search(result.stdout)
        assert match, result.stdout
        return match.group(1)


def make_sandbox(tmp_path: Path) -> Sandbox:
    root = tmp_path / "sandbox"
    folders = {
        "HOME": root / "user-home",
        "XDG_CONFIG_HOME": root / "xdg-config",
        "XDG_DATA_HOME": root / "xdg-data",
        "XDG_CACHE_HOME": root / "xdg-cache",
        "XDG_STATE_HOME": root / "xdg-state",
        "XDG_RUNTIME_DIR": root / "xdg-runtime",
        "TMPDIR": root / "tmp",
        "SQLITE_TMPDIR": root / "sqlite-tmp",
    }
    for folder in folders.values():
        folder.mkdir(mode=0o700, parents=True)
    env = {name: str(folder) for name, folder in folders.items()}
    env["TEMP"] = env["TMP"] = env["TMPDIR"]
    first, second = root / "journal-home", root / "second-home"
    for home in (first, second):
        home.mkdir(mode=0o700)
        vault, _ = Vault.create(
            home / "journal.vault", PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF
        )
        vault.close()
    env["PSP_JOURNAL_HOME"] = str(first)
    env["PSP_JOURNAL_PASSPHRASE"] = PASSPHRASE
    env["PSP_JOURNAL_PASSPHRASE_FILE"] = ""
    outside = tmp_path / "outside"
    outside.mkdir(mode=0o700)
    return Sandbox(root, outside, env, first, second)


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    box = make_sandbox(tmp_path)
    monkeypatch.chdir(box.env["HOME"])  # a stray relative path would land in the sandbox
    return box


# --- every command -----------------------------------------------------------------------------


def record_everything(box: Sandbox) -> dict[str, str]:
    """Every journal command that writes or reads, with a marker in every field it takes.
    Returns the ids of the records made."""
    m = box.marker
    ids: dict[str, str] = {}
    alias_a, alias_b, alias_c = (
        m("alias a (renamed away)"),
        m("alias b (deleted)"),
        m("alias c (closed)"),
    )

    ids["client a"] = box.new_id(
        "client", "add", alias_a, "--note", "-", input=m("client note, stdin (edited away)")
    )
    ids["client b"] = box.new_id("client", "add", alias_b, "--note", m("client note, argument"))
    ids["client c"] = box.new_id("client", "add", alias_c)

    ids["talk a"] = box.new_id(
        "log", alias_a, "--minutes", "40", "--mode", "phone", "--intensity", "4",
        "--tag", m("log tag (edited away)", tag=True), "--tag", "crisis",
        "--setting", m("log setting (edited away)"),
        "--note", "-", "--follow-up", "2026-12-15", "--at", "2026-11-20T10:00",
        input=m("log note, stdin (edited away)"),
    )  # fmt: skip
    ids["talk b"] = box.new_id(
        "log", alias_b, "--minutes", "20", "--mode", "video", "--intensity", "2",
        "--close-to-home", "--self-disclosure", "--discuss",
        "--note", m("log note, argument"), "--at", "2026-11-21T10:00",
    )  # fmt: skip
    ids["talk c"] = box.new_id(
        "log", alias_c, "--minutes", "30", "--mode", "outreach", "--intensity", "3",
        "--tag", "death", "--note", "-", "--at", "2026-11-19T09:00",
        input=m("log note for the closed client"),
    )  # fmt: skip
    ids["boundary a"] = box.new_id(
        "boundary", "--kind", "after-hours", "--felt", "4", "--client", alias_a,
        "--initiated-by", "client", "--discuss", "--note", "-", "--at", "2026-11-20T23:40",
        input=m("boundary note, stdin (edited away)"),
    )  # fmt: skip
    ids["boundary own"] = box.new_id(
        "boundary", "--kind", "role-drift", "--felt", "2",
        "--note", m("boundary note, argument"), "--at", "2026-11-22T11:00",
    )  # fmt: skip
    ids["reflection stdin"] = box.new_id(
        "reflect", "--tag", m("reflection tag (edited away)", tag=True),
        "--at", "2026-11-20T21:00",
        input=f"# Today\n\n{m('reflection, stdin without TEXT')}\n",
    )  # fmt: skip
    ids["reflection dash"] = box.new_id(
        "reflect", "-", "--discuss", "--at", "2026-11-21T21:00",
        input=m("reflection, stdin with - (deleted)"),
    )  # fmt: skip
    ids["reflection argument"] = box.new_id(
        "reflect", m("reflection, argument (purged)"), "--at", "2026-11-01T20:00"
    )
    ids["support stdin"] = box.new_id(
        "support", "--kind", "supervision", "--note", "-", "--at", "2026-11-20T15:00",
        input=m("support note, stdin"),
    )  # fmt: skip
    ids["support argument"] = box.new_id(
        "support", "--kind", "peer-consult", "--note", m("support note, argument (purged)"),
        "--at", "2026-11-02T10:00",
    )  # fmt: skip
    ids["checkin"] = box.new_id(
        "checkin", "--mood", "2", "--energy", "3", "--stress", "4", "--sleep", "5.5",
        "--worked", "9", "--breaks", "0", "--self-care", m("self-care item"),
        "--note", "-", "--date", "2026-11-20", input=m("checkin note, stdin (edited away)"),
    )  # fmt: skip
    ids["checkin old"] = box.new_id(
        "checkin", "--mood", "3", "--energy", "3", "--stress", "3",
        "--note", m("checkin note, argument (purged)"), "--date", "2026-11-03",
    )  # fmt: skip
    # A second check-in the same day, and edits: the earlier versions become revisions.
    second = box.new_id(
        "checkin", "--mood", "1", "--note", "-", "--date", "2026-11-20",
        input=m("checkin note, second the same day"),
    )  # fmt: skip
    assert second == ids["checkin"]
    box.run("edit", ids["talk a"], "--note", "-", input=m("edit note, stdin"))
    box.run(
        "edit", ids["talk a"], "--setting", m("edit setting"),
        "--tag", m("edit tag", tag=True), "--tag", "grief",
    )  # fmt: skip
    box.run("edit", ids["boundary a"], "--note", m("edit note, argument"))
    box.run("edit", ids["reflection stdin"], "--tag", m("edit reflection tag", tag=True))
    box.run("edit", ids["client a"], "--note", "-", input=m("edit client note"))

    # Reading commands, with markers in what they search and show.
    box.run("settings", "set", "self-care", f"walk, {m('settings self-care')}")
    got = json.loads(box.run("settings", "get", "self-care", "--json").stdout)
    assert box.markers["settings self-care"] in got["value"]
    assert box.markers["settings self-care"] in box.run("settings", "list").stdout
    found = json.loads(box.run("search", box.markers["edit note, stdin"], "--json").stdout)
    assert [record["id"] for record in found] == [ids["talk a"]]
    assert ids["reflection stdin"] in box.run("search", box.markers["edit reflection tag"]).stdout
    shown = box.run("show", ids["talk a"], "--json").stdout
    for name in ("log note, stdin (edited away)", "edit note, stdin", "alias a (renamed away)"):
        assert box.markers[name] in shown  # the revisions hold the earlier versions
    assert box.markers["edit setting"] in box.run("show", ids["talk a"]).stdout
    followups = json.loads(box.run("followups", "--json").stdout)
    assert [row["id"] for row in followups] == [ids["talk a"]]
    assert alias_a in box.run("followups").stdout
    box.run("followup", "done", ids["talk a"])
    listed = json.loads(box.run("client", "list", "--json").stdout)
    assert {client["alias"] for client in listed} == {alias_a, alias_b, alias_c}
    box.run("client", "list")
    box.run("client", "close", alias_c)
    # A rename rewrites every record about the client; the old alias stays in revisions.
    box.run("edit", ids["client a"], "--alias", m("alias a, renamed"))
    assert box.markers["alias a, renamed"] in box.run("show", ids["boundary a"]).stdout

    # The wellness plan (only an import sets it on the command line), shown by status.
    plan = {
        "type": "plan",
        "triggers": [m("plan trigger")],
        "step_back_actions": [m("plan step-back action")],
        "people": [{"name": m("plan person"), "how": m("plan how to reach")}],
        "crisis_lines": [{"name": m("plan crisis line"), "number": "+1 555 0100"}],
    }
    plan_file = box.outside / "plan.jsonl"
    plan_file.write_text(json.dumps(plan) + "\n", encoding="utf-8")
    assert "Imported 0 record(s)" in box.run("import", str(plan_file)).stdout
    status = box.run("status", "--as-of", "2026-11-20").stdout  # a death tag: step back
    for name in ("plan step-back action", "plan person", "plan how to reach"):
        assert box.markers[name] in status
    assessment = json.loads(box.run("status", "--json", "--as-of", "2026-11-20").stdout)
    assert assessment["level"] == "step-back" and len(assessment["indicators"]) == 16
    box.run("status")
    return ids


def fail_with_markers(box: Sandbox, ids: dict[str, str]) -> None:
    """Refused commands whose bad input holds a marker: exit 2, and nothing on disk."""
    m = box.marker
    alias_a = box.markers["alias a, renamed"]
    box.run("log", alias_a, "--minutes", "5", "--mode", m("bad mode"), "--intensity", "2",
            "--note", "-", input=m("note of a refused log"), expect=2)  # fmt: skip
    box.run("checkin", "--mood", m("bad mood"), "--energy", "2", "--stress", "2", expect=2)
    box.run("boundary", "--kind", m("bad kind"), "--felt", "2", expect=2)
    box.run("support", "--kind", "supervision", "--at", m("bad time"), expect=2)
    # Refused only after the vault is open: the mirror and the WAL have been in use.
    box.run("log", m("unknown alias"), "--minutes", "5", "--mode", "phone", "--intensity", "2",
            "--note", "-", input=m("note for an unknown client"), expect=2)  # fmt: skip
    box.run("edit", ids["talk a"], "--intensity", m("bad edit value"), expect=2)
    box.run("edit", ids["talk a"], "--no-such-field", m("bad edit field"), expect=2)
    box.run("client", "add", alias_a.lower(), "--note", m("note of a duplicate"), expect=2)
    box.run("settings", "set", "self-care", "x" * 101 + m("bad setting"), expect=2)
    box.run("search", m("search with no hits"))
    bad_import = box.outside / "bad.jsonl"
    bad_import.write_text(
        json.dumps({"type": "reflection", "at": "2026-11-02T21:00", "text": m("import text")})
        + "\n"
        + json.dumps({"type": "reflection", "at": "2099-01-01T00:00", "text": m("import bad")})
        + "\n",
        encoding="utf-8",
    )
    box.run("import", str(bad_import), expect=2)
    inside = box.first / "dump.jsonl"
    box.run("dump", "--out", str(inside), expect=2)
    assert not inside.exists()


def test_no_journal_command_leaves_a_marker_on_disk(sandbox: Sandbox) -> None:
    box = sandbox
    ids = record_everything(box)

    # The full dump, outside the sandbox: the one plaintext the user asked for.
    dump_file = box.outside / "dump.jsonl"
    warned = box.run("dump", "--out", str(dump_file))
    assert "plain text" in warned.stderr
    dumped_markers = dict(box.markers)

    # Deletions of every kind.
    box.run("delete", ids["reflection dash"], "--yes")
    box.run("client", "delete", box.markers["alias b (deleted)"], "--with-records", "--yes")
    assert "Deleted 3 record(s)" in box.run("purge", "--before", "2026-11-10", "--yes").stdout

    stored_before = stored_rows(box.first / "journal.vault")
    fail_with_markers(box, ids)
    assert stored_rows(box.first / "journal.vault") == stored_before  # refused: nothing written

    # The dump into a second journal (given by --home, which wins over the variable).
    imported = box.run("import", str(dump_file), home=box.second)
    assert "Imported" in imported.stdout
    again = box.run("search", box.markers["edit note, stdin"], home=box.second)
    assert ids["talk a"] in again.stdout
    box.run("edit", ids["reflection stdin"], "--tag", box.marker("tag in the second", tag=True),
            home=box.second)  # fmt: skip
    box.run("reflect", "-", input=box.marker("reflection in the second"), home=box.second)
    second_dump = box.outside / "second-dump.jsonl"
    box.run("dump", "--out", str(second_dump), home=box.second)

    # Nothing anywhere in the sandbox holds any marker.
    files = files_under(box.root)
    assert box.first / "journal.vault" in files and box.second / "journal.vault" in files
    needles = needles_for(box.markers)
    assert leaks_in(files, needles) == []
    # With a home given, nothing at all is written outside it (PRODUCT.md, "Home").
    assert [p for p in files if not p.is_relative_to(box.first) and not (
        p.is_relative_to(box.second))] == []  # fmt: skip

    # Positive controls: the scan flags the dump for every marker that was current when
    # it was made (so each was really stored, and each is findable); earlier versions are
    # not dumped; and the scan finds a planted marker.
    dump_text = dump_file.read_text(encoding="utf-8")
    flagged = leaks_in([dump_file], needles)
    current = {
        name for name in dumped_markers if "edited away" not in name and "renamed away" not in name
    }
    assert {
        name for name in current if not any(f"{dump_file}: {name} '" in line for line in flagged)
    } == set()
    assert {name for name in dumped_markers if dumped_markers[name] in dump_text} == current
    assert box.markers["reflection in the second"] in second_dump.read_text(encoding="utf-8")
    canary = Path(box.env["TMPDIR"]) / "canary"
    planted = box.markers["edit setting"]
    canary.write_bytes(b"\x00" + planted.lower().encode("utf-16-le") + b"\x00")
    caught = leaks_in(files_under(box.root), needles)
    assert caught and all(line.startswith(f"{canary}: edit setting ") for line in caught)
    canary.unlink()

    # File modes: the homes and everything in them private; the dumps 0600.
    for home in (box.first, box.second):
        assert mode_of(home) == 0o700
        for path in home.rglob("*"):
            assert mode_of(path) == (0o700 if path.is_dir() else 0o600), path
    assert mode_of(dump_file) == 0o600 and mode_of(second_dump) == 0o600
    assert not list(box.outside.glob("*.partial"))


# --- SQLite opens no temporary file during the journal commands ---------------------------------


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (Debian package strace)")
def test_journal_commands_open_no_temporary_file(sandbox: Sandbox) -> None:
    """SQLite unlinks a temporary file the moment it opens it, so a scan afterwards could
    not see one: the commands that sort, search, purge, dump and import run under strace."""
    box = sandbox
    alias = box.marker("alias")
    box.run("client", "add", alias)
    for day in range(1, 20):
        box.run("reflect", "-", "--at", f"2026-11-{day:02d}T21:00",
                input=f"day {day} " + box.markers["alias"] * 50)  # fmt: skip
    log = box.root.parent / "strace.log"
    private = (Path(box.env["SQLITE_TMPDIR"]), Path(box.env["TMPDIR"]))
    dump_file = box.outside / "traced.jsonl"
    commands = [
        ["search", alias, "--json"],
        ["followups", "--json"],
        ["dump", "--out", str(dump_file)],
        ["purge", "--before", "2026-11-05", "--yes"],
        ["--home", str(box.second), "import", str(dump_file)],
    ]
    assert STRACE is not None
    for number, args in enumerate(commands):
        trace = log.with_name(f"strace-{number}.log")
        result = subprocess.run(
            [STRACE, "-f", "-e", "trace=open,openat,openat2,creat", "-o", str(trace),
             sys.executable, "-m", "psp_journal", *args],
            env={**os.environ, **box.env},
            capture_output=True,
            text=True,
            timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, (args, result.stderr)
        lines = trace.read_text().splitlines()
        assert any("journal.vault" in line for line in lines), "strace saw no vault opens"
        opened_in_temp = [
            line
            for line in lines
            if "etilqs" in line or "O_TMPFILE" in line or any(str(p) in line for p in private)
        ]
        assert opened_in_temp == [], args
