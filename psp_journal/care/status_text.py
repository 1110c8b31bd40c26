"""The strain assessment in plain, kind words: what was noticed, and the person's own plan.

Never a label and never "you should": observations with their numbers, then (at step
back) the steps and people the person chose themselves. Crisis lines are listed, right
after what stood out, only on a strong signal; otherwise one line says where they are.
Every sentence goes through `_()` as the text is made (the constants below are marked
with `N_()` and translated where they are used), so it follows the person's language.
"""

from __future__ import annotations

from psp_journal.care.crisis_lines import lines_for
from psp_journal.care.strain import STEADY, STEP_BACK, WATCH, Assessment
from psp_journal.i18n import N_, _
from psp_journal.models import WellnessPlan

HEADLINES = {
    STEADY: N_("Steady. Nothing in your recent entries stands out."),
    WATCH: N_("Worth keeping an eye on. A few things stood out in your recent entries:"),
    STEP_BACK: N_("It may be a good moment to step back for a while. This is what stood out:"),
}
CRISIS_LINES_WHERE = N_(
    "If it ever feels like too much, crisis lines are in your wellness plan, and they are "
    "shown here whenever something serious stands out."
)
NO_PLAN_YET = N_(
    "You haven't written down your own step-back actions yet. When you have a calm "
    "moment, adding them to your wellness plan means they are here when you need them."
)


def describe_assessment(assessment: Assessment, plan: WellnessPlan, country: str) -> str:
    """What stood out comes first, each thing once, so the crisis lines that follow on a
    strong signal read as an answer to it rather than an alarm out of nowhere."""
    lines = [
        _("As of {date:%A %d %B %Y}:").format(date=assessment.as_of),
        _(HEADLINES[assessment.level]),
    ]
    lines += [f"  - {result.detail}" for result in assessment.active]
    if assessment.strong_signal:
        lines += ["", *crisis_lines_text(plan, country)]
    if assessment.level == STEP_BACK:
        lines.append("")
        lines += own_plan_text(plan)
    if assessment.level != STEADY and not assessment.strong_signal:
        lines += ["", _(CRISIS_LINES_WHERE)]
    return "\n".join(lines)


def own_plan_text(plan: WellnessPlan) -> list[str]:
    if not plan.step_back_actions and not plan.people:
        return [_(NO_PLAN_YET)]
    lines = []
    if plan.step_back_actions:
        lines.append(_("Your own step-back actions:"))
        lines += [f"  - {action}" for action in plan.step_back_actions]
    if plan.people:
        lines.append(_("People you can reach:"))
        lines += [f"  - {person.name}: {person.how}" for person in plan.people]
    return lines


def crisis_lines_text(plan: WellnessPlan, country: str) -> list[str]:
    found = lines_for(country, plan.crisis_lines)
    lines = [_("If things feel like too much right now, you don't have to hold it alone:")]
    for line in (*found.shipped, *found.own):
        about = _("{name}: {number} ({purpose})").format(
            name=line.name, number=line.number, purpose=line.purpose
        )
        lines.append(f"  - {about}")
    if found.pointer:
        lines.append(f"  {found.pointer}")
    return lines
