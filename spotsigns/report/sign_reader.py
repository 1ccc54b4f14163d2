"""The learned sign reader (issue 10): which warning sign a short phrase typed at the signs
question names, in any of the languages, when no keyword matches it word for word ("ko deo
gang", "punojne shume ore", "tankhwa puri nahi milti").

Keywords (`indicators.py`) explain themselves but miss inflections, typos and word order. Beside
them, a phrase is read by a small classifier trained on the signs' own wording only: every
keyword, label and hint in `indicators.yml`, the locales and `typed_sign_words/`, with the
words of places, buttons and plain answers (`answer_words.yml`, the setting labels) as a
"none" class. TF-IDF of character n-grams (robust to typos, inflections and missing accents)
and a multinomial logistic regression. Never trained on the test sets under `tests/`.

Used only for the answer to the signs question, a phrase at a time, and only where the
keywords found nothing in that phrase: there the reporter is pointing at the list, so a
likely sign is worth noting (the summary shows it, and it can be changed). Built in memory
once per process (about a second); deterministic.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline, make_pipeline

from spotsigns.report.fields import LANGUAGES, SIGNS
from spotsigns.report.text import fold_arabic, fold_latin

NONE: Final = "none"
# The likeliest class must be a sign with at least this probability. Set once, not tuned: on
# the answers to the signs question in the two resident sets read while fixing (issue 10), the
# reader added 97 signs the resident meant and 7 they did not (bench/README.md).
THRESHOLD: Final = 0.5
# Signs said with a negation ("never goes out", "nie wychodzi", "neišeina"): characters alone
# cannot tell them from the plain verb ("išeina", goes out), so a reading of one without a
# negation in the phrase does not count (actions/parsing.signs_answered checks).
SAID_WITH_A_NEGATION: Final = frozenset({"locked_in_or_cannot_leave"})
# Phrases split at punctuation and at "and" in the languages; Arabic joins "and" to the next
# word ("يشتغلوا ساعات طويلة ويناموا فوق المطعم": they work long hours and sleep upstairs).
_PHRASE_BREAK: Final = re.compile(
    r"[,;.!?\n،؛۔]+|\s(?:and|also|plus|i|oraz|si|și|dhe|edhe|va|và|ir|bei|aur|or|و)\s|\s(?=و[\u0600-\u06ff]{3,})", re.IGNORECASE
)


def _fold(text: str) -> str:
    return fold_arabic(fold_latin(text))


def _pipeline() -> Pipeline:
    characters = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, preprocessor=_fold)
    # Logistic loss by stochastic gradient descent: the same model as a logistic regression, fitted
    # in under a second (lbfgs took 12 s here) so a process can build it when it starts.
    learner = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=50, tol=None, random_state=0)
    return make_pipeline(characters, learner)


def training_phrases() -> tuple[list[str], list[str]]:
    """(phrases, classes): the signs' wording in every language, and the "none" words."""
    from spotsigns.report import i18n  # i18n imports the indicators, which import nothing of this
    from spotsigns.report.answer_words import WORDS_FILE
    from spotsigns.report.indicators import INDICATORS_FILE, TYPED_SIGN_WORDS_DIR

    pairs: list[tuple[str, str]] = []
    english = yaml.safe_load(INDICATORS_FILE.read_text(encoding="utf-8"))
    for code, entry in english["signs"].items():
        pairs += [(str(k), code) for k in entry.get("keywords") or ()] + [(entry["label"], code)]
    for setting in english["settings"].values():
        pairs += [(str(wording), code) for code, wording in (setting.get("signs") or {}).items()]
        pairs.append((setting["label"], NONE))
    for language in LANGUAGES[1:]:
        indicators = i18n._catalog(language).get("indicators") or {}
        for code, entry in (indicators.get("signs") or {}).items():
            pairs += [(str(k), code) for k in entry.get("keywords") or ()] + [(str(entry.get("label", "")), code)]
        for by_setting in (indicators.get("setting_signs") or {}).values():
            pairs += [(str(wording), code) for code, wording in by_setting.items()]
        pairs += [(str(entry.get("label", "")), NONE) for entry in (indicators.get("settings") or {}).values()]
    for path in sorted(TYPED_SIGN_WORDS_DIR.glob("*.yml")):
        typed = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        pairs += [(str(k), code) for code, words in typed.items() for k in words or ()]
    lists = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    plain = [lists["thats_all"], lists["stop"], *lists["yes"].values(), *lists["no"].values(), *lists["unsure"].values()]
    plain += list(lists["setting_words"].values())
    pairs += [(str(w), NONE) for words in plain for w in words]
    pairs = [(text, code) for text, code in dict.fromkeys(pairs) if text.strip() and (code in SIGNS or code == NONE)]
    return [text for text, _ in pairs], [code for _, code in pairs]


@lru_cache(maxsize=1)
def _model() -> Pipeline:
    phrases, classes = training_phrases()
    return _pipeline().fit(phrases, classes)


def phrases_of(text: str) -> list[str]:
    """The answer cut into the phrases a reporter lists ("pay, hours and no gear")."""
    return [p.strip() for p in _PHRASE_BREAK.split(text) if p and len(p.strip()) >= 3]


def read_signs(phrases: list[str]) -> list[str]:
    """The sign each phrase most likely names, where that is likely enough (SPEC order)."""
    found = {sign for sign in signs_by_phrase(phrases) if sign is not None}
    return [s for s in SIGNS if s in found]


def signs_by_phrase(phrases: list[str]) -> list[str | None]:
    """For each phrase, the sign it most likely names where that is likely enough, else None
    (one call to the model for all of them)."""
    if not phrases:
        return []
    model = _model()
    classes = list(model.classes_)
    readings: list[str | None] = []
    for row in model.predict_proba(phrases):
        best = int(np.argmax(row))
        readings.append(classes[best] if classes[best] != NONE and row[best] >= THRESHOLD else None)
    return readings
