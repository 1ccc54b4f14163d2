"""Client of the Rasa server's REST channel on localhost.

Rasa answers `[]` with HTTP 200 when something inside it fails (an action error, a model
problem), so an empty answer is treated as the failure it is (SPEC §1).
"""

from __future__ import annotations

from typing import Any

import httpx


class RasaUnavailable(RuntimeError):
    """Rasa did not give a usable answer. The message names the kind of failure only."""


class RasaClient:
    def __init__(self, base_url: str, *, timeout: float = 20.0, client: httpx.AsyncClient | None = None) -> None:
        self._url = f"{base_url.rstrip('/')}/webhooks/rest/webhook"
        self._base = base_url.rstrip("/")
        self._client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=2.0),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
            trust_env=False,  # localhost only: never through a proxy
        )

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        if not sender:
            raise ValueError("a sender pseudonym is required (Rasa would use 'default')")
        try:
            response = await self._client.post(
                self._url, json={"sender": sender, "message": text, "metadata": metadata, "input_channel": metadata.get("channel")}
            )
        except httpx.TimeoutException:
            raise RasaUnavailable("timeout") from None
        except httpx.HTTPError as exc:
            raise RasaUnavailable(type(exc).__name__) from None
        if response.status_code != 200:
            raise RasaUnavailable(f"http_{response.status_code}")
        try:
            messages = response.json()
        except ValueError:
            raise RasaUnavailable("invalid_json") from None
        if not isinstance(messages, list) or not messages:
            raise RasaUnavailable("empty_answer")
        return [m for m in messages if isinstance(m, dict)]

    async def is_ready(self) -> bool:
        """Rasa answers and has a model loaded (its channel's ready route, rasa_runtime/channel.py)."""
        try:
            response = await self._client.get(f"{self._base}/webhooks/rest/ready", timeout=2.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def aclose(self) -> None:
        await self._client.aclose()
