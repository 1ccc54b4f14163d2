"""`spotsigns purge`: erase what should not be kept (SPEC: data retention).

After RETENTION_DAYS: contact details of tips, pending contact details never attached to a
tip, SMS conversation state, and Rasa's conversation trackers (the transcripts); SMS replies
kept for Twilio's retries after a day. The tips themselves stay: they are
the council's anonymised record. Every purge is audited with counts only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, delete, inspect, select, text
from sqlalchemy.orm import Session, sessionmaker

from spotsigns.storage.models import AuditEvent, ContactCapture, PendingContact, SmsConversation, SmsReply, Tip, TipContact


@dataclass(frozen=True, slots=True)
class PurgeResult:
    contacts: int
    pending_contacts: int
    tracker_events: int
    cutoff: str


def purge(sessions: sessionmaker[Session], tracker_db: Path | None, *, retention_days: int, now: datetime | None = None) -> PurgeResult:
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(days=retention_days)
    with sessions.begin() as session:
        old_tips = select(Tip.id).where(Tip.created_at < cutoff)
        contacts = session.execute(delete(TipContact).where(TipContact.tip_id.in_(old_tips))).rowcount or 0
        # Contact details typed but never sent with a report: a day is long enough.
        pending = session.execute(delete(PendingContact).where(PendingContact.created_at < now - timedelta(days=1))).rowcount or 0
        session.execute(delete(ContactCapture).where(ContactCapture.expires_at < now))
        # SMS replies are kept only to answer Twilio's retries; conversation state until retention.
        session.execute(delete(SmsReply).where(SmsReply.created_at < now - timedelta(days=1)))
        session.execute(delete(SmsConversation).where(SmsConversation.updated_at < cutoff))
        events = _purge_trackers(tracker_db, cutoff) if tracker_db is not None else 0
        result = PurgeResult(contacts, pending, events, cutoff.isoformat())
        session.add(AuditEvent(tip_id=None, actor="system:purge", action="purged", detail=asdict(result)))
    return result


def _purge_trackers(tracker_db: Path, cutoff: datetime) -> int:
    """Delete Rasa tracker events older than the cutoff (SQL tracker store on SQLite)."""
    if not tracker_db.exists():
        return 0
    engine = create_engine(f"sqlite:///{tracker_db}")
    try:
        if not inspect(engine).has_table("events"):
            return 0
        with engine.begin() as connection:
            result = connection.execute(text("DELETE FROM events WHERE timestamp < :cutoff"), {"cutoff": cutoff.timestamp()})
            return result.rowcount or 0
    finally:
        engine.dispose()
