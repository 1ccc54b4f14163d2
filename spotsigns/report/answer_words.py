"""What people type to a question, read in the eight languages (issue 10): yes / no / not
sure with a reason after it, "that's all", numbers in words, ages, corrections, relative and
named times, and a clear wish to stop. Plain functions over the word lists in
`answer_words.yml` (written for these questions, not learned; reviewed with the translations),
shared by the chat's answer parsing (actions/parsing.py) and anything else that reads an
answer. Words are matched whole, with Latin accents folded (SMS users drop them) and
Arabic-script variants unified."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import yaml

from spotsigns.report.text import fold_arabic, fold_latin, fold_urdu

WORDS_FILE: Final = Path(__file__).with_name("answer_words.yml")
_DIGITS: Final = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# After a no-word, what makes it stand alone ("No, I'm just a customer", "nie.").
_ALONE: Final = r"\s*(?:[,.!;?…،؛؟۔-]|$)"


@lru_cache(maxsize=1)
def _lists() -> dict[str, Any]:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def _folded(text: str) -> str:
    """Latin accents folded and Arabic-script variants unified, punctuation as spaces."""
    return " ".join(re.sub(r"[^\w' ]+", " ", fold_arabic(fold_latin(text))).split())


def _punctuated(text: str) -> str:
    """As `_folded`, punctuation kept."""
    return " ".join(fold_arabic(fold_latin(text)).split())


def _alternatives(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted({_folded(w) for w in words} - {""}, key=len, reverse=True))


def _anywhere(words: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + _alternatives(words) + r")(?!\w)")


def _for(kind: str, language: str | None) -> list[str]:
    """The `kind` words of `language` and English (people mix them) and romanised Arabic and
    Urdu (typed in whatever language the conversation was detected in); every language's
    when the language is unknown."""
    by_language: dict[str, list[str]] = _lists()[kind]
    chosen = ["en", language] if language in by_language else list(by_language)
    return [w for code in dict.fromkeys(chosen) for w in by_language[code]] + _lists()["romanised"][kind]


# --- yes / no / not sure, said first ("no, I'm only a customer") ---------------------------------
@lru_cache(maxsize=16)
def _answer_patterns(language: str | None) -> dict[str, re.Pattern[str]]:
    no_words = _for("no", language)
    plain_no = [w for w in no_words if w in set(_lists()["plain_no"])]
    return {
        "unsure": _anywhere(_for("unsure", language)),
        # "No" must stand alone: "nu pot pleca", "no one can leave" and "oni nie mogą" are
        # sentences that say the opposite of no. Romanised "la2" is never a verb's negation.
        "no": re.compile(
            r"^(?:" + _alternatives(no_words) + r")(?:" + _ALONE + r"|\s+(?:" + _alternatives(_lists()["no_then"]) + r")(?!\w))"
            r"|^(?:la2|laa|nope|nah)(?!\w)"
        ),
        # A plain no standing alone early on: "hien tai thi ko, …", "right now? no".
        "no_early": re.compile(r"(?<!\w)(?:" + _alternatives(plain_no) + r")" + _ALONE),
        "yes": re.compile(r"^(?:" + _alternatives(_for("yes", language)) + r")(?!\w)"),
    }


def said_first(text: str, language: str | None = None) -> str | None:
    """ "yes", "no" or "unsure" when the message starts with one (a reason may follow), or is
    mostly "I don't know"; None otherwise. Words of the conversation's language and English."""
    folded = _folded(text)
    if not folded:
        return None
    patterns = _answer_patterns(language)
    unsure = patterns["unsure"].search(folded)
    if unsure and unsure.start() == 0:
        return "unsure"  # "nie wiem", "not sure, …"
    punctuated = _punctuated(text)
    if patterns["no"].match(punctuated):
        return "no"
    if patterns["yes"].match(folded):
        return "yes"  # "Tak, może być": yes, with a "maybe" after it
    if unsure and len(folded.split()) <= 8:
        return "unsure"
    if patterns["no_early"].search(" ".join(punctuated.split()[:5])):
        return "no"
    return None


@lru_cache(maxsize=16)
def _no_danger(language: str | None) -> re.Pattern[str]:
    by_language: dict[str, list[str]] = _lists()["no_danger"]
    chosen = ["en", language] if language in by_language else list(by_language)
    romanised = [w for code in ("ar", "ur") for w in by_language[code] if w.isascii()]  # typed in any conversation
    return _anywhere([w for code in dict.fromkeys(chosen) for w in by_language[code]] + romanised)


