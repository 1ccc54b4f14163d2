"""SMS through the real gateway application: Twilio signatures (computed with twilio's own
RequestValidator), TwiML replies, numbered options, MessageSid retries, STOP/START/HELP/RESET,
and segment lengths. Rasa is a local HTTP server here (tests/peers.py); the end-to-end SMS
conversations with the real Rasa server are in tests/e2e/test_sms.py."""

from __future__ import annotations

import json
import logging
import uuid
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from sanic_testing.testing import SanicASGITestClient
from twilio.request_validator import RequestValidator

from bot.app import create_app
from bot.sms_format import choose_option, encoding, numbered, segments, split_message
from spotsigns.config import Settings
from spotsigns.storage.db import migrate
from tests.peers import FakeRasa

TOKEN = "twilio-auth-token-for-tests"
BASE = "https://report.example.gov.uk"
PATH = "/webhooks/twilio/webhook"
PHONE = "+447700900777"


@pytest.fixture
def sms(settings: Settings, fake_rasa: tuple[str, type[FakeRasa]]) -> SanicASGITestClient:
    url, _ = fake_rasa
    migrate(settings)
    configured = Settings.load({**settings.env, "RASA_URL": url, "TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE})
    return create_app(configured, name=f"sms_{uuid.uuid4().hex}").asgi_client


def sid() -> str:
    return "SM" + uuid.uuid4().hex


def form(body: str, message_sid: str | None = None, sender: str = PHONE) -> dict[str, str]:
    return {
        "From": sender,
        "To": "+447700900000",
        "Body": body,
        "MessageSid": message_sid or sid(),
        "AccountSid": "AC" + "0" * 32,
        "NumMedia": "0",
    }


async def post(client: SanicASGITestClient, params: dict[str, str], signature: str | None = "valid") -> tuple[int, list[str]]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature == "valid":
        headers["X-Twilio-Signature"] = RequestValidator(TOKEN).compute_signature(BASE + PATH, params)
    elif signature is not None:
        headers["X-Twilio-Signature"] = signature
    _, response = await client.post(PATH, content=urlencode(params), headers=headers)
    if response.status != 200:
        return response.status, []
    assert response.headers["content-type"].startswith("application/xml")
    return 200, [m.text or "" for m in ElementTree.fromstring(response.body).iter("Message")]


def answer(handler: type[FakeRasa], *messages: dict) -> None:
    handler.status = 200
    handler.answer = json.dumps([{"recipient_id": "p", **m} for m in messages]).encode()


async def test_a_signed_message_gets_twiml_and_rasa_sees_only_a_pseudonym(
    sms: SanicASGITestClient, fake_rasa: tuple[str, type[FakeRasa]], caplog: pytest.LogCaptureFixture
) -> None:
    _, handler = fake_rasa
    answer(handler, {"text": "Hello. Is anyone in danger right now?"})
    with caplog.at_level(logging.DEBUG):
        status, messages = await post(sms, form("hello"))
    assert status == 200
    assert "Hello. Is anyone in danger right now?" in messages[0]
    assert "Delete these messages" in messages[0]  # the first reply says how to stay safe
    assert "999" in messages[0]
    sent = handler.received[0]
    assert sent["sender"].startswith("p-") and sent["metadata"]["channel"] == "sms"
    assert "7700900777" not in json.dumps(handler.received)
    assert "7700900777" not in caplog.text


@pytest.mark.parametrize("signature", [None, "bm90IGEgc2lnbmF0dXJl", "forged"])
async def test_a_missing_or_forged_signature_is_403_and_reaches_nothing(
    sms: SanicASGITestClient, fake_rasa: tuple[str, type[FakeRasa]], signature: str | None
) -> None:
    _, handler = fake_rasa
    params = form("hello")
    if signature == "forged":  # signed for another body
        signature = RequestValidator(TOKEN).compute_signature(BASE + PATH, {**params, "Body": "something else"})
    status, _ = await post(sms, params, signature)
    assert status == 403
    assert handler.received == []


async def test_a_twilio_retry_gets_the_same_answer_without_a_second_turn(
    sms: SanicASGITestClient, fake_rasa: tuple[str, type[FakeRasa]]
) -> None:
    _, handler = fake_rasa
    answer(handler, {"text": "First answer"})
    params = form("hello")
    _, first = await post(sms, params)
    answer(handler, {"text": "A different answer"})
    _, again = await post(sms, params)
    assert first == again
    assert len(handler.received) == 1


async def test_buttons_become_numbered_options_and_numbers_choose_them(
    sms: SanicASGITestClient, fake_rasa: tuple[str, type[FakeRasa]]
) -> None:
    _, handler = fake_rasa
    buttons = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}, {"title": "Not sure", "payload": "/unsure"}]
    answer(handler, {"text": "Is anyone in immediate danger right now?", "buttons": buttons})
    _, messages = await post(sms, form("I want to report a car wash"))
    assert "1 Yes\n2 No\n3 Not sure\nReply with a number" in messages[0]
    answer(handler, {"text": "Are you telling us about your own situation?", "buttons": buttons[:2]})
    await post(sms, form("2"))
    assert handler.received[-1]["message"] == "/deny"
    await post(sms, form("yes"))  # the title typed out works too
    assert handler.received[-1]["message"] == "/affirm"
    await post(sms, form("9"))  # not an option: passed on as typed
    assert handler.received[-1]["message"] == "9"


