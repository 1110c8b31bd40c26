"""Homes for the dashboard's and the prompt's tests: demo data through the Python API (a
cheap KDF, never the app's), a clock the test moves, and an unlock typed as a person would."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from psp_journal.config import Paths
from psp_journal.demo import demo_documents
from psp_journal.journal import Journal
from psp_journal.tui.app import JournalApp
from psp_journal.vault import Vault
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.tui.conftest import APP_NOW

# The demo's last day is the clock's day, and it ends in a rough patch: step back.
NOW = APP_NOW


class MovableClock:
    """Now, standing still until a test moves it on."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def move_on(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def make_home(tmp_path: Path, documents: Iterable[dict[str, Any]] = ()) -> Paths:
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    paths = Paths(data_dir=folder, config_dir=folder)
    vault, _ = Vault.create(paths.vault, PASSPHRASE, clock=lambda: NOW, kdf=CHEAP_KDF)
    try:
        lines = [json.dumps(document) for document in documents]
        if lines:
            Journal(vault, lambda: NOW).import_documents(lines)
    finally:
        vault.close()
    return paths


def demo_home(
    tmp_path: Path, change: Callable[[dict[str, Any]], dict[str, Any] | None] = lambda d: d
) -> Paths:
    """The demo journal ending at NOW; `change` may alter a document or leave it out."""
    documents = (change(document) for document in demo_documents(NOW))
    return make_home(tmp_path, (document for document in documents if document is not None))


def second_journal(paths: Paths, clock: Callable[[], datetime] = lambda: NOW) -> Journal:
    """Another running copy on the same vault, as a second window or the command line."""
    return Journal(Vault.unlock(paths.vault, PASSPHRASE, clock=clock), clock)


def app_for(paths: Paths, clock: Callable[[], datetime] = lambda: NOW) -> JournalApp:
    return JournalApp(paths, clock=clock, kdf=CHEAP_KDF)


def text_of(screen: Any, selector: str) -> str:
    """What a widget shows, as plain text (markup, had it been read, would be gone)."""
    return str(screen.query_one(selector).render())
