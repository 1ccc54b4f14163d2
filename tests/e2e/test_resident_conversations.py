"""Residents in their own words (issue 10): six sets of scripted conversations written by people
who never saw the bot's data, tests or code, played through the real gateway (web chat, or SMS
through the signed Twilio webhook), Rasa with the trained model and the action server; the
stored tips are scored against what each resident meant.

- `first` (tests/resident_conversations/, 89): read while the conversation was being fixed,
  so its scores are optimistic;
- `second` (tests/resident_conversations_second/, 48): sealed for two commits, then read to
  diagnose what it still missed; optimistic since;
- `third` (tests/resident_conversations_third/, 80): sealed for three measurements, then read
  to diagnose what it still missed; optimistic since;
- `fourth` (tests/resident_conversations_fourth/, 80): sealed for four measurements, then read
  to diagnose what it still missed; optimistic since;
- `fifth` (tests/resident_conversations_fifth/, 80): sealed for two measurements, then read
  to diagnose what it still missed; optimistic since;
- `sealed` (tests/resident_conversations_sealed/, 80): never read; the fair measure.

The issue's bars are asserted on each. The ones this code does not reach yet are declared as
strict expected failures with the measured numbers (they fail the run if they start passing,
so the declaration cannot go stale). The per-field, per-language table is
bench/resident_conversations.py's, in bench/README.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import PUBLIC_BASE_URL, TWILIO_TOKEN, Stack
from tests.resident_script import SETS, Gateway, Outcome, load_set, play_all, scores, transcript_text

URGENCY_BAR = 0.90
SETTING_BAR = 0.90
# Measured on 2026-12-01, fifth round (bench/README.md): not reached yet, and said so.
NOT_YET = {
    ("second", "urgency"): "88 % (35/40): the learned signal reads control as danger and a reporter twice unsure is escalated (2 of 5)",
    ("second", "false_alarms"): "1 of 48: a victim's 'not allowed out alone', seen now, is a severe sign now (SPEC §3) after her No",
    ("fifth", "urgency"): "88 % (63/72): signs said in words no keyword or the sign reader knows, or read where none was meant",
    ("sealed", "urgency"): "83 % (60/72) on the set never read",
    ("sealed", "false_alarms"): "4 of 80 conversations alerted police after a clear no (why is not read: the set stays sealed)",
    ("sealed", "ended_by_mistake"): "1 of 80 reports ended without a tip though the resident never meant to stop (not read)",
    ("sealed", "deliberate_stops"): "1 of 8 residents who meant to stop was not understood (not read)",
}


def _declared(set_name: str, check: str) -> list[pytest.MarkDecorator]:
    reason = NOT_YET.get((set_name, check))
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


@pytest.fixture(scope="module")
def played(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Outcome]]:
    gateway = Gateway(stack.url, stack.app_db, stack.settings.pseudonym_key, TWILIO_TOKEN, PUBLIC_BASE_URL)
    outcomes = {name: play_all(gateway, load_set(directory)) for name, directory in SETS.items()}
    transcripts: Path = tmp_path_factory.mktemp("residents") / "transcripts.md"
    transcripts.write_text("\n\n".join(transcript_text(o) for group in outcomes.values() for o in group), encoding="utf-8")
    print(f"resident transcripts: {transcripts}")
    return outcomes


def _failing(outcomes: list[Outcome], check: str) -> str:
    return "\n\n".join(transcript_text(o) for o in outcomes if getattr(o, check))


@pytest.mark.parametrize("set_name", SETS)
def test_the_set_has_every_language_and_both_channels(set_name: str) -> None:
    conversations = load_set(SETS[set_name])
    assert len(conversations) >= (40 if set_name == "second" else 80)
    assert {c.language for c in conversations} == {"en", "pl", "ro", "sq", "vi", "lt", "ar", "ur"}
    assert {c.channel for c in conversations} == {"web", "sms"}


@pytest.mark.parametrize("set_name", [pytest.param(name, marks=_declared(name, "false_alarms")) for name in SETS])
def test_no_police_alarm_where_the_resident_said_no_danger_and_described_none(played: dict[str, list[Outcome]], set_name: str) -> None:
    outcomes = played[set_name]
    assert not any(o.false_alarm for o in outcomes), _failing(outcomes, "false_alarm")


@pytest.mark.parametrize("set_name", [pytest.param(name, marks=_declared(name, "ended_by_mistake")) for name in SETS])
def test_no_report_ends_but_by_a_deliberate_stop(played: dict[str, list[Outcome]], set_name: str) -> None:
    outcomes = played[set_name]
    assert not any(o.ended_by_mistake for o in outcomes), _failing(outcomes, "ended_by_mistake")


@pytest.mark.parametrize("set_name", [pytest.param(name, marks=_declared(name, "deliberate_stops")) for name in SETS])
def test_a_deliberate_stop_stops(played: dict[str, list[Outcome]], set_name: str) -> None:
    not_stopped = [o for o in played[set_name] if o.conversation.expected.get("stopped") and not o.played.stopped]
    assert not not_stopped, "\n\n".join(transcript_text(o) for o in not_stopped)


@pytest.mark.parametrize(
    ("set_name", "field", "bar"),
    [
        pytest.param(name, field, bar, marks=_declared(name, field))
        for name in SETS
        for field, bar in (("urgency", URGENCY_BAR), ("setting", SETTING_BAR))
    ],
)
def test_urgency_and_setting_are_what_the_residents_meant(played: dict[str, list[Outcome]], set_name: str, field: str, bar: float) -> None:
    right, scored = scores(played[set_name])["all"][field]
    assert right / scored >= bar, f"{field}: {right}/{scored}"
