"""The safety check of `report_form` (SPEC §3, §4), run after the answers on every turn: danger
in anything the reporter said turns the report into an emergency, gives the 999 advice and
escalates to the police as soon as the place is known. Also the take-over of an emergency tip
the gateway escalated while Rasa or the action server was down (one conversation, one tip)."""

from __future__ import annotations

import logging
from typing import Any, Final

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing
from actions.answers import emergency_guess
from actions.conversation import learned_reading_unconfirmed, report_from_slots, report_started_at, reporter_messages, uttered_this_turn
from actions.parsing import INVALID
from actions.tip_store import open_emergency, record_conversation_report
from actions.turn import turn_of
from spotsigns.report.triage import TriageResult, free_texts, signals_in_words, triage
from spotsigns.storage.models import as_utc

logger = logging.getLogger(__name__)


# The 999 advice: for someone else, for the reporter themselves (indexed by "is the victim").
EMERGENCY_ADVICE: Final = ("utter_emergency_999", "utter_emergency_999_victim")


async def adopted_emergency_events(tracker: Tracker) -> list[EventType]:
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
    if tip is None or as_utc(tip.created_at).timestamp() < report_started_at(tracker):
        return []
    said = set(reporter_messages(tracker)) | set(tracker.get_slot("notes") or [])
    new_words = [line for line in (tip.description or "").split("\n") if line and line not in said]
    events: list[EventType] = [SlotSet("emergency", True), SlotSet("tip_reference", tip.reference)]
    if tracker.get_slot("immediate_danger") != "yes":
        events.append(SlotSet("immediate_danger", "yes"))  # police have it as an emergency
    if tracker.get_slot("location") is None:
        if tip.location:
            events.append(SlotSet("location", tip.location))
        elif not parsing.is_payload(turn_of(tracker).text):
            events.append(SlotSet("requested_slot", "location"))
    if new_words:
        events.append(SlotSet("notes", [*(tracker.get_slot("notes") or []), *new_words]))
    logger.info("adopted the open emergency tip %s", tip.reference)
    return events


async def safety_events(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Raise the emergency if the report so far calls for it; send it to the police once the
    place is known, and send them the place of one escalated without it."""
    events: list[EventType] = guess_against_an_answer(tracker)
    tracker.add_slots(events)
    slots = tracker.slots
    emergency = slots.get("emergency") is True
    report, messages = report_from_slots(slots), reporter_messages(tracker)
    described = reporter_messages(tracker, described_only=True)
    result = None if emergency else triage(report, messages, described, learned_unconfirmed=learned_reading_unconfirmed(slots))
    if result is not None and result.urgency == "emergency" and _wait_for_the_reporter(result, slots, free_texts(report, messages)):
        if slots.get("immediate_danger") == "unsure" and not slots.get("danger_check_due"):
            events.append(SlotSet("danger_check_due", True))  # the form asks it next
            tracker.add_slots(events)
        return events
    if result is not None and result.urgency == "emergency":
        emergency = True
        events.append(SlotSet("emergency", True))
        if slots.get("immediate_danger") in (None, INVALID):
            events.append(SlotSet("immediate_danger", "yes"))
        if not any(uttered_this_turn(tracker, r) for r in EMERGENCY_ADVICE):
            # A reporter who is the victim hears first that asking for help brings no trouble.
            dispatcher.utter_message(response=EMERGENCY_ADVICE[slots.get("reporter_is_victim") is True])
        tracker.add_slots(events)
    if emergency and not slots.get("tip_reference") and slots.get("location") is not None:
        reference = await send_to_police(dispatcher, tracker, reference=None)
        if reference is not None:
            events.append(SlotSet("tip_reference", reference))
    elif emergency and slots.get("tip_reference") and turn_of(tracker).asks("location") and slots.get("location"):
        # The place of an emergency escalated without one (or a corrected place): police now.
        await send_to_police(dispatcher, tracker, reference=slots.get("tip_reference"))
    return events


def guess_against_an_answer(tracker: Tracker) -> list[EventType]:
    """An emergency guessed against the reporter's "No" or "Not sure" that the words do not
    bear out ("three", "a man sits in a car outside"; answers.emergency_guess): ask the one
    concrete question (`danger_check`) instead of escalating (issue 10)."""
    turn = turn_of(tracker)
    if tracker.get_slot("emergency") is True or turn.asks("danger_check") or emergency_guess(turn, tracker.slots) != "check":
        return []
    logger.info("an emergency guess against the reporter's answer: asking once more")
    return [SlotSet("danger_check_due", True), SlotSet("danger_check", None)]


def _wait_for_the_reporter(result: TriageResult, slots: dict[str, Any], triaged: list[str]) -> bool:
    """Danger read from the words by one signal only (the cue lists or the learned model,
    not both) while the reporter is unsure, or has not been asked yet, waits for one concrete
    question: the danger question itself, then `danger_check`. Their "not sure" there makes
    it an emergency (safety first) when the cue lists named the harm; the model's reading alone
    they could not confirm is kept for staff (triage's `learned_unconfirmed`). Cue words that name a harm, typed before the danger
    question, do not wait, nor does a short plea ("help me please"); a plea said in passing in
    a longer message ("am nevoie de ajutor … they take my money") waits for that question,
    which comes first anyway."""
    signals = signals_in_words(result, triaged)
    if len(signals) != 1 or slots.get("danger_check") is not None:
        return False  # asked once and answered: the words and that answer decide
    if slots.get("immediate_danger") is None:
        return signals in ({"learned"}, {"plea"})
    return slots.get("immediate_danger") == "unsure"


async def send_to_police(dispatcher: CollectingDispatcher, tracker: Tracker, *, reference: str | None) -> str | None:
    """Escalate the emergency as a new tip (`reference` None) or send police the update of
    tip `reference`; tell the reporter either way. The tip's reference, or None on failure."""
    try:
        stored = await record_conversation_report(tracker, reference=reference, complete=False, police_update=reference is not None)
    except Exception as exc:  # the reporter must hear that it failed; never the tracker in a log
        logger.error("emergency %s failed: %s", "update" if reference else "escalation", type(exc).__name__)
        dispatcher.utter_message(response="utter_escalation_failed")
        return None
    dispatcher.utter_message(response="utter_emergency_escalated", reference=stored.reference)
    return stored.reference
