"""Evidence for bot/language.py beyond langdetect: lingua (strong on short text) and what the
letters and words of a message say, typed as people type on phones (often without accents).

- lingua is built once per process, for the 8 supported languages, with its models preloaded
  (~250 MB resident, ~3 s on 2 cores). Loading lazily takes as much memory once both scripts
  have been seen, and puts the wait (holding the GIL) on a reporter's first message, in the
  event loop; so `LanguageDetector()` builds it at start-up. Its low-accuracy mode (25 MB) is
  weaker on exactly the short messages it is here for.
- Word lists are very common words (folded: no accents, lower case). A word listed for several
  languages counts for each in part, so shared words ("ne", "te", "po") weigh less.
"""

from __future__ import annotations

import re
import threading
from typing import Final

from lingua import IsoCode639_1, LanguageDetectorBuilder
from lingua import LanguageDetector as LinguaDetector

from bot.language_words import COMMON_WORDS, NEUTRAL_REPLIES, REPLIES
from spotsigns.report.fields import LANGUAGES
from spotsigns.report.text import fold_arabic, fold_latin, fold_urdu

_lingua: LinguaDetector | None = None
_lingua_lock: Final = threading.Lock()


def lingua_detector() -> LinguaDetector:
    """The process's lingua detector over the supported languages (built on first use)."""
    global _lingua
    if _lingua is None:
        with _lingua_lock:
            if _lingua is None:
                codes = [IsoCode639_1.from_str(code) for code in LANGUAGES]
                _lingua = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()
    return _lingua


def lingua_confidences(text: str, languages: tuple[str, ...]) -> dict[str, float]:
    """lingua's confidence per language (deterministic), renormalised over `languages`."""
    values = {
        value.language.iso_code_639_1.name.lower(): value.value for value in lingua_detector().compute_language_confidence_values(text)
    }
    kept = {code: values.get(code, 0.0) for code in languages}
    total = sum(kept.values())
    return {code: value / total for code, value in kept.items() if value > 0} if total > 0 else {}


_REPLY_LANGUAGE: Final = {word: code for code, words in REPLIES.items() for word in words.split()}
_FOLD: Final = {"ur": fold_urdu, "ar": fold_arabic}
_VOCABULARY: Final = {code: frozenset(_FOLD.get(code, fold_latin)(words).split()) for code, words in COMMON_WORDS.items()}
_LATIN_WORD: Final = re.compile(r"[a-z']+")
_ARABIC_WORD: Final = re.compile("[\u0600-\u06ff\u200c]+")


def word_votes(text: str, languages: tuple[str, ...]) -> dict[str, float]:
    """Per language, the share of the message's words that are its common words. A word common
    to k languages gives each 1/k, except in a reply made only of reply words ("ne aciu",
    "da ok"), where each gives its own language all."""
    latin = [w.strip("'") for w in _LATIN_WORD.findall(fold_latin(text))]
    words = [("latin", w) for w in latin if w] + [("arabic", w) for w in _ARABIC_WORD.findall(text)]
    if not words:
        return {}
    reply = all(w in _REPLY_LANGUAGE or w in NEUTRAL_REPLIES for _, w in words)
    votes: dict[str, float] = {}
    for script, word in words:
        if reply:
            owners = [_REPLY_LANGUAGE[word]] if _REPLY_LANGUAGE.get(word) in languages else []
        elif script == "latin":
            owners = [code for code in languages if code not in _FOLD and word in _VOCABULARY.get(code, ())]
        else:
            owners = [code for code in languages if code in _FOLD and _FOLD[code](word) in _VOCABULARY[code]]
        for code in owners:
            votes[code] = votes.get(code, 0.0) + 1 / len(owners)
    return {code: vote / len(words) for code, vote in votes.items()}


def only_neutral_replies(text: str) -> bool:
    """ "ok", "OK!", "okay": replies every language uses."""
    words = _LATIN_WORD.findall(fold_latin(text))
    return bool(words) and all(w in NEUTRAL_REPLIES for w in words) and not _ARABIC_WORD.search(text)


# Vietnamese typed without marks is still made of Vietnamese syllables: one onset, a vowel
# group and a short list of endings (iê, uô, yê only before an ending). Most words of other
# languages do not fit ("nie", "jest", "eshte", "labas").
_VI_SYLLABLE: Final = re.compile(
    r"(ngh|ng|nh|kh|gh|ph|th|tr|ch|gi|qu|[bcdghklmnprstvx])?"
    r"((uye|ie|uo|ye)(ch|nh|ng|[cmnpt])"
    r"|(uya|uyu|ieu|yeu|uoi|uou|oai|oay|oeo|uay|ai|ao|au|ay|eo|eu|ia|iu|oa|oe|oi|oo|ua|ue|ui|uu|uy|ya|[aeiouy])(ch|nh|ng|[cmnpt])?)"
)
# Shapes other supported languages rarely write: these onsets, iê/uô/yê and these endings.
_VI_TYPICAL: Final = re.compile(r"^(ngh?|nh|kh|gi|tr|ph|qu)|(uo|ie|ye)|(nh|ng|ch)$")


def vietnamese_syllables(text: str) -> float:
    """How Vietnamese the words look, 0..1: (nearly) every word a possible syllable, and many
    typical. One word says less: many English words fit too ("thing", "long")."""
    words = _LATIN_WORD.findall(fold_latin(text))
    if not words:
        return 0.0
    fitting = [w for w in words if _VI_SYLLABLE.fullmatch(w)]
    if len(fitting) < len(words) * 0.8:
        return 0.0
    typical = sum(1 for w in fitting if _VI_TYPICAL.search(w) or w in _VOCABULARY["vi"])
    return typical / len(words) * (1.0 if len(words) > 1 else 0.5)
