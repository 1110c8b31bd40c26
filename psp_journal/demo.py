"""Life-like sample journals, so `--demo` and the benchmarks never need anyone's real data."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from psp_journal.models import (
    CRITICAL_TAGS,
    Boundary,
    Checkin,
    Client,
    Interaction,
    Person,
    Reflection,
    Settings,
    Support,
    WellnessPlan,
    dump_sort_key,
)

DEMO_DAYS = 90
DEFAULT_SEED = 2026
# Measured over ten-year journals (5.05–5.2 across seeds); tests/test_demo.py keeps it honest.
AVERAGE_RECORDS_PER_DAY = 5.1

_Phase = Literal["steady", "rough", "recovery"]
_DayKind = Literal["work", "shift", "off"]

_ROUGH_PATCH_DAYS = 14
_STEADY_BEFORE_LAST_PATCH = 14
_MIN_CASELOAD = 8
_MAX_CASELOAD = 20
_WORKDAY_START = 8 * 60 + 30
_WORKDAY_LAST_START = 17 * 60 + 30
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Crockford's base32 (no i, l, o, u): ids read unambiguously aloud or off a printout.
_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_ID_BITS = 40
_ID_MASK = (1 << _ID_BITS) - 1

_SELF_CARE = (
    "walk",
    "time outside",
    "music",
    "talk to a friend",
    "rest",
    "swim",
    "cooking",
    "my own group",
    "reading",
)

_MODE_WEIGHTS = {
    "in-person": 40,
    "phone": 20,
    "text": 15,
    "video": 5,
    "group": 10,
    "outreach": 10,
}
_MINUTES_BY_MODE = {
    "in-person": (20, 90),
    "phone": (10, 45),
    "text": (5, 20),
    "video": (20, 60),
    "group": (45, 120),
    "outreach": (30, 150),
}
_SETTINGS_BY_MODE = {
    "in-person": (
        "ward 4B",
        "emergency department",
        "the drop-in centre",
        "community hub",
        "a quiet room on the unit",
        "café near the clinic",
    ),
    "group": ("peer group room", "the weekly peer group", "art group"),
    "outreach": ("outreach van", "the shelter", "the park by the library", "a home visit"),
}
_EVERYDAY_TAGS = (
    "substance-use",
    "housing",
    "grief",
    "employment",
    "family",
    "health",
    "legal",
    "loneliness",
)
_CRITICAL_WEIGHTS = {
    "crisis": 6,
    "self-harm": 2,
    "suicide": 1,
    "overdose": 2,
    "violence": 1,
    "abuse": 1,
}

_CLIENT_NOTES = (
    "Referred by the ward team.",
    "Prefers text first.",
    "Met at the drop-in.",
    "Likes to walk while we talk.",
    "Mornings work best.",
    "Came through the outreach van.",
)

_INTERACTION_NOTES: dict[str, tuple[str, ...]] = {
    "housing": (
        "Went with them to the housing office; the forms are half done.",
        "Looked at two flats online together. One is worth a visit.",
    ),
    "employment": (
        "Practised for Thursday's interview.",
        "Talked about going back to work slowly, a few hours first.",
    ),
    "substance-use": (
        "Talked about the last few weeks of cutting down. Proud of them.",
        "Talked through what helps on the hard evenings.",
    ),
    "grief": (
        "Mostly listened. It's a year since their brother died.",
        "Looked at photos together. Lots of quiet, which was fine.",
    ),
    "family": ("Talked about seeing their kids at the weekend.",),
    "health": ("Came along to the clinic appointment, mostly for company.",),
    "legal": ("Helped find a free legal clinic and booked a time.",),
    "loneliness": ("Coffee and a walk. They said the week had been very quiet.",),
    "crisis": (
        "Rough night for them; we made a plan for the next day with the team.",
        "Sat with them in the emergency department until the team was free.",
    ),
    "self-harm": ("Hard conversation. Made sure the nurse knew; stayed until they felt steadier.",),
    "suicide": (
        "They talked about not wanting to be here. Stayed with them and brought in the team, "
        "as we agreed.",
    ),
    "overdose": ("Heard about a near miss at the weekend. Talked about naloxone and who to call.",),
    "violence": (
        "Things got loud in the waiting room. Stepped outside together until it settled.",
    ),
    "abuse": ("They told me what happened at home. Connected them with the team's social worker.",),
    "death": ("Their friend died of an overdose at the weekend. Mostly we sat together.",),
}
_EVERYDAY_NOTES = (
    "Good catch-up.",
    "Checked in by phone; doing okay.",
    "Mostly listened.",
    "Short check-in between appointments.",
    "Talked about the week and made a small plan for the next one.",
    "Missed each other at first, then a good chat.",
)
_DISCLOSURE_NOTE = "Shared a little about my own first months, then brought it back to them."

_CHECKIN_NOTES: dict[_Phase, tuple[str, ...]] = {
    "steady": (
        "Good sleep.",
        "Lunch outside with the team.",
        "Slow morning, good afternoon.",
        "Busy but okay.",
        "Evening swim.",
    ),
    "rough": (
        "Slept badly.",
        "Skipped lunch again.",
        "Heavy day.",
        "Couldn't switch off.",
        "Too many late messages.",
    ),
    "recovery": ("Better night.", "Walked at lunch.", "Lighter today.", "Felt more like me."),
}
_DAY_OFF_NOTES = ("Day off.", "Family day.", "Slow day at home.")

_BOUNDARY_WEIGHTS = {
    "self-disclosure": 4,
    "gift": 3,
    "social-media": 3,
    "role-drift": 3,
    "dual-relationship": 2,
    "money": 2,
    "physical-contact": 2,
    "other": 1,
}
_BOUNDARY_INITIATORS = {
    "after-hours": "client",
    "self-disclosure": "client",
    "gift": "client",
    "social-media": "client",
    "role-drift": "colleague",
    "dual-relationship": "other",
    "money": "client",
    "physical-contact": "client",
    "other": "me",
}
_BOUNDARY_NOTES = {
    "after-hours": (
        "Texted late. I replied in the morning and reminded them of my hours and the crisis line.",
        "Call after ten. I answered this time; I shouldn't have. Bringing it to supervision.",
        "Missed call late in the evening. Didn't answer; called back the next morning.",
    ),
    "self-disclosure": (
        "Asked for details of my own story. I shared a little and brought it back to them.",
        "Pushed for more than I wanted to share. I said that part stays with me.",
    ),
    "gift": (
        "Offered a small gift. I thanked them and explained why I can't keep it.",
        "Homemade card. It's on the office wall, as the team agreed.",
    ),
    "social-media": (
        "Friend request. Declined kindly and explained why.",
        "Tagged me in a post. Asked them gently to take it down.",
    ),
    "role-drift": (
        "Asked to fill in a risk form for the team. Said it isn't my role; offered what I saw.",
        "Asked to hand out medication on the ward. Said no and found the nurse.",
    ),
    "dual-relationship": (
        "Ran into each other at my own meeting outside work. We agreed how to handle it.",
        "Turns out we share a neighbour. Talked it through with my supervisor.",
    ),
    "money": ("Asked to borrow money. Said no, and went with them to the emergency fund office.",),
    "physical-contact": (
        "A hug at goodbye. I was okay with it, but I want to think about where my line is.",
        "Grabbed my arm when upset. Stepped back and kept my voice calm.",
    ),
    "other": ("Asked to be a reference for a job. Checked with my supervisor first.",),
}

_SUPPORT_NOTES = {
    "supervision": (
        "Went through the caseload and the after-hours texts.",
        "Talked about {alias} and what felt close to home.",
        "Planned endings for two clients.",
        "",
    ),
    "team-debrief": (
        "After a hard morning on the ward.",
        "Debrief after the news this week.",
        "Short huddle at the end of the shift.",
    ),
    "peer-consult": (
        "Called a peer worker at the other site about a gift question.",
        "Compared notes with another PSP on group endings.",
    ),
    "own-support": (
        "My own peer group.",
        "Walk and talk with my mentor.",
        "Saw my counsellor.",
        "Called my sister.",
    ),
}
_RECOVERY_SUPERVISION_NOTE = (
    "Mostly about me this time: sleep, hours, and what to hand over for a few weeks."
)


@dataclass(frozen=True)
class _Template:
    """A reflection in the PSP's own voice; {alias} and {weekday} are filled in. A `workday`
    one tells of a working day, so it is never written on a day off."""

    text: str
    tags: tuple[str, ...] = ()
    discuss: bool = False
    workday: bool = False


_EVERYDAY_REFLECTIONS: tuple[_Template, ...] = (
    _Template(
        "Good day. {alias} laughed properly for the first time since we met, over a terrible "
        "coffee of all things. I want to remember that.",
        ("small-wins",),
    ),
    _Template(
        "Walked {alias} to the housing office and we sat in the queue for an hour. Not much "
        "talking. I think just being there was the point.",
        ("housing",),
        workday=True,
    ),
    _Template(
        "Team meeting ran long, but the nurse on 4B asked what I thought about a discharge plan "
        "and actually wrote it down. Small thing. It mattered to me.",
        ("team",),
        workday=True,
    ),
    _Template(
        "Quiet {weekday}. Caught up on notes, took my full lunch outside. I forget how much a "
        "normal day helps.",
        workday=True,
    ),
    _Template(
        "{alias} said group was the only place this week where nobody looked at them like a "
        "problem. That's why I do this.",
        ("small-wins",),
    ),
    _Template(
        "I shared a little of my own story with {alias} today, just the part about the first "
        "year being the hardest. It landed well. I kept it short and brought it back to them, "
        "like we practised.",
        ("self-disclosure",),
        workday=True,
    ),
    _Template(
        "Noticed I was rushing between contacts and not breathing. Took five minutes in the "
        "stairwell. Better afterwards.",
        workday=True,
    ),
    _Template(
        "Two follow-ups done, one call nobody answered. I left a kind message and let it go. "
        "Not everything is mine to finish today.",
        workday=True,
    ),
    _Template(
        "Supervision helped. I came in thinking I'd handled {alias}'s texts badly; I left with "
        "a plan and a bit less guilt.",
        ("supervision",),
        workday=True,
    ),
    _Template(
        "Long day on the ward. I spent most of it waiting with people. Waiting is underrated work.",
        workday=True,
    ),
    _Template(
        "Sometimes the best thing I bring is that I've sat in that same plastic chair. Today "
        "was one of those days.",
        workday=True,
    ),
    _Template(
        "Evening to myself. Long walk, phone off, soup on the stove. Nothing to report, "
        "which is the report.",
        ("self-care",),
    ),
    _Template(
        "{alias} got the keys to the new flat today. I did a little dance in the car park "
        "afterwards, privately.",
        ("small-wins", "housing"),
        workday=True,
    ),
    _Template(
        "Hard conversation with {alias} about what happens after they leave the programme. "
        "Endings are part of the work; I still don't love them.",
        ("endings",),
        workday=True,
    ),
    _Template(
        "Learned something from the outreach team about how they talk to people at the "
        "shelter: slower, fewer questions. I want to try it.",
        ("team",),
    ),
    _Template(
        "Felt useful today. Writing that down because on other days I forget that I am.",
        ("small-wins",),
        workday=True,
    ),
    _Template(
        "{alias} asked how I got through my worst year. I told them what helped: people, "
        "routine, and time. I didn't tell them everything, and that's okay.",
        ("self-disclosure",),
    ),
    _Template(
        "Group was small today, just four people, and I think it was the best one in weeks.\n\n"
        "Note to self: small is not the same as failing.",
        workday=True,
    ),
    _Template(
        "{alias} sent me a friend request. I said I'd have to decline and why, and we talked "
        "about other ways to stay connected to the group. Awkward, then fine.",
        ("boundaries",),
    ),
    _Template(
        "Ran into {alias} at the supermarket. We said hello and I let them lead. Running into "
        "people is just part of working where I live.",
        ("boundaries",),
    ),
    _Template(
        "A colleague asked me to take blood pressure readings 'since I was there anyway'. I "
        "said no, kindly. Role drift is sneaky.",
        ("boundaries",),
        workday=True,
    ),
    _Template(
        "Got asked to lend money again. I said no and walked {alias} over to the emergency "
        "fund office instead.",
        ("boundaries",),
        workday=True,
    ),
    _Template(
        "A hug at the end of group. I was okay with it this time, but I want to talk about "
        "where my line is.",
        ("boundaries",),
        discuss=True,
        workday=True,
    ),
    _Template(
        "{alias} brought me a drawing. I explained I can't keep gifts, and we pinned it up in "
        "the group room instead. They seemed pleased with that.",
        ("boundaries",),
        workday=True,
    ),
)
_ROUGH_REFLECTIONS: tuple[_Template, ...] = (
    _Template(
        "Tired in a way sleep isn't fixing. Three heavy contacts before lunch and I skipped "
        "the break again.",
        ("tired",),
        workday=True,
    ),
    _Template(
        "{alias}'s story sounds so much like mine did that I kept thinking about it on the bus "
        "home. Bringing this to supervision.",
        ("close-to-home",),
        discuss=True,
    ),
    _Template(
        "I answered a text at eleven last night. I know. Writing it here so I can be honest "
        "about it with myself.",
        ("boundaries",),
    ),
    _Template(
        "The week keeps piling up. I noticed I was short with a colleague this afternoon, and "
        "that's one of my own warning signs.",
        ("tired",),
        workday=True,
    ),
    _Template(
        "Hard news this week and no real space to talk about it yet. I need to ask for a "
        "debrief instead of waiting to be offered one.",
        ("grief",),
        discuss=True,
    ),
    _Template(
        "Cancelled my own group again because of work. That's twice now. Next week it goes in "
        "the calendar like a shift.",
        ("self-care",),
    ),
    _Template(
        "Didn't want to get out of bed today. Went in anyway, and it was fine, but I'm "
        "noticing it.",
        ("tired",),
        workday=True,
    ),
    _Template(
        "Everyone needed something today and I said yes to all of it. Tomorrow I want to say "
        "yes to a lunch break.",
        workday=True,
    ),
    _Template(
        "My plan says: when I start dreading my phone, tell someone. So: I'm dreading my phone. "
        "Telling my supervisor tomorrow.",
        ("boundaries",),
        discuss=True,
    ),
    _Template("Worked late again. The notes can wait until morning; I'm leaving them.", ("tired",)),
)
_RECOVERY_REFLECTIONS: tuple[_Template, ...] = (
    _Template(
        "Took the day off I'd been putting off. Slept in, walked by the water, called my "
        "sister. Feeling more like myself.",
        ("self-care",),
        workday=True,
    ),
    _Template(
        "Supervision today was mostly about me, not the caseload. We agreed I'd hand over two "
        "of the heavier contacts for a few weeks. Relief.",
        ("supervision",),
        workday=True,
    ),
    _Template(
        "Back at my own group. Funny how the thing I skip first when I'm busy is the thing "
        "that keeps me going.",
        ("self-care",),
    ),
    _Template(
        "First full lunch break in two weeks. Ate outside. Small win, and I'm counting it.",
        ("small-wins",),
        workday=True,
    ),
    _Template(
        "Phone on silent after six, for real this time. {alias} was fine with the new reply "
        "window when I explained it.",
        ("boundaries",),
    ),
    _Template(
        "Looking back at the last few weeks, the signs were all there: short nights, no "
        "breaks, late texts. Next time I'd like to notice sooner.",
        discuss=True,
    ),
    _Template("Energy coming back. I enjoyed group today instead of just getting through it."),
    _Template(
        "I said no to an extra shift without over-explaining. Progress.",
        ("boundaries", "small-wins"),
        workday=True,
    ),
)

_WELLNESS_PLAN = WellnessPlan(
    boundary_commitments=(
        "Phone on silent after 18:00; replies wait until the morning.",
        "No personal social media with clients.",
        "I share my own story only when it helps the person in front of me, and briefly.",
        "Gifts go to the team, with thanks.",
    ),
    daily_maintenance=(
        "A proper lunch break away from the ward.",
        "Walk home the long way through the park.",
        "Seven hours in bed.",
        "My own group on Thursdays.",
    ),
    triggers=(
        "Stories that sound like my own first year.",
        "News of a death, especially an overdose.",
        "Weeks without supervision.",
    ),
    early_warning_signs=(
        "Dreading my phone.",
        "Skipping lunch three days running.",
        "Being short with colleagues.",
        "Lying awake replaying conversations.",
    ),
    step_back_actions=(
        "Tell my supervisor this week, not next month.",
        "Hand over the heaviest contacts for a while.",
        "Take a day off and actually switch off.",
        "Go back to my own group.",
        "Ask the team for a debrief.",
    ),
    people=(
        Person("my sister", "text first; she calls back the same day"),
        Person("Ada from my peer group", "Thursday evenings, or any time by text"),
        Person("my supervisor", "office line, weekdays"),
    ),
)


@dataclass
class _CaseClient:
    """A client on the caseload while the journal is written; becomes one client document."""

    id: str
    alias: str
    note: str
    closes: int
    weight: float
    heaviness: float
    topics: tuple[str, ...]
    closed: bool = False


@dataclass(frozen=True)
class _Shape:
    """How each day of the journal feels: its phase, its load 0–1, and planned days off."""

    phases: list[_Phase]
    loads: list[float]
    days_off: frozenset[int]


def generate_journal(
    days: int,
    end: date,
    seed: int = DEFAULT_SEED,
    *,
    rough_patch_end_days_ago: int | None = 0,
) -> list[dict[str, Any]]:
    """A journal of `days` days ending on `end`, as exchange-format documents in dump order.

    The same arguments always give the same documents, ids included. Every document passes
    the models' `from_document` with today = `end` and now = `end` 23:59; only follow-ups
    may lie after `end`. Earlier rough patches, each followed by a recovery, come every few
    months. The last one ends `rough_patch_end_days_ago` days before `end`: 0 (the default,
    what `--demo` wants) leaves strain building at `end`, so the app has something to show;
    a larger number shows the recovery after it; None leaves it out.
    """
    if days < 1:
        raise ValueError("a journal needs at least one day")
    if rough_patch_end_days_ago is not None and rough_patch_end_days_ago < 0:
        raise ValueError("rough_patch_end_days_ago can't be negative")
    return _JournalWriter(days, end, seed, rough_patch_end_days_ago).write()


def days_for_records(records: int) -> int:
    """Days of journal that give about `records` documents, for sizing benchmark vaults."""
    return max(1, math.ceil(records / AVERAGE_RECORDS_PER_DAY))


def _is_critical(record: Interaction) -> bool:
    """Whether the `critical-exposure` indicator counts it (and a debrief becomes likely)."""
    return any(tag in CRITICAL_TAGS for tag in record.tags)


def _scale(value: float) -> int:
    return min(5, max(1, round(value)))


def _half_hours(value: float, low: float, high: float) -> float:
    """Hours as people write them: to the half hour."""
    return min(high, max(low, round(value * 2) / 2))


def _shape(
    start: date, days: int, rng: random.Random, rough_patch_end_days_ago: int | None
) -> _Shape:
    """Rough patches every few months, each followed by a recovery that opens with days off,
    and a week or two of leave about twice a year in steady times."""
    patches: list[tuple[int, int, int]] = []  # first day, last day, recovery days
    limit = days
    last_patch: tuple[int, int, int] | None = None
    if rough_patch_end_days_ago is not None and rough_patch_end_days_ago < days:
        last_day = days - 1 - rough_patch_end_days_ago
        first_day = max(0, last_day - _ROUGH_PATCH_DAYS + 1)
        last_patch = (first_day, last_day, rng.randint(10, 14))
        limit = first_day - _STEADY_BEFORE_LAST_PATCH
    cursor = rng.randint(18, 30)
    while True:
        length, recovery = rng.randint(12, 16), rng.randint(10, 14)
        if cursor + length + recovery > limit:
            break
        patches.append((cursor, cursor + length - 1, recovery))
        cursor += length + recovery + rng.randint(90, 240)
    if last_patch is not None:
        patches.append(last_patch)

    phases: list[_Phase] = ["steady"] * days
    loads = [0.0] * days
    days_off: set[int] = set()
    for first_day, last_day, recovery in patches:
        for index in range(first_day, last_day + 1):
            phases[index] = "rough"
            loads[index] = min(1.0, 0.55 + 0.15 * (index - first_day))
        for step, index in enumerate(range(last_day + 1, min(days, last_day + 1 + recovery))):
            phases[index] = "recovery"
            loads[index] = 0.3 * (1 - step / recovery)
        days_off.update(range(last_day + 1, min(days, last_day + 3)))
    for monday in range((7 - start.weekday()) % 7, days, 7):
        leave = range(monday, monday + rng.choice((5, 12)))
        starts_leave = rng.random() < 0.04 and leave.stop <= days
        if starts_leave and all(phases[index] == "steady" for index in leave):
            days_off.update(leave)
    return _Shape(phases, loads, frozenset(days_off))


class _JournalWriter:
    """One pass over the days, keeping the caseload and the rhythms of support."""

    def __init__(
        self, days: int, end: date, seed: int, rough_patch_end_days_ago: int | None
    ) -> None:
        self.rng = random.Random(seed)
        self.days = days
        self.start = end - timedelta(days=days - 1)
        self.id_base = self.rng.getrandbits(_ID_BITS)
        self.id_count = 0
        self.shape = _shape(self.start, days, self.rng, rough_patch_end_days_ago)
        self.documents: list[dict[str, Any]] = []
        self.clients: list[_CaseClient] = []
        self.active: list[_CaseClient] = []
        self.alias_keys: set[str] = set()
        self.next_supervision = self.rng.randint(2, 20)
        self.debrief_due = False
        self.rough_patch_opened = False
        self.recovery_supervised = False
        self.recent_reflections: list[_Template] = []

    def write(self) -> list[dict[str, Any]]:
        for _ in range(12):
            self.take_on_client(0)
        for index in range(self.days):
            self.write_day(index)
        for client in self.clients:
            status = "closed" if client.closed else "active"
            record = Client(alias=client.alias, status=status, note=client.note, id=client.id)
            self.documents.append(record.to_document())
        self.documents.append(Settings(self_care=_SELF_CARE, country="CA").to_document())
        self.documents.append(_WELLNESS_PLAN.to_document())
        return sorted(self.documents, key=dump_sort_key)

    def new_id(self) -> str:
        """Short and opaque, yet unique: an invertible mix of a seeded counter."""
        mixed = (self.id_base + self.id_count) & _ID_MASK
        self.id_count += 1
        mixed = (mixed * 0x9E3779B97F) & _ID_MASK
        mixed ^= mixed >> 19
        mixed = (mixed * 0xC2B2AE3D27) & _ID_MASK
        mixed ^= mixed >> 21
        return "".join(_ID_ALPHABET[(mixed >> shift) & 31] for shift in range(0, _ID_BITS, 5))

    # --- The caseload -------------------------------------------------------------------

    def new_alias(self) -> str:
        """A code like M-17 or RJ-4: letters and a number, never anything like a name."""
        letters = "ABCDEFGHJKLMNPRSTVWXYZ"
        while True:
            if self.rng.random() < 0.6:
                alias = f"{self.rng.choice(letters)}-{self.rng.randint(1, 99)}"
            else:
                pair = self.rng.choice(letters) + self.rng.choice(letters)
                alias = f"{pair}-{self.rng.randint(1, 30)}"
            if alias.casefold() not in self.alias_keys:
                self.alias_keys.add(alias.casefold())
                return alias

    def take_on_client(self, index: int) -> None:
        rng = self.rng
        client = _CaseClient(
            id=self.new_id(),
            alias=self.new_alias(),
            note=rng.choice(_CLIENT_NOTES) if rng.random() < 0.4 else "",
            closes=index + rng.randint(20, 180),
            weight=rng.uniform(1, 4),
            heaviness=rng.random(),
            topics=tuple(rng.sample(_EVERYDAY_TAGS, rng.randint(1, 3))),
        )
        self.clients.append(client)
        self.active.append(client)

    def update_caseload(self, index: int, working: bool) -> None:
        """Clients finish over time; new ones arrive on working days; 8–20 stay active."""
        for client in list(self.active):
            if client.closes > index:
                continue
            if len(self.active) > _MIN_CASELOAD:
                client.closed = True
                self.active.remove(client)
            else:
                client.closes = index + self.rng.randint(7, 30)
        if working and len(self.active) < _MAX_CASELOAD:
            if len(self.active) < _MIN_CASELOAD or self.rng.random() < 0.18:
                self.take_on_client(index)

    def pick_client(self) -> _CaseClient:
        return self.rng.choices(self.active, weights=[c.weight for c in self.active])[0]

    # --- One day ------------------------------------------------------------------------

    def write_day(self, index: int) -> None:
        rng = self.rng
        day = self.start + timedelta(days=index)
        phase, load = self.shape.phases[index], self.shape.loads[index]
        if phase == "rough":
            self.recovery_supervised = False
        else:
            self.rough_patch_opened = False
        kind: _DayKind = "off"
        if index not in self.shape.days_off:
            if day.weekday() < 5:
                kind = "work"
            elif rng.random() < 0.04 + 0.3 * load:
                kind = "shift"
        self.update_caseload(index, kind == "work")
        critical = 0
        if kind != "off":
            opens_rough_patch = phase == "rough" and not self.rough_patch_opened
            critical = self.write_contacts(day, kind, load, opens_rough_patch)
            self.rough_patch_opened = phase == "rough"
        if rng.random() < (0.04 + 0.4 * load if kind != "off" else 0.01 + 0.15 * load):
            critical += self.write_after_hours(day, load)
        if kind != "off" and rng.random() < 0.02 + 0.15 * load:
            self.write_boundary(day, load)
        self.write_support(day, index, kind, phase, critical)
        self.write_checkin(day, kind, phase, load)
        if rng.random() < {"steady": 0.4, "rough": 0.55, "recovery": 0.5}[phase]:
            self.write_reflection(day, kind, phase)

    def moment(self, day: date, earliest: int, latest: int) -> datetime:
        """A time between two minutes of the day, on the five minutes as people log them."""
        minute = self.rng.randrange(earliest, latest + 1, 5)
        return datetime.combine(day, time(minute // 60, minute % 60))

    def write_contacts(
        self, day: date, kind: _DayKind, load: float, opens_rough_patch: bool
    ) -> int:
        """The day's contacts back to back; heavy days run late. Returns the critical ones."""
        rng = self.rng
        if kind == "work":
            wanted = max(1, round(rng.gauss(5 + 2 * load, 1.5)))
            minute = _WORKDAY_START + rng.randrange(0, 60, 5)
            last_start = _WORKDAY_LAST_START + int(load * 90)
            modes = list(_MODE_WEIGHTS)
            weights = list(_MODE_WEIGHTS.values())
        else:
            wanted = rng.randint(2, 4)
            minute, last_start = 10 * 60, 16 * 60
            modes, weights = ["group", "outreach", "in-person"], [3, 3, 2]
        critical = 0
        for _ in range(wanted):
            if minute > last_start:
                break
            mode = rng.choices(modes, weights)[0]
            at = datetime.combine(day, time(minute // 60, minute % 60))
            record = self.write_interaction(at, mode, load, opens_rough_patch)
            opens_rough_patch = False
            critical += _is_critical(record)
            minute += record.minutes + rng.randrange(10, 65, 5)
        return critical

    def write_interaction(
        self, at: datetime, mode: str, load: float, opens_rough_patch: bool = False
    ) -> Interaction:
        """One contact with a client on the caseload."""
        rng = self.rng
        client = self.pick_client()
        tags: list[str] = []
        if rng.random() < 0.6:
            tags.append(rng.choice(client.topics))
        intensity = 1.4 + 1.4 * client.heaviness + 1.5 * load + rng.gauss(0, 0.6)
        close_to_home = rng.random() < 0.015 + 0.12 * load
        discuss = rng.random() < 0.03
        if opens_rough_patch:
            # A rough patch often opens with one heavy contact: news of a death, or a crisis.
            if rng.random() < 0.35:
                tags = ["death", "grief", "overdose"]
            else:
                tags.insert(0, "crisis")
            intensity, close_to_home, discuss = 5, True, True
        elif rng.random() < 0.01 + 0.02 * client.heaviness + 0.12 * load:
            tags.insert(
                0, rng.choices(list(_CRITICAL_WEIGHTS), list(_CRITICAL_WEIGHTS.values()))[0]
            )
            intensity += 1.2
            discuss = discuss or rng.random() < 0.3
        tags = list(dict.fromkeys(tags))
        self_disclosure = rng.random() < 0.03 + 0.1 * load
        low, high = _MINUTES_BY_MODE[mode]
        minutes = rng.randrange(low, high + 1, 5)
        note = ""
        if rng.random() < 0.35:
            if self_disclosure and rng.random() < 0.5:
                note = _DISCLOSURE_NOTE
            else:
                topic = next((tag for tag in tags if tag in _INTERACTION_NOTES), None)
                note = rng.choice(_INTERACTION_NOTES[topic] if topic else _EVERYDAY_NOTES)
        follow_up = None
        if rng.random() < 0.2:
            follow_up = at.date() + timedelta(days=rng.randint(1, 14))
        record = Interaction(
            client=client.alias,
            at=at,
            minutes=minutes,
            mode=mode,
            intensity=_scale(intensity),
            tags=tuple(tags),
            close_to_home=close_to_home,
            self_disclosure=self_disclosure,
            setting=rng.choice(_SETTINGS_BY_MODE.get(mode, ("",))),
            note=note,
            follow_up=follow_up,
            discuss=discuss,
            id=self.new_id(),
        )
        self.documents.append(record.to_document())
        return record

    def write_after_hours(self, day: date, load: float) -> bool:
        """A late text or call, answered or not; a boundary event often goes with it."""
        rng = self.rng
        at = self.moment(day, 18 * 60 + 30, 23 * 60 + 15)
        answered = rng.random() < 0.5 + 0.4 * load
        critical = False
        if answered:
            critical = _is_critical(self.write_interaction(at, rng.choice(("text", "phone")), load))
        if not answered or rng.random() < 0.3 + 0.3 * load:
            self.write_boundary(day, load, kind="after-hours", at=at)
        return critical

    def write_boundary(
        self, day: date, load: float, kind: str | None = None, at: datetime | None = None
    ) -> None:
        rng = self.rng
        kind = kind or rng.choices(list(_BOUNDARY_WEIGHTS), list(_BOUNDARY_WEIGHTS.values()))[0]
        at = at or self.moment(day, 9 * 60, 17 * 60)
        felt = _scale(rng.gauss(2.1 + 1.6 * load, 0.7))
        with_client = kind not in ("role-drift", "other") or rng.random() < 0.5
        record = Boundary(
            at=at,
            kind=kind,
            felt=felt,
            client=self.pick_client().alias if with_client else None,
            initiated_by=_BOUNDARY_INITIATORS[kind],
            note=rng.choice(_BOUNDARY_NOTES[kind]),
            discuss=rng.random() < (0.7 if felt >= 4 else 0.15),
            id=self.new_id(),
        )
        self.documents.append(record.to_document())

    def write_support(
        self, day: date, index: int, kind: _DayKind, phase: _Phase, critical: int
    ) -> None:
        """Supervision every 2–4 weeks (put off in a rough patch, first thing after one),
        debriefs after hard days, peer consults now and then, and the PSP's own support."""
        rng = self.rng
        if kind == "work":
            starts_recovery = phase == "recovery" and not self.recovery_supervised
            if starts_recovery or (index >= self.next_supervision and phase != "rough"):
                note = _RECOVERY_SUPERVISION_NOTE if starts_recovery else ""
                self.write_support_entry(day, "supervision", 10 * 60, 15 * 60, note)
                self.recovery_supervised = self.recovery_supervised or starts_recovery
                self.next_supervision = index + rng.randint(14, 28)
            if self.debrief_due and rng.random() < (0.3 if phase == "rough" else 0.7):
                self.write_support_entry(day, "team-debrief", 8 * 60 + 30, 10 * 60)
            if rng.random() < 0.04:
                self.write_support_entry(day, "peer-consult", 12 * 60, 16 * 60)
        if kind != "off":
            self.debrief_due = critical > 0
        own = {"steady": 0.1, "rough": 0.04, "recovery": 0.3}[phase]
        if rng.random() < own:
            self.write_support_entry(day, "own-support", 17 * 60 + 30, 19 * 60 + 30)

    def write_support_entry(
        self, day: date, kind: str, earliest: int, latest: int, note: str | None = None
    ) -> None:
        if note is None:
            note = self.rng.choice(_SUPPORT_NOTES[kind])
        record = Support(
            at=self.moment(day, earliest, latest),
            kind=kind,
            note=note.format(alias=self.pick_client().alias),
            id=self.new_id(),
        )
        self.documents.append(record.to_document())

    def write_checkin(self, day: date, kind: _DayKind, phase: _Phase, load: float) -> None:
        """Most days, some skipped; strain shows as lower mood, more stress, less sleep."""
        rng = self.rng
        if rng.random() < (0.12 if kind == "work" else 0.2):
            return
        worked: float
        breaks: int | None
        if kind == "work":
            worked = _half_hours(rng.gauss(7.6 + 2.4 * load, 0.6), 4, 13)
            breaks = rng.choices((0, 1, 2, 3), (0.08 + 0.6 * load, 0.35, 0.4 - 0.3 * load, 0.17))[0]
        elif kind == "shift":
            worked, breaks = _half_hours(rng.uniform(4, 7), 4, 7), rng.choice((0, 1))
        else:
            worked, breaks = 0, None
        self_care: tuple[str, ...] = ()
        if rng.random() < 0.85 - 0.5 * load:
            self_care = tuple(rng.sample(_SELF_CARE, rng.choice((1, 1, 2))))
        note = ""
        if rng.random() < 0.3:
            note = rng.choice(_CHECKIN_NOTES[phase] if kind != "off" else _DAY_OFF_NOTES)
        sleep = _half_hours(rng.gauss(7.3 - 1.8 * load, 0.7), 3, 10)
        record = Checkin(
            date=day,
            mood=_scale(rng.gauss(3.7 - 1.6 * load, 0.7)),
            energy=_scale(rng.gauss(3.5 - 1.4 * load, 0.7)),
            stress=_scale(rng.gauss(2.3 + 2 * load + (0.3 if kind != "off" else -0.5), 0.7)),
            sleep=None if rng.random() < 0.05 else sleep,
            worked=worked,
            breaks=breaks,
            self_care=self_care,
            note=note,
            id=self.new_id(),
        )
        self.documents.append(record.to_document())

    def write_reflection(self, day: date, kind: _DayKind, phase: _Phase) -> None:
        rng = self.rng
        pool = _EVERYDAY_REFLECTIONS
        if phase == "rough" and rng.random() < 0.7:
            pool = _ROUGH_REFLECTIONS
        elif phase == "recovery" and rng.random() < 0.6:
            pool = _RECOVERY_REFLECTIONS
        fitting = [template for template in pool if kind == "work" or not template.workday]
        fresh = [template for template in fitting if template not in self.recent_reflections]
        template = rng.choice(fresh or fitting)
        self.recent_reflections = [*self.recent_reflections[-7:], template]
        if kind != "work":
            at = self.moment(day, 9 * 60 + 30, 21 * 60 + 30)
        elif rng.random() < 0.8:
            at = self.moment(day, 19 * 60, 22 * 60 + 30)
        else:
            at = self.moment(day, 12 * 60 + 15, 13 * 60)
        text = template.text.format(
            alias=self.pick_client().alias, weekday=_WEEKDAY_NAMES[day.weekday()]
        )
        record = Reflection(
            at=at,
            text=text,
            tags=template.tags,
            discuss=template.discuss or rng.random() < 0.05,
            id=self.new_id(),
        )
        self.documents.append(record.to_document())


# Calm, common words, easy to read off the screen and type back: the demo's passphrase.
_PASSPHRASE_WORDS = (
    "calm",
    "river",
    "notebook",
    "garden",
    "harbour",
    "lantern",
    "meadow",
    "pebble",
    "willow",
    "kettle",
    "orchard",
    "sparrow",
    "candle",
    "valley",
    "blanket",
    "compass",
    "maple",
    "island",
    "teacup",
    "ribbon",
    "cloud",
    "forest",
    "window",
    "morning",
    "bridge",
    "pillow",
    "quiet",
    "sunlit",
    "harvest",
    "fern",
    "shore",
    "breeze",
)


def demo_passphrase(words: int = 4) -> str:
    """A fresh random passphrase of lower-case words joined by dashes, shown on screen:
    the demo vault is throwaway, and a visitor should not have to invent one."""
    import secrets

    return "-".join(secrets.choice(_PASSPHRASE_WORDS) for _ in range(words))


def demo_documents(now: datetime, days: int = DEMO_DAYS) -> list[dict[str, Any]]:
    """`days` of journal ending today, with nothing later than `now`'s minute (a demo that
    shows an interaction at 23:00 at ten in the morning would look broken); follow-ups,
    which are meant to lie ahead, stay."""
    moment = now.replace(second=0, microsecond=0).isoformat(timespec="minutes")
    return [
        document
        for document in generate_journal(days, now.date())
        if not isinstance(document.get("at"), str) or document["at"] <= moment
    ]
