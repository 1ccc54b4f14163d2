"""Emergencies described in everyday words: recall and false alarms of the triage engine (cue
lists and the learned signal) per language, on two sets written by people who saw neither the
code, the cue lists nor the training data, never trained or tuned on:

- `tests/danger_holdout.yml` (448 messages), written before the learned signal was built;
- `tests/danger_holdout_sealed.yml` (416 messages), written after, read only by this scorer.

Each message is triaged as a report whose description it is, with `immediate_danger`
"unsure" (the reporter did not say yes or no), which is where danger read from words decides.

    .venv/bin/python bench/danger_recognition.py [--json PATH]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import run
from spotsigns.report.fields import LANGUAGES, Report
from spotsigns.report.triage import triage

TESTS = Path(__file__).resolve().parent.parent / "tests"
SETS = {
    "holdout": TESTS / "danger_holdout.yml",
    "sealed": TESTS / "danger_holdout_sealed.yml",
    "final": TESTS / "danger_holdout_final.yml",
}


def evaluate() -> dict[str, object]:
    triage(Report(description="warm up: load the danger model", immediate_danger="unsure"))
    return {name: score_set(path) for name, path in SETS.items() if path.exists()}


def score_set(path: Path) -> dict[str, object]:
    messages = yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"emergencies": 0, "recognised": 0, "others": 0, "false_alarms": 0})
    missed_by_kind: dict[str, int] = defaultdict(int)
    false_by_kind: dict[str, int] = defaultdict(int)
    timings: list[float] = []
    for message in messages:
        started = time.perf_counter()
        urgency = triage(Report(description=message["text"], immediate_danger="unsure", language=message["language"])).urgency
        timings.append((time.perf_counter() - started) * 1000)
        row = counts[message["language"]]
        if message["emergency"]:
            row["emergencies"] += 1
            row["recognised"] += urgency == "emergency"
            missed_by_kind[message["kind"]] += urgency != "emergency"
        else:
            row["others"] += 1
            row["false_alarms"] += urgency == "emergency"
            false_by_kind[message["kind"]] += urgency == "emergency"
    per_language = {
        language: {
            "recall": round(counts[language]["recognised"] / counts[language]["emergencies"], 3),
            "false_alarm_rate": round(counts[language]["false_alarms"] / counts[language]["others"], 3),
            **counts[language],
        }
        for language in LANGUAGES
        if language in counts
    }
    total = {key: sum(row[key] for row in counts.values()) for key in ("emergencies", "recognised", "others", "false_alarms")}
    return {
        "overall": {
            "recall": round(total["recognised"] / total["emergencies"], 3),
            "false_alarm_rate": round(total["false_alarms"] / total["others"], 3),
            **total,
        },
        "per_language": per_language,
        "missed_emergencies_by_kind": dict(sorted(missed_by_kind.items())),
        "false_alarms_by_kind": dict(sorted(false_by_kind.items())),
        "triage_ms": {"p50": round(statistics.median(timings), 3), "p95": round(statistics.quantiles(timings, n=20)[18], 3)},
    }


if __name__ == "__main__":
    raise SystemExit(run(evaluate, __doc__))