def says_no_danger(text: str, language: str | None = None) -> bool:
    """ "No danger" said in a sentence ("لا ما في خطر هلق", "no not now, i am ok")."""
    folded = _folded(text)
    return bool(folded) and len(folded.split()) <= 14 and bool(_no_danger(language).search(folded))


@lru_cache(maxsize=1)
def _setting_patterns() -> dict[str, re.Pattern[str]]:
    return {setting: _anywhere(words) for setting, words in _lists()["setting_words"].items()}


def settings_named(text: str) -> list[str]:
    """The places everyday words in `text` name ("casa", "ghar", "cần sa")."""
    folded = _folded(text)
    return [setting for setting, pattern in _setting_patterns().items() if pattern.search(folded)]


@lru_cache(maxsize=1)
def _sign_patterns() -> dict[str, re.Pattern[str]]:
    return {sign: _anywhere(words) for sign, words in _lists()["sign_words"].items()}


def signs_named_tersely(text: str) -> list[str]:
    """Signs a terse answer to the signs question points at ("pay, hours, no gear")."""
    folded = _folded(text)
    return [sign for sign, pattern in _sign_patterns().items() if pattern.search(folded)]


@lru_cache(maxsize=1)
def plain_answer_words() -> frozenset[str]:
    """Every word of the yes / no / not sure and "that's all" lists, folded ("nieko", "nimic",
    "asgje"): words that answer a question and never name a sign or a place on their own."""
    lists = _lists()
    phrases = [*lists["thats_all"], *(w for kind in ("yes", "no", "unsure") for words in lists[kind].values() for w in words)]
    return frozenset(word for phrase in phrases for word in _folded(str(phrase)).split())


# --- "that's all", "nothing else"; a clear stop -------------------------------------------------------
@lru_cache(maxsize=1)
def _list_patterns() -> dict[str, re.Pattern[str]]:
    lists = _lists()
    names = ("thats_all", "stop", "not_stopping", "correction", "negation", "one_person")
    return {name: _anywhere(lists[name]) for name in names}


def says_thats_all(text: str, button_words: tuple[str, ...] = ()) -> bool:
    """ "That's all", "nothing else", "none of these" (or a button's own words, typed)."""
    folded = _folded(text)
    if not folded or len(folded.split()) > 8:
        return False
    if any(_folded(b) and _folded(b) in folded for b in button_words):
        return True
    return bool(_list_patterns()["thats_all"].search(folded))


# Stop words that also mean something else inside a sentence ("at the end of the road",
# Vietnamese "đúng" folded to "dung", Urdu "بند" closed): a clear stop, not a named one.
_NOT_NAMED_STOPPING: Final = frozenset({"end", "exit", "delete", "dung", "thoi", "mjaft", "mbyll", "بند", "ختم", "khatam", "quit"})


@lru_cache(maxsize=1)
def _named_stopping() -> re.Pattern[str]:
    return _anywhere([w for w in _lists()["stop"] if w not in _NOT_NAMED_STOPPING])


def names_stopping(text: str) -> bool:
    """Stopping named anywhere in a message, however long ("…, cancel the report please"):
    a stop word, or a wish to stop (`wishes_to_stop`)."""
    return bool(_named_stopping().search(_folded(text))) or wishes_to_stop(text)


@lru_cache(maxsize=1)
def _stop_wish() -> re.Pattern[str]:
    patterns = [fold_arabic(fold_latin(p)) for words in _lists()["stop_wish"].values() for p in words]
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)")


def wishes_to_stop(text: str) -> bool:
    """A phrase that asks for the report to stop or not be sent, in any of the languages, inside
    a message of any length, free text included ("Proszę to anulować", "mos e dergo", "بند کریں
    یہ"); a bare "stop" in a description ("the van stops outside") is not one."""
    return bool(_stop_wish().search(_folded(text)))


def clear_stop(text: str) -> bool:
    """A short message that asks to stop in plain words ("stop", "cancel my report", "anuluj"),
    not one that merely mentions stopping ("wait no, I didn't want to stop!")."""
    folded = _folded(text)
    if not folded or len(folded.split()) > 5:
        return False
    patterns = _list_patterns()
    return bool(patterns["stop"].search(folded)) and not patterns["not_stopping"].search(folded)


