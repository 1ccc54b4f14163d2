"""Turn a chat or SMS message into a form answer: buttons (payload entities), intents, and
free text. Returns `INVALID` when the message is an attempt at an answer that cannot be used,
and `None` when the message is not an answer at all."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Final

from spotsigns.report import answer_numbers, answer_words, sign_reader
from spotsigns.report.fields import LANGUAGES, SETTINGS, SIGNS, WHEN_SEEN
from spotsigns.report.indicators import load_indicators
from spotsigns.report.text import fold_arabic, fold_latin

INVALID: Final = "__invalid__"
# The buttons and words that answer a yes / no / not sure question.
_CHOICES: Final = {"affirm": "yes", "deny": "no", "unsure": "unsure", "skip": "unsure"}

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


def tristate_said(text: str, intent: str | None, language: str | None) -> str | None:
    """A yes / no / not sure answer from a button, from the words it starts with ("no, I'm
    only a customer", "nie wiem"), else from the intent; None when it is none of them."""
    if is_payload(text):
        return tristate(intent)
    return answer_words.said_first(text, language) or tristate(intent)


# Kinds of exploitation that happen in a house or flat: when the words name one of them and a
# house too ("a cannabis farm in the flat upstairs"), the house is where, not what.
_SETTINGS_OVER_A_HOUSE: Final = ("cannabis_or_drugs", "sexual_exploitation", "domestic_servitude", "begging_or_crime")


def setting_from(message: dict[str, Any]) -> str | None:
    """The place named in the message (button payload or the NLU's place vocabulary); a
    kind of exploitation wins over the house or flat it happens in."""
    named = [v for v in entity_values(message, "setting") if v in SETTINGS]
    if len(set(named)) > 1 and "house" in named:
        named = [v for v in named if v != "house"]
    return next((v for v in named if v in _SETTINGS_OVER_A_HOUSE), named[0] if named else None)


# Words of the labels that say nothing of the place on their own.
_NOT_PLACE_WORDS: Final = frozenset(
    {"other", "somewhere", "people", "worker", "shared", "forced", "private", "local", "inclusiv", "lines", "county", "nguoi", "pomoc",
     "prace", "chung", "duong", "truong", "khach", "parte", "tjeter", "vieta", "miejsce"}
)  # fmt: skip


@lru_cache(maxsize=1)
def _setting_words() -> dict[str, str]:
    """Words of the places' button labels and descriptions, in every language, that belong to
    one place only ("cannabis", "brothel", "myjnia"): a typed answer that uses one names it."""
    from spotsigns.report import i18n  # the wording the buttons use

    labels = ((code, i18n.setting_label(code, language)) for code in SETTINGS for language in LANGUAGES)
    return _words_of_one(labels, _NOT_PLACE_WORDS | answer_words.plain_answer_words())


def _words_of_one(labels: Iterable[tuple[str, str]], too_common: frozenset[str]) -> dict[str, str]:
    """word → the one code whose labels use it (words long enough to mean something, and not
    shared with another code's labels)."""
    owners: dict[str, set[str]] = {}
    for code, label in labels:
        for word in _words(label):
            owners.setdefault(word, set()).add(code)
    return {
        word: next(iter(codes))
        for word, codes in owners.items()
        if len(codes) == 1 and len(word) >= (4 if word[0] >= "\u0600" else 5) and word not in too_common
    }


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold_arabic(fold_latin(text)))


def setting_from_words(text: str) -> str | None:
    """The place the words of a typed answer name: everyday words (answer_words.yml) or the
    buttons' own wording; a kind of exploitation wins over the house it happens in."""
    if not text or is_payload(text):
        return None
    named = set(answer_words.settings_named(text)) | {_setting_words()[w] for w in _words(text) if w in _setting_words()}
    if len(named) > 1:
        named -= {"house"}
    return named.pop() if len(named) == 1 else None


def when_seen_entity(message: dict[str, Any]) -> str | None:
    """The time named by a button or the NLU (not read from the words)."""
    return next((v for v in entity_values(message, "when_seen") if v in WHEN_SEEN), None)


def when_seen_from(message: dict[str, Any], text: str) -> str | None:
    found = when_seen_entity(message)
    if found is not None:
        return found
    if text and not is_payload(text):
        return answer_numbers.when_from_words(text)
    return None


