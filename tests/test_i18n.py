"""Every user-facing sentence goes through `_()` or `ngettext` where it is shown.

The template must hold exactly the messages in the sources, and a catalogue installed after
everything was imported must change what care/ and the journal say, plurals included: a
sentence translated at import, or built from pieces, would not come out translated.
"""

from __future__ import annotations

import gettext
import struct
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

import pytest

from psp_journal import i18n
from psp_journal.care.crisis_lines import lines_for
from psp_journal.care.status_text import describe_assessment
from psp_journal.care.strain import StrainRecords, assess_strain
from psp_journal.i18n_catalogue import POT_PATH, extract, render
from psp_journal.journal import Purged
from psp_journal.models import Settings, Support, WellnessPlan

AS_OF = date(2026, 3, 12)  # a Thursday

# A small Norwegian Bokmål catalogue, for the test only: (singular, plural) keys are plurals.
NORWEGIAN: Mapping[str | tuple[str, str], str | tuple[str, str]] = {
    ("your last supervision was {count} day ago", "your last supervision was {count} days ago"): (
        "siste veiledning var for {count} dag siden",
        "siste veiledning var for {count} dager siden",
    ),
    "As of {date:%A %d %B %Y}:": "Per {date:%d.%m.%Y}:",
    "Steady. Nothing in your recent entries stands out.": "Stødig. Ingenting skiller seg ut.",
    "Someone to talk to when things are hard; any time": "Noen å snakke med; når som helst",
    (
        "An international directory of helplines, such as {directory}, can help you find "
        "lines where you are. Add the ones you choose to your wellness plan."
    ): "En internasjonal oversikt, som {directory}, finner linjer der du er.",
    ("{count} entry", "{count} entries"): ("{count} oppføring", "{count} oppføringer"),
    ("{count} export record", "{count} export records"): (
        "{count} eksportpost",
        "{count} eksportposter",
    ),
    "{list} and {last}": "{list} og {last}",
    (
        "Your journal keeps the last {days} days, so {removed} from before {date} was removed "
        "for good.",
        "Your journal keeps the last {days} days, so {removed} from before {date} were removed "
        "for good.",
    ): (
        "Journalen beholder {days} dager, så {removed} fra før {date} ble slettet.",
        "Journalen beholder {days} dager, så {removed} fra før {date} ble slettet for godt.",
    ),
}


def write_mo(path: Path, messages: Mapping[str | tuple[str, str], str | tuple[str, str]]) -> None:
    """A GNU .mo file, as msgfmt writes it (no hash table), with Bokmål's plural rule."""
    header = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"
    pairs = sorted(
        ("\0".join(k) if isinstance(k, tuple) else k, "\0".join(v) if isinstance(v, tuple) else v)
        for k, v in {"": header, **messages}.items()
    )
    keys, values = [k.encode() for k, _ in pairs], [v.encode() for _, v in pairs]
    start = 7 * 4 + 16 * len(pairs)
    table, data = [], b""
    for text in keys + values:
        table.append((len(text), start + len(data)))
        data += text + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, len(pairs), 28, 28 + 8 * len(pairs), 0, start)
    path.parent.mkdir(parents=True)
    path.write_bytes(head + b"".join(struct.pack("<2I", *entry) for entry in table) + data)


@pytest.fixture
def norwegian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Installs the catalogue the way i18n.py loads one, long after care/ was imported."""
    write_mo(tmp_path / "nb" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo", NORWEGIAN)
    translation = gettext.translation(i18n.DOMAIN, tmp_path, languages=["nb"])
    monkeypatch.setattr(i18n, "_translation", translation)


def supervision_gap(days_ago: int) -> str:
    supports = [Support(at=datetime(2026, 3, 12 - days_ago, 10), kind="supervision")]
    assessment = assess_strain(StrainRecords(supports=supports), Settings(), AS_OF)
    return next(r.detail for r in assessment.indicators if r.id == "supervision-gap")


def test_the_template_holds_exactly_the_messages_in_the_sources() -> None:
    assert POT_PATH.read_text("utf-8") == render(extract()), (
        "regenerate it: python -m psp_journal.i18n_catalogue"
    )


def test_the_test_catalogue_translates_real_messages() -> None:
    known = {(m.msgid, m.plural) if m.plural else m.msgid for m in extract()}
    assert set(NORWEGIAN) <= known


def test_a_strain_detail_comes_out_translated_with_its_plural(norwegian: None) -> None:
    assert supervision_gap(1) == "siste veiledning var for 1 dag siden"
    assert supervision_gap(3) == "siste veiledning var for 3 dager siden"


def test_the_status_text_and_crisis_lines_come_out_translated(norwegian: None) -> None:
    settings = Settings()
    steady = assess_strain(StrainRecords(), settings, AS_OF)
    text = describe_assessment(steady, WellnessPlan(), "NO").splitlines()
    assert text[:2] == ["Per 12.03.2026:", "Stødig. Ingenting skiller seg ut."]
    norway = lines_for("NO", [])
    assert (norway.shipped[0].name, norway.shipped[0].number) == (
        "Mental Helse hjelpetelefonen",
        "116 123",
    )
    assert norway.shipped[0].purpose == "Noen å snakke med; når som helst"
    assert lines_for("SE", []).pointer == (
        "En internasjonal oversikt, som findahelpline.com, finner linjer der du er."
    )


def test_what_a_purge_removed_comes_out_translated_with_its_plurals(norwegian: None) -> None:
    one = Purged(date(2026, 1, 2), entries=1, kept_days=30)
    more = Purged(date(2026, 1, 2), entries=1, export_records=2, kept_days=30)
    assert (
        one.sentence()
        == "Journalen beholder 30 dager, så 1 oppføring fra før 2026-01-02 ble slettet."
    )
    assert more.sentence() == (
        "Journalen beholder 30 dager, så 1 oppføring og 2 eksportposter fra før 2026-01-02 "
        "ble slettet for godt."
    )


def test_without_a_catalogue_the_english_is_the_source() -> None:
    assert supervision_gap(1) == "your last supervision was 1 day ago"
    assert Purged(date(2026, 1, 2), entries=2, kept_days=30).sentence() == (
        "Your journal keeps the last 30 days, so 2 entries from before 2026-01-02 were removed "
        "for good."
    )


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ('def f(n):\n    return _(f"{n} days")\n', "string literal"),
        ("def f(n):\n    return ngettext(ONE, MANY, n)\n", "string literal"),
        ('TITLE = _("Journal")\n', "at import"),
        ('class Screen:\n    TITLE = _("Journal")\n', "at import"),
        ('def f():\n    return _("a"), ngettext("a", "as", 2)\n', "two different plurals"),
    ],
)
def test_the_walk_refuses_what_gettext_could_not_look_up(
    tmp_path: Path, source: str, problem: str
) -> None:
    package = tmp_path / "package"
    package.mkdir()
    (package / "module.py").write_text(source)
    with pytest.raises(ValueError, match=problem):
        extract(package)


def test_a_constant_marked_with_n_is_in_the_template_and_translated_where_used(
    tmp_path: Path,
) -> None:
    package = tmp_path / "package"
    package.mkdir()
    source = 'TITLE = N_("Journal")\n\ndef title():\n    return _(TITLE)\n'
    (package / "module.py").write_text(source)
    assert [(m.msgid, m.plural, m.files) for m in extract(package)] == [
        ("Journal", None, {"package/module.py"})
    ]
