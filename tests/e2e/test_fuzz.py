"""Hostile and malformed traffic against a real gateway process: nothing a client sends may
make it answer 5xx (the one exception: the chat's documented 503 while Rasa is failing) or
fall over.

The gateway runs as `python -m spotsigns gateway` with its own SQLite database; a small
stand-in answers like Rasa's REST channel (and like the action server's /health), so no
trained model is needed. Then:

- schemathesis generates requests from the gateway's own /api/openapi.json (valid and invalid
  data) and checks that no answer is a server error and every answer is documented (status,
  content type, headers, body schema);
- hypothesis drives what the document does not cover: the signed and unsigned Twilio webhook,
  paths under /static/ and /assets/ (traversal, NULs, odd percent-encodings), odd query
  strings, odd methods, and raw malformed HTTP over a socket;
- known hostile inputs are sent once each (deep JSON, lone surrogates, wrong media types,
  foreign origins, Rasa commands, directories under /static/).

Runs are derandomised (the same examples every time) and bounded: about a minute in all.
Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlencode
from xml.etree import ElementTree

import httpx
import jsonschema_rs
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from twilio.request_validator import RequestValidator

from bot.openapi import OPENAPI_PATH, openapi_document
from spotsigns.config import REPO_ROOT, Settings
from spotsigns.launcher.services import gateway_command, service_env
from spotsigns.storage.db import migrate
from tests.e2e.conftest import PUBLIC_BASE_URL, SMS_PATH, TWILIO_TOKEN
from tests.stack import isolated_settings, wait_until_ready

pytestmark = pytest.mark.e2e

STARTUP_TIMEOUT = 60
FOREIGN_ORIGIN = "https://evil.example"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance, response_schema_conformance]
# Bounded, reproducible runs: the same examples on every run and in CI; no example database;
# no shrinking (a failing example is reported as found, which keeps a failing run short too).
BOUNDED = {
    "derandomize": True,
    "database": None,
    "deadline": None,
    "phases": (Phase.explicit, Phase.generate),
    "suppress_health_check": list(HealthCheck),
}
LEAKED_FILES = (b"[build-system]", b"def create_app", b"root:x:0:0", b"PSEUDONYM_KEY")  # pyproject.toml, bot/app.py, /etc/passwd, .env


# --- a stand-in for Rasa's REST channel and the action server ------------------------------


class StandIn(BaseHTTPRequestHandler):
    """Answers like Rasa's REST channel (`POST /webhooks/rest/webhook`) and, for GET, like a
    ready Rasa (`/`) and action server (`/health`). `mode` makes it fail on purpose."""

    mode: ClassVar[str] = "ok"  # ok | error (HTTP 500) | empty ([]) | garbage (not JSON) | down (GET 503 too)
    protocol_version = "HTTP/1.1"

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._send(503 if self.mode == "down" else 200, b'{"status": "ok"}')

    def do_POST(self) -> None:
        data = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        mode = type(self).mode
        if mode in ("error", "down"):
            self._send(500, b'{"error": "boom"}')
        elif mode == "empty":
            self._send(200, b"[]")
        elif mode == "garbage":
            self._send(200, b"<html>")
        else:
            answer = [
                {"recipient_id": data.get("sender"), "text": "ok", "buttons": [{"title": "Yes", "payload": "/affirm"}]},
                {"recipient_id": data.get("sender"), "image": "https://example.org/a.png"},
            ]
            self._send(200, json.dumps(answer).encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def stand_in() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def rasa_mode() -> Iterator[type[StandIn]]:
    """Change StandIn.mode inside a test; it is "ok" again afterwards."""
    yield StandIn
    StandIn.mode = "ok"


# --- the gateway as a process ---------------------------------------------------------------


@dataclass
class Gateway:
    url: str
    port: int
    settings: Settings
    process: subprocess.Popen[bytes]
    log: Path

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory, stand_in: str) -> Iterator[Gateway]:
    var_dir = tmp_path_factory.mktemp("fuzz") / "var"
    base = {"TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "PUBLIC_BASE_URL": PUBLIC_BASE_URL}
    isolated = isolated_settings(var_dir, "fuzz-test-pseudonym-key-0123456789abcdef", base=base)
    settings_ = Settings.load({**isolated.env, "RASA_URL": stand_in, "ACTION_SERVER_URL": stand_in, "RASA_TIMEOUT_SECONDS": "5"})
    migrate(settings_)
    log = var_dir / "logs" / "gateway.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as handle:
        process = subprocess.Popen(
            gateway_command(settings_), cwd=REPO_ROOT, env=service_env(settings_), stdout=handle, stderr=subprocess.STDOUT
        )
    running = Gateway(f"http://127.0.0.1:{settings_.port}", settings_.port, settings_, process, log)
    try:

        def check_alive() -> None:
            if not running.alive():
                raise RuntimeError(f"the gateway exited with {process.returncode}:\n{running.log_tail()}")

        wait_until_ready(running.url, STARTUP_TIMEOUT, check_alive, what="the gateway", poll=0.2)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30, trust_env=False) as http:
        yield http


@pytest.fixture(scope="module")
def document(gateway: Gateway, client: httpx.Client) -> dict[str, Any]:
    response = client.get(gateway.url + OPENAPI_PATH)
    assert response.status_code == 200, response.text
    return response.json()


def schema_of(document: dict[str, Any], name: str) -> jsonschema_rs.Validator:
    return jsonschema_rs.Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": document["components"]})


def assert_documented(document: dict[str, Any], path: str, response: httpx.Response, what: str = "") -> None:
    """The answer has a status the document lists for this operation, and a body of the
    documented shape (valid Unicode: no lone surrogate echoed back)."""
    responses = document["paths"][path][response.request.method.lower()]["responses"]
    assert str(response.status_code) in responses, f"{what} → {response.status_code}, not documented for {path}: {response.text[:300]}"
    content = responses[str(response.status_code)].get("content")
    if content:
        body = response.json()
        try:
            json.dumps(body, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            pytest.fail(f"{what} → the answer carries invalid Unicode (a lone surrogate): {response.text[:300]}")
        schema = jsonschema_rs.Draft202012Validator({**content["application/json"]["schema"], "components": document["components"]})
        errors = [error.message for error in schema.iter_errors(body)]
        assert not errors, f"{what} → {response.status_code} {response.text[:300]} does not match the document: {errors}"


def no_server_error(response: httpx.Response, what: str = "") -> None:
    assert response.status_code < 500, (
        f"{response.request.method} {response.request.url} {what} → {response.status_code}: {response.text[:300]}"
    )


# --- raw HTTP over a socket ---------------------------------------------------------------


def raw_status(port: int, data: bytes, *, timeout: float = 1.0) -> int | None:
    """Send bytes as they are; the status code of the answer, or None when the server closes
    the connection (or says nothing within `timeout`, e.g. while it waits for a promised body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        with contextlib.suppress(OSError):  # the server may close before reading everything (a too-long line)
            sock.sendall(data)
        received = b""
        try:
            while b"\r\n" not in received and len(received) < 65536:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                received += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    if not received:
        return None
    parts = received.split(b"\r\n", 1)[0].split(b" ", 2)
    assert len(parts) >= 2 and parts[0].startswith(b"HTTP/") and parts[1].isdigit(), f"not an HTTP answer: {received[:200]!r}"
    return int(parts[1])


def raw_get(port: int, target: bytes, method: bytes = b"GET", headers: bytes = b"") -> bytes:
    return method + b" " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + b"\r\n"


def assert_raw_ok(gateway: Gateway, data: bytes) -> None:
    status = raw_status(gateway.port, data)
    assert status is None or status < 500, f"{data[:200]!r} → {status}"
    assert gateway.alive(), f"the gateway died on {data[:200]!r}:\n{gateway.log_tail()}"


# === (a) schemathesis against the served OpenAPI document ===================================

# Per operation: how many examples (valid and invalid data mixed; the endpoints without input
# are exhausted after a few), and the answers the run must have seen, so that it cannot pass by
# never reaching the handler. (Schemathesis leaves out the document's own endpoint.)
SCHEMATHESIS_RUNS = {
    "POST /api/reports": (400, {201, 422}),
    "OPTIONS /api/reports": (30, {403}),
    "POST /webhooks/rest/webhook": (400, {200, 400}),
    "OPTIONS /webhooks/rest/webhook": (30, {403}),
    "GET /healthz": (3, {200}),
    "GET /readyz": (3, {200}),
}


@pytest.fixture(scope="module")
def api_schema(gateway: Gateway, document: dict[str, Any]) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(gateway.url + OPENAPI_PATH, timeout=10, proxies={"http": "", "https": ""})


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as http:
        http.trust_env = False  # never through a proxy: 127.0.0.1 only
        yield http


@pytest.mark.parametrize("label", list(SCHEMATHESIS_RUNS))
def test_documented_operations_conform_and_never_fail(
    label: str, gateway: Gateway, api_schema: schemathesis.BaseSchema, session: requests.Session
) -> None:
    operations = {result.ok().label: result.ok() for result in api_schema.get_all_operations()}
    assert set(operations) == set(SCHEMATHESIS_RUNS), "the document's operations changed: update SCHEMATHESIS_RUNS"
    operation = operations[label]
    examples, must_see = SCHEMATHESIS_RUNS[label]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))
    seen: Counter[int] = Counter()

    @settings(max_examples=examples, **BOUNDED)
    @given(case=cases)
    def run(case: schemathesis.Case) -> None:
        response = case.call(base_url=gateway.url, session=session, timeout=30)
        seen[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    run()
    assert gateway.alive(), gateway.log_tail()
    assert must_see <= set(seen), f"answers seen: {dict(seen)}"


# === (b) what the document does not cover ====================================================

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)  # form encoding cannot carry lone surrogates
HEX32 = st.text("0123456789abcdef", min_size=32, max_size=32)
TWILIO_SID = re.compile(r"^[A-Z]{2}[0-9a-f]{32}$")
PLAIN_QUERY = re.compile(r"^([a-z0-9]+=[a-z0-9]*(&[a-z0-9]+=[a-z0-9]*)*)?$")
TWILIO_KEYS = st.one_of(
    st.sampled_from(["From", "To", "Body", "MessageSid", "SmsSid", "AccountSid", "NumMedia", "MediaUrl0", "MessagingServiceSid"]),
    st.text(min_size=1, max_size=12),
)
ODD_QUERY = st.one_of(
    st.just(""),
    st.sampled_from(
        ["a", "%", "%zz", "%ff%fe", "%00", "=", "&&&", "a=1&a=2", "lang=xx", "lang=%00", "lang=" + "x" * 3000, "x[]=1", "%C0%AF"]
    ),
    st.binary(max_size=24).map(lambda b: "".join(f"%{x:02X}" for x in b)),
    st.text("abcxyz=&%;+/?:@!$'()*,-._~0123456789", max_size=40),
    st.sampled_from(["lang=pl", "a=1&b=2", "x="]),
)


