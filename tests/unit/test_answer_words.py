"""What people type to a question, in the eight languages (issue 10): spotsigns.report.answer_words
and the chat's use of it (actions/parsing.py)."""

from __future__ import annotations

import pytest

from actions import parsing
from spotsigns.report import answer_numbers, answer_words

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
    assert answer_numbers.ages_in(text, asked_about_age=True) == ages


def test_a_number_is_an_age_only_with_an_age_word_unless_ages_were_asked() -> None:
    assert answer_numbers.ages_in("there were 15 people") == []
    assert answer_numbers.ages_in("maybe 15 or 16", asked_about_age=True) == [15, 16]


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
    assert answer_numbers.when_from_words(text) == when


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
    assert answer_numbers.ages_in(text) == []


def test_digits_win_over_a_number_word_in_a_correction() -> None:
    assert answer_numbers.corrected_number("de fapt 3, am mai vazut unu azi", 2) == 3  # "unu": one more


def test_a_digit_inside_an_arabizi_word_is_a_letter_not_an_age() -> None:
    assert answer_numbers.ages_in("ma ba3ref", asked_about_age=True) == []  # "I don't know"
    assert answer_numbers.ages_in("maybe 15 or 16", asked_about_age=True) == [15, 16]


# --- third round (issue 10) -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "text", "meaning"),
    [
        ("en", "no, nobody's in danger, just a safety thing", "no"), ("en", "no not that i can see", "no"),
        ("en", "no i didnt see any kids", "no"), ("vi", "ko thay tre con", "no"),
        # A polite particle opens the answer without being it.
        ("vi", "Dạ hiện tại thì không ạ, ông chủ đi vắng", "no"), ("vi", "Dạ là em", "yes"), ("vi", "Dạ", "yes"),
        ("ur", "ji nahi", "no"), ("ur", "جی ہاں", "yes"),
    ],
)  # fmt: skip
def test_no_said_with_a_contraction_a_seeing_or_after_a_polite_particle(language: str, text: str, meaning: str) -> None:
    assert answer_words.said_first(text, language) == meaning


@pytest.mark.parametrize(
    ("language", "text", "saw_none"),
    [
        ("en", "not sure, didn't see anyone hurt", True), ("en", "not sure", False), ("en", "dunno, maybe", False),
        ("pl", "nie wiem, nikogo tam nie widziałem", True), ("pl", "nie wiem", False),
        ("ro", "nu stiu, nu am vazut nimic", True), ("sq", "nuk e di, nuk pashe asgje", True),
        ("vi", "ko biet, ko thay ai bi sao", True), ("vi", "ko biet", False),
        ("lt", "nežinau, nieko nemačiau", True), ("ar", "ما بعرف، ما شفت شي", True), ("ur", "پتا نہیں، کچھ نہیں دیکھا", True),
    ],
)  # fmt: skip
def test_not_sure_and_saw_nothing_of_the_kind(language: str, text: str, saw_none: bool) -> None:
    assert answer_words.unsure_but_saw_none(text, language) is saw_none


@pytest.mark.parametrize(
    "text",
    [
        "a van picks them up about 6. they look tired",
        "w pokoju gal 5 materacy",
        "Shtëpia ka 4 dhoma",
        "they leave around 7 and come back late",
    ],
)
def test_about_a_number_is_no_age_without_a_word_of_age(text: str) -> None:
    assert answer_numbers.ages_in(text) == []


def test_about_an_age_after_a_word_of_age_is_one() -> None:
    assert answer_numbers.ages_in("she looks maybe 15") == [15]
    assert answer_numbers.ages_in("ايوه عمرهم ١١ ولا ١٣") == [11, 13]


def test_a_time_corrected_at_the_age_question_is_no_age() -> None:
    assert answer_numbers.ages_in("sorry not today, i saw them 4 days ago", asked_about_age=True) == []
    assert answer_numbers.ages_in("معاف کیجیے، چار دن پہلے دیکھا تھا", asked_about_age=True) == []


@pytest.mark.parametrize(
    ("text", "current", "corrected"),
    [
        ("sorry, not today, i saw it 4 days ago", "today", "this_week"), ("actually it was last month", "this_week", "earlier"),
        ("przepraszam, to było wczoraj", "today", "this_week"), ("معاف کیجیے، آج نہیں، چار دن پہلے دیکھا تھا", "today", "this_week"),
        ("it was yesterday", "today", None), ("sorry, yesterday", "this_week", "this_week"),
    ],
)  # fmt: skip
def test_a_time_corrected_later(text: str, current: str, corrected: str | None) -> None:
    assert answer_numbers.corrected_time(text) == corrected


@pytest.mark.parametrize(
    ("text", "when"),
    [("about 3 weeks", "earlier"), ("two months or so", "earlier"), ("for 3 weeks now", "now"), ("prieš kokias tris savaites", "earlier"),
     ("Đang xảy ra, ngày nào cũng vậy", "now")],
)  # fmt: skip
def test_weeks_without_ago_and_happening_said_in_vietnamese(text: str, when: str) -> None:
    assert answer_numbers.when_from_words(text) == when


