"""The real stack as processes: Rasa server (trained model), action server and gateway, on free
ports, with their own SQLite databases and logs in a temporary directory."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode
from xml.etree import ElementTree

import httpx
import pytest
from twilio.request_validator import RequestValidator

from spotsigns.config import Settings
from spotsigns.launcher.training import ensure_model
from spotsigns.report.pseudonym import pseudonymise
from spotsigns.storage.db import migrate
from tests.stack import isolated_settings, start_stack

STARTUP_TIMEOUT = 180
TWILIO_TOKEN = "e2e-twilio-auth-token"
PUBLIC_BASE_URL = "https://report.example.gov.uk"  # what Twilio would call; signatures are computed for it
SMS_PATH = "/webhooks/twilio/webhook"


def police_mailbox_env(smtp_port: int, police_email: str, **more: str) -> dict[str, str]:
    """The environment of a stack whose police escalations go by mail to a local SMTP server."""
    return {
        **os.environ,
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_STARTTLS": "false",
        "POLICE_EMAIL": police_email,
        "OUTBOX_POLL_SECONDS": "0.2",
        **more,
    }


def send_sms(client: httpx.Client, gateway_url: str, sender: str, body: str) -> tuple[int, list[str]]:
    """An incoming SMS as Twilio posts it, signed with twilio's own validator → (status, the
    text of each <Message> of the TwiML answer)."""
    params = {"From": sender, "To": "+447700900000", "Body": body, "MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_BASE_URL + SMS_PATH, params)
    response = client.post(
        gateway_url + SMS_PATH,
        content=urlencode(params),
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature},
    )
    if response.status_code != 200:
        return response.status_code, []
    return 200, [m.text or "" for m in ElementTree.fromstring(response.text).iter("Message")]


@dataclass
class Stack:
    url: str
    settings: Settings
    var_dir: Path
    processes: dict[str, subprocess.Popen[bytes]]

    @property
    def chat_url(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"

    @property
    def app_db(self) -> Path:
        return Path(self.settings.database_url.removeprefix("sqlite:///"))

    @property
    def tracker_db(self) -> Path:
        return Path(self.settings.tracker_database)

    def pseudonym(self, sender: str, channel: str = "web_chat") -> str:
        return pseudonymise(self.settings.pseudonym_key, channel, sender)

    def query(self, sql: str, *params: object, db: Path | None = None) -> list[tuple]:
        with sqlite3.connect(db or self.app_db) as connection:
            return connection.execute(sql, params).fetchall()

    def tracker_senders(self) -> set[str]:
        if not self.tracker_db.exists():
            return set()
        return {row[0] for row in self.query("select distinct sender_id from events", db=self.tracker_db)}

    def logs(self) -> str:
        return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in (self.var_dir / "logs").glob("*.log"))

    def chat(self, client: httpx.Client, sender: str, message: str) -> list[dict]:
        response = client.post(self.chat_url, json={"sender": sender, "message": message})
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    var_dir = tmp_path_factory.mktemp("stack") / "var"
    base = {**os.environ, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "PUBLIC_BASE_URL": PUBLIC_BASE_URL}
    settings = isolated_settings(var_dir, "e2e-test-pseudonym-key-0123456789abcdef", base=base)
    migrate(settings)
    running = start_stack(settings, ensure_model(), timeout=STARTUP_TIMEOUT)
    try:
        yield Stack(running.url, settings, var_dir, running.processes)
    finally:
        running.stop()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=60, trust_env=False) as http:
        yield http
