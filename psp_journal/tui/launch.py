"""Opening the app: on the person's own vault, or on a throwaway demo vault that is
deleted on exit."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from psp_journal.config import Paths, ensure_private_dir


def run_app(paths: Paths) -> int:
    """The app on the person's own journal; returns the exit code."""
    from psp_journal.tui.app import JournalApp

    ensure_private_dir(paths.data_dir)
    ensure_private_dir(paths.config_dir)
    app = JournalApp(paths)
    app.run()
    return app.return_code or 0


def make_demo_home(folder: Path, passphrase: str, now: datetime) -> Paths:
    """A vault in `folder` holding the demo journal (90 days ending now), as the app will
    open it: with the real KDF, since the passphrase is typed like any other."""
    from psp_journal.demo import demo_documents
    from psp_journal.journal import Journal
    from psp_journal.vault import Vault

    paths = Paths(data_dir=folder, config_dir=folder)
    vault, _recovery_key = Vault.create(paths.vault, passphrase, clock=datetime.now)
    try:
        lines = [json.dumps(document) for document in demo_documents(now)]
        Journal(vault, datetime.now).import_documents(lines)
    finally:
        vault.close()
    return paths


def run_demo() -> int:
    """`--demo`: a fresh random passphrase, shown on the unlock screen; the folder goes
    when the app exits, however it exits."""
    from psp_journal.demo import demo_passphrase
    from psp_journal.tui.app import JournalApp

    folder = Path(tempfile.mkdtemp(prefix="psp-journal-demo-"))
    try:
        passphrase = demo_passphrase()
        paths = make_demo_home(folder, passphrase, datetime.now())
        app = JournalApp(paths, demo_passphrase=passphrase)
        app.on_hang_up.append(lambda: shutil.rmtree(folder, ignore_errors=True))
        app.run()
        return app.return_code or 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)
