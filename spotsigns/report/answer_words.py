"""What people type to a question, read in the eight languages (issue 10): yes / no / not
sure with a reason after it (and "not sure, I saw nothing of the kind"), "no danger" in a
sentence, places and signs named tersely, "that's all", and a clear wish to stop (numbers,
ages and times: answer_numbers.py, over the same lists). Plain functions over the word lists in
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

from spotsigns.report.danger_cues import negators_before
from spotsigns.report.text import fold_arabic, fold_latin

WORDS_FILE: Final = Path(__file__).with_name("answer_words.yml")
# After a no-word, what makes it stand alone ("No, I'm just a customer", "nie.").
_ALONE: Final = r"\s*(?:[,.!;?…،؛؟۔-]|$)"


@lru_cache(maxsize=1)
def word_lists() -> dict[str, Any]:
    """The word lists of answer_words.yml."""
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def fold_words(text: str) -> str:
    """Latin accents folded and Arabic-script variants unified, punctuation as spaces."""
    return " ".join(re.sub(r"[^\w' ]+", " ", fold_arabic(fold_latin(text))).split())


def _punctuated(text: str) -> str:
    """As `_folded`, punctuation kept."""
    return " ".join(fold_arabic(fold_latin(text)).split())


def _alternatives(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted({fold_words(w) for w in words} - {""}, key=len, reverse=True))


def _anywhere(words: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + _alternatives(words) + r")(?!\w)")


def _for(kind: str, language: str | None) -> list[str]:
    """The `kind` words of `language` and English (people mix them) and romanised Arabic and
    Urdu (typed in whatever language the conversation was detected in); every language's
    when the language is unknown."""
    by_language: dict[str, list[str]] = word_lists()[kind]
    chosen = ["en", language] if language in by_language else list(by_language)
    return [w for code in dict.fromkeys(chosen) for w in by_language[code]] + word_lists()["romanised"][kind]


# --- yes / no / not sure, said first ("no, I'm only a customer") ---------------------------------
@lru_cache(maxsize=16)
def _answer_patterns(language: str | None) -> dict[str, re.Pattern[str]]:
    no_words = _for("no", language)
    plain_no = [w for w in no_words if w in set(word_lists()["plain_no"])]
    return {
        "unsure": _anywhere(_for("unsure", language)),
        # "No" must stand alone: "nu pot pleca", "no one can leave" and "oni nie mogą" are
        # sentences that say the opposite of no. Romanised "la2" is never a verb's negation.
        "no": re.compile(
            r"^(?:" + _alternatives(no_words) + r")(?:" + _ALONE + r"|\s+(?:" + _alternatives(word_lists()["no_then"]) + r")(?!\w))"
            r"|^(?:la2|laa|nope|nah)(?!\w)"
        ),
        # A plain no standing alone early on: "hien tai thi ko, …", "right now? no".
        "no_early": re.compile(r"(?<!\w)(?:" + _alternatives(plain_no) + r")" + _ALONE),
        "yes": re.compile(r"^(?:" + _alternatives(_for("yes", language)) + r")(?!\w)"),
    }


def said_first(text: str, language: str | None = None) -> str | None:
    """ "yes", "no" or "unsure" when the message starts with one (a reason may follow), or is
    mostly "I don't know"; None otherwise. Words of the conversation's language and English."""
    folded = fold_words(text)
    if not folded:
        return None
    closing = word_lists()["closing_particles"].get(language)
    if closing:  # "chắc không ạ, …": a polite closing particle is no word of the answer
        text = re.sub(r"(?<!\w)(?:" + "|".join(map(re.escape, closing)) + r")(?!\w)", "", text)
    first, _, rest = text.strip().partition(" ")
    if rest.strip() and fold_words(first) in _polite_particles(language):
        # "Dạ bây giờ thì không": no; what follows "Dạ" decides; "Dạ", "جی" alone or before
        # words that deny nothing ("جی میرے اپنے بارے میں") are a yes.
        return said_first(rest, language) or (None if has_negation(rest, language) else "yes")
    patterns = _answer_patterns(language)
    unsure = patterns["unsure"].search(folded)
    punctuated = _punctuated(text)
    no, yes = patterns["no"].match(punctuated), patterns["yes"].match(folded)
    if unsure and unsure.start() == 0:
        # "nie wiem", "not sure, …"; but "chyba nie" and "chyba tak" (probably not, probably
        # yes) are a no and a yes: the longer phrase said first decides.
        leaning = max((m for m in (no, yes) if m), key=lambda m: len(m.group(0).rstrip(",.!;?…،؛؟۔- ")), default=None)
        if leaning is None or len(leaning.group(0).rstrip(",.!;?…،؛؟۔- ")) <= unsure.end():
            return "unsure"
        return "no" if leaning is no else "yes"
    if no:
        return "no"
    if yes:
        return "yes"  # "Tak, może być": yes, with a "maybe" after it
    if unsure and len(folded.split()) <= 8:
        return "unsure"
    if patterns["no_early"].search(" ".join(punctuated.split()[:5])):
        return "no"
    return None


@lru_cache(maxsize=16)
def _polite_particles(language: str | None) -> frozenset[str]:
    return frozenset(fold_words(w) for w in word_lists()["polite_particles"].get(language, ()))


@lru_cache(maxsize=16)
def _negation(language: str | None) -> re.Pattern[str]:
    return _anywhere(sorted(negators_before("en") | (negators_before(language) if language else frozenset())))


def has_negation(text: str, language: str | None = None) -> bool:
    """A negation in `text`, in English or `language` (the danger cues' negators), or a verb
    with the negating prefix of `language` (Lithuanian "neišeina": does not go out)."""
    folded = fold_words(text)
    prefix = word_lists()["negating_prefixes"].get(language)
    return bool(_negation(language).search(folded)) or bool(prefix and re.search(rf"(?<!\w)(?:{'|'.join(prefix)})\w{{3,}}", folded))