# --- numbers, in digits (any script) or in words ---------------------------------------------------
def ascii_digits(text: str) -> str:
    """Arabic-Indic and Urdu digits as 0-9 (٣ → 3, ۵ → 5)."""
    return text.translate(_DIGITS)


@lru_cache(maxsize=1)
def _number_words() -> dict[str, int]:
    return {_folded(word): int(value) for word, value in _lists()["numbers"].items()}


def number_words(text: str) -> list[int]:
    """Numbers said in words, in order ("trzy", "ثلاثة"; "ba" and other words that are common
    words in another language only in a short answer)."""
    words = _folded(ascii_digits(text)).split()
    short = len(words) <= 4
    known, short_only = _number_words(), set(_lists()["numbers_in_short_answers_only"])
    return [known[w] for w in words if w in known and (short or w not in short_only)]


def one_person(text: str) -> bool:
    """ "just her", "only me", "صرف میں": one person, said without a number."""
    return bool(_list_patterns()["one_person"].search(_folded(text)))


def corrected_number(text: str, current: int) -> int | None:
    """The new number in a correction of `current` ("sorry, it was 6 people not 4", "8 nie 6",
    "actually there were 7"); None when the message is not one. "Sorry", "actually" make a
    correction on their own; "not" words only with the old number."""
    folded = _folded(ascii_digits(text))
    if len(folded.split()) > 14:
        return None
    # Digits when there are any: "de fapt 3, am mai vazut unu azi" corrects to 3 ("unu": one more).
    numbers = [int(n) for n in re.findall(r"(?<!\d)\d{1,4}(?!\d)", folded)] or number_words(text)
    others = [n for n in dict.fromkeys(numbers) if n != current]
    if len(others) != 1:
        return None
    patterns = _list_patterns()
    if current in numbers and (patterns["correction"].search(folded) or patterns["negation"].search(folded)):
        return others[0]
    if patterns["correction"].search(folded) and len(folded.split()) <= 8:
        return others[0]
    return None


# --- ages ------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _age_patterns() -> tuple[re.Pattern[str], ...]:
    lists = _lists()
    number = r"(\d{1,2})(?:\s*(?:-|to|or|lub|sau|ose|hoac|ar|او|یا)\s*(\d{1,2}))?"
    after, before, teen = "|".join(lists["age_after"]), "|".join(lists["age_before"]), "|".join(lists["teen_words"])
    not_an_age = "|".join(fold_arabic(w) for w in lists["not_an_age_after"])
    return (
        re.compile(number + r"\s*(?:-\s*)?(?:" + after + r")(?!\w)"),
        re.compile(r"(?<!\w)(?:" + before + r")\s+" + number + r"(?!\d)(?!\s*(?:" + not_an_age + r")(?!\w))"),
        re.compile(r"(?:" + teen + r")\D{0,12}?" + number + r"(?!\d)"),
    )


def ages_in(text: str, *, asked_about_age: bool = False) -> list[int]:
    """Ages in the words: "16 years old", "aged 15", "looks about 17", "16 lat", "16 tuổi";
    any number 1–99 when the question was about ages ("maybe 15 or 16", "no I am 24")."""
    folded = _folded(ascii_digits(text))
    found = [int(g) for pattern in _age_patterns() for match in pattern.finditer(folded) for g in match.groups() if g]
    if asked_about_age and not found:
        # A digit inside a word is a letter in Arabizi ("ma ba3ref": I don't know), not an age.
        found = [int(n) for n in re.findall(r"(?<!\w)(\d{1,2})(?!\w)", folded)] or [n for n in number_words(text) if 1 <= n <= 99]
    return [n for n in dict.fromkeys(found) if 1 <= n <= 99]


# --- when: now, today, this week, earlier ----------------------------------------------------------
@lru_cache(maxsize=1)
def _when_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((value, re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")) for value, words in _lists()["when"].items())


def when_from_words(text: str) -> str | None:
    """`now`, `today`, `this_week` or `earlier` from words like "yesterday around 4pm",
    "w sobotę", "săptămâna trecută", "hôm qua"; None when no time is named."""
    latin = fold_latin(ascii_digits(text))
    folded = " ".join([latin, fold_arabic(latin), fold_urdu(latin)])
    for value, pattern in _when_patterns():
        if pattern.search(folded):
            return value
    return None
