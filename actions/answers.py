"""What the reporter's latest message answers, one plain function per question of `report_form`
(the `extract_<slot>` methods of validate_report_form call them). Each takes the turn and the
answers so far and gives the slots to set: {} when the message does not answer that question,
`INVALID` when it tries to but cannot be used (the validator then asks again)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Final

from actions import parsing
from actions.conversation import ANSWER_QUESTIONS, NONE_SEEN, learned_reading_unconfirmed
from actions.parsing import INVALID
from actions.turn import Turn
from spotsigns.report import answer_numbers, answer_words
from spotsigns.report.fields import MAX_DESCRIPTION_CHARS, MAX_LOCATION_CHARS
from spotsigns.report.i18n import button_words
from spotsigns.report.triage import danger_in_words
from spotsigns.storage.contacts import CONTACT_PLACEHOLDER

Slots = Mapping[str, Any]
# Answers that begin a report, from which a place, an address or a time may be taken early.
OPENING_INTENTS: Final = frozenset({"report_concern", "inform", "emergency", "greet"})


@lru_cache(maxsize=256)
def _danger_read(text: str) -> frozenset[str]:
    """What reads danger in one message (triage.danger_in_words): once a message, though the
    answers of one turn ask several times (the learned signal is a model to run)."""
    return danger_in_words([text])


def emergency_guess(turn: Turn, slots: Slots) -> str | None:
    """What the `emergency` intent of this turn means (issue 10): None without it, for a plain
    answer to the question asked, and before the danger question when the words do not bear it
    out (that question comes first); "yes" for the button, at the danger question unless the
    reporter says no first, after a "Yes", or when the words bear it out (after a "No", only the
    cue lists); otherwise "check": a guess against their "No" or "Not sure", so ask
    `danger_check` (actions/safety.py), never escalate."""
    if not turn.is_emergency:
        return None
    if turn.is_payload or slots.get("immediate_danger") == "yes":
        return "yes"
    in_words = _danger_read(turn.text)
    if turn.requested in ANSWER_QUESTIONS or learned_reading_unconfirmed(slots):
        # As in triage: the learned signal reads descriptions ("same bloke drives the women in
        # and out" typed at the signs question is read there as signs), and not once the
        # reporter could not confirm its reading.
        in_words -= {"learned"}
    if turn.asks("immediate_danger"):
        # "Không, không có ai gặp nguy hiểm ngay bây giờ" ("No, nobody is in danger right now")
        # reads as an emergency to the NLU: the answer said first decides.
        said = _danger_answer(turn, slots)
        # A "no" with "help" in it ("no, but please help us") is not a confident no.
        return None if (said == "no" and not in_words & {"cues", "plea"}) or (said == "unsure" and not in_words) else "yes"
    if not in_words and plain_answer(turn, slots):
        return None  # "three" to "how many people?": an answer, not an emergency
    if not in_words and slots.get("danger_check") is not None:
        return None  # the concrete question was asked and answered: a guess alone asks it no more
    if slots.get("immediate_danger") is None:
        # Not asked yet: the danger question comes first anyway, so a guess that the cue lists
        # do not bear out ("hi, muon bao ve cai car wash gan nha"), or bear out only as a plea
        # for help ("am nevoie de ajutor … îmi iau banii"), waits for that answer, as the
        # learned signal alone does (safety._wait_for_the_reporter).
        return "yes" if "cues" in in_words else None
    # Against a "No", only danger named in plain words (the cue lists) overrides it; the
    # learned signal's reading, like the intent's, is checked with one question first.
    needed = {"cues"} if slots.get("immediate_danger") == "no" else {"cues", "learned"}
    return "yes" if in_words & needed else "check"


def plain_answer(turn: Turn, slots: Slots) -> bool:
    """The message answers the question asked in plain terms (a number, a time, an age, a
    place, yes or no): numbers, places and times are answers, not intents."""
    language = slots.get("language")
    requested = turn.requested
    if requested == "people_count":
        return parsing.people_count_from(turn.text) is not None
    if requested == "when_seen":
        return parsing.when_seen_from(turn.message, turn.text) is not None
    if requested in ("signs", "signs_done"):
        return bool(parsing.signs_answered(turn.message, turn.text, language))  # "covered windows, people coming and going"
    if requested == "location":
        return parsing.address_in(turn.text) is not None or len(turn.text.split()) <= 3
    if requested in ("children_involved", "reporter_is_victim", "contact_ok", "immediate_danger", "danger_check"):
        return answer_words.said_first(turn.text, language) is not None or bool(answer_numbers.ages_in(turn.text, asked_about_age=True))
    return False


def _tristate(turn: Turn, slots: Slots) -> str | None:
    return parsing.tristate_said(turn.text, turn.intent, slots.get("language"))


def _danger_answer(turn: Turn, slots: Slots) -> str | None:
    """The answer to a danger question: yes / no / not sure, "no danger" said in a sentence, or
    a hedge ("Tôi không nghĩ là nguy hiểm, nhưng tôi cũng không chắc": not sure). The NLU's
    `emergency` for words that name no danger (neither the cue lists nor the learned signal
    read any) is its guess alone: not sure, never a yes."""
    if turn.is_payload:
        return parsing.tristate(turn.intent)
    language = slots.get("language")
    said = answer_words.said_first(turn.text, language)
    if said is None and answer_words.says_no_danger(turn.text, language):
        return "no"
    if said is None and (answer_words.unsure_but_saw_none(turn.text, language) or (turn.is_emergency and not _danger_read(turn.text))):
        return "unsure"
    return said or parsing.tristate(turn.intent)


def immediate_danger(turn: Turn, slots: Slots) -> dict[str, Any]:
    if emergency_guess(turn, slots) == "yes":
        return {"immediate_danger": "yes"}
    if not turn.asks("immediate_danger"):
        return {}
    said = _danger_answer(turn, slots)
    if said == "no" and not turn.is_payload and _danger_read(turn.text) & {"cues", "plea"}:
        said = "unsure"  # "no… he is bleeding": a "no" that names danger is not a confident no
    return {"immediate_danger": said or INVALID}


def danger_check(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("danger_check"):
        return {}
    if turn.is_emergency and _danger_read(turn.text):
        return {"danger_check": "yes"}
    said = _danger_answer(turn, slots) or ("yes" if turn.is_emergency else INVALID)
    if said == "unsure" and not turn.is_payload and answer_words.unsure_but_saw_none(turn.text, slots.get("language")):
        return {"danger_check": NONE_SEEN}  # "Nie wiem, nikogo nie widać": not sure, saw nothing of the kind
    return {"danger_check": said}


def reporter_is_victim(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("reporter_is_victim"):
        return {}
    answer = _tristate(turn, slots)
    return {"reporter_is_victim": INVALID if answer is None else answer == "yes"}


def setting(turn: Turn, slots: Slots) -> dict[str, Any]:
    if turn.asks("setting"):
        found = parsing.setting_from(turn.message) or parsing.setting_from_words(turn.text)
        if found is None and turn.intent in ("skip", "unsure"):
            found = "other"
        return {"setting": found or INVALID}
    if slots.get("setting") is None and turn.intent in OPENING_INTENTS:
        found = parsing.setting_from(turn.message) or parsing.setting_from_words(turn.text)
        # "the flat upstairs", "a house on our road": where, not what (a cannabis farm, a
        # brothel, a domestic worker): the place question is still asked.
        return {"setting": found} if found and found != "house" else {}
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
    if "when_seen" in turn.corrected:
        return {"when_seen": turn.corrected["when_seen"]}  # "sorry, not today, four days ago"
    if slots.get("when_seen") is None and turn.intent in OPENING_INTENTS and turn.requested is None:
        # The opening message's time; "not at the moment" answering the danger question is no
        # time it was seen.
        found = parsing.when_seen_entity(turn.message)
        return {"when_seen": found} if found else {}
    return {}


def children_involved(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("children_involved"):
        return {}
    ages = [] if turn.is_payload else answer_numbers.ages_in(turn.text, asked_about_age=True)
    if any(age < 18 for age in ages):
        return {"children_involved": "yes"}  # "one looks about 17", "maybe 15 or 16"
    said = _tristate(turn, slots)
    if ages and said in (None, "no"):
        return {"children_involved": "no"}  # "no, I am 24", "they're all about 30"
    return {"children_involved": said or INVALID}


def signs(turn: Turn, slots: Slots) -> dict[str, Any]:
    """Several signs, one button at a time or in words."""
    if not turn.asks("signs"):
        if slots.get("signs") is None and turn.intent in OPENING_INTENTS and not turn.is_payload and turn.requested is None:
            found = parsing.signs_from(turn.message, turn.text, slots.get("language")) + _under_18(turn)
            return {"signs": list(dict.fromkeys(found))} if found else {}  # the opening's signs, to confirm
        return {}
    found = parsing.signs_answered(turn.message, turn.text, slots.get("language"))
    if found:
        return {"signs": found}
    if turn.intent in ("deny", "skip", "unsure") or _thats_all(turn, slots):
        return {"signs": []}
    return {"signs": [INVALID]}


def _thats_all(turn: Turn, slots: Slots) -> bool:
    if turn.is_payload:
        return False
    return answer_words.says_thats_all(turn.text, button_words(slots.get("language"), ("thats_all", "none_of_these")))


def _under_18(turn: Turn) -> list[str]:
    """An age under 18 said in words ("he can't be more than 15") is the sign itself."""
    return ["appears_under_18"] if any(age < 18 for age in answer_numbers.ages_in(turn.text)) else []


def signs_done(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("signs_done"):
        return {}
    found = parsing.signs_answered(turn.message, turn.text, slots.get("language"))
    if found:
        noted = list(slots.get("signs") or [])
        merged = [*noted, *(s for s in found if s not in noted)]
        return {"signs": merged, "signs_done": None}  # ask "anything else?" again
    if turn.intent in ("deny", "skip", "unsure", "thank") or _thats_all(turn, slots):
        return {"signs_done": True}
    return {"signs_done": INVALID}


def people_count(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("people_count"):
        return {"people_count": turn.corrected["people_count"]} if "people_count" in turn.corrected else {}
    count = parsing.people_count_from(turn.text)
    if count is None and (turn.intent in ("unsure", "skip") or _tristate(turn, slots) == "unsure"):
        return {"people_count": "unknown"}
    return {"people_count": INVALID if count is None else count}


def description(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("description"):
        return {}
    if turn.intent == "skip" or (turn.is_payload and turn.intent in ("deny", "unsure")):
        return {"description": ""}
    if turn.is_payload:
        return {"description": INVALID}
    answer: dict[str, Any] = {"description": parsing.clean_text(turn.text, MAX_DESCRIPTION_CHARS)}
    # Signs described in their own words count as signs ("they live in the portacabin"), as in
    # the opening message and at the signs question: triage and staff see them.
    noted = list(slots.get("signs") or [])
    described = [s for s in [*parsing.signs_from({}, turn.text, slots.get("language")), *_under_18(turn)] if s not in noted]
    if described:
        answer["signs"] = [*noted, *dict.fromkeys(described)]
    return answer


def contact_ok(turn: Turn, slots: Slots) -> dict[str, Any]:
    if not turn.asks("contact_ok"):
        return {}
    said = _tristate(turn, slots)
    answer = None if said is None else said == "yes"
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


def stop_check(turn: Turn, slots: Slots) -> dict[str, Any]:
    """Anything but "yes" (which a rule takes: turn.is_meta) to "Do you want to stop?" goes
    back to the question the reporter was at."""
    if not turn.asks("stop_check"):
        return {}
    return {"stop_check": "carry_on"}
