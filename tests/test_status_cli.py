"""`psp-journal status` end to end: the JSON contract (all 16 indicators), the level, the
kind text with the active details, crisis lines up front only on a strong signal, and the
refusals: an as-of day in the future, and thresholds that make no sense.

The CLI's clock is the real one, so every date is computed from today; the assessment is
taken as of two days ago, so that records dated after it can be written too.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import RunCli

TODAY = date.today()
AS_OF = TODAY - timedelta(days=2)
IDS = (
    "low-mood",
    "high-stress",
    "short-sleep",
    "long-hours",
    "no-day-off",
    "skipped-breaks",
    "critical-exposure",
    "intensity-load",
    "close-to-home",
    "disclosure-load",
    "after-hours",
    "boundary-pressure",
    "no-self-care",
    "quiet",
    "isolation",
    "supervision-gap",
)
FORBIDDEN_WORDS = ("burnout", "burn-out", "depressed", "you should", "disorder", "diagnos")


def day(back: int) -> str:
    """The day `back` days before the as-of day (negative: after it, up to today)."""
    return (AS_OF - timedelta(days=back)).isoformat()


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def cli(recovery_key: str, run_cli: RunCli) -> RunCli:
    """A fresh cheap-KDF journal with one client."""
    ok(run_cli("client", "add", "M-17"))
    return run_cli


def checkin(run: RunCli, back: int, *options: str) -> None:
    ok(
        run(
            "checkin",
            "--mood",
            "4",
            "--energy",
            "3",
            "--stress",
            "2",
            *options,
            "--date",
            day(back),
        )
    )


def log(run: RunCli, back: int, *options: str, clock: str = "10:00") -> None:
    at = f"{day(back)}T{clock}"
    ok(run("log", "M-17", "--minutes", "30", "--mode", "phone", *options, "--at", at))


def status_json(run: RunCli, as_of: str = AS_OF.isoformat()) -> dict[str, Any]:
    document = json.loads(ok(run("status", "--json", "--as-of", as_of)).stdout)
    assert isinstance(document, dict)
    return document


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for entry in document["indicators"]}


def active(document: dict[str, Any]) -> set[str]:
    return {entry["id"] for entry in document["indicators"] if entry["active"]}


def status_text(run: RunCli) -> str:
    return ok(run("status", "--as-of", AS_OF.isoformat())).stdout


def home_bytes(home: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(home)): path.read_bytes()
        for path in sorted(home.rglob("*"))
        if path.is_file()
    }


def assert_kind(text: str) -> None:
    assert [word for word in FORBIDDEN_WORDS if word in text.lower()] == [], text


# --- the JSON contract ------------------------------------------------------------------------


def test_an_empty_journal_is_steady_with_all_16_indicators(cli: RunCli) -> None:
    document = status_json(cli)
    assert list(document) == ["as_of", "level", "score", "indicators"]
    assert document["as_of"] == AS_OF.isoformat()
    assert (document["level"], document["score"]) == ("steady", 0)
    assert [entry["id"] for entry in document["indicators"]] == list(IDS)
    for entry in document["indicators"]:
        assert list(entry) == ["id", "active", "value", "threshold", "detail"]
        assert entry["active"] is False
        assert isinstance(entry["detail"], str) and entry["detail"]
    text = status_text(cli)
    assert "Steady" in text
    assert "9-8-8" not in text


def test_status_without_as_of_is_today(cli: RunCli) -> None:
    document = json.loads(ok(cli("status", "--json")).stdout)
    assert document["as_of"] == TODAY.isoformat()
    assert len(document["indicators"]) == 16


# --- levels and the text ----------------------------------------------------------------------


def test_watch_shows_the_active_details_and_where_crisis_lines_are(cli: RunCli) -> None:
    ok(cli("settings", "set", "country", "CA"))
    for back in range(4):
        checkin(cli, back, "--stress", "5", "--self-care", "walk")
    document = status_json(cli)
    assert document["level"] == "watch"
    assert active(document) == {"high-stress"}
    assert document["score"] == 10
    stress = by_id(document)["high-stress"]
    assert (stress["value"], stress["threshold"]) == (4, 4)
    text = status_text(cli)
    assert stress["detail"] in text
    for entry in document["indicators"]:
        if not entry["active"]:
            assert f"- {entry['detail']}" not in text
    assert "9-8-8" not in text  # no strong signal: the lines are not listed…
    assert "crisis lines are in your wellness plan" in text  # …but one line says where
    assert_kind(text)


def test_step_back_without_a_strong_signal_lists_no_crisis_lines(cli: RunCli) -> None:
    ok(cli("settings", "set", "country", "CA"))
    for back in range(4):
        checkin(cli, back, "--stress", "5", "--sleep", "4")
    document = status_json(cli)
    assert active(document) == {"high-stress", "short-sleep", "no-self-care"}
    assert (document["level"], document["score"]) == ("step-back", 25)
    text = status_text(cli)
    for entry in document["indicators"]:
        if entry["active"]:
            assert entry["detail"] in text
    assert "9-8-8" not in text
    assert "crisis lines are in your wellness plan" in text
    assert_kind(text)


def test_a_death_puts_crisis_lines_up_front(cli: RunCli) -> None:
    ok(cli("settings", "set", "country", "CA"))
    checkin(cli, 0, "--self-care", "walk")
    log(cli, 1, "--intensity", "4", "--tag", "death")
    document = status_json(cli)
    exposure = by_id(document)["critical-exposure"]
    assert exposure["active"] is True
    assert exposure["value"] == 1
    assert document["level"] == "step-back"
    assert document["score"] >= 60
    text = status_text(cli)
    assert "9-8-8" in text
    assert text.index(exposure["detail"]) < text.index("9-8-8")  # after what stood out
    assert "crisis lines are in your wellness plan" not in text
    assert_kind(text)


STRONG_SIGNAL_OPENING = """\
As of {as_of:%A %d %B %Y}:
It may be a good moment to step back for a while. This is what stood out:
  - 1 interaction in the last 7 days touched death

