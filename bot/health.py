"""Liveness and readiness: GET /healthz, GET /readyz (database, Rasa, action server)."""

from __future__ import annotations

import asyncio

import httpx
from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

health = Blueprint("health")


@health.get("/healthz")
async def healthz(request: Request) -> HTTPResponse:
    return json({"status": "ok"})


async def _action_server_ok(request: Request) -> bool:
    try:
        async with httpx.AsyncClient(timeout=2.0, trust_env=False) as client:
            response = await client.get(f"{request.app.ctx.settings.action_server_url}/health")
        return response.status_code == 200
    except httpx.HTTPError:
        return False


@health.get("/readyz")
async def readyz(request: Request) -> HTTPResponse:
    database, rasa, actions = await asyncio.gather(
        asyncio.to_thread(request.app.ctx.store.ping), request.app.ctx.rasa.is_ready(), _action_server_ok(request)
    )
    checks = {"database": database, "rasa": rasa, "action_server": actions}
    ready = all(checks.values())
    return json({"status": "ready" if ready else "not_ready", "checks": checks}, status=200 if ready else 503)
