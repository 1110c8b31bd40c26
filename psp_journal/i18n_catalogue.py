"""Writes the translators' template, `locale/psp-journal.pot`, from the sources.

Run `python -m psp_journal.i18n_catalogue` after changing a user-facing string;
tests/test_i18n.py fails while the committed template differs from what this writes.

The stdlib has no extractor that knows plurals: `Tools/i18n/pygettext.py` is not installed
with Python, and before 3.14 it reads only one-argument keywords, so every `ngettext` would
lose its plural. This walks the package's syntax trees instead, for `_("…")`, `N_("…")`
and `ngettext("…", "…", n)`. It also refuses what gettext could never look up (a message
built at run time, such as an f-string) and a translation made at import, at module or
class level, which would keep the language of that moment: such a constant is marked with
`N_()` and passed through `_()` where it is shown. The one exception is a key binding's
words (`Binding(..., _("Save"))`): Textual reads bindings when their class is defined,
and the app's modules are imported only once the app starts, after the language is
settled for the life of the process. Messages are sorted and located by file
only, so the template changes when the messages do, not when code moves.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from psp_journal.i18n import DOMAIN, LOCALE_DIR

PACKAGE = Path(__file__).parent
POT_PATH = LOCALE_DIR / f"{DOMAIN}.pot"
_HEADER = """\
# The template for psp-journal's translations. English is the source language.
# Written by `python -m psp_journal.i18n_catalogue`: edit the sources, not this file.
msgid ""
msgstr ""
"Project-Id-Version: psp-journal\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"
"""


@dataclass
class Message:
    """One entry of the template: its English text (and plural) and the files using it."""

    msgid: str
    plural: str | None
    files: set[str] = field(default_factory=set)


class _Walk(ast.NodeVisitor):
    """Collects one file's messages and problems; `depth` counts enclosing functions, so a
    call outside every function (run at import) is told apart."""

    def __init__(self, path: str, messages: dict[str, Message], problems: list[str]) -> None:
        self.path, self.messages, self.problems = path, messages, problems
        self.depth = 0
        self.in_binding = 0

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._inside(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._inside(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._inside(node)

    def _inside(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name == "Binding":
            self.in_binding += 1
            self.generic_visit(node)
            self.in_binding -= 1
            return
        if name in ("_", "ngettext") and self.depth == 0 and not self.in_binding:
            self._problem(node, f"{name}() at import; mark it with N_(), translate where shown")
        marked_elsewhere = ast.Name | ast.Attribute | ast.Subscript  # `_(HEADLINES[level])`
        if name == "_" and node.args and not isinstance(node.args[0], marked_elsewhere):
            self._add(node, node.args[:1], plural=False)
        elif name == "N_":
            self._add(node, node.args[:1], plural=False)
        elif name == "ngettext":
            self._add(node, node.args[:2], plural=True)
        self.generic_visit(node)

    def _add(self, node: ast.Call, args: list[ast.expr], *, plural: bool) -> None:
        texts = [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if len(texts) != (2 if plural else 1):
            self._problem(node, "the message must be a string literal, so gettext can find it")
            return
        msgid, other = texts[0], texts[1] if plural else None
        message = self.messages.setdefault(msgid, Message(msgid, other))
        if message.plural != other:
            self._problem(node, f"{msgid!r} is used with two different plurals")
        message.files.add(self.path)

    def _problem(self, node: ast.AST, what: str) -> None:
        self.problems.append(f"{self.path}:{getattr(node, 'lineno', '?')}: {what}")


def extract(package: Path = PACKAGE) -> list[Message]:
    """Every message in `package`'s sources, sorted; ValueError listing every problem."""
    messages: dict[str, Message] = {}
    problems: list[str] = []
    for path in sorted(package.rglob("*.py")):
        shown = path.relative_to(package.parent).as_posix()
        _Walk(shown, messages, problems).visit(ast.parse(path.read_text("utf-8"), shown))
    if problems:
        raise ValueError("\n".join(problems))
    return [messages[msgid] for msgid in sorted(messages)]


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped.replace("\t", "\\t") + '"'


def render(messages: list[Message]) -> str:
    """The template's text: the header, then each message with its files and, when it has
    `{placeholders}`, the python-brace-format flag (so `msgfmt --check` checks them)."""
    entries = [_HEADER]
    for message in messages:
        lines = [f"#: {' '.join(sorted(message.files))}"]
        if "{" in message.msgid + (message.plural or ""):
            lines.append("#, python-brace-format")
        lines.append(f"msgid {_quoted(message.msgid)}")
        if message.plural is None:
            lines.append('msgstr ""')
        else:
            lines += [f"msgid_plural {_quoted(message.plural)}", 'msgstr[0] ""', 'msgstr[1] ""']
        entries.append("\n".join(lines) + "\n")
    return "\n".join(entries)


def main() -> None:
    """Rewrites the committed template, so translators start from every current message."""
    messages = extract()
    POT_PATH.write_text(render(messages), "utf-8")
    print(f"{POT_PATH}: {len(messages)} messages")


if __name__ == "__main__":
    main()
