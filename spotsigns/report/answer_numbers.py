"""Numbers, ages and times as people type them (issue 10), in the eight languages: digits in
any script or numbers in words, "just her" as one, ages ("looks about 17", "16 lat"), relative
and named times ("yesterday around 4pm", "hôm qua"), and corrections of a count or a time said
later ("sorry, it was 6 not 4"). Over the word lists of `answer_words.yml`, like
answer_words.py."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from spotsigns.report.answer_words import fold_words, list_patterns, word_lists
from spotsigns.report.danger_cues import OR_WORDS
from spotsigns.report.text import fold_arabic, fold_latin, fold_urdu

# A number said alone at the age question is an age from this up ("one or two" is a count).
YOUNGEST_AGE_SAID_ALONE: Final = 5
# "5 or 6" in the languages: a range, not two numbers (the danger cues' words for "or").
RANGE_WORDS: Final = tuple(sorted(OR_WORDS, key=len, reverse=True))
_DIGITS: Final = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


# --- numbers, in digits (any script) or in words ---------------------------------------------------
def ascii_digits(text: str) -> str:
    """Arabic-Indic and Urdu digits as 0-9 (٣ → 3, ۵ → 5)."""
    return text.translate(_DIGITS)


@lru_cache(maxsize=1)
def _number_words() -> dict[str, int]:
    return {fold_words(word): int(value) for word, value in word_lists()["numbers"].items()}


def number_words(text: str) -> list[int]:
    """Numbers said in words, in order ("trzy", "ثلاثة"; "ba" and other words that are common
    words in another language only in a short answer)."""
    words = fold_words(ascii_digits(text)).split()
    short = len(words) <= 4
    known, short_only = _number_words(), set(word_lists()["numbers_in_short_answers_only"])
    return [known[w] for w in words if w in known and (short or w not in short_only)]


def one_person(text: str) -> bool:
    """ "just her", "only me", "صرف میں": one person, said without a number."""
    return bool(list_patterns()["one_person"].search(fold_words(text)))


def corrected_number(text: str, current: int) -> int | None:
    """The new number in a correction of `current` ("sorry, it was 6 people not 4", "8 nie 6",
    "actually there were 7"); None when the message is not one. "Sorry", "actually" make a
    correction on their own; "not" words only with the old number."""
    folded = fold_words(ascii_digits(text))
    if len(folded.split()) > 14:
        return None
    # Digits when there are any: "de fapt 3, am mai vazut unu azi" corrects to 3 ("unu": one more).
    numbers = [int(n) for n in re.findall(r"(?<!\d)\d{1,4}(?!\d)", folded)] or number_words(text)
    others = [n for n in dict.fromkeys(numbers) if n != current]
    patterns = list_patterns()
    correction = patterns["correction"].search(folded)
    # "sorry actually more like 12, saw 2 more leaving", "معذرت، شاید 14 ہیں، کل دو نئے آئے": a
    # number within a few words after the correction word ("sorry i forgot, the van came at 6
    # and took 5" is no correction).
    close = correction and re.match(r"\s*(?:\S+\s+){0,3}?(\d{1,4})(?!\d)", folded[correction.end() :])
    if close and int(close.group(1)) != current:
        return int(close.group(1))
    if len(others) != 1:
        return None
    if current in numbers and (correction or patterns["negation"].search(folded)):
        return others[0]
    if correction and len(folded.split()) <= 8:
        return others[0]
    return None


# Units of time after a number ("4 days ago", "acum 2 zile", "چار دن پہلے"): a time, not a count.
_TIME_UNITS: Final = (
    r"days?|weeks?|months?|years?|hours?|hrs?|mins?|minutes?|o'?clock|dni|dzie\w*|tygod\w*|miesi\w*|godzin\w*|zile|zi|saptamani|luni|ore"
    r"|dite\w*|jave\w*|muaj\w*|oresh|ngay|tuan|thang|gio|tieng|dien\w*|savait\w*|menes\w*|valand\w*|يوم|ايام|اسبوع\w*|اسابيع|شهر|اشهر"
    r"|ساعه|ساعات|دن|ہفت\w*|مہین\w*|گھنٹ\w*|din|hafte|mahine|ghante"
)


def names_a_count(text: str, number: int) -> bool:
    """`number` is in `text` in digits, and not as a time ("4 days ago", "at 6pm")."""
    folded = fold_words(ascii_digits(text))
    return any(
        not re.match(r"(?:\s*(?:" + _TIME_UNITS + r")|am|pm)(?!\w)", folded[m.end() :])  # "6pm"; "3 am vazut" is Romanian
        for m in re.finditer(rf"(?<!\d){number}(?!\d)", folded)
    )


def corrected_time(text: str) -> str | None:
    """The time named in a correction ("sorry, not today, I saw it four days ago", "actually
    it was last week"): a correction word and a time; None when the message is not one."""
    folded = fold_words(text)
    if len(folded.split()) > 14 or not list_patterns()["correction"].search(folded):
        return None
    return when_from_words(text)


# --- ages ------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _age_patterns() -> tuple[re.Pattern[str], ...]:
    lists = word_lists()
    number = r"(\d{1,2})(?:\s*(?:-|to|or|" + "|".join(RANGE_WORDS) + r")\s*(\d{1,2}))?"
    after, before, teen = "|".join(lists["age_after"]), "|".join(lists["age_before"]), "|".join(lists["teen_words"])
    about = "|".join(lists["about_words"])
    return (
        re.compile(number + r"\s*(?:-\s*)?(?:" + after + r")(?!\w)"),
        re.compile(r"(?<!\w)(?:" + before + r")(?:\s+(?:" + about + r"))?\s+" + number + r"(?!\d)" + _not_an_age_after()),
        re.compile(r"(?:" + teen + r")\D{0,12}?" + number + r"(?!\d)"),
    )


@lru_cache(maxsize=1)
def _not_an_age_after() -> str:
    return r"(?!\s*(?:" + "|".join(fold_arabic(w) for w in word_lists()["not_an_age_after"]) + r")(?!\w))"


def ages_in(text: str, *, asked_about_age: bool = False) -> list[int]:
    """Ages in the words: "16 years old", "aged 15", "looks about 17", "16 lat", "16 tuổi";
    any number from 5 to 99 when the question was about ages ("maybe 15 or 16", "no I am 24")."""
    folded = fold_words(ascii_digits(text))
    found = [int(g) for pattern in _age_patterns() for match in pattern.finditer(folded) for g in match.groups() if g]
    if asked_about_age and not found and when_from_words(text) is None:
        # A digit inside a word is a letter in Arabizi ("ma ba3ref": I don't know), not an age;
        # nor is a time ("sorry, not today, I saw it four days ago"), a count or a sum, nor a
        # number below 5 said alone ("one or two looked quite young": how many, not how old).
        bare = [int(n) for n in re.findall(r"(?<!\w)(\d{1,2})(?!\w)" + _not_an_age_after(), folded)] or number_words(text)
        found = [n for n in bare if n >= YOUNGEST_AGE_SAID_ALONE]
    return [n for n in dict.fromkeys(found) if 1 <= n <= 99]


# --- when: now, today, this week, earlier ----------------------------------------------------------
@lru_cache(maxsize=1)
def _when_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((value, re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")) for value, words in word_lists()["when"].items())


_DAY_UNITS: Final = r"(?:days?|dni|dzien|zile|zi|dite|ditesh|diteve|ngay|hom|dien\w*|ايام|يوم|دن|din)(?!\w)"
# Days of a working week ("7 days a week", "7 dni w tygodniu", "ہفتے میں سات دن"), not days back.
_PER_WEEK: Final = re.compile(
    fold_arabic(  # as the text is read: Arabic-script variants unified
        r"(?<!\w)(?:a|per|every|in a|w|na|pe|ne|mot|في|بال)\s*(?:week|tydzien|tygodniu|saptamana|jave|tuan|savaite|الاسبوع|اسبوع)(?!\w)"
        r"|(?:ہفتے|hafte)\s+(?:میں|mein|me)(?!\w)"
    )
)


@lru_cache(maxsize=1)
def _days_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(_number_words(), key=len, reverse=True))
    return re.compile(r"(?<!\w)(\d{1,3}|" + words + r")\s*" + _DAY_UNITS)


def _days_named(text: str) -> int | None:
    """The number of days in "10 days ago", "دس دن پہلے", "pries 9 dienas" (digits or words)."""
    folded = fold_words(ascii_digits(text))
    match = _days_pattern().search(folded)
    if match is None or _PER_WEEK.search(folded):
        return None
    said = match.group(1)
    return int(said) if said.isdigit() else _number_words().get(said)


def when_from_words(text: str) -> str | None:
    """`now`, `today`, `this_week` or `earlier` from words like "yesterday around 4pm",
    "w sobotę", "săptămâna trecută", "hôm qua"; None when no time is named."""
    days = _days_named(text)
    if days is not None and days >= 7:
        return "earlier"  # "ten days ago" is longer ago than the last week
    latin = fold_latin(ascii_digits(text))
    folded = " ".join([latin, fold_arabic(latin), fold_urdu(latin)])
    for value, pattern in _when_patterns():
        if pattern.search(folded):
            return value
    return None
