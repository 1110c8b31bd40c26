"""Lets `python -m psp_journal` behave exactly like the `psp-journal` command."""

from psp_journal.cli import main

main()
