"""Wiring: one TipStore per process, built from the settings."""

from __future__ import annotations

from functools import lru_cache

from spotsigns.config import Settings
from spotsigns.storage.contacts import ContactCipher
from spotsigns.storage.db import make_engine, session_factory
from spotsigns.storage.routing import configured_targets
from spotsigns.storage.tips import TipStore


def build_tip_store(settings: Settings) -> TipStore:
    return TipStore(
        session_factory(make_engine(settings.database_url)),
        ContactCipher(settings.contact_key),
        routes=lambda kind: configured_targets(settings, kind),
    )


@lru_cache(maxsize=1)
def default_tip_store() -> TipStore:
    return build_tip_store(Settings.load())
