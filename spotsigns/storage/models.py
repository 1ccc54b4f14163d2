"""Database tables (SQLAlchemy 2.0 typed models). Schema changes go through Alembic."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored moment as an aware UTC datetime (SQLite gives naive ones back; we write UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class Tip(Base):
    """An anonymised report in the community safety queue. Never holds contact details."""

    __tablename__ = "tips"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8), default="en")
    setting: Mapped[str | None] = mapped_column(String(32))
    location: Mapped[str | None] = mapped_column(Text)
    when_seen: Mapped[str | None] = mapped_column(String(16))
    signs: Mapped[list[str]] = mapped_column(JSON, default=list)
    people_count: Mapped[int | None] = mapped_column(Integer)
    children_involved: Mapped[str | None] = mapped_column(String(8))
    immediate_danger: Mapped[str | None] = mapped_column(String(8))
    reporter_is_victim: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str | None] = mapped_column(Text)
    contact_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    urgency: Mapped[str] = mapped_column(String(16))
    triage_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="new")
    # False while an emergency tip waits for the rest of the answers.
    is_complete: Mapped[bool] = mapped_column(Boolean, default=True)
    reporter_pseudonym: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    contact: Mapped[TipContact | None] = relationship(back_populates="tip", uselist=False)

    __table_args__ = (Index("ix_tips_urgency_status", "urgency", "status"),)


class TipContact(Base):
    """A consenting reporter's contact details, encrypted (Fernet), kept apart from the tip."""

    __tablename__ = "tip_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tips.id", ondelete="CASCADE"), unique=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    tip: Mapped[Tip] = relationship(back_populates="contact")


class PendingContact(Base):
    """Contact details typed in chat or SMS, captured by the gateway before Rasa sees them,
    encrypted, and waiting for the conversation's tip to be submitted."""

    __tablename__ = "pending_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reporter_pseudonym: Mapped[str] = mapped_column(String(64), index=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ContactCapture(Base):
    """A conversation whose next message is the reporter's contact details (see the gateway)."""

    __tablename__ = "contact_captures"

    reporter_pseudonym: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OutboxMessage(Base):
    """One delivery (a kind of message to one target), written in the same transaction as its
    tip; a worker sends it with retries. Status: `held` (no transport configured yet),
    `pending`, `sending` (claimed under a lease), `delivered`, `rerouted` (a held row whose
    targets were configured later)."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tips.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(32), default="held")
    idempotency_key: Mapped[str] = mapped_column(String(96), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)


class DeliveryAttempt(Base):
    """Every try at a delivery, successful or not (the error names the failure, no content)."""

    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"), index=True)
    worker: Mapped[str] = mapped_column(String(64))
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(Integer)


class IdempotencyKey(Base):
    """An API client's Idempotency-Key, so a repeated submission returns the first tip."""

    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    tip_id: Mapped[int] = mapped_column(ForeignKey("tips.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEvent(Base):
    """Who did what to a tip, and when. Never holds personal data."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tip_id: Mapped[int | None] = mapped_column(ForeignKey("tips.id"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SmsConversation(Base):
    """What the gateway remembers about an SMS conversation (by pseudonym, never the number):
    the numbered options last offered, the language, and whether the sender opted out."""

    __tablename__ = "sms_conversations"

    reporter_pseudonym: Mapped[str] = mapped_column(String(64), primary_key=True)
    options: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(8), default="en")
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SmsReply(Base):
    """The reply to each inbound MessageSid, so a Twilio retry gets the same answer without a
    second turn in Rasa. Purged after a day."""

    __tablename__ = "sms_replies"

    message_sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    twiml: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
