"""The one place that decides what valid input is, so the command line, the app and import agree.

Every record kind of PRODUCT.md's exchange format, the settings and the wellness plan live
here as frozen dataclasses, with the parsers that turn what a person typed (or a line of an
import file) into them. Errors name the field as the person wrote it and say what is
allowed, in plain, kind words. Pure standard library: no vault, no terminal and no system
clock — callers pass `today` and `now` in, so tests and the demo stay reproducible.

Two spellings of input, on purpose:
- text typed on the command line or in the app is read forgivingly: case and spaces are
  normalised (`--mode "In person"` is `in-person`, `--tag "Substance use"` is
  `substance-use`), a decimal comma is a decimal point, and an empty value for an optional
  field in an edit means "not known";
- an import line must already be in the exchange format's canonical form (what a dump
  writes), so a damaged or hand-mangled file is refused whole instead of half-guessed.

Where each part lives (import everything from `psp_journal.models` itself):
- `errors`: ValidationError, and how a refused value is shown;
- `vocabulary`: the exchange format's word lists, their labels and the scale labels;
- `limits`: lengths, counts and ranges;
- `parsing`: parsers for text a person typed;
- `aliases`: client aliases, the name-like warning and a code to use instead;
- `_fields`: how each field of a record is checked, read and written (private);
- `records`: the record kinds, and reading any of them from an import line;
- `editing`: changing some fields of a record;
- `indicators`: the strain indicators' tunable numbers and their defaults;
- `settings`: the person's settings, by key;
- `plan`: the wellness plan;
- `queries`: what `list` and `search` may ask for;
- `drafts`: what an open form may keep while the app is locked;
- `discussed`: the mark on a supervision item that has been talked through.
"""

from psp_journal.models.aliases import (
    alias_key,
    alias_looks_like_name,
    alias_name_warning,
    ensure_alias_unused,
    parse_alias,
    suggest_alias_code,
)
from psp_journal.models.discussed import (
    DISCUSSABLE_TYPES,
    DISCUSSED_TYPE,
    DiscussedMark,
)
from psp_journal.models.drafts import (
    DRAFT_FORMS,
    check_draft,
    check_draft_form,
)
from psp_journal.models.editing import (
    R,
    apply_edit,
    check_options,
    edit_options,
    new_record,
)
from psp_journal.models.errors import (
    ValidationError,
)
from psp_journal.models.indicators import (
    INDICATOR_IDS,
    INDICATORS,
    Indicator,
    IndicatorNumber,
    default_thresholds,
)
from psp_journal.models.limits import (
    ALIAS_MAX_CHARS,
    BREAKS_RANGE,
    DRAFT_VALUE_MAX_CHARS,
    EARLIEST_YEAR,
    HOURS_RANGE,
    ID_MAX_CHARS,
    ITEM_MAX_CHARS,
    MAX_DRAFT_FIELDS,
    MAX_ITEMS,
    MAX_PLAN_ITEMS,
    MAX_TAGS,
    MINUTES_RANGE,
    NOTE_MAX_CHARS,
    PLAN_ITEM_MAX_CHARS,
    QUERY_MAX_CHARS,
    SETTING_MAX_CHARS,
    TAG_MAX_CHARS,
    TEXT_MAX_CHARS,
)
from psp_journal.models.parsing import (
    parse_choice,
    parse_count,
    parse_date,
    parse_datetime,
    parse_flag,
    parse_hours,
    parse_reflection_text,
    parse_scale,
    parse_self_care,
    parse_tag,
    parse_tags,
    parse_text,
    to_minute,
)
from psp_journal.models.plan import (
    HOW_MAX_CHARS,
    NAME_MAX_CHARS,
    NUMBER_MAX_CHARS,
    PLAN_LISTS,
    PLAN_SECTIONS,
    PLAN_TYPE,
    CrisisLine,
    Person,
    PlanItem,
    WellnessPlan,
    plan_with_section,
)
from psp_journal.models.prompt_events import (
    BRING_TO_SUPERVISION,
    DISMISS,
    PROMPT_ANSWERS,
    PROMPT_EVENTS,
    PROMPT_TYPE,
    REMIND_LATER,
    SHOWN,
    STEPPING_BACK,
    PromptEvent,
)
from psp_journal.models.queries import (
    DEFAULT_LIMIT,
    ENTRY_KINDS,
    EntryCursor,
    EntryQuery,
    parse_entry_query,
)
from psp_journal.models.records import (
    DUMP_TYPE_ORDER,
    RECORD_KINDS,
    Boundary,
    Checkin,
    Client,
    Interaction,
    Record,
    Reflection,
    Support,
    dump_sort_key,
    record_from_document,
)
from psp_journal.models.settings import (
    AUTO_LOCK_RANGE,
    DEFAULT_SELF_CARE,
    RETENTION_RANGE,
    SETTING_KEYS,
    SETTINGS_TYPE,
    WEEK_DAYS,
    WEEKLY_HOURS_RANGE,
    Settings,
    describe_setting,
    get_setting,
    set_setting,
    setting_text,
)
from psp_journal.models.vocabulary import (
    BOUNDARY_KIND_LABELS,
    BOUNDARY_KINDS,
    CLIENT_STATUSES,
    CRITICAL_TAGS,
    INITIATED_BY,
    KNOWN_TAGS,
    MODE_LABELS,
    MODES,
    SCALE_LABELS,
    SUPPORT_KIND_LABELS,
    SUPPORT_KINDS,
    Document,
    ScaleName,
    scale_label,
)

