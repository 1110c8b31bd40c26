"""The summary as one self-contained HTML page a supervisor can open or print.

The page loads nothing: the style is inline, the charts are inline SVG, there is no script
at all, and a Content-Security-Policy says so to the browser too, so opening it tells no
one anything. Every piece of text, above all the person's own words, goes through
`html.escape`, so nothing they wrote can become markup. Each chart has a table beside it
holding the same numbers, for screen readers and for a reader who prefers figures.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from psp_journal.care.strain import LEVEL_ORDER
from psp_journal.export.summary import SECTION_LABELS
from psp_journal.export.wording import (
    TITLE,
    WENT_WELL,
    counts_text,
    item_kind,
    left_out_sentence,
    period_sentence,
    quiet_days_sentence,
)
from psp_journal.i18n import _
from psp_journal.models import BOUNDARY_KIND_LABELS, MODE_LABELS
from psp_journal.terminal_text import shown

_STYLE = """
@page { size: auto; margin: 15mm; }
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  font-size: 1rem; line-height: 1.55; color: #222; background: #fff;
  max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; font-weight: 600; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; font-weight: 600; margin: 0 0 .6rem; padding-bottom: .2rem;
  border-bottom: 1px solid #d6d2c8; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1rem; font-weight: 600; margin: .8rem 0 .3rem; break-after: avoid;
  page-break-after: avoid; }
