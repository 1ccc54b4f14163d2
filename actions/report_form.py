"""validate_report_form: the answers of `report_form`, one question at a time.

Each slot has an `extract_<slot>` (what in this message answers the question; the reading of
the message is in actions/answers.py) and a `validate_<slot>` (is the answer usable, else ask
again). After them, on every turn (`get_validation_events`), come two checks that cut across all
questions: changing an earlier answer (actions/form_flow.py, which also orders the questions)
and the safety check that turns the report into an emergency, gives the 999 advice and
escalates to the police as soon as the place is known (actions/safety.py; SPEC §3, §4).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import answers, parsing
from actions.conversation import NONE_SEEN
from actions.form_flow import correction_events, question_order
from actions.language import known_language
from actions.parsing import INVALID
from actions.safety import adopted_emergency_events, safety_events
from actions.tip_store import store_pending_contact
from actions.turn import FREE_TEXT_SLOTS, Turn, turn_of
from spotsigns.config import current_settings
from spotsigns.report import i18n
from spotsigns.report.fields import MAX_DESCRIPTION_CHARS, MAX_PEOPLE_COUNT
from spotsigns.report.helplines import reporter_helpline
from spotsigns.storage.contacts import contact_from_text

logger = logging.getLogger(__name__)


Answer = dict[str, Any]


def _reads(read: Callable[[Turn, Mapping[str, Any]], Answer]) -> Callable[..., Answer]:
    """`extract_<slot>`: what in the latest message answers that question (actions/answers.py)."""

    def extract(self: FormValidationAction, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Answer:
        return read(turn_of(tracker), tracker.slots)

    return extract


def _stop_guessed(tracker: Tracker) -> tuple[list[EventType], bool]:
    """A message the classifier took for "stop" that answers nothing, or one that asks in so
    many words for the report to stop: ask "Do you want to stop?" (`stop_check`) instead of
    the answer's own "please choose" (issue 10). The second value says whether the answer in
    the same message is kept (words the reporter wrote at a free-text question), so that
    "No, carry on" does not ask for them again."""
    turn = turn_of(tracker)
    if not turn.is_guessed_stop or turn.requested in (None, "stop_check"):
        return [], False
    value = tracker.get_slot(turn.requested)
    answered = value not in (INVALID, [INVALID], None)
    if turn.names_stopping:
        keep = answered and turn.requested in FREE_TEXT_SLOTS
        return ([] if keep else [SlotSet(turn.requested, None)]) + [SlotSet("stop_check_due", True)], keep
    free_text = turn.requested in ("location", "description")
    if answered and (not free_text or len(turn.text.split()) > 4):
        return [], False  # an answer the classifier took for stop ("it's a scrapyard, none of those really")
    return [SlotSet(turn.requested, None), SlotSet("stop_check_due", True)], False


def _one_of(slot: str) -> Callable[..., Answer]:
    """`validate_<slot>` for a choice: a listed value, else ask again (words kept as notes)."""

    def validate(self: FormValidationAction, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Answer:
        return _choice(slot, value, dispatcher, tracker)

    return validate


def _free_text(slot: str, response: str) -> Callable[..., Answer]:
    """`validate_<slot>` for free text: a button instead of words is asked again with `response`."""

    def validate(self: FormValidationAction, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Answer:
        if value == INVALID:
            dispatcher.utter_message(response=response)
            return {slot: None}
        return {slot: value}

    return validate


class ValidateReportForm(FormValidationAction):
    def name(self) -> str:
        return "validate_report_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        return question_order(domain_slots, tracker.slots)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        adopted = await adopted_emergency_events(tracker)
        tracker.add_slots(adopted)
        return adopted + await super().run(dispatcher, tracker, domain)

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        stop_guessed, answer_kept = _stop_guessed(tracker)
        if stop_guessed and not answer_kept:
            tracker.add_slots(stop_guessed)
            return stop_guessed + await safety_events(dispatcher, tracker)  # danger in the same words still counts
        events = await super().get_validation_events(dispatcher, tracker, domain)
        tracker.add_slots(events)
        correction = correction_events(dispatcher, tracker)
        tracker.add_slots(correction)
        safety = await safety_events(dispatcher, tracker)
        return events + correction + safety + stop_guessed  # stop_guessed: only when the answer is kept

    # --- reading the answers (actions/answers.py) and the plain checks, one line a slot ----------
    extract_immediate_danger = _reads(answers.immediate_danger)
    extract_danger_check = _reads(answers.danger_check)
    extract_reporter_is_victim = _reads(answers.reporter_is_victim)
    extract_setting = _reads(answers.setting)
    extract_location = _reads(answers.location)
    extract_when_seen = _reads(answers.when_seen)
    extract_children_involved = _reads(answers.children_involved)
    extract_signs = _reads(answers.signs)
    extract_signs_done = _reads(answers.signs_done)
    extract_people_count = _reads(answers.people_count)
    extract_description = _reads(answers.description)
    extract_contact_ok = _reads(answers.contact_ok)
    extract_contact = _reads(answers.contact)
    extract_report_confirmed = _reads(answers.report_confirmed)
    extract_stop_check = _reads(answers.stop_check)

    validate_immediate_danger = _one_of("immediate_danger")
    validate_setting = _one_of("setting")

    def validate_when_seen(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        answer = _choice("when_seen", value, dispatcher, tracker)
        if answer.get("when_seen") and "when_seen" in turn_of(tracker).corrected:
            # "sorry, not today, four days ago" at a later question: changed, and said so
            # (a time in the opening message is no change).
            when = i18n.text(f"when_{value}", known_language(tracker.get_slot("language")))
            dispatcher.utter_message(response="utter_when_changed", when=when)
        return answer

    validate_children_involved = _one_of("children_involved")
    validate_location = _free_text("location", "utter_location_invalid")
    validate_description = _free_text("description", "utter_description_invalid")

    def validate_stop_check(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """Not "yes" to "Do you want to stop?" (a rule takes that): back to the question."""
        return {"stop_check_due": False, "stop_check": None}

    # --- the checks with more to them: danger_check, reporter_is_victim --------------------------------------------
    def validate_danger_check(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """The one follow-up to an unsure danger answer (actions/safety.py): its yes or no is
        the reporter's answer about danger now; "not sure" leaves the words to decide, and "not
        sure, I saw nothing of the kind" leaves them to the cue lists (a model's reading alone
        is not confirmed)."""
        if value not in ("yes", "no", "unsure", NONE_SEEN):
            return _not_an_answer("danger_check", dispatcher, tracker)
        return {"danger_check": value} | ({"immediate_danger": value} if value in ("yes", "no") else {})

    def validate_reporter_is_victim(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == INVALID:
            return _not_an_answer("reporter_is_victim", dispatcher, tracker)
        if value is True and tracker.get_slot("requested_slot") == "reporter_is_victim":
            # The helpline every reporter text names (checked to be configured at startup).
            helpline = reporter_helpline(current_settings()).number
            dispatcher.utter_message(response="utter_victim_support", helpline=helpline)
        return {"reporter_is_victim": bool(value)}

    # --- signs (several, one button at a time or in words) -----------------------------------------
    def validate_signs(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == [INVALID]:
            return _not_an_answer("signs", dispatcher, tracker, "utter_signs_invalid")
        return {"signs": list(value or []), **_kept_words(tracker)}

    def validate_signs_done(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == INVALID:
            return _not_an_answer("signs_done", dispatcher, tracker, "utter_signs_invalid")
        return {"signs_done": value, **_kept_words(tracker)}

    # --- people_count ------------------------------------------------------------------------------
    def validate_people_count(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == "unknown" or (isinstance(value, int) and 0 <= value <= MAX_PEOPLE_COUNT):
            if tracker.get_slot("requested_slot") != "people_count":
                dispatcher.utter_message(response="utter_count_changed", count=value)  # "it was 6 not 4"
            return {"people_count": value}
        return _not_an_answer("people_count", dispatcher, tracker, "utter_people_count_invalid")

    # --- contact_ok and contact ------------------------------------------------------------------
    def validate_contact_ok(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == INVALID:
            return _not_an_answer("contact_ok", dispatcher, tracker)
        return {"contact_ok": bool(value)}

    async def validate_contact(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == INVALID:
            dispatcher.utter_message(response="utter_please_choose")
            return {"contact": None}
        if value == "":
            return {"contact": "", "contact_ok": False}
        if value != "provided":
            logger.warning("contact details reached the action server uncaptured; storing them encrypted")
            await store_pending_contact(tracker.sender_id, contact_from_text(str(value)))
        dispatcher.utter_message(response="utter_contact_thanks")
        return {"contact": "provided"}

    # --- language (set by action_validate_slot_mappings from the gateway's detection) -----------
    def validate_language(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return {"language": known_language(value)}

    # --- the summary, and changing an answer (actions/form_flow.py) -------------------------------
    def validate_report_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is not True:
            return _not_an_answer("report_confirmed", dispatcher, tracker)
        return {"report_confirmed": True}

    def extract_field_to_correct(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return {}  # the choice is read by correction_events, which also clears the chosen answer


# --- shared ----------------------------------------------------------------------------------------
def _choice(slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    if value == INVALID or value is None:
        return _not_an_answer(slot, dispatcher, tracker)
    return {slot: value}


def _not_an_answer(slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, response: str = "utter_please_choose") -> dict[str, Any]:
    """Ask again. Words typed instead of choosing are kept for the report (`notes`), so
    nothing the reporter says is lost: "he has blood on his face" at a yes/no question."""
    turn = turn_of(tracker)
    if turn.is_free_text and turn.requested not in ("location", "description"):
        notes = [*(tracker.get_slot("notes") or []), parsing.clean_text(turn.text, MAX_DESCRIPTION_CHARS)]
        dispatcher.utter_message(response="utter_noted_free_text", said=_quoted(turn.text))
        return {slot: None, "notes": notes}
    dispatcher.utter_message(response=response)
    return {slot: None}


# From this many words an answer is a sentence worth keeping, not a list of signs.
KEPT_SENTENCE_WORDS = 6


def _kept_words(tracker: Tracker) -> dict[str, Any]:
    """A sentence that answered the signs question ("a man is hitting one of the workers right
    now") is kept in the notes too: the sign is the answer, the words are the evidence."""
    turn = turn_of(tracker)
    if turn.is_payload or len(turn.text.split()) < KEPT_SENTENCE_WORDS:
        return {}
    return {"notes": [*(tracker.get_slot("notes") or []), parsing.clean_text(turn.text, MAX_DESCRIPTION_CHARS)]}


def _quoted(text: str, limit: int = 60) -> str:
    """The reporter's words as the bot repeats them back (shortened), so they see what was kept."""
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"
