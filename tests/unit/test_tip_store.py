"""The tip store on the embedded SQLite database: one transaction per report, outbox rows
with their tip, emergencies escalated once, contact details encrypted and kept apart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text

from spotsigns.config import Settings
from spotsigns.report.fields import Contact, Report
from spotsigns.report.references import is_reference
from spotsigns.storage.contacts import ContactCipher, contact_from_text
from spotsigns.storage.tips import TipNotFound, TipStore


def kinds(store: TipStore, reference: str) -> list[str]:
    return [m.kind for m in store.outbox_for(reference)]


def test_a_report_becomes_a_triaged_tip_with_an_inbox_notification(tip_store: TipStore) -> None:
    report = Report(setting="car_wash", location="Mill Road", signs=("long_hours", "living_on_site"))
    stored = tip_store.record_report(report, channel="web_chat", reporter_pseudonym="p-abc")
    assert is_reference(stored.reference)
    assert (stored.urgency, stored.reasons) == ("medium", ("two_or_more_signs:2",))
    tip = tip_store.get(stored.reference)
    assert (tip.setting, tip.location, tip.signs, tip.status, tip.channel) == (
        "car_wash",
        "Mill Road",
        ["living_on_site", "long_hours"],
        "new",
        "web_chat",
    )
    assert kinds(tip_store, stored.reference) == ["inbox_notification"]
    assert tip.escalated_at is None


def test_an_emergency_is_escalated_at_once_and_completed_later(tip_store: TipStore) -> None:
    partial = Report(immediate_danger="yes", location="12 Mill Road")
    first = tip_store.record_report(partial, channel="web_chat", reporter_pseudonym="p-1", complete=False)
    assert first.urgency == "emergency"
    assert first.escalated
    assert not first.is_complete
    assert kinds(tip_store, first.reference) == ["police_escalation"]

    full = Report(immediate_danger="yes", location="12 Mill Road", setting="car_wash", description="beating a worker")
    second = tip_store.record_report(full, channel="web_chat", reporter_pseudonym="p-1", reference=first.reference)
    assert second.reference == first.reference
    assert second.is_complete
    assert kinds(tip_store, first.reference) == ["police_escalation", "police_update", "inbox_notification"]
    assert tip_store.get(first.reference).setting == "car_wash"


def test_another_reporter_cannot_update_a_tip(tip_store: TipStore) -> None:
    stored = tip_store.record_report(Report(), channel="web_chat", reporter_pseudonym="p-1")
    with pytest.raises(TipNotFound):
        tip_store.record_report(Report(setting="farm"), channel="web_chat", reporter_pseudonym="p-2", reference=stored.reference)


def test_unknown_channel_is_refused(tip_store: TipStore) -> None:
    with pytest.raises(ValueError, match="channel"):
        tip_store.record_report(Report(), channel="carrier_pigeon")


def raw_rows(store: TipStore) -> str:
    """Every row of every table, as the database hands it out without the key."""
    with store.sessions() as session:
        tables = ("tips", "tip_contacts", "outbox", "audit_events", "pending_contacts", "delivery_attempts", "idempotency_keys")
        return "\n".join(repr(row) for table in tables for row in session.execute(text(f"select * from {table}")).all())


def stored_contact(store: TipStore, settings: Settings, reference: str) -> tuple[bool, Contact | None]:
    """What the database holds for tip `reference`: its contact_ok column, and the contact
    details joined to it (decrypted), or None if there are none."""
    with store.sessions() as session:
        contact_ok = session.execute(text("select contact_ok from tips where reference = :r"), {"r": reference}).scalar_one()
        ciphertext = session.execute(
            text("select c.ciphertext from tip_contacts c join tips t on t.id = c.tip_id where t.reference = :r"), {"r": reference}
        ).scalar_one_or_none()
    return bool(contact_ok), None if ciphertext is None else ContactCipher(settings.contact_key).decrypt(bytes(ciphertext))


def test_contact_details_are_encrypted_apart_from_the_tip(tip_store: TipStore, db_settings: Settings) -> None:
    contact = Contact(name="Sam Example", phone="07700 900123", email="sam@example.org")
    stored = tip_store.record_report(Report(contact_ok=True, contact=contact), channel="web_chat")
    rows = raw_rows(tip_store)
    for secret in ("07700 900123", "sam@example.org", "Sam Example"):
        assert secret not in rows
    if db_settings.database_url.startswith("sqlite"):
        raw = Path(db_settings.database_url.removeprefix("sqlite:///")).read_bytes()
        assert b"07700 900123" not in raw
        assert b"sam@example.org" not in raw
    with tip_store.sessions() as session:
        ciphertext = session.execute(text("select ciphertext from tip_contacts")).scalar_one()
    assert ContactCipher(db_settings.contact_key).decrypt(bytes(ciphertext)) == contact
    with pytest.raises(ValueError, match="decrypt"):
        ContactCipher(Fernet.generate_key()).decrypt(ciphertext)
    assert stored_contact(tip_store, db_settings, stored.reference) == (True, contact)


def test_contact_is_not_stored_without_consent(tip_store: TipStore, db_settings: Settings) -> None:
    stored = tip_store.record_report(Report(contact_ok=False, contact=Contact(phone="07700 900123")), channel="web_chat")
    assert stored_contact(tip_store, db_settings, stored.reference) == (False, None)
    with tip_store.sessions() as session:
        assert session.execute(text("select count(*) from tip_contacts")).scalar_one() == 0
    assert "07700" not in raw_rows(tip_store)


def test_contact_captured_by_the_gateway_joins_the_tip(tip_store: TipStore, db_settings: Settings) -> None:
    captured = contact_from_text("call 07700 900123 after 6pm")
    tip_store.expect_contact("p-9")
    assert "p-9" in tip_store.contact_expectations()
    tip_store.store_pending_contact("p-9", captured)
    assert "p-9" not in tip_store.contact_expectations()
    stored = tip_store.record_report(Report(contact_ok=True), channel="web_chat", reporter_pseudonym="p-9")
    assert stored_contact(tip_store, db_settings, stored.reference) == (True, captured)
    with tip_store.sessions() as session:  # taken over by the tip, not left waiting
        assert session.execute(text("select count(*) from pending_contacts")).scalar_one() == 0


def test_contact_from_text_splits_the_answer() -> None:
    contact = contact_from_text("07700 900123, sam@example.org, after 6pm")
    assert (contact.phone, contact.email, contact.safe_times) == ("07700 900123", "sam@example.org", "after 6pm")


@pytest.mark.parametrize("db_settings", ["postgresql"], indirect=True)
def test_a_database_restart_under_the_store_loses_no_report(tip_store: TipStore, db_settings: Settings) -> None:
    tip_store.record_report(Report(location="before"), channel="api")  # the pool now holds a live connection
    admin = create_engine(os.environ["TEST_DATABASE_URL"])
    with admin.begin() as connection:  # what a server restart does to every open connection
        killed = connection.execute(
            text(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                " where datname = current_database() and pid <> pg_backend_pid()"
            )
        ).scalar_one()
    admin.dispose()
    assert killed >= 1
    stored = tip_store.record_report(Report(location="after the restart"), channel="api")
    assert tip_store.get(stored.reference).location == "after the restart"
