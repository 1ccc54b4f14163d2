"""The reporter's latest message as `report_form` sees it: an answer to the question asked, a
question about the service (the form steps aside), an emergency, or a wish to change an answer."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from rasa_sdk import Tracker

from actions import parsing
from actions.typed_buttons import as_message, typed_payload
from spotsigns.report import answer_numbers, answer_words
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
        "ask_police_fear",
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
STOP_INTENTS: Final = frozenset({"stop", "goodbye"})
YES_NO_QUESTIONS: Final = frozenset({"immediate_danger", "danger_check", "reporter_is_victim", "children_involved", "contact_ok"})
# A question about the service is rarely longer than this; a longer message at a free-text
# question is the answer, whatever else it asks.
LONGEST_QUESTION_WORDS: Final = 20
# A correction of an earlier answer said at the description question is this long at most; a
# longer message is the description too.
LONGEST_CORRECTION_WORDS: Final = 8
# A guessed stop longer than this is an answer with the word "stop" in it, not a wish to stop.
GUESSED_STOP_WORDS: Final = 8


@dataclass(frozen=True, slots=True)
class Turn:
    intent: str | None
    confidence: float
    text: str
    message: dict[str, Any]
    requested: str | None
    language: str | None = None
    # Earlier answers this message corrects, said at a later question ("sorry, it was 6 people
    # not 4" → people_count; "sorry, not today, four days ago" → when_seen): not an answer to
    # the question asked.
    corrected: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_payload(self) -> bool:
        return parsing.is_payload(self.text)

    @property
    def is_meta(self) -> bool:
        if self.text == CONTACT_PLACEHOLDER:
            return False  # the gateway's marker, whatever the NLU made of it
        if self.requested == "stop_check" and self.confirms_stop:
            return True  # "yes" to "Do you want to stop?": a rule stops the report
        if self.intent not in META_INTENTS:
            return False
        if self.is_payload:
            return True
        if self.intent in STOP_INTENTS:
            return self.is_clear_stop  # a guessed stop is asked about first (is_guessed_stop)
        if self.confidence < META_CONFIDENCE:
            return False
        if self.requested in YES_NO_QUESTIONS and "?" not in self.text and self._answers_yes_or_no:
            return False  # "thoi, ko can lien lac, cu de anonymous": an answer, not a question about anonymity
        if self.requested in FREE_TEXT_SLOTS:
            # A long description with a question in it ("… kya mujhe deport kar denge?") is the
            # description: kept, not lost to the question.
            short = len(self.text.split()) <= LONGEST_QUESTION_WORDS
            return short and ("?" in self.text or bool(_QUESTION_START.match(self.text)))
        if self.requested == "people_count" and "?" not in self.text and parsing.people_count_from(self.text) is not None:
            return False  # "nam nguoi" (five people) is no question whether the bot is a person
        if self.requested in ("signs", "signs_done") and "?" not in self.text:
            # "qarza, tankhwa puri nahi milti, bohat lambe ghante": signs named, an answer
            # whatever intent the classifier heard in it.
            return not parsing.signs_answered(self.message, self.text, self.language)
        return True

    @property
    def _answers_yes_or_no(self) -> bool:
        if answer_words.said_first(self.text, self.language):
            return True
        return self.requested in ("immediate_danger", "danger_check") and answer_words.says_no_danger(self.text, self.language)

    @property
    def is_clear_stop(self) -> bool:
        """ "stop", the Stop button, "cancel my report": stops at once (someone may be watching)."""
        if self.intent not in STOP_INTENTS:
            return False
        return self.is_payload or self.requested == "stop_check" or answer_words.clear_stop(self.text)

    @property
    def is_guessed_stop(self) -> bool:
        """The classifier's guess of stop for words that do not plainly say it ("it's a
        scrapyard, none of those really"), or a longer message that names stopping ("my brother
        does not want it, cancel the report please"): asked "Do you want to stop?" when not an
        answer."""
        if self.is_clear_stop or self.is_payload:
            return False
        if self.intent not in STOP_INTENTS:
            # Whatever the NLU made of it, a message that names stopping ("…, cancel kar dein")
            # is asked about; in free text ("the bus stop") only a wish to stop ("mos e dergo").
            return self.names_stopping
        return len(self.text.split()) <= GUESSED_STOP_WORDS or self.names_stopping

    @property
    def names_stopping(self) -> bool:
        """Asks, in so many words, for the report to stop or not be sent: a stop word at a choice
        question, a wish to stop anywhere (answer_words.wishes_to_stop)."""
        if self.requested in FREE_TEXT_SLOTS:
            return answer_words.wishes_to_stop(self.text)
        return answer_words.names_stopping(self.text)

    @property
    def confirms_stop(self) -> bool:
        if self.intent == "stop":
            return True
        return parsing.tristate_said(self.text, self.intent, None) == "yes"

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
        # A long description that also corrects the count is both ("de fapt lucreaza vreo 5
        # acolo dar doar unu e incuiat"): the words are not lost.
        corrects_only = bool(self.corrected) and not (slot == "description" and len(self.text.split()) > LONGEST_CORRECTION_WORDS)
        return self.requested == slot and not self.is_meta and not self.is_correction and not corrects_only


def earlier_answers_corrected(text: str, requested: str | None, slots: Mapping[str, Any]) -> dict[str, Any]:
    """The count or time an earlier answer gave, corrected in `text` at a later question: the
    count when the old one or the new one is named in digits, not as a time ("sorry no 20, 15,
    counted them today", "de fapt 3, am mai vazut unu azi"), else a time named in a correction
    ("sorry, not today, 4 days ago", "معاف کیجیے، آج نہیں، چار دن پہلے"), else a short count
    correction."""
    if not text or parsing.is_payload(text):
        return {}
    count, when = slots.get("people_count"), slots.get("when_seen")
    new_count = None
    if isinstance(count, int) and requested != "people_count":
        new_count = answer_numbers.corrected_number(text, count)
    if new_count is not None and (answer_numbers.names_a_count(text, count) or answer_numbers.names_a_count(text, new_count)):
        return {"people_count": new_count}
    # Whether or not the slot already holds it: the extractors of one turn run one after another
    # over slots they update, and each must see the same correction.
    if isinstance(when, str) and when != parsing.INVALID and requested != "when_seen":
        new_time = answer_numbers.corrected_time(text)
        if new_time is not None:
            return {"when_seen": new_time}
    return {} if new_count is None else {"people_count": new_count}


def turn_of(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    requested = tracker.get_slot("requested_slot")
    payload = typed_payload(requested, message.get("text") or "")
    if payload is not None:  # a button's own words, typed: as if tapped
        message = as_message(payload, message)
    intent, confidence = parsing.intent_of(message)
    text = message.get("text") or ""
    corrected = earlier_answers_corrected(text, requested, tracker.slots)
    return Turn(intent, confidence, text, message, requested, tracker.get_slot("language"), corrected)
