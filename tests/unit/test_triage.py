"""Every triage rule of SPEC §3, at and around its boundary."""

from __future__ import annotations

import io
import json

import pytest

from spotsigns.launcher.cli import build_parser
from spotsigns.report.fields import SIGNS, Report
from spotsigns.report.triage import CONTROL_SIGNS, EMERGENCY_NOW_SIGNS, SEVERE_SIGNS, signals_in_words, triage


def level(**fields: object) -> str:
    messages = fields.pop("messages", ())
    return triage(Report(**fields), messages).urgency  # type: ignore[arg-type]


def test_nothing_known_is_low_and_says_so() -> None:
    result = triage(Report())
    assert result.urgency == "low"
    assert result.reasons == ("no_rule_fired",)


# --- emergency --------------------------------------------------------------------------------
def test_immediate_danger_yes_is_emergency() -> None:
    result = triage(Report(immediate_danger="yes"))
    assert result.urgency == "emergency"
    assert "immediate_danger" in result.reasons


@pytest.mark.parametrize("answer", ["no", "unsure", None])
def test_immediate_danger_other_answers_alone_are_not_emergency(answer: str | None) -> None:
    assert level(immediate_danger=answer) == "low"


@pytest.mark.parametrize("answer", ["unsure", None])
def test_danger_in_the_description_is_emergency_unless_a_confident_no(answer: str | None) -> None:
    result = triage(Report(immediate_danger=answer, description="They are beating him in the yard"))
    assert result.urgency == "emergency"
    assert "danger_described:violence" in result.reasons


def test_danger_in_the_description_after_a_confident_no_is_not_emergency() -> None:
    assert level(immediate_danger="no", description="They are beating him in the yard") == "low"


def test_danger_in_any_message_counts() -> None:
    result = triage(Report(setting="house"), messages=["hello", "someone is locked in the shed"])
    assert result.urgency == "emergency"
    assert "danger_described:locked_in" in result.reasons


def test_button_payloads_are_not_the_reporters_words() -> None:
    assert level(messages=['/inform{"setting": "house"}', "/affirm"]) == "low"


@pytest.mark.parametrize("sign", EMERGENCY_NOW_SIGNS)
def test_severe_sign_seen_now_is_emergency(sign: str) -> None:
    result = triage(Report(signs=(sign,), when_seen="now"))
    assert result.urgency == "emergency"
    assert f"severe_sign_now:{sign}" in result.reasons


@pytest.mark.parametrize("when", ["today", "this_week", "earlier", None])
@pytest.mark.parametrize("sign", EMERGENCY_NOW_SIGNS)
def test_severe_sign_not_now_is_high_not_emergency(sign: str, when: str | None) -> None:
    assert level(signs=(sign,), when_seen=when) == "high"


def test_appears_under_18_now_is_high_not_emergency() -> None:
    # Not one of the three signs that make "now" an emergency (SPEC §3).
    assert level(signs=("appears_under_18",), when_seen="now") == "high"


def test_emergency_keeps_the_lower_level_reasons_too() -> None:
    result = triage(Report(immediate_danger="yes", children_involved="yes", signs=("owes_debt", "no_id_documents")))
    assert result.urgency == "emergency"
    assert result.reasons[0] == "immediate_danger"
    assert "children_involved" in result.reasons
    assert "control_signs:no_id_documents+owes_debt" in result.reasons
    assert "two_or_more_signs:2" in result.reasons


# --- high -------------------------------------------------------------------------------------
def test_children_involved_yes_is_high() -> None:
    result = triage(Report(children_involved="yes"))
    assert (result.urgency, result.reasons) == ("high", ("children_involved",))


@pytest.mark.parametrize("answer", ["no", "unsure"])
def test_children_not_yes_is_not_high(answer: str) -> None:
    assert level(children_involved=answer) == "low"


def test_reporter_is_victim_is_high() -> None:
    assert triage(Report(reporter_is_victim=True)).reasons == ("reporter_is_victim",)


def test_sexual_exploitation_setting_is_high() -> None:
    assert triage(Report(setting="sexual_exploitation")).reasons == ("sexual_exploitation",)


@pytest.mark.parametrize("setting", ["car_wash", "nail_bar", "house", "other"])
def test_other_settings_alone_are_low(setting: str) -> None:
    assert level(setting=setting) == "low"


