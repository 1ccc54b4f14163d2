"""The plain-English wording of settings and signs, read from `spotsigns/report/indicators.yml`.

One source for the chat, the SMS channel and the web form. Matching of free text against
the keywords is word-bounded and accent-insensitive, and takes in the keywords that the
other languages' files (`locales/<language>.yml`, `indicators: signs: <code>: keywords:`) give
each sign; Arabic-script keywords (Arabic, Urdu) also match across hamza, alef, ya and
ta-marbuta variants (`fold_arabic`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from spotsigns.report.danger_cues import negated_after, negated_before, negators_after, negators_before
from spotsigns.report.fields import LANGUAGES, SETTINGS, SIGNS
from spotsigns.report.text import fold_arabic, fold_latin

INDICATORS_FILE = Path(__file__).resolve().parent / "indicators.yml"
# Keywords as residents type them (colloquial, inflected, romanised), a file per language or script.
TYPED_SIGN_WORDS_DIR = Path(__file__).resolve().parent / "typed_sign_words"
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_CONJUNCTION = "[وف]?"  # Arabic writes "and"/"so" joined to the next word: "وينامون", "فأخذ"
_ARABIC_PRONOUN = "(?:ها|هم|هن|ه|ي|ك|نا|كم)?"  # and "her", "their", … joined to the end: "جوازها" (her passport)


@dataclass(frozen=True, slots=True)
class SignWording:
    code: str
    label: str
    hint: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SettingWording:
    code: str
    label: str
    description: str
    signs: tuple[tuple[str, str], ...]  # (sign code, wording for this setting), most telling first


@dataclass(frozen=True, slots=True)
class Indicators:
    signs: dict[str, SignWording]
    settings: dict[str, SettingWording]

    def signs_for(self, setting: str | None) -> tuple[tuple[str, str], ...]:
        return self.settings[setting if setting in self.settings else "other"].signs

    def sign_label(self, sign: str, setting: str | None = None) -> str:
        return dict(self.signs_for(setting)).get(sign) or self.signs[sign].label

    def setting_label(self, setting: str | None) -> str:
        return self.settings[setting].label if setting in self.settings else self.settings["other"].label

    def match_signs(self, text: str, language: str | None = None) -> list[str]:
        """All signs whose keywords, in English or in any locale's file, occur in `text`, in SPEC
        order; with the reporter's `language` given, a sign of something happening is not read
        where a negation in that language comes shortly before in the same clause ("ko thay ai
        bi danh": I didn't see anyone beaten; "nobody is hurt")."""
        folded = fold_latin(text)
        arabic = fold_arabic(folded)
        translated = _translated_patterns()

        def said(code: str, pattern: re.Pattern[str] | None, where: str) -> bool:
            negatable = language and code in NEGATABLE_SIGNS
            before, after = _negators(language) if negatable else (frozenset(), frozenset())
            return pattern is not None and any(
                not negated_before(where, m.start(), before) and not negated_after(where, m.end(), after) for m in pattern.finditer(where)
            )

        return [
            code
            for code in SIGNS
            if any(said(code, _pattern(k), folded) for k in self.signs[code].keywords)
            or said(code, translated[code][0], folded)
            or said(code, translated[code][1], arabic)
        ]


def _alternation(folded_keywords: set[str], prefix: str = "", suffix: str = "") -> re.Pattern[str] | None:
    if not folded_keywords:
        return None
    alternatives = "|".join(re.escape(k) for k in sorted(folded_keywords, key=lambda k: (-len(k), k)))
    return re.compile(r"(?<!\w)" + prefix + "(?:" + alternatives + ")" + suffix + r"(?!\w)")


@lru_cache(maxsize=1)
def _translated_patterns() -> dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]:
    """For each sign, one word-bounded pattern of its keywords from every locale file and
    `typed_sign_words/` in Latin script (folded with `fold_latin`) and one of those in Arabic script (`fold_latin`,
    then `fold_arabic`; a joined "and"/"so" before the first word is allowed), read once."""
    from spotsigns.report import i18n  # i18n imports this module; its loader reads the locale files

    latin: dict[str, set[str]] = {code: set() for code in SIGNS}
    arabic: dict[str, set[str]] = {code: set() for code in SIGNS}
    keywords: list[tuple[str, str]] = []
    for language in LANGUAGES:
        if language == "en":  # English keywords are in indicators.yml
            continue
        signs = (i18n._catalog(language).get("indicators") or {}).get("signs") or {}
        keywords += [(code, str(k)) for code, entry in signs.items() if isinstance(entry, dict) for k in entry.get("keywords") or ()]
    for path in sorted(TYPED_SIGN_WORDS_DIR.glob("*.yml")):
        typed = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        keywords += [(code, str(k)) for code, words in typed.items() for k in words or ()]
    for code, keyword in keywords:
        if code not in latin:
            continue
        if _ARABIC_SCRIPT.search(keyword):
            arabic[code].add(fold_arabic(fold_latin(keyword)))
        else:
            latin[code].add(fold_latin(keyword))
    return {
        code: (_alternation(latin[code] - {""}), _alternation(arabic[code] - {""}, _ARABIC_CONJUNCTION, _ARABIC_PRONOUN)) for code in SIGNS
    }


@lru_cache(maxsize=4096)
def _pattern(keyword: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(fold_latin(keyword)) + r"(?!\w)")


# Signs said of something that happens ("beaten", "hurt", "locked in", "scared"), which a
# negation undoes; the others are absences in their own words ("pa kaska pa kepuce": no helmet,
# no shoes), where a negation before one is part of the list.
NEGATABLE_SIGNS = frozenset({"threats_or_violence", "injuries", "locked_in_or_cannot_leave", "fearful_or_withdrawn"})


@lru_cache(maxsize=16)
def _negators(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words that negate what follows and what comes before ("نہیں" in Urdu) in `language`
    (the danger cue lists', the one list of them), folded as the keywords are. Only that
    language's: Vietnamese "no" is "he"/"she"."""
    return tuple(frozenset(fold_arabic(fold_latin(w)) for w in words) for words in (negators_before(language), negators_after(language)))


def parse_indicators(raw: dict) -> Indicators:
    signs = {
        code: SignWording(code, str(v["label"]), str(v.get("hint", "")), tuple(v.get("keywords") or ()))
        for code, v in (raw.get("signs") or {}).items()
    }
    settings = {
        code: SettingWording(
            code,
            str(v["label"]),
            str(v.get("description", v["label"])),
            tuple((str(s), str(w)) for s, w in (v.get("signs") or {}).items()),
        )
        for code, v in (raw.get("settings") or {}).items()
    }
    if set(signs) != set(SIGNS) or set(settings) != set(SETTINGS):
        raise ValueError("indicators file must describe exactly the SPEC §2 signs and settings")
    for setting in settings.values():
        unknown = [s for s, _ in setting.signs if s not in signs]
        if unknown:
            raise ValueError(f"setting {setting.code} lists unknown signs: {unknown}")
    return Indicators(signs, settings)


@lru_cache(maxsize=2)
def load_indicators(path: Path = INDICATORS_FILE) -> Indicators:
    return parse_indicators(yaml.safe_load(path.read_text(encoding="utf-8")))
