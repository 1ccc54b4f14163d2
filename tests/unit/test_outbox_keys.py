"""Idempotency keys of outbox deliveries: one per tip, kind and target; police updates are
versioned (a tip can be updated more than once while Rasa is down), and a snapshot queued
before versioning keeps the key it always had."""

from __future__ import annotations

from spotsigns.storage.outbox import _idempotency_key


def test_escalations_and_notifications_have_one_key_per_tip_kind_and_target() -> None:
    snapshot = {"reference": "STS-AAAA-BBBB", "updated_at": "2026-11-30T06:00:00+00:00"}
    assert _idempotency_key(snapshot, "police_escalation", "police_email") == "STS-AAAA-BBBB:police_escalation:police_email"
    assert _idempotency_key(snapshot, "inbox_notification", "inbox_email") == "STS-AAAA-BBBB:inbox_notification:inbox_email"


def test_each_police_update_is_its_own_delivery() -> None:
    first = _idempotency_key(
        {"reference": "STS-AAAA-BBBB", "updated_at": "2026-11-30T06:00:00.000001+00:00"}, "police_update", "police_email"
    )
    second = _idempotency_key({"reference": "STS-AAAA-BBBB", "updated_at": "2026-11-30T06:00:05+00:00"}, "police_update", "police_email")
    assert first != second and first.startswith("STS-AAAA-BBBB:police_update@") and len(first) <= 96


def test_a_snapshot_queued_before_versioning_keeps_its_key() -> None:
    assert _idempotency_key({"reference": "STS-AAAA-BBBB"}, "police_update", "police_email") == "STS-AAAA-BBBB:police_update:police_email"
