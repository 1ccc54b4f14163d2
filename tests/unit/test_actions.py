"""The action server's logic, run directly with rasa-sdk trackers (no Rasa server): answer
parsing, the order of questions, corrections, kept free text and the emergency safety check
writing to a real (temporary) tip store."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.conversation import HELPER_SLOTS
from actions.report_form import ValidateReportForm
from spotsigns.config import Settings, current_settings
from spotsigns.report.fields import Report
from spotsigns.report.triage import signals_in_words, triage
from spotsigns.storage import store
from spotsigns.storage.db import migrate

DOMAIN_SLOTS = [
    "immediate_danger", "reporter_is_victim", "setting", "location", "when_seen", "children_involved",
    "signs", "people_count", "description", "contact_ok", "contact", "language",
]  # fmt: skip
DOMAIN: dict[str, Any] = {"forms": {"report_form": {"required_slots": DOMAIN_SLOTS}}, "slots": {s: {} for s in DOMAIN_SLOTS}}


@pytest.fixture(autouse=True)
def temporary_tip_store(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key in ("SPOTSIGNS_VAR_DIR", "DATABASE_URL", "SPOTSIGNS_ENV_FILE"):
        monkeypatch.setenv(key, settings.env[key])
    migrate(settings)
    store.default_tip_store.cache_clear()
    current_settings.cache_clear()
    yield
    store.default_tip_store.cache_clear()
    current_settings.cache_clear()


def tracker(
    requested: str | None, text: str, intent: str, slots: dict[str, Any] | None = None, entities: list | None = None, sender: str = ""
) -> Tracker:
    all_slots = {s: None for s in [*DOMAIN_SLOTS, *HELPER_SLOTS]}
    all_slots.update({"language": "en", "requested_slot": requested, **(slots or {})})
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": entities or [],
        "metadata": {"channel": "web_chat"},
    }
    events = [{"event": "user", "text": text, "parse_data": message}, {"event": "action", "name": "report_form"}]
    return Tracker(
        sender or f"p-test-{uuid.uuid4().hex[:12]}", all_slots, message, events, False, None, {"name": "report_form"}, "action_listen"
    )


async def run_form(t: Tracker) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateReportForm().run(dispatcher, t, DOMAIN)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return slots, [m.get("response") for m in dispatcher.messages]


# --- parsing ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("about 6", 6),
        ("3 men and a boy", 4),
        ("5-6", 6),
        ("between 10 and 12", 22 - 10),
        ("just one woman", 1),
        ("a dozen", 12),
        ("no idea", None),
        ("loads", None),
    ],
)
def test_people_count(text: str, count: int | None) -> None:
    assert parsing.people_count_from(text) == count


@pytest.mark.parametrize(
    ("text", "when"),
    [("right now", "now"), ("this morning", "today"), ("yesterday", "this_week"), ("last month", "earlier"), ("dunno", None)],
)
def test_when_seen_in_words(text: str, when: str | None) -> None:
    assert parsing.when_seen_from({"entities": []}, text) == when


@pytest.mark.parametrize(
    ("text", "address"),
    [("at the car wash on 12 Mill Road right now", "12 Mill Road"), ("near LS6 2AB", "LS6 2AB"), ("he has a knife", None)],
)
def test_address_in(text: str, address: str | None) -> None:
    assert parsing.address_in(text) == address


# --- the order of questions ---------------------------------------------------------------------
async def order(slots: dict[str, Any]) -> list[str]:
    t = tracker(None, "", "inform", slots)
    return await ValidateReportForm().required_slots(DOMAIN_SLOTS, CollectingDispatcher(), t, DOMAIN)


async def test_question_order() -> None:
    assert await order({}) == [*DOMAIN_SLOTS, "report_confirmed"]
    assert (await order({"emergency": True}))[0] == "location"
    assert "contact" not in await order({"contact_ok": False})
    ordered = await order({"signs": ["long_hours"]})
    assert ordered[ordered.index("signs") + 1] == "signs_done"
    assert (await order({"correcting": True}))[0] == "field_to_correct"


# --- answers ------------------------------------------------------------------------------------
async def test_a_button_answer_is_taken() -> None:
    slots, _ = await run_form(tracker("children_involved", "/unsure", "unsure"))
    assert slots["children_involved"] == "unsure"


async def test_words_instead_of_a_choice_are_kept_as_notes() -> None:
    slots, responses = await run_form(tracker("reporter_is_victim", "the workers look exhausted", "inform"))
    assert slots["reporter_is_victim"] is None
    assert slots["notes"] == ["the workers look exhausted"]
    assert responses == ["utter_noted_free_text"]


async def victim_support_numbers(t: Tracker) -> list[str]:
    dispatcher = CollectingDispatcher()
    await ValidateReportForm().run(dispatcher, t, DOMAIN)
    return [m["helpline"] for m in dispatcher.messages if m.get("response") == "utter_victim_support"]


async def test_a_victim_is_offered_the_configured_helpline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    helplines = tmp_path / "helplines.yml"
    monkeypatch.setenv("HELPLINES_FILE", str(helplines))
    helplines.write_text(
        "helplines:\n"
        '  - {key: emergency, name: Police, number: "999"}\n'
        '  - {key: crimestoppers, name: Crimestoppers, number: "0800 000 002"}\n'
        '  - {key: modern_slavery_helpline, name: Helpline, number: "0800 000 001"}\n',
        encoding="utf-8",
    )
    current_settings.cache_clear()
    assert await victim_support_numbers(tracker("reporter_is_victim", "/affirm", "affirm")) == ["0800 000 001"]
    assert await victim_support_numbers(tracker("reporter_is_victim", "/deny", "deny")) == []


async def test_a_question_about_the_service_is_not_an_answer() -> None:
    slots, _ = await run_form(tracker("location", "is this anonymous?", "ask_anonymity"))
    slots.pop("requested_slot")
    assert slots == {}  # nothing extracted: Rasa rejects the form and the FAQ rule answers


async def test_a_place_the_nlu_took_for_a_question_is_still_an_answer() -> None:
    slots, _ = await run_form(tracker("location", "the hotel by the ring road", "ask_helpline"))
    assert slots["location"] == "the hotel by the ring road"


async def test_signs_then_anything_else() -> None:
    slots, _ = await run_form(tracker("signs", "they had no gloves and looked scared", "inform", {"setting": "car_wash"}))
    assert slots["signs"] == ["no_protective_gear", "fearful_or_withdrawn"]
    entity = [{"entity": "sign", "value": "living_on_site"}]
    slots, _ = await run_form(
        tracker("signs_done", '/inform{"sign": "living_on_site"}', "inform", {"signs": ["no_protective_gear"]}, entity)
    )
    assert slots["signs"] == ["no_protective_gear", "living_on_site"]
    assert slots["signs_done"] is None
    slots, _ = await run_form(tracker("signs_done", "/deny", "deny", {"signs": ["no_protective_gear"]}))
    assert slots["signs_done"] is True


async def test_changing_an_answer_clears_it_and_asks_again() -> None:
    entity = [{"entity": "field", "value": "location"}]
    answered = {
        "immediate_danger": "no", "reporter_is_victim": False, "setting": "farm", "location": "Mill Rd", "when_seen": "today",
        "children_involved": "no", "signs": [], "people_count": 2, "description": "", "contact_ok": False,
    }  # fmt: skip
    slots, responses = await run_form(tracker("report_confirmed", '/correct{"field": "location"}', "correct", answered, entity))
    assert slots["location"] is None
    assert slots["report_confirmed"] is None
    assert slots["correcting"] is False
    assert "utter_ok_change" in responses
    assert slots["requested_slot"] == "location"


async def test_changing_an_answer_without_naming_it_asks_which() -> None:
    slots, _ = await run_form(tracker("when_seen", "/correct", "correct"))
    assert slots["correcting"] is True
    assert slots["requested_slot"] == "field_to_correct"


# --- the emergency safety check -------------------------------------------------------------------
async def test_emergency_mid_form_escalates_at_once_when_the_place_is_known() -> None:
    t = tracker("signs", "a man is hitting one of the workers right now", "emergency", {"location": "12 Mill Road", "setting": "car_wash"})
    slots, responses = await run_form(t)
    assert slots["immediate_danger"] == "yes"
    assert slots["emergency"] is True
    # The words typed at the signs question are the sign and are kept; then the 999 advice and the escalation.
    assert "threats_or_violence" in slots["signs"] and slots["notes"] == ["a man is hitting one of the workers right now"]
    assert responses == ["utter_emergency_999", "utter_emergency_escalated"]
    tip = store.default_tip_store().get(slots["tip_reference"])
    assert (tip.urgency, tip.location, tip.reporter_pseudonym, tip.is_complete) == ("emergency", "12 Mill Road", t.sender_id, False)
    assert [m.kind for m in store.default_tip_store().outbox_for(tip.reference)] == ["police_escalation"]


async def test_emergency_without_a_place_asks_where_first() -> None:
    slots, responses = await run_form(tracker("setting", "help me please", "emergency"))
    assert slots["emergency"] is True
    assert "tip_reference" not in slots
    assert "utter_emergency_999" in responses
    assert slots["requested_slot"] == "location"


async def test_danger_words_in_a_description_raise_an_emergency_unless_danger_was_denied() -> None:
    # Both signals (cue lists and learned model) read danger here: no question first.
    words = "they are beating one of the workers in the yard right now and he is bleeding"
    slots, responses = await run_form(tracker("description", words, "inform", {"location": "Farm Lane", "immediate_danger": "unsure"}))
    assert slots.get("emergency") is True
    assert "utter_emergency_escalated" in responses
    slots, responses = await run_form(tracker("description", words, "inform", {"location": "Farm Lane", "immediate_danger": "no"}))
    assert "emergency" not in slots
    assert "utter_emergency_999" not in responses


async def test_a_cue_the_learned_signal_does_not_share_asks_the_unsure_reporter_first() -> None:
    slots, responses = await run_form(
        tracker("description", "one of them is bleeding badly", "inform", {"location": "Farm Lane", "immediate_danger": "unsure"})
    )
    assert "emergency" not in slots and "utter_emergency_999" not in responses
    assert (slots["danger_check_due"], slots["requested_slot"]) == (True, "danger_check")


# --- an unsure answer and worrying words: one concrete question (issue 9) --------------------------
# Said in words no cue list names; the learned signal reads danger in it, the lists do not.
EVERYDAY_WORDS_EMERGENCY = "the lad on the roof fell and is lying on the ground not moving, they are telling everyone to keep working"


def test_the_example_is_read_by_the_learned_signal_alone() -> None:
    result = triage(Report(description=EVERYDAY_WORDS_EMERGENCY, immediate_danger="unsure"))
    assert signals_in_words(result) == {"learned"}, result


async def test_unsure_and_one_signal_asks_once_before_going_on() -> None:
    at_description = {"location": "Farm Lane", "immediate_danger": "unsure"}
    slots, responses = await run_form(tracker("description", EVERYDAY_WORDS_EMERGENCY, "inform", at_description))
    assert "emergency" not in slots and "utter_emergency_999" not in responses
    assert slots["danger_check_due"] is True
    assert slots["requested_slot"] == "danger_check"


@pytest.mark.parametrize(
    ("intent", "emergency", "immediate_danger"), [("affirm", True, "yes"), ("unsure", True, "unsure"), ("deny", None, "no")]
)
async def test_the_answer_to_the_check_decides(intent: str, emergency: bool | None, immediate_danger: str) -> None:
    before = {"location": "Farm Lane", "immediate_danger": "unsure", "danger_check_due": True, "description": EVERYDAY_WORDS_EMERGENCY}
    slots, responses = await run_form(tracker("danger_check", f"/{intent}", intent, before))
    assert slots.get("emergency") is emergency
    assert slots.get("immediate_danger", "unsure") == immediate_danger
    assert ("utter_emergency_999" in responses) is bool(emergency)
    if not emergency:
        assert slots["requested_slot"] not in ("danger_check", "location")


async def test_before_the_danger_question_the_learned_signal_alone_waits_for_it() -> None:
    slots, _ = await run_form(tracker("setting", EVERYDAY_WORDS_EMERGENCY, "inform"))
    assert "emergency" not in slots and "danger_check_due" not in slots
    assert slots["requested_slot"] == "immediate_danger"


# --- an intent guess never overrides an answer on its own (issue 10) -----------------------------
async def test_a_number_at_the_count_is_an_answer_whatever_the_intent() -> None:
    # "three" at the count once got the emergency intent at confidence 1.00, 999 advice and police.
    slots, responses = await run_form(tracker("people_count", "three", "emergency", {"immediate_danger": "no", "location": "Mill Road"}))
    assert slots["people_count"] == 3
    assert "emergency" not in slots and "immediate_danger" not in slots and "danger_check_due" not in slots
    assert not {"utter_emergency_999", "utter_emergency_escalated"} & set(responses)


async def test_an_emergency_guess_against_a_no_asks_instead_of_escalating() -> None:
    words = "a man sits in a car outside watching the door"
    slots, responses = await run_form(tracker("description", words, "emergency", {"immediate_danger": "no", "location": "Mill Road"}))
    assert "emergency" not in slots and "immediate_danger" not in slots
    assert not {"utter_emergency_999", "utter_emergency_escalated"} & set(responses)
    assert (slots["danger_check_due"], slots["requested_slot"]) == (True, "danger_check")


async def test_an_emergency_guess_the_words_agree_with_overrides_a_no() -> None:
    words = "they are stabbing him right now in the yard"
    slots, responses = await run_form(tracker("people_count", words, "emergency", {"immediate_danger": "no", "location": "Mill Road"}))
    assert (slots["immediate_danger"], slots["emergency"]) == ("yes", True)
    assert "utter_emergency_escalated" in responses


async def test_the_emergency_button_always_counts() -> None:
    slots, _ = await run_form(tracker("people_count", "/emergency", "emergency", {"immediate_danger": "no", "location": "Mill Road"}))
    assert (slots["immediate_danger"], slots["emergency"]) == ("yes", True)


# --- one conversation, one tip ----------------------------------------------------------------
async def test_an_emergency_escalated_while_the_form_was_down_becomes_this_reports_tip() -> None:
    from bot.failsafe import EmergencyFailsafe

    sender = f"p-adopt-{uuid.uuid4().hex[:8]}"
    said = "please help, they are beating a boy in the van and he is screaming"
    failsafe = await EmergencyFailsafe(store.default_tip_store()).record("web_chat", sender, said, "en")
    assert failsafe is not None and not failsafe.has_location

    # The action server is back. The gateway asked where it is happening; the next message is the
    # answer, whatever question the form had asked before it failed.
    t = tracker("setting", "Sparkle car wash, 14 Station Road", "inform", {"immediate_danger": "no"}, sender=sender)
    slots, responses = await run_form(t)
    assert slots["tip_reference"] == failsafe.reference and slots["emergency"] is True
    assert slots["immediate_danger"] == "yes"  # police have it as an emergency: the record agrees
    assert slots["notes"] == [said]  # the words the gateway took are kept in the report
    assert slots["location"] == "Sparkle car wash, 14 Station Road"
    assert slots.get("setting") is None  # not taken for the answer to the earlier question
    assert "utter_emergency_escalated" in responses
    tip_store = store.default_tip_store()
    tip = tip_store.get(failsafe.reference)
    assert (tip.location, tip.urgency, tip.immediate_danger) == ("Sparkle car wash, 14 Station Road", "emergency", "yes")
    assert said in (tip.description or "")
    assert [m.kind for m in tip_store.outbox_for(failsafe.reference)] == ["police_escalation", "police_update"]
    with tip_store.sessions() as session:
        from sqlalchemy import func, select

        from spotsigns.storage.models import Tip

        assert session.scalar(select(func.count()).select_from(Tip).where(Tip.reporter_pseudonym == sender)) == 1


async def test_an_emergency_from_an_earlier_stopped_report_is_not_adopted() -> None:
    from bot.failsafe import EmergencyFailsafe

    sender = f"p-old-{uuid.uuid4().hex[:8]}"
    await EmergencyFailsafe(store.default_tip_store()).record("web_chat", sender, "help me they are hitting me", "en")
    t = tracker("setting", "a farm", "inform", {}, [{"entity": "setting", "value": "farm"}], sender=sender)
    t.events.insert(0, {"event": "action", "name": "action_stop_report", "timestamp": 4_102_444_800.0})  # stopped after it (2100)
    slots, _ = await run_form(t)
    assert "tip_reference" not in slots


async def test_details_given_with_the_consent_are_not_asked_for_again() -> None:
    slots, _ = await run_form(tracker("contact_ok", "yes, call me on (contact details provided) after 6", "affirm"))
    assert slots["contact_ok"] is True and slots["contact"] == "provided"
    slots, _ = await run_form(tracker("contact_ok", "on (contact details provided)", "inform"))
    assert slots["contact_ok"] is True


# --- what people type (issue 10) --------------------------------------------------------------
async def test_a_guessed_stop_that_answers_nothing_is_asked_about_first() -> None:
    slots, responses = await run_form(tracker("setting", "it's a scrapyard, none of those really", "stop"))
    assert slots.get("stop_check_due") is True and slots["requested_slot"] == "stop_check"
    assert responses == []  # no "please choose": the form asks "Do you want to stop?" next
    assert "setting" not in slots or slots["setting"] is None


async def test_no_to_the_stop_check_goes_back_to_the_question() -> None:
    slots, _ = await run_form(tracker("stop_check", "/deny", "deny", {"stop_check_due": True}))
    assert slots["stop_check_due"] is False and slots["requested_slot"] == "immediate_danger"


def test_a_clear_stop_and_a_yes_to_the_stop_check_step_aside_for_the_rules() -> None:
    from actions.turn import turn_of

    assert turn_of(tracker("setting", "stop", "stop")).is_meta
    assert turn_of(tracker("stop_check", "yes", "affirm", {"stop_check_due": True})).is_meta
    assert not turn_of(tracker("setting", "wait no, I didn't want to stop!", "stop")).is_meta


async def test_thats_all_typed_ends_the_signs() -> None:
    slots, _ = await run_form(tracker("signs_done", "asta e tot", "inform", {"signs": ["long_hours"], "language": "ro"}))
    assert slots["signs_done"] is True


async def test_no_with_a_reason_answers_a_yes_no_question() -> None:
    slots, _ = await run_form(tracker("reporter_is_victim", "No, I'm just a customer there", "inform", {"immediate_danger": "no"}))
    assert slots["reporter_is_victim"] is False


async def test_an_age_answers_the_under_18_question() -> None:
    done = {"immediate_danger": "no", "reporter_is_victim": False, "setting": "car_wash", "location": "x", "when_seen": "today"}
    slots, _ = await run_form(tracker("children_involved", "one looks about 17", "inform", done))
    assert slots["children_involved"] == "yes"
    slots, _ = await run_form(tracker("children_involved", "no I am 24", "deny", done))
    assert slots["children_involved"] == "no"


async def test_signs_in_the_opening_message_are_kept_to_confirm() -> None:
    slots, _ = await run_form(tracker(None, "I want to report a car wash, they have no gloves and they sleep on site", "report_concern"))
    assert {"no_protective_gear", "living_on_site"} <= set(slots["signs"])


async def test_a_count_corrected_later_changes_the_count_and_says_so() -> None:
    done = {"immediate_danger": "no", "reporter_is_victim": False, "setting": "car_wash", "location": "x", "when_seen": "today",
            "children_involved": "no", "signs": [], "signs_done": True, "people_count": 4}  # fmt: skip
    slots, responses = await run_form(tracker("description", "sorry, it was 6 people not 4", "inform", done))
    assert slots["people_count"] == 6 and "utter_count_changed" in responses
    assert slots.get("description") is None and slots["requested_slot"] == "description"


async def test_an_age_under_18_in_the_description_is_the_sign() -> None:
    done = {"immediate_danger": "no", "reporter_is_victim": False, "setting": "car_wash", "location": "x", "when_seen": "today",
            "children_involved": "unsure", "signs": ["long_hours"], "signs_done": True, "people_count": 4}  # fmt: skip
    slots, _ = await run_form(tracker("description", "one of the boys can't be more than 15 years old", "inform", done))
    assert "appears_under_18" in slots["signs"]


async def test_a_victim_is_asked_in_their_own_terms() -> None:
    from actions.ask import ActionAskWhenSeen

    dispatcher = CollectingDispatcher()
    await ActionAskWhenSeen().run(dispatcher, tracker("when_seen", "x", "inform", {"reporter_is_victim": True}), DOMAIN)
    assert dispatcher.messages[0]["response"] == "utter_ask_when_seen_victim"
    dispatcher = CollectingDispatcher()
    await ActionAskWhenSeen().run(dispatcher, tracker("when_seen", "x", "inform", {"reporter_is_victim": False}), DOMAIN)
    assert dispatcher.messages[0]["response"] == "utter_ask_when_seen"


async def test_a_no_said_first_answers_the_danger_question_whatever_the_intent() -> None:
    slots, responses = await run_form(
        tracker("immediate_danger", "Không, không có ai gặp nguy hiểm ngay bây giờ đâu", "emergency", {"language": "vi"})
    )
    assert slots["immediate_danger"] == "no" and "emergency" not in slots
    assert "utter_emergency_999" not in responses


async def test_a_button_typed_is_read_as_the_button() -> None:
    done = {"immediate_danger": "no", "reporter_is_victim": False, "setting": "car_wash", "location": "x", "when_seen": "today",
            "children_involved": "no", "signs": [], "signs_done": True, "people_count": 4, "description": "d", "contact_ok": False,
            "language": "pl"}  # fmt: skip
    slots, _ = await run_form(tracker("report_confirmed", "Wyślij", "stop", done))
    assert slots["report_confirmed"] is True


async def test_a_house_in_the_opening_is_where_not_what() -> None:
    house = [{"entity": "setting", "value": "house"}]
    slots, _ = await run_form(tracker(None, "I want to report the flat upstairs, something is wrong", "report_concern", entities=house))
    assert slots.get("setting") is None
    both = [*house, {"entity": "setting", "value": "cannabis_or_drugs"}]
    slots, _ = await run_form(tracker(None, "there is a cannabis farm in the flat upstairs", "report_concern", entities=both))
    assert slots["setting"] == "cannabis_or_drugs"


async def test_an_emergency_guess_in_the_opening_waits_for_the_danger_question() -> None:
    slots, responses = await run_form(tracker(None, "hi, muon bao ve cai car wash gan nha", "emergency", {"language": "vi"}))
    assert "emergency" not in slots and "utter_emergency_999" not in responses
    assert slots["requested_slot"] == "immediate_danger"


async def test_a_greeting_with_more_after_it_starts_the_report() -> None:
    from actions.greeting import ActionGreet

    dispatcher = CollectingDispatcher()
    events = await ActionGreet().run(dispatcher, tracker(None, "Pershendetje. Dua te raportoj nje salon thonjsh", "greet"), DOMAIN)
    assert events == [{"event": "followup", "timestamp": None, "name": "report_form"}] and dispatcher.messages == []
    dispatcher = CollectingDispatcher()
    assert await ActionGreet().run(dispatcher, tracker(None, "dzień dobry", "greet"), DOMAIN) == []
    assert dispatcher.messages[0]["response"] == "utter_greet"


@pytest.mark.parametrize(
    ("text", "setting"),
    [("7ashish / cannabis", "cannabis_or_drugs"), ("myjnia", "car_wash"), ("it is a takeaway", "hospitality"), ("ghar", "house"),
     ("casa", "house"), ("cần sa", "cannabis_or_drugs"), ("خدامة فالدار", "domestic_servitude"),
     ("گھر میں کام کرتی ہوں، بچے سنبھالنا", "domestic_servitude"), ("namas kur auginama zole", "cannabis_or_drugs")],
)  # fmt: skip
def test_a_place_named_in_the_buttons_own_words(text: str, setting: str) -> None:
    assert parsing.setting_from_words(text) == setting


def test_words_that_name_no_single_place_are_no_place() -> None:
    assert parsing.setting_from_words("a scrapyard") is None
    assert parsing.setting_from_words("they do some work there") is None  # "work" alone is no building site
    assert parsing.setting_from_words("sex work") == "sexual_exploitation"


@pytest.mark.parametrize(
    ("text", "signs"),
    [("pay, hours, no gear", {"not_paid_or_underpaid", "long_hours", "no_protective_gear"}),
     ("pay, debt, ids", {"not_paid_or_underpaid", "owes_debt", "no_id_documents"}),
     ("dużo ludzi tam mieszka, przyjeżdżają i odjeżdżają busem", {"overcrowded_housing", "transported_in_groups"})],
)  # fmt: skip
def test_a_terse_answer_to_the_signs_question_points_at_the_list(text: str, signs: set[str]) -> None:
    assert signs <= set(parsing.signs_answered({}, text))


async def test_a_stopped_report_can_be_resumed_in_the_same_conversation() -> None:
    from actions.submit import ActionResumeReport, ActionStopReport

    answered = {"immediate_danger": "no", "reporter_is_victim": False, "setting": "car_wash", "location": "Mill Road"}
    dispatcher = CollectingDispatcher()
    events = await ActionStopReport().run(dispatcher, tracker("when_seen", "/stop", "stop", answered), DOMAIN)
    kept = [e["value"] for e in events if e.get("name") == "stopped_report"][-1]
    assert kept == answered and dispatcher.messages[0]["response"] == "utter_stopped"
    events = await ActionResumeReport().run(
        CollectingDispatcher(), tracker(None, "/resume_report", "resume_report", {"stopped_report": kept}), DOMAIN
    )
    assert {e["name"]: e["value"] for e in events if e["event"] == "slot"} == {**answered, "stopped_report": None}
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "report_form"}


async def test_a_long_message_that_names_stopping_is_asked_about() -> None:
    words = "no enough, my brother does not want it. i dont want to go on, cancel the report please"
    slots, _ = await run_form(tracker("description", words, "stop", {"signs": [], "signs_done": True, "people_count": 3}))
    assert slots.get("stop_check_due") is True and slots["requested_slot"] == "stop_check"


async def test_a_wish_to_stop_in_a_description_keeps_the_words_and_asks_first() -> None:
    words = "they work there every day from six in the morning. actually please don't send it, I know them"
    slots, _ = await run_form(tracker("description", words, "inform", {"signs": [], "signs_done": True, "people_count": 3}))
    assert slots["description"] == words  # "No, carry on" does not ask for them again
    assert slots.get("stop_check_due") is True and slots["requested_slot"] == "stop_check"


async def test_a_description_that_mentions_stopping_is_only_a_description() -> None:
    words = "the van stops outside at six and a man leaves it running while they get in"
    slots, _ = await run_form(tracker("description", words, "inform", {"signs": [], "signs_done": True, "people_count": 3}))
    assert slots["description"] == words and "stop_check_due" not in slots


async def test_a_plea_for_help_in_passing_in_the_opening_waits_for_the_danger_question() -> None:
    # "I need help … they take almost all my money": a victim of debt says "help" too.
    words = "buna, am nevoie de ajutor. lucrez la o fabrica si imi iau aproape toti banii, zic ca le datorez"
    slots, responses = await run_form(tracker(None, words, "emergency", {"language": "ro"}))
    assert "emergency" not in slots and "utter_emergency_escalated" not in responses
    assert slots["requested_slot"] == "immediate_danger"


async def test_a_plea_for_help_with_harm_named_does_not_wait() -> None:
    words = "please help, he is beating her in the kitchen at 12 Mill Road"
    slots, responses = await run_form(tracker(None, words, "emergency"))
    assert slots["emergency"] is True and "utter_emergency_999" in responses


@pytest.mark.parametrize(
    ("requested", "text", "slots"),
    [("signs", "qarza, tankhwa puri nahi milti, bohat lambe ghante", {"setting": "hospitality"}),
     ("people_count", "nam nguoi", {"signs": [], "signs_done": True})],
)  # fmt: skip
async def test_an_answer_the_classifier_took_for_a_question_is_still_an_answer(requested: str, text: str, slots: dict) -> None:
    got, _ = await run_form(tracker(requested, text, "ask_police_fear", {"immediate_danger": "no", **slots}))
    answered = {"signs": ["owes_debt", "not_paid_or_underpaid", "long_hours"], "people_count": 5}[requested]
    assert got[requested] == answered


async def test_a_long_description_with_a_question_in_it_is_the_description() -> None:
    words = "agent ko 12 hazar pound diye the, malik kehta hai qarza baqi hai. 14 ghante kaam. kya mujhe deport kar denge?"
    slots, _ = await run_form(tracker("description", words, "ask_police_fear", {"signs": [], "signs_done": True, "people_count": 4}))
    assert slots["description"] == words


def test_the_learned_signal_reads_descriptions_not_answers_to_place_or_count_questions() -> None:
    from actions.conversation import reporter_messages

    def said(requested: str | None, text: str) -> list[dict[str, Any]]:
        return [{"event": "slot", "name": "requested_slot", "value": requested}, {"event": "user", "text": text}]

    events = [*said(None, "a car wash where they work all hours"), *said("location", "Trent Court, NG7, antras aukštas, flat 14"),
              *said("people_count", "maybe 4"), *said("description", "the boss shouts at them and keeps their money")]  # fmt: skip
    t = Tracker("p-test-described", {}, {}, events, False, None, {"name": "report_form"}, "action_listen")
    assert reporter_messages(t) == ["a car wash where they work all hours", "Trent Court, NG7, antras aukštas, flat 14", "maybe 4",
                                    "the boss shouts at them and keeps their money"]  # fmt: skip
    assert reporter_messages(t, described_only=True) == [
        "a car wash where they work all hours",
        "the boss shouts at them and keeps their money",
    ]
    # An address once read by the learned signal as a child at risk: the cue lists still read it.
    assert triage(Report(immediate_danger="unsure"), ["Trent Court, NG7, antras aukštas, flat 14"], described=[]).urgency != "emergency"


async def test_a_victim_in_danger_hears_first_that_asking_for_help_brings_no_trouble() -> None:
    words = "he is hitting me now and locked the door, please help"
    slots, responses = await run_form(tracker("when_seen", words, "emergency", {"immediate_danger": "yes", "reporter_is_victim": True}))
    assert slots["emergency"] is True
    assert "utter_emergency_999_victim" in responses and "utter_emergency_999" not in responses


# --- third round (issue 10) -----------------------------------------------------------------------
async def test_not_sure_and_saw_nothing_of_the_kind_leaves_the_learned_reading_unconfirmed() -> None:
    before = {"location": "Farm Lane", "immediate_danger": "unsure", "danger_check_due": True, "description": EVERYDAY_WORDS_EMERGENCY}
    slots, responses = await run_form(tracker("danger_check", "not sure, I didn't see anyone hurt", "unsure", before))
    assert slots["danger_check"] == "none_seen"
    assert "emergency" not in slots and "immediate_danger" not in slots  # still "not sure"
    assert not {"utter_emergency_999", "utter_emergency_escalated"} & set(responses)
    assert slots["requested_slot"] not in ("danger_check", "location")


def test_a_learned_reading_the_reporter_could_not_confirm_is_kept_for_staff_not_sent_to_police() -> None:
    report = Report(description=EVERYDAY_WORDS_EMERGENCY, immediate_danger="unsure")
    result = triage(report, learned_unconfirmed=True)
    assert result.urgency != "emergency"
    assert any(r.startswith("danger_unconfirmed:") for r in result.reasons)
    # Danger named in plain words still counts whatever the check said.
    named = triage(Report(description="they are beating him in the yard right now", immediate_danger="unsure"), learned_unconfirmed=True)
    assert named.urgency == "emergency"


async def test_an_emergency_guess_at_the_signs_question_is_not_read_by_the_learned_signal() -> None:
    # Signs typed at the signs question are answers; the learned signal reads descriptions.
    words = "the same man drives the women in and out, they never go out alone"
    before = {
        "location": "City Road",
        "immediate_danger": "unsure",
        "danger_check": "unsure",
        "setting": "sexual_exploitation",
        "signs": ["windows_covered"],
    }
    slots, responses = await run_form(tracker("signs_done", words, "emergency", before))
    assert "emergency" not in slots and slots.get("danger_check_due") is not True
    assert not {"utter_emergency_999", "utter_emergency_escalated"} & set(responses)


async def test_a_time_corrected_at_a_later_question_changes_the_time_and_says_so() -> None:
    words = "sorry, not today, I saw it 4 days ago"
    slots, responses = await run_form(tracker("children_involved", words, "inform", {"when_seen": "today", "location": "Mill Road"}))
    assert slots["when_seen"] == "this_week"
    assert "children_involved" not in slots or slots["children_involved"] is None  # not taken as an age of 4
    assert "utter_when_changed" in responses


async def test_a_button_title_opening_a_longer_answer_counts_as_the_button() -> None:
    slots, _ = await run_form(tracker("when_seen", "Longer ago, about a month I think", "inform", {"location": "Mill Road"}))
    assert slots["when_seen"] == "earlier"


async def test_a_count_corrected_with_the_old_count_named_is_a_count_whatever_time_is_said() -> None:
    words = "sorry no 20, 15, counted them today"
    slots, _ = await run_form(
        tracker("description", words, "inform", {"people_count": 20, "when_seen": "this_week", "location": "Mill Road"})
    )
    assert slots["people_count"] == 15
    assert "when_seen" not in slots


@pytest.mark.parametrize(
    ("text", "before", "corrected"),
    [
        ("de fapt 3, am mai vazut unu azi", {"people_count": 2, "when_seen": "this_week"}, {"people_count": 3}),
        ("عفواً، اليوم عديتهم ١٥ مو عشرين", {"people_count": 20, "when_seen": "today"}, {"people_count": 15}),
        ("sorry, not today, i saw it 4 days ago", {"people_count": 3, "when_seen": "today"}, {"when_seen": "this_week"}),
        ("معاف کیجیے، آج نہیں، چار دن پہلے دیکھا تھا", {"people_count": 3, "when_seen": "today"}, {"when_seen": "this_week"}),
        ("the van comes every day", {"people_count": 3, "when_seen": "today"}, {}),
    ],
)
def test_which_earlier_answer_a_correction_changes(text: str, before: dict[str, Any], corrected: dict[str, Any]) -> None:
    from actions.turn import earlier_answers_corrected

    assert earlier_answers_corrected(text, "description", before) == corrected


async def test_a_time_in_the_opening_message_is_taken_without_calling_it_a_change() -> None:
    entity = [{"entity": "when_seen", "value": "this_week"}]
    slots, responses = await run_form(
        tracker(None, "I had my nails done somewhere on Saturday and something felt off", "report_concern", {}, entity)
    )
    assert slots.get("when_seen") == "this_week"
    assert "utter_when_changed" not in responses


async def test_a_hedged_no_at_the_danger_question_is_not_sure_whatever_the_intent() -> None:
    # "I don't think it's dangerous right now, but I'm not sure either": the NLU said emergency.
    words = "Tôi không nghĩ là nguy hiểm ngay lúc này, nhưng tôi cũng không chắc nữa"
    slots, responses = await run_form(tracker("immediate_danger", words, "emergency", {"language": "vi"}))
    assert slots["immediate_danger"] == "unsure"
    assert "emergency" not in slots and "utter_emergency_999" not in responses


async def test_the_emergency_intent_alone_at_the_danger_question_is_no_yes() -> None:
    slots, responses = await run_form(tracker("immediate_danger", "well its a bit of a weird situation there", "emergency"))
    assert slots["immediate_danger"] == "unsure"
    assert "utter_emergency_999" not in responses


async def test_a_long_description_that_corrects_the_count_is_kept_as_the_description_too() -> None:
    words = "sorry actually 5 of them work there but only one is locked in"
    slots, _ = await run_form(tracker("description", words, "inform", {"people_count": 1, "location": "Mill Road"}))
    assert slots["people_count"] == 5
    assert slots["description"] == words