If things feel like too much right now, you don't have to hold it alone:
"""
NO_PLAN_YET = """
You haven't written down your own step-back actions yet. When you have a calm moment, \
adding them to your wellness plan means they are here when you need them.
"""
LINES_BY_COUNTRY = {
    "": (
        "  If you are in Canada or Norway, set your country in settings to see lines we have "
        "checked for you. An international directory of helplines, such as "
        "findahelpline.com, can help you find lines where you are. Add the ones you choose "
        "to your wellness plan.\n"
    ),
    "NO": (
        "  - Mental Helse hjelpetelefonen: 116 123 (Someone to talk to when things are hard; "
        "any time)\n"
        "  - Kirkens SOS: 22 40 00 40 (A crisis line for anyone who needs to talk; any time)\n"
        "  - Medical emergency: 113 (When a life is in danger right now)\n"
        "  - Legevakt (out-of-hours doctor): 116 117 (Urgent help from a doctor when your own "
        "doctor is closed)\n"
    ),
}


@pytest.mark.parametrize("country", ["", "NO"], ids=["no-country", "norway"])
def test_a_strong_signal_says_what_stood_out_once_then_the_lines(cli: RunCli, country: str) -> None:
    """The whole text, as a snapshot: what stood out in one sentence, then the lines (or
    where to find some), then the person's own plan."""
    if country:
        ok(cli("settings", "set", "country", country))
    checkin(cli, 0, "--self-care", "walk")
    log(cli, 1, "--intensity", "4", "--tag", "death")
    expected = STRONG_SIGNAL_OPENING.format(as_of=AS_OF) + LINES_BY_COUNTRY[country] + NO_PLAN_YET
    assert status_text(cli) == expected


def test_low_mood_with_critical_exposure_is_step_back(cli: RunCli) -> None:
    for back in range(3):
        checkin(cli, back, "--mood", "1", "--self-care", "walk")
    log(cli, 0, "--intensity", "4", "--tag", "crisis")
    log(cli, 1, "--intensity", "4", "--tag", "overdose")
    document = status_json(cli)
    assert {"low-mood", "critical-exposure"} <= active(document)
    assert document["level"] == "step-back"
    assert document["score"] >= 60


