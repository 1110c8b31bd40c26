"""The fields the everyday forms are made of, each holding what was typed as text.

Every field answers three questions the same way, whatever widget it is: what to keep in
a draft (`draft_text`), how to put a draft back (`restore_text`), and what to hand the
journal (`option`: the text as the command line would pass it, or None when left empty,
so an empty field stays unknown, never 0). Checking the text is the models' job. Text put
back into a field (a draft, an entry being edited) shows any hidden control as its visible
escape: a field draws its text as it is, and a raw escape sequence would reach the
terminal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol, Self, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Select, Static, TextArea

from psp_journal.i18n import _
from psp_journal.terminal_text import shown
from psp_journal.tui.plain import Plain, plain
from psp_journal.tui.widgets.scale import LabelledScale

Option = str | list[str]
# Tags may be typed "crisis, housing" or "crisis housing"; a tag's own words are joined
# by dashes (substance-use), so neither commas nor spaces belong inside one.
_TAG_SEPARATORS = re.compile(r"[,\s]+")


class FormField(Protocol):
    """What the form asks of every field."""

    field_name: str

    def draft_text(self) -> str: ...

    def restore_text(self, text: str) -> None: ...

    def option(self) -> Option | None: ...

    def focus(self, scroll_visible: bool = True) -> Widget: ...


class TextField(Input):
    """One line of text: a date, a time, a number, a setting."""

    def __init__(self, name: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(value=value, placeholder=placeholder, id=f"field-{name}")
        self.field_name = name

    def draft_text(self) -> str:
        return self.value

    def restore_text(self, text: str) -> None:
        self.value = shown(text)

    def option(self) -> Option | None:
        return self.value if self.value.strip() else None


class TagsField(TextField):
    """Tags typed with commas or spaces between them; each is checked by the models."""

    def option(self) -> Option | None:
        tags = [tag for tag in _TAG_SEPARATORS.split(self.value) if tag]
        return tags or None


class NoteField(TextArea):
    """Free text over several lines, kept exactly as written."""

    DEFAULT_CSS = """
    NoteField {
        height: 6;
    }
    """

    def __init__(self, name: str, *, tall: bool = False) -> None:
        super().__init__(id=f"field-{name}", soft_wrap=True, tab_behavior="focus")
        self.field_name = name
        if tall:
            self.styles.height = 12

    def draft_text(self) -> str:
        return self.text

    def restore_text(self, text: str) -> None:
        self.load_text(shown(text))

    def option(self) -> Option | None:
        return self.text if self.text.strip() else None


class FlagField(Checkbox):
    """A yes-or-no mark, such as "bring to supervision"."""

    def __init__(self, name: str, label: str) -> None:
        super().__init__(label, id=f"field-{name}")
        self.field_name = name

    def draft_text(self) -> str:
        return "yes" if self.value else ""

    def restore_text(self, text: str) -> None:
        self.value = text == "yes"

    def option(self) -> Option | None:
        return "yes" if self.value else None


class ScaleField(LabelledScale):
    """A labelled 1–5 scale; unknown until a point is chosen."""

    def __init__(self, name: str, labels: Mapping[int, str]) -> None:
        super().__init__(labels, id=f"field-{name}")
        self.field_name = name

    def draft_text(self) -> str:
        return self.value

    def restore_text(self, text: str) -> None:
        self.value = text

    def option(self) -> Option | None:
        return self.value or None


class ChoiceField(RadioSet):
    """One word from a fixed list, each shown by its (translated) words; none chosen is
    unknown."""

    def __init__(self, name: str, choices: Mapping[str, str], *, columns: int = 1) -> None:
        buttons = [RadioButton(label, name=word) for word, label in choices.items()]
        super().__init__(*buttons, id=f"field-{name}", classes=f"columns-{columns}")
        self.field_name = name

    def draft_text(self) -> str:
        button = self.pressed_button
        return button.name or "" if button is not None else ""

    def restore_text(self, text: str) -> None:
        for button in self.query(RadioButton):
            if button.name == text:
                button.value = True

    def option(self) -> Option | None:
        return self.draft_text() or None


class ClientField(Select[str]):
    """A client by alias, from the active caseload; aliases are shown as plain text."""

    def __init__(self, name: str, aliases: Sequence[str], chosen: str | None = None) -> None:
        super().__init__(
            [(plain(alias), alias) for alias in aliases],
            prompt=_("Choose a client"),
            value=chosen if chosen is not None and chosen in aliases else Select.NULL,
            id=f"field-{name}",
        )
        self.field_name = name

    def draft_text(self) -> str:
        return "" if self.value is Select.NULL else str(self.value)

    def restore_text(self, text: str) -> None:
        if any(value == text for _prompt, value in self._options):
            self.value = text

    def option(self) -> Option | None:
        return self.draft_text() or None

    def add_alias(self, alias: str, aliases: Sequence[str]) -> None:
        """The caseload changed (a client was just added): show it and choose `alias`."""
        self.set_options([(plain(each), each) for each in aliases])
        self.value = alias


class SelfCareField(Vertical):
    """The person's own self-care suggestions as checkboxes, and anything else typed in."""

    DEFAULT_CSS = """
    SelfCareField {
        height: auto;
        & > Checkbox {
            border: none;
            padding: 0;
        }
    }
    """

    def __init__(self, name: str, suggestions: Sequence[str]) -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self.suggestions = tuple(suggestions)

    def compose(self) -> ComposeResult:
        for suggestion in self.suggestions:
            yield Checkbox(plain(suggestion), name=suggestion)
        yield Input(placeholder=_("Something else (commas between items)"), classes="more")

    def _items(self) -> list[str]:
        checked = [box.name or "" for box in self.query(Checkbox) if box.value]
        typed = [item.strip() for item in self.query_one(".more", Input).value.split(",")]
        return [*checked, *(item for item in typed if item)]

    def draft_text(self) -> str:
        return "\n".join(self._items())

    def restore_text(self, text: str) -> None:
        items = [item for item in text.split("\n") if item]
        others = []
        boxes = {box.name: box for box in self.query(Checkbox)}
        for item in items:
            if item in boxes:
                boxes[item].value = True
            else:
                others.append(item)
        self.query_one(".more", Input).value = shown(", ".join(others))

    def option(self) -> Option | None:
        return self._items() or None

    def focus(self, scroll_visible: bool = True) -> Self:
        boxes = self.query(Checkbox)
        target: Widget = boxes.first() if boxes else self.query_one(".more", Input)
        target.focus(scroll_visible)
        return self