async def test_stop_start_help_and_reset(sms: SanicASGITestClient, fake_rasa: tuple[str, type[FakeRasa]]) -> None:
    _, handler = fake_rasa
    answer(handler, {"text": "Hello"})
    _, messages = await post(sms, form("STOP"))
    assert "not get any more messages" in messages[0]
    assert handler.received == []
    _, messages = await post(sms, form("are you there"))
    assert messages == []  # opted out: no reply at all
    assert handler.received == []
    _, messages = await post(sms, form("start"))
    assert "again" in messages[0]
    assert handler.received[-1]["message"] == "/greet"
    received = len(handler.received)
    _, messages = await post(sms, form("Help"))
    assert "999" in messages[0] and "08000 121 700" in messages[0]
    assert len(handler.received) == received  # HELP is answered by the gateway
    await post(sms, form("RESET"))
    assert [m["message"] for m in handler.received[-2:]] == ["/restart", "/greet"]


async def test_long_replies_are_split_into_messages_of_at_most_two_segments(
    sms: SanicASGITestClient, fake_rasa: tuple[str, type[FakeRasa]]
) -> None:
    _, handler = fake_rasa
    long_text = "\n".join(f"• Sign number {i}: something a resident might notice at the place." for i in range(12))
    answer(handler, {"text": long_text})
    _, messages = await post(sms, form("what are the signs"))
    assert len(messages) > 1
    assert all(segments(m) <= 2 for m in messages)
    assert "".join(messages).count("Sign number") == 12


async def test_sms_is_503_when_twilio_is_not_configured(settings: Settings) -> None:
    migrate(settings)
    client = create_app(settings, name=f"sms_off_{uuid.uuid4().hex}").asgi_client
    _, response = await client.post(PATH, content=urlencode(form("hi")), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status == 503


# --- the SMS format itself ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "gsm7", "parts"),
    [
        ("a" * 160, True, 1), ("a" * 161, True, 2), ("a" * 306, True, 2), ("a" * 307, True, 3),
        ("{" * 80, True, 1), ("{" * 81, True, 2),  # extension characters count twice
        ("ą" * 70, False, 1), ("ą" * 71, False, 2), ("ą" * 134, False, 2), ("ą" * 135, False, 3),
        ("Cứu tôi", False, 1), ("مساعدة", False, 1),
    ],
)  # fmt: skip
def test_segment_counting(text: str, gsm7: bool, parts: int) -> None:
    assert encoding(text).gsm7 is gsm7
    assert segments(text) == parts


def test_curly_quotes_do_not_force_ucs2() -> None:
    (message,) = split_message("It\u2019s \u201cfine\u201d \u2014 really")
    assert encoding(message).gsm7


def test_numbered_and_choice() -> None:
    options = [{"title": "Tak", "payload": "/affirm"}, {"title": "Nie wiem", "payload": "/unsure"}]
    assert numbered("Czy?", ["Tak", "Nie wiem"], "Odpowiedz numerem.") == "Czy?\n1 Tak\n2 Nie wiem\nOdpowiedz numerem."
    assert choose_option("2.", options) == "/unsure"
    assert choose_option("NIE WIEM", options) == "/unsure"
    assert choose_option("3", options) is None


def test_a_lone_option_is_not_numbered_so_a_number_is_the_answer() -> None:
    # "How many people?" with one option ("Don't know"): "1" once picked "Don't know" (issue 10).
    options = [{"title": "Don't know", "payload": "/unsure"}]
    assert numbered("Roughly how many people?", ["Don't know"], "Reply with a number.") == "Roughly how many people?\n(Don't know)"
    assert choose_option("1", options) is None
    assert choose_option("don't know", options) == "/unsure"
    assert choose_option("2", [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]) == "/deny"
