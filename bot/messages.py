"""Validation of what a reporter sends, before anything else reads it."""

from __future__ import annotations

import re
from typing import Final

from spotsigns.text import strip_invisible

# C0 and C1 control characters other than tab and newlines: never part of a real message.
_CONTROL: Final = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]")
_SENDER: Final = re.compile(r"^[\w.:@+\-]{1,128}$")


class InvalidMessage(ValueError):
    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def clean_message(value: object, *, max_chars: int) -> str:
    if not isinstance(value, str):
        raise InvalidMessage("invalid_message", "'message' must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidMessage("invalid_message", "'message' is not valid Unicode text") from None
    if _CONTROL.search(value):
        raise InvalidMessage("invalid_message", "'message' contains control characters")
    text = " ".join(strip_invisible(value).split())
    if not text:
        raise InvalidMessage("empty_message", "'message' is empty")
    if len(text) > max_chars:
        raise InvalidMessage("message_too_long", f"'message' is longer than {max_chars} characters", status=413)
    return text


def clean_sender(value: object) -> str:
    if not isinstance(value, str) or not _SENDER.match(value):
        raise InvalidMessage("invalid_sender", "'sender' must be 1 to 128 letters, digits or . : @ + - _")
    return value
