"""What people type to a question, in the eight languages (issue 10): spotsigns.report.answer_words
and the chat's use of it (actions/parsing.py)."""

from __future__ import annotations

import pytest

from actions import parsing
from spotsigns.report import answer_words

YES_NO_WITH_A_REASON = [
    ("en", "No, I'm just a customer", "no"), ("en", "yes it's me", "yes"), ("en", "dunno really", "unsure"),
    ("pl", "nie, jestem tylko klientem", "no"), ("pl", "tak, to ja", "yes"), ("pl", "nie wiem", "unsure"),
    ("ro", "nu, sunt doar client", "no"), ("ro", "da, eu sunt", "yes"), ("ro", "nu stiu sigur", "unsure"),
    ("sq", "jo, jam vetem klient", "no"), ("sq", "po, une jam", "yes"), ("sq", "nuk e di", "unsure"),
    ("vi", "không, tôi chỉ là khách", "no"), ("vi", "vang, la toi", "yes"), ("vi", "khong biet", "unsure"),
    ("lt", "ne, aš tik klientas", "no"), ("lt", "taip, tai aš", "yes"), ("lt", "nežinau", "unsure"),
    ("ar", "لا، أنا مجرد زبون", "no"), ("ar", "نعم أنا", "yes"), ("ar", "مش عارف", "unsure"),
    ("ur", "نہیں، میں صرف گاہک ہوں", "no"), ("ur", "جی ہاں، میں ہوں", "yes"), ("ur", "پتہ نہیں", "unsure"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "meaning"), YES_NO_WITH_A_REASON)
def test_yes_no_and_not_sure_with_a_reason(language: str, text: str, meaning: str) -> None:
    assert answer_words.said_first(text, language) == meaning


def test_a_question_word_is_not_a_yes() -> None:
    assert answer_words.said_first("co?", "pl") is None  # Polish "what?", Vietnamese "có" (yes)
    assert answer_words.said_first("the place by the station", "en") is None


AGES = [
    ("en", "one looks about 17", [17]), ("en", "Possibly… maybe 15 or 16", [15, 16]), ("en", "no I am 24", [24]),
    ("pl", "chłopak ma może 15 lat", [15]), ("ro", "o fată de 14 ani", [14]), ("sq", "nje djale 16 vjec", [16]),
    ("vi", "em bé khoảng 12 tuổi", [12]), ("lt", "mergaitė, gal 13 metų", [13]), ("ar", "بنت عمرها ١٤ سنة", [14]),
    ("ur", "لڑکا تقریبا 15 سال کا", [15]),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "ages"), AGES)
def test_ages_said_in_words(language: str, text: str, ages: list[int]) -> None:
    assert answer_words.ages_in(text, asked_about_age=True) == ages


def test_a_number_is_an_age_only_with_an_age_word_unless_ages_were_asked() -> None:
    assert answer_words.ages_in("there were 15 people") == []
    assert answer_words.ages_in("maybe 15 or 16", asked_about_age=True) == [15, 16]


TIMES = [
    ("en", "yesterday around 4pm", "this_week"), ("en", "Saturday afternoon", "this_week"), ("en", "3 weeks ago", "earlier"),
    ("en", "right now, they're still there", "now"), ("en", "this morning", "today"),
    ("pl", "wczoraj", "this_week"), ("pl", "w sobotę wieczorem", "this_week"), ("pl", "dziś rano", "today"),
    ("pl", "w zeszłym tygodniu", "earlier"),
    ("ro", "săptămâna trecută", "earlier"), ("ro", "ieri seara", "this_week"), ("ro", "acum 2 luni", "earlier"),
    ("ro", "azi dimineata", "today"),
    ("sq", "dje", "this_week"), ("sq", "sot ne mengjes", "today"), ("sq", "javen e kaluar", "earlier"),
    ("vi", "hôm qua", "this_week"), ("vi", "sang nay", "today"), ("vi", "tuần trước", "earlier"), ("vi", "ngay bay gio", "now"),
    ("lt", "vakar", "this_week"), ("lt", "šiandien ryte", "today"), ("lt", "praėjusią savaitę", "earlier"),
    ("ar", "امبارح", "this_week"), ("ar", "اليوم الصبح", "today"), ("ar", "الأسبوع الماضي", "earlier"), ("ar", "الآن", "now"),
    ("ur", "کل شام", "this_week"), ("ur", "آج صبح", "today"), ("ur", "پچھلے ہفتے", "earlier"), ("ur", "ابھی", "now"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "when"), TIMES)
