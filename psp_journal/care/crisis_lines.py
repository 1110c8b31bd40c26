"""Crisis lines as data, so the right numbers are one key away in a hard moment, offline.

The shipped lines (Canada and Norway, where the research this app grew from took place)
are checked by hand against each service's own pages; LAST_VERIFIED says when, and the app
shows it. Elsewhere we do not guess: the person's own lines from their wellness plan come
first, with a pointer to an international directory of helplines.

Names and numbers are data and stay as each service writes them; the purposes and the
pointer are plain words, translated by `lines_for` each time lines are shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from psp_journal.i18n import N_, _
from psp_journal.models import CrisisLine

LAST_VERIFIED = date(2026, 11, 26)
HELPLINE_DIRECTORY = "findahelpline.com"

Way = Literal["call", "text"]


@dataclass(frozen=True)
class HelpLine:
    """One line to reach: what it is for and how (call, text), in plain words.

    In SHIPPED_LINES `purpose` is the English message; `lines_for` gives it translated."""

    name: str
    number: str
    purpose: str
    ways: tuple[Way, ...] = ()


SHIPPED_LINES: Mapping[str, tuple[HelpLine, ...]] = {
    "CA": (
        HelpLine(
            "9-8-8 Suicide Crisis Helpline",
            "9-8-8",
            N_(
                "If you are thinking about suicide, or worried about someone; any time, "
                "in English or French"
            ),
            ("call", "text"),
        ),
        HelpLine(
            "Hope for Wellness Help Line",
            "1-855-242-3310",
            N_("Counselling and crisis support for Indigenous people across Canada; any time"),
            ("call",),
        ),
        HelpLine(
            "Emergency services",
            "9-1-1",
            N_("When a life is in danger right now"),
            ("call",),
        ),
    ),
    "NO": (
        HelpLine(
            "Mental Helse hjelpetelefonen",
            "116 123",
            N_("Someone to talk to when things are hard; any time"),
            ("call",),
        ),
        HelpLine(
            "Kirkens SOS",
            "22 40 00 40",
            N_("A crisis line for anyone who needs to talk; any time"),
            ("call",),
        ),
        HelpLine(
            "Medical emergency",
            "113",
            N_("When a life is in danger right now"),
            ("call",),
        ),
        HelpLine(
            "Legevakt (out-of-hours doctor)",
            "116 117",
            N_("Urgent help from a doctor when your own doctor is closed"),
            ("call",),
        ),
    ),
}
# Shown through `_()`, where they are used.
COUNTRY_NAMES: Mapping[str, str] = {"CA": N_("Canada"), "NO": N_("Norway")}


@dataclass(frozen=True)
class CrisisLines:
    """What to show: lines shipped for the person's country, their own, and where to look.

    `last_verified` is set only when shipped lines are shown; `pointer` only when none are.
    """

    country: str
    shipped: tuple[HelpLine, ...]
    own: tuple[HelpLine, ...]
    last_verified: date | None
    pointer: str | None


def _own_line(line: CrisisLine) -> HelpLine:
    return HelpLine(line.name, line.number, line.note)


def lines_for(country: str, own_lines: Iterable[CrisisLine]) -> CrisisLines:
    """The lines for `country` (a settings code such as "CA"; "" when not set).

    For Canada and Norway, the shipped lines with their verification date, then the
    person's own (a provincial line or an employee assistance line belongs there too). For
    any other country, the person's own lines and a pointer to an international directory.
    """
    code = country.strip().upper()
    own = tuple(_own_line(line) for line in own_lines)
    if code in SHIPPED_LINES:
        shipped = tuple(replace(line, purpose=_(line.purpose)) for line in SHIPPED_LINES[code])
        return CrisisLines(code, shipped, own, LAST_VERIFIED, None)
    if code:
        pointer = _(
            "An international directory of helplines, such as {directory}, can help you find "
            "lines where you are. Add the ones you choose to your wellness plan."
        )
    else:
        pointer = _(
            "If you are in Canada or Norway, set your country in settings to see lines we have "
            "checked for you. An international directory of helplines, such as {directory}, "
            "can help you find lines where you are. Add the ones you choose to your wellness "
            "plan."
        )
    return CrisisLines(code, (), own, None, pointer.format(directory=HELPLINE_DIRECTORY))