@pytest.mark.parametrize("sign", SEVERE_SIGNS)
def test_one_severe_sign_is_high(sign: str) -> None:
    result = triage(Report(signs=(sign,)))
    assert (result.urgency, result.reasons) == ("high", (f"severe_sign:{sign}",))


def test_two_control_signs_are_high() -> None:
    result = triage(Report(signs=("controlled_by_others", "cannot_speak_freely")))
    assert result.urgency == "high"
    assert "control_signs:controlled_by_others+cannot_speak_freely" in result.reasons


@pytest.mark.parametrize("sign", CONTROL_SIGNS)
def test_one_control_sign_is_low(sign: str) -> None:
    assert level(signs=(sign,)) == "low"


def test_one_control_sign_and_one_other_sign_is_medium_not_high() -> None:
    assert level(signs=("owes_debt", "long_hours")) == "medium"


# --- medium and low ---------------------------------------------------------------------------
def test_two_ordinary_signs_are_medium() -> None:
    result = triage(Report(signs=("long_hours", "windows_covered")))
    assert (result.urgency, result.reasons) == ("medium", ("two_or_more_signs:2",))


@pytest.mark.parametrize("sign", [s for s in SIGNS if s not in SEVERE_SIGNS])
def test_one_ordinary_sign_is_low(sign: str) -> None:
    assert level(signs=(sign,)) == "low"


def test_many_signs_counted() -> None:
    ordinary = ("long_hours", "windows_covered", "living_on_site", "cash_only_or_very_cheap")
    assert triage(Report(signs=ordinary)).reasons == ("two_or_more_signs:4",)


def test_harmless_description_stays_low() -> None:
    assert level(description="Nobody seemed hurt, they just looked tired.") == "low"


def test_result_is_json_friendly() -> None:
    assert triage(Report(children_involved="yes")).as_dict() == {"urgency": "high", "reasons": ["children_involved"]}


# --- the learned signal (issue 9) ---------------------------------------------------------------
EVERYDAY_WORDS = "the lad on the roof fell and is lying on the ground not moving, they are telling everyone to keep working"


def test_danger_in_words_no_list_names_is_inferred_with_a_reason_of_its_own() -> None:
    result = triage(Report(immediate_danger="unsure", description=EVERYDAY_WORDS))
    assert result.urgency == "emergency"
    inferred = [r for r in result.reasons if r.startswith("danger_inferred:")]
    assert inferred in (["danger_inferred:injured_kept_from_help"], ["danger_inferred:collapse_or_illness"])
    assert signals_in_words(result) == {"learned"}


def test_a_confident_no_silences_the_learned_signal_too() -> None:
    assert triage(Report(immediate_danger="no", description=EVERYDAY_WORDS)).urgency == "low"


def test_signals_in_words_are_empty_when_the_reporter_said_yes() -> None:
    assert signals_in_words(triage(Report(immediate_danger="yes", description=EVERYDAY_WORDS))) == frozenset()


def test_the_command_line_uses_both_signals(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"immediate_danger": "unsure", "location": "Quarry Lane", "description": EVERYDAY_WORDS},
        {"immediate_danger": "unsure", "location": "Quarry Lane", "description": "they are beating him in the yard"},
        {"immediate_danger": "no", "location": "Quarry Lane", "description": EVERYDAY_WORDS},
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(json.dumps(line) + "\n" for line in lines)))
    args = build_parser().parse_args(["triage"])  # not main(): it sets the umask
    assert args.func(args) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["urgency"] for r in results] == ["emergency", "emergency", "low"]
    assert any(r.startswith("danger_inferred:") for r in results[0]["reasons"])
    assert "danger_described:violence" in results[1]["reasons"]


def test_a_plea_in_passing_is_its_own_signal_and_a_short_plea_is_a_cue() -> None:
    from spotsigns.report.triage import danger_in_words

    assert danger_in_words(["help me please"]) == {"cues"}
    in_passing = "buna, am nevoie de ajutor. lucrez la o fabrica si imi iau aproape toti banii, zic ca le datorez"
    assert "plea" in danger_in_words([in_passing]) and "cues" not in danger_in_words([in_passing])
    assert "cues" in danger_in_words(["please help, he is beating her in the kitchen right now"])
