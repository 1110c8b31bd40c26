"""Keys are a contract too: every binding has an id (for `[keymap]`) and a tooltip, the
README lists every id, and the app never reads the passphrase variables."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

import psp_journal.tui

REPO = Path(__file__).resolve().parents[2]


def app_modules() -> list[str]:
    return [
        module.name
        for module in pkgutil.walk_packages(psp_journal.tui.__path__, "psp_journal.tui.")
    ]


def our_bindings() -> dict[str, Binding]:
    """Every binding declared by a class of ours, by the class that declares it."""
    found: dict[str, Binding] = {}
    for name in app_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if not (isinstance(value, type) and issubclass(value, DOMNode)):
                continue
            if not value.__module__.startswith("psp_journal.tui"):
                continue
            for binding in value.__dict__.get("BINDINGS", []):
                assert isinstance(binding, Binding), f"{value.__name__}: {binding!r}"
                found[f"{value.__qualname__}:{binding.key}"] = binding
    return found


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    bindings = our_bindings()
    assert len(bindings) > 20
    missing = [where for where, binding in bindings.items() if not binding.id]
    untold = [where for where, binding in bindings.items() if not binding.tooltip]
    assert missing == [] and untold == []


def test_the_readme_lists_every_binding_id() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z_]+\.[a-z0-9_.-]+)`", readme))
    ids = {str(binding.id) for binding in our_bindings().values()}
    assert ids - listed == set()


def test_the_app_never_reads_the_passphrase_variables() -> None:
    for path in Path(psp_journal.tui.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "PSP_JOURNAL_" not in text, path
        assert "cli.secrets" not in text and "current_passphrase" not in text, path