def sign(params: dict[str, str], query: str) -> str:
    url = PUBLIC_BASE_URL + SMS_PATH + (f"?{query}" if query else "")
    return RequestValidator(TWILIO_TOKEN).compute_signature(url, params)


@settings(max_examples=300, **BOUNDED)
@given(
    params=st.dictionaries(TWILIO_KEYS, TEXT, max_size=8),
    sender=st.one_of(st.none(), st.just("+447700900123"), TEXT),
    sid=st.one_of(st.none(), HEX32.map(lambda h: "SM" + h), TEXT),
    signed=st.sampled_from(["correct", "none", "wrong"]),
    query=ODD_QUERY,
    multipart=st.booleans(),
)
def test_twilio_webhook_never_fails(
    gateway: Gateway,
    client: httpx.Client,
    params: dict[str, str],
    sender: str | None,
    sid: str | None,
    signed: str,
    query: str,
    multipart: bool,
) -> None:
    if sender is not None:
        params["From"] = sender
    if sid is not None:
        params["MessageSid"] = sid
    headers: dict[str, str] = {}
    if signed == "correct":
        headers["X-Twilio-Signature"] = sign(params, query)
    elif signed == "wrong":
        headers["X-Twilio-Signature"] = "AAAA" + sign(params, query)[4:]
    url = gateway.url + SMS_PATH + (f"?{query}" if query else "")
    if multipart:
        response = client.post(url, files={k: (None, v) for k, v in params.items()}, headers=headers)
    else:
        response = client.post(url, content=urlencode(params), headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
    no_server_error(response, f"params={params!r} signed={signed} query={query!r} multipart={multipart}")
    if signed != "correct":
        assert response.status_code == 403
    elif not multipart and params.get("From") and TWILIO_SID.match(params.get("MessageSid", "")) and PLAIN_QUERY.match(query):
        # What Twilio sends: every signed field counts, empty ones (FromCity=) included.
        assert response.status_code == 200, f"params={params!r} query={query!r} → {response.status_code} {response.text[:200]}"
        ElementTree.fromstring(response.text)  # TwiML
    elif response.status_code == 200:
        ElementTree.fromstring(response.text)


def test_a_signed_sms_as_twilio_sends_it_with_blank_fields(gateway: Gateway, client: httpx.Client) -> None:
    sid = "SM" + "b" * 32
    params = {
        "ToCountry": "GB", "ToState": "", "SmsMessageSid": sid, "NumMedia": "0", "ToCity": "", "FromZip": "", "SmsSid": sid,
        "FromState": "", "SmsStatus": "received", "FromCity": "", "Body": "hello", "FromCountry": "GB", "To": "+447700900000",
        "ToZip": "", "NumSegments": "1", "MessageSid": sid, "AccountSid": "AC" + "0" * 32, "From": "+447700900555",
        "ApiVersion": "2010-04-01",
    }  # fmt: skip
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sign(params, "")}
    response = client.post(gateway.url + SMS_PATH, content=urlencode(params), headers=headers)
    assert response.status_code == 200, response.text
    assert [m.text for m in ElementTree.fromstring(response.text).iter("Message")]


