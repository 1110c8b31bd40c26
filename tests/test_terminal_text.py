"""Text the person typed is stored as typed and shown literally on the command line: an
escape sequence, a one-byte C1 control or a right-to-left override never reaches the
terminal raw, in plain output or in JSON, and every print in the CLI goes through the
one helper that sees to it."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from psp_journal.terminal_text import is_hidden_control, json_text, one_line, shown
from tests.conftest import RunCli

HOSTILE = (
    "\x1b]0;TITLE\x07 retitled",
    "\x1b[2J cleared",
    "\x9b31m C1 red",
    "[@click=app.quit]x[/] [b]bold[/b]",
    "<script>alert(1)</script>",
    "[link](http://x) ![img](http://x/y.png)",
    "abc\u202edcba reversed",
    "\U0001f600 \t tabbed",
)
CLI = Path(__file__).resolve().parents[1] / "psp_journal" / "cli"


def no_raw_controls(text: str) -> bool:
    return not any(is_hidden_control(char) for char in text)


@pytest.mark.parametrize("text", HOSTILE)
def test_the_helpers_show_every_control_as_a_visible_escape(text: str) -> None:
    for rendered in (shown(text), one_line(text), json_text({"note": text})):
        assert no_raw_controls(rendered)
    assert json.loads(json_text({"note": text})) == {"note": text}
    if no_raw_controls(text):
        assert shown(text) == text


def test_line_breaks_stay_in_shown_text_and_not_in_one_line() -> None:
    assert shown("one\ntwo\tthree") == "one\ntwo\tthree"
    assert one_line("one\ntwo\r\nthree") == "one two  three"
    assert shown("\x1b[2J") == "\\x1b[2J"
    assert shown("a\u202eb") == "a\\u202eb"
    assert json_text("\ud800") == '"\\ud800"'


def test_hostile_text_is_stored_as_typed_and_never_printed_raw(
    run_cli: RunCli, recovery_key: str
) -> None:
    note = "\n".join(HOSTILE)
    saved = run_cli("reflect", "-", "--tag", "grief", input=note)
    assert saved.exit_code == 0, saved.output
    (entry,) = json.loads(run_cli("list", "--json").stdout)
    record_id = entry["id"]
    assert entry["text"] == note.rstrip("\n")
    outputs = [
        run_cli("show", record_id),
        run_cli("show", record_id, "--json"),
        run_cli("list"),
        run_cli("list", "--json"),
        run_cli("search", "retitled"),
        run_cli("search", "retitled", "--json"),
        run_cli("show", "\x1b]0;x\x07"),  # an unknown id, echoed in the message
    ]
    for result in outputs:
        assert no_raw_controls(result.stdout), result.args
        assert no_raw_controls(result.stderr), result.args
    assert "\\x1b]0;TITLE\\x07 retitled" in outputs[0].stdout


def _printing_calls(tree: ast.AST) -> list[ast.Call]:
    """Calls that write to the terminal without the helper: click.echo, print and the
    standard streams' write."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id == "print":
            found.append(node)
        elif isinstance(function, ast.Attribute) and (
            (function.attr == "echo" and ast.unparse(function.value) == "click")
            or (function.attr == "write" and ast.unparse(function.value).startswith("sys.std"))
        ):
            found.append(node)
    return found


def test_every_print_in_the_command_line_goes_through_the_helper() -> None:
    """`cli/base.py`'s echo and echo_bytes are the only writers; the passphrase prompts
    print fixed advice (string constants or a message function of their own)."""
    for path in sorted(CLI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _printing_calls(tree):
            where = f"{path.name}:{call.lineno}"
            if path.name == "base.py":
                assert call.lineno in _writer_lines(tree), where
            else:
                assert path.name == "secrets.py", where
                (message,) = call.args
                assert isinstance(message, ast.Constant) or (
                    isinstance(message, ast.Call) and not message.args
                ), where


def _writer_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in ("echo", "echo_bytes"):
            lines |= set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines
