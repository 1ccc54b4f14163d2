"""Free-text danger cues (SPEC §3) in every supported language, with and without accents,
and the negations that must not raise an emergency."""

from __future__ import annotations

import pytest

from spotsigns.report.danger_cues import danger_categories, find_danger_cues

DANGER = [
    # English
    ("en", "They are beating him right now", "violence"),
    ("en", "a man is being attacked behind the car wash", "violence"),
    ("en", "the boss has a knife and is shouting", "weapon"),
    ("en", "he's threatening to kill her", "threat_to_life"),
    ("en", "there's a girl locked in the back room", "locked_in"),
    ("en", "people trapped in the container", "locked_in"),
    ("en", "one of the workers is bleeding badly", "injured"),
    ("en", "a woman is unconscious on the floor", "injured"),
    ("en", "they are forcing her into a van", "taken_now"),
    ("en", "a child is in danger there", "child_at_risk"),
    ("en", "help me", "plea_for_help"),
    ("en", "please help, I can't leave", "plea_for_help"),
    ("en", "SOS", "plea_for_help"),
    ("en", "I'm in danger", "plea_for_help"),
    ("en", "his life is at risk", "danger"),
    # Polish, with and without diacritics
    ("pl", "Pomocy!", "plea_for_help"),
    ("pl", "Ona jest zamknięta w pokoju", "locked_in"),
    ("pl", "ona jest zamknieta w pokoju", "locked_in"),
    ("pl", "szef ma nóż", "weapon"),
    ("pl", "on krwawi", "injured"),
    ("pl", "oni go biją", "violence"),
    # Romanian
    ("ro", "Ajutor, mă bat", "plea_for_help"),
    ("ro", "il bate acum", "violence"),
    ("ro", "e închisă în camera din spate", "locked_in"),
    ("ro", "este ranit grav", "injured"),
    # Albanian
    ("sq", "më ndihmoni ju lutem", "plea_for_help"),
    ("sq", "po e rrahin tani", "violence"),
    ("sq", "pronari po e rreh punëtorin", "violence"),
    ("sq", "djalit i rrjedh gjak nga koka", "injured"),
    ("pl", "szef dusi tego chłopaka", "violence"),
    ("ro", "l-a atacat cu cuțitul în curte", "weapon"),
    ("lt", "vyras smaugia moterį kieme", "violence"),
    ("lt", "jis grasina peiliu darbininkams", "weapon"),
    ("lt", "padėkit greičiau", "plea_for_help"),
    ("ur", "ایک لڑکے کو مارا پیٹا جا رہا ہے", "violence"),
    ("sq", "nuk mund të dal nga shtëpia", "locked_in"),
    # Lithuanian
    ("lt", "padėkite", "plea_for_help"),
    ("lt", "jis užrakintas rūsyje", "locked_in"),
    ("lt", "jis kraujuoja", "injured"),
    # Vietnamese, with and without tone marks
    ("vi", "cứu tôi với", "plea_for_help"),
    ("vi", "cuu toi voi", "plea_for_help"),
    ("vi", "cô ấy bị nhốt trong phòng", "locked_in"),
    ("vi", "anh ấy bị thương", "injured"),
    # Arabic
    ("ar", "ساعدني", "plea_for_help"),
    ("ar", "إنه مصاب وينزف", "injured"),
    ("ar", "هي محبوسة في الغرفة", "locked_in"),
    # Urdu
    ("ur", "میری مدد کریں", "plea_for_help"),
    ("ur", "وہ اسے مار رہے ہیں", "violence"),
    ("ur", "وہ زخمی ہے", "injured"),
]

NOT_DANGER = [
    "Nobody seemed hurt",
    "no one was injured but it looked odd",
    "they weren't locked in, they could come and go",
    "there was no sign of violence",
    "I didn't see any injuries",
    "can you help me with the report?",
    "could you help me understand the signs",
    "what if someone is in danger?",
    "they wash cars all day for cash",
    "the shop was closed",
    "nikt nie był ranny",  # pl: nobody was injured
    "nu era nimeni rănit",  # ro: nobody was injured
    "không ai bị thương",  # vi: nobody was injured
    "کوئی زخمی نہیں",  # ur: nobody injured
    "",
    "   ",
]


@pytest.mark.parametrize(("language", "text", "category"), DANGER)
def test_danger_cue_found(language: str, text: str, category: str) -> None:
    cues = find_danger_cues(text)
    assert category in {c.category for c in cues}, f"{language}: {text!r} gave {cues}"


@pytest.mark.parametrize("text", NOT_DANGER)
def test_no_danger_cue(text: str) -> None:
    assert find_danger_cues(text) == []


def test_negation_is_limited_to_its_clause() -> None:
    # "no" belongs to the first clause; the second still says someone is bleeding.
    assert "injured" in danger_categories(["no, he is bleeding"])


def test_categories_are_distinct_and_ordered() -> None:
    assert danger_categories(["help me", "they are beating him", "he is bleeding, help me"]) == ["violence", "injured", "plea_for_help"]