def test_a_signed_sms_with_undecodable_bytes_is_not_a_server_error(gateway: Gateway, client: httpx.Client) -> None:
    # Percent-encoded bytes that are not UTF-8 decode to U+FFFD; raw bytes make the form empty.
    sid = "SM" + "e" * 32
    for body, params in [
        (
            b"From=%2B447700900124&MessageSid=" + sid.encode() + b"&Body=%FF%FE%C0",
            {"From": "+447700900124", "MessageSid": sid, "Body": "\ufffd\ufffd\ufffd"},
        ),
        (b"From=%2B447700900124&MessageSid=" + sid.encode() + b"&Body=\xff\xfe", {}),
    ]:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sign(params, "")}
        no_server_error(client.post(gateway.url + SMS_PATH, content=body, headers=headers), repr(body))


STATIC_PATHS = [
    "/static/", "/static", "/static/build", "/static/build/", "/static/scss", "/static/%00", "/static/%00.js", "/static/chat.js%00.png",
    "/static/..", "/static/../", "/static/../bot/app.py", "/static/../../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%2f..%2fpyproject.toml", "/static/..%5c..%5cpyproject.toml", "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/pyproject.toml",
    "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/%ff", "/static/%", "/static/%zz", "/static/chat.js/", "/static/chat.js/x",
    "/static/govuk/govuk-frontend.min.js/x", "/static/govuk/", "/static/" + "a" * 300, "/static/" + "a/" * 200,
    "/assets", "/assets/", "/assets/%00", "/assets/images", "/assets/fonts/", "/assets/../../../../pyproject.toml",
    "/assets/..%2f..%2f..%2f..%2fpackage.json", "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/assets/manifest.json%00",
]  # fmt: skip
SEGMENT_WORDS = [
    "", ".", "..", "%2e%2e", "%2E%2e", "%2f", "%5c", "%00", "%", "%G0", "%ff", "%c0%af", "build", "scss", "govuk", "images",
    "fonts", "chat.js", "init.js", "favicon.svg", "manifest.json", ";", "\\", "%20", "~", "*", "$", "'", "..;", "%3f", "%23",
]  # fmt: skip
SEGMENT = st.one_of(
    st.sampled_from(SEGMENT_WORDS),
    st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@", max_size=12),
    st.binary(min_size=1, max_size=6).map(lambda b: "".join(f"%{x:02X}" for x in b)),
    st.text(st.characters(min_codepoint=0xA0, exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1, max_size=4),
)


def assert_static(gateway: Gateway, target: bytes) -> None:
    """A path under /static/ or /assets/, sent byte for byte: never 5xx, never a file from outside."""
    with socket.create_connection(("127.0.0.1", gateway.port), timeout=5) as sock:
        sock.sendall(raw_get(gateway.port, target))
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    assert received.startswith(b"HTTP/1.1 "), f"{target!r}: {received[:100]!r}"
    status = int(received[9:12])
    assert status < 500, f"GET {target!r} → {status}: {received[:400]!r}"
    for marker in LEAKED_FILES:
        assert marker not in received, f"GET {target!r} served a file from outside the static folders"


@pytest.mark.parametrize("path", STATIC_PATHS)
def test_static_paths_never_fail(gateway: Gateway, path: str) -> None:
    assert_static(gateway, path.encode())
    assert gateway.alive(), gateway.log_tail()


@settings(max_examples=400, **BOUNDED)
@given(
    prefix=st.sampled_from(["/static/", "/assets/", "/static/govuk/", "/static/build/"]),
    segments=st.lists(SEGMENT, max_size=6),
    trailing=st.booleans(),
    query=ODD_QUERY,
)
def test_random_static_paths_never_fail(gateway: Gateway, prefix: str, segments: list[str], trailing: bool, query: str) -> None:
    target = (prefix + "/".join(segments) + ("/" if trailing else "")).encode() + (f"?{query}".encode() if query else b"")
    assert_static(gateway, target)


@settings(max_examples=200, **BOUNDED)
@given(path=st.sampled_from(["/", "/report", "/follow-up", "/widget.js", "/healthz", "/staff/login"]), query=ODD_QUERY)
def test_pages_with_odd_query_strings_never_fail(gateway: Gateway, path: str, query: str) -> None:
    assert_raw_ok(gateway, raw_get(gateway.port, path.encode() + (f"?{query}".encode() if query else b"")))


METHODS = [
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "OPTIONS",
    "TRACE",
    "CONNECT",
    "PROPFIND",
    "MKCOL",
    "BREW",
    "get",
    "G-T",
    "X" * 200,
]
PUBLIC_PATHS = [
    "/", "/api/reports", "/api/openapi.json", "/webhooks/rest/webhook", "/webhooks/twilio/webhook", "/healthz", "/readyz",
    "/static/chat.js", "/static/", "/assets/", "/report", "/follow-up", "/widget.js", "/staff/login", "/nowhere", "*",
]  # fmt: skip
ORIGINS = st.one_of(
    st.none(),
    st.sampled_from([FOREIGN_ORIGIN, PUBLIC_BASE_URL, "null", "", " ", "http://127.0.0.1", "https://REPORT.example.gov.uk", "\x7f"]),
)


@settings(max_examples=400, **BOUNDED)
@given(
    method=st.sampled_from(METHODS),
    path=st.sampled_from(PUBLIC_PATHS),
    origin=ORIGINS,
    content_type=st.sampled_from(["", "application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]),
    body=st.one_of(st.just(b""), st.binary(max_size=64), st.just(b'{"location": "x"}'), st.just(b'{"sender": "a", "message": "hi"}')),
)
def test_odd_methods_never_fail(gateway: Gateway, method: str, path: str, origin: str | None, content_type: str, body: bytes) -> None:
    headers = b"".join(
        [
            f"Origin: {origin}\r\n".encode() if origin is not None else b"",
            f"Content-Type: {content_type}\r\n".encode() if content_type else b"",
            b"Access-Control-Request-Method: POST\r\n" if method == "OPTIONS" else b"",
            f"Content-Length: {len(body)}\r\n".encode(),
        ]
    )
    assert_raw_ok(gateway, raw_get(gateway.port, path.encode(), method.encode(), headers) + body)


MALFORMED = [
    b"\r\n\r\n", b"GET\r\n\r\n", b"GET /\r\n\r\n", b"GET / HTTP/1.1\r\n\r\n", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n", b"GET  /  HTTP/1.1\r\nHost: x\r\n\r\n", b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n", b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n", b"GET /?\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /static/\xff HTTP/1.1\r\nHost: x\r\n\r\n", b"GET / HTTP/1.1\nHost: x\n\n", b"GET / HTTP/1.1\rHost: x\r\r",
    b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Many: 1\r\n" * 2000 + b"\r\n", b"GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\n: empty-name\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\nX: \xff\xfe\x00\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: \xff\r\n\r\n", b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\n folded: header\r\n\r\n", b"GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    b"GET * HTTP/1.1\r\nHost: x\r\n\r\n", b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 64,
    b"POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
    b"POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    b"POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
    b"POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    b"POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n",
    b"POST /api/reports HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
    b"POST /api/reports HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    b"POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{",
    b"POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 17\r\n\r\n"
    + b'{"location": "x"}',
    b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n\xff\xfe\x00",
    b"POST /webhooks/twilio/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data\r\nContent-Length: 3\r\n\r\nabc",
    b"POST /webhooks/twilio/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 20\r\n\r\n"
    + b"--x\r\nbroken\r\n--x--\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n\x00\x00garbage\r\n\r\n",
]  # fmt: skip


@pytest.mark.parametrize("data", MALFORMED, ids=lambda data: repr(data[:40]))
def test_malformed_http_never_fails(gateway: Gateway, data: bytes) -> None:
    assert_raw_ok(gateway, data)


@settings(max_examples=300, **BOUNDED)
@given(line=st.binary(max_size=120), headers=st.lists(st.binary(max_size=40), max_size=4))
def test_random_request_bytes_never_fail(gateway: Gateway, line: bytes, headers: list[bytes]) -> None:
    assert_raw_ok(gateway, b"\r\n".join([line, *headers]) + b"\r\n\r\n")


# --- known hostile inputs to the JSON endpoints ------------------------------------------------

DEEP = "[" * 1000 + "]" * 1000
LOCATION = {"location": "5 Mill Road"}
API_CASES = {
    "deep JSON": (json.dumps(LOCATION)[:-1] + ', "description": ' + DEEP + "}", "application/json", None, 422),
    "deep JSON, 60,000 brackets": ("[" * 60_000, "application/json", None, 422),
    "deep object": ('{"a":' * 1000 + "1" + "}" * 1000, "application/json", None, 422),
    "lone surrogate in location": ('{"location": "\\ud800"}', "application/json", None, 422),
    "lone surrogate in description": ('{"location": "a", "description": "x\\udfff"}', "application/json", None, (201, 422)),
    "lone surrogate in contact": (
        '{"location": "a", "contact_ok": true, "contact": {"name": "\\ud800"}}',
        "application/json",
        None,
        (201, 422),
    ),
    "lone surrogate as a key": ('{"location": "a", "\\ud800": 1}', "application/json", None, 422),
    "lone surrogate in signs": ('{"location": "a", "signs": ["\\ud800"]}', "application/json", None, 422),
    "lone surrogate as a contact key": ('{"location": "a", "contact": {"\\ud800": 1}}', "application/json", None, 422),
    "NUL in location": ('{"location": "\\u0000"}', "application/json", None, 422),
    "invisible location": ('{"location": "\\u200b\\u200e\\u202e"}', "application/json", None, 422),
    "huge number": ('{"location": "a", "people_count": 1' + "0" * 5000 + "}", "application/json", None, 422),
    "float people_count": ('{"location": "a", "people_count": 1e400}', "application/json", None, 422),
    "NaN": ('{"location": "a", "people_count": NaN}', "application/json", None, 422),
    "duplicate keys": ('{"location": "a", "location": null}', "application/json", None, 422),
    "not UTF-8": (b'{"location": "\xff"}', "application/json", None, 422),
    "UTF-16": ('{"location": "a"}'.encode("utf-16"), "application/json", None, (201, 422)),
    "BOM": (b'\xef\xbb\xbf{"location": "a"}', "application/json", None, (201, 422)),
    "JSON as text/plain": (json.dumps(LOCATION), "text/plain", None, 415),
    "JSON as a form": (json.dumps(LOCATION), "application/x-www-form-urlencoded", None, 415),
    "no Content-Type": (json.dumps(LOCATION), None, None, 415),
    "charset parameter": (json.dumps(LOCATION), "application/json; charset=utf-8", None, 201),
    "foreign Origin": (json.dumps(LOCATION), "application/json", FOREIGN_ORIGIN, 403),
    "own Origin": (json.dumps(LOCATION), "application/json", "own", 201),
}
CHAT_CASES = {
    "deep JSON": ('{"sender": "fuzz-1", "message": ' + DEEP + "}", "application/json", None, 400),
    "deep JSON, 60,000 brackets": ("{" * 60_000, "application/json", None, 400),
    "lone surrogate": ('{"sender": "fuzz-1", "message": "\\ud800"}', "application/json", None, 400),
    "lone surrogate sender": ('{"sender": "\\ud800", "message": "hello"}', "application/json", None, 400),
    "Rasa command": ('{"sender": "fuzz-1", "message": "/restart"}', "application/json", None, 400),
    "Rasa command, session start": ('{"sender": "fuzz-1", "message": "/session_start"}', "application/json", None, 400),
    "unknown intent": ('{"sender": "fuzz-1", "message": "/nlu_fallback_x"}', "application/json", None, 400),
    "intent with a non-text entity": ('{"sender": "fuzz-1", "message": "/inform{\\"setting\\": 5}"}', "application/json", None, 400),
    "a button payload": ('{"sender": "fuzz-1", "message": "/inform{\\"setting\\": \\"farm\\"}"}', "application/json", None, 200),
    "sender with a newline": ('{"sender": "fuzz-1\\n", "message": "hello"}', "application/json", None, 400),
    "JSON as text/plain": ('{"sender": "fuzz-1", "message": "hello"}', "text/plain", None, 415),
    "no Content-Type": ('{"sender": "fuzz-1", "message": "hello"}', None, None, 415),
    "foreign Origin": ('{"sender": "fuzz-1", "message": "hello"}', "application/json", FOREIGN_ORIGIN, 403),
    "a list": ("[]", "application/json", None, 400),
    "not UTF-8": (b'{"sender": "fuzz-1", "message": "\xff"}', "application/json", None, 400),
    "a good message": ('{"sender": "fuzz-1", "message": "hello"}', "application/json", None, 200),
}


def post_raw(client: httpx.Client, url: str, body: str | bytes, content_type: str | None, origin: str | None) -> httpx.Response:
    headers = {}
    if content_type is not None:
        headers["Content-Type"] = content_type
    if origin is not None:
        headers["Origin"] = origin
    content = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    return client.post(url, content=content, headers=headers)


@pytest.mark.parametrize("name", list(API_CASES))
def test_hostile_reports_are_refused_cleanly(gateway: Gateway, client: httpx.Client, document: dict[str, Any], name: str) -> None:
    body, content_type, origin, expected = API_CASES[name]
    response = post_raw(client, gateway.url + "/api/reports", body, content_type, gateway.url if origin == "own" else origin)
    no_server_error(response, name)
    assert response.status_code in (expected if isinstance(expected, tuple) else (expected,)), (
        f"{name}: {response.status_code} {response.text}"
    )
    assert_documented(document, "/api/reports", response, name)


@pytest.mark.parametrize("name", list(CHAT_CASES))
def test_hostile_chat_messages_are_refused_cleanly(gateway: Gateway, client: httpx.Client, document: dict[str, Any], name: str) -> None:
    body, content_type, origin, expected = CHAT_CASES[name]
    response = post_raw(client, gateway.url + "/webhooks/rest/webhook", body, content_type, origin)
    no_server_error(response, name)
    assert response.status_code == expected, f"{name}: {response.status_code} {response.text}"
    assert_documented(document, "/webhooks/rest/webhook", response, name)


# Any JSON at all, text with lone surrogates, NULs and bidi overrides included: the JSON
# endpoints answer 4xx or 2xx as documented, never 5xx.
JSON_HEADERS = {"Content-Type": "application/json"}
ODD_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3),
    st.sampled_from(["", " ", "\x00", "\u202e", "\u200b", "\ufeff", "a\ud800b", "/restart", "/inform{}", "x" * 5000, "\n" * 100]),
)
JSON_VALUES = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.integers(min_value=10**20), st.floats(allow_nan=True, allow_infinity=True), ODD_TEXT
    ),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(ODD_TEXT, children, max_size=4),
    max_leaves=12,
)
REPORT_KEYS = st.one_of(st.sampled_from([*openapi_document()["components"]["schemas"]["Report"]["properties"]]), ODD_TEXT)