__all__ = [
    "DISCUSSABLE_TYPES",
    "DISCUSSED_TYPE",
    "DiscussedMark",
    "DUMP_TYPE_ORDER",
    "dump_sort_key",
    "BRING_TO_SUPERVISION",
    "DISMISS",
    "PROMPT_ANSWERS",
    "PROMPT_EVENTS",
    "PROMPT_TYPE",
    "REMIND_LATER",
    "SHOWN",
    "STEPPING_BACK",
    "PromptEvent",
    "ALIAS_MAX_CHARS",
    "AUTO_LOCK_RANGE",
    "BOUNDARY_KINDS",
    "BOUNDARY_KIND_LABELS",
    "BREAKS_RANGE",
    "Boundary",
    "CLIENT_STATUSES",
    "CRITICAL_TAGS",
    "Checkin",
    "Client",
    "CrisisLine",
    "DEFAULT_SELF_CARE",
    "Document",
    "DEFAULT_LIMIT",
    "DRAFT_FORMS",
    "DRAFT_VALUE_MAX_CHARS",
    "EARLIEST_YEAR",
    "ENTRY_KINDS",
    "EntryCursor",
    "EntryQuery",
    "HOURS_RANGE",
    "HOW_MAX_CHARS",
    "ID_MAX_CHARS",
    "INDICATORS",
    "INDICATOR_IDS",
    "INITIATED_BY",
    "ITEM_MAX_CHARS",
    "Indicator",
    "IndicatorNumber",
    "Interaction",
    "KNOWN_TAGS",
    "MAX_DRAFT_FIELDS",
    "MAX_ITEMS",
    "MAX_PLAN_ITEMS",
    "MAX_TAGS",
    "MINUTES_RANGE",
    "MODES",
    "MODE_LABELS",
    "NAME_MAX_CHARS",
    "NOTE_MAX_CHARS",
    "NUMBER_MAX_CHARS",
    "PLAN_ITEM_MAX_CHARS",
    "QUERY_MAX_CHARS",
    "PLAN_LISTS",
    "PLAN_SECTIONS",
    "PLAN_TYPE",
    "Person",
    "PlanItem",
    "R",
    "RECORD_KINDS",
    "RETENTION_RANGE",
    "Record",
    "Reflection",
    "SCALE_LABELS",
    "SETTINGS_TYPE",
    "SETTING_KEYS",
    "SETTING_MAX_CHARS",
    "SUPPORT_KINDS",
    "SUPPORT_KIND_LABELS",
    "ScaleName",
    "Settings",
    "Support",
    "TAG_MAX_CHARS",
    "TEXT_MAX_CHARS",
    "ValidationError",
    "WEEKLY_HOURS_RANGE",
    "WEEK_DAYS",
    "WellnessPlan",
    "alias_key",
    "alias_looks_like_name",
    "alias_name_warning",
    "apply_edit",
    "check_draft",
    "check_draft_form",
    "check_options",
    "default_thresholds",
    "describe_setting",
    "edit_options",
    "new_record",
    "ensure_alias_unused",
    "get_setting",
    "parse_alias",
    "parse_choice",
    "parse_count",
    "parse_date",
    "parse_datetime",
    "parse_entry_query",
    "parse_flag",
    "parse_hours",
    "parse_reflection_text",
    "parse_scale",
    "parse_self_care",
    "parse_tag",
    "parse_tags",
    "parse_text",
    "plan_with_section",
    "record_from_document",
    "scale_label",
    "set_setting",
    "setting_text",
    "suggest_alias_code",
    "to_minute",
]
