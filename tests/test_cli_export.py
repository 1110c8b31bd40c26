"""`export` and `exports` through the command line: consent, exactly what leaves, the ledger.

The promises checked here are the issue's: the preview is byte for byte what consent
writes and writes nothing; without --preview or --consent, or over an existing file,
nothing is written; the file is 0600 and the ledger's SHA-256 is its own; a full disk
leaves neither a file nor a ledger entry; and nothing the person wrote leaves by default.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from psp_journal.export.signing import verify_summary
from tests.conftest import RunCli

MARKER = "Zqxmarker"


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def journal_home(run_cli: RunCli, recovery_key: str, tmp_path: Path) -> RunCli:
    """A journal with an author, a client whose alias and notes carry MARKER, items
    marked for supervision whose text carries it too, and MARKER in the settings and the
    wellness plan."""
    ok(run_cli("settings", "set", "author", "Kari"))
    ok(run_cli("settings", "set", "self-care", f"walk, {MARKER} music"))
    plan = {"type": "plan", "triggers": [f"{MARKER} calls late"], "step_back_actions": [MARKER]}
    plan_file = tmp_path / "plan.jsonl"
    plan_file.write_text(json.dumps(plan) + "\n", encoding="utf-8")
    ok(run_cli("import", str(plan_file)))
    ok(run_cli("client", "add", MARKER, "--note", f"{MARKER} lives nearby"))
    for at in ("2026-11-03T10:00", "2026-11-10T19:30", "2026-11-17T11:00"):
        ok(
            run_cli(
                "log", MARKER, "--minutes", "45", "--mode", "phone", "--intensity", "3",
                "--tag", "crisis", "--note", f"{MARKER} said a thing", "--discuss", "--at", at,
            )
        )  # fmt: skip
    boundary = ["--kind", "gift", "--felt", "2", "--client", MARKER, "--discuss"]
    note = ["--note", f"{MARKER} gave a gift", "--at", "2026-11-12T09:00"]
    ok(run_cli("boundary", *boundary, *note))
    ok(run_cli("reflect", f"About {MARKER}", "--discuss", "--at", "2026-11-13T20:00"))
    return run_cli


def export_args(out: Path, *extra: str, fmt: str = "md") -> list[str]:
    return [
        "export", "--from", "2026-11-01", "--to", "2026-11-20", "--format", fmt,
        "--out", str(out), "--recipient", "Anne (supervisor)", *extra,
    ]  # fmt: skip


def ledger(run_cli: RunCli) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(ok(run_cli("exports", "--json")).stdout)
    return entries


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_the_preview_is_exactly_what_consent_writes(
    journal_home: RunCli, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"summary.{fmt}"
    preview = ok(journal_home(*export_args(out, "--preview", fmt=fmt)))
    assert not out.exists() and ledger(journal_home) == []
    assert "Caseload" in preview.stderr and "--consent" in preview.stderr
    assert "might point to one client" in preview.stderr  # small counts flagged
    ok(journal_home(*export_args(out, "--consent", fmt=fmt)))
    assert out.read_bytes() == preview.stdout_bytes
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    [entry] = ledger(journal_home)
    assert entry["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert entry["kind"] == "export" and entry["recipient"] == "Anne (supervisor)"
    assert entry["format"] == fmt and entry["file"] == str(out)
    assert entry["period"] == {"from": "2026-11-01", "to": "2026-11-20"}
    assert entry["sections"] == ["coverage", "caseload", "boundaries", "supervision-items"]


def test_a_json_summary_is_signed_and_names_its_author(
    journal_home: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "summary.json"
    written = ok(journal_home(*export_args(out, "--consent", fmt="json")))
    verified = verify_summary(json.loads(out.read_text(encoding="utf-8")))
    assert verified.author == "Kari" and verified.payload["schema"] == 1
    assert f"its fingerprint is {verified.fingerprint}." in written.stdout


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_nothing_the_person_wrote_leaves_by_default(
    journal_home: RunCli, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"summary.{fmt}"
    preview = ok(journal_home(*export_args(out, "--preview", fmt=fmt)))
    ok(journal_home(*export_args(out, "--consent", fmt=fmt)))
    assert MARKER.lower().encode() not in out.read_bytes().lower()
    assert MARKER.lower() not in preview.output.lower()


def test_an_included_note_is_the_one_text_that_leaves(journal_home: RunCli, tmp_path: Path) -> None:
    items = json.loads(ok(journal_home("list", "--kind", "reflection", "--json")).stdout)
    out = tmp_path / "summary.md"
    ok(journal_home(*export_args(out, "--include-note", items[0]["id"], "--consent")))
    assert out.read_text(encoding="utf-8").count(MARKER) == 1


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ((), "--consent"),
        (("--preview", "--consent"), "--consent"),
        (("--include", "moods", "--preview"), "moods"),
        (("--include-note", "nope", "--preview"), "--include-note"),
    ],
)
def test_bad_input_writes_nothing(
    journal_home: RunCli, tmp_path: Path, extra: tuple[str, ...], field: str
) -> None:
    out = tmp_path / "summary.md"
    result = journal_home(*export_args(out, *extra))
    assert result.exit_code == 2 and field in result.stderr
    assert "Traceback" not in result.output and not out.exists()
    assert ledger(journal_home) == []


def test_bad_input_is_refused_before_the_passphrase(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(
        *export_args(tmp_path / "s.md", "--include", "moods", "--consent"),
        PSP_JOURNAL_PASSPHRASE=None,
    )
    assert result.exit_code == 2 and "moods" in result.stderr


def test_an_existing_file_is_never_replaced(journal_home: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    out.write_text("mine", encoding="utf-8")
    result = journal_home(*export_args(out, "--consent"))
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine" and ledger(journal_home) == []


def test_without_an_author_nothing_is_written(
    run_cli: RunCli, recovery_key: str, tmp_path: Path
) -> None:
    out = tmp_path / "summary.json"
    result = run_cli(*export_args(out, "--consent", fmt="json"))
    assert result.exit_code == 2 and "settings set author" in result.stderr
    assert not out.exists() and ledger(run_cli) == []


def test_html_is_one_self_contained_file_recorded_in_the_ledger(
    journal_home: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "summary.html"
    result = journal_home(*export_args(out, "--consent", fmt="html"))
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    (entry,) = ledger(journal_home)
    assert entry["format"] == "html"
    assert entry["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()


def test_a_full_disk_leaves_no_file_and_no_ledger_entry(
    journal_home: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary's own file fails half-written, as on a full disk."""
    out = tmp_path / "summary.md"
    real_fdopen = os.fdopen

    class HalfWritten:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> HalfWritten:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, *args, **kwargs)
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".partial"):
            return HalfWritten(handle)
        return handle

    monkeypatch.setattr(os, "fdopen", fdopen)
    result = journal_home(*export_args(out, "--consent"))
    monkeypatch.undo()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert list(tmp_path.glob("*summary*")) == [] and ledger(journal_home) == []