def test_relative_and_named_times(language: str, text: str, when: str) -> None:
    assert parsing.when_seen_from({}, text) == when


def test_no_time_named_is_no_answer() -> None:
    assert parsing.when_seen_from({}, "the red building") is None


COUNTS = [
    ("en", "three", 3), ("en", "sorry about six or seven", 7), ("pl", "trzy osoby", 3), ("ro", "cinci", 5), ("sq", "kater burra", 4),
    ("vi", "ba người", 3), ("lt", "trys", 3), ("ar", "ثلاثة", 3), ("ar", "٤ عمال", 4), ("ur", "تین لوگ", 3), ("ur", "۵", 5),
    ("en", "yesterday at 4pm about six men", 6), ("en", "since 2019, about 4", 4),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "count"), COUNTS)
def test_numbers_in_words_and_digits(language: str, text: str, count: int) -> None:
    assert parsing.people_count_from(text) == count


THATS_ALL = [
    "that's all", "nothing else", "None of these", "nic więcej", "to wszystko", "asta e tot", "nimic altceva", "kaq", "asgjë tjetër",
    "hết rồi", "vậy thôi", "viskas", "nieko daugiau", "هذا كل شيء", "بس", "اور کچھ نہیں", "bas",
]  # fmt: skip


@pytest.mark.parametrize("text", THATS_ALL)
def test_thats_all(text: str) -> None:
    assert answer_words.says_thats_all(text)


def test_a_button_typed_is_understood() -> None:
    assert answer_words.says_thats_all("Asta-i tot, mersi", ("Asta-i tot",))
    assert not answer_words.says_thats_all("they sleep in a caravan out the back")


CLEAR_STOPS = ["stop", "Stop please", "cancel my report", "anuluj", "opreste", "ndalo", "dừng lại", "sustok", "توقف", "بند کرو"]


@pytest.mark.parametrize("text", CLEAR_STOPS)
def test_a_clear_stop(text: str) -> None:
    assert answer_words.clear_stop(text)


@pytest.mark.parametrize(
    "text", ["wait no, I didn't want to stop!", "it's a scrapyard, none of those really", "the bus stop by the big Tesco on Mill Road"]
)
def test_not_a_clear_stop(text: str) -> None:
    assert not answer_words.clear_stop(text)


# A wish to stop inside a longer message, in each language: asked "Do you want to stop?".
STOP_WISHES = [
    ("en", "actually leave it mate, if this comes back on me im out of a job"),
    ("en", "please don't send it, I don't want any trouble"),
    ("en", "I don't want to carry on with this, cancel it"),
    ("pl", "Wie Pan co, jednak nie. Nie chcę nikomu robić problemów. Proszę to anulować"),
    ("pl", "nie wysylajcie tego, zrezygnowalam"),
    ("ro", "stiti ce, lasati. ii cunosc pe unii si nu vreau sa aiba probleme din cauza mea. anulati va rog"),
    ("ro", "nu mai vreau sa continui, renunt"),
    ("sq", "e din kush jom une se kom punu me ta. ndalo te lutem, mos e dergo"),
    ("sq", "nuk dua te vazhdoj me"),
    ("vi", "thoi dung lai, toi ko muon bao nua. so bi phien phuc, xin loi nha"),
    ("vi", "đừng gửi nhé, tôi sợ lắm"),
    ("lt", "Palaukit, iskart supras kas pranese. Nenoriu toliau, sustabdykit prasau"),
    ("lt", "nesiuskit nieko, atsaukit"),
    ("ar", "سمحلي، بغيت نوقف هنا. مول الدار كيعرفني مزيان. خلاص ما تصيفطوش"),
    ("ar", "لا ترسل البلاغ من فضلك، الغيه"),
    ("ur", "رہنے دیں، میاں کہتے ہیں ہمیں کیا لینا۔ بند کریں یہ"),
    ("ur", "bhai rehne do, mat bhejo isko"),
]


@pytest.mark.parametrize(("language", "text"), STOP_WISHES)
def test_a_wish_to_stop_inside_a_sentence(language: str, text: str) -> None:
    assert answer_words.wishes_to_stop(text)
    assert answer_words.names_stopping(text)


