"""`review`'s full-screen view: a supervisor's summaries side by side, week by week.

A small app of its own, apart from the journal's: it opens no vault and asks for no
passphrase. It shows a `ReviewReport` the command has already built, the same one the
plain text prints, so both faces tell one story. Each file's check comes first, and a
signature that fails or a key that changed is shown loudly in the theme's error colour.
Every word from a file is someone else's text: it is shown as `rich.text.Text`, never
read as markup. Quitting exits with the report's code (4 over 2 over 0), as `--plain`
does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer

from psp_journal.i18n import _, ngettext
from psp_journal.terminal_text import shown
from psp_journal.tui.crash import QuietCrashes
from psp_journal.tui.plain import Plain, plain_text

if TYPE_CHECKING:
    from psp_journal.cli.review_commands import ReviewReport, SummaryDetails
    from psp_journal.config import Paths

# The outcomes that mean "do not rely on this file", shown in the error colour.
LOUD = frozenset({"changed", "bad-signature"})


class ReviewApp(QuietCrashes, App[int]):
    """The checks, the weekly table (one row per ISO week, one column per summary) and
    each summary's items for supervision and what went well."""

    TITLE = "psp-journal review"
    # Nothing here to search for or switch: q is the one thing to do.
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    #review-body { padding: 0 1; }
    .review-heading { text-style: bold; color: $primary; margin: 1 0 0 0; }
    .check { padding: 0 1; }
    .check-known, .check-trusted { color: $success; }
    .check-new { color: $accent; text-style: bold; }
    .check-not-a-summary { color: $warning; text-style: bold; }
    .check-loud {
        color: $error;
        text-style: bold;
        border: heavy $error;
        padding: 0 1;
        margin: 1 0;
    }
    #review-weeks { height: auto; margin-top: 1; }
    #review-details { height: auto; margin-top: 1; }
    .details { width: 1fr; height: auto; padding: 0 1; border: round $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "q,escape",
            "quit",
            _("Quit"),
            id="review.quit",
            tooltip=_("Close the review; it exits with the same code as --plain"),
        ),
    ]

    def __init__(self, report: ReviewReport, paths: Paths | None = None) -> None:
        super().__init__()
        self.report = report
        if paths is not None:
            self._apply_look_and_keys(paths)

    def _apply_look_and_keys(self, paths: Paths) -> None:
        """The theme and keys chosen in config.toml, as in the journal's app; anything
        that cannot be used quietly falls back to the default (a supervisor reading
        summaries needs no word about a theme file)."""
        from psp_journal.config import read_app_config
        from psp_journal.tui.themes import load_themes, resolve_theme

        catalogue = load_themes(paths.config_dir)
        for theme in catalogue.themes.values():
            self.register_theme(theme)
        config, _problems = read_app_config(paths)
        self.theme, _fallback = resolve_theme(config.theme, catalogue)
        if config.keymap:
            self.set_keymap(config.keymap)

    def compose(self) -> ComposeResult:
        report = self.report
        with VerticalScroll(id="review-body"):
            yield Plain(
                ngettext("One file checked", "{count} files checked", len(report.checks)).format(
                    count=len(report.checks)
                ),
                classes="review-heading",
            )
            for check in report.checks:
                loud = " check-loud" if check.outcome in LOUD else ""
                yield Plain(check.line, classes=f"check check-{check.outcome}{loud}")
            if not report.details:
                yield Plain(
                    _("No summary checked out, so there is nothing to show side by side."),
                    classes="review-heading",
                )
                return
            yield Plain(_("Week by week"), classes="review-heading")
            yield DataTable(id="review-weeks", zebra_stripes=True, cursor_type="none")
            yield Plain(
                _("Items for supervision, and what went well"),
                classes="review-heading",
            )
            with Horizontal(id="review-details"):
                for details in report.details:
                    yield Plain(details_text(details), classes="details")
        yield Footer()

    def on_mount(self) -> None:
        if not self.report.details:
            return
        table: DataTable[Text] = self.query_one("#review-weeks", DataTable)
        for header in self.report.headers:
            table.add_column(plain_text(header))
        for row in self.report.rows:
            table.add_row(
                plain_text(row.week),
                *(plain_text("\n".join(parts) or "-") for parts in row.cells),
                height=max(1, *(len(parts) for parts in row.cells)),
            )

    async def action_quit(self) -> None:
        """q, escape and Textual's own ctrl+q all leave with the report's exit code."""
        self.exit(return_code=self.report.exit_code)


def details_text(details: SummaryDetails) -> Text:
    """One summary's items and what went well, every word of it literal."""
    text = plain_text(details.author, style="bold")
    if details.items:
        for item in details.items:
            text.append("\n" + shown(item))
    else:
        text.append("\n" + _("No items for supervision."))
    if details.went_well is not None:
        text.append("\n\n" + _("What went well: {text}").format(text=details.went_well))
    return text


def run_review(report: ReviewReport, paths: Paths) -> int:
    """The view, until the supervisor quits; returns the exit code."""
    app = ReviewApp(report, paths)
    app.run()
    return app.return_code if app.return_code is not None else report.exit_code
