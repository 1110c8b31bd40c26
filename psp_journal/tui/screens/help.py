"""F1: every key of the screen underneath and every palette command, in one calm list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from psp_journal.i18n import _
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain


class HelpScreen(JournalAppView, ModalScreen[None]):
    """A modal over a screen the person has already seen, so it may show what is behind.
    It lists the keys of the screen it was opened from and the palette's commands."""

    BINDINGS = [
        Binding("escape,f1", "close", _("Close"), id="help.close", tooltip=_("Close help")),
    ]

    def __init__(self, below: Screen[object]) -> None:
        super().__init__()
        self._below = below

    def compose(self) -> ComposeResult:
        from psp_journal.tui.commands import palette_commands

        app = self.journal_app
        keys = []
        for active in self._below.active_bindings.values():
            binding = active.binding
            # Ours all carry an id (for [keymap]); Textual's own scrolling keys do not.
            if binding.id and binding.description and not binding.system:
                shown = app.get_key_display(binding)
                keys.append(f"  {shown:<12} {binding.tooltip or binding.description}")
        commands = [f"  {command.title:<22} {command.help}" for command in palette_commands(app)]
        text = "\n".join(
            [
                _("Keys here"),
                *keys,
                "",
                _("Commands: press ctrl+p, type a name, then Enter"),
                *commands,
                "",
                _("Keys can be changed in config.toml under [keymap]; the README lists them."),
            ]
        )
        with VerticalScroll(id="help-box"):
            yield Static(_("Help"), classes="title")
            yield Plain(text, id="help-text")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss()
