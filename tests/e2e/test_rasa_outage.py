"""Rasa crashes in the middle of an SMS conversation (SPEC §6: no tip lost, every emergency
reaches the police, also when Rasa restarts mid-way). The real stack plus an outbox worker and
a real SMTP server as the police mailbox; Rasa is killed with SIGKILL and started again."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from email.message import Message

import httpx
import pytest

from spotsigns.launcher.training import ensure_model
from spotsigns.report.pseudonym import pseudonymise
from spotsigns.storage.db import migrate
from tests.delivery.sinks import SmtpSink
from tests.e2e.conftest import STARTUP_TIMEOUT, police_mailbox_env, send_sms
from tests.stack import RunningStack, isolated_settings, start_stack

pytestmark = pytest.mark.e2e
POLICE = "duty@police.example"
REFERENCE = re.compile(r"STS-[0-9A-Z]{4}-[0-9A-Z]{4}")


@pytest.fixture(scope="module")
def police() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory, police: SmtpSink) -> Iterator[RunningStack]:
    var_dir = tmp_path_factory.mktemp("outage") / "var"
    base = police_mailbox_env(police.port, POLICE)
    settings = isolated_settings(var_dir, "e2e-outage-pseudonym-key-0123456789abcdef", base=base)
    migrate(settings)
    stack = start_stack(settings, ensure_model(), timeout=STARTUP_TIMEOUT, with_outbox=True)
    yield stack
    stack.stop()


def sms(stack: RunningStack, sender: str, body: str) -> tuple[int, str]:
    with httpx.Client(timeout=60, trust_env=False) as client:
        status, messages = send_sms(client, stack.url, sender, body)
    return status, " ".join(" ".join(messages).split())


def police_mail(sink: SmtpSink, reference: str, count: int) -> list[Message]:
    assert sink.wait_for(count, timeout=30), [m["Subject"] for m in sink.messages]
    return [m for m in sink.messages if reference in (m["Subject"] or "")]


def test_an_emergency_sent_while_rasa_is_down_reaches_the_police_and_the_conversation_resumes(
    running: RunningStack, police: SmtpSink
) -> None:
    phone = "+447700900777"
    status, reply = sms(running, phone, "Hello, I want to report a car wash")
    assert status == 200 and "immediate danger" in reply

    running.kill("rasa")
    status, reply = sms(running, phone, "Please help, they have locked a boy in the van at the car wash and he is screaming")
    assert status == 200
    reference = REFERENCE.search(reply).group(0)
    assert "passed your message to the police" in reply and "999" in reply

    # The police mailbox gets the escalation from the outbox worker, then the address as an update.
    mails = police_mail(police, reference, 1)
    assert "locked a boy in the van" in mails[0].get_payload(decode=True).decode()
    status, reply = sms(running, phone, "Sparkle car wash, 14 Station Road")
    assert status == 200 and reference in reply
    mails = police_mail(police, reference, 2)
    assert "14 Station Road" in mails[-1].get_payload(decode=True).decode()

    # Rasa comes back with the conversation where it was (its tracker store survived the crash).
    running.start("rasa")
    running.wait_ready(STARTUP_TIMEOUT)
    status, reply = sms(running, phone, "2")
    assert status == 200 and "not working" not in reply and reply

    digits = "7700900777"
    settings = running.settings
    for path in (settings.database_url.removeprefix("sqlite:///"), settings.tracker_database):
        with open(path, "rb") as database:
            assert digits.encode() not in database.read()
    for log in running.logs.glob("*.log"):
        assert digits not in log.read_text(errors="replace"), log.name


def chat(stack: RunningStack, sender: str, message: str) -> tuple[int, str]:
    with httpx.Client(timeout=60, trust_env=False) as client:
        response = client.post(f"{stack.url}/webhooks/rest/webhook", json={"sender": sender, "message": message})
    return response.status_code, " ".join(m.get("text", "") for m in response.json())


def test_after_the_action_server_fails_the_address_goes_to_the_same_emergency_tip_and_to_police(
    running: RunningStack, police: SmtpSink
) -> None:
    """What was seen: the failsafe escalated the emergency, but the address given moments later
    went into a second, `low` tip that police never got. One conversation must be one tip."""
    sender = "browser-session-action-outage"
    for message in ("/report_concern", "/deny"):  # reporting; nobody in danger (yet)
        status, _ = chat(running, sender, message)
        assert status == 200
    running.children["action-server"].kill_group()  # down, its worker process included
    status, reply = chat(running, sender, "please help, they are beating a boy in the van and he is screaming")
    assert status == 503
    reference = REFERENCE.search(reply).group(0)
    assert "999" in reply and "where this is happening" in reply
    police_mail(police, reference, len(police.messages) + 1)

    running.start("action-server")
    running.wait_ready(STARTUP_TIMEOUT)
    before = len(police.messages)
    status, reply = chat(running, sender, "Sparkle car wash, 14 Station Road")
    assert status == 200 and reference in reply
    mails = police_mail(police, reference, before + 1)
    assert "14 Station Road" in mails[-1].get_payload(decode=True).decode()

    pseudonym = pseudonymise(running.settings.pseudonym_key, "web_chat", sender)
    with sqlite3.connect(running.settings.database_url.removeprefix("sqlite:///")) as db:
        rows = db.execute("select reference, urgency, location from tips where reporter_pseudonym = ?", (pseudonym,)).fetchall()
    assert rows == [(reference, "emergency", "Sparkle car wash, 14 Station Road")]
