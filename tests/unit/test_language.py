"""Language detection: deterministic, restricted to the supported languages, sticky for short
messages, and choosable by name. Accuracy on the independent set is in
test_language_detection_accuracy below and bench/language_detection.py."""

from __future__ import annotations

import pytest

from bot.language import LanguageDetector


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize("text", ["ok", "1", "yes", "tak", "da", "po", "ok thanks", "2.", "/affirm", "", "   ", "👍"])
def test_short_messages_never_switch_the_conversation(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I want to report the car wash on Mill Road", "en"),
        ("Chce zglosic myjnie samochodowa, pracownicy wygladaja na przestraszonych", "pl"),
        ("Chcę zgłosić myjnię samochodową", "pl"),
        ("Vreau sa raportez o spalatorie auto unde lucreaza copii", "ro"),
        ("Dua te raportoj nje lavazh makinash ku punojne femije", "sq"),
        ("Tôi muốn báo cáo một tiệm nail", "vi"),
        ("Noriu pranesti apie automobiliu plovykla", "lt"),
        ("أريد الإبلاغ عن مغسلة سيارات", "ar"),
        ("میں ایک کار واش کی اطلاع دینا چاہتا ہوں", "ur"),
    ],
)
def test_a_clear_sentence_switches(detector: LanguageDetector, text: str, language: str) -> None:
    detection = detector.detect(text)
    assert detection is not None
    assert detection.language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("polski", "pl"),
        ("in Romanian", "ro"),
        ("shqip", "sq"),
        ("tieng viet", "vi"),
        ("lietuviskai", "lt"),
        ("عربي", "ar"),
        ("اردو", "ur"),
        ("English", "en"),
        ("/lang lt", "lt"),
    ],
)
def test_a_language_can_be_chosen_by_name(detector: LanguageDetector, text: str, language: str) -> None:
    detection = detector.detect(text)
    assert detection is not None
    assert (detection.language, detection.chosen) == (language, True)


def test_only_supported_languages_are_answered(detector: LanguageDetector) -> None:
    for text in ("Ich möchte eine Autowäsche melden", "Je veux signaler un lavage de voitures", "Quiero denunciar un lavado de coches"):
        assert detector.guess(text).language in ("en", "pl", "ro", "sq", "vi", "lt", "ar", "ur")


def test_detection_is_deterministic() -> None:
    texts = ["da nu", "nie ma", "ne taip", "co to je", "po jo", "la o"]
    first = [LanguageDetector().guess(t) for t in texts]
    assert [LanguageDetector().guess(t) for t in texts] == first


@pytest.mark.parametrize("text", ["Bună ziua", "două femei și un copil", "Lucrăm pe șantier câte 14 ore pe zi", "În fața magazinului"])
def test_romanian_breves_and_circumflexes_are_not_taken_for_vietnamese(detector: LanguageDetector, text: str) -> None:
    assert detector.guess(text).language == "ro"
