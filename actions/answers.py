"""What the reporter's latest message answers, one plain function per question of `report_form`
(the `extract_<slot>` methods of validate_report_form call them). Each takes the turn and the
answers so far and gives the slots to set: {} when the message does not answer that question,
`INVALID` when it tries to but cannot be used (the validator then asks again)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from actions import parsing
from actions.parsing import INVALID
from actions.turn import Turn
from spotsigns.report.fields import MAX_DESCRIPTION_CHARS, MAX_LOCATION_CHARS
from spotsigns.report.triage import danger_in_words
from spotsigns.storage.contacts import CONTACT_PLACEHOLDER

Slots = Mapping[str, Any]
# Answers that begin a report, from which a place, an address or a time may be taken early.
OPENING_INTENTS: Final = frozenset({"report_concern", "inform", "emergency"})


def emergency_guess(turn: Turn, slots: Slots) -> str | None:
    """What the `emergency` intent of this turn means (issue 10): None without it; "yes" for
    the button, an answer to the danger question, when the reporter said nothing against it,
    or when the words bear it out (cue lists or learned signal); otherwise "check": a guess
    against their "No" or "Not sure", so ask `danger_check` (actions/safety.py), never escalate."""
    if not turn.is_emergency:
        return None
    if turn.is_payload or turn.asks("immediate_danger") or slots.get("immediate_danger") in (None, "yes"):
        return "yes"
    return "yes" if danger_in_words([turn.text]) else "check"


def immediate_danger(turn: Turn, slots: Slots) -> dict[str, Any]:
    if emergency_guess(turn, slots) == "yes":
        return {"immediate_danger": "yes"}
    if not turn.asks("immediate_danger"):
        return {}
    return {"immediate_danger": parsing.tristate(turn.intent) or INVALID}


def danger_check(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("danger_check"):
        return {}
    if turn.is_emergency:
        return {"danger_check": "yes"}
    return {"danger_check": parsing.tristate(turn.intent) or INVALID}


def reporter_is_victim(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("reporter_is_victim"):
        return {}
    answer = parsing.yes_no(turn.intent)
    return {"reporter_is_victim": INVALID if answer is None else answer}


def setting(turn: Turn, slots: Slots) -> dict[str, Any]:
    if turn.asks("setting"):
        found = parsing.setting_from(turn.message)
        if found is None and turn.intent in ("skip", "unsure"):
            found = "other"
        return {"setting": found or INVALID}
    if slots.get("setting") is None and turn.intent in OPENING_INTENTS:
        found = parsing.setting_from(turn.message)
        return {"setting": found} if found else {}
    return {}


def location(turn: Turn, slots: Slots) -> dict[str, Any]:
    if turn.asks("location"):
        if turn.intent in ("skip", "unsure"):
            return {"location": ""}
        if turn.is_payload:
            return {"location": INVALID}
        address = parsing.address_in(turn.text)
        if turn.is_emergency and address is None:
            return {}  # "he has a knife" says what, not where: ask again after the 999 advice
        return {"location": parsing.clean_text(turn.text, MAX_LOCATION_CHARS)}
    if slots.get("location") is None and turn.intent in OPENING_INTENTS:
        address = parsing.address_in(turn.text)
        return {"location": address} if address else {}
    return {}


def when_seen(turn: Turn, slots: Slots) -> dict[str, Any]:
    if turn.asks("when_seen"):
        found = parsing.when_seen_from(turn.message, turn.text)
        if found is None and turn.intent in ("skip", "unsure"):
            found = "unknown"
        return {"when_seen": found or INVALID}
    if slots.get("when_seen") is None and turn.intent in OPENING_INTENTS:
        found = parsing.when_seen_entity(turn.message)
        return {"when_seen": found} if found else {}
    return {}


def children_involved(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("children_involved"):
        return {}
    return {"children_involved": parsing.tristate(turn.intent) or INVALID}


def signs(turn: Turn, slots: Slots) -> dict[str, Any]:
    """Several signs, one button at a time or in words."""
    if not turn.asks("signs"):
        return {}
    found = parsing.signs_from(turn.message, turn.text)
    if found:
        return {"signs": found}
    if turn.intent in ("deny", "skip", "unsure"):
        return {"signs": []}
    return {"signs": [INVALID]}


def signs_done(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("signs_done"):
        return {}
    found = parsing.signs_from(turn.message, turn.text)
    if found:
        noted = list(slots.get("signs") or [])
        merged = [*noted, *(s for s in found if s not in noted)]
        return {"signs": merged, "signs_done": None}  # ask "anything else?" again
    if turn.intent in ("deny", "skip", "unsure", "thank"):
        return {"signs_done": True}
    return {"signs_done": INVALID}


def people_count(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("people_count"):
        return {}
    if turn.intent in ("unsure", "skip"):
        return {"people_count": "unknown"}
    count = parsing.people_count_from(turn.text)
    return {"people_count": INVALID if count is None else count}


def description(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("description"):
        return {}
    if turn.intent == "skip" or (turn.is_payload and turn.intent in ("deny", "unsure")):
        return {"description": ""}
    if turn.is_payload:
        return {"description": INVALID}
    return {"description": parsing.clean_text(turn.text, MAX_DESCRIPTION_CHARS)}


def contact_ok(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("contact_ok"):
        return {}
    answer = parsing.yes_no(turn.intent)
    if CONTACT_PLACEHOLDER in turn.text and turn.intent != "deny":
        answer = True  # "yes, call me on …": the gateway took the details out and kept them
    return {"contact_ok": INVALID if answer is None else answer}


def contact(turn: Turn, slots: Slots) -> dict[str, Any]:
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
    return {"contact": turn.text}  # not captured by the gateway (e.g. it restarted): stored by the validator


def report_confirmed(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("report_confirmed") or turn.intent in ("correct", "deny"):
        return {}  # a change is handled by form_flow.correction_events
    return {"report_confirmed": True if turn.intent == "affirm" else INVALID}
