"""`psp-journal --demo` in a real terminal: the passphrase line, and the folder gone on exit.

The child runs on a pseudo-terminal with its own TMPDIR, so the throwaway folder can be
looked for afterwards: after ctrl+q, after a polite kill, and after the terminal closes.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE_LINE = re.compile(rb"Demo passphrase: ([a-z]+(?:-[a-z]+)+)")


class DemoInTerminal:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.primary, secondary = pty.openpty()
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.child = subprocess.Popen(
            [sys.executable, "-m", "psp_journal", "--demo"],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            cwd=tmp,
            env={
                "PATH": os.environ["PATH"],
                "PYTHONPATH": str(REPO),
                "TERM": "xterm-256color",
                "HOME": str(tmp),
                "TMPDIR": str(tmp),
            },
            start_new_session=True,
        )
        os.close(secondary)
        self.output = b""

    def read_until(self, pattern: re.Pattern[bytes], seconds: float = 60) -> re.Match[bytes]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = pattern.search(self.output)
            if found:
                return found
            ready, _, _ = select.select([self.primary], [], [], 0.2)
            if ready:
                self.output += os.read(self.primary, 65536)
        raise AssertionError("the demo never showed its passphrase")

    def demo_folders(self) -> list[Path]:
        return list(self.tmp.glob("psp-journal-demo-*"))

    def close(self) -> None:
        self.child.kill()
        try:
            os.close(self.primary)
        except OSError:
            pass


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[DemoInTerminal]:
    running = DemoInTerminal(tmp_path)
    yield running
    running.close()


@pytest.mark.slow
def test_ctrl_q_removes_the_demo_folder(demo: DemoInTerminal) -> None:
    demo.read_until(PASSPHRASE_LINE)
    assert len(demo.demo_folders()) == 1
    os.write(demo.primary, b"\x11")  # ctrl+q
    assert demo.child.wait(timeout=30) == 0
    assert demo.demo_folders() == []


@pytest.mark.slow
def test_a_polite_kill_removes_the_demo_folder(demo: DemoInTerminal) -> None:
    demo.read_until(PASSPHRASE_LINE)
    demo.child.send_signal(signal.SIGTERM)
    assert demo.child.wait(timeout=30) == 0
    assert demo.demo_folders() == []


@pytest.mark.slow
def test_closing_the_terminal_removes_the_demo_folder(demo: DemoInTerminal) -> None:
    demo.read_until(PASSPHRASE_LINE)
    os.close(demo.primary)
    demo.child.send_signal(signal.SIGHUP)  # what the closed window's terminal sends
    assert demo.child.wait(timeout=30) == 0
    assert demo.demo_folders() == []
