"""The command group, the session every command shares, and the contract's exit codes.

Imports stay light at the top (click only) so `--help` and `--version` are fast; the
vault and its crypto load inside the commands that need them. Every failure becomes a
plain message and an exit code from PRODUCT.md's contract, never a traceback.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, NoReturn

import click

from psp_journal import __version__
from psp_journal.cli.secrets import (
    InputProblem,
    current_passphrase,
)
from psp_journal.config import Paths, resolve_paths
from psp_journal.problems import SQLITE_DAMAGE, describe_os_error, describe_sqlite_error
from psp_journal.vault_advice import RECOVERY_KEY_ADVICE, RESTORE_ADVICE

if TYPE_CHECKING:
    from psp_journal.vault import Vault

EXIT_OK = 0
EXIT_OTHER = 1
EXIT_BAD_INPUT = 2
EXIT_CANNOT_UNLOCK = 3
EXIT_INTEGRITY = 4

DAMAGE_ADVICE = (
    "`psp-journal verify` lists what is wrong, and `psp-journal dump --out FILE` saves "
    f"everything still intact. {RESTORE_ADVICE}"
)


def exit_code_for(error: BaseException) -> int:
    from psp_journal.models import ValidationError
    from psp_journal.vault import (
        BadRecoveryKey,
        CannotUnlock,
        IntegrityError,
        VaultExists,
    )

    if isinstance(error, InputProblem | BadRecoveryKey | VaultExists | ValidationError):
        return EXIT_BAD_INPUT
    if isinstance(error, CannotUnlock):
        return EXIT_CANNOT_UNLOCK
    if isinstance(error, IntegrityError):
        return EXIT_INTEGRITY
    return EXIT_OTHER


class FileName(click.Path):
    """A file name as the command line takes it: UTF-8 text without a null character.

    The system refuses a null character with a ValueError, not an OSError. A name that
    is not UTF-8 (its bytes arrive as lone surrogates) can be opened, but not written
    into the ledger or any message as text: `dump` wrote the file, then failed to record
    it. Both are bad input, said here before anything is read or written."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from psp_journal.i18n import _

        text = os.fspath(value)
        try:
            usable = isinstance(text, str) and "\x00" not in text and bool(text.encode("utf-8"))
        except UnicodeEncodeError:
            usable = False
        if not usable:
            self.fail(_("a file name needs to be UTF-8 text without a null character"), param, ctx)
        return super().convert(value, param, ctx)


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """The one way the command line prints text: user text inside a message (a note, an
    alias, a file name) can hold escape sequences, and they are shown, never acted on."""
    from psp_journal.terminal_text import shown

    click.echo(shown(message), err=err, nl=nl)


def echo_bytes(data: bytes) -> None:
    """An export's exact bytes, as `--consent` would write them; the renderers never put
    a raw control character in them (tested), so they are printed as they are."""
    click.echo(data, nl=False)


def fail(message: str, code: int) -> NoReturn:
    echo(f"psp-journal: {message}", err=True)
    raise click.exceptions.Exit(code)


def shown_literally(error: click.ClickException) -> click.ClickException:
    """Click's own usage errors quote what was typed ("Got unexpected extra argument
    (...)"), and click prints them itself: the quote is made literal here first."""
    from psp_journal.terminal_text import shown

    error.message = shown(error.message)
    return error