def unsure_but_saw_none(text: str, language: str | None = None) -> bool:
    """ "Not sure, I didn't see anything like that", "Nežinau, nieko tokio nemačiau", "ما
    عارف، ما شفت زول اتضرب", "Nie wydaje mi się, ale nie jestem pewna": not sure, and a
    negation besides: the reporter saw nothing of the kind, or leans to no. The negators are
    the danger cues' (English and the conversation's language)."""
    folded = fold_words(text)
    unsure = _answer_patterns(language)["unsure"].search(folded)
    if unsure is None:
        return False
    negation = _negation(language)
    return bool(negation.search(folded, unsure.end()) or negation.search(folded[: unsure.start()]))


@lru_cache(maxsize=16)
def _no_danger(language: str | None) -> re.Pattern[str]:
    by_language: dict[str, list[str]] = word_lists()["no_danger"]
    chosen = ["en", language] if language in by_language else list(by_language)
    romanised = [w for code in ("ar", "ur") for w in by_language[code] if w.isascii()]  # typed in any conversation
    return _anywhere([w for code in dict.fromkeys(chosen) for w in by_language[code]] + romanised)


def says_no_danger(text: str, language: str | None = None) -> bool:
    """ "No danger" said in a sentence ("لا ما في خطر هلق", "no not now, i am ok")."""
    folded = fold_words(text)
    return bool(folded) and len(folded.split()) <= 14 and bool(_no_danger(language).search(folded))


@lru_cache(maxsize=1)
def _setting_patterns() -> dict[str, re.Pattern[str]]:
    return {setting: _anywhere(words) for setting, words in word_lists()["setting_words"].items()}


def settings_named(text: str) -> list[str]:
    """The places everyday words in `text` name ("casa", "ghar", "cần sa")."""
    folded = fold_words(text)
    return [setting for setting, pattern in _setting_patterns().items() if pattern.search(folded)]


@lru_cache(maxsize=1)
def _sign_patterns() -> dict[str, re.Pattern[str]]:
    return {sign: _anywhere(words) for sign, words in word_lists()["sign_words"].items()}


def signs_named_tersely(text: str) -> list[str]:
    """Signs a terse answer to the signs question points at ("pay, hours, no gear")."""
    folded = fold_words(text)
    return [sign for sign, pattern in _sign_patterns().items() if pattern.search(folded)]


@lru_cache(maxsize=1)
def plain_answer_words() -> frozenset[str]:
    """Every word of the yes / no / not sure and "that's all" lists, folded ("nieko", "nimic",
    "asgje"): words that answer a question and never name a sign or a place on their own."""
    lists = word_lists()
    phrases = [*lists["thats_all"], *(w for kind in ("yes", "no", "unsure") for words in lists[kind].values() for w in words)]
    return frozenset(word for phrase in phrases for word in fold_words(str(phrase)).split())


# --- "that's all", "nothing else"; a clear stop -------------------------------------------------------
@lru_cache(maxsize=1)
def list_patterns() -> dict[str, re.Pattern[str]]:
    lists = word_lists()
    names = ("thats_all", "stop", "not_stopping", "correction", "negation", "one_person")
    return {name: _anywhere(lists[name]) for name in names}


def says_thats_all(text: str, button_words: tuple[str, ...] = ()) -> bool:
    """ "That's all", "nothing else", "none of these" (or a button's own words, typed)."""
    folded = fold_words(text)
    if not folded or len(folded.split()) > 8:
        return False
    if any(fold_words(b) and fold_words(b) in folded for b in button_words):
        return True
    return bool(list_patterns()["thats_all"].search(folded))


# Stop words that also mean something else inside a sentence ("at the end of the road",
# Vietnamese "đúng" folded to "dung", Urdu "بند" closed): a clear stop, not a named one.
_NOT_NAMED_STOPPING: Final = frozenset({"end", "exit", "delete", "ختم", "khatam", "quit"})


@lru_cache(maxsize=1)
def _named_stopping() -> re.Pattern[str]:
    return _anywhere([w for w in word_lists()["stop"] if w not in _NOT_NAMED_STOPPING])


def names_stopping(text: str) -> bool:
    """Stopping named anywhere in a message, however long ("…, cancel the report please"):
    a stop word, or a wish to stop (`wishes_to_stop`)."""
    return bool(_named_stopping().search(fold_words(text))) or wishes_to_stop(text)


@lru_cache(maxsize=1)
def _stop_wish() -> re.Pattern[str]:
    patterns = [fold_arabic(fold_latin(p)) for words in word_lists()["stop_wish"].values() for p in words]
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)")


def wishes_to_stop(text: str) -> bool:
    """A phrase that asks for the report to stop or not be sent, in any of the languages, inside
    a message of any length, free text included ("Proszę to anulować", "mos e dergo", "بند کریں
    یہ"); a bare "stop" in a description ("the van stops outside") is not one."""
    return bool(_stop_wish().search(fold_words(text)))


def clear_stop(text: str) -> bool:
    """A short message that asks to stop in plain words ("stop", "cancel my report", "anuluj"),
    not one that merely mentions stopping ("wait no, I didn't want to stop!")."""
    folded = fold_words(text)
    if not folded or len(folded.split()) > 5:
        return False
    if " ".join(re.sub(r"[^\w ]+", " ", text.lower()).split()) in word_lists()["stop_alone"]:
        return True
    patterns = list_patterns()
    return bool(patterns["stop"].search(folded)) and not patterns["not_stopping"].search(folded)
