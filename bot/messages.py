"""Validation of what a reporter sends, before anything else reads it."""

from __future__ import annotations

import re
from typing import Final

from spotsigns.report.text import UnusableText, clean_text

_SENDER: Final = re.compile(r"[\w.:@+\-]{1,128}", re.ASCII)


class InvalidMessage(ValueError):
    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def clean_message(value: object, *, max_chars: int) -> str:
    """A chat or SMS message cleaned as every channel cleans text (`spotsigns.report.text.clean_text`)."""
    if not isinstance(value, str):
        raise InvalidMessage("invalid_message", "'message' must be a string")
    try:
        text = clean_text(value)
    except UnusableText:
        raise InvalidMessage("invalid_message", "'message' is not valid Unicode text") from None
    if not text:
        raise InvalidMessage("empty_message", "'message' is empty")
    if len(text) > max_chars:
        raise InvalidMessage("message_too_long", f"'message' is longer than {max_chars} characters", status=413)
    return text


def clean_sender(value: object) -> str:
    if not isinstance(value, str) or not _SENDER.fullmatch(value):
        raise InvalidMessage("invalid_sender", "'sender' must be 1 to 128 letters, digits or . : @ + - _")
    return value
