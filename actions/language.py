"""action_validate_slot_mappings: runs after every message and sets the `language` slot from
the gateway's detection (message metadata). The gateway only sends a language when it is
confident, so a short "ok" never changes it (sticky language); and an answer that is a place,
a number or contact details never changes it unless the reporter names a language (issue 10:
"12 Mill Road, Leeds" is not English)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from spotsigns.report.fields import LANGUAGES

# Answers made of addresses, names and numbers, which look English in any language.
_LANGUAGE_BLIND_ANSWERS = frozenset({"location", "contact", "people_count", "when_seen", "setting"})


def known_language(value: Any) -> str:
    """`value` if it is a language of the service, else English: the `language` slot's
    validation, here and in validate_report_form (which sees the slot too)."""
    return value if value in LANGUAGES else "en"


class ValidateGlobalSlots(ValidationAction):
    def domain_slots(self, domain: DomainDict) -> list[str]:
        return ["language"]  # every other slot belongs to report_form and its validator

    async def extract_language(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        metadata = (tracker.latest_message or {}).get("metadata") or {}
        language = metadata.get("language")
        if language not in LANGUAGES or language == tracker.get_slot("language"):
            return {}
        if tracker.get_slot("requested_slot") in _LANGUAGE_BLIND_ANSWERS and not metadata.get("language_chosen"):
            return {}
        return {"language": language}

    def validate_language(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return {"language": known_language(value)}
