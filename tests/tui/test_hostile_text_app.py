"""Hostile text in the journal, as the app shows it: what reaches the terminal holds no raw
escape sequence, C1 control or bidirectional override, and markup is never acted on.

The check reads what the app would write: the screen's composed strips, every segment's
text, exactly what the driver turns into terminal output.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from psp_journal.terminal_text import is_hidden_control
from psp_journal.tui.screens.caseload import CaseloadScreen
from psp_journal.tui.screens.client_page import ClientScreen
from psp_journal.tui.screens.entry import EntryScreen
from psp_journal.tui.screens.export import ExportScreen
from psp_journal.tui.screens.insights import InsightsScreen
from psp_journal.tui.screens.journal import JournalScreen
from psp_journal.tui.screens.plan_editor import PlanEditorScreen
from psp_journal.tui.screens.settings import SettingsScreen
from psp_journal.tui.screens.supervision import SupervisionScreen
from tests.tui.conftest import unlock
from tests.tui.journal_homes import NOW, app_for, demo_home

HOSTILE = "\x1b]2;PWNED\x07 \x1b[2J \x9b31m [@click=app.quit]x[/] [b]bold[/b] abc\u202edcba"


def _hostile(document: dict[str, Any]) -> dict[str, Any]:
    """The demo journal with hostile text in every note, reflection and plan item."""
    for field in ("note", "text"):
        if isinstance(document.get(field), str):
            document[field] = f"{document[field]} {HOSTILE}"
    if document.get("type") == "plan":
        for section in ("triggers", "step_back_actions", "daily_maintenance"):
            document[section] = [*document.get(section, []), HOSTILE]
        document["people"] = [*document.get("people", []), {"name": "Kim", "how": HOSTILE}]
        document["crisis_lines"] = [{"name": "Own line", "number": "123", "note": HOSTILE}]
    return document


def _a_reflection(app: Any) -> str:
    from psp_journal.models import EntryQuery

    (found,) = app.journal.list_entries(EntryQuery(kinds=("reflection",), limit=1))
    return str(found.id)


def written(app: Any) -> str:
    """Everything the screen would send to the terminal, as text."""
    return "".join(
        segment.text for strip in app.screen._compositor.render_strips() for segment in strip
    )


def assert_shown_safely(app: Any) -> None:
    out = written(app)
    raw = sorted({f"U+{ord(char):04X}" for char in out if is_hidden_control(char)})
    assert raw == [], f"{type(app.screen).__name__} writes raw controls: {raw}"


async def test_every_screen_shows_hostile_text_without_raw_controls(tmp_path: Path) -> None:
    app = app_for(demo_home(tmp_path, _hostile))
    async with app.run_test(size=(120, 60)) as pilot:
        await unlock(pilot)
        await pilot.pause()
        assert app.screen.__class__.__name__ == "StepBackDialog"
        assert_shown_safely(app)  # the prompt shows the plan's step-back actions
        await pilot.press("h")  # crisis lines, the person's own among them
        await pilot.pause()
        assert_shown_safely(app)
        await pilot.press("escape")
        await pilot.press("4")
        await pilot.pause()
        assert_shown_safely(app)  # the dashboard
        await pilot.press("w")
        await pilot.pause()
        assert_shown_safely(app)
        busiest = max(app.journal.clients(), key=lambda c: len(app.journal.records_about(c.alias)))
        screens = (
            SupervisionScreen(),
            PlanEditorScreen(),
            ExportScreen(),
            CaseloadScreen(),
            ClientScreen(busiest.id),
            InsightsScreen(),
            SettingsScreen(),
            JournalScreen(),
            EntryScreen(_a_reflection(app)),
        )
        for screen in screens:
            await app.open_screen(screen)
            await pilot.pause(0.5)
            assert_shown_safely(app)
        await pilot.press("e")  # the entry in its form, to be edited
        await pilot.pause(0.5)
        assert app.screen.__class__.__name__.startswith("Edit")
        assert_shown_safely(app)
        assert app.is_running
        assert NOW.date() == app.clock().date()


async def test_pasted_escape_sequences_go_in_as_visible_escapes(tmp_path: Path) -> None:
    from textual import events
    from textual.widgets import TextArea

    app = app_for(demo_home(tmp_path))
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot)
        while app.screen.__class__.__name__ == "StepBackDialog":
            app.pop_screen()
        await app.open_form("reflection")
        await pilot.pause()
        note = app.screen.query_one(TextArea)
        note.focus()
        app.post_message(events.Paste("before\x1b]2;PWNED\x07after"))
        await pilot.pause()
        assert note.text == "before\\x1b]2;PWNED\\x07after"
        assert_shown_safely(app)


def _calls(tree: ast.AST, names: set[str]) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id in names)
            or (isinstance(node.func, ast.Attribute) and node.func.attr in names)
        )
    ]


def _fixed_text(node: ast.expr) -> bool:
    """A string the app wrote itself: a literal, or one translated with _() / ngettext()."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in ("_", "ngettext") or (
            node.func.id in ("plain", "plain_text", "Plain")
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and _fixed_text(node.func.value)
    return False


def _returns_safe_cells(function: ast.FunctionDef) -> bool:
    """A module's own row builder: every tuple it returns holds fixed or plain text, or
    a cell handed to it (checked where it was made)."""
    returned = [node.value for node in ast.walk(function) if isinstance(node, ast.Return)]
    return bool(returned) and all(
        isinstance(value, ast.Tuple)
        and all(_fixed_text(cell) or isinstance(cell, ast.Name) for cell in value.elts)
        for value in returned
    )


def _argument_is_safe(argument: ast.expr, module: ast.Module) -> bool:
    if isinstance(argument, ast.Starred):
        inner = argument.value
        if isinstance(inner, ast.GeneratorExp | ast.ListComp):
            return _fixed_text(inner.elt)
        if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name):
            builders = [
                node
                for node in module.body
                if isinstance(node, ast.FunctionDef) and node.name == inner.func.id
            ]
            return len(builders) == 1 and _returns_safe_cells(builders[0])
    return _fixed_text(argument)


def test_every_widget_text_in_the_app_goes_through_plain() -> None:
    """Static, Label and table cells take only the app's own fixed text; anything that
    may hold the person's (or a file's) text is a `Plain` or goes through `plain`."""
    tui = Path(__file__).resolve().parents[2] / "psp_journal" / "tui"
    modules = {path: ast.parse(path.read_text(encoding="utf-8")) for path in tui.rglob("*.py")}
    unsafe = [
        f"{path.relative_to(tui)}:{call.lineno}: {ast.unparse(argument)}"
        for path, module in sorted(modules.items())
        for call in _calls(module, _WIDGET_CALLS)
        for argument in call.args
        if not _argument_is_safe(argument, module)
    ]
    assert unsafe == []


_WIDGET_CALLS = {"Static", "Label", "add_row", "add_column"}
