"""The dashboard: today, the strain level in plain words, and this week, at a glance.

Everything on it comes from the journal in one call (`Journal.dashboard`), drawn with no
clock but the app's, so two draws of the same journal at the same moment are the same
picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Sparkline, Static

from psp_journal.care.strain import STEADY, STEP_BACK, WATCH
from psp_journal.dashboard_data import Dashboard
from psp_journal.i18n import N_, _, ngettext
from psp_journal.tui.app_view import JournalAppView
from psp_journal.tui.plain import Plain
from psp_journal.tui.widgets.bullets import Bullets
from psp_journal.tui.words import day_in_words, short_date_in_words, short_weekday

if TYPE_CHECKING:
    pass

# Below this many columns the panels stack, and the footer's "^p palette" hint gives its
# room to the dashboard's own keys (ctrl+p still works, and F1 lists it).
WIDE_FROM = 90

LEVEL_WORDS = {STEADY: N_("Steady"), WATCH: N_("Watch"), STEP_BACK: N_("Step back")}


class DashboardScreen(JournalAppView, Screen[None]):
    """No text input here, so plain letters open the everyday forms."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]
    DEFAULT_CSS = """
    DashboardScreen {
        layout: vertical;
    }
    DashboardScreen #dash-top {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    DashboardScreen #dash-day {
        width: 1fr;
        text-style: bold;
    }
    DashboardScreen #dash-level {
        width: auto;
        text-style: bold;
    }
    DashboardScreen #dash-level.-steady { color: $success; }
    DashboardScreen #dash-level.-watch { color: $warning; }
    DashboardScreen #dash-level.-step-back { color: $error; }
    DashboardScreen #dash-body {
        height: 1fr;
    }
    DashboardScreen #dash-panels {
        grid-size: 2;
        grid-columns: 1fr 1fr;
        grid-rows: auto;
        height: auto;
    }
    DashboardScreen.-narrow #dash-panels {
        grid-size: 1;
        grid-columns: 1fr;
    }
    DashboardScreen .panel {
        height: auto;
        border: round $panel;
        border-title-color: $primary;
        padding: 0 1;
    }
    DashboardScreen .series {
        height: 1;
    }
    DashboardScreen .series-name {
        width: 7;
    }
    DashboardScreen .series Sparkline {
        width: 1fr;
        max-width: 30;
        margin-right: 1;
    }
    DashboardScreen .series-range {
        width: auto;
        color: $text-muted;
    }
    DashboardScreen .muted {
        color: $text-muted;
    }
    """
    BINDINGS = [
        Binding(
            "c",
            "open_form('checkin')",
            _("Check in"),
            id="dashboard.checkin",
            tooltip=_("How you are today"),
        ),
        Binding(
            "l",
            "open_form('interaction')",
            _("Log"),
            id="dashboard.interaction",
            tooltip=_("Log an interaction with a client"),
        ),
        Binding(
            "b",
            "open_form('boundary')",
            _("Boundary"),
            id="dashboard.boundary",
            tooltip=_("A moment a boundary was tested"),
        ),
        Binding(
            "r",
            "open_form('reflection')",
            _("Reflect"),
            id="dashboard.reflection",
            tooltip=_("Your own thoughts, in your words"),
        ),
        Binding(
            "s",
            "open_form('support')",
            _("Support"),
            id="dashboard.support",
            tooltip=_("Support you received"),
        ),
        Binding(
            "w",
            "wellness_plan",
            _("Plan"),
            id="dashboard.plan",
            tooltip=_("Your wellness plan: your own step-back actions and people"),
        ),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="dash-top"):
            yield Plain("", id="dash-day")
            yield Plain("", id="dash-level")
        with VerticalScroll(id="dash-body"):
            with Grid(id="dash-panels"):
                with Vertical(classes="panel", id="panel-today") as today:
                    today.border_title = _("Today")
                    yield Plain("", id="today-checkin")
                    yield Plain("", id="today-followups")
                with Vertical(classes="panel", id="panel-stands-out") as stands_out:
                    stands_out.border_title = _("What stands out")
                    yield Bullets(id="stands-out-list")
                    yield Plain("", id="stands-out")
                with Vertical(classes="panel", id="panel-month") as month:
                    month.border_title = _("Last 30 days")
                    for name, label in (
                        ("mood", _("mood")),
                        ("stress", _("stress")),
                        ("sleep", _("sleep")),
                    ):
                        with Horizontal(classes="series", id=f"series-{name}"):
                            yield Plain(label, classes="series-name")
                            yield Sparkline([], id=f"spark-{name}", summary_function=fmean)
                            yield Plain("", id=f"range-{name}", classes="series-range")
                    yield Plain("", id="month-gaps", classes="muted")
                with Vertical(classes="panel", id="panel-week") as week:
                    week.border_title = _("This week")
                    yield Plain("", id="week-load")
                    yield Plain("", id="week-boundaries")
                    yield Plain("", id="week-supervision")
            with Vertical(classes="panel", id="panel-supervision") as supervision:
                supervision.border_title = _("To bring to supervision")
                yield Plain("", id="supervision-items")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show_journal()

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(Footer).show_command_palette = event.size.width >= WIDE_FROM

    def show_journal(self) -> None:
        """Draw the journal as it is now; the app calls this after every save here and
        every write it notices from elsewhere."""
        app = self.journal_app
        if app.journal is None:
            return
        glance = app.journal.dashboard(app.clock())
        self._show_header(glance)
        self._show_today(glance)
        self._show_month(glance)
        self._show_week(glance)
        self._show_supervision(glance)

    def _text(self, widget_id: str, text: str) -> None:
        self.query_one(f"#{widget_id}", Static).update(text)

    def _show_header(self, glance: Dashboard) -> None:
        level = glance.assessment.level
        self._text("dash-day", day_in_words(glance.as_of.date()))
        self._text("dash-level", _("{level} ●").format(level=_(LEVEL_WORDS[level])))
        badge = self.query_one("#dash-level", Static)
        for known in LEVEL_WORDS:
            badge.set_class(known == level, f"-{known}")

    def _show_today(self, glance: Dashboard) -> None:
        self._text(
            "today-checkin",
            _("Check-in: done") if glance.checkin else _("Check-in: not yet (c)"),
        )
        self._text(
            "today-followups",
            _("Follow-ups due: {count}").format(count=glance.followups_due),
        )
        active = glance.assessment.active
        self.query_one("#stands-out-list", Bullets).show([result.detail for result in active])
        if active:
            self._text("stands-out", _("Your own plan: w"))
        else:
            self._text("stands-out", _("Nothing stands out in your recent entries."))

    def _show_month(self, glance: Dashboard) -> None:
        for name, series in (
            ("mood", glance.mood),
            ("stress", glance.stress),
            ("sleep", glance.sleep),
        ):
            known = [value for value in series if value is not None]
            # Days without a value are left out, not drawn as zero: a gap is not a low; and
            # with nothing to draw, no line at all (a flat one would read as "very low").
            self.query_one(f"#spark-{name}", Sparkline).data = known
            self.query_one(f"#series-{name}", Horizontal).display = bool(known)
            self._text(f"range-{name}", _range_words(known))
        missing = sum(value is None for value in glance.mood)
        if missing == len(glance.mood):
            gaps = _("No check-ins in the last 30 days.")
        elif missing:
            gaps = ngettext(
                "No check-in on {count} of these days.",
                "No check-in on {count} of these days.",
                missing,
            ).format(count=missing)
        else:
            gaps = _("A check-in every day.")
        self._text("month-gaps", gaps)

    def _show_week(self, glance: Dashboard) -> None:
        self._text(
            "week-load",
            _("contacts {contacts} · intense {intense} · close to home {close}").format(
                contacts=glance.week.contacts,
                intense=glance.week.intense,
                close=glance.week.close_to_home,
            ),
        )
        if glance.boundaries:
            today = glance.as_of.date()
            events = ", ".join(
                _("{kind} ({day})").format(kind=event.kind, day=_day_words(event.at.date(), today))
                for event in glance.boundaries
            )
            self._text(
                "week-boundaries", _("recent boundary events: {events}").format(events=events)
            )
        else:
            self._text("week-boundaries", _("recent boundary events: none"))
        days = glance.days_since_supervision
        if days is None:
            supervision = _("supervision: none recorded yet")
        elif days == 0:
            supervision = _("supervision: today")
        else:
            supervision = ngettext(
                "supervision: last {days} day ago",
                "supervision: last {days} days ago",
                days,
            ).format(days=days)
        self._text("week-supervision", supervision)

    def _show_supervision(self, glance: Dashboard) -> None:
        items = glance.supervision_items
        panel = self.query_one("#panel-supervision", Vertical)
        panel.border_title = _("To bring to supervision ({count})").format(count=len(items))
        if items:
            self._text(
                "supervision-items",
                "\n".join(_item_words(item, glance.as_of.date()) for item in items),
            )
        else:
            self._text("supervision-items", _("Nothing marked to bring yet."))

    async def action_open_form(self, form: str) -> None:
        await self.journal_app.open_form(form)

    def action_wellness_plan(self) -> None:
        from psp_journal.tui.dialogs.wellness_plan import WellnessPlanDialog

        journal = self.journal_app.journal
        if journal is not None:
            self.app.push_screen(WellnessPlanDialog(journal.plan()))


def _day_words(day: date, today: date) -> str:
    """A weekday alone within the current week, where it can't be mistaken; else a date."""
    if today - day < timedelta(days=today.weekday() + 1):
        return short_weekday(day)
    return short_date_in_words(day)


def _range_words(values: Sequence[float]) -> str:
    """The lowest and highest value, since a sparkline stretches whatever it is given
    between its floor and its ceiling: 3 to 4 would otherwise look like 1 to 5."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if low == high:
        return _("all {value:g}").format(value=low)
    return _("{low:g} to {high:g}").format(low=low, high=high)


def _item_words(item: dict[str, Any], today: date) -> str:
    """One item to bring to supervision: what kind, about whom (by alias), and which day."""
    day = _day_words(datetime.fromisoformat(item["at"]).date(), today)
    kind = item["type"]
    if kind == "boundary":
        return _("· boundary: {kind} ({day})").format(kind=item["kind"], day=day)
    if kind == "interaction":
        return _("· contact with {alias} ({day})").format(alias=item["client"], day=day)
    if kind == "reflection":
        return _("· reflection ({day})").format(day=day)
    return _("· a step-back prompt ({day})").format(day=day)
