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

from spotsigns.fields import LANGUAGES
from spotsigns.text import basic, fold_latin

_URDU_LETTERS: Final = re.compile("[ٹڈڑںےۓھہۃگچپژ]")
_ARABIC_SCRIPT: Final = re.compile("[\u0600-\u06ff]")
_VIETNAMESE_MARKS: Final = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
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
_MIN_LETTERS: Final = 10
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

    def detect(self, text: str) -> Detection | None:
        """The language of `text` when it is clear enough to switch to; otherwise None."""
        chosen = self.chosen_language(text)
        if chosen:
            return Detection(chosen, 1.0, chosen=True)
        if not text or text.startswith("/"):
            return None
        if _ARABIC_SCRIPT.search(text):
            if "ur" in self._languages and _URDU_LETTERS.search(text):
                return Detection("ur", 1.0)
            if len(_LETTERS.findall(text)) >= 4 and "ar" in self._languages:
                return Detection("ar", 0.95)
        if "vi" in self._languages and len(_VIETNAMESE_MARKS.findall(text)) >= 2:
            return Detection("vi", 1.0)
        words = text.split()
        if len(words) < _MIN_WORDS or len(_LETTERS.findall(text)) < _MIN_LETTERS:
            return None
        with self._lock:
            detector = self._factory.create()
            detector.append(text)
            try:
                ranked = detector.get_probabilities()
            except LangDetectException:
                return None
        if not ranked or ranked[0].prob < _MIN_PROBABILITY:
            return None
        return Detection(ranked[0].lang, ranked[0].prob)
