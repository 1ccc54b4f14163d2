"""Reading the report out of a Rasa tracker: slots to `Report`, the reporter's own messages,
and the conversation's channel. Slot conventions are documented in docs/conversation.md."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from rasa_sdk import Tracker

from spotsigns.report.fields import CHANNELS, FIELDS, MAX_DESCRIPTION_CHARS, Field, Report
from spotsigns.storage.contacts import CONTACT_PLACEHOLDER

# The form's slots named after the report's fields (spotsigns.report.fields); the language slot
# belongs to the conversation, not to one report.
REPORT_SLOTS: Final = tuple(spec.name for spec in FIELDS if spec.kind != "language")
HELPER_SLOTS: Final = (
    "notes", "signs_done", "field_to_correct", "correcting", "report_confirmed", "emergency", "tip_reference",
    "danger_check_due", "danger_check", "stop_check_due", "stop_check", "stopped_report",
)  # fmt: skip
# Questions answered with a place, a time, a count, a choice or signs, not a description.
ANSWER_QUESTIONS: Final = frozenset(
    {"location", "when_seen", "people_count", "children_involved", "setting", "reporter_is_victim", "signs", "signs_done",
     "contact_ok", "contact", "report_confirmed", "stop_check", "field_to_correct"}
)  # fmt: skip
# Actions after which a new report starts: the reporter's earlier messages no longer count.
REPORT_BOUNDARIES: Final = ("action_submit_report", "action_stop_report", "action_session_start", "action_restart")


def _slot_value(spec: Field, value: Any) -> Any:
    """A slot's value as the report field holds it; skipped answers ("" / "unknown") are None."""
    match spec.kind:
        case "choice":
            return value if value in spec.values else None
        case "flag":
            return value is True
        case "signs":
            return tuple(s for s in spec.values if s in (value or []))
        case "count":
            return value if isinstance(value, int) and not isinstance(value, bool) else None
        case "language":
            return value if value in spec.values else "en"
        case "contact":
            return None  # captured and encrypted by the gateway; the slot only says "provided"
    return value or None


# The answer to the danger check "not sure, I saw nothing like that" (answers.danger_check).
NONE_SEEN: Final = "none_seen"


def learned_reading_unconfirmed(slots: Mapping[str, Any]) -> bool:
    """Asked the concrete danger check (is anyone hurt, shut in or threatened now?), the
    reporter could not say and saw nothing of the kind ("Nežinau, nieko tokio nemačiau"): the
    learned signal's reading alone is then no emergency (triage's `learned_unconfirmed`)."""
    return slots.get("danger_check") == NONE_SEEN


def report_from_slots(slots: Mapping[str, Any]) -> Report:
    """The report as far as it is known, with the reporter's words kept where a choice was asked."""
    values = {spec.name: _slot_value(spec, slots.get(spec.name)) for spec in FIELDS}
    values["description"] = full_description(slots) or None
    return Report(**values)


def full_description(slots: Mapping[str, Any]) -> str:
    """The reporter's description followed by anything they typed where a choice was asked."""
    parts = [slots.get("description") or "", *(slots.get("notes") or [])]
    return "\n".join(p for p in parts if p)[:MAX_DESCRIPTION_CHARS]


def reporter_messages(tracker: Tracker, *, described_only: bool = False) -> list[str]:
    """The reporter's own words in the current report (for danger cues in any message); with
    `described_only`, without the answers to questions that ask for a place, a time, a count,
    a choice or signs (`ANSWER_QUESTIONS`): what the learned danger signal, a reader of
    descriptions, reads ("Trent Court, NG7, flat 14" once read to it as a child at risk)."""
    texts: list[str] = []
    requested = None
    for event in tracker.events:
        kind = event.get("event")
        if kind == "action" and event.get("name") in REPORT_BOUNDARIES:
            texts = []
        elif kind == "slot" and event.get("name") == "requested_slot":
            requested = event.get("value")
        elif kind == "user":
            text = event.get("text") or ""
            if described_only and requested in ANSWER_QUESTIONS:
                continue
            if text and not text.startswith("/") and text != CONTACT_PLACEHOLDER:
                texts.append(text)
    return texts


def report_started_at(tracker: Tracker) -> float:
    """When the reporter last submitted, stopped or restarted a report, as a Unix time (0 if
    never). A new session is not a new report: Rasa may have been down for the first message."""
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") in REPORT_BOUNDARIES and event.get("name") != "action_session_start":
            return float(event.get("timestamp") or 0)
    return 0.0


def channel_of(tracker: Tracker) -> str:
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    channel = metadata.get("channel")
    return channel if channel in CHANNELS else "web_chat"


def uttered_this_turn(tracker: Tracker, response: str) -> bool:
    """Whether the bot already said `response` since the reporter's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == response:
            return True
    return False