class FieldRow(Horizontal):
    """A field with its label at the left, an optional hint, and room for its problem."""

    DEFAULT_CSS = """
    FieldRow {
        height: auto;
        margin-bottom: 1;
        & > .field-label {
            width: 16;
            padding: 1 1 0 0;
            color: $text-muted;
        }
        & > .field-body {
            height: auto;
            width: 1fr;
        }
        & .field-hint {
            color: $text-muted;
            padding: 0 1;
        }
        & .field-error {
            color: $error;
            padding: 0 1;
            display: none;
        }
        & .field-error.-shown {
            display: block;
        }
    }
    """

    def __init__(self, label: str, control: Widget, hint: str | None = None) -> None:
        name = cast(FormField, control).field_name
        super().__init__(id=f"row-{name}")
        self.label = label
        self.control = control
        self.hint = hint
        self.field_name = name

    def compose(self) -> ComposeResult:
        yield Plain(self.label, classes="field-label")
        with Vertical(classes="field-body"):
            yield self.control
            if self.hint:
                yield Plain(self.hint, classes="field-hint")
            yield Plain("", classes="field-error", id=f"error-{self.field_name}")

    def show_problem(self, message: str) -> None:
        error = self.query_one(".field-error", Static)
        error.update(message)
        error.set_class(bool(message), "-shown")
