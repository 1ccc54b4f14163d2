"""Signs read from keywords in free text (spotsigns/report/indicators.py): every language's
keywords and the typed ones, and a happening that the reporter negates is not a sign."""

from __future__ import annotations

import pytest

from spotsigns.report.indicators import load_indicators


@pytest.mark.parametrize(
    ("language", "text", "sign"),
    [("en", "nobody is hurt, they just work long hours", "injuries"), ("vi", "ko thay ai bi danh hay gi", "threats_or_violence"),
     ("pl", "nikt nie jest pobity", "threats_or_violence"), ("ro", "nu sunt speriati deloc", "fearful_or_withdrawn")],
)  # fmt: skip
def test_a_negated_happening_is_not_a_sign(language: str, text: str, sign: str) -> None:
    assert sign not in load_indicators().match_signs(text, language)


@pytest.mark.parametrize(
    ("language", "text", "sign"),
    [("vi", "no noi bi danh vao chan", "threats_or_violence"), ("sq", "pa kaska pa kepuce pune", "no_protective_gear"),
     ("en", "they look scared and one has a black eye", "injuries"), ("ur", "qarza utarne tak kaam karwate hain", "owes_debt")],
)  # fmt: skip
def test_a_sign_said_is_read_whatever_word_comes_before(language: str, text: str, sign: str) -> None:
    # Vietnamese "nó" (he/she) folds to "no", and "pa" lists absences in Albanian: neither negates.
    assert sign in load_indicators().match_signs(text, language)


@pytest.mark.parametrize(
    ("language", "text", "sign"),
    [("ar", "عليهم دين كبير للمكتب", "owes_debt"), ("ar", "الولد شكله قاصر", "appears_under_18"),
     ("ur", "سب پر قرضہ چڑھا ہوا ہے", "owes_debt"), ("ur", "لڑکا نابالغ لگتا ہے", "appears_under_18")],
)  # fmt: skip
def test_signs_typed_in_arabic_and_urdu_script(language: str, text: str, sign: str) -> None:
    assert sign in load_indicators().match_signs(text, language)


def test_a_sign_negated_after_it_in_urdu_even_at_the_end_of_a_list_is_not_a_sign() -> None:
    assert "threats_or_violence" not in load_indicators().match_signs("کوئی مار پیٹ یا زبردستی نہیں", "ur")
    assert "threats_or_violence" in load_indicators().match_signs("مالک ان کو مارتا ہے", "ur")


def test_a_negation_reaches_over_a_list_joined_by_or() -> None:
    assert "injuries" in load_indicators().match_signs("someone was bleeding", "en")
    assert "injuries" not in load_indicators().match_signs("nobody was hurt at all or bleeding", "en")
