"""`QuietCrashes`: a crash anywhere in the app shows the fixed message and quotes nothing.

The app under test holds a marker in its locals and in its error message, where Textual's
own handler would print it (a traceback with locals). In-process runs capture what the app
prints; child runs under a pseudo-terminal, with Textual's log file switched on, also
scan every file under the home, XDG and temp folders given to the child.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from types import ModuleType
from uuid import uuid4

import pytest
from textual.worker import WorkerFailed, WorkerState

from psp_journal.hygiene import CRASH_MESSAGE
from tests.tui.crashing_app import (
    OWN_EXIT_CODE,
    READY,
    SITES,
    CrashingApp,
    QuietCrashingApp,
)

REPO = Path(__file__).resolve().parents[2]
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"


def new_marker() -> str:
    return f"MARKER-{uuid4().hex}"


# --- in-process, with run_test -------------------------------------------------------------


async def run_until_stopped(app: CrashingApp) -> None:
    """Run `app` headless, press the key that fails on the "action" and "panic" sites."""
    async with app.run_test() as pilot:
        await pilot.press("x")


async def test_the_check_sees_what_textual_prints_without_the_mixin(
    capfd: pytest.CaptureFixture[str],
) -> None:
    marker = new_marker()
    with pytest.raises(RuntimeError):
        await run_until_stopped(CrashingApp("action", marker))
    assert marker in capfd.readouterr().err


@pytest.mark.parametrize("site", SITES)
async def test_a_crash_prints_only_the_fixed_message_and_exits_1(
    site: str, capfd: pytest.CaptureFixture[str]
) -> None:
    marker = new_marker()
    app = QuietCrashingApp(site, marker)
    if site == "panic":
        await run_until_stopped(app)
    else:
        # run_test re-raises the first error, so the app's own tests still fail on a crash.
        with pytest.raises((RuntimeError, WorkerFailed)) as raised:
            await run_until_stopped(app)
        assert marker in str(raised.value)
    printed = capfd.readouterr()
    assert printed.out == ""
    assert printed.err == CRASH_MESSAGE
    assert app.return_code == 1


async def test_a_worker_that_may_fail_leaves_the_app_running_and_quiet(
    capfd: pytest.CaptureFixture[str],
) -> None:
    app = QuietCrashingApp("kept-worker", new_marker())
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.kept_worker is not None
        assert app.kept_worker.state == WorkerState.ERROR
        assert app.is_running
        app.exit()
    printed = capfd.readouterr()
    assert printed.out == printed.err == ""
    assert app.return_code == 0


async def test_screenshots_write_nothing_but_the_svg_export_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    marker = new_marker()
    app = QuietCrashingApp("none", marker)
    async with app.run_test() as pilot:
        await app.run_action("screenshot")
        app.save_screenshot()
        app.save_screenshot(filename="screen.svg", path=str(tmp_path))
        app.deliver_screenshot(path=str(tmp_path))
        await pilot.pause()
        # SVG snapshot tests use this; it returns the text and writes no file.
        assert marker in app.export_screenshot()
    assert list(tmp_path.rglob("*")) == []


def test_the_devtools_console_gets_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """With textual-dev installed and TEXTUAL=devtools, Textual would send its log (a failed
    worker's error among it) and every print to a console; a stand-in textual-dev shows
    the mixin leaves the app without one."""
    monkeypatch.setenv("TEXTUAL", "devtools")
    stand_in = ModuleType("textual_dev.stand_in")
    stand_in.DevtoolsClient = lambda host: object()  # type: ignore[attr-defined]
    stand_in.StdoutRedirector = lambda client: object()  # type: ignore[attr-defined]
    for name in ("textual_dev", "textual_dev.client", "textual_dev.redirect_output"):
        monkeypatch.setitem(sys.modules, name, stand_in)
    assert CrashingApp("none", "").devtools is not None
    app = QuietCrashingApp("none", "")
    assert app.devtools is None and app._devtools_redirector is None


# --- in a child process under a pseudo-terminal --------------------------------------------


def private_folders(root: Path) -> dict[str, str]:
    """HOME, the XDG folders, TMPDIR and Textual's log file, all under `root`."""
    folders = {
        "HOME": root / "home",
        "XDG_CONFIG_HOME": root / "config",
        "XDG_DATA_HOME": root / "data",
        "XDG_STATE_HOME": root / "state",
        "XDG_CACHE_HOME": root / "cache",
        "XDG_RUNTIME_DIR": root / "runtime",
        "TMPDIR": root / "tmp",
    }
    for folder in folders.values():
        folder.mkdir(mode=0o700, parents=True)
    return {
        **{name: str(folder) for name, folder in folders.items()},
        "TEXTUAL_LOG": str(root / "textual.log"),
    }


def run_in_terminal(
    root: Path, site: str, marker: str, *extra: str, env: dict[str, str] | None = None
) -> tuple[int, bytes]:
    """Run the app as a child on a pseudo-terminal with its working folder and every private
    folder under `root`; type "x" once it is drawn. Returns the exit code and everything
    written to the terminal (stdout and stderr both)."""
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.tui.crashing_app", site, marker, *extra],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        cwd=root,
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": str(REPO),
            "TERM": "xterm-256color",
            **private_folders(root),
            **(env or {}),
        },
        start_new_session=True,
    )
    os.close(secondary)
    output = b""
    typed = False
    deadline = time.monotonic() + 20
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], deadline - time.monotonic())
            try:
                chunk = os.read(primary, 65536) if ready else b""
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
            if not typed and READY.encode() in output:
                os.write(primary, b"x")
                typed = True
        return child.wait(timeout=10), output
    finally:
        child.kill()
        os.close(primary)


