"""JSON API: POST /api/reports (SPEC §5).

`{report fields of SPEC §2}` → `201 {"reference", "urgency", "next_steps"}`; `422 {"errors":
{field: message}}` for anything wrong with the request (bad JSON, too large, unknown values,
wrong types, missing location); `429` with `Retry-After` when one address sends too many. An
`Idempotency-Key` header makes a repeated submission return the first tip instead of creating
another.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
from typing import Any, Final

from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response

from bot.cross_site import cors_headers, origin_allowed, preflight
from bot.json_body import BodyError, read_json_body
from bot.rate_limits import RateLimiter, client_address
from spotsigns.report import i18n
from spotsigns.report.fields import REPORT_FIELDS
from spotsigns.report.validation import ReportError, report_from_mapping
from spotsigns.storage.tips import IdempotencyConflict, TipStore

logger = logging.getLogger("spotsigns.api")
api = Blueprint("api", url_prefix="/api")

KNOWN_ERROR_NAMES: Final = frozenset(
    {*REPORT_FIELDS, "body", "Idempotency-Key", *(f"contact.{name}" for name in ("name", "phone", "email", "safe_times"))}
)
_IDEMPOTENCY_KEY: Final = re.compile(r"^[\x21-\x7e]{1,128}$")
# What happens next, by urgency: strings in locales/<language>.yml, in the report's language.
NEXT_STEPS: Final = {
    "emergency": "next_steps_emergency",
    "high": "next_steps_high",
    "medium": "next_steps_routine",
    "low": "next_steps_routine",
}


@api.on_response
async def allow_embedding_pages(request: Request, response: HTTPResponse) -> None:
    for header, value in cors_headers(request).items():
        response.headers.setdefault(header, value)


def unprocessable(errors: dict[str, str]) -> HTTPResponse:
    return json_response({"errors": errors}, status=422)


@api.options("/reports")
async def reports_preflight(request: Request) -> HTTPResponse:
    return preflight(request)


@api.post("/reports")
async def create_report(request: Request) -> HTTPResponse:
    if not origin_allowed(request):
        logger.warning("rejected API report: origin_not_allowed")
        return json_response({"errors": {"Origin": "this page may not send reports"}}, status=403)
    limiter: RateLimiter = request.app.ctx.limiter
    verdict = await limiter.client(client_address(request))
    if not verdict.allowed:
        logger.warning("rate limited API report: client")
        message = f"too many reports from this address; try again in {verdict.retry_after} seconds"
        return json_response({"errors": {"request": message}}, status=429, headers={"Retry-After": str(verdict.retry_after)})
    try:
        body: Any = read_json_body(request)
    except BodyError as exc:
        logger.info("rejected API report: %s", exc.code)
        if exc.status == 415:
            return json_response({"errors": {"Content-Type": "must be application/json"}}, status=415)
        return unprocessable({"body": str(exc)})
    if not isinstance(body, dict):
        return unprocessable({"body": "must be a JSON object with the report fields"})
    key = request.headers.get("Idempotency-Key")
    if key is not None and not _IDEMPOTENCY_KEY.match(key):
        return unprocessable({"Idempotency-Key": "must be 1 to 128 visible ASCII characters"})

    errors: dict[str, str] = {}
    try:
        report = report_from_mapping(body, submission=True)
    except ReportError as exc:
        errors.update(exc.errors)
        report = None
    if errors or report is None:
        # Field names the client made up are never logged (they could forge a log line).
        named = sorted(name for name in errors if name in KNOWN_ERROR_NAMES)
        logger.info("rejected API report: fields=%s unknown_fields=%d", ",".join(named), len(errors) - len(named))
        return unprocessable(errors)

    store: TipStore = request.app.ctx.store
    request_hash = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    try:
        stored = await asyncio.to_thread(store.record_report, report, channel="api", idempotency_key=key, request_hash=request_hash)
    except IdempotencyConflict:
        return unprocessable({"Idempotency-Key": "was already used for a different report"})
    logger.info("API report %s urgency=%s%s", stored.reference, stored.urgency, " (replayed)" if stored.replayed else "")
    headers = {"Cache-Control": "no-store"}
    if stored.replayed:
        headers["Idempotent-Replayed"] = "true"
    next_steps = i18n.text(NEXT_STEPS[stored.urgency], report.language)
    return json_response({"reference": stored.reference, "urgency": stored.urgency, "next_steps": next_steps}, status=201, headers=headers)
