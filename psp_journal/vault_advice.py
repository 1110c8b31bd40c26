"""What both faces say about passphrases, recovery keys and backups: one rule, one wording.

The command line and the app ask for the same things at the same moments (a new
passphrase, a recovery key shown once, a damaged vault); keeping the rule and the words
here means the two never drift apart. Light on purpose: the command line imports it at
start-up.
"""

from __future__ import annotations

from psp_journal.i18n import N_, _

MIN_PASSPHRASE_LENGTH = 10

RECOVERY_KEY_ADVICE = N_(
    "Write it down and keep it somewhere safe, away from this computer. It is shown only "
    "this once. With it you can get back into your journal if you forget your passphrase."
)

RESTORE_ADVICE = N_(
    "Nothing was changed. If you have a backup, `psp-journal restore FILE` puts it back."
)


def passphrase_too_short(passphrase: str) -> bool:
    return len(passphrase) < MIN_PASSPHRASE_LENGTH


def short_passphrase_advice() -> str:
    """Said when a new passphrase is too short: the length, and what works well."""
    return _("Please use at least {minimum} characters. A few unrelated words work well.").format(
        minimum=MIN_PASSPHRASE_LENGTH
    )
