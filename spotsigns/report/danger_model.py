"""The learned danger signal (SPEC §3, issue 9): recognises danger *now* described in words
that no cue list names, in every supported language.

Word lists cannot list every way to say that someone is shut in or hurt and kept from help,
so beside the cue lists (`danger_cues.py`, which explain themselves) triage asks a small
classifier trained on `danger_training.yml`: TF-IDF of character n-grams (robust to typos and
missing accents) and of words (which carry negation and tense), and a multinomial logistic
regression over the *kinds* of harm and of hard non-emergency in that file. The emergency
score is the probability of the harm kinds together; the likeliest harm names the reason.

- Built at build time (`spotsigns train`) into `models/danger-<fingerprint>.pkl`, named after
  the training file, the scikit-learn version and `MODEL_VERSION`; a process without that file
  builds it in memory once. Loaded once per process; deterministic (fixed seeds, no sampling).
- The threshold is chosen at build time by 5-fold cross-validation on the training file only:
  the fewest false alarms for which triage as a whole (the cue lists *or* this model) keeps a
  cross-validated recall of at least `TARGET_RECALL`, the bar of issue 9. The independent sets
  under `tests/` are never trained or tuned on.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import numpy as np
import sklearn
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from spotsigns.config import MODELS_DIR
from spotsigns.report.danger_cues import danger_categories
from spotsigns.report.text import fold_latin

logger = logging.getLogger(__name__)

TRAINING_FILE: Final = Path(__file__).resolve().parent / "danger_training.yml"
MODEL_VERSION: Final = "2"  # bump when the features or the learner change
TARGET_RECALL: Final = 0.95
MIN_WORDS: Final = 6  # the shortest emergency in the training file
_THRESHOLDS: Final = np.round(np.arange(0.05, 0.96, 0.01), 2)
_WORD: Final = r"(?u)\b\w+\b"  # one-letter words too: "i", "a", Vietnamese syllables


@dataclass(frozen=True, slots=True)
class InferredDanger:
    kind: str  # the likeliest kind of harm, e.g. "shut_in"
    score: float  # probability that the text describes danger now


def _pipeline() -> Pipeline:
    characters = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 5), min_df=2, sublinear_tf=True, preprocessor=fold_latin)
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 3), sublinear_tf=True, preprocessor=fold_latin, token_pattern=_WORD)
    learner = LogisticRegression(C=8.0, class_weight="balanced", max_iter=3000, random_state=0)
    return make_pipeline(make_union(characters, words), learner)


@dataclass(frozen=True)
class DangerModel:
    pipeline: Pipeline
    harm_kinds: tuple[str, ...]
    threshold: float
    cross_validated: dict[str, float]

    def assess(self, texts: list[str]) -> list[InferredDanger | None]:
        """For each text, the inferred danger, or None when the score is under the threshold."""
        if not texts:
            return []
        found: list[InferredDanger | None] = []
        for row in _harm_probabilities(self.pipeline, self.harm_kinds, texts):
            score = float(row.sum())
            kind = self.harm_kinds[int(np.argmax(row))]
            found.append(InferredDanger(kind, round(score, 3)) if score >= self.threshold else None)
        return found


def training_messages(path: Path = TRAINING_FILE) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]


def _harm_probabilities(pipeline: Pipeline, harm_kinds: tuple[str, ...], texts: list[str]) -> np.ndarray:
    """One row per text, one column per harm kind (in `harm_kinds` order)."""
    classes = list(pipeline.classes_)
    return pipeline.predict_proba(texts)[:, [classes.index(k) for k in harm_kinds]]


def build(messages: list[dict[str, Any]]) -> DangerModel:
    """Fit on `messages` and choose the threshold by cross-validation on them."""
    texts = [m["text"] for m in messages]
    kinds = np.array([m["kind"] for m in messages])
    emergency = np.array([bool(m["emergency"]) for m in messages])
    harm_kinds = tuple(sorted({m["kind"] for m in messages if m["emergency"]}))
    scores = np.zeros(len(texts))
    for train, test in StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(texts, kinds):
        fold = _pipeline().fit([texts[i] for i in train], kinds[train])
        scores[test] = _harm_probabilities(fold, harm_kinds, [texts[i] for i in test]).sum(axis=1)
    cues = np.array([bool(danger_categories([text])) for text in texts])
    threshold, cross_validated = float(_THRESHOLDS[0]), {"recall": 1.0, "false_alarm_rate": 1.0}
    for candidate in _THRESHOLDS:
        flagged = (scores >= candidate) | cues
        recall, false_alarms = float(flagged[emergency].mean()), float(flagged[~emergency].mean())
        if recall >= TARGET_RECALL and false_alarms <= cross_validated["false_alarm_rate"]:
            threshold, cross_validated = float(candidate), {"recall": round(recall, 3), "false_alarm_rate": round(false_alarms, 3)}
    return DangerModel(_pipeline().fit(texts, kinds), harm_kinds, threshold, cross_validated)


def fingerprint(path: Path = TRAINING_FILE) -> str:
    digest = hashlib.sha256(path.read_bytes())
    digest.update(f"\0{sklearn.__version__}\0{MODEL_VERSION}".encode())
    return digest.hexdigest()[:16]


def model_file() -> Path:
    return MODELS_DIR / f"danger-{fingerprint()}.pkl"


def ensure_built() -> Path:
    """The model file for the current training data, built first if needed (under a lock,
    written whole then renamed, as the Rasa model is); older builds are removed."""
    target = model_file()
    if target.exists():
        return target
    MODELS_DIR.mkdir(exist_ok=True)
    with (MODELS_DIR / ".danger.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            model = build(training_messages())
            with tempfile.NamedTemporaryFile(dir=MODELS_DIR, prefix=".danger-", delete=False) as scratch:
                pickle.dump(model, scratch, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(scratch.name, target)
    for stale in MODELS_DIR.glob("danger-*.pkl"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return target


@lru_cache(maxsize=1)
def danger_model() -> DangerModel:
    """The model of this process: the built file (our own, in `models/`), else built now."""
    target = model_file()
    if not target.exists():
        logger.warning("the danger model was not built (`spotsigns train`); building it in this process")
        target = ensure_built()
    with target.open("rb") as file:
        return pickle.load(file)  # noqa: S301 - written by ensure_built, never from outside


@lru_cache(maxsize=4096)
def _assess_one(text: str) -> InferredDanger | None:
    # A conversation is triaged again on every turn with all its messages: each text once.
    return danger_model().assess([text])[0]


def inferred_dangers(texts: list[str]) -> list[InferredDanger]:
    """The danger the model infers in any of `texts`, likeliest first. Texts shorter than any
    emergency it learned from (`MIN_WORDS`) are skipped: "nuk e di... nuk besoj" (I don't
    know… I don't think so) at the danger question read as an injury at 0.62. Short plain
    words of danger ("he is bleeding", "help me") are the cue lists' to read."""
    found = [d for d in (_assess_one(t) for t in texts if t and len(t.split()) >= MIN_WORDS) if d is not None]
    return sorted(found, key=lambda d: -d.score)


__all__ = ["DangerModel", "InferredDanger", "build", "danger_model", "ensure_built", "inferred_dangers"]