def files_holding(root: Path, marker: str) -> list[Path]:
    return [
        path
        for path in root.rglob("*")
        if marker in path.name or (path.is_file() and marker.encode() in path.read_bytes())
    ]


@pytest.mark.parametrize("site", SITES)
def test_a_crash_in_a_real_terminal_quotes_nothing_anywhere(tmp_path: Path, site: str) -> None:
    marker = new_marker()
    code, output = run_in_terminal(tmp_path, site, marker)
    assert code == 1
    assert marker.encode() not in output
    assert output.replace(b"\r\n", b"\n").endswith(CRASH_MESSAGE.encode())
    # The terminal was given back before the message was printed.
    assert output.rindex(LEAVE_ALTERNATE_SCREEN) < output.rindex(CRASH_MESSAGE[:40].encode())
    assert files_holding(tmp_path, marker) == []


@pytest.mark.parametrize(
    ("extra", "expected_svgs", "expected_code"),
    [
        pytest.param((), 0, OWN_EXIT_CODE, id="quiet"),
        # Textual's own handling saves the screen after 1 second and exits with 0.
        pytest.param(("plain",), 1, 0, id="textual-default"),
    ],
)
def test_the_textual_screenshot_variable_is_ignored(
    tmp_path: Path, extra: tuple[str, ...], expected_svgs: int, expected_code: int
) -> None:
    marker = new_marker()
    shots = tmp_path / "shots"
    shots.mkdir()
    code, output = run_in_terminal(
        tmp_path,
        "none",
        marker,
        *extra,
        env={"TEXTUAL_SCREENSHOT": "1", "TEXTUAL_SCREENSHOT_LOCATION": str(shots)},
    )
    assert code == expected_code
    assert len(list(tmp_path.rglob("*.svg"))) == expected_svgs
    if not extra:
        assert files_holding(tmp_path, marker) == []


async def test_the_journal_app_itself_crashes_quietly(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from psp_journal.config import Paths
    from psp_journal.tui.app import JournalApp

    marker = new_marker()

    class FailingJournalApp(JournalApp):
        def action_help(self) -> None:
            entry_text = marker
            raise RuntimeError(entry_text)

    from psp_journal.vault import Vault
    from tests.conftest import CHEAP_KDF, PASSPHRASE, fixed_clock

    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    Vault.create(home / "journal.vault", PASSPHRASE, clock=fixed_clock, kdf=CHEAP_KDF)[0].close()
    app = FailingJournalApp(Paths(home, home))
    with pytest.raises(RuntimeError):
        async with app.run_test() as pilot:
            await pilot.press("f1")
    printed = capfd.readouterr()
    assert marker not in printed.out + printed.err
    assert printed.err == CRASH_MESSAGE
    assert app.return_code == 1
    assert not any(
        marker.encode() in path.read_bytes() for path in home.rglob("*") if path.is_file()
    )
