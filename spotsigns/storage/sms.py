"""What the gateway keeps about SMS conversations, by pseudonym: the numbered options last
offered, the conversation's language, whether the sender opted out, and the reply to each
Twilio MessageSid (so a retry is answered without a second turn)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from spotsigns.storage.models import SmsConversation, SmsReply


@dataclass(slots=True)
class SmsState:
    options: list[dict[str, str]] = field(default_factory=list)
    language: str = "en"
    opted_out: bool = False
    is_new: bool = True


class SmsStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def load(self, pseudonym: str) -> SmsState:
        with self._sessions() as session:
            row = session.get(SmsConversation, pseudonym)
            if row is None:
                return SmsState()
            return SmsState(list(row.options or []), row.language, row.opted_out, is_new=False)

    def save(self, pseudonym: str, state: SmsState) -> None:
        now = datetime.now(UTC)
        with self._sessions.begin() as session:
            row = session.get(SmsConversation, pseudonym)
            if row is None:
                session.add(
                    SmsConversation(
                        reporter_pseudonym=pseudonym, options=state.options, language=state.language, opted_out=state.opted_out,
                        created_at=now, updated_at=now,
                    )
                )  # fmt: skip
            else:
                row.options, row.language, row.opted_out, row.updated_at = state.options, state.language, state.opted_out, now

    def reply_for(self, message_sid: str) -> str | None:
        with self._sessions() as session:
            row = session.get(SmsReply, message_sid)
            return row.twiml if row is not None else None

    def remember_reply(self, message_sid: str, twiml: str) -> None:
        try:
            with self._sessions.begin() as session:
                session.add(SmsReply(message_sid=message_sid, twiml=twiml, created_at=datetime.now(UTC)))
        except IntegrityError:
            pass  # the same message answered twice at once: the first answer stands

    def forget_replies_older_than(self, age: timedelta) -> int:
        with self._sessions.begin() as session:
            return session.execute(delete(SmsReply).where(SmsReply.created_at < datetime.now(UTC) - age)).rowcount or 0

    def opted_out(self) -> list[str]:
        with self._sessions() as session:
            return list(session.scalars(select(SmsConversation.reporter_pseudonym).where(SmsConversation.opted_out)).all())
