"""The HTML summary: one page that loads nothing and runs nothing, shows the person's words
only as text, draws each weekly chart beside a table of the same numbers, and prints."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from psp_journal.export import SECTIONS, SummaryOptions, build_summary, render_html
from psp_journal.export.summary import SECTION_LABELS
from tests.test_export_summary import INPUTS, PERIOD

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=1> & fish'
HEADINGS = [SECTION_LABELS[name] for name in SECTIONS] + ["What went well"]


def everything() -> str:
    options = SummaryOptions(include_notes=frozenset({"i3"}), went_well=HOSTILE)
    summary = build_summary(INPUTS, PERIOD, SECTIONS, options)
    return render_html(summary)


def test_every_included_section_has_its_heading_and_only_those() -> None:
    page = render_html(build_summary(INPUTS, PERIOD, ["caseload", "wellbeing"]))
    assert page.startswith("<!DOCTYPE html>")
    assert "<h2>Caseload</h2>" in page and "<h2>Wellbeing</h2>" in page
    assert "<h2>Coverage</h2>" not in page and "<h2>Strain</h2>" not in page
    assert "Left out of this summary: Coverage, Boundaries, Items for supervision, Strain." in page
    assert "8 days have no entries (2026-W46 (3), 2026-W47 (5))" in page
    for heading in HEADINGS:
        assert f"<h2>{heading}</h2>" in everything()


def test_the_page_loads_nothing_and_runs_nothing() -> None:
    page = everything()
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", page, re.IGNORECASE)
    assert not re.search(r"\b(src|href)\s*=", page.replace("&quot;&gt;&lt;img src=x", ""))
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in html.unescape(page)
    assert "@page { size: auto; margin: 15mm; }" in page


def test_the_persons_words_are_escaped() -> None:
    page = everything()
    escaped = (
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=1&gt; &amp; fish"
    )
    assert escaped in page
    assert "<img" not in page and "& fish" not in page
    options = SummaryOptions(include_notes=frozenset({"i3"}))
    hostile_note = build_summary(INPUTS, PERIOD, options=options)
    hostile_note["supervision-items"]["items"][0]["text"] = HOSTILE
    assert escaped in render_html(hostile_note)
    assert "<script" not in render_html(hostile_note)


def test_each_chart_is_svg_beside_a_table_of_the_same_numbers() -> None:
    page = everything()
    # contacts, intense contacts, mood and stress, strain level
    assert page.count("<svg") == 4
    assert page.count('<div class="chart">') == 4
    for chart in re.findall(r'<div class="chart">(.*?)</div>', page, re.DOTALL):
        assert chart.startswith("<svg") and "<table>" in chart
    assert "<caption>Contacts by week</caption>" in page
    assert '<th scope="row">2026-W46</th><td class="n">3</td><td class="n">110</td>' in page
    default = render_html(build_summary(INPUTS, PERIOD))
    assert default.count("<svg") == 2  # wellbeing and strain left out


def test_no_sections_left_out_says_nothing_about_it() -> None:
    assert "Left out" not in everything()


chromium = shutil.which("chromium")


@pytest.mark.slow
@pytest.mark.skipif(chromium is None, reason="chromium is not installed (CI installs it)")
def test_chromium_shows_and_prints_every_section(tmp_path: Path) -> None:
    assert chromium is not None
    page = tmp_path / "summary.html"
    page.write_text(everything(), encoding="utf-8")
    browser = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    browser.append(f"--user-data-dir={tmp_path / 'profile'}")
    dom = subprocess.run(
        [*browser, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    for heading in HEADINGS:
        assert f"<h2>{heading}</h2>" in dom
    assert dom.count("<svg") == 4 and "<rect" in dom
    assert "<script" not in dom and "<img" not in dom
    # The page asks for the reader's own paper size; print on A4 here, as a supervisor's
    # printer would, by adding only that.
    a4 = tmp_path / "a4.html"
    a4.write_text(everything().replace("</head>", "<style>@page { size: A4; }</style></head>"))
    pdf = tmp_path / "out.pdf"
    subprocess.run(
        [*browser, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", a4.as_uri()],
        capture_output=True,
        timeout=60,
        check=True,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    for heading in HEADINGS:
        assert heading in text
    size = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=30, check=True
    ).stdout
    assert "(A4)" in size
