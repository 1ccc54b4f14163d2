"""Reading the report out of a Rasa tracker: slots to `Report`, the reporter's own messages,
and the conversation's channel. Slot conventions are documented in docs/conversation.md."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final

from rasa_sdk import Tracker

from spotsigns.contacts import CONTACT_PLACEHOLDER
from spotsigns.fields import CHANNELS, LANGUAGES, MAX_DESCRIPTION_CHARS, SETTINGS, SIGNS, TRISTATE, WHEN_SEEN, Report

REPORT_SLOTS: Final = (
    "immediate_danger",
    "reporter_is_victim",
    "setting",
    "location",
    "when_seen",
    "children_involved",
    "signs",
    "people_count",
    "description",
    "contact_ok",
    "contact",
)
HELPER_SLOTS: Final = ("notes", "signs_done", "field_to_correct", "correcting", "report_confirmed", "emergency", "tip_reference")
# Actions after which a new report starts: the reporter's earlier messages no longer count.
REPORT_BOUNDARIES: Final = ("action_submit_report", "action_stop_report", "action_session_start", "action_restart")


def report_from_slots(slots: Mapping[str, Any]) -> Report:
    """The report as far as it is known. Skipped answers ("" / "unknown") become None."""
    people = slots.get("people_count")
    return Report(
        setting=slots.get("setting") if slots.get("setting") in SETTINGS else None,
        location=slots.get("location") or None,
        when_seen=slots.get("when_seen") if slots.get("when_seen") in WHEN_SEEN else None,
        signs=tuple(s for s in SIGNS if s in (slots.get("signs") or [])),
        people_count=people if isinstance(people, int) and not isinstance(people, bool) else None,
        children_involved=slots.get("children_involved") if slots.get("children_involved") in TRISTATE else None,
        immediate_danger=slots.get("immediate_danger") if slots.get("immediate_danger") in TRISTATE else None,
        reporter_is_victim=slots.get("reporter_is_victim") is True,
        description=full_description(slots) or None,
        contact_ok=slots.get("contact_ok") is True,
        language=slots.get("language") if slots.get("language") in LANGUAGES else "en",
    )


def full_description(slots: Mapping[str, Any]) -> str:
    """The reporter's description followed by anything they typed where a choice was asked."""
    parts = [slots.get("description") or "", *(slots.get("notes") or [])]
    return "\n".join(p for p in parts if p)[:MAX_DESCRIPTION_CHARS]


def reporter_messages(tracker: Tracker) -> list[str]:
    """The reporter's own words in the current report (for danger cues in any message)."""
    texts: list[str] = []
    for event in tracker.events:
        kind = event.get("event")
        if kind == "action" and event.get("name") in REPORT_BOUNDARIES:
            texts = []
        elif kind == "user":
            text = event.get("text") or ""
            if text and not text.startswith("/") and text != CONTACT_PLACEHOLDER:
                texts.append(text)
    return texts


def aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; the tip store writes UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


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
