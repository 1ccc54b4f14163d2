"""The reporter's latest message as `report_form` sees it: an answer to the question asked, a
question about the service (the form steps aside), an emergency, or a wish to change an answer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from rasa_sdk import Tracker

from actions import parsing
from spotsigns.storage.contacts import CONTACT_PLACEHOLDER

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


def turn_of(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    intent, confidence = parsing.intent_of(message)
    return Turn(intent, confidence, message.get("text") or "", message, tracker.get_slot("requested_slot"))