@lru_cache(maxsize=16)
def _sign_label_words(language: str | None) -> dict[str, str]:
    """Words of the signs' button labels in `language` (every other language when it is not
    known), in every setting's wording, that belong to one sign only ("paszport", "dług"): at
    the signs question they point at that button."""
    from spotsigns.report import i18n  # the wording the buttons use

    # English: the short words of answer_words.yml ("pay", "debt") instead.
    languages = [language] if language in LANGUAGES[1:] else [] if language == "en" else LANGUAGES[1:]
    labels = ((sign, i18n.sign_label(sign, setting, lang)) for sign in SIGNS for lang in languages for setting in (None, *SETTINGS))
    # "nieko" (nothing) is in "gauna mažai arba nieko" (little or no pay) and in "no more".
    return _words_of_one(labels, _NOT_SIGN_WORDS | answer_words.plain_answer_words())


# Words of the sign labels too common to name a sign on their own.
_NOT_SIGN_WORDS: Final = frozenset(
    {"people", "someone", "workers", "worker", "their", "there", "where", "seems", "looks", "other", "others",
     # "at work", "works": said of any sign ("gyvena darbe", they live at work)
     "pracy", "pracuja", "munca", "lucreaza", "punes", "darbe", "darbo", "dirba", "العمل", "الشغل"}
)  # fmt: skip


def signs_answered(message: dict[str, Any], text: str, language: str | None = None) -> list[str]:
    """Signs in an answer to the signs question: buttons, keywords, and the terse words that
    point at the list shown ("pay, hours, no gear", "paszport, dług")."""
    chosen = set(signs_from(message, text, language))
    if text and not is_payload(text):
        chosen.update(_signs_in_words(text, language))
        # Phrases no keyword reads ("ko deo gang", "punojne shume ore"): the learned reader;
        # never "that's all" or a plain no ("ne daugiau nieko", no more, once read as pay).
        unread = [
            phrase
            for phrase in sign_reader.phrases_of(text)
            if not _signs_in_words(phrase, language) and not _no_sign_at_all(phrase, language)
        ]
        # A sign that is a negation ("never goes out") is not read where none is said:
        # "ateina ir išeina" (they come and go) once read as "cannot leave".
        chosen.update(
            sign
            for phrase, sign in zip(unread, sign_reader.signs_by_phrase(unread), strict=True)
            if sign is not None and (sign not in sign_reader.SAID_WITH_A_NEGATION or answer_words.has_negation(phrase, language))
        )
    return [s for s in SIGNS if s in chosen]


def _no_sign_at_all(phrase: str, language: str | None) -> bool:
    return answer_words.says_thats_all(phrase) or answer_words.said_first(phrase, language) in ("no", "unsure")


def _signs_in_words(text: str, language: str | None) -> set[str]:
    """Signs that keywords, the terse words and the buttons' words name in `text`."""
    label_words = _sign_label_words(language)
    found = set(load_indicators().match_signs(text, language)) | set(answer_words.signs_named_tersely(text))
    return found | {label_words[w] for w in _words(text) if w in label_words}


def signs_from(message: dict[str, Any], text: str, language: str | None = None) -> list[str]:
    """Signs named by the NLU or by keywords in `text`; a negated happening ("nobody was hurt")
    is not one when the `language` is known."""
    chosen = {v for v in entity_values(message, "sign") if v in SIGNS}
    if text and not is_payload(text):
        chosen.update(load_indicators().match_signs(text, language))
    return [s for s in SIGNS if s in chosen]


def people_count_from(text: str) -> int | None:
    """'about 5', '3 men and a boy' (4), 'a dozen', 'twenty or so'."""
    if not text or is_payload(text):
        return None
    folded = fold_latin(answer_numbers.ascii_digits(text))
    folded = re.sub(r"\b(?:19|20)\d\d\b|\b\d{1,2}[:.]\d\d\b|\b\d{1,2}\s*(?:am|pm)\b", " ", folded)  # years and times are not people
    digits = [int(d) for d in re.findall(r"\b(\d{1,5})(?:ish|odd)?\b", folded)]  # "30ish"
    range_words = "|".join(answer_numbers.RANGE_WORDS)
    is_range = bool(re.search(r"\d\s*(?:-|to|or|" + range_words + r")\s*\d", folded) or re.search(r"\bbetween\b", folded))
    if len(digits) == 1 and not is_range:
        count = digits[0]
        extra = re.findall(r"\band\s+(?:a|one)\s+\w+", folded)
        return count + len(extra)
    if len(digits) >= 2:
        if is_range:  # take the upper end (safety first)
            return max(digits)
        return sum(digits)
    words = answer_numbers.number_words(text)
    if words:
        return max(words)
    return 1 if answer_numbers.one_person(text) else None


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
