"""Insights: how the last 4, 12 or 52 weeks went, week by week, and what seemed to help.

Everything on it comes from the journal in one call (`Journal.insights`) and is drawn
with the app's clock only, so two draws of the same journal at the same moment are the
same picture. Mood, energy and stress share a chart with a fixed 1–5 axis (where a 3 must
look like a 3); sleep, the strain level and the caseload are sparklines with their range
in words beside them. Nothing here judges: it says what the entries hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from statistics import fmean

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Footer, Sparkline, Static

from psp_journal.care.indicator_names import indicator_name
from psp_journal.care.strain import LEVEL_ORDER, STEADY, STEP_BACK, WATCH
from psp_journal.care.what_helps import MIN_DAYS, SelfCareComparison
from psp_journal.i18n import N_, _, ngettext
from psp_journal.insights_data import WEEK_CHOICES, Insights, Week
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain
from psp_journal.tui.widgets.bullets import Bullets
from psp_journal.tui.widgets.week_plot import WeekPlot
from psp_journal.tui.words import SHORT_MONTHS, full_date_in_words, short_date_in_words

FIRST_WEEKS = 12
LEVEL_WORDS = {STEADY: N_("Steady"), WATCH: N_("Watch"), STEP_BACK: N_("Step back")}
# Each line of the chart and its key take the same theme colour.
FELT = (
    ("mood", N_("mood"), "primary"),
    ("energy", N_("energy"), "secondary"),
    ("stress", N_("stress"), "accent"),
)
SPARKS = (
    ("sleep", N_("sleep, hours")),
    ("strain", N_("strain level")),
    ("contacts", N_("contacts")),
    ("intense", N_("intense")),
)


class InsightsScreen(JournalAppView, Screen[None]):
    """No text input here, so plain digits choose the weeks."""

    DEFAULT_CSS = """
    InsightsScreen {
        layout: vertical;
    }
    InsightsScreen #insights-top {
        height: 1;
        padding: 0 1;
        background: $panel;
        text-style: bold;
    }
    InsightsScreen #insights-body {
        height: 1fr;
    }
    InsightsScreen .panel {
        height: auto;
        border: round $panel;
        border-title-color: $primary;
        padding: 0 1;
    }
    InsightsScreen .felt-key {
        height: 1;
    }
    InsightsScreen .felt-key Static {
        width: auto;
        margin-right: 2;
    }
    InsightsScreen #key-mood { color: $primary; }
    InsightsScreen #key-energy { color: $secondary; }
    InsightsScreen #key-stress { color: $accent; }
    InsightsScreen .series {
        height: 1;
    }
    InsightsScreen .series-name {
        width: 14;
    }
    InsightsScreen .series Sparkline {
        width: 1fr;
        max-width: 52;
        margin-right: 1;
    }
    InsightsScreen .series-range {
        width: auto;
        color: $text-muted;
    }
    InsightsScreen .muted {
        color: $text-muted;
    }
    """
    BINDINGS = [
        Binding(
            "1",
            "weeks(4)",
            _("4 weeks"),
            id="insights.weeks_4",
            tooltip=_("The last 4 weeks"),
        ),
        Binding(
            "2",
            "weeks(12)",
            _("12 weeks"),
            id="insights.weeks_12",
            tooltip=_("The last 12 weeks"),
        ),
        Binding(
            "3",
            "weeks(52)",
            _("52 weeks"),
            id="insights.weeks_52",
            tooltip=_("The last 52 weeks"),
        ),
        Binding(
            "escape",
            "back",
            _("Back"),
            id="insights.back",
            tooltip=_("Back to the dashboard"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.weeks = FIRST_WEEKS
        self.shown: Insights | None = None

    def compose(self) -> ComposeResult:
        yield Plain("", id="insights-top")
        with VerticalScroll(id="insights-body"):
            with Vertical(classes="panel", id="panel-felt") as felt:
                felt.border_title = _("How you felt: weekly averages, 1 to 5")
                with Horizontal(classes="felt-key"):
                    for name, label, _colour in FELT:
                        yield Plain(f"── {_(label)}", id=f"key-{name}")
                yield WeekPlot(id="felt-plot")
                yield Plain("", id="felt-gaps", classes="muted")
            with Vertical(classes="panel", id="panel-weeks") as weeks:
                weeks.border_title = _("Week by week")
                for name, label in SPARKS:
                    with Horizontal(classes="series", id=f"series-{name}"):
                        yield Plain(_(label), classes="series-name")
                        yield Sparkline([], id=f"spark-{name}", summary_function=fmean)
                        yield Plain("", id=f"range-{name}", classes="series-range")
            with Vertical(classes="panel", id="panel-strain") as strain:
                strain.border_title = _("Strain, week by week (newest first)")
                yield Bullets(id="strain-weeks")
            with Vertical(classes="panel", id="panel-helps") as helps:
                helps.border_title = _("What helps")
                yield Bullets(id="helps-list")
                yield Plain("", id="helps-none")
                yield Plain(
                    _("These are your own days side by side: what went together, not a cause."),
                    id="helps-note",
                    classes="muted",
                )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.query_one("#insights-body", VerticalScroll).focus()
        self.show_journal()

    def _theme_changed(self, _theme: Theme) -> None:
        if self.shown is not None:
            self._show_felt(self.shown)

    def show_journal(self) -> None:
        """Draw the journal as it is now; the app calls this after every save and every
        write it notices from elsewhere."""
        app = self.journal_app
        if app.journal is None:
            return
        insights = app.journal.insights(app.clock().date(), self.weeks)
        self.shown = insights
        self._text(
            "insights-top",
            ngettext(
                "Insights: the last {weeks} week, {first} to {last}",
                "Insights: the last {weeks} weeks, {first} to {last}",
                self.weeks,
            ).format(
                weeks=self.weeks,
                first=_day_words(insights.first, insights.as_of),
                last=_day_words(insights.as_of, insights.first),
            ),
        )
        self._show_felt(insights)
        self._show_weeks(insights)
        self._show_strain(insights)
        self._show_helps(insights)

    def action_weeks(self, weeks: int) -> None:
        if weeks in WEEK_CHOICES and weeks != self.weeks:
            self.weeks = weeks
            self.show_journal()

    async def action_back(self) -> None:
        await self.journal_app.back_to_dashboard()

    def _text(self, widget_id: str, text: str) -> None:
        self.query_one(f"#{widget_id}", Static).update(text)

    def _show_felt(self, insights: Insights) -> None:
        colours = self.app.theme_variables
        self.query_one(WeekPlot).draw(
            [_week_label(week) for week in insights.weeks],
            [
                ([getattr(week, name) for week in insights.weeks], colours[colour])
                for name, _label, colour in FELT
            ],
        )
        empty = sum(1 for week in insights.weeks if week.checkin_days == 0)
        if empty == len(insights.weeks):
            gaps = _("No check-ins in these weeks yet.")
        elif empty:
            gaps = ngettext(
                "No check-in in {count} of these weeks: a gap in the lines.",
                "No check-in in {count} of these weeks: gaps in the lines.",
                empty,
            ).format(count=empty)
        else:
            gaps = _("At least one check-in every week.")
        self._text("felt-gaps", gaps)

    def _show_weeks(self, insights: Insights) -> None:
        weeks = insights.weeks
        series: dict[str, list[float]] = {
            "sleep": [week.sleep for week in weeks if week.sleep is not None],
            # Steady, watch, step back as 1, 2, 3: the level, in the app's own words, not
            # the score (a number that would read as a measurement of the person).
            "strain": [float(LEVEL_ORDER.index(week.assessment.level) + 1) for week in weeks],
            "contacts": [float(week.contacts) for week in weeks],
            "intense": [float(week.intense) for week in weeks],
        }
        ranges = {
            "sleep": _range_words(series["sleep"], _("a night")),
            "strain": _level_range_words([week.assessment.level for week in weeks]),
            "contacts": _range_words(series["contacts"], _("a week")),
            "intense": _range_words(
                series["intense"],
                _("a week, intensity {level} or more").format(level=insights.intense_from),
            ),
        }
        for name, values in series.items():
            # A week without a value is left out, not drawn as zero; with nothing to draw,
            # no line at all (a flat one would read as "very low").
            self.query_one(f"#spark-{name}", Sparkline).data = values
            self.query_one(f"#series-{name}", Horizontal).display = bool(values)
            self._text(f"range-{name}", ranges[name])

    def _show_strain(self, insights: Insights) -> None:
        lines = [_strain_words(week) for week in reversed(insights.weeks)]
        self.query_one("#strain-weeks", Bullets).show(lines)

    def _show_helps(self, insights: Insights) -> None:
        comparisons = insights.what_helps
        self.query_one("#helps-list", Bullets).show([_helps_words(c) for c in comparisons])
        self.query_one("#helps-none").display = not comparisons
        self._text("helps-none", _("No self-care listed on these weeks' check-ins yet."))
        self.query_one("#helps-note").display = any(c.compared for c in comparisons)


def _week_label(week: Week) -> str:
    """Like "26 Oct": the day the week starts, short enough to sit under the axis."""
    return _("{day} {month}").format(
        day=week.first.day, month=_(SHORT_MONTHS[week.first.month - 1])
    )


def _day_words(day: date, other: date) -> str:
    """A short date, or the full one with its year when the weeks span two years."""
    if day.year == other.year:
        return short_date_in_words(day)
    return full_date_in_words(day)


def _range_words(values: Sequence[float], unit: str) -> str:
    """The lowest and highest weekly value, since a sparkline stretches whatever it is
    given between its floor and its ceiling."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if low == high:
        return _("all {value:g} {unit}").format(value=round(low, 1), unit=unit)
    return _("{low:g} to {high:g} {unit}").format(low=round(low, 1), high=round(high, 1), unit=unit)


