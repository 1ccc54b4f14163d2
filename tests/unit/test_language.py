"""Language detection: deterministic, restricted to the supported languages, sticky for short
messages, right on short messages typed without diacritics, English when nothing is clear, and
choosable by name. Accuracy on the independent set is in test_language_detection_set.py and
bench/language_detection.py."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.language import Detection, LanguageDetector
from bot.language_evidence import lingua_detector
from spotsigns.launcher.cli import build_parser


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


# Short messages typed without diacritics, as on a phone (made up for these tests; the
# independent set is tests/language_detection_set.yml).
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("nu stiu", "ro"),
        ("da multumesc", "ro"),
        ("ne ia banii", "ro"),
        ("seful ne bate", "ro"),
        ("nu pot vorbi acum", "ro"),
        ("lucram noaptea", "ro"),
        ("stam intr-un container", "ro"),
        ("nuk e di", "sq"),
        ("po te lutem", "sq"),
        ("jam mire", "sq"),
        ("na moren pasaportat", "sq"),
        ("shefi na rreh", "sq"),
        ("kam frike", "sq"),
        ("jetojme ne nje kontejner", "sq"),
        ("cam on", "vi"),
        ("toi khong biet", "vi"),
        ("giup toi voi", "vi"),
        ("ho lay ho chieu", "vi"),
        ("khong co tien", "vi"),
        ("lam ca dem", "vi"),
        ("bao nhieu nguoi", "vi"),
        ("nie wiem", "pl"),
        ("szef zabral paszporty", "pl"),
        ("nezinau", "lt"),
        ("aciu labai", "lt"),
        ("ne aciu", "lt"),
        ("turime skolu", "lt"),
    ],
)
def test_short_messages_without_diacritics(detector: LanguageDetector, text: str, language: str) -> None:
    assert detector.guess(text).language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("da", "ro"),
        ("mersi", "ro"),
        ("po", "sq"),
        ("jo", "sq"),
        ("faleminderit", "sq"),
        ("vang", "vi"),
        ("khong", "vi"),
        ("tak", "pl"),
        ("dzieki", "pl"),
        ("taip", "lt"),
        ("ne", "lt"),
        ("aciu", "lt"),
        ("maybe", "en"),
        ("Hello", "en"),
        ("No", "en"),
    ],
)
def test_one_word_replies(detector: LanguageDetector, text: str, language: str) -> None:
    assert detector.guess(text).language == language


@pytest.mark.parametrize("text", ["کیا", "کام کیا", "اس کا نام", "میرا نام علی", "اور کیا", "دو سال", "السلام علیکم", "كيا كام"])
def test_urdu_written_only_with_letters_it_shares_with_arabic(detector: LanguageDetector, text: str) -> None:
    # No ٹ ڈ ڑ ں ے ھ ہ گ چ پ: Urdu's ی and ک, lingua and Urdu's common words still tell.
    assert detector.guess(text).language == "ur"


@pytest.mark.parametrize("text", ["لا أعرف", "شكرا جزيلا", "السلام عليكم", "نعم من فضلك", "مساعدة"])
def test_arabic_stays_arabic(detector: LanguageDetector, text: str) -> None:
    assert detector.guess(text).language == "ar"


@pytest.mark.parametrize("text", ["ok thanks", "yes please", "no thanks", "thank you", "not really", "maybe later", "help me", "ok cheers"])
def test_a_two_word_english_reply_stays_english(detector: LanguageDetector, text: str) -> None:
    assert detector.guess(text).language == "en"
    detection = detector.detect(text)
    assert detection is None or detection.language == "en"


@pytest.mark.parametrize("text", ["ok", "OK!", "okay", "k", "x", "sos", "👍", "2", "?"])
def test_an_ambiguous_one_word_reply_keeps_english_as_the_default_guess(detector: LanguageDetector, text: str) -> None:
    assert detector.guess(text) == Detection("en", 0.0)
    assert detector.detect(text) is None


def test_uk_place_names_do_not_make_a_message_english(detector: LanguageDetector) -> None:
    text = "dia chi cua ho la nha so 12 duong Station Road gan Green Park"
    assert detector.guess(text).language == "vi"
    detection = detector.detect(text)
    assert detection is None or detection.language == "vi"


@pytest.mark.parametrize(
    ("text", "language"), [("mulțumesc frumos", "ro"), ("kam frikë", "sq"), ("atėmė pasus", "lt"), ("Dzień dobry", "pl")]
)
def test_two_words_with_letters_of_one_language_switch(detector: LanguageDetector, text: str, language: str) -> None:
    detection = detector.detect(text)
    assert detection is not None
    assert detection.language == language


def test_lingua_is_built_once_per_process_even_from_many_threads() -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        built = list(pool.map(lambda _: lingua_detector(), range(8)))
    assert all(b is built[0] for b in built)
    assert LanguageDetector().guess("nu stiu") == LanguageDetector().guess("nu stiu")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("am lucrat la car wash", "ro"),
        ("punoj ne car wash", "sq"),
        ("toi lam nail", "vi"),
        ("dirbu car wash", "lt"),
        ("at the car wash", "en"),
    ],
)
def test_english_loanwords_do_not_make_a_message_english(detector: LanguageDetector, text: str, language: str) -> None:
    assert detector.guess(text).language == language
    detection = detector.detect(text)
    assert detection is None or detection.language == language


def test_the_command_line_prints_the_detectors_guess_or_the_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("nu stiu\nok\n\nkam frike\nکیا کام\nok thanks\n"))
    args = build_parser().parse_args(["detect-language", "--default", "pl"])  # not main(): it sets the umask
    assert args.func(args) == 0
    assert capsys.readouterr().out.split() == ["ro", "pl", "pl", "sq", "ur", "en"]
