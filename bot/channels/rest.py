"""Web chat in Rasa's REST format: POST /webhooks/rest/webhook.

Request `{"sender": str, "message": str}`; answer `[{"recipient_id", "text", "buttons"?}]`
where `recipient_id` is the sender id the client sent (the pseudonym stays inside).
"""

from __future__ import annotations

import logging
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response

from bot.commands import is_allowed_command
from bot.conversations import ConversationGateway
from bot.cross_site import cors_headers, origin_allowed, preflight
from bot.json_body import BodyError, read_json_body
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


@rest.options("/webhook")
async def webhook_preflight(request: Request) -> HTTPResponse:
    return preflight(request)


@rest.post("/webhook")
async def webhook(request: Request) -> HTTPResponse:
    gateway: ConversationGateway = request.app.ctx.gateway
    limiter: RateLimiter = request.app.ctx.limiter
    if not origin_allowed(request):
        logger.warning("rejected chat message: origin_not_allowed")
        return error("origin_not_allowed", "This page may not send messages to the chat", 403)
    verdict = await limiter.client(client_address(request))
    if not verdict.allowed:
        return too_many(verdict, "client")
    try:
        body: Any = read_json_body(request)
    except BodyError as exc:
        logger.info("rejected chat message: %s", exc.code)
        return error(exc.code, str(exc), exc.status)
    if not isinstance(body, dict):
        logger.info("rejected chat message: invalid_body")
        return error("invalid_body", "The request body must be a JSON object with 'sender' and 'message'", 400)
    try:
        sender = clean_sender(body.get("sender"))
        text = clean_message(body.get("message"), max_chars=request.app.ctx.settings.max_message_chars)
    except InvalidMessage as exc:
        logger.info("rejected chat message: %s", exc.code)
        return error(exc.code, str(exc), exc.status)
    if not is_allowed_command(text):
        logger.info("rejected chat message: reserved_command")
        return error("reserved_command", "Messages starting with / are for the chat's buttons. Please type your message in words.", 400)
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


@rest.on_response
async def allow_embedding_pages(request: Request, response: HTTPResponse) -> None:
    """A council page allowed to embed the chat may read every answer, errors included."""
    for header, value in cors_headers(request).items():
        response.headers.setdefault(header, value)