def test_exports_lists_summaries_and_dumps_newest_first(
    journal_home: RunCli, tmp_path: Path
) -> None:
    ok(journal_home("dump", "--out", str(tmp_path / "all.jsonl")))
    ok(journal_home(*export_args(tmp_path / "summary.json", "--consent", fmt="json")))
    entries = ledger(journal_home)
    assert {entry["kind"] for entry in entries} == {"dump", "export"}
    assert [entry["at"] for entry in entries] == sorted(
        (entry["at"] for entry in entries), reverse=True
    )
    text = ok(journal_home("exports")).stdout
    assert "Anne (supervisor)" in text and str(tmp_path / "all.jsonl") in text


def test_the_author_setting(run_cli: RunCli, recovery_key: str) -> None:
    assert ok(run_cli("settings", "get", "author")).stdout.strip() == "author = not set"
    assert run_cli("settings", "set", "author", "x" * 41).exit_code == 2
    ok(run_cli("settings", "set", "author", " PSP-07 "))
    shown = json.loads(ok(run_cli("settings", "get", "author", "--json")).stdout)
    assert shown == {"key": "author", "value": "PSP-07"}


def test_export_records_move_with_a_dump(
    journal_home: RunCli, tmp_path: Path, recovery_key: str
) -> None:
    ok(journal_home(*export_args(tmp_path / "summary.md", "--consent")))
    ok(journal_home("dump", "--out", str(tmp_path / "all.jsonl")))
    other = tmp_path / "other"
    ok(journal_home("--home", str(other), "init"))
    ok(journal_home("--home", str(other), "import", str(tmp_path / "all.jsonl")))
    moved = json.loads(ok(journal_home("--home", str(other), "exports", "--json")).stdout)
    assert [entry["kind"] for entry in moved] == ["export"]  # the later dump is not in itself
    [sent] = [entry for entry in ledger(journal_home) if entry["kind"] == "export"]
    assert moved == [sent]


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_hostile_text_leaves_only_as_visible_text(
    journal_home: RunCli, tmp_path: Path, fmt: str
) -> None:
    """An included note and what went well, full of escape sequences, markup and a
    right-to-left override: no raw control reaches the preview (a terminal) or the file,
    and the JSON still verifies with the text exactly as written."""
    from psp_journal.terminal_text import is_hidden_control
    from tests.test_terminal_text import HOSTILE

    hostile = "\n".join(HOSTILE)
    ok(journal_home("reflect", "-", "--discuss", "--at", "2026-11-14T20:00", input=hostile))
    items = json.loads(ok(journal_home("list", "--kind", "reflection", "--json")).stdout)
    (item,) = [entry for entry in items if "retitled" in entry["text"]]
    out = tmp_path / f"summary.{fmt}"
    extra = ("--include-note", item["id"], "--went-well", "-")
    preview = ok(journal_home(*export_args(out, *extra, "--preview", fmt=fmt), input=hostile))
    ok(journal_home(*export_args(out, *extra, "--consent", fmt=fmt), input=hostile))
    written = out.read_text(encoding="utf-8")
    assert written == preview.stdout
    assert not any(is_hidden_control(char) for char in written + preview.stderr)
    if fmt == "json":
        payload = verify_summary(json.loads(written)).payload
        assert payload["went_well"] == hostile
        texts = [
            entry["text"] for entry in payload["supervision-items"]["items"] if "text" in entry
        ]
        assert texts == [hostile]
    if fmt == "html":
        assert "<script>" not in written and "&lt;script&gt;" in written
