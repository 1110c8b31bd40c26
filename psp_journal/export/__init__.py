"""The supervisor export: a de-identified summary as plain data, and its renderings.

Pure functions over plain data (no vault, no terminal, no clock): the caller gathers the
records and passes the period in.
"""

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
    "render_markdown",
    "week_label",
]