section { margin-top: 1.8rem; }
.figure, table, li { break-inside: avoid; page-break-inside: avoid; }
p { margin: .4rem 0; }
.notice { background: #f5f2ea; border-left: 4px solid #b8a67c; padding: .5rem .8rem; }
.own-words { white-space: pre-wrap; overflow-wrap: anywhere; margin: .3rem 0 .6rem;
  padding: .4rem .8rem; border-left: 3px solid #9db3c2; background: #f4f7f9; }
.chart { display: flex; flex-wrap: wrap; gap: 1rem 1.5rem; align-items: flex-start; }
.chart svg { flex: 0 1 auto; max-width: 100%; height: auto; }
.chart table { flex: 0 1 auto; }
table { border-collapse: collapse; font-size: .9rem; margin: .3rem 0; }
caption { text-align: left; font-weight: 600; padding-bottom: .2rem; }
th, td { border-bottom: 1px solid #e2ded5; padding: .2rem .6rem; text-align: left;
  vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
svg text { font-family: system-ui, sans-serif; font-size: 10px; fill: #333; }
svg .axis { stroke: #999; stroke-width: 1; }
svg .s0 { fill: #4f7a94; }
svg .s1 { fill: #c58f4e; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
# The browser's own promise that the page loads and runs nothing.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
_SLOT, _LEFT, _TOP, _PLOT, _BOTTOM = 44, 30, 16, 120, 30  # chart geometry, in SVG units
_INTENSE = ("4", "5")


def _e(value: object) -> str:
    """Any value as HTML text: the one way text enters the page. Hidden controls (an
    escape sequence, a right-to-left override) are written as visible escapes, so the
    page shows them and `--preview` never sends them to a terminal."""
    return html.escape(shown(str(value)), quote=True)


def _number(value: object) -> str:
    return "–" if value is None else str(value)


def _table(caption: str, head: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain table; a cell holding a number is right-aligned so columns compare."""
    cells = "".join(f'<th scope="col">{_e(name)}</th>' for name in head)
    body = []
    for row in rows:
        first, *rest = row
        tds = "".join(
            f'<td class="n">{_e(v)}</td>' if isinstance(v, int | float) else f"<td>{_e(v)}</td>"
            for v in rest
        )
        body.append(f'<tr><th scope="row">{_e(first)}</th>{tds}</tr>')
    return (
        f"<table><caption>{_e(caption)}</caption><thead><tr>{cells}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _bar_chart(
    weeks: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    top: float,
    shown: Sequence[Sequence[str]] | None = None,
) -> str:
    """Bars by week, one colour per series, each bar labelled with its value (or `shown`),
    so the chart still reads when printed in grey. Hidden from screen readers: the table
    beside it says the same."""
    top = top or 1
    key = 14 * len(series) if len(series) > 1 else 0  # room for a legend, one line a series
    width = max(_LEFT + _SLOT * len(weeks) + 8, _LEFT + 110 if key else 0)
    base = _TOP + key + _PLOT
    bar = (_SLOT - 14) / len(series)
    parts = [
        f'<svg viewBox="0 0 {width} {base + _BOTTOM}" width="{width}" '
        f'height="{base + _BOTTOM}" aria-hidden="true" focusable="false">',
        f'<line class="axis" x1="{_LEFT}" y1="{base}" x2="{width - 4}" y2="{base}"/>',
        f'<line class="axis" x1="{_LEFT}" y1="{base - _PLOT}" x2="{_LEFT}" y2="{base}"/>',
        f'<text x="{_LEFT - 4}" y="{base}" text-anchor="end">0</text>',
        f'<text x="{_LEFT - 4}" y="{base - _PLOT + 4}" text-anchor="end">{_e(_number(top))}</text>',
    ]
    if key:
        for n, (name, _values) in enumerate(series):
            y = 4 + 14 * n
            parts.append(f'<rect class="s{n}" x="{_LEFT}" y="{y}" width="10" height="10"/>')
            parts.append(f'<text x="{_LEFT + 14}" y="{y + 9}">{_e(name)}</text>')
    for w, week in enumerate(weeks):
        x0 = _LEFT + _SLOT * w + 7
        for n, (_name, values) in enumerate(series):
            value = values[w]
            if value is None:
                continue
            tall = _PLOT * min(value, top) / top
            x = x0 + n * bar
            label = shown[n][w] if shown else _number(value)
            parts.append(
                f'<rect class="s{n}" x="{x:.1f}" y="{base - tall:.1f}" '
                f'width="{bar - 2:.1f}" height="{tall:.1f}"/>'
            )
            parts.append(
                f'<text x="{x + (bar - 2) / 2:.1f}" y="{base - tall - 3:.1f}" '
                f'text-anchor="middle">{_e(label)}</text>'
            )
        year, _dash, number = week.partition("-")  # 2026-W47: W47 over 2026, to fit
        middle = f"{x0 + (_SLOT - 14) / 2:.1f}"
        parts.append(
            f'<text x="{middle}" y="{base + 13}" text-anchor="middle">{_e(number)}'
            f'<tspan x="{middle}" dy="12">{_e(year)}</tspan></text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _chart(title: str, svg: str, table: str) -> str:
    """A titled chart with its table beside it, kept together on one printed page."""
    return f'<div class="figure"><h3>{_e(title)}</h3><div class="chart">{svg}{table}</div></div>'


def _coverage(section: Mapping[str, Any]) -> str:
    rows = [
        (
            row["week"],
            row["days_checked_in"],
            row.get("hours_worked", _("not written")),
            row["after_hours_contacts"],
        )
        for row in section["weeks"]
    ]
    head = (_("Week"), _("Days checked in"), _("Hours worked"), _("After-hours contacts"))
    usual = _("Usual weekly hours: {hours}.").format(hours=section["usual_weekly_hours"])
    return f"<p>{_e(usual)}</p>" + _table(_("Coverage by week"), head, rows)


def _caseload(section: Mapping[str, Any]) -> str:
    weeks = [row["week"] for row in section["weeks"]]
    contacts = [row["interactions"] for row in section["weeks"]]
    intense = [sum(row["intensity"][level] for level in _INTENSE) for row in section["weeks"]]
    by_week = _chart(
        _("Contacts by week"),
        _bar_chart(weeks, [(_("contacts"), contacts)], max(contacts, default=0)),
        _table(
            _("Contacts by week"),
            (_("Week"), _("Contacts"), _("Minutes")),
            [(row["week"], row["interactions"], row["minutes"]) for row in section["weeks"]],
        ),
    )
    heavy = _chart(
        _("Intense contacts (intensity 4 or 5)"),
        _bar_chart(weeks, [(_("intense contacts"), intense)], max(intense, default=0)),
        _table(
            _("Intense contacts (intensity 4 or 5)"),
            (_("Week"), _("Intense contacts"), _("Intensity 1 to 5")),
            [
                (row["week"], n, ", ".join(f"{k}: {v}" for k, v in row["intensity"].items()))
                for row, n in zip(section["weeks"], intense, strict=True)
            ],
        ),
    )
    details = _table(
        _("More about each week"),
        (_("Week"), _("By mode"), _("Critical tags"), _("Close to home"), _("Self-disclosures")),
        [
            (
                row["week"],
                counts_text(row["by_mode"], MODE_LABELS),
                counts_text(row["critical_tags"]),
                row["close_to_home"],
                row["self_disclosures"],
            )
            for row in section["weeks"]
        ],
    )
    return by_week + heavy + details


def _boundaries(section: Mapping[str, Any]) -> str:
    rows = [
        (row["week"], row["events"], counts_text(row["by_kind"], BOUNDARY_KIND_LABELS))
        for row in section["weeks"]
    ]
    head = (_("Week"), _("Boundary events"), _("Kinds"))
    return _table(_("Boundary events by week"), head, rows)


def _items(section: Mapping[str, Any]) -> str:
    if not section["items"]:
        return f"<p>{_e(_('Nothing was marked for supervision in this period.'))}</p>"
    entries = []
    for item in section["items"]:
        line = _("{week}: {kind}").format(week=item["week"], kind=item_kind(item))
        note = f'<div class="own-words">{_e(item["text"])}</div>' if "text" in item else ""
        entries.append(f"<li>{_e(line)}{note}</li>")
    return f"<ul>{''.join(entries)}</ul>"


def _wellbeing(section: Mapping[str, Any]) -> str:
    rows = section["weeks"]
    weeks = [row["week"] for row in rows]
    means = [(_("mood"), [row.get("mood") for row in rows])]
    means.append((_("stress"), [row.get("stress") for row in rows]))
    table = _table(
        _("Weekly means (1 to 5)"),
        (
            _("Week"),
            _("Check-ins"),
            _("Mood"),
            _("Energy"),
            _("Stress"),
            _("Sleep"),
            _("Self-care days"),
        ),
        [
            (
                row["week"],
                row["checkins"],
                *(row.get(name, "–") for name in ("mood", "energy", "stress", "sleep")),
                row["self_care_days"],
            )
            for row in rows
        ],
    )
    return _chart(_("Mood and stress, weekly means"), _bar_chart(weeks, means, 5), table)


def _strain(section: Mapping[str, Any]) -> str:
    rows = section["weeks"]
    heights = [LEVEL_ORDER.index(row["level"]) + 1 for row in rows]
    svg = _bar_chart(
        [row["week"] for row in rows],
        [(_("strain level"), heights)],
        len(LEVEL_ORDER),
        shown=[[row["level"] for row in rows]],
    )
    table = _table(
        _("Strain level by week"),
        (_("Week"), _("Level"), _("Signs"), _("Prompt responses")),
        [
            (
                row["week"],
                row["level"],
                ", ".join(row["active"]) or _("none"),
                counts_text(row["prompt_responses"]),
            )
            for row in rows
        ],
    )
    return _chart(_("Strain level by week"), svg, table)


_SECTIONS = {
    "coverage": _coverage,
    "caseload": _caseload,
    "boundaries": _boundaries,
    "supervision-items": _items,
    "wellbeing": _wellbeing,
    "strain": _strain,
}


def render_html(summary: Mapping[str, Any]) -> str:
    """The summary as one HTML5 page: the period, what was left out, the quiet days, then
    each section by ISO week, with a chart and its table where numbers compare by week."""
    title = _(TITLE)
    left_out = left_out_sentence(summary)
    intro = [f"<p>{_e(period_sentence(summary))}</p>"]
    if left_out:
        intro.append(f'<p class="notice">{_e(left_out)}</p>')
    intro.append(f'<p class="notice">{_e(quiet_days_sentence(summary))}</p>')
    sections = [
        f'<section id="{_e(name)}"><h2>{_e(_(SECTION_LABELS[name]))}</h2>'
        f"{_SECTIONS[name](summary[name])}</section>"
        for name in summary["sections"]
    ]
    if "went_well" in summary:
        sections.append(
            f'<section id="went-well"><h2>{_e(_(WENT_WELL))}</h2>'
            f'<div class="own-words">{_e(summary["went_well"])}</div></section>'
        )
    # Translators: the language code of this catalogue, for the page's lang attribute.
    lang = _("en")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(lang)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_POLICY)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head>\n"
        f"<body><main><h1>{_e(title)}</h1>{''.join(intro)}\n"
        + "\n".join(sections)
        + "\n</main></body></html>\n"
    )
