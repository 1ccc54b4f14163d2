"""Turn a chat or SMS message into a form answer: buttons (payload entities), intents, and
free text. Returns `INVALID` when the message is an attempt at an answer that cannot be used,
and `None` when the message is not an answer at all."""

from __future__ import annotations

import re
from typing import Any, Final

from spotsigns.report.fields import SETTINGS, SIGNS, WHEN_SEEN
from spotsigns.report.indicators import load_indicators
from spotsigns.report.text import basic, fold_latin

INVALID: Final = "__invalid__"
# The buttons and words that answer a yes / no / not sure question.
_CHOICES: Final = {"affirm": "yes", "deny": "no", "unsure": "unsure", "skip": "unsure"}

_NUMBER_WORDS: Final = {
    "zero": 0, "none": 0, "nobody": 0, "one": 1, "a": 1, "two": 2, "couple": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "dozen": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
_WHEN_PATTERNS: Final = (
    ("now", r"\b(?:now|right now|at the moment|currently|happening|as we speak|still there)\b"),
    ("today", r"\b(?:today|this morning|this afternoon|this evening|tonight|earlier|an hour ago|hours ago|few hours)\b"),
    ("this_week", r"\b(?:yesterday|this week|last night|days? ago|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)\b"),
    ("earlier", r"\b(?:last week|weeks? ago|last month|months? ago|last year|years? ago|a while ago|ages ago|long time)\b"),
)
_UK_POSTCODE: Final = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_STREET: Final = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[a-z'\-]+\s){0,3}(?:road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|way|place|crescent|terrace|hill|parade|square|grove|court|gardens)\b",
    re.IGNORECASE,
)


def entity_values(message: dict[str, Any], entity: str) -> list[str]:
    return [str(e.get("value")) for e in message.get("entities") or [] if e.get("entity") == entity and e.get("value") is not None]


def intent_of(message: dict[str, Any]) -> tuple[str | None, float]:
    intent = message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def is_payload(text: str) -> bool:
    return text.startswith("/")


def tristate(intent: str | None) -> str | None:
    """A yes / no / not sure answer ("skip" is "not sure"); None when the intent is none of them."""
    return _CHOICES.get(intent or "")


def yes_no(intent: str | None) -> bool | None:
    """A yes/no answer: only "yes" is True (no, not sure and skip are False); None as `tristate`."""
    answer = tristate(intent)
    return None if answer is None else answer == "yes"


def setting_from(message: dict[str, Any]) -> str | None:
    """The place named in the message (button payload or the NLU's place vocabulary)."""
    return next((v for v in entity_values(message, "setting") if v in SETTINGS), None)


def when_seen_entity(message: dict[str, Any]) -> str | None:
    """The time named by a button or the NLU (not read from the words)."""
    return next((v for v in entity_values(message, "when_seen") if v in WHEN_SEEN), None)


def when_seen_from(message: dict[str, Any], text: str) -> str | None:
    found = when_seen_entity(message)
    if found is not None:
        return found
    if text and not is_payload(text):
        folded = basic(text)
        for value, pattern in _WHEN_PATTERNS:
            if re.search(pattern, folded):
                return value
    return None


def signs_from(message: dict[str, Any], text: str) -> list[str]:
    chosen = {v for v in entity_values(message, "sign") if v in SIGNS}
    if text and not is_payload(text):
        chosen.update(load_indicators().match_signs(text))
    return [s for s in SIGNS if s in chosen]


def people_count_from(text: str) -> int | None:
    """'about 5', '3 men and a boy' (4), 'a dozen', 'twenty or so'."""
    if not text or is_payload(text):
        return None
    folded = fold_latin(text)
    digits = [int(d) for d in re.findall(r"\b\d{1,5}\b", folded)]
    is_range = bool(re.search(r"\d\s*(?:-|to|or)\s*\d", folded) or re.search(r"\bbetween\b", folded))
    if len(digits) == 1 and not is_range:
        count = digits[0]
        extra = re.findall(r"\band\s+(?:a|one)\s+\w+", folded)
        return count + len(extra)
    if len(digits) >= 2:
        if is_range:  # take the upper end (safety first)
            return max(digits)
        return sum(digits)
    words = [_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", folded) if w in _NUMBER_WORDS and w != "a"]
    if words:
        return max(words)
    return None


def address_in(text: str) -> str | None:
    """A UK postcode or street address in `text`, so an emergency message that says where it
    is can be escalated without asking again."""
    if not text or is_payload(text):
        return None
    for pattern in (_STREET, _UK_POSTCODE):
        match = pattern.search(text)
        if match:
            return match.group(0).strip()
    return None


def clean_text(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]
