"""First run: what this is, a passphrase, the recovery key once, and a few settings.

One thing at a time, on one opaque screen whose steps replace each other. Nothing is
written until both passphrases agree and are long enough; the vault is then made in a
thread worker (the KDF is slow on purpose), its recovery key is shown once, and the
settings are saved through the journal, whose models check them exactly as the command
line's `settings set` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    ContentSwitcher,
    Footer,
    Input,
    LoadingIndicator,
    Select,
    Static,
)

from psp_journal.care.crisis_lines import COUNTRY_NAMES, SHIPPED_LINES
from psp_journal.config import ensure_private_dir
from psp_journal.i18n import N_, _
from psp_journal.journal import Journal
from psp_journal.models import Settings, ValidationError, set_setting
from psp_journal.models.settings import WEEK_DAYS
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain
from psp_journal.tui.screens.recovery_key import RecoveryKeyScreen
from psp_journal.tui.widgets.new_passphrase import NewPassphrase
from psp_journal.vault import Vault, VaultError

if TYPE_CHECKING:
    pass

DAY_LABELS = {
    "mon": N_("Mon"),
    "tue": N_("Tue"),
    "wed": N_("Wed"),
    "thu": N_("Thu"),
    "fri": N_("Fri"),
    "sat": N_("Sat"),
    "sun": N_("Sun"),
}
# Which message line shows a refusal, by the setting's key (the CLI's name for it).
_MESSAGE_FOR_KEY = {
    "working-days": "#days-message",
    "work-start": "#hours-message",
    "work-end": "#hours-message",
    "country": "#country-message",
}


def settings_in_order(current: Settings, chosen: dict[str, str]) -> list[tuple[str, str]]:
    """The settings to write, in an order the models accept one by one.

    The working day is checked at each step (it must end after it starts), so a day that
    starts after the stored one ends needs its end written first. Both orders are tried
    on a copy; the first order's refusal is the one reported when neither works.
    """
    first = list(chosen.items())
    hours_swapped = sorted(first, key=lambda item: item[0] == "work-start")
    refusal: ValidationError | None = None
    for order in (first, hours_swapped):
        settings = current
        try:
            for key, value in order:
                settings = set_setting(settings, key, value)
        except ValidationError as error:
            refusal = refusal or error
            continue
        return order
    assert refusal is not None
    raise refusal


class FirstRunScreen(JournalAppView, Screen[None]):
    """Shown by the app when there is no vault yet. Holds the new vault (and nothing
    else) between its creation and `app.opened`; closes it if the screen goes first."""

    DEFAULT_CSS = """
    FirstRunScreen ContentSwitcher {
        height: auto;
    }
    FirstRunScreen .step {
        height: auto;
    }
    FirstRunScreen .paragraph {
        margin-bottom: 1;
    }
    FirstRunScreen .field-label {
        margin-top: 1;
    }
    FirstRunScreen .field-message {
        color: $warning;
        height: auto;
    }
    FirstRunScreen #working-days {
        height: auto;
    }
    FirstRunScreen #working-days Checkbox {
        width: auto;
        margin-right: 1;
    }
    FirstRunScreen #working-hours {
        height: auto;
    }
    FirstRunScreen #working-hours Input {
        width: 12;
    }
    FirstRunScreen #working-hours Static {
        width: auto;
        padding: 1 1;
    }
    FirstRunScreen Button {
        margin-top: 1;
    }
    FirstRunScreen #creating {
        height: 3;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._vault: Vault | None = None

    def compose(self) -> ComposeResult:
        with Center(classes="centred"), VerticalScroll(classes="centred-box"):
            yield Static("psp-journal", classes="title")
            with ContentSwitcher(initial="step-welcome"):
                yield from self._welcome()
                yield from self._passphrase()
                yield from self._creating()
                yield from self._settings()
        yield Footer()

    def _welcome(self) -> ComposeResult:
        with Vertical(id="step-welcome", classes="step"):
            yield Static(_("Welcome."), classes="step-title")
            yield Static(
                _(
                    "This is a private journal, kept on this computer: for your work with "
                    "clients (by alias only), your own mood and boundaries, and a gentle "
                    "nudge when it may be time to step back."
                ),
                classes="paragraph",
            )
            yield Static(
                _(
                    "It is not a clinical record, and it is not shared with anyone. It is "
                    "locked with your passphrase: nobody else can read it, not even us."
                ),
                classes="paragraph",
            )
            yield Static(
                _(
                    "If you lose both your passphrase and your recovery key, nothing can "
                    "be recovered. That is the price of real privacy."
                ),
                classes="paragraph",
            )
            yield Button(_("Begin"), id="begin", variant="primary")

    def _passphrase(self) -> ComposeResult:
        with Vertical(id="step-passphrase", classes="step"):
            yield Static(_("Choose a passphrase"), classes="step-title")
            yield Static(
                _("You will type it each time you open your journal."), classes="paragraph"
            )
            yield NewPassphrase(id="choose-passphrase")
            yield Button(_("Create my journal"), id="create", variant="primary")

    def _creating(self) -> ComposeResult:
        with Vertical(id="step-creating", classes="step"):
            yield LoadingIndicator(id="creating")
            yield Static(_("Creating your journal…"), classes="tagline")

    def _settings(self) -> ComposeResult:
        with Vertical(id="step-settings", classes="step"):
            yield Static(_("A few things about your work"), classes="step-title")
            yield Static(
                _("They help the journal notice long days. You can change them later."),
                classes="paragraph",
            )
            yield Static(_("Your working days"), classes="field-label")
            with Horizontal(id="working-days"):
                for day in WEEK_DAYS:
                    yield Checkbox(
                        _(DAY_LABELS[day]),
                        value=day in WEEK_DAYS[:5],
                        id=f"day-{day}",
                        compact=True,
                    )
            yield Plain("", id="days-message", classes="field-message")
            yield Static(_("Your working hours"), classes="field-label")
            with Horizontal(id="working-hours"):
                yield Input("08:00", id="work-start")
                yield Static(_("to"))
                yield Input("18:00", id="work-end")
            yield Plain("", id="hours-message", classes="field-message")
            yield Static(
                _("Your country, for crisis lines we have checked (or leave it blank)"),
                classes="field-label",
            )
            yield Select(
                [(_(COUNTRY_NAMES[code]), code) for code in SHIPPED_LINES],
                prompt=_("Not set"),
                id="country",
            )
            yield Plain("", id="country-message", classes="field-message")
            yield Plain("", id="settings-message", classes="field-message")
            yield Button(_("Open my journal"), id="finish", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#begin", Button).focus()

    def _show_step(self, step: str) -> None:
        self.query_one(ContentSwitcher).current = step

    # --- the passphrase ---------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "begin":
            self._show_step("step-passphrase")
            self.query_one("#new-passphrase", Input).focus()
        elif event.button.id == "create":
            self._create()
        elif event.button.id == "finish":
            self._finish()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "new-again":
            self._create()
        elif event.input.id in ("work-start", "work-end"):
            self._finish()

    def _create(self) -> None:
        chooser = self.query_one(NewPassphrase)
        passphrase = chooser.chosen()
        if passphrase is None:
            return
        chooser.clear()
        self._show_step("step-creating")
        self.create_vault(passphrase)

    @work(thread=True, exclusive=True, group="first-run")
    def create_vault(self, passphrase: str) -> None:
        """The folder (0700), the KDF and the new vault, off the UI thread."""
        app = self.journal_app
        try:
            ensure_private_dir(app.paths.data_dir)
            vault, key = Vault.create(app.paths.vault, passphrase, clock=app.clock, kdf=app.kdf)
            try:
                vault.load_mirror()
            except BaseException:
                vault.close()
                raise
        except (VaultError, OSError) as error:
            app.call_from_thread(self._failed, error)
        else:
            app.call_from_thread(self._created, vault, key)

    def _failed(self, error: Exception) -> None:
        from psp_journal.tui.problems import describe_problem

        self._show_step("step-passphrase")
        self.query_one(NewPassphrase).say(describe_problem(error))
        self.query_one("#new-passphrase", Input).focus()

    def _created(self, vault: Vault, key: str) -> None:
        self._vault = vault
        self.app.push_screen(
            RecoveryKeyScreen(key, _("Your recovery key")), self._recovery_key_kept
        )

    def _recovery_key_kept(self, _result: None) -> None:
        self._show_step("step-settings")
        self.query_one("#day-mon", Checkbox).focus()

    # --- the settings -----------------------------------------------------------------

    def _chosen_settings(self) -> dict[str, str]:
        """As typed, in the command line's words: the models read and check them."""
        days = [day for day in WEEK_DAYS if self.query_one(f"#day-{day}", Checkbox).value]
        country = self.query_one("#country", Select).value
        return {
            "working-days": ",".join(days),
            "country": "" if country is Select.NULL else str(country),
            "work-start": self.query_one("#work-start", Input).value,
            "work-end": self.query_one("#work-end", Input).value,
        }

    def _finish(self) -> None:
        """Settings are small writes, quick enough for the UI thread. The journal opens
        from the app's own queue, since opening it removes this screen."""
        vault = self._vault
        if vault is None:
            return
        for selector in {*_MESSAGE_FOR_KEY.values(), "#settings-message"}:
            self.query_one(selector, Static).update("")
        journal = Journal(vault, self.journal_app.clock)
        try:
            for key, value in settings_in_order(journal.settings(), self._chosen_settings()):
                journal.set_setting(key, value)
        except ValidationError as error:
            where = _MESSAGE_FOR_KEY.get(error.field, "#settings-message")
            self.query_one(where, Static).update(error.message)
            return
        except (VaultError, OSError) as error:
            from psp_journal.tui.problems import describe_problem

            self.query_one("#settings-message", Static).update(describe_problem(error))
            return
        self._vault = None
        self.app.call_later(self.journal_app.opened, vault)

    def on_unmount(self) -> None:
        """Left before the journal opened (a lock or quit): the vault is closed, not kept."""
        vault, self._vault = self._vault, None
        if vault is not None:
            vault.close()
