"""Free-text danger cues (SPEC §3): words that say someone is in danger *now*.

A cue in a description or any message makes a report an emergency unless the reporter said
confidently that nobody is in immediate danger. The lists cover every supported language and
match text typed without accents. A cue preceded by a negation in its own clause
("nobody seemed hurt", "nie był ranny") does not count.

The cue lists are data: `danger_cues.yml` beside this file, one entry per language; the
non-English patterns are marked for professional review in docs/translations.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

import yaml

from spotsigns.report.text import fold_arabic, fold_latin, fold_urdu

CATEGORIES: Final = (
    "violence",
    "weapon",
    "threat_to_life",
    "locked_in",
    "injured",
    "taken_now",
    "child_at_risk",
    "plea_for_help",
    "danger",
)


@dataclass(frozen=True, slots=True)
class DangerCue:
    category: str
    language: str
    phrase: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    language: str
    fold: Callable[[str], str]
    patterns: dict[str, tuple[str, ...]]
    negators_before: frozenset[str]
    negators_after: frozenset[str] = frozenset()


CUES_FILE: Final = Path(__file__).resolve().parent / "danger_cues.yml"
_FOLDS: Final = {"latin": fold_latin, "arabic": fold_arabic, "urdu": fold_urdu}


@lru_cache(maxsize=1)
def lexicons() -> tuple[_Lexicon, ...]:
    """The cue lists of every language, from `danger_cues.yml` (data, reviewed by translators)."""
    data = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))["languages"]
    return tuple(
        _Lexicon(
            language,
            _FOLDS[entry["fold"]],
            {category: tuple(patterns) for category, patterns in entry["patterns"].items()},
            frozenset(entry["negators_before"]),
            frozenset(entry.get("negators_after", ())),
        )
        for language, entry in data.items()
    )


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[_Lexicon, list[tuple[str, re.Pattern[str]]]], ...]:
    return tuple((lex, [(cat, re.compile(p)) for cat, pats in lex.patterns.items() for p in pats]) for lex in lexicons())


_CLAUSE_BREAK: Final = re.compile(r"[.!?;,\n؟،]|\bbut\b|\bhowever\b|\bale\b|\bdar\b|\bpor\b|\bbet\b|\bnhung\b|\bلكن\b|\bلیکن\b|\bمگر\b")
_TOKEN: Final = re.compile(r"[\w'\-]+")
_QUESTION_OPENERS: Final = re.compile(
    r"^\s*(?:what\s+if|what\s+should|what\s+do|how\s+(?:do|can|should|would)|should\s+i|do\s+i|is\s+it|when\s+should|can\s+(?:you|u)|could\s+(?:you|u))\b"
)
_NEGATION_WINDOW: Final = 5
# "Or" in the languages, as the texts are read (Urdu "یا" folded is "يا"). A negation reaches
# over a list joined by one: "ko thay ai bi dau hay bi nhot" (I saw nobody hurt or locked up),
# "nie pobity ani zamknięty", "not hurt or locked in"; and "5 or 6" is a range
# (answer_numbers.RANGE_WORDS).
_OR_AS_WRITTEN: Final = (
    *("or", "nor", "hay", "hoac", "ani", "lub", "albo", "sau", "nici", "ose", "as", "apo", "arba", "nei", "ar", "ya"),
    *("او", "ولا", "یا"),
)
OR_WORDS: Final = frozenset(folded for word in _OR_AS_WRITTEN for folded in (word, fold_arabic(word)))
_LIST_WINDOW: Final = 9


def negated_before(text: str, start: int, negators: frozenset[str]) -> bool:
    """A negator (one to three words) among the few words before `start`, in the same clause:
    "nobody is [hurt]", "ko thay ai [bi danh]", or before a list joined by "or" that ends there
    ("no one hurt or [locked in]"). Used by the cue lists and the sign keywords."""
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    clause = _TOKEN.findall(text[clause_start:start])
    near = clause[-_NEGATION_WINDOW:]
    listed = clause[-_LIST_WINDOW:]
    before = listed if OR_WORDS & set(clause[-2:]) else near  # "or" just before the cue
    words = {" ".join(before[i : i + n]) for n in (1, 2, 3) for i in range(len(before))}
    return bool(words & negators)


def negators_before(language: str) -> frozenset[str]:
    """The words that negate what follows in `language` (empty for an unknown language)."""
    return next((lex.negators_before for lex in lexicons() if lex.language == language), frozenset())


def negated_after(text: str, end: int, negators: frozenset[str]) -> bool:
    """A negator in the two words after `end`, where the language negates after the verb or
    the noun: Urdu "کوئی لڑائی جھگڑا نہیں دیکھا" (I saw no fight), or at the end of a list
    joined by "or" that starts there ("کوئی مار پیٹ یا زبردستی نہیں": no beating or force)."""
    if not negators:
        return False
    after = _TOKEN.findall(text[end : end + 80])
    window = 4 if OR_WORDS & set(after[:2]) else 2
    return bool(set(after[:window]) & negators)


def negators_after(language: str) -> frozenset[str]:
    """The words that negate what comes before them in `language` (Urdu "نہیں")."""
    return next((lex.negators_after for lex in lexicons() if lex.language == language), frozenset())


def _negated(lex: _Lexicon, text: str, start: int, end: int) -> bool:
    return negated_before(text, start, lex.negators_before) or negated_after(text, end, lex.negators_after)


def _is_hypothetical_question(text: str, start: int) -> bool:
    """'What if someone is in danger?' asks about the service; it does not report danger."""
    clause_start = max((m.end() for m in re.finditer(r"[.!;\n]", text[:start])), default=0)
    clause = text[clause_start:]
    end = clause.find("?")
    return end != -1 and bool(_QUESTION_OPENERS.match(clause))


def find_danger_cues(text: str) -> list[DangerCue]:
    """Every non-negated danger cue in `text`, in any supported language."""
    if not text or not text.strip():
        return []
    found: list[DangerCue] = []
    seen: set[tuple[str, str]] = set()
    for lex, patterns in _compiled():
        folded = lex.fold(text)
        for category, pattern in patterns:
            for match in pattern.finditer(folded):
                if _negated(lex, folded, match.start(), match.end()):
                    continue
                if lex.language == "en" and _is_hypothetical_question(folded, match.start()):
                    continue
                if category == "plea_for_help" and re.search(r"\b(?:can|could|would|will)\s+(?:you|u)\s*$", folded[: match.start()]):
                    continue  # "can you help me?" is a request for information, not a plea
                key = (category, match.group(0))
                if key not in seen:
                    seen.add(key)
                    found.append(DangerCue(category, lex.language, match.group(0)))
    return found


def danger_categories(texts: Iterable[str]) -> list[str]:
    """The distinct cue categories found across `texts`, in `CATEGORIES` order."""
    hits = {cue.category for text in texts for cue in find_danger_cues(text)}
    return [c for c in CATEGORIES if c in hits]


__all__ = ["CATEGORIES", "DangerCue", "danger_categories", "find_danger_cues", "negated_before", "negators_before"]
