"""One conversation turn through the gateway, shared by every channel (web chat, SMS).

The raw sender id never leaves this module: it becomes a keyed pseudonym, messages from one
sender are handled one at a time (Rasa would otherwise wait on its own per-conversation lock,
re-checking once a second), contact details are captured and encrypted here so Rasa never
sees them, and a failed Rasa turn still gives the reporter the 999 advice and helplines — and
an emergency said while Rasa is down still becomes a police escalation (bot/failsafe.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from bot.failsafe import EmergencyFailsafe
from bot.language import LanguageDetector
from bot.rasa_client import RasaClient, RasaUnavailable
from spotsigns.config import Settings, current_settings
from spotsigns.report import i18n
from spotsigns.report.fields import LANGUAGES
from spotsigns.report.helplines import reporter_values
from spotsigns.report.pseudonym import pseudonymise
from spotsigns.report.text import fold_latin
from spotsigns.storage.contacts import CONTACT_PLACEHOLDER, contact_from_text, split_contact_details
from spotsigns.storage.models import as_utc
from spotsigns.storage.tips import TipStore

logger = logging.getLogger("spotsigns.gateway")

CONTACT_WINDOW: Final = timedelta(hours=1)
# Words that, typed at the contact question, are a choice rather than contact details.
_NOT_CONTACT_DETAILS: Final = frozenset(
    [
        *"skip stop cancel no nope none quit exit back help nie anuluj pomin nu renunt jo anulo khong dung ne atsaukti".split(),
        *("no thanks", "rather not", "stay anonymous", "i'd rather not", "no thank you"),
    ]
)


@dataclass(slots=True)
class BotMessage:
    text: str | None = None
    buttons: list[dict[str, str]] = field(default_factory=list)
    image: str | None = None


@dataclass(slots=True)
class TurnResult:
    messages: list[BotMessage]
    ok: bool
    language: str | None = None  # detected in this message, when clear


class _SenderLocks:
    """An asyncio.Lock per pseudonym, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


class ContactCapture:
    """Which conversations' next message is contact details. Kept in memory for speed and in
    the database, so a gateway restart between question and answer still captures it."""

    def __init__(self, store: TipStore) -> None:
        self._store = store
        self._expecting: dict[str, datetime] = {}

    def load(self) -> None:
        self._expecting = self._store.contact_expectations()

    def expecting(self, pseudonym: str) -> bool:
        expires = self._expecting.get(pseudonym)
        if expires is None:
            return False
        return as_utc(expires) > datetime.now(UTC)

    async def expect(self, pseudonym: str) -> None:
        await asyncio.to_thread(self._store.expect_contact, pseudonym)
        self._expecting[pseudonym] = datetime.now(UTC) + CONTACT_WINDOW

    async def capture(self, pseudonym: str, text: str) -> None:
        await asyncio.to_thread(self._store.store_pending_contact, pseudonym, contact_from_text(text))
        self._expecting.pop(pseudonym, None)

    async def scrub(self, pseudonym: str, text: str) -> str:
        """Any message with a phone number or e-mail address in it ("call the boss on 07700
        900123", or "yes, on …" at the consent question): the details are stored encrypted
        apart (kept with the tip only if the reporter agrees to contact) and replaced by the
        placeholder, so they reach no tracker, log or tip text (issue 10)."""
        scrubbed, contact = split_contact_details(text)
        if contact is not None:
            await asyncio.to_thread(self._store.store_pending_contact, pseudonym, contact)
        return scrubbed

    async def cancel(self, pseudonym: str) -> None:
        if self._expecting.pop(pseudonym, None) is not None:
            await asyncio.to_thread(self._store.stop_expecting_contact, pseudonym)


class ConversationGateway:
    def __init__(
        self,
        *,
        rasa: RasaClient,
        detector: LanguageDetector,
        store: TipStore,
        pseudonym_key: bytes,
        settings: Settings | None = None,
    ) -> None:
        # The helpline named in the failure messages comes from configuration, read now in
        # every language: a helplines file without it stops the gateway at start, and an outage
        # needs no file read to give the advice.
        settings = settings or current_settings()
        self._failure_values = {language: reporter_values(settings, language) for language in LANGUAGES}
        self._rasa = rasa
        self._detector = detector
        self._key = pseudonym_key
        self._locks = _SenderLocks()
        self.contacts = ContactCapture(store)
        self.failsafe = EmergencyFailsafe(store)

    def pseudonym(self, channel: str, sender_id: str) -> str:
        return pseudonymise(self._key, channel, sender_id)

    def hold(self, pseudonym: str) -> AbstractAsyncContextManager[None]:
        """Exclusive use of one conversation (messages from one sender, one at a time)."""
        return self._locks.hold(pseudonym)

    async def turn(self, channel: str, sender_id: str, text: str) -> TurnResult:
        pseudonym = self.pseudonym(channel, sender_id)
        async with self.hold(pseudonym):
            return await self.turn_held(channel, pseudonym, text)

    async def turn_held(self, channel: str, pseudonym: str, text: str, *, known_language: str = "en") -> TurnResult:
        """One turn of a conversation whose lock the caller holds (see `hold`)."""
        short = pseudonym[:10]  # enough to follow a conversation in the logs, useless to anyone else
        started = time.perf_counter()
        metadata: dict[str, Any] = {"channel": channel}
        detection = self._detector.detect(text)
        if detection is not None:
            metadata["language"] = detection.language
            if detection.chosen:
                metadata["language_chosen"] = True
                text = "/greet"  # "polski": greet again, now in the chosen language
        if self.contacts.expecting(pseudonym):
            if text.startswith("/") or fold_latin(text).strip(" .!") in _NOT_CONTACT_DETAILS:
                await self.contacts.cancel(pseudonym)
            else:
                await self.contacts.capture(pseudonym, text)
                text = CONTACT_PLACEHOLDER
        else:
            text = await self.contacts.scrub(pseudonym, text)
        try:
            raw = await self._rasa.send(pseudonym, text, metadata)
        except RasaUnavailable as exc:
            logger.error("turn failed conversation=%s channel=%s reason=%s", short, channel, exc)
            language = metadata.get("language", known_language)
            tip = await self.failsafe.record(channel, pseudonym, text, language)
            if tip is None:
                replies = [i18n.text("service_failure", language, **self._failure_values.get(language, self._failure_values["en"]))]
            else:
                replies = [i18n.text("service_failure_emergency_sent", language).format(reference=tip.reference)]
                if not tip.has_location:
                    replies.append(i18n.text("service_failure_ask_location", language))
            return TurnResult([BotMessage(text=reply) for reply in replies], ok=False, language=metadata.get("language"))
        messages: list[BotMessage] = []
        for item in raw:
            custom = item.get("custom")
            if isinstance(custom, dict) and custom.get("expect") == "contact":
                await self.contacts.expect(pseudonym)
            if item.get("text") or item.get("buttons") or item.get("image"):
                messages.append(_bot_message(item))
        logger.info(
            "turn conversation=%s channel=%s language=%s replies=%d ms=%.0f",
            short, channel, metadata.get("language", "-"), len(messages), (time.perf_counter() - started) * 1000,
        )  # fmt: skip
        return TurnResult(messages, ok=True, language=metadata.get("language"))


def _bot_message(item: dict[str, Any]) -> BotMessage:
    buttons = [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in item.get("buttons") or []
        if isinstance(b, dict) and b.get("payload")
    ]
    return BotMessage(text=item.get("text"), buttons=buttons, image=item.get("image"))
