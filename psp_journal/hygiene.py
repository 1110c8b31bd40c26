"""Process settings that keep journal text out of crash output and loose files.

A core dump would hold decrypted entries and keys; a traceback can quote them. Both
faces call `harden_process` before anything else runs.
"""

from __future__ import annotations

import os
import sys
import threading
from types import TracebackType

CRASH_MESSAGE = (
    "psp-journal stopped unexpectedly. Nothing you wrote is shown here, and anything "
    "reported as saved is safe.\n"
)


def _quiet_excepthook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    sys.stderr.write(CRASH_MESSAGE)


def _quiet_thread_hook(arguments: threading.ExceptHookArgs) -> None:
    sys.stderr.write(CRASH_MESSAGE)


def _quiet_unraisable_hook(unraisable: sys.UnraisableHookArgs) -> None:
    sys.stderr.write(CRASH_MESSAGE)


def harden_process() -> None:
    """No core dumps, private file modes by default, and a crash message without data
    from every last-resort error printer (main thread, other threads, finalizers)."""
    if os.name == "posix":
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.umask(0o077)
    sys.excepthook = _quiet_excepthook
    threading.excepthook = _quiet_thread_hook
    sys.unraisablehook = _quiet_unraisable_hook