@pytest.mark.parametrize(
    ("language", "text", "meaning"),
    [
        ("vi", "không có", "no"), ("vi", "ko sao", "no"), ("vi", "không phải em", "no"), ("vi", "không rõ", "unsure"),
        ("ar", "لأ والله", "no"), ("ar", "لا انا زبون بس", "no"), ("ar", "ممكن", "unsure"),
        ("ur", "nahi yaar", "no"), ("ur", "mujhe nahi pata", "unsure"),
        ("pl", "nie teraz", "no"), ("pl", "chyba tak", "yes"), ("pl", "chyba nie", "no"), ("pl", "chyba", "unsure"),
        ("ro", "nu e cazul", "no"), ("ro", "cred ca da", "yes"), ("sq", "ska gje", "no"), ("lt", "manau kad taip", "yes"),
        ("en", "maybe yes", "yes"), ("en", "maybe", "unsure"),
    ],
)  # fmt: skip
def test_everyday_yes_no_and_leaning_answers(language: str, text: str, meaning: str) -> None:
    assert answer_words.said_first(text, language) == meaning


@pytest.mark.parametrize(("text", "count"), [("٥ او ٦", 6), ("5 lub 6", 6), ("5 sau 6", 6), ("5 ya 6", 6)])
def test_or_between_two_numbers_is_a_range_in_every_language(text: str, count: int) -> None:
    assert parsing.people_count_from(text) == count


@pytest.mark.parametrize(
    ("text", "when"),
    [("الحين", "now"), ("من يومين", "this_week"), ("قبل شي اسبوع", "earlier"), ("من ساعة", "today"), ("cách đây 1 tháng", "earlier"),
     ("chiều qua", "this_week"), ("vẫn đang", "now")],
)  # fmt: skip
def test_more_everyday_times(text: str, when: str) -> None:
    assert answer_numbers.when_from_words(text) == when


@pytest.mark.parametrize(
    ("text", "stops"),
    [("đúng rồi", False), ("dung", False), ("thôi, không cần liên lạc", False), ("thôi", True), ("dừng", True), ("کھڑکیاں بند", False)],
)
def test_stop_words_that_say_something_else_stop_only_alone_and_with_their_accents(text: str, stops: bool) -> None:
    assert answer_words.clear_stop(text) is stops


@pytest.mark.parametrize(
    ("language", "text", "meaning"),
    [("en", "no its not an emergency", "no"), ("pl", "Nie w tej chwili", "no"), ("ar", "لا لا مش خطر هلق", "no"),
     ("vi", "Dạ chắc không ạ, giờ em đang đi chợ", "no"), ("pl", "nie nie", "no")],
)  # fmt: skip
def test_no_with_what_people_add_to_it(language: str, text: str, meaning: str) -> None:
    assert answer_words.said_first(text, language) == meaning


@pytest.mark.parametrize("text", ["no hes fine just sat there", "no theyre fine"])
def test_no_danger_said_as_someone_being_fine(text: str) -> None:
    assert answer_words.says_no_danger(text, "en")


def test_a_hedged_no_is_not_sure_and_saw_none() -> None:
    assert answer_words.unsure_but_saw_none("Nie wydaje mi się, ale nie jestem pewna", "pl")
    assert answer_words.unsure_but_saw_none("I don't think so but not sure", "en")


@pytest.mark.parametrize(
    ("text", "when"),
    [("دس دن پہلے بات ہوئی تھی", "earlier"), ("10 days ago", "earlier"), ("3 dni temu", "this_week"), ("ten days ago", "earlier")],
)
def test_a_week_or_more_of_days_is_longer_ago(text: str, when: str) -> None:
    assert answer_numbers.when_from_words(text) == when


@pytest.mark.parametrize(
    ("text", "current", "corrected"),
    [("sorry actually more like 12, saw 2 more leaving this morning", 10, 12), ("معذرت، شاید 14 ہیں، کل دو نئے آئے ہیں بیگ لے کر", 12, 14),
     ("sorry i forgot, the van came at 6 and took 5 of them away", 10, None)],
)  # fmt: skip
def test_a_correction_takes_the_number_just_after_the_correction_word(text: str, current: int, corrected: int | None) -> None:
    assert answer_numbers.corrected_number(text, current) == corrected


def test_stopping_said_in_lithuanian_in_passing() -> None:
    assert answer_words.wishes_to_stop("atsiprasau, gal nebesiusiu, nenoriu problemu. stabdom")


@pytest.mark.parametrize("text", ["they work 7 days a week", "7 dni w tygodniu", "ہفتے میں سات دن"])
def test_days_of_a_working_week_are_no_time_back(text: str) -> None:
    assert answer_numbers.when_from_words(text) != "earlier"
