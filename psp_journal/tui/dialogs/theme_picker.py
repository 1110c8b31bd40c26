"""Choose how the app looks: our four themes and the person's own, kept in config.toml."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from psp_journal.i18n import _
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.themes import display_name


class ThemePicker(JournalAppView, ModalScreen[None]):
    """Moving through the list shows each theme at once; Enter keeps it, esc goes back
    to the one in use before."""

    DEFAULT_CSS = """
    ThemePicker {
        align: center middle;
    }
    ThemePicker > Vertical {
        width: 50;
        max-width: 100%;
        height: auto;
        max-height: 80%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    ThemePicker OptionList {
        height: auto;
        max-height: 16;
    }
    """
    BINDINGS = [
        Binding(
            "escape", "cancel", _("Back"), id="theme.back", tooltip=_("Keep the theme as it was")
        ),
    ]

    def compose(self) -> ComposeResult:
        app = self.journal_app
        self._before = app.theme
        options = [
            Option(display_name(app.available_themes[name]), id=name) for name in app.theme_names
        ]
        with Vertical():
            yield Static(_("Theme"), classes="title")
            yield OptionList(*options, id="themes", markup=False)
            yield Static(_("Enter keeps it · esc goes back"), classes="hint")

    def on_mount(self) -> None:
        themes = self.query_one("#themes", OptionList)
        names = [option.id for option in themes.options]
        if self._before in names:
            themes.highlighted = names.index(self._before)
        themes.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.app.theme = event.option.id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.journal_app.choose_theme(event.option.id)
        self.dismiss()

    def action_cancel(self) -> None:
        self.app.theme = self._before
        self.dismiss()
