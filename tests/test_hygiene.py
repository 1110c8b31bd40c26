"""Process hygiene: no core dumps, private file modes, crash output that quotes nothing.

Most checks run in a child process, because `harden_process` changes the whole process
(umask, rlimits, excepthook) and must not leak into the test session.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from uuid import uuid4

import pytest

import psp_journal.vault.maintenance
from psp_journal.hygiene import CRASH_MESSAGE
from tests.conftest import PASSPHRASE, RunCli

REPO = Path(__file__).resolve().parents[1]
NEW_PASSPHRASE = "a new and different passphrase"


def new_marker() -> str:
    return f"MARKER-{uuid4().hex}"


def child(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )


def test_harden_process_turns_off_core_dumps_and_sets_a_private_umask(tmp_path: Path) -> None:
    result = child(
        f"""
        import json, os, resource
        from pathlib import Path
        os.umask(0o022)
        soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        if hard != 0:
            resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
        before = resource.getrlimit(resource.RLIMIT_CORE)

        from psp_journal.hygiene import harden_process
        harden_process()

        core = resource.getrlimit(resource.RLIMIT_CORE)
        umask = os.umask(0o077)
        path = Path({str(tmp_path / "made-after")!r})
        path.write_text("x")
        folder = Path({str(tmp_path / "folder-after")!r})
        folder.mkdir()
        print(json.dumps({{
            "before": before, "core": core, "umask": umask,
            "file": path.stat().st_mode & 0o777, "folder": folder.stat().st_mode & 0o777,
        }}))
        """
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["core"] == [0, 0]
    assert report["umask"] == 0o077
    assert report["file"] == 0o600 and report["folder"] == 0o700


CRASHING_CHILD = """
    from psp_journal.hygiene import harden_process
    harden_process()

    def save_entry(note):
        client = {{"alias": note, "story": "the whole " + note}}
        secret_local = note * 3
        try:
            {{}}[note]
        except KeyError as inner:
            raise RuntimeError(f"could not save {{note!r}} for {{client}}") from inner

    save_entry({marker!r})
"""


def test_an_uncaught_exception_prints_only_the_fixed_crash_message() -> None:
    marker = new_marker()
    result = child(CRASHING_CHILD.format(marker=marker))
    assert result.returncode == 1
    assert result.stderr == CRASH_MESSAGE
    assert marker not in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "crash",
    [
        pytest.param(
            """
            import threading
            def work(note):
                held = note
                raise RuntimeError(f"worker failed on {note}")
            thread = threading.Thread(target=work, args=(MARKER,))
            thread.start()
            thread.join()
            """,
            id="in-a-thread",
        ),
        pytest.param(
            """
            class Draft:
                def __init__(self, note):
                    self.note = note
                def __del__(self):
                    raise RuntimeError(f"could not close draft {self.note}")
            draft = Draft(MARKER)
            del draft
            """,
            id="in-a-finalizer",
        ),
    ],
)
def test_other_last_resort_error_printers_quote_nothing(crash: str) -> None:
    """Python prints these through threading.excepthook and sys.unraisablehook, not excepthook."""
    marker = new_marker()
    code = (
        "from psp_journal.hygiene import harden_process\nharden_process()\n"
        f"MARKER = {marker!r}\n" + textwrap.dedent(crash)
    )
    result = child(code)
    assert marker not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


# --- through the command line ---------------------------------------------------------------

UNEXPECTED = [
    pytest.param(RuntimeError, id="RuntimeError"),
    pytest.param(KeyError, id="KeyError"),
    pytest.param(ValueError, id="ValueError"),
    # Any other sqlite3.DatabaseError means a damaged file: exit 4, tested with the damage.
    pytest.param(sqlite3.OperationalError, id="sqlite3.OperationalError"),
]


@pytest.mark.parametrize("kind", UNEXPECTED)
def test_an_unexpected_error_in_a_command_exits_1_and_quotes_nothing(
    run_cli: RunCli, recovery_key: str, monkeypatch: pytest.MonkeyPatch, kind: type[Exception]
) -> None:
    marker = new_marker()

    def broken_verify(path: Path, passphrase: str) -> int:
        note = marker
        raise kind(f"verify choked on {note}")

    monkeypatch.setattr(psp_journal.vault.maintenance, "verify_vault", broken_verify)
    result = run_cli("verify")
    # The group turned it into a plain exit; CliRunner would also say 1 for an escaped error.
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert marker not in result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("psp-journal: ")


def test_an_unexpected_error_in_the_real_command_quotes_nothing(
    home: Path, recovery_key: str
) -> None:
    marker = new_marker()
    result = child(
        f"""
        import sys
        import psp_journal.vault.maintenance as maintenance
        from psp_journal.cli import main

        def broken_verify(path, passphrase):
            note = {marker!r}
            raise RuntimeError("verify choked on " + note)

        maintenance.verify_vault = broken_verify
        sys.argv = ["psp-journal", "verify"]
        main()
        """,
        {"PSP_JOURNAL_HOME": str(home), "PSP_JOURNAL_PASSPHRASE": PASSPHRASE},
    )
    assert result.returncode == 1
    assert marker not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "unexpected" in result.stderr