# --- the window through the CLI ---------------------------------------------------------------


def test_window_edges_through_the_cli(cli: RunCli) -> None:
    for back in (6, 5, 4):  # the first day of the 7-day window, and two more
        checkin(cli, back, "--stress", "5", "--self-care", "walk")
    checkin(cli, 7, "--stress", "5", "--self-care", "walk")  # the day before it
    checkin(cli, -1, "--stress", "5", "--self-care", "walk")  # after the as-of day
    stress = by_id(status_json(cli))["high-stress"]
    assert (stress["active"], stress["value"]) == (False, 3)
    checkin(cli, 0, "--stress", "5", "--self-care", "walk")  # the as-of day itself
    stress = by_id(status_json(cli))["high-stress"]
    assert (stress["active"], stress["value"]) == (True, 4)


def test_unknown_values_count_for_nothing_through_the_cli(cli: RunCli) -> None:
    for back in range(5):
        checkin(cli, back, "--self-care", "walk")  # sleep, worked, breaks left out
    indicators = by_id(status_json(cli))
    assert indicators["short-sleep"]["value"] == 0
    assert indicators["long-hours"]["value"] == 0
    assert indicators["no-day-off"]["value"] == 0
    assert indicators["skipped-breaks"]["value"] == 0


def test_supervision_long_ago_is_a_gap(cli: RunCli) -> None:
    ok(cli("support", "--kind", "supervision", "--at", f"{day(40)}T10:00"))
    gap = by_id(status_json(cli))["supervision-gap"]
    assert (gap["active"], gap["value"], gap["threshold"]) == (True, 40, 30)
    ok(cli("support", "--kind", "supervision", "--at", f"{day(29)}T10:00"))
    assert by_id(status_json(cli))["supervision-gap"]["active"] is False


# --- tuning and refusals ----------------------------------------------------------------------


def test_a_tuned_threshold_changes_the_outcome(cli: RunCli) -> None:
    for back in range(3):
        checkin(cli, back, "--stress", "4", "--self-care", "walk")
    assert status_json(cli)["level"] == "steady"
    ok(cli("settings", "set", "thresholds.high-stress.count", "3"))
    document = status_json(cli)
    assert document["level"] == "watch"
    assert by_id(document)["high-stress"]["threshold"] == 3


def test_a_longer_tuned_window_reaches_its_first_day(cli: RunCli) -> None:
    """The journal hands the engine every record of the longest window, as tuned."""
    ok(cli("settings", "set", "thresholds.close-to-home.window", "60"))
    for back in (59, 58, 57):
        log(cli, back, "--intensity", "2", "--close-to-home")
    close = by_id(status_json(cli))["close-to-home"]
    assert (close["active"], close["value"]) == (True, 3)
    assert "60 days" in close["detail"]


def test_status_as_of_in_the_future_is_refused(cli: RunCli) -> None:
    result = cli("status", "--json", "--as-of", (TODAY + timedelta(days=1)).isoformat())
    assert result.exit_code == 2, result.output
    assert "--as-of" in result.output
    assert result.stdout == ""


def test_status_as_of_not_a_date_is_refused(cli: RunCli) -> None:
    result = cli("status", "--as-of", "yesterday-ish")
    assert result.exit_code == 2, result.output
    assert "--as-of" in result.output


@pytest.mark.parametrize(
    ("key", "value", "default"),
    [
        ("thresholds.high-stress.count", "-1", 4),
        ("thresholds.quiet.window", "0", 4),
        ("thresholds.low-mood.weight", "101", 15),
        ("thresholds.low-mood.count", "6", 3),
    ],
)
def test_invalid_thresholds_are_refused_and_nothing_changes(
    cli: RunCli, home: Path, key: str, value: str, default: int
) -> None:
    before = home_bytes(home)
    result = cli("settings", "set", key, value)
    assert result.exit_code == 2, result.output
    assert key in result.output
    assert home_bytes(home) == before
    shown = json.loads(ok(cli("settings", "get", key, "--json")).stdout)
    assert shown == {"key": key, "value": default}
