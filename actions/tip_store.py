"""The action server's handle on the tip store. Database work runs in a thread so that a slow
disk never blocks other conversations on the action server's event loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from rasa_sdk import Tracker

from actions.conversation import channel_of, learned_reading_unconfirmed, report_from_slots, reporter_messages
from spotsigns.report.fields import Contact, Report
from spotsigns.storage.models import Tip
from spotsigns.storage.store import default_tip_store
from spotsigns.storage.tips import StoredTip

logger = logging.getLogger(__name__)


async def record_report(
    report: Report,
    *,
    channel: str,
    pseudonym: str,
    messages: Sequence[str],
    reference: str | None,
    complete: bool,
    police_update: bool = False,
    described: Sequence[str] | None = None,
    learned_unconfirmed: bool = False,
) -> StoredTip:
    store = default_tip_store()
    return await asyncio.to_thread(
        store.record_report,
        report,
        channel=channel,
        reporter_pseudonym=pseudonym,
        messages=tuple(messages),
        described=None if described is None else tuple(described),
        learned_unconfirmed=learned_unconfirmed,
        reference=reference,
        complete=complete,
        police_update=police_update,
    )


async def record_conversation_report(tracker: Tracker, *, reference: str | None, complete: bool, police_update: bool = False) -> StoredTip:
    """Record the report of this conversation as far as it is known (its answers, channel,
    pseudonym and the reporter's own words): a new tip (`reference` None) or an update of tip
    `reference`. Used by the form (an emergency) and by submitting or stopping a report."""
    return await record_report(
        report_from_slots(tracker.slots),
        channel=channel_of(tracker),
        pseudonym=tracker.sender_id,
        messages=reporter_messages(tracker),
        described=reporter_messages(tracker, described_only=True),
        learned_unconfirmed=learned_reading_unconfirmed(tracker.slots),
        reference=reference,
        complete=complete,
        police_update=police_update,
    )


async def open_emergency(pseudonym: str) -> Tip | None:
    """This conversation's emergency tip still waiting for the rest of the report, e.g. one
    the gateway escalated while Rasa or the action server was down."""
    return await asyncio.to_thread(default_tip_store().open_emergency, pseudonym)


async def store_pending_contact(pseudonym: str, contact: Contact) -> None:
    await asyncio.to_thread(default_tip_store().store_pending_contact, pseudonym, contact)


async def discard_pending_contact(pseudonym: str) -> None:
    await asyncio.to_thread(default_tip_store().discard_pending_contact, pseudonym)
