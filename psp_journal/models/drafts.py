"""Drafts: what an open form held when the app locked, kept to be offered back after unlock.

A draft is unfinished input, so its values are not checked as a record's are (a half-typed
time is fine there); only their size is bounded, so a draft never holds more than the
longest text a form could save, and a pasted ten-megabyte note is refused, not kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from psp_journal.i18n import _
from psp_journal.models.errors import ValidationError
from psp_journal.models.limits import DRAFT_VALUE_MAX_CHARS, MAX_DRAFT_FIELDS
from psp_journal.models.queries import ENTRY_KINDS

PROMPT_DRAFT = "prompt"  # the step-back prompt's half-written note
DRAFT_FORMS = (*ENTRY_KINDS, PROMPT_DRAFT)  # one form per kind of entry, and the prompt
# Field names come from the app's code, never from the person: a short identifier.
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


def check_draft_form(form: str) -> None:
    """A form the app does not have is the app's mistake, not the person's."""
    if form not in DRAFT_FORMS:
        raise ValueError(f"no form {form!r} keeps drafts; the forms are {', '.join(DRAFT_FORMS)}")


def check_draft(form: str, fields: Mapping[str, str]) -> dict[str, str]:
    """The fields to keep. A bad form or field name is the app's mistake (ValueError); a
    value too long to keep is the person's (ValidationError naming the field, for the form
    to show under it)."""
    check_draft_form(form)
    if len(fields) > MAX_DRAFT_FIELDS:
        raise ValueError(f"a draft keeps at most {MAX_DRAFT_FIELDS} fields; got {len(fields)}")
    for name, value in fields.items():
        if not isinstance(name, str) or not _FIELD_NAME.fullmatch(name):
            raise ValueError(f"{name!r} is not a form field name")
        if not isinstance(value, str):
            raise ValueError(f"the draft's {name} must be text, not {type(value).__name__}")
        if len(value) > DRAFT_VALUE_MAX_CHARS:
            raise ValidationError(
                name,
                _("can be up to {limit} characters in a draft; this is {length}").format(
                    limit=f"{DRAFT_VALUE_MAX_CHARS:,}", length=f"{len(value):,}"
                ),
            )
    return dict(fields)