class JournalGroup(click.Group):
    """Maps every failure below it to the contract's exit codes and a plain message."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.ClickException as error:
            raise shown_literally(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        import sqlite3

        from psp_journal.models import ValidationError
        from psp_journal.vault import VaultError

        try:
            return super().invoke(ctx)
        except click.ClickException as error:
            raise shown_literally(error) from None
        except (click.exceptions.Exit, click.Abort):
            raise
        except (InputProblem, VaultError, ValidationError) as error:
            code = exit_code_for(error)
            advice = f"\n{DAMAGE_ADVICE}" if code == EXIT_INTEGRITY else ""
            fail(f"{error}{advice}", code)
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
                fail(f"{SQLITE_DAMAGE}\n{DAMAGE_ADVICE}", EXIT_INTEGRITY)
            fail(describe_sqlite_error(error), EXIT_OTHER)
        except sqlite3.DatabaseError:
            fail(f"{SQLITE_DAMAGE}\n{DAMAGE_ADVICE}", EXIT_INTEGRITY)
        except sqlite3.Error as error:
            fail(describe_sqlite_error(error), EXIT_OTHER)
        except BrokenPipeError:
            stop_writing_stdout()
            raise click.exceptions.Exit(EXIT_OK) from None
        except OSError as error:
            # A file name longer than the system takes is bad input, like any other.
            too_long = error.errno == errno.ENAMETOOLONG
            fail(describe_os_error(error), EXIT_BAD_INPUT if too_long else EXIT_OTHER)
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
        self._passphrase: str | None = None

    def passphrase(self) -> str:
        """Asked once per command, even when a rescue needs it a second time."""
        if self._passphrase is None:
            self._passphrase = current_passphrase(self.environ)
        return self._passphrase

    @contextmanager
    def unlocked(self) -> Iterator[Vault]:
        """Ask for the passphrase only once the vault is known to exist."""
        from psp_journal.vault import Vault, VaultMissing

        if not self.paths.vault.exists():
            raise VaultMissing(
                f"There is no vault at {self.paths.vault} yet. Run `psp-journal init` first."
            )
        vault = Vault.unlock(self.paths.vault, self.passphrase(), clock=self.clock)
        try:
            yield vault
        finally:
            try:
                vault.checkpoint_if_due()
            finally:
                vault.close()
            for notice in vault.notices:
                echo(notice, err=True)


pass_session = click.make_pass_decorator(Session)


def print_recovery_key(key: str, heading: str) -> None:
    echo(heading)
    echo("")
    echo(f"    {key}")
    echo("")
    echo(RECOVERY_KEY_ADVICE)


@click.group(cls=JournalGroup, invoke_without_command=True)
@click.option(
    "--home",
    type=FileName(file_okay=False, path_type=str),
    help="Keep the vault and config here (else PSP_JOURNAL_HOME, else your usual folders).",
)
@click.option(
    "--demo",
    is_flag=True,
    help="Open the app on a throwaway demo journal, deleted when you quit.",
)
@click.version_option(__version__, "--version", prog_name="psp-journal")
@click.pass_context
def cli(ctx: click.Context, home: str | None, demo: bool) -> None:
    """psp-journal: a private, encrypted journal for peer support providers.

    Secrets are never given as arguments: you are asked on the terminal, or scripts set
    PSP_JOURNAL_PASSPHRASE or PSP_JOURNAL_PASSPHRASE_FILE.
    """
    ctx.obj = Session(resolve_paths(home, os.environ), dict(os.environ), datetime.now)
    if ctx.invoked_subcommand is not None:
        if demo:
            raise InputProblem("--demo: opens the app; it can't be combined with a command")
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        echo(ctx.get_help())
        return
    open_app(ctx.obj.paths, demo)


def open_app(paths: Paths, demo: bool) -> NoReturn:
    """The app, imported only here: every command stays as fast as `--help`."""
    from psp_journal.tui.launch import run_app, run_demo

    raise click.exceptions.Exit(run_demo() if demo else run_app(paths))


def stop_writing_stdout() -> None:
    """The reader went away (`psp-journal list | head -1`): the rest of the output goes
    nowhere, quietly, as with any Unix tool, instead of a "Broken pipe" at exit. Every
    write goes through `click.echo`, which flushes, so the break is seen in the command."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main() -> None:
    """Entry point: close off crash output before anything else runs."""
    from psp_journal.hygiene import harden_process

    harden_process()
    cli(prog_name="psp-journal")
