"""The transactional outbox: deliveries are rows written with their tip, sent by a worker.

Kinds: ``police_escalation`` (an emergency, at once), ``police_update`` (the full report after
an emergency was escalated with partial answers), ``inbox_notification`` (community safety
team). Each kind goes to one or more targets (spotsigns.delivery.routing). Payloads are
snapshots of the anonymised tip: never contact details (a police message adds those of a
consenting reporter at the moment of sending, decrypted from the tip's contact row).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy.orm import Session

from spotsigns.delivery.routing import HELD
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


def enqueue_for_tip(session: Session, tip: Tip, kind: str, targets: Sequence[str]) -> list[OutboxMessage]:
    """One row per target; with no target configured, one `held` row that the worker routes
    once a transport is configured (a delivery is never dropped)."""
    if kind not in KINDS:
        raise ValueError(f"unknown delivery kind {kind!r}")
    payload = {"kind": kind, "tip": tip_snapshot(tip)}
    rows = [
        OutboxMessage(
            tip_id=tip.id,
            kind=kind,
            target=target,
            # Receivers de-duplicate on this key: a retried delivery is harmless.
            idempotency_key=f"{tip.reference}:{kind}:{target}",
            payload=payload,
            status="held" if target == HELD else "pending",
            next_attempt_at=utcnow(),
        )
        for target in (targets or [HELD])
    ]
    session.add_all(rows)
    return rows
