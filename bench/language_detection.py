"""Language detection accuracy on tests/language_detection_set.yml (written independently of
the detector, but issue 9 tuned on it) and tests/language_detection_unseen.yml (written for
issue 9 before the tuning, never tuned on): the gateway's detector against raw langdetect and
raw lingua on the same sets, and what the detector costs per message and in memory.

    .venv/bin/python bench/language_detection.py [--json out.json]

Each is asked for its best guess on every message. Raw langdetect uses all 55 of its languages
(seeded, so it is deterministic); raw lingua is restricted to the 8 supported languages (it
says nothing on some short messages: counted wrong). Ours blends both with common words and
letters, restricted to the 8. Reported: overall, on messages of 2+ words, by language, with
and without diacritics, one-word replies, how often the conversation would switch language
(`detect`, which stays quiet on short or unclear messages) and how often those switches are
right; then the cost: building the detector (lingua's models, once per process), resident
memory it adds, and milliseconds per message (p50, p95) for `guess` and `detect`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import psutil
import yaml
from langdetect import DetectorFactory, LangDetectException, detect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import emit
from bot.language import LanguageDetector
from bot.language_evidence import lingua_detector

TESTS = Path(__file__).resolve().parent.parent / "tests"
# Tuned on (issue 9) / written for issue 9 before tuning and never tuned on.
SETS = {"set": TESTS / "language_detection_set.yml", "unseen": TESTS / "language_detection_unseen.yml"}
TIMING_ROUNDS = 5
COLUMNS = {"ours": "ours", "raw_langdetect": "raw", "raw_lingua": "lingua"}  # reported name: row key


def load_set(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]


def raw_langdetect(text: str) -> str:
    DetectorFactory.seed = 0
    try:
        return detect(text)
    except LangDetectException:
        return "unknown"


def raw_lingua(text: str) -> str:
    language = lingua_detector().detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language else "unknown"


def build() -> tuple[LanguageDetector, dict[str, float]]:
    """The detector, with the seconds and resident megabytes its first build takes."""
    process = psutil.Process()
    before, started = process.memory_info().rss, time.perf_counter()
    detector = LanguageDetector()
    seconds = time.perf_counter() - started
    return detector, {"build_seconds": round(seconds, 2), "resident_mb_added": round((process.memory_info().rss - before) / 2**20)}


def milliseconds(call: Any, texts: list[str]) -> dict[str, float]:
    """p50 and p95 of one call per message, over TIMING_ROUNDS rounds of the whole set."""
    times = []
    for _ in range(TIMING_ROUNDS):
        for text in texts:
            started = time.perf_counter()
            call(text)
            times.append((time.perf_counter() - started) * 1000)
    percentiles = statistics.quantiles(times, n=100)
    return {"p50": round(percentiles[49], 3), "p95": round(percentiles[94], 3)}


def evaluate() -> dict[str, Any]:
    ours, cost = build()
    results = {name: score(ours, load_set(path)) for name, path in SETS.items()}
    texts = [str(item["text"]) for item in load_set(SETS["set"])]
    cost["guess_ms"] = milliseconds(ours.guess, texts)
    cost["detect_ms"] = milliseconds(ours.detect, texts)
    cost["raw_lingua_ms"] = milliseconds(raw_lingua, texts)
    return {**results, "cost": cost}


def score(ours: LanguageDetector, messages: list[dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for item in messages:
        text, language = str(item["text"]), item["language"]
        detection = ours.detect(text)
        rows.append(
            {
                "language": language,
                "words": len(text.split()),
                "diacritics": bool(item.get("diacritics", True)),
                "ours": ours.guess(text).language == language,
                "raw": raw_langdetect(text) == language,
                "lingua": raw_lingua(text) == language,
                "switch": detection is not None,
                "switch_right": detection is not None and detection.language == language,
            }
        )

    def accuracy(selected: list[dict[str, Any]], key: str) -> float:
        return round(100 * sum(r[key] for r in selected) / len(selected), 1) if selected else 0.0

    def scores(selected: list[dict[str, Any]]) -> dict[str, Any]:
        return {"n": len(selected), **{name: accuracy(selected, key) for name, key in COLUMNS.items()}}

    groups: dict[str, list[dict[str, Any]]] = {
        "all": rows,
        "2+ words": [r for r in rows if r["words"] >= 2],
        "1 word": [r for r in rows if r["words"] == 1],
    }
    groups["2+ words, no diacritics"] = [r for r in groups["2+ words"] if not r["diacritics"]]
    by_language: dict[str, list[dict[str, Any]]] = defaultdict(list)
    one_word: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        (by_language if row["words"] >= 2 else one_word)[row["language"]].append(row)
    switched = [r for r in rows if r["switch"]]
    return {
        "messages": len(rows),
        "accuracy": {name: scores(sel) for name, sel in groups.items()},
        "by_language_2plus_words": {code: scores(sel) for code, sel in sorted(by_language.items())},
        "by_language_1_word": {code: scores(sel) for code, sel in sorted(one_word.items())},
        "switching": {
            "messages_that_switch": len(switched),
            "switches_to_the_right_language": accuracy(switched, "switch_right"),
            "one_word_messages_that_switch": sum(r["switch"] for r in groups["1 word"]),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = evaluate()
    emit(results, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
