"""Turning chat replies into SMS: numbered options instead of buttons, and messages that fit
in two segments where possible (GSM-7 or, for other scripts and symbols, UCS-2)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from spotsigns.report.text import fold_latin

# The GSM 03.38 basic character set, and the extension table (each extension costs 2 septets).
_GSM_BASIC: Final = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED: Final = set("^{}\\[~]|€\f")
MAX_SEGMENTS: Final = 2


@dataclass(frozen=True, slots=True)
class Encoding:
    gsm7: bool
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)

    @property
    def segments(self) -> int:
        single, multi = (160, 153) if self.gsm7 else (70, 67)
        if self.units <= single:
            return 1
        return -(-self.units // multi)


def encoding(text: str) -> Encoding:
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text):
        return Encoding(True, sum(2 if ch in _GSM_EXTENDED else 1 for ch in text))
    return Encoding(False, len(text.encode("utf-16-le")) // 2)


def segments(text: str) -> int:
    return encoding(text).segments


def _smart_punctuation_to_gsm(text: str) -> str:
    """Curly quotes and dashes would force the whole message into UCS-2 (70 characters a
    segment); their plain forms say the same."""
    return text.translate(
        str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-", "\u2013": "-", "\u2022": "-"})
    )


def split_message(text: str, max_segments: int = MAX_SEGMENTS) -> list[str]:
    """Split `text` into messages of at most `max_segments` segments each, at paragraph,
    line, sentence or word boundaries, in that order of preference."""
    text = _smart_punctuation_to_gsm(text.strip())
    if segments(text) <= max_segments:
        return [text]
    parts: list[str] = []
    current = ""
    for separator, piece in _pieces(text, max_segments):
        candidate = f"{current}{separator}{piece}" if current else piece
        if segments(candidate) <= max_segments:
            current = candidate
        else:
            if current:
                parts.append(current)
            current = piece
    if current:
        parts.append(current)
    return parts


def _pieces(text: str, max_segments: int) -> list[tuple[str, str]]:
    """(separator before, piece): lines keep their line breaks, sentences their spaces."""
    pieces: list[tuple[str, str]] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if segments(line) <= max_segments:
            pieces.append(("\n", line))
            continue
        separator = "\n"
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            if segments(sentence) <= max_segments:
                pieces.append((separator, sentence))
            else:  # one very long sentence: by words
                chunk = ""
                for word in sentence.split():
                    trial = f"{chunk} {word}".strip()
                    if segments(trial) <= max_segments:
                        chunk = trial
                    else:
                        pieces.append((separator, chunk))
                        separator, chunk = " ", word
                if chunk:
                    pieces.append((separator, chunk))
            separator = " "
    return pieces


def numbered(text: str, titles: list[str], prompt: str) -> str:
    """'text\\n1 Yes\\n2 No\\nReply with a number.' One option alone (the "Don't know" of "how
    many people?") is not numbered: a number typed there is the answer, not the option."""
    lines = [text.rstrip()] if text else []
    if len(titles) == 1:
        return "\n".join([*lines, f"({titles[0]})"])
    lines.extend(f"{number} {title}" for number, title in enumerate(titles, start=1))
    lines.append(prompt)
    return "\n".join(lines)


def choose_option(reply: str, options: list[dict[str, str]]) -> str | None:
    """The payload of the option the reporter picked: by number ("2", "2.", "#2"; not when the
    question has one option: see `numbered`) or by its title typed out (any case, with or
    without accents)."""
    cleaned = reply.strip().strip(".)#")
    if cleaned.isdigit() and len(options) > 1:
        index = int(cleaned) - 1
        return options[index]["payload"] if 0 <= index < len(options) else None
    folded = fold_latin(reply).strip(" .!")
    for option in options:
        if fold_latin(option["title"]).strip(" .!") == folded:
            return option["payload"]
    return None
