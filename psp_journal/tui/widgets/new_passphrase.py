"""A new passphrase, typed twice, with a kind hint: shared by first run and recovery.

The length rule is the command line's own (`vault_advice`), so the two faces accept and
refuse exactly the same passphrases. No strength meter: a meter reads as a grade, and the
one thing that matters here is a length the person can remember.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from psp_journal.i18n import _, ngettext
from psp_journal.tui.plain import Plain
from psp_journal.vault_advice import (
    MIN_PASSPHRASE_LENGTH,
    passphrase_too_short,
    short_passphrase_advice,
)


def passphrase_hint() -> str:
    return _(
        "At least {minimum} characters. A few unrelated words work well, "
        "like a short sentence only you would think of."
    ).format(minimum=MIN_PASSPHRASE_LENGTH)


class NewPassphrase(Vertical):
    """Two password fields, a hint that counts down to the minimum, and one quiet line
    for what is wrong. `chosen()` gives the passphrase once both agree and it is long
    enough; otherwise it says why inline and gives None."""

    DEFAULT_CSS = """
    NewPassphrase {
        height: auto;
    }
    NewPassphrase .passphrase-hint {
        color: $text-muted;
        height: auto;
    }
    NewPassphrase .passphrase-message {
        color: $warning;
        height: auto;
        min-height: 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Input(password=True, placeholder=_("New passphrase"), id="new-passphrase")
        yield Input(password=True, placeholder=_("The same passphrase again"), id="new-again")
        yield Plain(passphrase_hint(), id="passphrase-hint", classes="passphrase-hint")
        yield Static("", id="passphrase-message", classes="passphrase-message")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "new-passphrase":
            return
        missing = MIN_PASSPHRASE_LENGTH - len(event.value)
        if 0 < missing < MIN_PASSPHRASE_LENGTH:
            hint = ngettext(
                "{count} more character to go.", "{count} more characters to go.", missing
            ).format(count=missing)
        elif missing <= 0:
            hint = _("That length is fine.")
        else:
            hint = passphrase_hint()
        self.query_one("#passphrase-hint", Static).update(hint)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the first field moves on to the second; in the second, the screen
        decides (the event bubbles on)."""
        if event.input.id == "new-passphrase":
            event.stop()
            self.query_one("#new-again", Input).focus()

    def say(self, message: str) -> None:
        self.query_one("#passphrase-message", Static).update(message)

    def chosen(self) -> str | None:
        first = self.query_one("#new-passphrase", Input)
        again = self.query_one("#new-again", Input)
        if passphrase_too_short(first.value):
            self.say(short_passphrase_advice())
            again.clear()
            first.focus()
            return None
        if again.value != first.value:
            self.say(_("The two did not match. Please type it again."))
            again.clear()
            again.focus()
            return None
        self.say("")
        return first.value

    def clear(self) -> None:
        """Forget what was typed (after use, or when the screen closes)."""
        for field in self.query(Input):
            field.clear()
