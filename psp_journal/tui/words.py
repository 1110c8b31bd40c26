"""Days and dates in the person's language, named in full words, never strftime's locale."""

from __future__ import annotations

from datetime import date, datetime

from psp_journal.i18n import N_, _

# Whole words, marked here and passed through _() where shown, so a catalogue can name
# them; strftime would follow the process's C locale instead of the person's language.
WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
SHORT_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
SHORT_MONTHS = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)


def day_in_words(day: date) -> str:
    """Like "Monday 30 November"."""
    return _("{weekday} {day} {month}").format(
        weekday=_(WEEKDAYS[day.weekday()]), day=day.day, month=_(MONTHS[day.month - 1])
    )


def full_date_in_words(day: date) -> str:
    """Like "26 November 2026"."""
    return _("{day} {month} {year}").format(
        day=day.day, month=_(MONTHS[day.month - 1]), year=day.year
    )


def short_date_in_words(day: date) -> str:
    """Like "Tue 24 Nov"."""
    return _("{weekday} {day} {month}").format(
        weekday=_(SHORT_WEEKDAYS[day.weekday()]),
        day=day.day,
        month=_(SHORT_MONTHS[day.month - 1]),
    )


def short_weekday(day: date) -> str:
    return _(SHORT_WEEKDAYS[day.weekday()])


def moment_in_words(moment: datetime) -> str:
    """Like "Tuesday 1 December at 08:00"."""
    return _("{day} at {time}").format(day=day_in_words(moment.date()), time=f"{moment:%H:%M}")


# The kinds of item a person can bring to supervision, as words.
_SUPERVISION_KINDS = {
    "interaction": N_("interaction"),
    "boundary": N_("boundary event"),
    "reflection": N_("reflection"),
    "prompt": N_("step-back prompt"),
}


def supervision_kind(kind: str) -> str:
    """Like "boundary event" for a supervision item's `type`."""
    return _(_SUPERVISION_KINDS[kind]) if kind in _SUPERVISION_KINDS else kind
