"""The gateway against a local HTTP server standing in for a broken Rasa: an empty `[]`
answer (what Rasa's REST channel returns when something inside it fails), an HTTP error and a
closed port all give the reporter the 999 advice and helpline, and a log line without the
message or the sender."""

from __future__ import annotations

import json
import logging
import re

import pytest
from sanic import Sanic
from sanic_testing.testing import SanicASGITestClient
from sqlalchemy import func, select

from bot.app import create_app
from spotsigns.config import Settings
from spotsigns.report.pseudonym import pseudonymise
from spotsigns.storage.db import migrate
from spotsigns.storage.models import OutboxMessage, Tip
from spotsigns.storage.store import build_tip_store
from tests.peers import FakeRasa


def gateway(settings: Settings, rasa_url: str, name: str) -> SanicASGITestClient:
    migrate(settings)
    app: Sanic = create_app(Settings.load({**settings.env, "RASA_URL": rasa_url}), name=name)
    return app.asgi_client


@pytest.mark.parametrize(("status", "answer"), [(200, b"[]"), (500, b'{"error": "boom"}'), (200, b"not json")])
async def test_a_failed_rasa_turn_still_gives_999_advice(
    settings: Settings, fake_rasa: tuple[str, type[FakeRasa]], caplog: pytest.LogCaptureFixture, status: int, answer: bytes
) -> None:
    url, handler = fake_rasa
    handler.status, handler.answer = status, answer
    client = gateway(settings, url, f"gw_fail_{status}_{len(answer)}")
    with caplog.at_level(logging.INFO):
        _, response = await client.post(
            "/webhooks/rest/webhook", json={"sender": "secret-session-77", "message": "nobody gets paid at the car wash on 4 Elm Road"}
        )
    assert response.status == 503
    reply = response.json
    assert reply[0]["recipient_id"] == "secret-session-77"
    assert "call 999" in reply[0]["text"]
    assert "08000 121 700" in reply[0]["text"]
    # Rasa got the pseudonym, never the session id; the log names the failure, nothing else.
    assert handler.received[0]["sender"].startswith("p-")
    assert handler.received[0]["metadata"]["channel"] == "web_chat"
    assert "secret-session-77" not in json.dumps(handler.received)
    assert "turn failed" in caplog.text
    assert "secret-session-77" not in caplog.text
    assert "Elm Road" not in caplog.text


async def test_an_emergency_said_while_rasa_is_down_still_reaches_the_police_queue(settings: Settings) -> None:
    client = gateway(settings, "http://127.0.0.1:9", "gw_failsafe")  # nothing listens on port 9
    said = "they are beating a man in the back of the car wash, please hurry"
    _, first = await client.post("/webhooks/rest/webhook", json={"sender": "s-42", "message": said})
    assert first.status == 503
    reference = re.search(r"STS-[0-9A-Z]{4}-[0-9A-Z]{4}", first.json[0]["text"]).group(0)
    assert "call 999" in first.json[0]["text"]
    assert "where this is happening" in first.json[1]["text"]  # the place is asked for at once
    # More from the same reporter while Rasa is still down goes into the same tip, and to police:
    # the answer to "where?" as the place, the rest as description.
    for more in ("4 Elm Road, behind the Tesco", "he is bleeding"):
        _, response = await client.post("/webhooks/rest/webhook", json={"sender": "s-42", "message": more})
        assert reference in response.json[0]["text"] and len(response.json) == 1

    store = build_tip_store(settings)
    tip = store.get(reference)
    assert (tip.urgency, tip.channel, tip.is_complete) == ("emergency", "web_chat", False)
    assert tip.reporter_pseudonym == pseudonymise(settings.pseudonym_key, "web_chat", "s-42")
    assert tip.location == "4 Elm Road, behind the Tesco"
    assert tip.description == f"{said}\nhe is bleeding"
    with store.sessions() as session:
        kinds = session.scalars(select(OutboxMessage.kind).where(OutboxMessage.tip_id == tip.id)).all()
        tips = session.scalar(select(func.count()).select_from(Tip))
    store.close()
    assert kinds == ["police_escalation", "police_update", "police_update"] and tips == 1


