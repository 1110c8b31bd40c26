"""The `psp-journal` command line: a thin face over the vault and, later, the journal.

Imports stay light at the top (click only) so `--help` and `--version` are fast; the
vault and its crypto load inside the commands that need them. Every failure becomes a
plain message and an exit code from PRODUCT.md's contract, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from psp_journal import __version__
from psp_journal.config import Paths, ensure_private_dir, resolve_paths
from psp_journal.prompts import (
    NEW_PASSPHRASE,
    InputProblem,
    current_passphrase,
    has_terminal,
    new_passphrase,
    recovery_key,
)

if TYPE_CHECKING:
    from psp_journal.vault import Vault

EXIT_OK = 0
EXIT_OTHER = 1
EXIT_BAD_INPUT = 2
EXIT_CANNOT_UNLOCK = 3
EXIT_INTEGRITY = 4

RECOVERY_KEY_ADVICE = (
    "Write it down and keep it somewhere safe, away from this computer. It is shown only "
    "this once. With it you can get back into your journal if you forget your passphrase."
)


RESTORE_ADVICE = (
    "Nothing was changed. If you have a backup, `psp-journal restore FILE` puts it back."
)
DAMAGE_ADVICE = f"`psp-journal verify` lists what is wrong. {RESTORE_ADVICE}"


def exit_code_for(error: BaseException) -> int:
    from psp_journal.vault import (
        BadRecoveryKey,
        CannotUnlock,
        IntegrityError,
        VaultExists,
    )

    if isinstance(error, InputProblem | BadRecoveryKey | VaultExists):
        return EXIT_BAD_INPUT
    if isinstance(error, CannotUnlock):
        return EXIT_CANNOT_UNLOCK
    if isinstance(error, IntegrityError):
        return EXIT_INTEGRITY
    return EXIT_OTHER


def fail(message: str, code: int) -> NoReturn:
    click.echo(f"psp-journal: {message}", err=True)
    raise click.exceptions.Exit(code)


def describe_os_error(error: OSError) -> str:
    """Say what went wrong with the file system without echoing anything the user wrote."""
    import errno

    where = f" ({error.filename})" if error.filename else ""
    if error.errno == errno.ENOSPC or error.errno == errno.EFBIG:
        return f"The disk is full{where}. Nothing unsaved was acknowledged; free some space."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Permission denied{where}. Check that you own the folder and it is writable."
    return f"A file operation failed{where}: {error.strerror or type(error).__name__}."


def describe_sqlite_error(error: Exception) -> str:
    text = str(error).lower()
    if "full" in text:
        return "The disk is full. Nothing unsaved was acknowledged; free some space and retry."
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return "The vault cannot be written here (read-only or no permission)."
    if "locked" in text or "busy" in text:
        return "Another psp-journal kept the vault busy for too long; please try again."
    return f"The vault file could not be used ({type(error).__name__})."


class JournalGroup(click.Group):
    """Maps every failure below it to the contract's exit codes and a plain message."""

    def invoke(self, ctx: click.Context) -> Any:
        import sqlite3

        from psp_journal.vault import VaultError

        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except (InputProblem, VaultError) as error:
            fail(str(error), exit_code_for(error))
        except sqlite3.OperationalError as error:
            fail(describe_sqlite_error(error), EXIT_OTHER)
        except sqlite3.DatabaseError as error:
            fail(f"The vault file is damaged (SQLite: {error}). {DAMAGE_ADVICE}", EXIT_INTEGRITY)
        except sqlite3.Error as error:
            fail(describe_sqlite_error(error), EXIT_OTHER)
        except OSError as error:
            fail(describe_os_error(error), EXIT_OTHER)
        except Exception as error:
            fail(
                f"Something unexpected went wrong ({type(error).__name__}). Nothing you wrote "
                "is shown here; anything reported as saved is safe.",
                EXIT_OTHER,
            )


class Session:
    """What every command needs: where the files are, the environment, and the clock."""

    def __init__(self, paths: Paths, environ: dict[str, str], clock: Callable[[], datetime]):
        self.paths = paths
        self.environ = environ
        self.clock = clock

    @contextmanager
    def unlocked(self) -> Iterator[Vault]:
        """Ask for the passphrase only once the vault is known to exist."""
        from psp_journal.vault import Vault, VaultMissing

        if not self.paths.vault.exists():
            raise VaultMissing(
                f"There is no vault at {self.paths.vault} yet. Run `psp-journal init` first."
            )
        passphrase = current_passphrase(self.environ)
        vault = Vault.unlock(self.paths.vault, passphrase, clock=self.clock)
        try:
            yield vault
        finally:
            vault.close()


