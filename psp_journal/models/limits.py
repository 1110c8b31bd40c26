"""Limits on input: generous for a person, small enough that nothing hangs."""

from __future__ import annotations

HOURS_RANGE = (0, 24)
BREAKS_RANGE = (0, 20)
MINUTES_RANGE = (1, 720)
ALIAS_MAX_CHARS = 40
TAG_MAX_CHARS = 40
MAX_TAGS = 30
NOTE_MAX_CHARS = 100_000
TEXT_MAX_CHARS = 1_000_000
SETTING_MAX_CHARS = 200
ITEM_MAX_CHARS = 100
MAX_ITEMS = 30
PLAN_ITEM_MAX_CHARS = 2_000
MAX_PLAN_ITEMS = 100
ID_MAX_CHARS = 100
QUERY_MAX_CHARS = 1_000  # a search is a few words; a pasted note is not one
# A draft holds what its form could save, and the longest text a form takes is a reflection's.
DRAFT_VALUE_MAX_CHARS = TEXT_MAX_CHARS
MAX_DRAFT_FIELDS = 30
EARLIEST_YEAR = 1900
