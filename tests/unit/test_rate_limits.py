"""Flood protection through the real gateway application: per conversation (chat and SMS) and
per client address (chat and JSON API), in memory and on the real Redis server of
TEST_REDIS_URL shared by two gateway apps; a broken limiter store lets reporters through."""

from __future__ import annotations

import json
import os
import uuid
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
import redis
from sanic_testing.testing import SanicASGITestClient
from twilio.request_validator import RequestValidator

from bot.app import create_app
from spotsigns.config import Settings
from spotsigns.storage.db import migrate
from tests.conftest import require
from tests.peers import FakeRasa

TOKEN = "twilio-auth-token-for-tests"
BASE = "https://report.example.gov.uk"
GOOD_REPORT = {"location": "Top Nails, 4 King Street", "setting": "nail_bar"}


def app_client(settings: Settings, rasa_url: str, **env: str) -> SanicASGITestClient:
    migrate(settings)
    configured = Settings.load({**settings.env, "RASA_URL": rasa_url, "TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE, **env})
    return create_app(configured, name=f"rl_{uuid.uuid4().hex}").asgi_client


async def chat(client: SanicASGITestClient, sender: str, message: str = "hello") -> tuple[int, dict | list, dict]:
    _, response = await client.post("/webhooks/rest/webhook", json={"sender": sender, "message": message})
    return response.status, response.json, dict(response.headers)


def reply_with_text(handler: type[FakeRasa]) -> None:
    handler.status, handler.answer = 200, json.dumps([{"recipient_id": "p", "text": "Hello"}]).encode()


async def test_one_conversation_sending_too_fast_gets_429_with_the_999_advice(
    settings: Settings, fake_rasa: tuple[str, type[FakeRasa]]
) -> None:
    url, handler = fake_rasa
    reply_with_text(handler)
    client = app_client(settings, url, RATE_LIMIT_CONVERSATION="3/minute")
    assert [(await chat(client, "flood-1"))[0] for _ in range(3)] == [200, 200, 200]
    status, body, headers = await chat(client, "flood-1")
    assert status == 429
    assert body["error"] == "rate_limited" and "call 999" in body["message"]
    assert 1 <= int(headers["retry-after"]) <= 60
    assert len(handler.received) == 3  # the fourth never reached Rasa
    assert (await chat(client, "someone-else"))[0] == 200  # other conversations are not affected


async def test_one_address_sending_too_much_gets_429_on_chat_and_api(settings: Settings, fake_rasa: tuple[str, type[FakeRasa]]) -> None:
    url, handler = fake_rasa
    reply_with_text(handler)
    client = app_client(settings, url, RATE_LIMIT_CLIENT="4/minute")
    statuses = [(await chat(client, f"sender-{n}"))[0] for n in range(3)]
    _, created = await client.post("/api/reports", json=GOOD_REPORT)
    _, refused = await client.post("/api/reports", json=GOOD_REPORT)
    assert statuses == [200, 200, 200] and created.status == 201
    assert refused.status == 429
    assert "try again" in refused.json["errors"]["request"] and int(refused.headers["retry-after"]) >= 1
    assert (await chat(client, "sender-9"))[0] == 429


async def test_an_sms_flood_gets_one_notice_with_the_999_advice_and_never_reaches_rasa(
    settings: Settings, fake_rasa: tuple[str, type[FakeRasa]]
) -> None:
    url, handler = fake_rasa
    reply_with_text(handler)
    client = app_client(settings, url, RATE_LIMIT_CONVERSATION="2/minute")
    replies = []
    for _ in range(5):
        params = {"From": "+447700900123", "To": "+447700900000", "Body": "hi", "MessageSid": "SM" + uuid.uuid4().hex}
        signature = RequestValidator(TOKEN).compute_signature(BASE + "/webhooks/twilio/webhook", params)
        _, response = await client.post(
            "/webhooks/twilio/webhook",
            content=urlencode(params),
            headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature},
        )
        assert response.status == 200
        replies.append([m.text for m in ElementTree.fromstring(response.body).iter("Message")])
    assert replies[0] and replies[1]
    # Over the budget: one short notice with the 999 advice, then silence (a loop must not cost SMS).
    assert len(replies[2]) == 1 and "999" in replies[2][0] and "wait" in replies[2][0]
    assert replies[3] == [] and replies[4] == []
    assert len(handler.received) == 2


def test_bad_limits_are_a_clear_startup_error(settings: Settings) -> None:
    with pytest.raises(ValueError, match="RATE_LIMIT_CONVERSATION"):
        create_app(Settings.load({**settings.env, "RATE_LIMIT_CONVERSATION": "lots"}), name="rl_bad")
    with pytest.raises(ValueError, match="RATE_LIMIT_STORAGE_URL"):
        create_app(Settings.load({**settings.env, "RATE_LIMIT_STORAGE_URL": "mongodb://x"}), name="rl_bad2")


async def test_a_broken_limiter_store_lets_reporters_through(
    settings: Settings, fake_rasa: tuple[str, type[FakeRasa]], caplog: pytest.LogCaptureFixture
) -> None:
    url, handler = fake_rasa
    reply_with_text(handler)
    client = app_client(settings, url, RATE_LIMIT_STORAGE_URL="redis://127.0.0.1:9/0", RATE_LIMIT_CONVERSATION="1/minute")
    assert [(await chat(client, "s-1"))[0] for _ in range(3)] == [200, 200, 200]
    assert "rate limiter unavailable" in caplog.text


async def test_gateways_sharing_redis_share_the_count_and_redis_holds_no_identifiers(
    settings: Settings, fake_rasa: tuple[str, type[FakeRasa]]
) -> None:
    redis_url = os.environ.get("TEST_REDIS_URL")
    require(bool(redis_url), "TEST_REDIS_URL is not set, so the limiter cannot be tested on Redis")
    url, handler = fake_rasa
    reply_with_text(handler)
    connection = redis.Redis.from_url(str(redis_url))
    env = {"RATE_LIMIT_STORAGE_URL": str(redis_url), "RATE_LIMIT_CONVERSATION": "4/minute"}
    first, second = app_client(settings, url, **env), app_client(settings, url, **env)
    sender = f"redis-session-{uuid.uuid4().hex}"
    statuses = [(await chat(client, sender))[0] for client in (first, second, first, second, first)]
    assert statuses == [200, 200, 200, 200, 429]
    ours = connection.keys("LIMITS:*spotsigns*")
    keys = b" ".join(ours)
    assert keys and sender.encode() not in keys and b"127.0.0.1" not in keys
    connection.delete(*ours)
    connection.close()