@pytest.mark.parametrize("message", ["hello", "the car wash on Elm Road", "nobody seemed hurt", "/affirm"])
async def test_without_rasa_other_messages_make_no_tip(settings: Settings, message: str) -> None:
    client = gateway(settings, "http://127.0.0.1:9", f"gw_no_failsafe_{abs(hash(message))}")
    _, response = await client.post("/webhooks/rest/webhook", json={"sender": "s-43", "message": message})
    assert response.status == 503
    assert "has not been sent" in response.json[0]["text"] and "call 999" in response.json[0]["text"]
    store = build_tip_store(settings)
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Tip)) == 0
    store.close()


async def test_rasa_down_is_a_failure_too(settings: Settings) -> None:
    client = gateway(settings, "http://127.0.0.1:9", "gw_down")  # nothing listens on port 9
    _, response = await client.post("/webhooks/rest/webhook", json={"sender": "s-1", "message": "hello"})
    assert response.status == 503
    assert "call 999" in response.json[0]["text"]


async def test_replies_are_passed_on_with_the_clients_own_id(settings: Settings, fake_rasa: tuple[str, type[FakeRasa]]) -> None:
    url, handler = fake_rasa
    handler.status = 200
    handler.answer = json.dumps(
        [
            {"recipient_id": "p-xyz", "text": "Where is it?", "buttons": [{"title": "Skip", "payload": "/skip"}]},
            {"recipient_id": "p-xyz", "custom": {"expect": "contact"}},
        ]
    ).encode()
    client = gateway(settings, url, "gw_ok")
    _, response = await client.post("/webhooks/rest/webhook", json={"sender": "client-1", "message": "hi"})
    assert response.status == 200
    assert response.json == [{"recipient_id": "client-1", "text": "Where is it?", "buttons": [{"title": "Skip", "payload": "/skip"}]}]
    # The next message is contact details: captured and replaced before Rasa sees it.
    _, response = await client.post("/webhooks/rest/webhook", json={"sender": "client-1", "message": "07700 900999 any time"})
    assert handler.received[-1]["message"] == "(contact details provided)"
    assert "07700" not in json.dumps(handler.received)


async def test_a_language_is_sent_only_when_clear(settings: Settings, fake_rasa: tuple[str, type[FakeRasa]]) -> None:
    url, handler = fake_rasa
    handler.status, handler.answer = 200, b'[{"recipient_id": "p", "text": "ok"}]'
    client = gateway(settings, url, "gw_lang")
    await client.post("/webhooks/rest/webhook", json={"sender": "c", "message": "ok"})
    await client.post(
        "/webhooks/rest/webhook",
        json={"sender": "c", "message": "Chcę zgłosić myjnię samochodową, pracownicy wyglądają na przestraszonych"},
    )
    assert "language" not in handler.received[0]["metadata"]
    assert handler.received[1]["metadata"]["language"] == "pl"


async def test_security_headers(settings: Settings, fake_rasa: tuple[str, type[FakeRasa]]) -> None:
    url, _ = fake_rasa
    client = gateway(settings, url, "gw_headers")
    _, response = await client.get("/healthz")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def test_contact_details_typed_at_the_consent_question_never_reach_rasa(
    settings: Settings, fake_rasa: tuple[str, type[FakeRasa]]
) -> None:
    url, handler = fake_rasa
    handler.status = 200
    handler.answer = json.dumps([{"recipient_id": "p", "text": "Can someone contact you?", "custom": {"expect": "consent"}}]).encode()
    client = gateway(settings, url, "gw_consent")
    await client.post("/webhooks/rest/webhook", json={"sender": "consent-1", "message": "hi"})
    await client.post("/webhooks/rest/webhook", json={"sender": "consent-1", "message": "yes, call me on 07700 900123 after 6"})
    assert handler.received[-1]["message"] == "yes, call me on (contact details provided) after 6", handler.received
    assert "07700" not in json.dumps(handler.received)
    store = build_tip_store(settings)
    with store.sessions() as session:
        from spotsigns.storage.models import PendingContact

        assert session.scalar(select(func.count()).select_from(PendingContact)) == 1
    store.close()
    # Any later message too (issue 10): a number typed into the description never reaches Rasa.
    handler.answer = b'[{"recipient_id": "p", "text": "Anything else?"}]'
    await client.post("/webhooks/rest/webhook", json={"sender": "consent-1", "message": "no"})
    await client.post("/webhooks/rest/webhook", json={"sender": "consent-1", "message": "the boss's number is 07700 900456"})
    assert handler.received[-1]["message"] == "the boss's number is (contact details provided)"
    assert "900456" not in json.dumps(handler.received)
