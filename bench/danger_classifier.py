"""A learned danger signal, measured before it is built into triage (issue 9 groundwork).

Character n-gram TF-IDF and a logistic regression (scikit-learn) are trained on
`spotsigns/report/danger_training.yml` only. The decision threshold is chosen by 5-fold
cross-validation on that training set: the lowest false-alarm rate with a cross-validated
recall of at least 0.97. The result is then measured once on the independent hold-out
`tests/danger_holdout.yml`, alone and combined with today's cue lists (an emergency when
either fires), per language. Nothing is tuned on the hold-out.

    make install   # scikit-learn is a dev dependency
    .venv/bin/python bench/danger_classifier.py [--json PATH]
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline

from bench.results import run
from spotsigns.report.danger_cues import danger_categories
from spotsigns.report.fields import LANGUAGES
from spotsigns.report.text import fold_latin

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "spotsigns" / "report" / "danger_training.yml"
HOLDOUT = ROOT / "tests" / "danger_holdout.yml"
TARGET_CV_RECALL = 0.97


def load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]


def model() -> object:
    return make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, preprocessor=fold_latin),
        LogisticRegression(C=4.0, class_weight="balanced", solver="liblinear", random_state=0),
    )


def threshold_by_cv(texts: list[str], labels: np.ndarray) -> tuple[float, dict[str, float]]:
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = cross_val_predict(model(), texts, labels, cv=folds, method="predict_proba")[:, 1]
    best = (0.5, {"recall": 0.0, "false_alarm_rate": 1.0})
    for threshold in np.arange(0.05, 0.95, 0.01):
        predicted = scores >= threshold
        recall = float(predicted[labels == 1].mean())
        false_alarms = float(predicted[labels == 0].mean())
        if recall >= TARGET_CV_RECALL and false_alarms <= best[1]["false_alarm_rate"]:
            best = (float(round(threshold, 2)), {"recall": round(recall, 3), "false_alarm_rate": round(false_alarms, 3)})
    return best


def score(rows: list[dict], flags: list[bool]) -> dict[str, object]:
    by_language: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "pos": 0, "fp": 0, "neg": 0})
    for row, flag in zip(rows, flags, strict=True):
        counts = by_language[row["language"]]
        if row["emergency"]:
            counts["pos"] += 1
            counts["tp"] += flag
        else:
            counts["neg"] += 1
            counts["fp"] += flag

    def rates(c: dict[str, int]) -> dict[str, float]:
        return {"recall": round(c["tp"] / c["pos"], 3), "false_alarm_rate": round(c["fp"] / c["neg"], 3)}

    total = {k: sum(c[k] for c in by_language.values()) for k in ("tp", "pos", "fp", "neg")}
    return {"overall": rates(total), **{lang: rates(by_language[lang]) for lang in LANGUAGES if lang in by_language}}


def evaluate() -> dict[str, object]:
    training = load(TRAINING)
    texts = [m["text"] for m in training]
    labels = np.array([1 if m["emergency"] else 0 for m in training])
    threshold, cv = threshold_by_cv(texts, labels)
    started = time.perf_counter()
    fitted = model().fit(texts, labels)
    fit_seconds = time.perf_counter() - started

    holdout = load(HOLDOUT)
    started = time.perf_counter()
    probabilities = fitted.predict_proba([m["text"] for m in holdout])[:, 1]
    per_message_ms = (time.perf_counter() - started) * 1000 / len(holdout)
    learned = [bool(p >= threshold) for p in probabilities]
    cues = [bool(danger_categories([m["text"]])) for m in holdout]
    return {
        "training_messages": len(training),
        "threshold": threshold,
        "cross_validated_on_training": cv,
        "fit_seconds": round(fit_seconds, 2),
        "predict_ms_per_message": round(per_message_ms, 3),
        "holdout_cues_only": score(holdout, cues),
        "holdout_learned_only": score(holdout, learned),
        "holdout_cues_or_learned": score(holdout, [a or b for a, b in zip(cues, learned, strict=True)]),
    }


if __name__ == "__main__":
    raise SystemExit(run(evaluate, __doc__))
