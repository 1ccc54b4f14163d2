"""Conversation language detection (SPEC §4): langdetect, lingua and the letters and words of
the message, restricted to the supported languages.

- Deterministic: a private langdetect factory with a fixed seed; lingua has no randomness.
- Restricted to the supported languages, so diacritic-free Polish is not mistaken for Slovak,
  nor Romanian typed without accents for Italian.
- langdetect is good on long text, lingua on short text, and very common words (typed without
  accents) on replies of one or two words; they are blended by length (bot/language_evidence.py).
- `guess` always answers (English when nothing is clear); `detect`, which switches a
  conversation, answers only when the message is clear: a short "ok" never flips it. Scripts
  that settle the question (Urdu's own letters, Vietnamese tone marks) decide even for one word.
- A reporter can name a language ("polski", "in Romanian", "/lang pl") at any time.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Final

from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from bot.language_evidence import lingua_confidences, lingua_detector, only_neutral_replies, vietnamese_syllables, word_votes
from bot.language_words import LOANWORDS
from spotsigns.report.fields import LANGUAGES
from spotsigns.report.text import basic, fold_latin

_URDU_LETTERS: Final = re.compile("[ٹڈڑںےۓھہۃگچپژ]")
_ARABIC_SCRIPT: Final = re.compile("[\u0600-\u06ff]")
# Letters no other supported language writes (ă and â are Romanian too, so they do not count).
_VIETNAMESE_MARKS: Final = re.compile("[đêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
# Letters only one supported language writes: two words with one of them are clear enough.
_OWN_LETTERS: Final = {
    "pl": re.compile("[łśźżćń]", re.IGNORECASE),
    "ro": re.compile("[șşțţî]", re.IGNORECASE),
    "sq": re.compile("[ëç]", re.IGNORECASE),
    "lt": re.compile("[čėįšųūž]", re.IGNORECASE),
}
_LETTERS: Final = re.compile(r"[^\W\d_]", re.UNICODE)
_PUNCTUATION: Final = " .,!?;:'\"()-"
# Postcodes, e-mail addresses and numbers say nothing of the reporter's language.
_NOT_WORDS: Final = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\S+@\S+|[+\d][\d\s().-]{2,}\d|\d+", re.IGNORECASE)

# Names a reporter may use to choose a language, in English and in the language itself.
LANGUAGE_NAMES: Final = {
    "en": ("english", "angielski", "engleza", "anglisht", "tieng anh", "anglu", "الانجليزيه", "انگریزی"),
    "pl": ("polish", "polski", "po polsku", "polskiego"),
    "ro": ("romanian", "romana", "limba romana", "in romana"),
    "sq": ("albanian", "shqip", "shqipe", "ne shqip"),
    "vi": ("vietnamese", "tieng viet", "viet"),
    "lt": ("lithuanian", "lietuviu", "lietuviskai", "lietuviu kalba"),
    "ar": ("arabic", "عربي", "العربيه", "بالعربي"),
    "ur": ("urdu", "اردو"),
}
_CHOOSE_COMMAND: Final = re.compile(r"^\s*/lang(?:uage)?\s+([a-z]{2})\s*$", re.IGNORECASE)
_SHORT_WORDS: Final = 3  # up to this many words, common words and lingua carry the guess
_ENGLISH_PRIOR: Final = 0.15  # "when nothing is clear, English"
# `detect` switches a conversation only on a clear message: this many words (two if they
# have letters of the language's own), letters, probability and lead over the runner-up.
_MIN_WORDS: Final = 3
_MIN_LETTERS: Final = 8
_MIN_PROBABILITY: Final = 0.65
_MIN_LEAD: Final = 0.3


@dataclass(frozen=True, slots=True)
class Detection:
    language: str
    probability: float
    chosen: bool = False  # the reporter named the language


def without_names(text: str) -> str:
    """`text` without the words that say nothing of the reporter's language: English loanwords
    every reporter uses ("car wash", "nail bar") and capitalised words after the first (UK
    place and people's names in an address, unless most words are capitalised)."""
    words = [w for w in text.split() if w.lower().strip(_PUNCTUATION) not in LOANWORDS] or text.split()
    kept = [w for i, w in enumerate(words) if i == 0 or not w[:1].isupper()]
    return " ".join(kept if len(kept) * 2 > len(words) else words)


class LanguageDetector:
    def __init__(self, languages: tuple[str, ...] = LANGUAGES, seed: int = 0) -> None:
        profiles = [resources.files("langdetect").joinpath("profiles", code).read_text(encoding="utf-8") for code in languages]
        self._factory = DetectorFactory()
        self._factory.load_json_profile(profiles)
        self._factory.set_seed(seed)
        self._languages = languages
        self._lock = threading.Lock()  # langdetect detectors share the factory's maps
        lingua_detector()  # load lingua's models now (at start-up), not on a reporter's first message

    def chosen_language(self, text: str) -> str | None:
        """A language the reporter names on its own ("polski", "/lang ro")."""
        command = _CHOOSE_COMMAND.match(text)
        if command and command.group(1).lower() in self._languages:
            return command.group(1).lower()
        folded = fold_latin(text).strip(" .!?")
        for prefix in ("in ", "speak ", "i speak ", "use "):
            folded = folded.removeprefix(prefix)
        arabic = basic(text).strip(" .!?؟")
        for code, names in LANGUAGE_NAMES.items():
            if code in self._languages and (folded in names or arabic in names):
                return code
        return None

    def guess(self, text: str) -> Detection:
        """The most likely supported language of `text`, however short (English when there is
        nothing to go on). Used by `spotsigns detect-language`; the conversation itself only
        switches on `detect`."""
        return self._judge(text)[0]

    def detect(self, text: str) -> Detection | None:
        """The language of `text` when it is clear enough to switch the conversation to it;
        otherwise None (the conversation keeps its language: a short "ok" never flips it)."""
        if not text or (text.startswith("/") and not _CHOOSE_COMMAND.match(text)):
            return None
        if not _CHOOSE_COMMAND.match(text):
            text = " ".join(_NOT_WORDS.sub(" ", text).split())
            if not text:
                return None
        detection, lead = self._judge(text)
        letters = len(_LETTERS.findall(text))
        if detection.chosen or len(_VIETNAMESE_MARKS.findall(text)) >= 2:
            return detection
        clear = detection.probability >= _MIN_PROBABILITY and lead >= _MIN_LEAD
        if _ARABIC_SCRIPT.search(text):  # the script leaves two languages: one clear word will do
            return detection if letters >= 4 and clear else None
        words = len(text.split())
        own = _OWN_LETTERS.get(detection.language)
        enough = words >= _MIN_WORDS or (words == 2 and own is not None and own.search(text) is not None)
        return detection if enough and letters >= _MIN_LETTERS and clear else None

    def _judge(self, text: str) -> tuple[Detection, float]:
        """The best guess and its lead over the runner-up."""
        chosen = self.chosen_language(text)
        if chosen:
            return Detection(chosen, 1.0, chosen=True), 1.0
        if _ARABIC_SCRIPT.search(text) and "ur" in self._languages and _URDU_LETTERS.search(text):
            return Detection("ur", 1.0), 1.0
        if "vi" in self._languages and _VIETNAMESE_MARKS.search(text):
            return Detection("vi", 0.99 if len(_VIETNAMESE_MARKS.findall(text)) >= 2 else 0.9), 0.9
        scores = self._scores(text)
        if not scores:
            return Detection("en" if "en" in self._languages else self._languages[0], 0.0), 0.0
        (language, first), (_, second) = sorted([*scores.items(), ("", 0.0)], key=lambda item: item[1], reverse=True)[:2]
        return Detection(language, round(first, 4)), first - second

    def _scores(self, text: str) -> dict[str, float]:
        """A probability per language: langdetect, lingua and the common-word share, weighted by
        length (n-grams say little about one or two words, common words say a lot), plus
        Vietnamese syllables and English as the default."""
        short = len(text.split()) <= _SHORT_WORDS
        common = without_names(text)
        langdetect = self._langdetect(common)
        lingua = lingua_confidences(common, self._languages) if _LETTERS.search(common) else {}
        votes = word_votes(common, self._languages)
        if (not votes and len(_LETTERS.findall(common)) < 3) or only_neutral_replies(text):
            return {}  # nothing to go on ("ok", "2", "x", "👍"): the caller's default
        # The more of the message is common words, the more they decide.
        share = max(votes.values(), default=0.0)
        w_words = min(0.8, 0.2 + 0.6 * share) if short else min(0.5, 0.1 + 0.6 * share)
        w_langdetect = (0.2 if short else 0.5) * (1 - w_words)
        w_lingua = 1 - w_words - w_langdetect
        scores = {
            code: w_langdetect * langdetect.get(code, 0.0) + w_lingua * lingua.get(code, 0.0) + w_words * votes.get(code, 0.0)
            for code in self._languages
        }
        if "vi" in scores:
            scores["vi"] += 0.5 * vietnamese_syllables(common)
        if "en" in scores:
            scores["en"] += _ENGLISH_PRIOR
        total = sum(scores.values())
        return {code: score / total for code, score in scores.items()}

    def _langdetect(self, text: str) -> dict[str, float]:
        if len(_LETTERS.findall(text)) < 3:
            return {}
        with self._lock:
            detector = self._factory.create()
            detector.append(text)
            try:
                return {r.lang: r.prob for r in detector.get_probabilities()}
            except LangDetectException:
                return {}
