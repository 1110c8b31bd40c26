"""The everyday forms, by the name the app opens them with (and their drafts are kept under)."""

from __future__ import annotations

from psp_journal.tui.screens.form_base import FormScreen
from psp_journal.tui.screens.forms.boundary import BoundaryForm
from psp_journal.tui.screens.forms.checkin import CheckinForm
from psp_journal.tui.screens.forms.interaction import InteractionForm
from psp_journal.tui.screens.forms.reflection import ReflectionForm
from psp_journal.tui.screens.forms.support import SupportForm

FORM_SCREENS: dict[str, type[FormScreen]] = {
    "checkin": CheckinForm,
    "interaction": InteractionForm,
    "boundary": BoundaryForm,
    "reflection": ReflectionForm,
    "support": SupportForm,
}

__all__ = ["FORM_SCREENS"]
