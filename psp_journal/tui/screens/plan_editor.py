"""The wellness plan, in the person's own words: every section of it, edited in one place.

The lists are written one item to a line; people and the person's own crisis lines are
rows of fields, with a blank row always at the end for the next one. Only the sections
changed here are saved (into the plan as it is stored at that moment), so a section
nobody touched is never rewritten, and another window's change to it is kept; a control
character an imported item holds is shown as its visible escape (\\x1b), and saved that
way only if the person changes its section. The crisis lines checked for the person's
country are shown above their own, with the date they were last verified.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TextArea

from psp_journal.i18n import N_, _
from psp_journal.models import CrisisLine, Person, ValidationError, WellnessPlan
from psp_journal.models.plan import PLAN_LISTS, PlanItem, plan_with_section
from psp_journal.terminal_text import shown
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain

SECTION_TITLES: Mapping[str, str] = {
    "boundary_commitments": N_("My boundary commitments"),
    "daily_maintenance": N_("What keeps me well, day to day"),
    "triggers": N_("What can set me off"),
    "early_warning_signs": N_("Early warning signs"),
    "step_back_actions": N_("How I step back"),
    "people": N_("People I can reach"),
    "crisis_lines": N_("My own crisis lines"),
}
# The fields of one row of people or crisis lines, each with its placeholder.
ROW_FIELDS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "people": (("name", N_("Name")), ("how", N_("How to reach them"))),
    "crisis_lines": (("name", N_("Name")), ("number", N_("Number")), ("note", N_("Note"))),
}


class PlanRow(Horizontal):
    """One person or crisis line: a field for each of its parts."""

    DEFAULT_CSS = """
    PlanRow {
        height: auto;
        & > Input {
            width: 1fr;
        }
    }
    """

    def __init__(self, section: str, values: Mapping[str, str]) -> None:
        super().__init__(classes=f"plan-row row-{section}")
        self.section = section
        self._values = dict(values)

    def compose(self) -> ComposeResult:
        for name, placeholder in ROW_FIELDS[self.section]:
            yield Input(
                self._values.get(name, ""),
                placeholder=_(placeholder),
                name=name,
                classes=f"part-{name}",
            )

    def values(self) -> dict[str, str]:
        return {str(field.name): field.value for field in self.query(Input)}

    def item(self) -> PlanItem:
        values = self.values()
        if self.section == "people":
            return Person(values["name"], values["how"])
        return CrisisLine(values["name"], values["number"], values["note"])


class PlanEditorScreen(JournalAppView, Screen[None]):
    DEFAULT_CSS = """
    PlanEditorScreen {
        & > #plan-body {
            padding: 1 2 0 2;
        }
        & .plan-heading {
            text-style: bold;
            margin-top: 1;
        }
        & .muted {
            color: $text-muted;
        }
        & .plan-list {
            height: auto;
            min-height: 4;
            max-height: 12;
        }
        & .plan-error {
            color: $error;
        }
    }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("ctrl+s", "save", _("Save"), id="plan.save", tooltip=_("Save your plan")),
        Binding(
            "ctrl+n",
            "add_row",
            _("Add a row"),
            id="plan.add_row",
            tooltip=_("One more person or crisis line, in the section you are in"),
        ),
        Binding(
            "escape",
            "back",
            _("Back"),
            id="plan.back",
            tooltip=_("Back to the dashboard; unsaved changes are not kept"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._loaded: dict[str, list[PlanItem]] = {}

    def compose(self) -> ComposeResult:
        journal = self.journal_app.journal
        assert journal is not None
        plan = journal.plan()
        yield Static(_("Your wellness plan"), id="plan-title", classes="screen-title")
        with VerticalScroll(id="plan-body", can_focus=False):
            yield Static(
                _(
                    "Your own words, shown back to you when things build up. Each "
                    "numbered line is one item. Save with ctrl+s."
                ),
                classes="muted",
            )
            for section in PLAN_LISTS:
                items: Sequence[str] = getattr(plan, section)
                self._loaded[section] = list(items)
                yield Static(_(SECTION_TITLES[section]), classes="plan-heading")
                area = TextArea(
                    "\n".join(shown(item) for item in items),
                    id=f"plan-{section}",
                    classes="plan-list",
                    soft_wrap=True,
                    tab_behavior="focus",
                    show_line_numbers=True,
                )
                yield area
                if any("\n" in item for item in items):
                    yield Static(
                        _(
                            "An item here has line breaks of its own; it stays as it is "
                            "unless you change this section."
                        ),
                        classes="muted",
                    )
                yield Plain("", id=f"error-{section}", classes="plan-error")
            yield from self._row_section("people", plan.people, plan)
            yield from self._row_section("crisis_lines", plan.crisis_lines, plan)
        yield Footer()

    def _row_section(
        self, section: str, items: Sequence[Person | CrisisLine], plan: WellnessPlan
    ) -> ComposeResult:
        import dataclasses

        self._loaded[section] = list(items)
        yield Static(_(SECTION_TITLES[section]), classes="plan-heading")
        if section == "crisis_lines":
            yield Plain(self._checked_lines(plan), classes="muted plan-lines")
        with Vertical(id=f"plan-{section}", classes="plan-rows"):
            for item in items:
                yield PlanRow(section, dataclasses.asdict(_shown_item(item)))
            yield PlanRow(section, {})
        yield Plain("", id=f"error-{section}", classes="plan-error")

    def _checked_lines(self, plan: WellnessPlan) -> str:
        """The lines shipped for the person's country, with when they were last checked;
        elsewhere, where to find lines (the person's own go below)."""
        from psp_journal.care.crisis_lines import lines_for
        from psp_journal.tui.words import full_date_in_words

        journal = self.journal_app.journal
        assert journal is not None
        lines = lines_for(journal.settings().country, ())
        if lines.pointer is not None:
            return lines.pointer
        shown = [f"{line.name}: {line.number}" for line in lines.shipped]
        assert lines.last_verified is not None
        shown.append(
            _("Last verified {date}. Your own lines below are shown with these.").format(
                date=full_date_in_words(lines.last_verified)
            )
        )
        return "\n".join(shown)

    # --- reading what was typed -------------------------------------------------------------

    def typed(self, section: str) -> list[PlanItem]:
        """A section as typed: a list's lines, or the rows (blank ones left to the model,
        which drops them)."""
        if section in PLAN_LISTS:
            return list(self.query_one(f"#plan-{section}", TextArea).text.split("\n"))
        return [row.item() for row in self.query_one(f"#plan-{section}").query(PlanRow)]

    def _changed(self, section: str) -> bool:
        loaded = self._loaded[section]
        if section in PLAN_LISTS:
            return self.query_one(f"#plan-{section}", TextArea).text != "\n".join(
                shown(str(item)) for item in loaded
            )
        rows = [row.item() for row in self.query_one(f"#plan-{section}").query(PlanRow)]
        return [item for item in rows if _filled(item)] != [_shown_item(item) for item in loaded]

    # --- keys -------------------------------------------------------------------------------

    async def action_add_row(self) -> None:
        """A new blank row in the section with the focus (people, if neither has it)."""
        focused = self.app.focused
        row = focused.parent if focused is not None else None
        section = row.section if isinstance(row, PlanRow) else "people"
        new_row = PlanRow(section, {})
        await self.query_one(f"#plan-{section}").mount(new_row)
        new_row.query(Input).first().focus()

    async def action_save(self) -> None:
        from psp_journal.tui.problems import describe_problem

        journal = self.journal_app.journal
        if journal is None:
            return
        for error in self.query(".plan-error").results(Static):
            error.update("")
        sections = (*PLAN_LISTS, "people", "crisis_lines")
        changed = [section for section in sections if self._changed(section)]
        if not changed:
            self.app.notify(_("Nothing has changed."), timeout=3)
            return
        try:
            plan = journal.plan()
            for section in changed:
                plan = plan_with_section(plan, section, self.typed(section))
            for section in changed:
                journal.set_plan_section(section, self.typed(section))
        except ValidationError as error:
            self._show_problem(error)
            return
        except Exception as error:  # noqa: BLE001 — said in plain words, never raised
            self.app.notify(describe_problem(error), severity="error", markup=False)
            return
        self.app.notify(_("Saved your plan."), timeout=4)
        await self.journal_app.back_to_dashboard()

    def _show_problem(self, error: ValidationError) -> None:
        """Under the section the model names ("triggers[2]", "people[1].name")."""
        section = error.field.split("[", 1)[0].split(".", 1)[0]
        errors = {widget.id: widget for widget in self.query(".plan-error").results(Static)}
        target = errors.get(f"error-{section}") or errors[f"error-{PLAN_LISTS[0]}"]
        target.update(_where(error.field, error.message))
        target.scroll_visible()

    async def action_back(self) -> None:
        await self.journal_app.back_to_dashboard()


def _where(field: str, message: str) -> str:
    """The model's "triggers[2]" or "people[1].name" as the person sees it: a line of a
    list, or a row and the field in it."""
    import re

    found = re.fullmatch(r"(\w+)\[(\d+)\](?:\.(\w+))?", field)
    if found is None:
        return message
    section, number, part = found.groups()
    if part is None:
        return _("Item {number}: {message}").format(number=number, message=message)
    labels = dict(ROW_FIELDS.get(section, ()))
    return _("Row {number}, {part}: {message}").format(
        number=number, part=_(labels[part]) if part in labels else part, message=message
    )


def _shown_item(item: PlanItem) -> PlanItem:
    """An item as the editor shows it: a hidden control in it (from an import) as its
    visible escape, never sent raw to the terminal."""
    import dataclasses

    if isinstance(item, str):
        return shown(item)
    return dataclasses.replace(
        item, **{name: shown(value) for name, value in dataclasses.asdict(item).items()}
    )


def _filled(item: PlanItem) -> bool:
    import dataclasses

    if isinstance(item, str):
        return bool(item.strip())
    return any(str(value).strip() for value in dataclasses.asdict(item).values())
