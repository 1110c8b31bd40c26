"""The command palette's commands: a contract, since scripts drive the app through them.

Scripts press ctrl+p, type a command's full English name and press Enter, so the names
below never change and are matched in English whatever language the app shows: the
title is the English name; the help line beside it is translated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from psp_journal.i18n import _

if TYPE_CHECKING:
    from psp_journal.tui.app import JournalApp

FORM_COMMANDS = (
    ("Check in", "checkin"),
    ("Log an interaction", "interaction"),
    ("Boundary event", "boundary"),
    ("Reflection", "reflection"),
    ("Support received", "support"),
)


def _open_form(app: JournalApp, form: str) -> Callable[[], Any]:
    async def open_it() -> None:
        await app.open_form(form)

    return open_it


def palette_commands(app: JournalApp, screen: Screen[Any] | None = None) -> Iterator[SystemCommand]:
    """Help and Quit always; the journal's commands only while it is unlocked, then the
    keys of the `screen` the palette was opened over (Save, Back, …), so that every
    action is in the palette as well as on a key."""
    yield SystemCommand("Help", _("Every key and command, and what they do"), app.action_help)
    if not app.locked:
        yield SystemCommand(
            "Lock now", _("Close the journal until you type your passphrase"), app.action_lock_now
        )
        yield SystemCommand(
            "Dashboard", _("Today, your strain and this week"), app.back_to_dashboard
        )
        helps = {
            "checkin": _("How you are today: mood, energy, stress, sleep"),
            "interaction": _("A contact with a client"),
            "boundary": _("A moment a boundary was tested"),
            "reflection": _("Your own thoughts, in your own words"),
            "support": _("Supervision, a debrief, a peer consult or your own support"),
        }
        for title, form in FORM_COMMANDS:
            yield SystemCommand(title, helps[form], _open_form(app, form))
        yield from _screens(app)
        yield SystemCommand("Theme", _("Choose how the app looks"), app.action_choose_theme)
        if screen is not None:
            yield from _screen_commands(screen, {title for title, _form in FORM_COMMANDS})
    yield SystemCommand("Quit", _("Lock the journal and quit"), app.action_quit)


def _screens(app: JournalApp) -> Iterator[SystemCommand]:
    """The journal's own screens, each opened over the dashboard."""
    from psp_journal.tui.screens.caseload import CaseloadScreen
    from psp_journal.tui.screens.export import ExportScreen
    from psp_journal.tui.screens.exports import ExportsScreen
    from psp_journal.tui.screens.journal import JournalScreen
    from psp_journal.tui.screens.plan_editor import PlanEditorScreen
    from psp_journal.tui.screens.settings import SettingsScreen
    from psp_journal.tui.screens.supervision import SupervisionScreen

    screens: tuple[tuple[str, str, Callable[[], Screen[Any]]], ...] = (
        ("Journal", _("Every entry, newest first, by kind, tag, client"), JournalScreen),
        ("Search", _("Find the entries holding your words"), lambda: JournalScreen(search=True)),
        ("Caseload", _("Your clients, their contacts and follow-ups"), CaseloadScreen),
        (
            "Wellness plan",
            _("Your own plan: what keeps you well and how you step back"),
            PlanEditorScreen,
        ),
        ("Supervision list", _("What you marked to bring to supervision"), SupervisionScreen),
        ("Export a summary", _("A de-identified summary for your supervisor"), ExportScreen),
        ("Exports", _("Everything that has left your journal"), ExportsScreen),
        ("Insights", _("Your weeks side by side, and what helps"), _insights),
        ("Settings", _("Your week, strain thresholds, keeping, keys and backups"), SettingsScreen),
    )
    for title, help_text, make in screens:
        yield SystemCommand(title, help_text, _opener(app, make))


def _insights() -> Screen[Any]:
    """Imported only when opened: its chart brings numpy."""
    from psp_journal.tui.screens.insights import InsightsScreen

    return InsightsScreen()


def _opener(app: JournalApp, make: Callable[[], Screen[Any]]) -> Callable[[], Any]:
    async def open_it() -> None:
        await app.open_screen(make())

    return open_it


def _screen_commands(screen: Screen[Any], taken: set[str]) -> Iterator[SystemCommand]:
    """The screen's own bindings (ours carry an id), under their footer words; a name the
    palette already has is left to the palette's own command."""
    for key_binding in _own_bindings(screen):
        title = key_binding.description
        if not title or title in taken or key_binding.action.startswith("open_form"):
            continue
        taken.add(title)
        yield SystemCommand(title, key_binding.tooltip, _runner(screen, key_binding.action))


def _own_bindings(screen: Screen[Any]) -> list[Binding]:
    return [
        active.binding
        for active in screen.active_bindings.values()
        if active.node is screen and active.binding.id and not active.binding.system
    ]


def _runner(screen: Screen[Any], action: str) -> Callable[[], Any]:
    async def run() -> None:
        await screen.run_action(action)

    return run
