"""When Rasa cannot take a turn, an emergency must still reach the police (SPEC §6).

The gateway runs the same triage the form uses on the message alone. If it is an emergency
("they are beating him", "help me I'm locked in"), the message becomes an emergency tip with
what is known — the reporter's words, the language, the channel — and its police escalation
goes into the outbox in the same transaction. While Rasa stays down, whatever else the
reporter writes is added to that conversation's open emergency tip — also one the form
escalated before Rasa failed — and police get the update: the first answer after the reporter
was asked where it is happening becomes the tip's location, later messages its description.
The open tip is found in the tip store, so this holds across gateway restarts too; when Rasa
is back, the form finds the same tip (actions/safety.py) and goes on with it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace

from spotsigns.report.fields import MAX_DESCRIPTION_CHARS, MAX_LOCATION_CHARS, Report, report_from_stored
from spotsigns.report.triage import triage
from spotsigns.storage.contacts import CONTACT_PLACEHOLDER
from spotsigns.storage.models import Tip
from spotsigns.storage.tips import OPEN_EMERGENCY_WINDOW, TipStore

logger = logging.getLogger("spotsigns.gateway")


@dataclass(frozen=True, slots=True)
class FailsafeTip:
    """The emergency tip a message went into while Rasa was down."""

    reference: str
    has_location: bool  # False: the reporter should be asked where it is happening


class EmergencyFailsafe:
    def __init__(self, store: TipStore) -> None:
        self._store = store

    async def record(self, channel: str, pseudonym: str, text: str, language: str) -> FailsafeTip | None:
        """The emergency tip `text` went into, or None when there is none
        (not an emergency, or it could not be stored: the caller still gives the 999 advice)."""
        if not text.strip() or text.startswith("/") or text == CONTACT_PLACEHOLDER:
            return None
        try:
            return await asyncio.to_thread(self._record, channel, pseudonym, text, language)
        except Exception as exc:  # the reporter still gets the 999 advice; never their words in a log
            logger.error("failsafe emergency tip failed conversation=%s error=%s", pseudonym[:10], type(exc).__name__)
            return None

    def _record(self, channel: str, pseudonym: str, text: str, language: str) -> FailsafeTip | None:
        open_tip = self._store.open_emergency(pseudonym, within=OPEN_EMERGENCY_WINDOW)
        if open_tip is None:
            report = Report(description=text[:MAX_DESCRIPTION_CHARS], language=language)
            if triage(report).urgency != "emergency":
                return None
            stored = self._store.record_report(report, channel=channel, reporter_pseudonym=pseudonym, messages=[text], complete=False)
            logger.warning("rasa unavailable: emergency tip %s recorded by the gateway conversation=%s", stored.reference, pseudonym[:10])
            return FailsafeTip(stored.reference, has_location=False)
        report = _with_more_description(open_tip, text)
        if open_tip.location is None:
            # The reporter was just asked where it is happening; this is the answer.
            report = replace(report, location=text[:MAX_LOCATION_CHARS], description=open_tip.description)
        stored = self._store.record_report(
            report, channel=channel, reporter_pseudonym=pseudonym, reference=open_tip.reference, complete=False, police_update=True
        )
        logger.warning("rasa unavailable: emergency tip %s updated by the gateway conversation=%s", stored.reference, pseudonym[:10])
        return FailsafeTip(stored.reference, has_location=True)


def _with_more_description(tip: Tip, text: str) -> Report:
    description = f"{tip.description}\n{text}" if tip.description else text
    return replace(report_from_stored(tip), description=description[-MAX_DESCRIPTION_CHARS:])
