"""The transactional outbox: deliveries are rows written with their tip, sent by a worker.

Kinds: ``police_escalation`` (an emergency, at once), ``police_update`` (the full report after
an emergency was escalated with partial answers), ``inbox_notification`` (community safety
team). Each kind goes to one or more targets (spotsigns.storage.routing). Payloads are
snapshots of the anonymised tip: never contact details (a police message adds those of a
consenting reporter at the moment of sending, decrypted from the tip's contact row).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from sqlalchemy import insert
from sqlalchemy.orm import Session

from spotsigns.report.fields import STORED_FIELDS
from spotsigns.storage.models import OutboxMessage, Tip, utcnow
from spotsigns.storage.routing import HELD

KINDS: Final = ("police_escalation", "police_update", "inbox_notification")


# The anonymised tip as deliveries carry it: the declaration's stored fields (spotsigns.report.fields)
# and what the tip store adds to them.
SNAPSHOT_FIELDS: Final = ("reference", "channel", "urgency", *STORED_FIELDS)


def tip_snapshot(values: Mapping[str, Any]) -> dict[str, Any]:
    """The anonymised tip as deliveries carry it, from the tip's column values."""
    snapshot = {name: values[name] for name in SNAPSHOT_FIELDS}
    snapshot.update(
        reasons=list(values["triage_reasons"]),
        signs=list(values["signs"]),
        complete=values["is_complete"],
        created_at=values["created_at"].isoformat(),
        updated_at=values["updated_at"].isoformat(),
    )
    return snapshot


def _idempotency_key(snapshot: Mapping[str, Any], kind: str, target: str) -> str:
    # A tip may be updated more than once; each update is news. (Snapshots queued before
    # updates were versioned have no updated_at: they keep the key they would have had.)
    if kind == "police_update" and snapshot.get("updated_at"):
        version = datetime.fromisoformat(snapshot["updated_at"]).strftime("%Y%m%dT%H%M%S%f")
        return f"{snapshot['reference']}:{kind}@{version}:{target}"
    return f"{snapshot['reference']}:{kind}:{target}"


def tip_values(tip: Tip) -> dict[str, Any]:
    return {column.key: getattr(tip, column.key) for column in Tip.__table__.columns}


def enqueue(session: Session, tip_id: int, snapshot: dict[str, Any], kind: str, targets: Sequence[str]) -> None:
    """One row per target; with no target configured, one `held` row that the worker routes
    once a transport is configured (a delivery is never dropped)."""
    if kind not in KINDS:
        raise ValueError(f"unknown delivery kind {kind!r}")
    now = utcnow()
    rows = [
        {
            "tip_id": tip_id,
            "kind": kind,
            "target": target,
            # Receivers de-duplicate on this key: a retried delivery is harmless.
            "idempotency_key": _idempotency_key(snapshot, kind, target),
            "payload": {"kind": kind, "tip": snapshot},
            "status": "held" if target == HELD else "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for target in (targets or [HELD])
    ]
    session.execute(insert(OutboxMessage.__table__), rows)
