"""Conversation language detection (SPEC §4), built on langdetect.

- Deterministic: a private langdetect factory with a fixed seed.
- Restricted to the supported languages: only their profiles are loaded, so diacritic-free
  Polish is not mistaken for Slovak, nor Romanian typed without accents for Italian.
- Cautious on short text: below a few words, or when the best guess is not clearly ahead,
  it returns None and the conversation keeps its language (sticky). Scripts that settle the
  question (Arabic vs Urdu letters, Vietnamese tone marks) decide even for one word.
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

from spotsigns.report.fields import LANGUAGES
from spotsigns.report.text import basic, fold_latin

_URDU_LETTERS: Final = re.compile("[ٹڈڑںےۓھہۃگچپژ]")
_ARABIC_SCRIPT: Final = re.compile("[\u0600-\u06ff]")
# Letters no other supported language writes (ă and â are Romanian too, so they do not count).
_VIETNAMESE_MARKS: Final = re.compile("[đêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
_LETTERS: Final = re.compile(r"[^\W\d_]", re.UNICODE)

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
_MIN_WORDS: Final = 3
_MIN_LETTERS: Final = 8
_MIN_PROBABILITY: Final = 0.90


@dataclass(frozen=True, slots=True)
class Detection:
    language: str
    probability: float
    chosen: bool = False  # the reporter named the language


class LanguageDetector:
    def __init__(self, languages: tuple[str, ...] = LANGUAGES, seed: int = 0) -> None:
        profiles = [resources.files("langdetect").joinpath("profiles", code).read_text(encoding="utf-8") for code in languages]
        self._factory = DetectorFactory()
        self._factory.load_json_profile(profiles)
        self._factory.set_seed(seed)
        self._languages = languages
        self._lock = threading.Lock()  # langdetect detectors share the factory's maps

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
        chosen = self.chosen_language(text)
        if chosen:
            return Detection(chosen, 1.0, chosen=True)
        if _ARABIC_SCRIPT.search(text):
            if "ur" in self._languages and _URDU_LETTERS.search(text):
                return Detection("ur", 1.0)
            if "ar" in self._languages:
                return Detection("ar", 0.95)
        if "vi" in self._languages and _VIETNAMESE_MARKS.search(text):
            return Detection("vi", 0.99 if len(_VIETNAMESE_MARKS.findall(text)) >= 2 else 0.9)
        scores = self._scores(text)
        if not scores:
            return Detection(self._languages[0], 0.0)
        language = max(scores, key=scores.__getitem__)
        return Detection(language, scores[language])

    def detect(self, text: str) -> Detection | None:
        """The language of `text` when it is clear enough to switch the conversation to it;
        otherwise None (the conversation keeps its language: a short "ok" never flips it)."""
        if not text or (text.startswith("/") and not _CHOOSE_COMMAND.match(text)):
            return None
        detection = self.guess(text)
        letters = len(_LETTERS.findall(text))
        script_decides = (_ARABIC_SCRIPT.search(text) and letters >= 4) or len(_VIETNAMESE_MARKS.findall(text)) >= 2
        if detection.chosen or script_decides:
            return detection
        if len(text.split()) < _MIN_WORDS or letters < _MIN_LETTERS or detection.probability < _MIN_PROBABILITY:
            return None
        return detection

    def _scores(self, text: str) -> dict[str, float]:
        """langdetect's probabilities over the supported languages, blended with a vote of very
        common words (which carries short and accent-free messages)."""
        probabilities: dict[str, float] = {}
        if len(_LETTERS.findall(text)) >= 3:
            with self._lock:
                detector = self._factory.create()
                detector.append(text)
                try:
                    probabilities = {r.lang: r.prob for r in detector.get_probabilities()}
                except LangDetectException:
                    probabilities = {}
        votes = common_word_votes(text, self._languages)
        total_votes = sum(votes.values())
        if total_votes == 0:
            return probabilities
        # The more of the message is common words, the more they decide: n-gram statistics
        # say little about one or two words, common words say a lot.
        words = max(1, len(_WORD.findall(fold_latin(text))))
        weight = min(0.85, 0.3 + 0.5 * min(1.0, max(votes.values()) / words))
        best = max(votes.values())
        return {
            code: (1 - weight) * probabilities.get(code, 0.0) + weight * votes.get(code, 0) / best
            for code in set(probabilities) | set(votes)
        }


# Very common words, written without accents, as people type them on phones. A word listed
# for two languages counts for both.
COMMON_WORDS: Final = {
    "en": "the and is are was to of a in it i you they there what where when yes no not help please thanks thank hello hi ok "
    "my me we he she this that with at on have has do don't dont know car wash people work working",
    "pl": "nie tak jest sa sie w na z do to co jak ze czy ale mnie mi jestem prosze pomocy pomoz wiem gdzie dzien dobry "
    "dziekuje czesc ludzie praca pracuja myjnia bardzo jeszcze teraz tutaj oni ona on",
    "ro": "nu da si este sunt la o un de ce cu ca pe mai stiu ajutor buna multumesc unde acum oameni lucreaza spalatorie "
    "eu el ea ei sa din foarte aici vreau",
    "sq": "po jo nuk eshte dhe te ne per me nje ka si faleminderit ndihme ku di tani njerez punojne une ai ajo ata jane "
    "mire pershendetje shume ketu dua",
    "lt": "ne taip yra ir kad kur as jis ji jie labas aciu nezinau padekite prasau dabar zmones dirba cia labai noriu man mano nera buvo",
    "vi": "khong co toi la va cua cho nguoi duoc mot nhung cam on biet o dau xin chao giup ban dang lam viec tiem ho "
    "em anh chi roi nay cuu voi",
}
_COMMON: Final = {code: frozenset(words.split()) for code, words in COMMON_WORDS.items()}
_WORD: Final = re.compile(r"[a-z']+")


def common_word_votes(text: str, languages: tuple[str, ...]) -> dict[str, int]:
    words = _WORD.findall(fold_latin(text))
    votes: dict[str, int] = {}
    for code in languages:
        vocabulary = _COMMON.get(code)
        if vocabulary:
            hits = sum(1 for word in words if word in vocabulary)
            if hits:
                votes[code] = hits
    return votes
