"""Text normalisation shared by the danger-cue detector, answer parsing and language
detection: one definition of "the same words" across scripts, accents and apostrophes."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Letters that Unicode does not decompose into base + accent, folded by hand.
_FOLD_EXTRA: Final = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h"})
_APOSTROPHES: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_ARABIC_MARKS: Final = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alef, tatweel
# Control, zero-width and bidi-override characters (a regex class body; the OpenAPI document
# uses it too). Tab and newlines are white space, folded by `clean_text`.
INVISIBLE: Final = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
_CONTROL: Final = re.compile(f"[{INVISIBLE}]")

_TO_ARABIC: Final = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك", "ہ": "ه", "ھ": "ه", "ۃ": "ه", "ؤ": "و", "ئ": "ي"}
)
_TO_URDU: Final = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ه": "ہ", "ة": "ہ", "ۃ": "ہ", "أ": "ا", "إ": "ا"})


class UnusableText(ValueError):
    """Text that is not valid Unicode (a lone surrogate such as "\\ud800" from JSON)."""


def strip_invisible(text: str) -> str:
    """Remove control and bidi-override characters (never meaningful in a report)."""
    return _CONTROL.sub("", text)


def clean_text(value: str) -> str:
    """What every channel (chat, SMS, API, form) does to a reporter's text before anything
    reads or stores it: invalid Unicode is refused; control, zero-width and bidi-override
    characters (which can disguise text in a police e-mail) are removed; runs of white space
    become one space. Joiners (ZWJ/ZWNJ), which Urdu and Arabic spelling needs, are kept."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UnusableText("not valid Unicode text") from None
    return " ".join(strip_invisible(value).split())


def basic(text: str) -> str:
    """NFKC, lower case, straight apostrophes, single spaces, no invisible characters."""
    text = strip_invisible(unicodedata.normalize("NFKC", text)).translate(_APOSTROPHES)
    return " ".join(text.lower().split())


def fold_latin(text: str) -> str:
    """`basic` plus accents removed: SMS users often type "zamknieta" for "zamknięta"."""
    decomposed = unicodedata.normalize("NFD", basic(text).translate(_FOLD_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_arabic(text: str) -> str:
    """`basic` with Arabic-script variants unified to Arabic letters, marks removed."""
    return _ARABIC_MARKS.sub("", basic(text)).translate(_TO_ARABIC)


def fold_urdu(text: str) -> str:
    """`basic` with Arabic-script variants unified to Urdu letters, marks removed."""
    return _ARABIC_MARKS.sub("", basic(text)).translate(_TO_URDU)
