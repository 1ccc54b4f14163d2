"""The tip store: the one way a report becomes a tip, from chat, SMS, web form or API.

`record_report` triages the report, writes the tip, its encrypted contact details, its
deliveries (outbox) and an audit event in one transaction, so a tip never exists without its
escalation and an escalation never exists without its tip.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from spotsigns.report.fields import CHANNELS, Contact, Report
from spotsigns.report.references import new_reference
from spotsigns.report.triage import TriageResult, triage
from spotsigns.storage.contacts import ContactCipher
from spotsigns.storage.models import AuditEvent, ContactCapture, IdempotencyKey, OutboxMessage, PendingContact, Tip, TipContact
from spotsigns.storage.outbox import enqueue, tip_snapshot, tip_values


class TipNotFound(LookupError):
    pass


class IdempotencyConflict(ValueError):
    """An Idempotency-Key was used before with a different request."""


Routes = Callable[[str], Sequence[str]]
# How long an escalated emergency waits for the rest of its answers in the same conversation.
OPEN_EMERGENCY_WINDOW = timedelta(hours=2)
_INSERT_TIP = insert(Tip.__table__).returning(Tip.__table__.c.id)
_INSERT_AUDIT = insert(AuditEvent.__table__)


@dataclass(frozen=True, slots=True)
class StoredTip:
    reference: str
    urgency: str
    reasons: tuple[str, ...]
    escalated: bool
    is_complete: bool
    replayed: bool = False  # an Idempotency-Key repeat: the tip of the first request


def _columns(report: Report, result: TriageResult) -> dict[str, Any]:
    return {**report.stored_values(), "urgency": result.urgency, "triage_reasons": list(result.reasons)}


def _stored(tip: Tip, *, replayed: bool = False) -> StoredTip:
    return StoredTip(tip.reference, tip.urgency, tuple(tip.triage_reasons), tip.escalated_at is not None, tip.is_complete, replayed)


class TipStore:
    def __init__(self, sessions: sessionmaker[Session], cipher: ContactCipher, routes: Routes = lambda kind: ()) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._routes = routes  # the targets of each kind of delivery (held when none)
        # SQLite has one writer at a time; queueing writers here instead of in SQLite's busy
        # handler (which sleeps up to 100 ms between tries) keeps the slowest reports fast.
        bind = sessions.kw.get("bind")
        self._write_lock = threading.Lock() if bind is not None and bind.dialect.name == "sqlite" else contextlib.nullcontext()

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
        described: Iterable[str] | None = None,
        learned_unconfirmed: bool = False,
        reference: str | None = None,
        complete: bool = True,
        idempotency_key: str | None = None,
        request_hash: str = "",
        police_update: bool = False,
    ) -> StoredTip:
        """Create a tip (or update the one named by `reference`, e.g. an emergency tip that
        was escalated before the rest of the questions) and queue its deliveries.

        With an `idempotency_key` seen before, nothing is written and the first tip is
        returned (`replayed`), or `IdempotencyConflict` when the request differs.
        `police_update` sends police the updated tip even before it is complete (news that
        cannot wait for the rest of the answers, e.g. while Rasa is down)."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        result = triage(report, messages, described, learned_unconfirmed=learned_unconfirmed)
        for _attempt in range(5):
            try:
                with self._write_lock, self._sessions.begin() as session:
                    if idempotency_key is not None:
                        earlier = session.get(IdempotencyKey, idempotency_key)
                        if earlier is not None:
                            if earlier.request_hash != request_hash:
                                raise IdempotencyConflict(idempotency_key)
                            return _stored(session.get_one(Tip, earlier.tip_id), replayed=True)
                    stored, tip_id = self._record(session, report, result, channel, reporter_pseudonym, reference, complete, police_update)
                    if idempotency_key is not None:
                        session.add(IdempotencyKey(key=idempotency_key, request_hash=request_hash, tip_id=tip_id))
                    return stored
            except IntegrityError:
                if reference is not None:
                    raise
                continue  # a reference collision (1 in 10^12), or the same key twice at once: look again
            except DBAPIError as exc:
                if not exc.connection_invalidated:
                    raise
                continue  # the database restarted under us: the pool reconnects, try again
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
        police_update: bool = False,
    ) -> tuple[StoredTip, int]:
        now = datetime.now(UTC)
        values = {**_columns(report, result), "is_complete": complete, "updated_at": now}
        if reference is None:
            was_escalated = was_complete = False
            values.update(reference=new_reference(), channel=channel, reporter_pseudonym=pseudonym, status="new", created_at=now)
            action = "tip_created"
        else:
            tip = session.scalars(select(Tip).where(Tip.reference == reference).with_for_update()).one_or_none()
            if tip is None or (pseudonym is not None and tip.reporter_pseudonym != pseudonym):
                raise TipNotFound(reference)
            was_escalated, was_complete = tip.escalated_at is not None, tip.is_complete
            values = {**tip_values(tip), **values}
            action = "tip_updated"

        kinds: list[str] = []
        if result.urgency == "emergency" and not was_escalated:
            values["escalated_at"] = now
            kinds.append("police_escalation")
        elif was_escalated and ((complete and not was_complete) or police_update):
            kinds.append("police_update")  # police already have the emergency; send the full picture
        if complete and not was_complete:
            kinds.append("inbox_notification")

        # Core statements on the tables, parameters apart from the (cached) statement: this is
        # the hot path of every report, and the ORM's unit of work doubled its cost.
        if reference is None:
            tip_id = session.execute(_INSERT_TIP, values).scalar_one()
        else:
            tip_id = values["id"]
            session.execute(update(Tip).where(Tip.id == tip_id).values({k: v for k, v in values.items() if k != "id"}))
        if report.contact_ok:
            self._attach_contact(session, tip_id, report.contact, pseudonym)
        elif complete and pseudonym is not None:  # details typed by a reporter who stayed anonymous
            session.execute(delete(PendingContact).where(PendingContact.reporter_pseudonym == pseudonym))
        snapshot = tip_snapshot(values)
        for kind in kinds:
            enqueue(session, tip_id, snapshot, kind, self._routes(kind))
        session.execute(
            _INSERT_AUDIT,
            {
                "tip_id": tip_id,
                "actor": f"channel:{channel}",
                "action": action,
                "detail": {"urgency": result.urgency, "reasons": list(result.reasons), "complete": complete, "deliveries": kinds},
                "created_at": now,
            },
        )
        stored = StoredTip(values["reference"], result.urgency, result.reasons, values.get("escalated_at") is not None, complete)
        return stored, tip_id

    def _attach_contact(self, session: Session, tip_id: int, contact: Contact | None, pseudonym: str | None) -> None:
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
        session.execute(delete(TipContact).where(TipContact.tip_id == tip_id))
        session.execute(insert(TipContact).values(tip_id=tip_id, ciphertext=ciphertext, created_at=datetime.now(UTC)))

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

    def open_emergency(self, pseudonym: str, *, within: timedelta = OPEN_EMERGENCY_WINDOW) -> Tip | None:
        """This conversation's newest emergency tip that still waits for the rest of the
        answers, if it was created within `within`."""
        since = datetime.now(UTC) - within
        with self._sessions() as session:
            return session.scalars(
                select(Tip)
                .where(
                    Tip.reporter_pseudonym == pseudonym, Tip.escalated_at.is_not(None), Tip.is_complete.is_(False), Tip.created_at >= since
                )
                .order_by(Tip.id.desc())
                .limit(1)
            ).one_or_none()

    def outbox_for(self, reference: str) -> list[OutboxMessage]:
        with self._sessions() as session:
            return list(session.scalars(select(OutboxMessage).join(Tip).where(Tip.reference == reference).order_by(OutboxMessage.id)).all())