# Descriptions that mention stopping, sending or leaving without asking the report to stop.
@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "the van stops outside at 6 and they leave it running"), ("en", "someone has to stop this, they send the money to the boss"),
     ("en", "they never cancel the shift even when ill"), ("pl", "nie wysyłają pieniędzy do domu, zatrzymają paszporty"),
     ("ro", "de la inceputul anului lucreaza acolo, nu trimit bani acasa"), ("ro", "anul trecut i-au oprit pe drum"),
     ("sq", "i ndalojne te dalin nga shtepia"), ("vi", "ho khong gui tien ve nha duoc"), ("lt", "policija juos sustojo prie kelio"),
     ("ar", "ما يرسلوا فلوس لاهلهم ابدا"), ("ur", "دروازہ ہمیشہ بند رہتا ہے"), ("ur", "woh darwaza band rakhte hain")],
)  # fmt: skip
def test_a_description_that_mentions_stopping_is_not_a_wish_to_stop(language: str, text: str) -> None:
    assert not answer_words.wishes_to_stop(text)


@pytest.mark.parametrize(
    ("language", "text"),
    [("ro", "nu pot pleca, sunt închiși"), ("pl", "nie mogą wyjść"), ("en", "no one can leave"), ("en", "they never let them out"),
     ("lt", "ne gali išeiti"), ("vi", "không cho ai ra ngoài")],
)  # fmt: skip
def test_a_sentence_that_starts_with_a_negation_is_not_a_no(language: str, text: str) -> None:
    # "They cannot leave" at the danger question must never read as "No" (which silences the words).
    assert answer_words.said_first(text, language) != "no"


@pytest.mark.parametrize(
    ("language", "text"),
    [("ar", "لا ما في خطر هلق"), ("en", "la mafi khatar hala2, bas ana 2al2an"), ("en", "no not now. i am ok in caravan"),
     ("vi", "ko co gi nguy hiem dau"), ("pl", "nic takiego się nie dzieje"), ("ur", "ابھی کوئی خطرہ نہیں")],
)  # fmt: skip
def test_no_danger_said_in_a_sentence(language: str, text: str) -> None:
    assert answer_words.says_no_danger(text, language)


def test_danger_is_not_no_danger() -> None:
    assert not answer_words.says_no_danger("they are in danger, he is locked in", "en")


@pytest.mark.parametrize(
    ("language", "text", "meaning"),
    [("pl", "Tak, może być", "yes"), ("en", "dont think so, theyre all grown men", "no"), ("ro", "nu cred, sunt toti barbati mari", "no"),
     ("ar", "ماشي", "yes"), ("vi", "dc, nhan tin cho toi", "yes"), ("pl", "nie wiem, może", "unsure")],
)  # fmt: skip
def test_a_yes_or_no_then_a_hedge(language: str, text: str, meaning: str) -> None:
    assert answer_words.said_first(text, language) == meaning


@pytest.mark.parametrize(("text", "when"), [("acum 2 zile", "this_week"), ("para 3 ditëve", "this_week"), ("من اسبوعين", "earlier")])
def test_so_long_ago_is_not_now(text: str, when: str) -> None:
    assert answer_words.when_from_words(text) == when


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "no not now, she is at work. but I am not allowed to go out"), ("ar", "لا ماكو أي خطر"), ("ar", "لا مافي شي"),
     ("vi", "Dạ không, giờ em đang ở trên phòng"), ("pl", "nie nic takiego"), ("ur", "nahi koi nahi")],
)  # fmt: skip
def test_a_no_then_a_second_negation_is_a_no(language: str, text: str) -> None:
    assert answer_words.said_first(text, language) == "no"


@pytest.mark.parametrize("text", ["ji mera apna", "haan ji", "jee"])
def test_romanised_yes_in_any_conversation(text: str) -> None:
    assert answer_words.said_first(text, "en") == "yes"


@pytest.mark.parametrize(
    "text",
    ["they drop them at 5am and pick up about 9pm", "around 12 men live there", "ok. 10 osób", "khoang 20 nguoi", "about 8 hours a day"],
)
def test_a_time_a_sum_or_a_count_after_about_is_not_an_age(text: str) -> None:
    assert answer_words.ages_in(text) == []


def test_digits_win_over_a_number_word_in_a_correction() -> None:
    assert answer_words.corrected_number("de fapt 3, am mai vazut unu azi", 2) == 3  # "unu": one more


def test_a_digit_inside_an_arabizi_word_is_a_letter_not_an_age() -> None:
    assert answer_words.ages_in("ma ba3ref", asked_about_age=True) == []  # "I don't know"
    assert answer_words.ages_in("maybe 15 or 16", asked_about_age=True) == [15, 16]
