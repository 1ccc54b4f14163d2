"""Keyed pseudonyms for reporters (SPEC §1).

A phone number, IP address or browser session id is replaced, at the gateway, by an HMAC
under a secret key: the same sender always maps to the same pseudonym (one conversation,
linkable repeat reports) but the pseudonym cannot be reversed or recomputed without the key.
"""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "p-"


def pseudonymise(key: bytes, channel: str, sender_id: str) -> str:
    """The stable pseudonym of `sender_id` on `channel` (e.g. "web_chat", "sms")."""
    if not key:
        raise ValueError("a pseudonym key is required")
    digest = hmac.new(key, f"{channel}\x1f{sender_id}".encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:40]
