"""The daily check-in: how the day was, in the person's own scales and words.

One check-in per date. When today's already exists the form opens with it, and saving
changes only what differs: a field emptied here is sent empty, which the models read as
"not known" (or refuse, for the three scales, in their own words).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from textual.app import ComposeResult

from psp_journal.i18n import N_, _
from psp_journal.models import SCALE_LABELS, Checkin, EntryQuery, parse_date
from psp_journal.tui.screens.forms.base import RecordForm
from psp_journal.tui.screens.forms.fields import (
    FieldRow,
    NoteField,
    Option,
    ScaleField,
    SelfCareField,
    TextField,
)


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


class CheckinForm(RecordForm):
    FORM = "checkin"
    TITLE_TEXT = N_("Check in")

    def __init__(self, draft: Mapping[str, str] | None = None) -> None:
        super().__init__(draft)
        self._existing: dict[str, str] = {}

    def rows(self) -> ComposeResult:
        journal = self.journal_app.journal
        assert journal is not None
        today = self.journal_app.clock().date()
        yield FieldRow(
            _("Date"), TextField("date", today.isoformat()), _("Year-month-day, like 2026-11-02.")
        )
        yield FieldRow(_("Mood"), ScaleField("mood", SCALE_LABELS["mood"]))
        yield FieldRow(_("Energy"), ScaleField("energy", SCALE_LABELS["energy"]))
        yield FieldRow(_("Stress"), ScaleField("stress", SCALE_LABELS["stress"]))
        yield FieldRow(_("Sleep"), TextField("sleep"), _("Hours slept, like 7 or 6.5."))
        yield FieldRow(_("Worked"), TextField("worked"), _("Hours worked today."))
        yield FieldRow(_("Breaks"), TextField("breaks"), _("How many breaks you took."))
        yield FieldRow(_("Self-care"), SelfCareField("self_care", journal.settings().self_care))
        yield FieldRow(_("Note"), NoteField("note"))

    def on_mount(self) -> None:
        self._existing = self._todays_checkin()
        if self._existing and not self._draft:
            self.restore_draft(self._existing)
        super().on_mount()

    def _todays_checkin(self) -> dict[str, str]:
        """Today's check-in as the form's fields, if there is one, so a second check-in
        starts from the first."""
        journal = self.journal_app.journal
        assert journal is not None
        today = self.journal_app.clock().date()
        found = journal.list_entries(
            EntryQuery(kinds=("checkin",), first=today, last=today, limit=1)
        )
        if not found or not isinstance(found[0], Checkin):
            return {}
        checkin = found[0]
        return {
            "date": checkin.date.isoformat(),
            "mood": str(checkin.mood),
            "energy": str(checkin.energy),
            "stress": str(checkin.stress),
            "sleep": _number_text(checkin.sleep),
            "worked": _number_text(checkin.worked),
            "breaks": "" if checkin.breaks is None else str(checkin.breaks),
            "self_care": "\n".join(checkin.self_care),
            "note": checkin.note,
        }

    def write(self, options: dict[str, Option]) -> None:
        journal = self.journal_app.journal
        assert journal is not None
        today = self.journal_app.clock().date()
        day_text = options.pop("date", None)
        day: date = parse_date("--date", str(day_text), today) if day_text else today
        if self._existing and day.isoformat() == self._existing["date"]:
            options = self._changes(options)
        journal.checkin(options, day)

    def _changes(self, options: dict[str, Option]) -> dict[str, Option]:
        """Against the check-in the form opened with: what changed, and what was emptied."""
        current = {name: self._option_text(value) for name, value in options.items()}
        changes: dict[str, Option] = {}
        for name, before in self._existing.items():
            if name == "date":
                continue
            now = current.get(name, "")
            if now != before:
                changes[name] = options.get(name, [] if name == "self_care" else "")
        return changes

    @staticmethod
    def _option_text(value: Option) -> str:
        return "\n".join(value) if isinstance(value, list) else value
