"""The OpenAPI 3.1 document of the gateway's JSON endpoints: GET /api/openapi.json.

Built in Python from the one source of the report's fields (`spotsigns.report.fields`) and of the
urgency levels (`spotsigns.report.triage`), so the document cannot drift from what the API checks.
It covers the JSON API (`POST /api/reports`), the web chat in Rasa's REST format
(`POST /webhooks/rest/webhook`), their CORS preflights and the health endpoints. The Twilio
webhook (signed form posts answered with TwiML), the web form and the staff app are not JSON
and are not part of it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Final

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from bot.json_body import MAX_DEPTH
from bot.openapi_schemas import ref, schemas

openapi = Blueprint("openapi")

OPENAPI_PATH: Final = "/api/openapi.json"
IDEMPOTENCY_KEY_PATTERN: Final = r"^[!-~]{1,128}$"  # visible ASCII, as bot.api checks it
_CORS_HEADERS: Final = {
    "Access-Control-Allow-Origin": {"type": "string"},
    "Access-Control-Allow-Methods": {"type": "string"},
    "Access-Control-Allow-Headers": {"type": "string"},
    "Access-Control-Max-Age": {"type": "integer", "minimum": 0},
}


def _json(schema: dict[str, Any], description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def _headers() -> dict[str, Any]:
    return {
        "RetryAfter": {
            "description": "Seconds to wait before trying again.",
            "required": True,
            "schema": {"type": "integer", "minimum": 0},
        },
        "IdempotentReplayed": {
            "description": "Present on a repeated submission with the same `Idempotency-Key`: the first report's answer, no new tip.",
            "schema": {"type": "string", "const": "true"},
        },
        **{name: {"required": True, "schema": schema} for name, schema in _CORS_HEADERS.items()},
    }


def _api_errors() -> dict[str, Any]:
    errors = ref("schemas", "Errors")
    return {
        "422": _json(
            errors,
            "The report cannot be used: a field error for each problem (bad JSON, nested deeper than "
            f"{MAX_DEPTH} levels, too large, unknown field or value, wrong type, missing `location`, bad or reused `Idempotency-Key`).",
        ),
        "415": _json(errors, "The body was not sent as `Content-Type: application/json` (error under `Content-Type`)."),
        "403": _json(errors, "Sent from a web page whose `Origin` is not allowed (CHAT_ALLOWED_ORIGINS; error under `Origin`)."),
        "429": _json(errors, "Too many requests from this address (error under `request`).", {"Retry-After": ref("headers", "RetryAfter")}),
    }


def _chat_errors() -> dict[str, Any]:
    error = ref("schemas", "ChatError")
    return {
        "400": _json(
            error,
            f"Not usable: not UTF-8 JSON, nested deeper than {MAX_DEPTH} levels, a bad `sender`, an empty message, "
            "or a `/…` message that is not one of the chat's button payloads (Rasa's own commands such as `/restart`).",
        ),
        "413": _json(error, "The body or the message is too long."),
        "415": _json(error, "The body was not sent as `Content-Type: application/json`."),
        "403": _json(error, "Sent from a web page whose `Origin` is not allowed (CHAT_ALLOWED_ORIGINS)."),
        "429": _json(error, "Too many messages from this address or conversation.", {"Retry-After": ref("headers", "RetryAfter")}),
    }


def _preflight(operation_id: str, what: str) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "summary": f"CORS preflight before a browser on another site posts {what}",
        "parameters": [
            {
                "name": "Origin",
                "in": "header",
                "required": True,
                "description": "The page's origin; the gateway's own and those in CHAT_ALLOWED_ORIGINS are allowed.",
                "schema": {"type": "string"},
            }
        ],
        "responses": {
            "204": {
                "description": "The origin may post JSON here.",
                "headers": {name: ref("headers", name) for name in _CORS_HEADERS},
            },
            "403": {"description": "The origin is not allowed (no grant: the browser does not send the request)."},
        },
    }


def _paths() -> dict[str, Any]:
    return {
        "/api/reports": {
            "options": _preflight("reportsPreflight", "a report"),
            "post": {
                "operationId": "createReport",
                "summary": "Report a concern",
                "description": (
                    "Stores an anonymised tip, triages its urgency and, for an emergency, sends it on to police at once. "
                    "Requests from a browser page must come from an allowed `Origin`."
                ),
                "parameters": [ref("parameters", "IdempotencyKey")],
                "requestBody": {"required": True, "content": {"application/json": {"schema": ref("schemas", "Report")}}},
                "responses": {
                    "201": _json(
                        ref("schemas", "ReportAccepted"),
                        "The tip was stored (or, with a repeated `Idempotency-Key`, the first one is returned).",
                        {"Idempotent-Replayed": ref("headers", "IdempotentReplayed")},
                    ),
                    **_api_errors(),
                },
            },
        },
        "/webhooks/rest/webhook": {
            "options": _preflight("chatPreflight", "a chat message"),
            "post": {
                "operationId": "chat",
                "summary": "Send a web chat message (Rasa REST format)",
                "description": "One turn of the conversation. Messages from one `sender` are answered in order.",
                "requestBody": {"required": True, "content": {"application/json": {"schema": ref("schemas", "ChatMessage")}}},
                "responses": {
                    "200": _json(ref("schemas", "ChatReply"), "The assistant's answer."),
                    **_chat_errors(),
                    "503": _json(
                        ref("schemas", "ChatReply"),
                        "The assistant is unavailable: the answer still gives the 999 advice and helplines "
                        "(an emergency is still escalated).",
                    ),
                },
            },
        },
        "/healthz": {
            "get": {
                "operationId": "liveness",
                "summary": "Liveness",
                "responses": {"200": _json(ref("schemas", "Health"), "The gateway is running.")},
            }
        },
        "/readyz": {
            "get": {
                "operationId": "readiness",
                "summary": "Readiness: database, Rasa and action server",
                "responses": {
                    "200": _json(ref("schemas", "Readiness"), "Everything needed for a conversation is up."),
                    "503": _json(ref("schemas", "Readiness"), "Something is down; `checks` says what."),
                },
            }
        },
        OPENAPI_PATH: {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": {"200": _json({"type": "object", "required": ["openapi", "paths"]}, "The OpenAPI 3.1 document.")},
            }
        },
    }


@lru_cache(maxsize=8)
def openapi_document(max_message_chars: int = 2000) -> dict[str, Any]:
    """The OpenAPI 3.1 document (a fresh structure per limit; callers must not change it)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Spot the Signs",
            "version": "1",
            "summary": "Report suspected modern slavery or labour exploitation to the council.",
            "description": (
                "The public JSON endpoints of the gateway. If anyone is in danger now, call 999. "
                "SMS (`POST /webhooks/twilio/webhook`, signed by Twilio) and the web form (`/report`) are not JSON "
                "and are not described here."
            ),
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "paths": _paths(),
        "components": {
            "schemas": schemas(max_message_chars),
            "headers": _headers(),
            "parameters": {
                "IdempotencyKey": {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "description": "Any 1 to 128 visible ASCII characters; a repeated submission with the same key returns the first tip.",
                    "schema": {"type": "string", "pattern": IDEMPOTENCY_KEY_PATTERN},
                }
            },
        },
    }


@openapi.get(OPENAPI_PATH)
async def openapi_json(request: Request) -> HTTPResponse:
    return json(openapi_document(request.app.ctx.settings.max_message_chars), headers={"Cache-Control": "no-cache"})
