"""The tip store: the one way a report becomes a tip, from chat, SMS, web form or API.

`record_report` triages the report, writes the tip, its encrypted contact details, its
deliveries (outbox) and an audit event in one transaction, so a tip never exists without its
escalation and an escalation never exists without its tip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from spotsigns.contacts import ContactCipher
from spotsigns.fields import CHANNELS, Contact, Report
from spotsigns.models import AuditEvent, ContactCapture, IdempotencyKey, OutboxMessage, PendingContact, Tip, TipContact
from spotsigns.outbox import enqueue_for_tip
from spotsigns.references import new_reference
from spotsigns.triage import TriageResult, triage


class TipNotFound(LookupError):
    pass


class IdempotencyConflict(ValueError):
    """An Idempotency-Key was used before with a different request."""


Routes = Callable[[str], Sequence[str]]


@dataclass(frozen=True, slots=True)
class StoredTip:
    reference: str
    urgency: str
    reasons: tuple[str, ...]
    escalated: bool
    is_complete: bool
    replayed: bool = False  # an Idempotency-Key repeat: the tip of the first request


def _apply(tip: Tip, report: Report, result: TriageResult) -> None:
    tip.language = report.language
    tip.setting = report.setting
    tip.location = report.location
    tip.when_seen = report.when_seen
    tip.signs = list(report.signs)
    tip.people_count = report.people_count
    tip.children_involved = report.children_involved
    tip.immediate_danger = report.immediate_danger
    tip.reporter_is_victim = report.reporter_is_victim
    tip.description = report.description
    tip.contact_ok = report.contact_ok
    tip.urgency = result.urgency
    tip.triage_reasons = list(result.reasons)


def _stored(tip: Tip, *, replayed: bool = False) -> StoredTip:
    return StoredTip(tip.reference, tip.urgency, tuple(tip.triage_reasons), tip.escalated_at is not None, tip.is_complete, replayed)


class TipStore:
    def __init__(self, sessions: sessionmaker[Session], cipher: ContactCipher, routes: Routes = lambda kind: ()) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._routes = routes  # the targets of each kind of delivery (held when none)

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self._sessions

    def ping(self) -> bool:
        """Whether the database answers (readiness)."""
        try:
            with self._sessions() as session:
                session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def close(self) -> None:
        bind = self._sessions.kw.get("bind")
        if bind is not None:
            bind.dispose()

    def record_report(
        self,
        report: Report,
        *,
        channel: str,
        reporter_pseudonym: str | None = None,
        messages: Iterable[str] = (),
        reference: str | None = None,
        complete: bool = True,
        idempotency_key: str | None = None,
        request_hash: str = "",
    ) -> StoredTip:
        """Create a tip (or update the one named by `reference`, e.g. an emergency tip that
        was escalated before the rest of the questions) and queue its deliveries.

        With an `idempotency_key` seen before, nothing is written and the first tip is
        returned (`replayed`), or `IdempotencyConflict` when the request differs."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        result = triage(report, messages)
        for _attempt in range(5):
            try:
                with self._sessions.begin() as session:
                    if idempotency_key is not None:
                        earlier = session.get(IdempotencyKey, idempotency_key)
                        if earlier is not None:
                            if earlier.request_hash != request_hash:
                                raise IdempotencyConflict(idempotency_key)
                            return _stored(session.get_one(Tip, earlier.tip_id), replayed=True)
                    stored, tip_id = self._record(session, report, result, channel, reporter_pseudonym, reference, complete)
                    if idempotency_key is not None:
                        session.add(IdempotencyKey(key=idempotency_key, request_hash=request_hash, tip_id=tip_id))
                    return stored
            except IntegrityError:
                if reference is not None:
                    raise
                continue  # a reference collision (1 in 10^12), or the same key twice at once: look again
        raise RuntimeError("could not allocate a unique tip reference")

    def _record(
        self,
        session: Session,
        report: Report,
        result: TriageResult,
        channel: str,
        pseudonym: str | None,
        reference: str | None,
        complete: bool,
    ) -> tuple[StoredTip, int]:
        now = datetime.now(UTC)
        if reference is None:
            tip = Tip(reference=new_reference(), channel=channel, reporter_pseudonym=pseudonym, status="new", created_at=now)
            session.add(tip)
            action = "tip_created"
        else:
            found = session.scalars(select(Tip).where(Tip.reference == reference).with_for_update()).one_or_none()
            if found is None or (pseudonym is not None and found.reporter_pseudonym != pseudonym):
                raise TipNotFound(reference)
            tip = found
            action = "tip_updated"
        was_escalated = tip.escalated_at is not None
        was_complete = reference is not None and tip.is_complete
        _apply(tip, report, result)
        tip.is_complete = complete
        tip.updated_at = now
        session.flush()

        if report.contact_ok:
            self._attach_contact(session, tip, report.contact, pseudonym)

        kinds: list[str] = []
        if result.urgency == "emergency" and not was_escalated:
            tip.escalated_at = now
            kinds.append("police_escalation")
        elif was_escalated and complete and not was_complete:
            kinds.append("police_update")  # police already have the emergency; send the full picture
        if complete and not was_complete:
            kinds.append("inbox_notification")
        for kind in kinds:
            enqueue_for_tip(session, tip, kind, self._routes(kind))

        session.add(
            AuditEvent(
                tip_id=tip.id,
                actor=f"channel:{channel}",
                action=action,
                detail={"urgency": result.urgency, "reasons": list(result.reasons), "complete": complete, "deliveries": kinds},
            )
        )
        return _stored(tip), tip.id

    def _attach_contact(self, session: Session, tip: Tip, contact: Contact | None, pseudonym: str | None) -> None:
        ciphertext: bytes | None = None
        if contact is not None and not contact.is_empty():
            ciphertext = self._cipher.encrypt(contact)
        elif pseudonym is not None:
            pending = session.scalars(
                select(PendingContact).where(PendingContact.reporter_pseudonym == pseudonym).order_by(PendingContact.id.desc())
            ).first()
            if pending is not None:
                ciphertext = pending.ciphertext
            session.execute(delete(PendingContact).where(PendingContact.reporter_pseudonym == pseudonym))
        if ciphertext is None:
            return
        if tip.contact is None:
            session.add(TipContact(tip_id=tip.id, ciphertext=ciphertext))
        else:
            tip.contact.ciphertext = ciphertext

    # --- contact details captured by the gateway ----------------------------------------
    def expect_contact(self, pseudonym: str, *, ttl: timedelta = timedelta(hours=1)) -> None:
        with self._sessions.begin() as session:
            session.merge(ContactCapture(reporter_pseudonym=pseudonym, expires_at=datetime.now(UTC) + ttl))

    def stop_expecting_contact(self, pseudonym: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(ContactCapture).where(ContactCapture.reporter_pseudonym == pseudonym))

    def contact_expectations(self) -> dict[str, datetime]:
        with self._sessions() as session:
            rows = session.scalars(select(ContactCapture)).all()
            return {row.reporter_pseudonym: row.expires_at for row in rows}

    def store_pending_contact(self, pseudonym: str, contact: Contact) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(PendingContact).where(PendingContact.reporter_pseudonym == pseudonym))
            session.add(PendingContact(reporter_pseudonym=pseudonym, ciphertext=self._cipher.encrypt(contact)))
            session.execute(delete(ContactCapture).where(ContactCapture.reporter_pseudonym == pseudonym))

    def discard_pending_contact(self, pseudonym: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(PendingContact).where(PendingContact.reporter_pseudonym == pseudonym))
            session.execute(delete(ContactCapture).where(ContactCapture.reporter_pseudonym == pseudonym))

    # --- reading ------------------------------------------------------------------------
    def get(self, reference: str) -> Tip:
        with self._sessions() as session:
            tip = session.scalars(select(Tip).where(Tip.reference == reference)).one_or_none()
            if tip is None:
                raise TipNotFound(reference)
            return tip

    def outbox_for(self, reference: str) -> list[OutboxMessage]:
        with self._sessions() as session:
            return list(session.scalars(select(OutboxMessage).join(Tip).where(Tip.reference == reference).order_by(OutboxMessage.id)).all())
