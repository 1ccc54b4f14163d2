"""The outbox and its transports against real local peers (SMTP server, webhook receiver,
Twilio REST stand-in), on SQLite and on PostgreSQL. Workers run in-process where the test
steers timing, and as real `spotsigns outbox` processes where processes are the point."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import Message

import pytest
from sqlalchemy import func, select

from spotsigns.config import REPO_ROOT, Settings
from spotsigns.delivery.transports import build_transports
from spotsigns.delivery.worker import OutboxWorker, WorkerConfig, backoff_seconds
from spotsigns.report.fields import Contact, Report
from spotsigns.storage.contacts import ContactCipher
from spotsigns.storage.models import DeliveryAttempt, OutboxMessage
from spotsigns.storage.store import build_tip_store
from spotsigns.storage.tips import TipStore
from tests.delivery.sinks import SmtpSink, TwilioApiSink, WebhookSink
from tests.stack import free_port

EMERGENCY = Report(
    setting="car_wash", location="12 Mill Road", immediate_danger="yes", description="they are hitting a worker", when_seen="now"
)
FAST = WorkerConfig(batch_size=50, backoff_base=0.1, backoff_cap=0.4, poll_seconds=0.05, delivery_timeout=10)


def configured(settings: Settings, **env: object) -> Settings:
    return Settings.load({**settings.env, **{k: str(v) for k, v in env.items()}})


def smtp_env(port: int) -> dict[str, object]:
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": port,
        "SMTP_STARTTLS": "false",
        "POLICE_EMAIL": "duty@police.example",
        "INBOX_EMAIL": "csp@council.example",
    }


def worker_for(settings: Settings, store: TipStore, config: WorkerConfig = FAST, name: str = "test") -> OutboxWorker:
    return OutboxWorker(
        store.sessions, settings, build_transports(settings), ContactCipher(settings.contact_key), config=config, worker_id=name
    )


async def run_until(worker: OutboxWorker, done: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await worker.run_once()
        if done():  # type: ignore[operator]
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the deliveries did not complete in time")


def outbox_rows(store: TipStore) -> list[OutboxMessage]:
    with store.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def attempts_of(store: TipStore, outbox_id: int) -> list[DeliveryAttempt]:
    with store.sessions() as session:
        return list(
            session.scalars(select(DeliveryAttempt).where(DeliveryAttempt.outbox_id == outbox_id).order_by(DeliveryAttempt.id)).all()
        )


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    yield sink
    sink.stop()


def police_mails(sink: SmtpSink) -> list[Message]:
    return [m for m in sink.messages if "duty@police.example" in m["X-Envelope-To"]]


@contextlib.contextmanager
def worker_process(settings: Settings, name: str, **env: object) -> Iterator[subprocess.Popen[bytes]]:
    full_env = {**os.environ, **settings.env, **{k: str(v) for k, v in env.items()}, "PYTHONPATH": str(REPO_ROOT)}
    log = (settings.var_dir / f"outbox-{name}.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "spotsigns", "outbox", "--worker-id", name], env=full_env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


# --- unit ---------------------------------------------------------------------------------------
def test_backoff_grows_is_capped_and_jittered() -> None:
    assert backoff_seconds(1, 5, 900, 1.0) == 5
    assert backoff_seconds(4, 5, 900, 1.0) == 40
    assert backoff_seconds(30, 5, 900, 1.0) == 900
    assert backoff_seconds(4, 5, 900, 0.0) == 20  # jitter: between half and all of the step


# --- SMTP ---------------------------------------------------------------------------------------
def test_emergency_mail_reaches_police_within_five_seconds(db_settings: Settings, smtp: SmtpSink) -> None:
    settings = configured(db_settings, **smtp_env(smtp.port), OUTBOX_POLL_SECONDS=0.2)
    store = build_tip_store(settings)
    with worker_process(settings, "smtp-worker"):
        time.sleep(1.5)  # let the worker start before the report arrives
        started = time.monotonic()
        stored = store.record_report(EMERGENCY, channel="web_chat", reporter_pseudonym="p-e1")
        assert smtp.wait_for(1, timeout=5.0)
        elapsed = time.monotonic() - started
    mail = police_mails(smtp)[0]
    assert elapsed <= 5.0
    assert stored.reference in mail["Subject"] and mail["X-Spotsigns-Reference"] == stored.reference
    assert mail["X-Idempotency-Key"] == f"{stored.reference}:police_escalation:police_email"
    body = mail.get_payload(decode=True).decode()
    for expected in (
        "12 Mill Road",
        "Hand car wash",
        "EMERGENCY",
        "immediate_danger",
        "Suggested 3x5x2 grading: 2 A P",
        "they are hitting a worker",
    ):
        assert expected in body, expected
    assert "stayed anonymous" in body


async def test_smtp_down_waits_retries_and_delivers_when_back(db_settings: Settings) -> None:
    port = free_port()  # nothing listens here yet
    settings = configured(db_settings, **smtp_env(port))
    store = build_tip_store(settings)
    stored = store.record_report(EMERGENCY, channel="web_chat")
    worker = worker_for(settings, store)
    for _ in range(3):
        await worker.run_once()
        await asyncio.sleep(0.45)
    police_row = next(r for r in outbox_rows(store) if r.target == "police_email")
    failures = attempts_of(store, police_row.id)
    assert len(failures) >= 2
    assert not any(a.succeeded for a in failures)
    assert all(a.error and a.error.startswith("smtp:") for a in failures)
    assert police_row.status == "pending"

    sink = SmtpSink(port).start()
    try:
        await run_until(worker, lambda: len(police_mails(sink)) == 1, timeout=10)
    finally:
        sink.stop()
    police_row = next(r for r in outbox_rows(store) if r.target == "police_email")
    attempts = attempts_of(store, police_row.id)
    assert police_row.status == "delivered"
    assert attempts[-1].succeeded
    assert [a.succeeded for a in attempts].count(True) == 1
    assert police_row.attempts == len(attempts)
    assert stored.reference in police_mails(sink)[0]["Subject"]


async def test_inbox_notification_carries_no_report_content(db_settings: Settings, smtp: SmtpSink) -> None:
    settings = configured(db_settings, **smtp_env(smtp.port), PUBLIC_BASE_URL="https://report.example.gov.uk")
    store = build_tip_store(settings)
    stored = store.record_report(Report(setting="farm", location="Hill Farm", description="caravans with no water"), channel="web_chat")
    await run_until(worker_for(settings, store), lambda: len(smtp.messages) == 1, timeout=10)
    mail = smtp.messages[0]
    body = mail.get_payload(decode=True).decode()
    assert "csp@council.example" in mail["X-Envelope-To"]
    assert f"https://report.example.gov.uk/staff/tips/{stored.reference}" in body
    assert "Hill Farm" not in body and "caravans" not in body and "Hill Farm" not in mail["Subject"]


async def test_contact_details_go_to_police_only_with_consent(
    db_settings: Settings, smtp: SmtpSink, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = b"webhook-secret-for-tests"
    hook = WebhookSink(secret).start()
    try:
        settings = configured(
            db_settings, **smtp_env(smtp.port), POLICE_WEBHOOK_URL=hook.url + "/tips", POLICE_WEBHOOK_SECRET=secret.decode()
        )
        store = build_tip_store(settings)
        consenting = Report(
            immediate_danger="yes", location="1 High St", contact_ok=True, contact=Contact(phone="07700 900555", safe_times="evenings")
        )
        store.record_report(consenting, channel="web_chat")
        store.record_report(
            Report(immediate_danger="yes", location="2 High St", contact_ok=False, contact=Contact(phone="07700 900666")),
            channel="web_chat",
        )
        worker = worker_for(settings, store)
        await run_until(worker, lambda: len(police_mails(smtp)) == 2 and len(hook.accepted) == 2, timeout=10)
        bodies = {m["X-Spotsigns-Reference"]: m.get_payload(decode=True).decode() for m in police_mails(smtp)}
        hooks = [r["body"].decode() for r in hook.requests]
    finally:
        hook.stop()
    with_contact = next(b for b in bodies.values() if "1 High St" in b)
    without = next(b for b in bodies.values() if "2 High St" in b)
    assert "07700 900555" in with_contact and "evenings" in with_contact and "grading: 2 C C" in with_contact
    assert "07700" not in without
    assert sum("07700 900555" in h for h in hooks) == 1
    assert not any("07700 900666" in h for h in hooks)
    for row in outbox_rows(store):  # the stored snapshots never hold contact details
        assert "07700" not in repr(row.payload)
    # Our own logs (the receiving SMTP server's debug log, "mail.log", is the police's side).
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail"))
    assert "delivered" in ours
    assert "07700" not in ours and "evenings" not in ours


# --- webhook --------------------------------------------------------------------------------------
async def test_webhook_failing_first_calls_is_retried_until_delivered_once(db_settings: Settings) -> None:
    secret = b"police-hook-secret"
    hook = WebhookSink(secret, fail_first=3).start()
    try:
        settings = configured(db_settings, POLICE_WEBHOOK_URL=hook.url + "/tips", POLICE_WEBHOOK_SECRET=secret.decode())
        store = build_tip_store(settings)
        stored = store.record_report(EMERGENCY, channel="web_chat")
        await run_until(worker_for(settings, store), lambda: len(hook.accepted) == 1, timeout=15)
    finally:
        hook.stop()
    key = f"{stored.reference}:police_escalation:police_webhook"
    assert hook.accepted == {key: 1}
    assert len(hook.requests) == 4
    row = next(r for r in outbox_rows(store) if r.target == "police_webhook")
    attempts = attempts_of(store, row.id)
    assert [a.succeeded for a in attempts] == [False, False, False, True]
    assert attempts[0].error == "webhook: HTTP 503"
    assert row.status == "delivered"


async def test_a_forged_signature_would_be_refused_by_the_receiver(db_settings: Settings) -> None:
    hook = WebhookSink(b"the-receivers-secret").start()
    try:
        settings = configured(db_settings, POLICE_WEBHOOK_URL=hook.url, POLICE_WEBHOOK_SECRET="not-the-same-secret")
        store = build_tip_store(settings)
        store.record_report(EMERGENCY, channel="web_chat")
        worker = worker_for(settings, store)
        await worker.run_once()
    finally:
        hook.stop()
    row = next(r for r in outbox_rows(store) if r.target == "police_webhook")
    assert row.status == "pending"
    assert row.last_error == "webhook: HTTP 401"


# --- SMS through the twilio client ------------------------------------------------------------------
async def test_police_duty_sms_goes_through_the_twilio_client(db_settings: Settings) -> None:
    twilio = TwilioApiSink("AC" + "1" * 32, "twilio-test-token").start()
    try:
        settings = configured(
            db_settings, TWILIO_ACCOUNT_SID=twilio.account_sid, TWILIO_AUTH_TOKEN=twilio.auth_token, TWILIO_FROM_NUMBER="+447700900001",
            POLICE_SMS_TO="+447700900999", TWILIO_API_BASE_URL=twilio.url,
        )  # fmt: skip
        store = build_tip_store(settings)
        stored = store.record_report(EMERGENCY, channel="web_chat")
        await run_until(worker_for(settings, store), lambda: len(twilio.sent) == 1, timeout=10)
    finally:
        twilio.stop()
    sms = twilio.sent[0]
    assert (sms["To"], sms["From"]) == ("+447700900999", "+447700900001")
    assert stored.reference in sms["Body"] and "12 Mill Road" in sms["Body"]
    assert len(sms["Body"]) <= 306  # two GSM-7 segments
    assert next(r for r in outbox_rows(store) if r.target == "police_sms").status == "delivered"


# --- nothing configured: held, never dropped ------------------------------------------------------------
async def test_deliveries_wait_in_the_outbox_until_a_transport_is_configured(db_settings: Settings, smtp: SmtpSink) -> None:
    store = build_tip_store(db_settings)
    stored = store.record_report(EMERGENCY, channel="web_chat")
    assert [(r.kind, r.target, r.status) for r in outbox_rows(store)] == [
        ("police_escalation", "held", "held"),
        ("inbox_notification", "held", "held"),
    ]
    await worker_for(db_settings, store).run_once()  # nothing to send to: nothing changes
    assert {r.status for r in outbox_rows(store)} == {"held"}

    settings = configured(db_settings, **smtp_env(smtp.port))
    await run_until(worker_for(settings, store), lambda: len(smtp.messages) == 2, timeout=10)
    rows = {(r.kind, r.target): r.status for r in outbox_rows(store)}
    assert rows[("police_escalation", "held")] == "rerouted"
    assert rows[("police_escalation", "police_email")] == "delivered"
    assert rows[("inbox_notification", "inbox_email")] == "delivered"
    assert stored.reference in police_mails(smtp)[0]["Subject"]


# --- crashes and concurrency ----------------------------------------------------------------------------
def test_killing_the_worker_mid_delivery_loses_nothing(db_settings: Settings) -> None:
    secret = b"kill-test-secret"
    hook = WebhookSink(secret, delay=1.0).start()
    try:
        settings = configured(db_settings, POLICE_WEBHOOK_URL=hook.url, POLICE_WEBHOOK_SECRET=secret.decode(), OUTBOX_POLL_SECONDS=0.1)
        store = build_tip_store(settings)
        references = [store.record_report(EMERGENCY, channel="web_chat").reference for _ in range(30)]
        expected = {f"{ref}:police_escalation:police_webhook" for ref in references}
        # Leases longer than one delivery (1 s) but short enough for the test to wait out.
        with worker_process(settings, "doomed", OUTBOX_LEASE_SECONDS=4) as doomed:
            deadline = time.monotonic() + 30
            while not hook.requests and time.monotonic() < deadline:
                time.sleep(0.05)
            assert hook.requests, "the first worker never started delivering"
            doomed.send_signal(signal.SIGKILL)  # mid-delivery: the receiver is still answering
            doomed.wait(10)
        in_flight = [r for r in outbox_rows(store) if r.status == "sending"]
        assert in_flight, "the kill should leave claimed deliveries behind"
        with worker_process(settings, "survivor", OUTBOX_LEASE_SECONDS=4):
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                webhook_rows = [r for r in outbox_rows(store) if r.target == "police_webhook"]
                if set(hook.accepted) == expected and all(r.status == "delivered" for r in webhook_rows):
                    break
                time.sleep(0.2)
    finally:
        hook.stop()
    assert set(hook.accepted) == expected  # every delivery arrived (some perhaps twice: at-least-once)
    assert all(r.status == "delivered" for r in outbox_rows(store) if r.target == "police_webhook")


@pytest.mark.parametrize("db_settings", ["postgresql"], indirect=True)
def test_two_workers_on_postgresql_deliver_a_thousand_messages_exactly_once(db_settings: Settings) -> None:
    secret = b"two-workers-secret"
    hook = WebhookSink(secret).start()
    try:
        settings = configured(db_settings, POLICE_WEBHOOK_URL=hook.url, POLICE_WEBHOOK_SECRET=secret.decode(), OUTBOX_POLL_SECONDS=0.1)
        store = build_tip_store(settings)
        references = [store.record_report(EMERGENCY, channel="api").reference for _ in range(1000)]
        with worker_process(settings, "one"), worker_process(settings, "two"):
            deadline = time.monotonic() + 120
            while sum(hook.accepted.values()) < 1000 and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1.0)  # a double delivery would show up now
    finally:
        hook.stop()
    assert len(hook.accepted) == 1000
    assert set(hook.accepted.values()) == {1}
    assert set(hook.accepted) == {f"{ref}:police_escalation:police_webhook" for ref in references}
    with store.sessions() as session:
        by_worker = dict(
            session.execute(
                select(DeliveryAttempt.worker, func.count()).where(DeliveryAttempt.succeeded).group_by(DeliveryAttempt.worker)
            ).all()
        )
    assert sum(by_worker.values()) == 1000
    assert set(by_worker) == {"one", "two"}  # both did real work
