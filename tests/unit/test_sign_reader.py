"""The learned sign reader (spotsigns/report/sign_reader.py): phrases that no keyword matches
word for word, typed in the eight languages, read as the sign they name; places, buttons and
plain answers read as none. The phrases here are written for this test, not taken from the
training wording or the resident sets."""

from __future__ import annotations

import pytest

from spotsigns.report import sign_reader


@pytest.mark.parametrize(
    ("text", "sign"),
    [("workin 7 days a wk no break", "long_hours"), ("boss has got all there passports", "no_id_documents"),
     ("pracuja bez rekawiczek", "no_protective_gear"), ("nie dostaja wyplaty", "not_paid_or_underpaid"),
     ("dorm la locul de munca", "living_on_site"), ("lucreaza fara manusi", "no_protective_gear"),
     ("punojne pa doreza", "no_protective_gear"), ("ua lam tu sang den dem", "long_hours"),
     ("ko co ho chieu", "no_id_documents"), ("nemoka atlyginimo", "not_paid_or_underpaid"),
     ("ma byedf3ulhom ma3ash", "not_paid_or_underpaid"), ("tankha nahi dete", "not_paid_or_underpaid"),
     ("bohat qarz hai un par", "owes_debt")],
)  # fmt: skip
def test_a_phrase_no_keyword_matches_is_read_as_its_sign(text: str, sign: str) -> None:
    assert sign in sign_reader.read_signs([text])


@pytest.mark.parametrize(
    "text", ["nail bar", "Ilford High Road near the station", "none of these", "asta e tot", "yes", "nie wiem", "khong", "car wash", "بيت"]
)
def test_places_buttons_and_plain_answers_name_no_sign(text: str) -> None:
    assert sign_reader.read_signs([text]) == []


def test_an_answer_is_read_a_phrase_at_a_time() -> None:
    assert sign_reader.phrases_of("pay, hours and no gear. scared") == ["pay", "hours", "no gear", "scared"]
    assert sign_reader.phrases_of("qarza aur lambe ghante") == ["qarza", "lambe ghante"]


def test_the_reader_learns_every_sign_and_what_is_no_sign() -> None:
    phrases, classes = sign_reader.training_phrases()
    assert set(classes) >= {"none", "long_hours", "owes_debt"}
    assert len(phrases) == len(classes) > 3000


def test_arabic_and_joined_to_the_next_word_starts_a_phrase() -> None:
    assert sign_reader.phrases_of("يشتغلوا ساعات طويلة ويناموا فوق المطعم") == ["يشتغلوا ساعات طويلة", "ويناموا فوق المطعم"]


@pytest.mark.parametrize(("text", "language"), [("ne daugiau nieko", "lt"), ("nie, nic wiecej", "pl"), ("asta e tot", "ro"), ("no", "en")])
def test_that_is_all_and_a_plain_no_name_no_sign_at_the_signs_question(text: str, language: str) -> None:
    from actions.parsing import signs_answered

    assert signs_answered({}, text, language) == []


def test_one_word_left_alone_by_the_keywords_is_not_read_as_a_sign() -> None:
    # "žmonės ateina ir išeina" (people come and go): "išeina" (go out) alone once read as "cannot leave".
    from actions import parsing

    assert "locked_in_or_cannot_leave" not in parsing.signs_answered({}, "žmonės ateina ir išeina", "lt")
