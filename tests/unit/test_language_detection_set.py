"""Accuracy of the gateway's language detection on two sets written by hand by people who did
not see the detector: tests/language_detection_set.yml (360 messages, 45 per language; issue 9's
detector was tuned on it, so it reads high) and tests/language_detection_unseen.yml (320 short
messages, 40 per language, written for issue 9 before the tuning and never tuned on). Issue 9's
targets: ≥ 99 % on messages of 2+ words, ≥ 97 % on 2+ words typed without diacritics, ≥ 93 % on
one-word replies, and ≥ 99 % of `detect`'s switches to the right language.
bench/language_detection.py reports the breakdown and the comparison with raw langdetect and lingua."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.language import LanguageDetector
from spotsigns.report.fields import LANGUAGES

TESTS = Path(__file__).resolve().parent.parent
SETS = ("language_detection_set.yml", "language_detection_unseen.yml")


@pytest.fixture(scope="module", params=SETS)
def messages(request: pytest.FixtureRequest) -> list[dict]:
    return yaml.safe_load((TESTS / request.param).read_text(encoding="utf-8"))["messages"]


def test_the_set_covers_every_language_short_long_and_unaccented(messages: list[dict]) -> None:
    assert len(messages) >= 300
    per_language = Counter(m["language"] for m in messages)
    assert set(per_language) == set(LANGUAGES)
    assert min(per_language.values()) >= 30
    assert any(len(m["text"].split()) == 1 for m in messages)
    assert any(len(m["text"].split()) >= 5 for m in messages)
    for code in ("pl", "ro", "sq", "vi", "lt"):
        kinds = Counter(m["diacritics"] for m in messages if m["language"] == code)
        assert kinds[True] >= 10 and kinds[False] >= 10, code
    assert len({m["text"] for m in messages}) == len(messages)  # no duplicates


def accuracy(detector: LanguageDetector, messages: list[dict]) -> tuple[float, list[tuple[str, str, str]]]:
    wrong = [(m["language"], detector.guess(str(m["text"])).language, str(m["text"])) for m in messages]
    wrong = [w for w in wrong if w[0] != w[1]]
    return 1 - len(wrong) / len(messages), wrong


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


def test_at_least_99_percent_right_on_messages_of_two_or_more_words(detector: LanguageDetector, messages: list[dict]) -> None:
    right, wrong = accuracy(detector, [m for m in messages if len(str(m["text"]).split()) >= 2])
    assert right >= 0.99, (f"{right:.1%}", wrong)


def test_at_least_97_percent_right_on_two_or_more_words_typed_without_diacritics(detector: LanguageDetector, messages: list[dict]) -> None:
    scored = [m for m in messages if len(str(m["text"]).split()) >= 2 and m.get("diacritics") is False]
    assert len(scored) >= 50
    right, wrong = accuracy(detector, scored)
    assert right >= 0.97, (f"{right:.1%}", wrong)


def test_at_least_93_percent_right_on_one_word_replies(detector: LanguageDetector, messages: list[dict]) -> None:
    right, wrong = accuracy(detector, [m for m in messages if len(str(m["text"]).split()) == 1])
    assert right >= 0.93, (f"{right:.1%}", wrong)


def test_a_clear_switch_is_almost_always_to_the_right_language(detector: LanguageDetector, messages: list[dict]) -> None:
    # `detect` is what flips a conversation: when it speaks, it must be right (≥ 99 %), and it
    # still speaks on most messages (a detector that never switched would be useless).
    switches = [(m, detector.detect(str(m["text"]))) for m in messages]
    switches = [(m, d) for m, d in switches if d is not None]
    right = sum(d.language == m["language"] for m, d in switches)
    assert right / len(switches) >= 0.99, [(m["text"], d.language) for m, d in switches if d.language != m["language"]]
    longer = [m for m in messages if len(str(m["text"]).split()) >= 3]
    assert sum(len(str(m["text"]).split()) >= 3 for m, _ in switches) >= 0.75 * len(longer)
