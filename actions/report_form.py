"""validate_report_form: extraction and validation of every answer of `report_form`.

Each slot has a small `extract_<slot>` (what in this message answers the question) and
`validate_<slot>` (is the answer usable). Two concerns cut across all questions and run after
them on every turn (`get_validation_events`): changing an earlier answer, and the safety
check that turns the report into an emergency, gives the 999 advice and escalates to the
police as soon as the location is known (SPEC §3, §4).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Final

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import parsing
from actions.conversation import aware, channel_of, report_from_slots, report_started_at, reporter_messages, uttered_this_turn
from actions.parsing import INVALID
from actions.summary import FIELD_NAMES, field_from_text
from actions.tip_store import open_emergency, record_report, store_pending_contact
from spotsigns.config import Settings
from spotsigns.contacts import CONTACT_PLACEHOLDER, contact_from_text
from spotsigns.fields import LANGUAGES, MAX_DESCRIPTION_CHARS, MAX_LOCATION_CHARS, MAX_PEOPLE_COUNT
from spotsigns.helplines import load_helplines
from spotsigns.triage import triage

logger = logging.getLogger(__name__)

# Messages that are not answers: the form steps aside and a rule answers them.
META_INTENTS: Final = frozenset(
    {
        "stop",
        "goodbye",
        "ask_what_is_modern_slavery",
        "ask_signs",
        "ask_anonymity",
        "ask_what_happens_next",
        "ask_helpline",
        "bot_challenge",
    }
)
META_CONFIDENCE: Final = 0.6
EMERGENCY_CONFIDENCE: Final = 0.5
# Questions start like this; a free-text answer ("the hotel by the ring road") that the NLU
# took for a question about the service is still an answer unless it reads like a question.
_QUESTION_START: Final = re.compile(
    r"^\s*(?:what|how|who|why|when|where|which|is|are|can|could|will|would|do|does|did|should|may|am|any)\b", re.IGNORECASE
)
FREE_TEXT_SLOTS: Final = frozenset({"location", "description", "contact"})
# Answers that begin a report, from which a place, an address or a time may be taken early.
OPENING_INTENTS: Final = frozenset({"report_concern", "inform", "emergency"})


@dataclass(frozen=True, slots=True)
class Turn:
    intent: str | None
    confidence: float
    text: str
    message: dict[str, Any]
    requested: str | None

    @property
    def is_payload(self) -> bool:
        return parsing.is_payload(self.text)

    @property
    def is_meta(self) -> bool:
        if self.text == CONTACT_PLACEHOLDER:
            return False  # the gateway's marker, whatever the NLU made of it
        if self.intent not in META_INTENTS:
            return False
        if self.is_payload:
            return True
        if self.confidence < META_CONFIDENCE:
            return False
        if self.requested in FREE_TEXT_SLOTS:
            if self.intent in ("stop", "goodbye"):
                return len(self.text.split()) <= 4
            return "?" in self.text or bool(_QUESTION_START.match(self.text))
        return True

    @property
    def is_emergency(self) -> bool:
        return self.intent == "emergency" and (self.is_payload or self.confidence >= EMERGENCY_CONFIDENCE)

    @property
    def is_correction(self) -> bool:
        return self.intent == "correct" and (self.is_payload or self.confidence >= META_CONFIDENCE)

    @property
    def is_free_text(self) -> bool:
        """Words of the reporter (not a button) long enough to be worth keeping."""
        return not self.is_payload and len(self.text.split()) >= 3

    def asks(self, slot: str) -> bool:
        """This message is an attempt to answer `slot`."""
        return self.requested == slot and not self.is_meta and not self.is_correction


def _turn(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    intent, confidence = parsing.intent_of(message)
    return Turn(intent, confidence, message.get("text") or "", message, tracker.get_slot("requested_slot"))


class ValidateReportForm(FormValidationAction):
    def name(self) -> str:
        return "validate_report_form"

    # --- which questions, in which order ----------------------------------------------------
    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        slots = tracker.slots
        order = list(domain_slots)
        if slots.get("emergency") and slots.get("location") is None:
            order.remove("location")
            order.insert(0, "location")  # an emergency: where, before anything else
        if slots.get("contact_ok") is False:
            order.remove("contact")
        if slots.get("signs"):
            order.insert(order.index("signs") + 1, "signs_done")
        order.append("report_confirmed")
        if slots.get("correcting"):
            order.insert(0, "field_to_correct")
        return order

    # --- cross-cutting, after the per-slot validation ------------------------------------------
    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events = await super().get_validation_events(dispatcher, tracker, domain)
        tracker.add_slots(events)
        correction = self._correction_events(dispatcher, tracker)
        tracker.add_slots(correction)
        safety = await self._safety_events(dispatcher, tracker)
        return events + correction + safety

    def _correction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        turn = _turn(tracker)
        if turn.is_meta:
            return []
        wants_change = turn.is_correction or (turn.requested == "report_confirmed" and turn.intent == "deny")
        correcting = tracker.get_slot("correcting") is True
        if not (wants_change or correcting):
            return []
        field = next((f for f in parsing.entity_values(turn.message, "field") if f in FIELD_NAMES), None)
        if field is None and not turn.is_payload:
            field = field_from_text(turn.text)
        if field is not None:
            dispatcher.utter_message(response="utter_ok_change")
            cleared = [SlotSet(field, None)]
            if field == "signs":
                cleared.append(SlotSet("signs_done", None))
            if field == "contact_ok":
                cleared.append(SlotSet("contact", None))
            return [*cleared, SlotSet("report_confirmed", None), SlotSet("correcting", False), SlotSet("field_to_correct", None)]
        if wants_change and not correcting:
            return [SlotSet("correcting", True)]
        if correcting and turn.intent in ("deny", "skip"):
            return [SlotSet("correcting", False), SlotSet("field_to_correct", None)]  # "never mind"
        dispatcher.utter_message(response="utter_which_field_unknown")
        return [SlotSet("field_to_correct", None)]

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        adopted = await self._adopted_emergency_events(tracker)
        tracker.add_slots(adopted)
        return adopted + await super().run(dispatcher, tracker, domain)

    async def _adopted_emergency_events(self, tracker: Tracker) -> list[EventType]:
        """One conversation, one tip: an emergency the gateway escalated while Rasa or this
        server was down (bot/failsafe.py) becomes this report's tip, with what the reporter
        told it (their words go into the report's notes, the place into `location`). The
        gateway then asked where it is happening, so a message typed now answers that."""
        if tracker.get_slot("tip_reference"):
            return []
        try:
            tip = await open_emergency(tracker.sender_id)
        except Exception as exc:  # the form goes on; its own safety check still runs
            logger.error("open emergency lookup failed: %s", type(exc).__name__)
            return []
        if tip is None or aware(tip.created_at).timestamp() < report_started_at(tracker):
            return []
        said = set(reporter_messages(tracker)) | set(tracker.get_slot("notes") or [])
        new_words = [line for line in (tip.description or "").split("\n") if line and line not in said]
        events: list[EventType] = [SlotSet("emergency", True), SlotSet("tip_reference", tip.reference)]
        if tracker.get_slot("immediate_danger") != "yes":
            events.append(SlotSet("immediate_danger", "yes"))  # police have it as an emergency
        if tracker.get_slot("location") is None:
            if tip.location:
                events.append(SlotSet("location", tip.location))
            elif not parsing.is_payload(_turn(tracker).text):
                events.append(SlotSet("requested_slot", "location"))
        if new_words:
            events.append(SlotSet("notes", [*(tracker.get_slot("notes") or []), *new_words]))
        logger.info("adopted the open emergency tip %s", tip.reference)
        return events

    async def _safety_events(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        events: list[EventType] = []
        slots = tracker.slots
        messages = reporter_messages(tracker)
        emergency = slots.get("emergency") is True
        if not emergency and triage(report_from_slots(slots), messages).urgency == "emergency":
            emergency = True
            events.append(SlotSet("emergency", True))
            if slots.get("immediate_danger") in (None, INVALID):
                events.append(SlotSet("immediate_danger", "yes"))
            if not uttered_this_turn(tracker, "utter_emergency_999"):
                dispatcher.utter_message(response="utter_emergency_999")
            tracker.add_slots(events)
        if emergency and not slots.get("tip_reference") and slots.get("location") is not None:
            reference = await self._send_to_police(dispatcher, tracker, messages, reference=None)
            if reference is not None:
                events.append(SlotSet("tip_reference", reference))
        elif emergency and slots.get("tip_reference") and _turn(tracker).asks("location") and slots.get("location"):
            # The place of an emergency escalated without one (or a corrected place): police now.
            await self._send_to_police(dispatcher, tracker, messages, reference=slots.get("tip_reference"))
        return events

    async def _send_to_police(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, messages: list[str], *, reference: str | None
    ) -> str | None:
        """Escalate the emergency as a new tip (`reference` None) or send police the update of
        tip `reference`; tell the reporter either way. The tip's reference, or None on failure."""
        try:
            stored = await record_report(
                report_from_slots(tracker.slots),
                channel=channel_of(tracker),
                pseudonym=tracker.sender_id,
                messages=messages,
                reference=reference,
                complete=False,
                police_update=reference is not None,
            )
        except Exception as exc:  # the reporter must hear that it failed; never the tracker in a log
            logger.error("emergency %s failed: %s", "update" if reference else "escalation", type(exc).__name__)
            dispatcher.utter_message(response="utter_escalation_failed")
            return None
        dispatcher.utter_message(response="utter_emergency_escalated", reference=stored.reference)
        return stored.reference

    # --- immediate_danger ------------------------------------------------------------------------
    def extract_immediate_danger(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        turn = _turn(tracker)
        if turn.is_emergency:
            return {"immediate_danger": "yes"}  # said at any point, whatever was answered before
        if not turn.asks("immediate_danger"):
            return {}
        return {"immediate_danger": parsing.tristate(turn.intent) or INVALID}

    def validate_immediate_danger(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._choice("immediate_danger", value, dispatcher, tracker)

    # --- reporter_is_victim ----------------------------------------------------------------------
    def extract_reporter_is_victim(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        turn = _turn(tracker)
        if not turn.asks("reporter_is_victim"):
            return {}
        answer = {"affirm": True, "deny": False, "skip": False, "unsure": False}.get(turn.intent or "")
        return {"reporter_is_victim": INVALID if answer is None else answer}

    def validate_reporter_is_victim(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == INVALID:
            return self._not_an_answer("reporter_is_victim", dispatcher, tracker)
        if value is True and tracker.get_slot("requested_slot") == "reporter_is_victim":
            helpline = next((h.number for h in load_helplines(Settings.load()) if h.key == "modern_slavery_helpline"), "08000 121 700")
            dispatcher.utter_message(response="utter_victim_support", helpline=helpline)
        return {"reporter_is_victim": bool(value)}

    # --- setting ---------------------------------------------------------------------------------
    def extract_setting(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        turn = _turn(tracker)
        if turn.asks("setting"):
            found = parsing.setting_from(turn.message)
            if found is None and turn.intent in ("skip", "unsure"):
                found = "other"
            return {"setting": found or INVALID}
        if tracker.get_slot("setting") is None and turn.intent in OPENING_INTENTS:
            found = parsing.setting_from(turn.message)
            return {"setting": found} if found else {}
        return {}

    def validate_setting(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._choice("setting", value, dispatcher, tracker)

    # --- location --------------------------------------------------------------------------------
    def extract_location(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        turn = _turn(tracker)
        if turn.asks("location"):
            if turn.intent in ("skip", "unsure"):
                return {"location": ""}
            if turn.is_payload:
                return {"location": INVALID}
            address = parsing.address_in(turn.text)
            if turn.is_emergency and address is None:
                return {}  # "he has a knife" says what, not where: ask again after the 999 advice
            return {"location": parsing.clean_text(turn.text, MAX_LOCATION_CHARS)}
        if tracker.get_slot("location") is None and turn.intent in OPENING_INTENTS:
            address = parsing.address_in(turn.text)
            return {"location": address} if address else {}
        return {}

    def validate_location(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == INVALID:
            dispatcher.utter_message(response="utter_location_invalid")
            return {"location": None}
        return {"location": value}

    # --- when_seen -------------------------------------------------------------------------------
    def extract_when_seen(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        turn = _turn(tracker)
        if turn.asks("when_seen"):
            found = parsing.when_seen_from(turn.message, turn.text)
            if found is None and turn.intent in ("skip", "unsure"):
                found = "unknown"
            return {"when_seen": found or INVALID}
        if tracker.get_slot("when_seen") is None and turn.intent in OPENING_INTENTS:
            values = [v for v in parsing.entity_values(turn.message, "when_seen") if v in ("now", "today", "this_week", "earlier")]
            return {"when_seen": values[0]} if values else {}
        return {}

    def validate_when_seen(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._choice("when_seen", value, dispatcher, tracker)

    # --- children_involved -----------------------------------------------------------------------
    def extract_children_involved(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        turn = _turn(tracker)
        if not turn.asks("children_involved"):
            return {}
        return {"children_involved": parsing.tristate(turn.intent) or INVALID}

    def validate_children_involved(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._choice("children_involved", value, dispatcher, tracker)

    # --- signs (several, one button at a time or in words) -----------------------------------------
    def extract_signs(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        turn = _turn(tracker)
        if not turn.asks("signs"):
            return {}
        found = parsing.signs_from(turn.message, turn.text)
        if found:
            return {"signs": found}
        if turn.intent in ("deny", "skip", "unsure"):
            return {"signs": []}
        return {"signs": [INVALID]}

    def validate_signs(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == [INVALID]:
            return self._not_an_answer("signs", dispatcher, tracker, "utter_signs_invalid")
        return {"signs": list(value or [])}

    def extract_signs_done(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        turn = _turn(tracker)
        if not turn.asks("signs_done"):
            return {}
        found = parsing.signs_from(turn.message, turn.text)
        if found:
            noted = list(tracker.get_slot("signs") or [])
            merged = [*noted, *(s for s in found if s not in noted)]
            return {"signs": merged, "signs_done": None}  # ask "anything else?" again
        if turn.intent in ("deny", "skip", "unsure", "thank"):
            return {"signs_done": True}
        return {"signs_done": INVALID}

    def validate_signs_done(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == INVALID:
            return self._not_an_answer("signs_done", dispatcher, tracker, "utter_signs_invalid")
        return {"signs_done": value}

    # --- people_count ------------------------------------------------------------------------------
    def extract_people_count(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        turn = _turn(tracker)
        if not turn.asks("people_count"):
            return {}
        if turn.intent in ("unsure", "skip"):
            return {"people_count": "unknown"}
        count = parsing.people_count_from(turn.text)
        return {"people_count": INVALID if count is None else count}

    def validate_people_count(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == "unknown" or (isinstance(value, int) and 0 <= value <= MAX_PEOPLE_COUNT):
            return {"people_count": value}
        return self._not_an_answer("people_count", dispatcher, tracker, "utter_people_count_invalid")

    # --- description ------------------------------------------------------------------------------
    def extract_description(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        turn = _turn(tracker)
        if not turn.asks("description"):
            return {}
        if turn.intent == "skip" or (turn.is_payload and turn.intent in ("deny", "unsure")):
            return {"description": ""}
        if turn.is_payload:
            return {"description": INVALID}
        return {"description": parsing.clean_text(turn.text, MAX_DESCRIPTION_CHARS)}

    def validate_description(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == INVALID:
            dispatcher.utter_message(response="utter_description_invalid")
            return {"description": None}
        return {"description": value}

    # --- contact_ok and contact ------------------------------------------------------------------
    def extract_contact_ok(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        turn = _turn(tracker)
        if not turn.asks("contact_ok"):
            return {}
        answer = {"affirm": True, "deny": False, "skip": False, "unsure": False}.get(turn.intent or "")
        if CONTACT_PLACEHOLDER in turn.text and turn.intent != "deny":
            answer = True  # "yes, call me on …": the gateway took the details out and kept them
        return {"contact_ok": INVALID if answer is None else answer}

    def validate_contact_ok(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == INVALID:
            return self._not_an_answer("contact_ok", dispatcher, tracker)
        return {"contact_ok": bool(value)}

    def extract_contact(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        turn = _turn(tracker)
        if turn.requested == "contact_ok" and CONTACT_PLACEHOLDER in turn.text and turn.intent != "deny":
            return {"contact": "provided"}  # given with the consent: not asked again
        if not turn.asks("contact"):
            return {}
        if turn.text == CONTACT_PLACEHOLDER:
            return {"contact": "provided"}
        if turn.intent in ("skip", "deny") and (turn.is_payload or len(turn.text.split()) <= 4):
            return {"contact": ""}
        if turn.is_payload:
            return {"contact": INVALID}
        return {"contact": turn.text}  # not captured by the gateway (e.g. it restarted): store it now

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
        return {"language": value if value in LANGUAGES else "en"}

    # --- the summary, and changing an answer -------------------------------------------------------
    def extract_report_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        turn = _turn(tracker)
        if not turn.asks("report_confirmed") or turn.intent in ("correct", "deny"):
            return {}  # a change is handled by _correction_events
        return {"report_confirmed": True if turn.intent == "affirm" else INVALID}

    def validate_report_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is not True:
            return self._not_an_answer("report_confirmed", dispatcher, tracker)
        return {"report_confirmed": True}

    def extract_field_to_correct(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return {}  # the choice is read by _correction_events, which also clears the chosen answer

    # --- shared ----------------------------------------------------------------------------------
    def _choice(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        if value == INVALID or value is None:
            return self._not_an_answer(slot, dispatcher, tracker)
        return {slot: value}

    @staticmethod
    def _not_an_answer(
        slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, response: str = "utter_please_choose"
    ) -> dict[str, Any]:
        """Ask again. Words typed instead of choosing are kept for the report (`notes`), so
        nothing the reporter says is lost: "he has blood on his face" at a yes/no question."""
        turn = _turn(tracker)
        if turn.is_free_text and turn.requested not in ("location", "description"):
            notes = [*(tracker.get_slot("notes") or []), parsing.clean_text(turn.text, MAX_DESCRIPTION_CHARS)]
            dispatcher.utter_message(response="utter_noted_free_text")
            return {slot: None, "notes": notes}
        dispatcher.utter_message(response=response)
        return {slot: None}
