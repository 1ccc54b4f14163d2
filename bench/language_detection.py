"""Language detection accuracy on tests/language_detection_set.yml (written independently of
the detector, before tuning): the gateway's detector against raw langdetect on the same set.

    .venv/bin/python bench/language_detection.py [--json out.json]

Both are asked for their best guess on every message. Raw langdetect uses all 55 of its
languages (seeded, so it is deterministic); ours is restricted to the 8 supported ones and
adds a common-word vote. Reported: overall, on messages of 2+ words (the aim is ≥ 97 %), by
language, with and without diacritics, and how often the conversation would switch language
(`detect`, which stays quiet on short messages).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from langdetect import DetectorFactory, LangDetectException, detect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import emit
from bot.language import LanguageDetector

SET = Path(__file__).resolve().parent.parent / "tests" / "language_detection_set.yml"


def load_set() -> list[dict[str, Any]]:
    return yaml.safe_load(SET.read_text(encoding="utf-8"))["messages"]


def raw_langdetect(text: str) -> str:
    DetectorFactory.seed = 0
    try:
        return detect(text)
    except LangDetectException:
        return "unknown"


def evaluate() -> dict[str, Any]:
    ours = LanguageDetector()
    rows = []
    for item in load_set():
        text, language = str(item["text"]), item["language"]
        detection = ours.detect(text)
        rows.append(
            {
                "language": language,
                "words": len(text.split()),
                "diacritics": bool(item.get("diacritics", True)),
                "ours": ours.guess(text).language == language,
                "raw": raw_langdetect(text) == language,
                "switch": detection is not None,
                "switch_right": detection is not None and detection.language == language,
            }
        )

    def accuracy(selected: list[dict[str, Any]], key: str) -> float:
        return round(100 * sum(r[key] for r in selected) / len(selected), 1) if selected else 0.0

    groups: dict[str, list[dict[str, Any]]] = {
        "all": rows,
        "2+ words": [r for r in rows if r["words"] >= 2],
        "1 word": [r for r in rows if r["words"] == 1],
    }
    groups["2+ words, no diacritics"] = [r for r in groups["2+ words"] if not r["diacritics"]]
    by_language: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in groups["2+ words"]:
        by_language[row["language"]].append(row)
    switched = [r for r in rows if r["switch"]]
    return {
        "messages": len(rows),
        "accuracy": {
            name: {"n": len(sel), "ours": accuracy(sel, "ours"), "raw_langdetect": accuracy(sel, "raw")} for name, sel in groups.items()
        },
        "by_language_2plus_words": {
            code: {"n": len(sel), "ours": accuracy(sel, "ours"), "raw_langdetect": accuracy(sel, "raw")}
            for code, sel in sorted(by_language.items())
        },
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
