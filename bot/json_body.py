"""Reading a JSON request body safely: the media type, the size and the nesting depth are
checked before the body is parsed, so a body nested a thousand levels deep (which makes
Python's parser recurse) or a browser form posted as `text/plain` from another site never
reaches a handler."""

from __future__ import annotations

import json
import re
from typing import Any, Final

from sanic import Request

MAX_DEPTH: Final = 32
# A JSON string (skipped whole, so brackets inside it do not count), an unterminated string
# (the scan stops: the body is not JSON) or a bracket. Linear in the body's length.
_TOKENS: Final = re.compile(r'"(?:[^"\\]|\\.)*+"|"|[\[\]{}]', re.DOTALL)


class BodyError(ValueError):
    """The body cannot be used. `code` names the problem; `status` is the HTTP answer."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def is_json_media_type(content_type: str | None) -> bool:
    """`application/json`, with parameters such as `; charset=utf-8` allowed."""
    return (content_type or "").split(";", 1)[0].strip().lower() == "application/json"


def nesting_depth(text: str) -> int:
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        bracket = match.group()
        if bracket == '"':
            break
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif bracket in "]}":
            depth -= 1
    return deepest


def read_json_body(request: Request, *, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed JSON body, or `BodyError` (415 wrong media type, 413 too large, 400 not
    JSON or nested deeper than `max_depth`)."""
    if not is_json_media_type(request.headers.get("content-type")):
        raise BodyError("unsupported_media_type", "The request body must be sent as Content-Type: application/json", 415)
    limit = request.app.config.REQUEST_MAX_SIZE
    body = request.body or b""
    if len(body) > limit:  # the server refuses larger bodies too; this holds under ASGI
        raise BodyError("body_too_large", f"The request body must be at most {limit} bytes", 413)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyError("invalid_json", "The request body must be UTF-8 JSON", 400) from None
    if nesting_depth(text) > max_depth:
        raise BodyError("too_deep", f"The JSON may be nested at most {max_depth} levels deep", 400)
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise BodyError("invalid_json", "The request body is not valid JSON", 400) from None
