"""The order of `report_form`'s questions, and changing an earlier answer (from the summary or
by saying so at any question): the chosen answer is cleared, so the form asks it again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.summary import FIELD_NAMES, field_from_text
from actions.turn import turn_of


def question_order(domain_slots: list[str], slots: Mapping[str, Any]) -> list[str]:
    """The questions still to ask, in order, given the answers so far."""
    order = list(domain_slots)
    if slots.get("danger_check_due"):
        order.insert(0, "danger_check")  # one concrete question before the report goes on
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
    if slots.get("stop_check_due"):
        order.insert(0, "stop_check")  # "Do you want to stop? Nothing will be sent."
    return order


def correction_events(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """A wish to change an answer ("/correct", "no" at the summary) and the choice of which."""
    turn = turn_of(tracker)
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
