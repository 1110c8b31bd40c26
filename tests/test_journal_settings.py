"""Several settings in one write, and a purge counted before it is made: what the app's
Settings screen relies on, tested without the app."""

from __future__ import annotations

from datetime import date

import pytest

from psp_journal.journal import Journal
from psp_journal.models import ValidationError
from psp_journal.vault import Vault
from tests.conftest import fixed_clock


def test_several_settings_change_together(open_vault: Vault) -> None:
    journal = Journal(open_vault, fixed_clock)
    journal.set_settings({"weekly-hours": "30", "thresholds.high-stress.count": "3"})
    settings = journal.settings()
    assert settings.weekly_hours == 30
    assert settings.threshold("high-stress", "count") == 3


def test_one_refused_setting_leaves_every_setting_as_it_was(open_vault: Vault) -> None:
    journal = Journal(open_vault, fixed_clock)
    before = journal.settings()
    with pytest.raises(ValidationError) as refused:
        journal.set_settings({"weekly-hours": "30", "auto-lock-minutes": "0"})
    assert refused.value.field == "auto-lock-minutes"
    assert journal.settings() == before


def test_a_purge_preview_counts_what_the_purge_removes_and_removes_nothing(
    open_vault: Vault,
) -> None:
    journal = Journal(open_vault, fixed_clock)
    journal.record("reflection", {"text": "old", "at": "2026-11-01T10:00"})
    journal.record("reflection", {"text": "new", "at": "2026-11-19T10:00"})
    cutoff = date(2026, 11, 10)
    preview = journal.purge_preview(cutoff)
    assert preview.entries == 1
    assert len(journal.records_of_type("reflection")) == 2
    assert journal.purge_before(cutoff) == preview
    assert len(journal.records_of_type("reflection")) == 1