def _level_range_words(levels: Sequence[str]) -> str:
    """The calmest and the heaviest week's level, like "Steady to Step back"."""
    low = min(levels, key=LEVEL_ORDER.index)
    high = max(levels, key=LEVEL_ORDER.index)
    if low == high:
        return _("{level} every week").format(level=_(LEVEL_WORDS[low]))
    return _("{low} to {high}").format(low=_(LEVEL_WORDS[low]), high=_(LEVEL_WORDS[high]))


def _strain_words(week: Week) -> str:
    """One week: when it started, its level, and which indicators were active at its end."""
    assessment = week.assessment
    level = _(LEVEL_WORDS[assessment.level])
    start = short_date_in_words(week.first)
    if not assessment.active:
        if week.checkin_days == 0 and week.contacts == 0:
            return _("{start}  nothing recorded").format(start=start)
        return _("{start}  {level}").format(start=start, level=level)
    names = ", ".join(indicator_name(result.id) for result in assessment.active)
    return _("{start}  {level}: {names}").format(start=start, level=level, names=names)


def _helps_words(comparison: SelfCareComparison) -> str:
    """Mood beside each other on days with and without the item, with how many days each
    side has; before both sides have enough days, only the counts and when it will show."""
    if comparison.mood_with is None or comparison.mood_without is None:
        return _(
            "{item}: {with_days} with it, {without_days} without; "
            "shown once each side has {least} days"
        ).format(
            item=comparison.item,
            with_days=_days(comparison.days_with),
            without_days=_days(comparison.days_without),
            least=MIN_DAYS,
        )
    return _(
        "{item}: mood {mood_with:.1f} on the {with_days} with it, "
        "{mood_without:.1f} on the {without_days} without"
    ).format(
        item=comparison.item,
        mood_with=comparison.mood_with,
        with_days=_days(comparison.days_with),
        mood_without=comparison.mood_without,
        without_days=_days(comparison.days_without),
    )


def _days(count: int) -> str:
    return ngettext("{count} day", "{count} days", count).format(count=count)
