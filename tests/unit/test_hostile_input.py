"""Hostile and odd input through the real gateway application (issue 7): cross-site posts,
bodies nested a thousand deep, invalid Unicode, control and bidi characters, Rasa's reserved
commands, forged log lines, static paths that used to crash, and Twilio's real parameter set
with its empty values. Rasa is a local HTTP server standing in for it (tests/peers.py)."""

from __future__ import annotations

import json
import logging
import uuid
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from sanic_testing.testing import SanicASGITestClient
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from bot.app import create_app
from bot.json_body import nesting_depth
from spotsigns.config import Settings
from spotsigns.report.text import UnusableText, clean_text
from spotsigns.storage.db import migrate
from spotsigns.storage.models import Tip
from spotsigns.storage.store import build_tip_store
from tests.peers import FakeRasa

CHAT = "/webhooks/rest/webhook"
API = "/api/reports"
SMS = "/webhooks/twilio/webhook"
TOKEN = "twilio-token-hostile-tests"
BASE = "https://report.example.gov.uk"
COUNCIL_PAGE = "https://www.anytown.gov.uk"
EMERGENCY = {"location": "Unit 4, Mill Lane", "immediate_danger": "yes", "description": "they are hitting him"}


@pytest.fixture
def app_client(settings: Settings, fake_rasa: tuple[str, type[FakeRasa]]) -> SanicASGITestClient:
    url, handler = fake_rasa
    handler.status, handler.answer = 200, b'[{"recipient_id": "p", "text": "ok"}]'
    migrate(settings)
    configured = Settings.load(
        {**settings.env, "RASA_URL": url, "TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE, "CHAT_ALLOWED_ORIGINS": COUNCIL_PAGE}
    )
    return create_app(configured, name=f"hostile_{uuid.uuid4().hex}").asgi_client


def tips(settings: Settings) -> int:
    store = build_tip_store(settings)
    with store.sessions() as session:
        count = session.scalar(select(func.count()).select_from(Tip))
    store.close()
    return int(count or 0)


# --- cross-site requests ---------------------------------------------------------------------
async def test_a_text_plain_form_from_another_site_files_no_report(app_client: SanicASGITestClient, settings: Settings) -> None:
    # What <form enctype="text/plain" action=".../api/reports"> on any web page sends.
    body = json.dumps(EMERGENCY)[:-1] + ', "x": "="}'
    _, response = await app_client.post(API, content=body, headers={"Content-Type": "text/plain", "Origin": "https://evil.example"})
    assert response.status == 403
    _, response = await app_client.post(API, content=json.dumps(EMERGENCY), headers={"Content-Type": "text/plain"})
    assert response.status == 415 and "Content-Type" in response.json["errors"]
    _, response = await app_client.post(
        CHAT, content=json.dumps({"sender": "s-1", "message": "help"}), headers={"Content-Type": "text/plain"}
    )
    assert response.status == 415 and response.json["error"] == "unsupported_media_type"
    assert tips(settings) == 0


@pytest.mark.parametrize("path", [API, CHAT])
async def test_a_foreign_origin_is_refused_and_the_councils_page_is_allowed(
    app_client: SanicASGITestClient, settings: Settings, fake_rasa: tuple[str, type[FakeRasa]], path: str
) -> None:
    body = EMERGENCY if path == API else {"sender": "widget-1", "message": "hello"}
    for origin in ("https://evil.example", "null", "https://www.anytown.gov.uk.evil.example"):
        _, response = await app_client.post(path, json=body, headers={"Origin": origin})
        assert response.status == 403, origin
        assert "access-control-allow-origin" not in response.headers
    assert tips(settings) == 0 and fake_rasa[1].received == []

    _, response = await app_client.post(path, json=body, headers={"Origin": COUNCIL_PAGE})
    assert response.status in (200, 201)
    assert response.headers["access-control-allow-origin"] == COUNCIL_PAGE
    # The browser's preflight: granted to the council's page only.
    _, preflight = await app_client.options(path, headers={"Origin": COUNCIL_PAGE, "Access-Control-Request-Method": "POST"})
    assert preflight.status == 204 and preflight.headers["access-control-allow-origin"] == COUNCIL_PAGE
    _, preflight = await app_client.options(path, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status == 403 and "access-control-allow-origin" not in preflight.headers


async def test_the_gateways_own_pages_and_servers_without_origin_are_allowed(app_client: SanicASGITestClient) -> None:
    _, response = await app_client.post(CHAT, json={"sender": "own-page", "message": "hello"})
    assert response.status == 200  # no Origin: a server, curl, a council's back office
    # The demo page and the form, served by the gateway itself, on whatever address it has.
    own = {"Host": "report.anytown.example:8000", "Origin": "http://report.anytown.example:8000"}
    _, response = await app_client.post(CHAT, json={"sender": "own-page", "message": "hello"}, headers=own)
    assert response.status == 200
    _, response = await app_client.post(CHAT, json={"sender": "own-page", "message": "hello"}, headers={**own, "Host": "other:8000"})
    assert response.status == 403


# --- bodies -----------------------------------------------------------------------------------
def test_nesting_depth_skips_brackets_inside_strings_and_is_linear() -> None:
    assert nesting_depth('{"a": [1, {"b": "[[[[{{{{"}]}') == 3
    assert nesting_depth("[" * 1000) == 1000
    assert nesting_depth('"\\' * 50_000) == 0  # an unterminated string stops the scan at once


@pytest.mark.parametrize(("path", "status"), [(API, 422), (CHAT, 400)])
async def test_json_nested_a_thousand_deep_is_a_4xx_not_a_500(app_client: SanicASGITestClient, path: str, status: int) -> None:
    for body in ("[" * 1000 + "]" * 1000, '{"a":' * 1000 + "1" + "}" * 1000, "[" * 60_000):
        _, response = await app_client.post(path, content=body, headers={"Content-Type": "application/json"})
        assert response.status == status


async def test_a_lone_surrogate_is_refused_on_every_channel(app_client: SanicASGITestClient, settings: Settings) -> None:
    for field in ("location", "description"):
        body = json.dumps({**EMERGENCY, field: "Mill Lane \ud800"})
        _, response = await app_client.post(API, content=body, headers={"Content-Type": "application/json"})
        assert response.status == 422 and field in response.json["errors"]
    _, response = await app_client.post(
        API, content=json.dumps({**EMERGENCY, "\ud800key": 1}), headers={"Content-Type": "application/json"}
    )
    assert response.status == 422
    _, response = await app_client.post(
        CHAT, content=b'{"sender": "s", "message": "\\udfff"}', headers={"Content-Type": "application/json"}
    )
    assert response.status == 400
    assert tips(settings) == 0


def test_one_cleaning_rule_for_every_channel() -> None:
    dirty = "Mill\x00 Lane\x1b[31m\u202e \x85evil\u200b\u2066 \t\n 4"
    assert clean_text(dirty) == "Mill Lane[31m evil 4"
    assert clean_text("نہیں\u200cہے") == "نہیں\u200cہے"  # a joiner that Urdu spelling needs stays
    with pytest.raises(UnusableText):
        clean_text("\udc80")


async def test_control_and_bidi_characters_are_stripped_the_same_on_chat_and_api(
    app_client: SanicASGITestClient, settings: Settings, fake_rasa: tuple[str, type[FakeRasa]]
) -> None:
    _, response = await app_client.post(CHAT, json={"sender": "s-ctl", "message": "Mill\x00 Lane\u202e\x1b 4"})
    assert response.status == 200
    assert fake_rasa[1].received[-1]["message"] == "Mill Lane 4"
    _, response = await app_client.post(API, json={**EMERGENCY, "location": "Mill\x00 Lane\u202e\x1b 4", "description": "a\x85b\x9bc"})
    assert response.status == 201
    tip = build_tip_store(settings).get(response.json["reference"])
    assert (tip.location, tip.description) == ("Mill Lane 4", "abc")


@pytest.mark.parametrize("command", ["/restart", "/session_start", "/back", "/nlu_fallback", "/made_up_intent", '/inform{"slot": 1}'])
async def test_rasas_reserved_commands_never_reach_rasa(
    app_client: SanicASGITestClient, fake_rasa: tuple[str, type[FakeRasa]], command: str
) -> None:
    _, response = await app_client.post(CHAT, json={"sender": "s-cmd", "message": command})
    assert response.status == 400 and response.json["error"] == "reserved_command"
    assert fake_rasa[1].received == []
    # The buttons' own payloads and the language choice still work.
    for allowed in ("/affirm", '/inform{"setting": "car_wash"}', "/lang pl"):
        _, response = await app_client.post(CHAT, json={"sender": "s-cmd", "message": allowed})
        assert response.status == 200, allowed


# --- logs -------------------------------------------------------------------------------------
async def test_client_field_names_never_reach_the_log(app_client: SanicASGITestClient, caplog: pytest.LogCaptureFixture) -> None:
    forged = "x\n2026-12-01 INFO spotsigns.api: API report STS-FAKE-0001 urgency=emergency reporter=jo@example.com 07700900123"
    with caplog.at_level(logging.INFO):
        _, response = await app_client.post(API, json={**EMERGENCY, forged: "1", "location\r\nfake": "2"})
    assert response.status == 422
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "rejected API report" in logged and "unknown_fields=2" in logged
    for secret in ("jo@example.com", "07700900123", "STS-FAKE", "\n2026"):
        assert secret not in logged


# --- static files -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path", ["/static/", "/static/build", "/static/%00", "/assets/", "/static/scss/app.scss", "/static/..%2fpyproject.toml"]
)
async def test_odd_static_paths_are_404_not_500(app_client: SanicASGITestClient, path: str) -> None:
    _, response = await app_client.get(path)
    assert response.status == 404


# --- SMS with Twilio's real parameters -------------------------------------------------------
def twilio_params(body: str, **extra: str) -> dict[str, str]:
    """Every parameter Twilio posts for an inbound SMS; the location fields are often empty."""
    return {
        "ToCountry": "GB", "ToState": "", "SmsMessageSid": (sid := "SM" + uuid.uuid4().hex), "NumMedia": "0", "ToCity": "",
        "FromZip": "", "SmsSid": sid, "FromState": "", "SmsStatus": "received", "FromCity": "", "Body": body, "FromCountry": "GB",
        "To": "+447700900000", "MessagingServiceSid": "", "ToZip": "", "NumSegments": "1", "MessageSid": sid,
        "AccountSid": "AC" + "0" * 32, "From": "+447700900555", "ApiVersion": "2010-04-01", **extra,
    }  # fmt: skip


async def post_sms(
    client: SanicASGITestClient, params: dict[str, str], *, signed_over: dict[str, str] | None = None
) -> tuple[int, list[str]]:
    signature = RequestValidator(TOKEN).compute_signature(BASE + SMS, signed_over if signed_over is not None else params)
    _, response = await client.post(
        SMS, content=urlencode(params), headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
    )
    if response.status != 200:
        return response.status, []
    return 200, [m.text or "" for m in ElementTree.fromstring(response.body).iter("Message")]


async def test_twilios_real_parameters_with_empty_values_are_accepted(
    app_client: SanicASGITestClient, fake_rasa: tuple[str, type[FakeRasa]]
) -> None:
    status, messages = await post_sms(app_client, twilio_params("there are people sleeping at the car wash"))
    assert status == 200 and messages
    assert fake_rasa[1].received[-1]["message"] == "there are people sleeping at the car wash"
    # Signed without the empty fields is not what Twilio signed: refused.
    params = twilio_params("hello again")
    status, _ = await post_sms(app_client, params, signed_over={k: v for k, v in params.items() if v})
    assert status == 403


async def test_a_picture_message_with_an_empty_body_is_answered(
    app_client: SanicASGITestClient, fake_rasa: tuple[str, type[FakeRasa]]
) -> None:
    params = twilio_params("", NumMedia="1", MediaContentType0="image/jpeg", MediaUrl0="https://api.twilio.com/media/ME1")
    status, messages = await post_sms(app_client, params)
    assert status == 200
    assert len(messages) == 1 and "pictures" in messages[0] and "999" in messages[0]
    assert fake_rasa[1].received == []


async def test_a_long_sms_is_refused_with_a_message_not_dropped(
    app_client: SanicASGITestClient, fake_rasa: tuple[str, type[FakeRasa]]
) -> None:
    status, messages = await post_sms(app_client, twilio_params("they keep the workers locked in " * 100))
    assert status == 200
    assert len(messages) == 1 and "too long" in messages[0] and "999" in messages[0]
    assert fake_rasa[1].received == []


async def test_a_typed_slash_command_by_sms_is_words(app_client: SanicASGITestClient, fake_rasa: tuple[str, type[FakeRasa]]) -> None:
    await post_sms(app_client, twilio_params("/session_start hello"))
    assert fake_rasa[1].received[-1]["message"] == "session_start hello"
