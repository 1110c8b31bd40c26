"""Days and dates in the person's language, named in full words, never strftime's locale."""

from __future__ import annotations

from datetime import date, datetime

from psp_journal.i18n import _

# Whole words, each through _(), so a catalogue can name them; strftime would follow the
# process's C locale instead of the person's language.
WEEKDAYS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)
SHORT_WEEKDAYS = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))
MONTHS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)
SHORT_MONTHS = (
    _("Jan"),
    _("Feb"),
    _("Mar"),
    _("Apr"),
    _("May"),
    _("Jun"),
    _("Jul"),
    _("Aug"),
    _("Sep"),
    _("Oct"),
    _("Nov"),
    _("Dec"),
)


def day_in_words(day: date) -> str:
    """Like "Monday 30 November"."""
    return _("{weekday} {day} {month}").format(
        weekday=WEEKDAYS[day.weekday()], day=day.day, month=MONTHS[day.month - 1]
    )


def full_date_in_words(day: date) -> str:
    """Like "26 November 2026"."""
    return _("{day} {month} {year}").format(day=day.day, month=MONTHS[day.month - 1], year=day.year)


def short_date_in_words(day: date) -> str:
    """Like "Tue 24 Nov"."""
    return _("{weekday} {day} {month}").format(
        weekday=SHORT_WEEKDAYS[day.weekday()], day=day.day, month=SHORT_MONTHS[day.month - 1]
    )


def short_weekday(day: date) -> str:
    return SHORT_WEEKDAYS[day.weekday()]


def moment_in_words(moment: datetime) -> str:
    """Like "Tuesday 1 December at 08:00"."""
    return _("{day} at {time}").format(day=day_in_words(moment.date()), time=f"{moment:%H:%M}")
