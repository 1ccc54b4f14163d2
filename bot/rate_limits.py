"""Flood protection for the public endpoints (SPEC §1: the gateway rate-limits), on `limits`.

Two budgets, both sliding windows:
- per conversation (the sender pseudonym of a chat or an SMS number): far above what a person
  types, so only scripts meet it;
- per client address (chat and JSON API): generous, because a mobile network or a library can
  put many residents behind one address.

Keys are pseudonyms or keyed HMACs of the address, so the limiter's store (memory, or Redis
shared by several gateway processes) never holds a reporter identifier. If that store fails,
requests are let through and the failure is logged: a reporter is never refused because the
flood protection is broken.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time
from dataclasses import dataclass
from typing import Final

from limits import RateLimitItem, parse_many
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.storage import storage_from_string
from sanic import Request

logger = logging.getLogger("spotsigns.gateway")

_ASYNC_SCHEMES: Final = {"memory": "async+memory", "redis": "async+redis", "rediss": "async+rediss"}


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds, for the Retry-After header


ALLOWED: Final = Verdict(True)


class RateLimiter:
    def __init__(self, *, storage_url: str, per_conversation: str, per_client: str, key: bytes) -> None:
        scheme, _, rest = storage_url.partition("://")
        if scheme not in _ASYNC_SCHEMES:
            raise ValueError(f"RATE_LIMIT_STORAGE_URL must be memory:// or redis://…, not {scheme}://")
        options = {"implementation": "redispy"} if scheme.startswith("redis") else {}
        self._storage = storage_from_string(f"{_ASYNC_SCHEMES[scheme]}://{rest}", **options)
        self._strategy = SlidingWindowCounterRateLimiter(self._storage)  # type: ignore[arg-type]
        self._per_conversation = _parse("RATE_LIMIT_CONVERSATION", per_conversation)
        self._per_client = _parse("RATE_LIMIT_CLIENT", per_client)
        # A limited conversation is told so once in the longest of its windows.
        longest = max(self._per_conversation, key=lambda item: item.get_expiry())
        self._notice = [type(longest)(1, longest.multiples, longest.namespace)]
        self._key = key

    async def conversation(self, pseudonym: str) -> Verdict:
        return await self._hit(self._per_conversation, "conversation", pseudonym)

    async def notice(self, pseudonym: str) -> Verdict:
        """Whether a conversation over its budget may be told so now (once a window)."""
        return await self._hit(self._notice, "notice", pseudonym)

    async def client(self, address: str) -> Verdict:
        digest = hmac.new(self._key, b"client-address\x00" + address.encode(), hashlib.sha256).hexdigest()[:32]
        return await self._hit(self._per_client, "client", digest)

    async def _hit(self, items: list[RateLimitItem], scope: str, key: str) -> Verdict:
        try:
            for item in items:
                if not await self._strategy.hit(item, "spotsigns", scope, key):
                    stats = await self._strategy.get_window_stats(item, "spotsigns", scope, key)
                    return Verdict(False, max(1, math.ceil(stats.reset_time - time.time())))
        except Exception as exc:  # the store is down: let the reporter through
            logger.error("rate limiter unavailable, request allowed: %s", type(exc).__name__)
        return ALLOWED


def _parse(name: str, value: str) -> list[RateLimitItem]:
    try:
        return parse_many(value)
    except ValueError as exc:
        raise ValueError(f'{name} must look like "30/minute" or "30/minute;500/hour", not {value!r}') from exc


def client_address(request: Request) -> str:
    """The client's address as Sanic sees it (behind a proxy, set SANIC_PROXIES_COUNT or
    SANIC_REAL_IP_HEADER so this is the resident's, not the proxy's). Only ever hashed."""
    return request.remote_addr or request.ip or "unknown"
