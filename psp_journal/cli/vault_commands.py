"""The vault's own commands: init, keys, verify, backup, restore, destroy."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from psp_journal.cli.base import (
    EXIT_INTEGRITY,
    FileName,
    Session,
    cli,
    echo,
    fail,
    pass_session,
    print_recovery_key,
)
from psp_journal.cli.secrets import (
    NEW_PASSPHRASE,
    InputProblem,
    current_passphrase,
    has_terminal,
    new_passphrase,
    recovery_key,
)
from psp_journal.config import ensure_private_dir


@cli.command()
@pass_session
def init(session: Session) -> None:
    """Create the vault and show its recovery key once."""
    from psp_journal.vault import Vault, VaultExists

    if session.paths.vault.exists():
        raise VaultExists(
            f"A vault already exists at {session.paths.vault}. Nothing was changed. "
            "(To start over for good: `psp-journal destroy`.)"
        )
    from psp_journal.cli.secrets import PASSPHRASE

    passphrase = new_passphrase(session.environ, PASSPHRASE)
    ensure_private_dir(session.paths.data_dir)
    vault, key = Vault.create(session.paths.vault, passphrase, clock=session.clock)
    vault.close()
    echo(f"Your journal is ready at {session.paths.vault}.")
    echo("")
    print_recovery_key(key, "Your recovery key:")


@cli.command()
@pass_session
def passwd(session: Session) -> None:
    """Change the passphrase (the recovery key stays the same)."""
    with session.unlocked() as vault:
        vault.change_passphrase(new_passphrase(session.environ, NEW_PASSPHRASE))
    echo("Your passphrase is changed. Your recovery key still works.")


@cli.command()
@pass_session
def recover(session: Session) -> None:
    """Use the recovery key to set a new passphrase; prints a new recovery key."""
    from psp_journal.vault import Vault, VaultMissing
    from psp_journal.vault.recovery_key import parse_recovery_key

    if not session.paths.vault.exists():
        raise VaultMissing(f"There is no vault at {session.paths.vault}.")
    key_text = recovery_key(session.environ)
    parse_recovery_key(key_text)
    passphrase = new_passphrase(session.environ, NEW_PASSPHRASE)
    vault, fresh_key = Vault.recover(session.paths.vault, key_text, passphrase, clock=session.clock)
    vault.close()
    echo("Your new passphrase is set. The recovery key you used no longer works.")
    echo("")
    print_recovery_key(fresh_key, "Your new recovery key:")


@cli.command("recovery-key")
@click.option("--new", "make_new", is_flag=True, help="Replace the recovery key with a new one.")
@pass_session
def recovery_key_command(session: Session, make_new: bool) -> None:
    """Replace the recovery key (the old one stops working)."""
    if not make_new:
        raise InputProblem(
            "--new: the recovery key is never stored, so it cannot be shown again. "
            "Use `psp-journal recovery-key --new` to make a new one."
        )
    with session.unlocked() as vault:
        key = vault.new_recovery_key()
    print_recovery_key(key, "Your new recovery key (the old one no longer works):")


@cli.command()
@pass_session
def rekey(session: Session) -> None:
    """Make a new data key and re-encrypt every record; prints a new recovery key."""
    with session.unlocked() as vault:
        key = vault.rekey()
        count = vault.record_count()
    echo(f"Every record ({count}) is re-encrypted under a new key.")
    echo("")
    print_recovery_key(key, "Your new recovery key (the old one no longer works):")


@cli.command()
@pass_session
def verify(session: Session) -> None:
    """Check the whole vault: header, file structure, every record, and the record set."""
    from psp_journal.portability import describe_rescue
    from psp_journal.vault import IntegrityError, VaultMissing
    from psp_journal.vault.maintenance import verify_vault

    if not session.paths.vault.exists():
        raise VaultMissing(
            f"There is no vault at {session.paths.vault} yet. Run `psp-journal init` first."
        )
    passphrase = current_passphrase(session.environ)
    try:
        count = verify_vault(session.paths.vault, passphrase)
    except IntegrityError as damage:
        listed = "\n".join(f"  - {failure}" for failure in damage.failures)
        rescue = describe_rescue(session.paths.vault, passphrase)
        fail(f"the vault did not check out:\n{listed}\n{rescue}", EXIT_INTEGRITY)
    echo(f"All well: the header, the file and all {count} records check out.")


def _existing_parent(target: Path, option: str) -> Path:
    if not target.parent.is_dir():
        raise InputProblem(f"{option}: the folder {target.parent} does not exist.")
    return target


@cli.command()
@click.argument("file", type=FileName(dir_okay=False, path_type=Path))
@pass_session
def backup(session: Session, file: Path) -> None:
    """Write a consistent, verified, encrypted copy of the vault to FILE."""
    from psp_journal.vault.maintenance import backup_vault

    target = _existing_parent(file.expanduser().absolute(), "FILE")
    if target.exists():
        raise InputProblem(f"FILE: {target} already exists; choose a new file name.")
    with session.unlocked() as vault:
        backup_vault(vault, target)
    echo(f"Backup written and checked: {target}")
    echo("It opens with the passphrase you have now.")


@cli.command()
@click.argument("file", type=FileName(dir_okay=False, path_type=Path))
@pass_session
def restore(session: Session, file: Path) -> None:
    """Replace the vault with a backup (checked first); the current vault is kept aside."""
    from psp_journal.vault.maintenance import restore_vault

    source = file.expanduser().absolute()
    if not source.is_file():
        raise InputProblem(f"FILE: there is no backup at {source}.")
    passphrase = current_passphrase(session.environ)
    ensure_private_dir(session.paths.data_dir)
    aside = restore_vault(session.paths.vault, source, passphrase, session.clock())
    echo(f"Restored from {source}.")
    if aside is not None:
        echo(f"Your previous vault is kept at {aside}; delete it when you are sure.")


@cli.command()
@pass_session
def destroy(session: Session) -> None:
    """Erase the vault for good (you type the vault's name to confirm)."""
    from psp_journal.vault import IntegrityError
    from psp_journal.vault.maintenance import destroy_vault, vault_name

    try:
        name = vault_name(session.paths.vault)
    except IntegrityError:
        name = "DESTROY"
    echo(f"This erases the journal at {session.paths.vault} for good.", err=True)
    echo("Backups you made elsewhere are not touched.", err=True)
    echo(f"To confirm, type the vault's name ({name}): ", nl=False, err=True)
    answer = sys.stdin.readline() if not has_terminal() else input()
    if answer.strip().upper() != name:
        raise InputProblem("confirmation: that was not the vault's name. Nothing was erased.")
    removed = destroy_vault(session.paths.vault)
    echo(f"Erased {len(removed)} file(s). The journal is gone.")
