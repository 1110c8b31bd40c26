"""Settings: the person's own numbers and habits, what the journal keeps, and the vault's keys.

Every setting is typed as the command line's `settings set KEY VALUE` takes it and
checked by the models, so the two faces accept and refuse the same values with the same
words; the models' message appears under the field. ctrl+s (or Enter in a field) saves
every changed setting in one write, or none of them. Changing `retention-days` and
deleting before a date both ask first and say what goes; the vault's own actions live in
`settings_vault.py`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static, TabbedContent, TabPane

from psp_journal.i18n import N_, _, ngettext
from psp_journal.journal import Purged
from psp_journal.models import ValidationError, describe_setting, set_setting, setting_text
from psp_journal.models.indicators import INDICATORS, Indicator
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain
from psp_journal.tui.screens.forms.fields import FieldRow, TextField
from psp_journal.tui.screens.settings_vault import VaultActions
from psp_journal.vault import VaultError

_WEEK = (
    ("working-days", N_("Working days")),
    ("work-start", N_("Day starts")),
    ("work-end", N_("Day ends")),
    ("weekly-hours", N_("Weekly hours")),
)
_EVERYDAY = (
    ("self-care", N_("Self-care")),
    ("auto-lock-minutes", N_("Auto-lock")),
    ("country", N_("Country")),
    ("author", N_("Your name")),
)
_RETENTION = ("retention-days", N_("Keep days"))
# Each indicator number's label; its meaning and range come from the models.
_NUMBER_LABELS = {
    "window": N_("Days"),
    "weight": N_("Weight"),
    "mood": N_("Mood"),
    "stress": N_("Stress"),
    "hours": N_("Hours"),
    "breaks": N_("Breaks"),
    "intensity": N_("Intensity"),
    "felt": N_("Felt"),
    "count": N_("How many"),
    "last": N_("Looked at"),
    "checkins": N_("Check-ins"),
}


def field_name(key: str) -> str:
    """A setting key as a widget id: `thresholds.low-mood.count` has dots, ids may not."""
    return key.replace(".", "__")


def threshold_keys(indicator: Indicator) -> Iterator[str]:
    for number in indicator.numbers:
        yield f"thresholds.{indicator.id}.{number.name}"


def _all_keys() -> tuple[str, ...]:
    plain = [key for key, _label in (*_WEEK, *_EVERYDAY, _RETENTION)]
    return (*plain, *(key for indicator in INDICATORS for key in threshold_keys(indicator)))


class SettingsScreen(JournalAppView, Screen[None]):
    DEFAULT_CSS = """
    SettingsScreen {
        & > TabbedContent {
            height: 1fr;
        }
        & TabPane {
            padding: 0;
        }
        & .settings-body {
            padding: 1 2 0 2;
        }
        & .muted {
            color: $text-muted;
            margin-bottom: 1;
        }
        & .settings-heading {
            text-style: bold;
            margin: 1 0 0 0;
        }
        & .indicator-rule {
            color: $text-muted;
            margin-bottom: 1;
        }
        & .settings-actions {
            height: auto;
            margin-bottom: 1;
        }
        & .settings-actions > Static {
            width: 1fr;
            padding: 1 1 0 0;
        }
        & #settings-message {
            padding: 0 2;
            height: auto;
        }
        & #purge-result {
            height: auto;
        }
    }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding(
            "ctrl+s",
            "save",
            _("Save"),
            id="settings.save",
            tooltip=_("Save every setting you changed, or none if one cannot be taken"),
        ),
        Binding(
            "escape",
            "back",
            _("Back"),
            id="settings.back",
            tooltip=_("Back to the dashboard"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._keys = _all_keys()
        self._shown: dict[str, str] = {}
        self._warned_unsaved = False

    # --- what the screen holds -----------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(_("Settings"), id="settings-title", classes="screen-title")
        with TabbedContent(id="settings-tabs"):
            with TabPane(_("Your week"), id="tab-week"), self._body():
                yield Static(
                    _("Your working week: after-hours contacts and long weeks are counted by it."),
                    classes="muted",
                )
                yield from self._rows(_WEEK)
            with TabPane(_("Everyday"), id="tab-everyday"), self._body():
                yield from self._rows(_EVERYDAY)
                with Horizontal(classes="settings-actions"):
                    yield Plain("", id="theme-name")
                    yield Button(_("Choose a theme"), id="choose-theme")
            with TabPane(_("Strain"), id="tab-strain"), self._body():
                yield Static(
                    _(
                        "Each indicator adds its weight to your strain score while its rule "
                        "holds. Its rule is shown with your numbers."
                    ),
                    classes="muted",
                )
                for indicator in INDICATORS:
                    yield Plain(indicator.id, classes="settings-heading")
                    yield Plain("", id=f"rule-{indicator.id}", classes="indicator-rule")
                    for number, key in zip(
                        indicator.numbers, threshold_keys(indicator), strict=True
                    ):
                        yield self._row(key, _(_NUMBER_LABELS[number.name]))
            with TabPane(_("Keeping"), id="tab-keeping"), self._body():
                yield from self._rows((_RETENTION,))
                yield Static(_("Delete before a date"), classes="settings-heading")
                yield Static(
                    _(
                        "Every entry, step-back prompt record and export record dated before "
                        "the day, with every kept version: gone for good. You are asked first."
                    ),
                    classes="muted",
                )
                yield FieldRow(_("Before"), TextField("purge-before"), _("Year-month-day."))
                with Horizontal(classes="settings-actions"):
                    yield Plain("", id="purge-result")
                    yield Button(_("Delete before this date"), id="purge", variant="error")
            with TabPane(_("Keys and backups"), id="tab-vault"), self._body():
                yield VaultActions()
        yield Plain("", id="settings-message")
        yield Footer()

    @staticmethod
    def _body() -> VerticalScroll:
        return VerticalScroll(classes="settings-body", can_focus=False)

    def _rows(self, keys: tuple[tuple[str, str], ...]) -> Iterator[FieldRow]:
        for key, label in keys:
            yield self._row(key, _(label))

    @staticmethod
    def _row(key: str, label: str) -> FieldRow:
        return FieldRow(label, TextField(field_name(key)), describe_setting(key))

    def on_mount(self) -> None:
        self._show_values(self._keys)
        self._show_theme()
        self.query_one("#field-working-days", TextField).focus()

    def _field(self, key: str) -> TextField:
        return self.query_one(f"#field-{field_name(key)}", TextField)

    def _show_values(self, keys: tuple[str, ...]) -> None:
        """Each of `keys` as the journal holds it, as `settings list` prints it."""
        journal = self.journal_app.journal
        if journal is None:
            return
        settings = journal.settings()
        for key in keys:
            text = setting_text(settings, key)
            self._shown[key] = text
            field = self._field(key)
            with field.prevent(Input.Changed):
                field.value = text
        for indicator in INDICATORS:
            rule = indicator.describe(settings.thresholds[indicator.id])
            self.query_one(f"#rule-{indicator.id}", Static).update(rule)

    def _show_theme(self) -> None:
        from psp_journal.tui.themes import display_name

        app = self.journal_app
        name = display_name(app.available_themes[app.theme])
        self.query_one("#theme-name", Static).update(_("Theme: {name}").format(name=name))

    def show_journal(self) -> None:
        """Another copy changed the journal: settings nobody is editing here follow it."""
        self._show_values(tuple(key for key in self._keys if key not in self._changed()))

    def _changed(self) -> dict[str, str]:
        return {
            key: self._field(key).value
            for key in self._keys
            if self._field(key).value != self._shown.get(key)
        }

    # --- saving --------------------------------------------------------------------------

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves, as ctrl+s does; in the date to delete before, it asks to delete."""
        if event.input.id == "field-purge-before":
            event.stop()
            await self.action_purge()
        elif event.input.id in {f"field-{field_name(key)}" for key in self._keys}:
            event.stop()
            await self.action_save()

    async def action_save(self) -> None:
        """Check every changed setting as the command line would, then save them all in
        one write; a new `retention-days` first says what it removes and asks."""
        journal = self.journal_app.journal
        if journal is None:
            return
        self._clear_problems()
        changed = self._changed()
        if not changed:
            self._say(_("Nothing has changed since the last save."))
            return
        try:
            trial = journal.settings()
            for key, value in changed.items():
                trial = set_setting(trial, key, value)
        except ValidationError as error:
            self._show_problem(error)
            return
        keep_days = trial.retention_days
        if "retention-days" not in changed or keep_days is None:
            self._save(changed, retention=False)
            return
        cutoff = self.journal_app.clock().date() - timedelta(days=keep_days)
        goes = journal.purge_preview(cutoff)
        if not goes.total:
            self._save(changed, retention=True)
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._save(changed, retention=True)
            else:
                self._say(_("Nothing was saved or removed."))

        await self.app.push_screen(
            _confirm(
                ngettext(
                    "Keep only the last {days} day?",
                    "Keep only the last {days} days?",
                    keep_days,
                ).format(days=keep_days),
                _what_goes(cutoff, goes)
                + " "
                + _("From then on, whatever grows older than that goes too."),
                _("Keep only those days"),
            ),
            answered,
        )

    def _save(self, changed: dict[str, str], *, retention: bool) -> None:
        from psp_journal.tui.problems import describe_problem

        journal = self.journal_app.journal
        if journal is None:
            return
        try:
            journal.set_settings(changed)
        except ValidationError as error:
            self._show_problem(error)
            return
        except (VaultError, sqlite3.Error, OSError) as error:
            self._say(describe_problem(error))
            return
        words = [_("Saved.")]
        if retention:
            words.append(self._apply_retention())
        self._warned_unsaved = False
        self._show_values(self._keys)
        self._say(" ".join(word for word in words if word))
        self.journal_app.journal_changed()

    def _apply_retention(self) -> str:
        """As the command line does when `retention-days` is set: at once, and said."""
        journal = self.journal_app.journal
        assert journal is not None
        try:
            purged = journal.apply_retention()
        except (VaultError, sqlite3.Error, OSError):
            return _(
                "Removing what is older than your retention-days could not be done just "
                "now; it is tried again when the journal next opens."
            )
        return purged.sentence() if purged is not None else ""

    # --- deleting before a date ----------------------------------------------------------

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "purge":
            event.stop()
            await self.action_purge()
        elif event.button.id == "choose-theme":
            event.stop()
            self._choose_theme()

    async def action_purge(self) -> None:
        """`purge --before`: the same date check, and a question that says what goes."""
        from psp_journal.models import parse_date

        journal = self.journal_app.journal
        if journal is None:
            return
        row = self.query_one("#row-purge-before", FieldRow)
        row.show_problem("")
        result = self.query_one("#purge-result", Static)
        result.update("")
        today = self.journal_app.clock().date()
        try:
            cutoff = parse_date("--before", self._field("purge-before").value, today, True)
        except ValidationError as error:
            row.show_problem(error.message)
            self._field("purge-before").focus()
            return
        goes = journal.purge_preview(cutoff)
        if not goes.total:
            result.update(
                _("Nothing is dated before {date}; nothing was deleted.").format(
                    date=cutoff.isoformat()
                )
            )
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._purge(cutoff)
            else:
                result.update(_("Nothing was deleted."))

        await self.app.push_screen(
            _confirm(
                _("Delete everything dated before {date}, for good?").format(
                    date=cutoff.isoformat()
                ),
                _what_goes(cutoff, goes),
                _("Delete for good"),
            ),
            answered,
        )

    def _purge(self, cutoff: date) -> None:
        from psp_journal.tui.problems import describe_problem

        journal = self.journal_app.journal
        if journal is None:
            return
        result = self.query_one("#purge-result", Static)
        try:
            purged = journal.purge_before(cutoff)
        except (VaultError, sqlite3.Error, OSError) as error:
            result.update(describe_problem(error))
            return
        lines = [
            ngettext(
                "Deleted {count} entry dated before {date}, for good.",
                "Deleted {count} entries dated before {date}, for good.",
                purged.entries,
            ).format(count=purged.entries, date=cutoff.isoformat())
        ]
        if purged.total > purged.entries:
            lines.append(
                _("Also removed for good: {what}.").format(what=purged.in_words(with_entries=False))
            )
        result.update("\n".join(lines))
        self.journal_app.journal_changed()

    # --- the theme -----------------------------------------------------------------------

    def _choose_theme(self) -> None:
        from psp_journal.tui.dialogs.theme_picker import ThemePicker

        self.app.push_screen(ThemePicker(), lambda _chosen: self._show_theme())

    # --- problems and words --------------------------------------------------------------

    def _say(self, words: str) -> None:
        self.query_one("#settings-message", Static).update(words)

    def _clear_problems(self) -> None:
        for row in self.query(FieldRow):
            row.show_problem("")
        self._say("")

    def _show_problem(self, error: ValidationError) -> None:
        """Under its field, on its tab, with the focus there; else at the foot."""
        found = self.query(f"#row-{field_name(error.field)}")
        if not found or error.field not in self._keys:
            self._say(str(error))
            return
        row = found.first(FieldRow)
        row.show_problem(error.message)
        pane = next(ancestor for ancestor in row.ancestors if isinstance(ancestor, TabPane))
        self.query_one(TabbedContent).active = str(pane.id)
        self.call_after_refresh(self._field(error.field).focus)

    async def action_back(self) -> None:
        if self._changed() and not self._warned_unsaved:
            self._warned_unsaved = True
            self._say(_("Some changes are not saved: ctrl+s saves them, esc again leaves them."))
            return
        await self.journal_app.back_to_dashboard()


def _what_goes(cutoff: date, goes: Purged) -> str:
    return ngettext(
        "{what} dated before {date} is removed for good, with every kept version.",
        "{what} dated before {date} are removed for good, with every kept version.",
        goes.total,
    ).format(what=goes.in_words(), date=cutoff.isoformat())


def _confirm(title: str, body: str, yes_label: str) -> Screen[bool]:
    from psp_journal.tui.dialogs.confirm_erase import ConfirmEraseDialog

    return ConfirmEraseDialog(title, body, yes_label)