@settings(max_examples=400, **BOUNDED)
@given(
    body=st.one_of(
        st.dictionaries(REPORT_KEYS, JSON_VALUES, max_size=8),
        st.fixed_dictionaries({"location": ODD_TEXT}, optional={"contact": st.dictionaries(ODD_TEXT, JSON_VALUES, max_size=5)}),
        JSON_VALUES,
    ),
    key=st.one_of(st.none(), st.text("!#$%&'*+-.^_`|~0123456789abcdefXYZ", min_size=1, max_size=130)),
)
def test_random_json_reports_never_fail(
    gateway: Gateway, client: httpx.Client, document: dict[str, Any], body: Any, key: str | None
) -> None:
    headers = {"Content-Type": "application/json", **({"Idempotency-Key": key} if key else {})}
    response = client.post(gateway.url + "/api/reports", content=json.dumps(body).encode(), headers=headers)
    no_server_error(response, f"body={body!r}")
    assert_documented(document, "/api/reports", response, f"body={body!r} key={key!r}")


@settings(max_examples=400, **BOUNDED)
@given(
    body=st.one_of(
        st.fixed_dictionaries({"sender": st.one_of(st.just("fuzz-2"), ODD_TEXT, JSON_VALUES), "message": st.one_of(ODD_TEXT, JSON_VALUES)}),
        st.dictionaries(st.sampled_from(["sender", "message", "metadata", "input_channel"]) | ODD_TEXT, JSON_VALUES, max_size=4),
        JSON_VALUES,
    )
)
def test_random_json_chat_messages_never_fail(gateway: Gateway, client: httpx.Client, document: dict[str, Any], body: Any) -> None:
    response = client.post(
        gateway.url + "/webhooks/rest/webhook", content=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    no_server_error(response, f"body={body!r}")
    assert_documented(document, "/webhooks/rest/webhook", response, f"body={body!r}")


@pytest.mark.parametrize("mode", ["error", "empty", "garbage"])
def test_the_chat_answers_503_while_rasa_fails(
    gateway: Gateway, client: httpx.Client, document: dict[str, Any], rasa_mode: type[StandIn], mode: str
) -> None:
    rasa_mode.mode = mode
    response = client.post(gateway.url + "/webhooks/rest/webhook", json={"sender": f"fuzz-{mode}", "message": "hello"})
    assert response.status_code == 503, response.text
    reply = response.json()
    schema_of(document, "ChatReply").validate(reply)
    assert reply and all(item["recipient_id"] == f"fuzz-{mode}" for item in reply)
    assert any("999" in item.get("text", "") for item in reply)


def test_readyz_says_what_is_down(gateway: Gateway, client: httpx.Client, document: dict[str, Any], rasa_mode: type[StandIn]) -> None:
    rasa_mode.mode = "down"
    response = client.get(gateway.url + "/readyz")
    assert response.status_code == 503
    schema_of(document, "Readiness").validate(response.json())
    assert response.json()["checks"] == {"database": True, "rasa": False, "action_server": False}


@pytest.mark.parametrize("path", ["/api/reports", "/webhooks/rest/webhook"])
def test_cors_preflight(gateway: Gateway, client: httpx.Client, path: str) -> None:
    allowed = client.options(gateway.url + path, headers={"Origin": PUBLIC_BASE_URL, "Access-Control-Request-Method": "POST"})
    assert allowed.status_code == 204
    assert allowed.headers["Access-Control-Allow-Origin"] == PUBLIC_BASE_URL
    foreign = client.options(gateway.url + path, headers={"Origin": FOREIGN_ORIGIN, "Access-Control-Request-Method": "POST"})
    assert foreign.status_code == 403
    assert "Access-Control-Allow-Origin" not in foreign.headers


def test_the_gateway_is_still_healthy(gateway: Gateway, client: httpx.Client) -> None:
    assert client.get(gateway.url + "/healthz").status_code == 200
    assert gateway.alive()


def test_the_log_has_no_crash_and_no_identifier(gateway: Gateway) -> None:
    """After all of the above (run last): no handler failed, no exception escaped the app's own
    code, and no phone number or chat session id sent above was logged (SPEC §6)."""
    log = gateway.log.read_text(encoding="utf-8", errors="replace")
    unhandled = sorted(set(re.findall(r"unhandled (?!RequestCancelled)\w+ on [^\"\n]*", log)))
    assert not unhandled, f"handlers failed: {unhandled}"
    own_frames = sorted(set(re.findall(rf'File \\?"{re.escape(str(REPO_ROOT))}/(?:bot|spotsigns|web_form)/[^"\\]+', log)))
    assert not own_frames, f"exceptions escaped the app's code at: {own_frames}"
    for identifier in ("7700900", "fuzz-"):
        assert identifier not in log, f"{identifier!r} (a reporter's phone number or chat session id) is in the gateway log"
