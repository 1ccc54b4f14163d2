"""Transports: SMTP (aiosmtplib), Twilio SMS (the twilio 9 client) and a signed HTTPS webhook.

Each raises `DeliveryError` with a short reason (never message content) when a delivery did
not certainly arrive; the worker then retries later.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any, Protocol

import aiosmtplib
import httpx
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from spotsigns.config import Settings
from spotsigns.delivery.messages import Delivery, inbox_email, police_email, police_sms, webhook_body

SIGNATURE_HEADER = "X-Spotsigns-Signature"
TIMESTAMP_HEADER = "X-Spotsigns-Timestamp"


class DeliveryError(RuntimeError):
    pass


class Transport(Protocol):
    async def send(self, delivery: Delivery) -> None: ...


class SmtpTransport:
    def __init__(self, settings: Settings, build: Callable[[Settings, Delivery], EmailMessage]) -> None:
        self._settings = settings
        self._build = build

    async def send(self, delivery: Delivery) -> None:
        s = self._settings
        try:
            await aiosmtplib.send(
                self._build(s, delivery),
                hostname=s.smtp_host,
                port=s.smtp_port,
                username=s.smtp_username,
                password=s.smtp_password,
                start_tls=s.smtp_starttls,
                use_tls=s.smtp_tls,
                timeout=s.delivery_timeout_seconds,
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise DeliveryError(f"smtp: {type(exc).__name__}") from None


class _RebasedHttpClient(TwilioHttpClient):
    """The twilio client's own HTTP layer, pointed at TWILIO_API_BASE_URL (a local stand-in for
    Twilio's REST API in tests; https://api.twilio.com otherwise)."""

    def __init__(self, base_url: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self._base_url = base_url

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        for origin in ("https://api.twilio.com",):
            if url.startswith(origin):
                url = self._base_url + url[len(origin) :]
        return super().request(method, url, *args, **kwargs)


class TwilioSmsTransport:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._client = Client(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            http_client=_RebasedHttpClient(settings.twilio_api_base_url, settings.delivery_timeout_seconds),
        )

    async def send(self, delivery: Delivery) -> None:
        s = self._settings

        def create() -> None:
            self._client.messages.create(to=s.police_sms_to, from_=s.twilio_from_number, body=police_sms(delivery))

        try:
            await asyncio.to_thread(create)  # the twilio client is synchronous
        except (TwilioException, OSError) as exc:
            raise DeliveryError(f"twilio: {type(exc).__name__}") from None


def sign(secret: bytes, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class WebhookTransport:
    """POSTs JSON, signed: `X-Spotsigns-Signature: sha256=HMAC(secret, timestamp + "." + body)`."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._client = httpx.AsyncClient(timeout=settings.delivery_timeout_seconds, trust_env=False)

    async def send(self, delivery: Delivery) -> None:
        body = webhook_body(delivery)
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": delivery.idempotency_key,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(self._settings.police_webhook_secret, timestamp, body),
        }
        try:
            response = await self._client.post(self._settings.police_webhook_url or "", content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"webhook: {type(exc).__name__}") from None
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"webhook: HTTP {response.status_code}")


def build_transports(settings: Settings) -> dict[str, Transport]:
    """A transport for every configured target."""
    from spotsigns.storage.routing import target_configured

    transports: dict[str, Transport] = {}
    if target_configured(settings, "police_email"):
        transports["police_email"] = SmtpTransport(settings, police_email)
    if target_configured(settings, "inbox_email"):
        transports["inbox_email"] = SmtpTransport(settings, inbox_email)
    if target_configured(settings, "police_sms"):
        transports["police_sms"] = TwilioSmsTransport(settings)
    if target_configured(settings, "police_webhook"):
        transports["police_webhook"] = WebhookTransport(settings)
    return transports
