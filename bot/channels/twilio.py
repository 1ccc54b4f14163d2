"""SMS through Twilio: POST /webhooks/twilio/webhook (SPEC §5).

The `X-Twilio-Signature` is checked with twilio's RequestValidator against PUBLIC_BASE_URL
before any field is read: a missing or wrong signature is a 403 and reaches nothing. `From`
becomes a pseudonym at once. Replies are TwiML: buttons become numbered options, long
replies are split into messages of at most two segments. A Twilio retry of the same
MessageSid gets the first reply again without a second turn in Rasa.

Keywords (any case): STOP/UNSUBSCRIBE/CANCEL/END/QUIT end all messages, START/UNSTOP/YES
after STOP resume, HELP/INFO sends helplines and 999 advice, RESET/RESTART starts again.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Final
from urllib.parse import parse_qs

from sanic import Blueprint, Request
from sanic.request import RequestParameters
from sanic.response import HTTPResponse, text
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot.commands import is_allowed_command
from bot.conversations import ConversationGateway
from bot.messages import InvalidMessage, clean_message
from bot.rate_limits import RateLimiter
from bot.sms_format import choose_option, numbered, split_message
from spotsigns.config import Settings
from spotsigns.report import i18n
from spotsigns.report.helplines import reporter_values
from spotsigns.storage.sms import SmsState, SmsStore

logger = logging.getLogger("spotsigns.sms")
twilio = Blueprint("twilio_channel", url_prefix="/webhooks/twilio")

STOP_WORDS: Final = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS: Final = frozenset({"START", "UNSTOP", "YES"})
HELP_WORDS: Final = frozenset({"HELP", "INFO"})
RESET_WORDS: Final = frozenset({"RESET", "RESTART", "START AGAIN"})
_SID: Final = re.compile(r"^[A-Z]{2}[0-9a-f]{32}$")
MAX_FORM_FIELDS: Final = 200  # Twilio sends about 20; far more is not Twilio


def signed_form(request: Request) -> RequestParameters | None:
    """The webhook's parameters exactly as Twilio signs them: every field of the raw body,
    empty values included (`request.form` drops `FromCity=`, `Body=` and so on, and the
    signature would not match). None when the body is not a URL-encoded form."""
    content_type = (request.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return None
    try:
        fields = parse_qs(
            (request.body or b"").decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=MAX_FORM_FIELDS
        )
    except (UnicodeDecodeError, ValueError):
        return None
    return RequestParameters(fields)


def first(form: RequestParameters, name: str) -> str:
    return form.get(name) or ""


def twiml(messages: list[str]) -> str:
    response = MessagingResponse()
    for message in messages:
        response.message(message)
    return str(response)


def _xml(body: str, status: int = 200) -> HTTPResponse:
    return text(body, status=status, content_type="application/xml", headers={"Cache-Control": "no-store"})


@twilio.post("/webhook")
async def webhook(request: Request) -> HTTPResponse:
    settings = request.app.ctx.settings
    token = settings.twilio_auth_token
    if not token:
        logger.error("SMS received but TWILIO_AUTH_TOKEN is not configured")
        return text("SMS is not configured", status=503)
    signature = request.headers.get("X-Twilio-Signature")
    url = settings.public_base_url + request.path + (f"?{request.query_string}" if request.query_string else "")
    form = signed_form(request)
    if not signature or form is None or not RequestValidator(token).validate(url, form, signature):
        reason = "missing signature" if not signature else "unreadable form" if form is None else "invalid signature"
        logger.warning("rejected SMS webhook: %s", reason)
        return text("Forbidden", status=403)

    sender = first(form, "From")
    sid = first(form, "MessageSid")
    if not sender or not _SID.match(sid):
        logger.info("rejected SMS webhook: missing From or MessageSid")
        return text("Bad Request: From and MessageSid are required", status=400)
    store: SmsStore = request.app.ctx.sms
    earlier = await asyncio.to_thread(store.reply_for, sid)
    if earlier is not None:
        logger.info("SMS retry answered from the first reply")
        return _xml(earlier)
    gateway: ConversationGateway = request.app.ctx.gateway
    pseudonym = gateway.pseudonym("sms", sender)
    limiter: RateLimiter = request.app.ctx.limiter
    limit = settings.max_message_chars
    notice: str | None = None
    body = ""
    if not (await limiter.conversation(pseudonym)).allowed:
        logger.warning("rate limited SMS: conversation")
        if not (await limiter.notice(pseudonym)).allowed:
            return _xml(twiml([]))  # one notice a window; after that silence (a loop must not cost SMS)
        notice = "sms_rate_limited"
    else:
        try:
            body = clean_message(first(form, "Body"), max_chars=limit)
        except InvalidMessage as exc:
            logger.info("SMS with an unusable body: %s", exc.code)
            if exc.code == "message_too_long":
                notice = "sms_too_long"
            elif _has_media(form):
                notice = "sms_media_not_read"
    if notice is not None:
        state = await asyncio.to_thread(store.load, pseudonym)
        reply = twiml([] if state.opted_out else [i18n.text(notice, state.language).format(limit=limit)])
        await asyncio.to_thread(store.remember_reply, sid, reply)
        return _xml(reply)
    if not is_allowed_command(body):
        body = body.lstrip("/ ")  # a typed "/restart" is words here, not a command
    messages = await handle_sms(gateway, store, sender, body, settings)
    reply = twiml(messages)
    await asyncio.to_thread(store.remember_reply, sid, reply)
    return _xml(reply)


def _has_media(form: RequestParameters) -> bool:
    return first(form, "NumMedia") not in ("", "0")


async def handle_sms(gateway: ConversationGateway, store: SmsStore, sender: str, body: str, settings: Settings) -> list[str]:
    """One inbound SMS → the SMS messages to send back (possibly none)."""
    pseudonym = gateway.pseudonym("sms", sender)
    keyword = " ".join(body.upper().strip(" .!").split())
    async with gateway.hold(pseudonym):
        state = await asyncio.to_thread(store.load, pseudonym)
        replies, state = await _answer(gateway, pseudonym, state, keyword, body, settings)
        await asyncio.to_thread(store.save, pseudonym, state)
    return [part for reply in replies for part in split_message(reply)]


async def _answer(
    gateway: ConversationGateway, pseudonym: str, state: SmsState, keyword: str, body: str, settings: Settings
) -> tuple[list[str], SmsState]:
    t = lambda key: i18n.text(key, state.language)  # noqa: E731 (a local shorthand)
    if keyword in STOP_WORDS:
        state.opted_out, state.options, state.is_new = True, [], False
        return [t("sms_stopped")], state
    if state.opted_out and keyword not in START_WORDS:
        return [], state  # no messages until START, as carriers require
    if keyword in HELP_WORDS:
        state.is_new = False
        return [i18n.text("sms_help", state.language, **reporter_values(settings, state.language))], state

    prefix: list[str] = []
    message = body or "/greet"
    if state.opted_out:  # START after STOP
        state.opted_out = False
        prefix.append(t("sms_started"))
        message = "/greet"
    elif keyword in RESET_WORDS:
        await gateway.turn_held("sms", pseudonym, "/restart", known_language=state.language)
        message = "/greet"
    else:
        message = choose_option(body, state.options) or message

    result = await gateway.turn_held("sms", pseudonym, message, known_language=state.language)
    if result.language:
        state.language = result.language  # sticky: only a clear message changes it
    replies = list(prefix)
    options: list[dict[str, str]] = []
    for reply in result.messages:
        if reply.buttons:
            options = reply.buttons
            replies.append(numbered(reply.text or "", [b["title"] for b in reply.buttons], t("sms_reply_number")))
        elif reply.text:
            replies.append(reply.text)
    state.options = options
    if state.is_new and replies:
        replies[0] = f"{t('sms_privacy')}\n\n{replies[0]}"
    state.is_new = False
    return replies, state
