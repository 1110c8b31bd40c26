"""The supervisor export: a de-identified summary as plain data, its renderings, the
signature that lets a supervisor trust a JSON summary, and the checks `review` makes.

Pure functions over plain data: nothing here opens the vault, reads the clock or loads
Textual; the journal passes records, the period and "today" in.
"""

from psp_journal.export.html import render_html
from psp_journal.export.markdown import markdown_text, render_markdown
from psp_journal.export.summary import (
    DEFAULT_SECTIONS,
    SCHEMA,
    SECTIONS,
    SummaryInputs,
    SummaryOptions,
    build_summary,
    check_sections,
    week_label,
)

__all__ = [
    "DEFAULT_SECTIONS",
    "SCHEMA",
    "SECTIONS",
    "SummaryInputs",
    "SummaryOptions",
    "build_summary",
    "check_sections",
    "markdown_text",
    "render_html",
    "render_markdown",
    "week_label",
]
