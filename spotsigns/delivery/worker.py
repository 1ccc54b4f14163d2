"""The outbox worker: claims due deliveries under a lease, sends them, records every attempt,
and retries failures with exponential backoff and jitter. Nothing is ever dropped: a delivery
stays in the outbox until a transport accepts it.

Safe with several workers: claiming is a conditional UPDATE (status and lease checked in the
same statement), on PostgreSQL after `SELECT … FOR UPDATE SKIP LOCKED`, so two workers never
hold the same row. A worker that dies mid-delivery leaves its rows `sending`; when the lease
runs out another worker takes them again (at-least-once; receivers de-duplicate on the
idempotency key).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from spotsigns.config import Settings
from spotsigns.delivery.messages import Delivery
from spotsigns.delivery.transports import DeliveryError, Transport
from spotsigns.storage.contacts import ContactCipher
from spotsigns.storage.models import DeliveryAttempt, OutboxMessage, TipContact
from spotsigns.storage.outbox import enqueue
from spotsigns.storage.routing import configured_targets

logger = logging.getLogger("spotsigns.outbox")
POLICE_TARGETS = frozenset({"police_email", "police_webhook"})


def backoff_seconds(attempts: int, base: float, cap: float, rand: float) -> float:
    """Exponential backoff with jitter: base·2^(n-1), capped, then scaled by 0.5–1.0."""
    return min(cap, base * 2 ** max(0, attempts - 1)) * (0.5 + rand / 2)


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    batch_size: int = 20
    lease: timedelta = timedelta(seconds=120)
    backoff_base: float = 5.0
    backoff_cap: float = 900.0
    poll_seconds: float = 1.0
    delivery_timeout: float = 20.0

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkerConfig:
        return cls(
            lease=timedelta(seconds=settings.outbox_lease_seconds),
            backoff_base=settings.outbox_backoff_base_seconds,
            backoff_cap=settings.outbox_backoff_cap_seconds,
            poll_seconds=settings.outbox_poll_seconds,
            delivery_timeout=settings.delivery_timeout_seconds + 5,
        )


class OutboxWorker:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        transports: Mapping[str, Transport],
        cipher: ContactCipher,
        *,
        config: WorkerConfig | None = None,
        worker_id: str | None = None,
    ) -> None:
        self._sessions = sessions
        self._settings = settings
        self._transports = transports
        self._cipher = cipher
        self._config = config or WorkerConfig.from_settings(settings)
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{random.getrandbits(24):06x}"
        self._postgres = sessions.kw["bind"].dialect.name == "postgresql"

    # --- database work (run in a thread) -----------------------------------------------------
    def route_held(self) -> int:
        """Give held deliveries their targets once a transport is configured."""
        routed = 0
        with self._sessions.begin() as session:
            for row in session.scalars(select(OutboxMessage).where(OutboxMessage.status == "held").with_for_update()).all():
                targets = configured_targets(self._settings, row.kind)
                if targets:
                    enqueue(session, row.tip_id, row.payload["tip"], row.kind, targets)
                    row.status = "rerouted"
                    routed += 1
        return routed

    def claim(self) -> list[Delivery]:
        now = datetime.now(UTC)
        due = or_(
            and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
            and_(OutboxMessage.status == "sending", OutboxMessage.lease_until < now),  # a worker died
        )
        with self._sessions.begin() as session:
            query = (
                select(OutboxMessage.id)
                .where(due)
                .order_by(case((OutboxMessage.kind == "police_escalation", 0), else_=1), OutboxMessage.id)
                .limit(self._config.batch_size)
            )
            if self._postgres:
                query = query.with_for_update(skip_locked=True)
            ids = list(session.scalars(query).all())
            if not ids:
                return []
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), due)
                .values(
                    status="sending",
                    lease_until=now + self._config.lease,
                    claimed_by=self.worker_id,
                    attempts=OutboxMessage.attempts + 1,
                )
            )
            rows = session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == self.worker_id, OutboxMessage.status == "sending"
                )
            ).all()
            return [self._delivery(session, row) for row in rows]

    def _delivery(self, session: Session, row: OutboxMessage) -> Delivery:
        contact = None
        if row.target in POLICE_TARGETS and row.payload["tip"].get("contact_ok"):
            stored = session.scalars(select(TipContact).where(TipContact.tip_id == row.tip_id)).first()
            if stored is not None:
                contact = self._cipher.decrypt(stored.ciphertext)
        return Delivery(row.id, row.kind, row.target, row.idempotency_key, row.payload["tip"], row.attempts, contact)

    def finish(self, delivery: Delivery, error: str | None, duration_ms: int) -> None:
        now = datetime.now(UTC)
        with self._sessions.begin() as session:
            session.add(
                DeliveryAttempt(
                    outbox_id=delivery.outbox_id,
                    worker=self.worker_id,
                    attempted_at=now,
                    succeeded=error is None,
                    error=error,
                    duration_ms=duration_ms,
                )
            )
            mine = and_(OutboxMessage.id == delivery.outbox_id, OutboxMessage.claimed_by == self.worker_id)
            if error is None:
                values = {"status": "delivered", "delivered_at": now, "lease_until": None, "last_error": None}
            else:
                delay = backoff_seconds(delivery.attempt, self._config.backoff_base, self._config.backoff_cap, random.random())
                values = {"status": "pending", "next_attempt_at": now + timedelta(seconds=delay), "lease_until": None, "last_error": error}
            session.execute(update(OutboxMessage).where(mine).values(**values))

    # --- the loop -----------------------------------------------------------------------------
    async def _send(self, delivery: Delivery) -> None:
        started = time.perf_counter()
        transport = self._transports.get(delivery.target)
        error: str | None = None
        if transport is None:
            error = f"no transport configured for {delivery.target}"
        else:
            try:
                await asyncio.wait_for(transport.send(delivery), self._config.delivery_timeout)
            except DeliveryError as exc:
                error = str(exc)
            except TimeoutError:
                error = "timeout"
            except Exception as exc:  # a bug in a transport must not stop the other deliveries
                error = f"unexpected: {type(exc).__name__}"
        duration = int((time.perf_counter() - started) * 1000)
        await asyncio.to_thread(self.finish, delivery, error, duration)
        reference = delivery.tip.get("reference")
        if error is None:
            logger.info("delivered %s %s to %s (attempt %d, %d ms)", reference, delivery.kind, delivery.target, delivery.attempt, duration)
        else:
            logger.warning(
                "delivery failed %s %s to %s (attempt %d): %s", reference, delivery.kind, delivery.target, delivery.attempt, error
            )

    async def run_once(self) -> int:
        """Route held rows, claim what is due, send it. Returns how many were attempted."""
        await asyncio.to_thread(self.route_held)
        deliveries = await asyncio.to_thread(self.claim)
        await asyncio.gather(*(self._send(d) for d in deliveries))
        return len(deliveries)

    async def run(self, stop: asyncio.Event) -> None:
        logger.info("outbox worker %s started (targets: %s)", self.worker_id, ", ".join(sorted(self._transports)) or "none configured")
        while not stop.is_set():
            try:
                attempted = await self.run_once()
            except Exception as exc:  # the database may be restarting: wait and try again
                logger.error("outbox worker cycle failed: %s", type(exc).__name__)
                attempted = 0
            if attempted == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self._config.poll_seconds)