pass_session = click.make_pass_decorator(Session)


def print_recovery_key(key: str, heading: str) -> None:
    click.echo(heading)
    click.echo("")
    click.echo(f"    {key}")
    click.echo("")
    click.echo(RECOVERY_KEY_ADVICE)


@click.group(cls=JournalGroup, invoke_without_command=True)
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=str),
    help="Keep the vault and config here (else PSP_JOURNAL_HOME, else your usual folders).",
)
@click.version_option(__version__, "--version", prog_name="psp-journal")
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    """psp-journal: a private, encrypted journal for peer support providers.

    Secrets are never given as arguments: you are asked on the terminal, or scripts set
    PSP_JOURNAL_PASSPHRASE or PSP_JOURNAL_PASSPHRASE_FILE.
    """
    ctx.obj = Session(resolve_paths(home, os.environ), dict(os.environ), datetime.now)
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


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
    from psp_journal.prompts import PASSPHRASE

    passphrase = new_passphrase(session.environ, PASSPHRASE)
    ensure_private_dir(session.paths.data_dir)
    vault, key = Vault.create(session.paths.vault, passphrase, clock=session.clock)
    vault.close()
    click.echo(f"Your journal is ready at {session.paths.vault}.")
    click.echo("")
    print_recovery_key(key, "Your recovery key:")


@cli.command()
@pass_session
def passwd(session: Session) -> None:
    """Change the passphrase (the recovery key stays the same)."""
    with session.unlocked() as vault:
        vault.change_passphrase(new_passphrase(session.environ, NEW_PASSPHRASE))
    click.echo("Your passphrase is changed. Your recovery key still works.")


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
    click.echo("Your new passphrase is set. The recovery key you used no longer works.")
    click.echo("")
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
    click.echo(f"Every record ({count}) is re-encrypted under a new key.")
    click.echo("")
    print_recovery_key(key, "Your new recovery key (the old one no longer works):")


@cli.command()
@pass_session
def verify(session: Session) -> None:
    """Check the whole vault: header, file structure, every record, and the record set."""
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
    click.echo(f"All well: the header, the file and all {count} records check out.")


def describe_rescue(path: Path, passphrase: str) -> str:
    """After damage, say plainly how much can still be read."""
    from psp_journal.vault import VaultError
    from psp_journal.vault.rescue import rescue_vault

    try:
        rescued = rescue_vault(path, passphrase)
    except VaultError:
        return (
            f"The keys cannot be read, so nothing can be rescued from this file. {RESTORE_ADVICE}"
        )
    try:
        intact = len(rescued.ids())
        lost = len(rescued.unreadable_records)
    finally:
        rescued.close()
    return (
        f"{intact} entries are intact and can still be read; {lost} stored item(s) could not "
        f"be read. {RESTORE_ADVICE}"
    )


def _existing_parent(target: Path, option: str) -> Path:
    if not target.parent.is_dir():
        raise InputProblem(f"{option}: the folder {target.parent} does not exist.")
    return target


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_session
def backup(session: Session, file: Path) -> None:
    """Write a consistent, verified, encrypted copy of the vault to FILE."""
    from psp_journal.vault.maintenance import backup_vault

    target = _existing_parent(file.expanduser().absolute(), "FILE")
    if target.exists():
        raise InputProblem(f"FILE: {target} already exists; choose a new file name.")
    with session.unlocked() as vault:
        backup_vault(vault, target)
    click.echo(f"Backup written and checked: {target}")
    click.echo("It opens with the passphrase you have now.")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
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
    click.echo(f"Restored from {source}.")
    if aside is not None:
        click.echo(f"Your previous vault is kept at {aside}; delete it when you are sure.")


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
    click.echo(f"This erases the journal at {session.paths.vault} for good.", err=True)
    click.echo("Backups you made elsewhere are not touched.", err=True)
    click.echo(f"To confirm, type the vault's name ({name}): ", nl=False, err=True)
    answer = sys.stdin.readline() if not has_terminal() else input()
    if answer.strip().upper() != name:
        raise InputProblem("confirmation: that was not the vault's name. Nothing was erased.")
    removed = destroy_vault(session.paths.vault)
    click.echo(f"Erased {len(removed)} file(s). The journal is gone.")


def main() -> None:
    """Entry point: close off crash output before anything else runs."""
    from psp_journal.hygiene import harden_process

    harden_process()
    cli(prog_name="psp-journal")
