"""Web chat in Rasa's REST format: POST /webhooks/rest/webhook.

Request `{"sender": str, "message": str}`; answer `[{"recipient_id", "text", "buttons"?}]`
where `recipient_id` is the sender id the client sent (the pseudonym stays inside).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response

from bot.conversations import ConversationGateway
from bot.messages import InvalidMessage, clean_message, clean_sender
from bot.rate_limits import RateLimiter, Verdict, client_address

logger = logging.getLogger("spotsigns.gateway")
rest = Blueprint("rest_channel", url_prefix="/webhooks/rest")


def error(code: str, message: str, status: int, headers: dict[str, str] | None = None) -> HTTPResponse:
    return json_response({"error": code, "message": message}, status=status, headers=headers)


def too_many(verdict: Verdict, scope: str) -> HTTPResponse:
    logger.warning("rate limited chat message: %s", scope)
    return error(
        "rate_limited",
        f"Too many messages. Please wait {verdict.retry_after} seconds and try again. If anyone is in danger now, call 999.",
        429,
        {"Retry-After": str(verdict.retry_after)},
    )


@rest.post("/webhook")
async def webhook(request: Request) -> HTTPResponse:
    gateway: ConversationGateway = request.app.ctx.gateway
    limiter: RateLimiter = request.app.ctx.limiter
    verdict = await limiter.client(client_address(request))
    if not verdict.allowed:
        return too_many(verdict, "client")
    limit = request.app.config.REQUEST_MAX_SIZE
    if len(request.body or b"") > limit:  # the server refuses larger bodies too; this holds under ASGI
        return error("body_too_large", f"The request body must be at most {limit} bytes", 413)
    try:
        body: Any = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        logger.info("rejected chat message: invalid_json")
        return error("invalid_json", 'The request body must be JSON: {"sender": "...", "message": "..."}', 400)
    if not isinstance(body, dict):
        return error("invalid_body", "The request body must be a JSON object with 'sender' and 'message'", 400)
    try:
        sender = clean_sender(body.get("sender"))
        text = clean_message(body.get("message"), max_chars=request.app.ctx.settings.max_message_chars)
    except InvalidMessage as exc:
        logger.info("rejected chat message: %s", exc.code)
        return error(exc.code, str(exc), exc.status)
    verdict = await limiter.conversation(gateway.pseudonym("web_chat", sender))
    if not verdict.allowed:
        return too_many(verdict, "conversation")
    result = await gateway.turn("web_chat", sender, text)
    reply = []
    for message in result.messages:
        item: dict[str, Any] = {"recipient_id": sender}
        if message.text:
            item["text"] = message.text
        if message.buttons:
            item["buttons"] = message.buttons
        if message.image:
            item["image"] = message.image
        reply.append(item)
    return json_response(reply, status=200 if result.ok else 503, headers={"Cache-Control": "no-store"})
