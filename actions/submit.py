"""Ending a report: send it (action_submit_report) or stop (action_stop_report)."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import HELPER_SLOTS, REPORT_SLOTS, report_from_slots
from actions.tip_store import discard_pending_contact, record_conversation_report
from spotsigns.config import current_settings
from spotsigns.report.helplines import reporter_helpline

logger = logging.getLogger(__name__)
# What a stopped report keeps in the conversation (never sent) for "Carry on with my report".
RESUMABLE_SLOTS = (*REPORT_SLOTS, "notes", "signs_done")


def reset_report() -> list[EventType]:
    """Clear the answers so the same conversation can report something else (language stays)."""
    return [SlotSet(slot, None) for slot in (*REPORT_SLOTS, *HELPER_SLOTS)]


class ActionSubmitReport(Action):
    def name(self) -> str:
        return "action_submit_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        try:
            stored = await record_conversation_report(tracker, reference=tracker.get_slot("tip_reference"), complete=True)
        except Exception as exc:  # keep the answers and offer to send again; never log the tracker
            logger.error("report submission failed: %s", type(exc).__name__)
            dispatcher.utter_message(response="utter_submit_failed")
            return [SlotSet("report_confirmed", None), FollowupAction("report_form")]
        if stored.urgency == "emergency":
            next_steps = "utter_next_steps_emergency"
        elif report_from_slots(tracker.slots).contact_ok:
            next_steps = "utter_next_steps_contact"
        else:
            next_steps = "utter_next_steps_anonymous"
        dispatcher.utter_message(response="utter_report_submitted", reference=stored.reference)
        dispatcher.utter_message(response=next_steps)
        if tracker.get_slot("reporter_is_victim") is True:  # the helpline before and after the questions
            dispatcher.utter_message(response="utter_victim_support", helpline=reporter_helpline(current_settings()).number)
        return reset_report()


class ActionStopReport(Action):
    """Stop at once, without a confirmation step: someone may be looking over the reporter's
    shoulder. An emergency already known still reaches the police."""

    def name(self) -> str:
        return "action_stop_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reference = tracker.get_slot("tip_reference")
        if tracker.get_slot("emergency") is True:
            try:
                stored = await record_conversation_report(tracker, reference=reference, complete=True)
                reference = stored.reference
            except Exception as exc:
                logger.error("emergency escalation on stop failed: %s", type(exc).__name__)
        if reference:
            dispatcher.utter_message(response="utter_stopped_after_escalation", reference=reference)
            return [ActiveLoop(None), *reset_report()]
        await discard_pending_contact(tracker.sender_id)
        dispatcher.utter_message(response="utter_stopped")
        # Kept in the conversation (never sent) so "Carry on with my report" can resume it.
        answers = {slot: tracker.get_slot(slot) for slot in RESUMABLE_SLOTS if tracker.get_slot(slot) is not None}
        return [ActiveLoop(None), *reset_report(), SlotSet("stopped_report", answers or None)]


class ActionResumeReport(Action):
    """ "Carry on with my report": the answers of the report stopped in this conversation come
    back and the form asks its next question (issue 10). With none kept, a new report starts."""

    def name(self) -> str:
        return "action_resume_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        kept = tracker.get_slot("stopped_report") or {}
        restored = [SlotSet(slot, value) for slot, value in kept.items() if slot in RESUMABLE_SLOTS]
        return [*restored, SlotSet("stopped_report", None), FollowupAction("report_form")]
