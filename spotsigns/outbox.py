"""The transactional outbox: deliveries are rows written with their tip, sent by a worker.

Kinds: ``police_escalation`` (an emergency, at once), ``police_update`` (the full report after
an emergency was escalated with partial answers), ``inbox_notification`` (community safety
team). Payloads are snapshots of the anonymised tip: never contact details.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy.orm import Session

from spotsigns.models import OutboxMessage, Tip, utcnow

KINDS: Final = ("police_escalation", "police_update", "inbox_notification")


def tip_snapshot(tip: Tip) -> dict[str, Any]:
    return {
        "reference": tip.reference,
        "channel": tip.channel,
        "language": tip.language,
        "urgency": tip.urgency,
        "reasons": list(tip.triage_reasons),
        "setting": tip.setting,
        "location": tip.location,
        "when_seen": tip.when_seen,
        "signs": list(tip.signs),
        "people_count": tip.people_count,
        "children_involved": tip.children_involved,
        "immediate_danger": tip.immediate_danger,
        "reporter_is_victim": tip.reporter_is_victim,
        "description": tip.description,
        "contact_ok": tip.contact_ok,
        "complete": tip.is_complete,
        "created_at": tip.created_at.isoformat(),
    }


def enqueue_for_tip(session: Session, tip: Tip, kind: str) -> OutboxMessage:
    if kind not in KINDS:
        raise ValueError(f"unknown delivery kind {kind!r}")
    message = OutboxMessage(
        tip_id=tip.id,
        kind=kind,
        # Each kind is sent at most once per tip; receivers de-duplicate on this key, so a
        # retried delivery is harmless.
        idempotency_key=f"{tip.reference}:{kind}",
        payload={"kind": kind, "tip": tip_snapshot(tip)},
        status="pending",
        next_attempt_at=utcnow(),
    )
    session.add(message)
    return message
