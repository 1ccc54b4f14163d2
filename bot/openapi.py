"""The OpenAPI 3.1 document of the gateway's JSON endpoints: GET /api/openapi.json.

Built in Python from the one source of the report's fields (`spotsigns.fields`) and of the
urgency levels (`spotsigns.triage`), so the document cannot drift from what the API checks.
It covers the JSON API (`POST /api/reports`), the web chat in Rasa's REST format
(`POST /webhooks/rest/webhook`), their CORS preflights and the health endpoints. The Twilio
webhook (signed form posts answered with TwiML), the web form and the staff app are not JSON
and are not part of it.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any, Final

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from bot.json_body import MAX_DEPTH
from spotsigns.fields import FIELDS, MAX_CONTACT_CHARS, MAX_PEOPLE_COUNT, Contact, Field
from spotsigns.text import INVISIBLE
from spotsigns.triage import URGENCIES

openapi = Blueprint("openapi")

OPENAPI_PATH: Final = "/api/openapi.json"
SENDER_PATTERN: Final = r"^[A-Za-z0-9_.:@+\-]{1,128}$"  # bot.messages: [\w.:@+\-]{1,128}, ASCII \w
IDEMPOTENCY_KEY_PATTERN: Final = r"^[!-~]{1,128}$"  # visible ASCII, as bot.api checks it
# Text that is only white space, control, zero-width or bidi characters is empty once cleaned
# (spotsigns.text.clean_text): a location needs one character that is none of those.
VISIBLE_CHARACTER: Final = rf"[^\s{INVISIBLE}]"
_CORS_HEADERS: Final = {
    "Access-Control-Allow-Origin": {"type": "string"},
    "Access-Control-Allow-Methods": {"type": "string"},
    "Access-Control-Allow-Headers": {"type": "string"},
    "Access-Control-Max-Age": {"type": "integer", "minimum": 0},
}


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _choice(values: tuple[str, ...], description: str) -> dict[str, Any]:
    """One of `values`, or null for unknown."""
    return {"type": ["string", "null"], "enum": [*values, None], "description": description}


def _json(schema: dict[str, Any], description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def _report_property(spec: Field) -> dict[str, Any]:
    """A report field's schema, from its declaration (spotsigns.fields)."""
    match spec.kind:
        case "choice" | "language":
            return _choice(spec.values, spec.doc)
        case "flag":
            return {"type": ["boolean", "null"], "description": spec.doc}
        case "signs":
            return {"type": ["array", "null"], "items": {"type": "string", "enum": list(spec.values)}, "description": spec.doc}
        case "count":
            return {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_PEOPLE_COUNT, "description": spec.doc}
        case "contact":
            return {"anyOf": [_ref("schemas", "Contact"), {"type": "null"}], "description": spec.doc}
    if spec.required:  # text that must say something once cleaned
        return {"type": "string", "minLength": 1, "maxLength": spec.max_chars, "pattern": VISIBLE_CHARACTER, "description": spec.doc}
    return {"type": ["string", "null"], "maxLength": spec.max_chars, "description": spec.doc}


def _schemas(max_message_chars: int) -> dict[str, Any]:
    contact_fields = [f.name for f in dataclasses.fields(Contact)]
    return {
        "Report": {
            "type": "object",
            "description": "A report of a concern (SPEC §2). Only the required fields must be given; the rest may be left out or null.",
            "required": [spec.name for spec in FIELDS if spec.required],
            "additionalProperties": False,
            "properties": {spec.name: _report_property(spec) for spec in FIELDS},
        },
        "Contact": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                name: {"type": ["string", "null"], "maxLength": MAX_CONTACT_CHARS, "description": f"Contact detail: {name}."}
                for name in contact_fields
            },
        },
        "ReportAccepted": {
            "type": "object",
            "required": ["reference", "urgency", "next_steps"],
            "properties": {
                "reference": {"type": "string", "minLength": 1, "description": "The tip's reference, for follow-up."},
                "urgency": {"type": "string", "enum": list(URGENCIES), "description": "The triaged urgency (SPEC §3)."},
                "next_steps": {"type": "string", "minLength": 1, "description": "What happens next, in the report's language."},
                "follow_up_code": {"type": "string", "description": "With `reference`, opens the anonymous follow-up page."},
            },
        },
        "Errors": {
            "type": "object",
            "required": ["errors"],
            "properties": {
                "errors": {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": {"type": "string"},
                    "description": "What is wrong, by field (`contact.email`), header (`Idempotency-Key`) or `body`/`request`.",
                }
            },
        },
        "ChatMessage": {
            "type": "object",
            "required": ["sender", "message"],
            "description": "One message typed in the web chat (Rasa's REST channel format).",
            "properties": {
                "sender": {
                    "type": "string",
                    "pattern": SENDER_PATTERN,
                    "description": "The chat session's id, chosen by the widget; the gateway pseudonymises it before Rasa sees it.",
                },
                "message": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": max_message_chars,
                    "description": (
                        f"The text typed (at most {max_message_chars} characters once white space is collapsed). "
                        "Rasa's own commands such as `/restart` are refused with 400; a button's `payload` is sent as a message."
                    ),
                },
            },
        },
        "ChatReply": {
            "type": "array",
            "items": _ref("schemas", "BotMessage"),
            "description": "The assistant's messages, in order.",
        },
        "BotMessage": {
            "type": "object",
            "required": ["recipient_id"],
            "properties": {
                "recipient_id": {"type": "string", "description": "The `sender` of the request (never the pseudonym)."},
                "text": {"type": "string"},
                "buttons": {"type": "array", "items": _ref("schemas", "Button")},
                "image": {"type": "string", "description": "URL of an image."},
            },
        },
        "Button": {
            "type": "object",
            "required": ["title", "payload"],
            "properties": {"title": {"type": "string"}, "payload": {"type": "string", "description": "Send this as the next `message`."}},
        },
        "ChatError": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {
                "error": {"type": "string", "description": "A stable code, e.g. `invalid_sender`, `empty_message`, `rate_limited`."},
                "message": {"type": "string", "description": "What to do about it, in plain English."},
            },
        },
        "Health": {
            "type": "object",
            "required": ["status"],
            "properties": {"status": {"type": "string", "const": "ok"}},
        },
        "Readiness": {
            "type": "object",
            "required": ["status", "checks"],
            "properties": {
                "status": {"type": "string", "enum": ["ready", "not_ready"]},
                "checks": {
                    "type": "object",
                    "required": ["database", "rasa", "action_server"],
                    "properties": {"database": {"type": "boolean"}, "rasa": {"type": "boolean"}, "action_server": {"type": "boolean"}},
                },
            },
        },
    }


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
    errors = _ref("schemas", "Errors")
    return {
        "422": _json(
            errors,
            "The report cannot be used: a field error for each problem (bad JSON, nested deeper than "
            f"{MAX_DEPTH} levels, too large, unknown field or value, wrong type, missing `location`, bad or reused `Idempotency-Key`).",
        ),
        "415": _json(errors, "The body was not sent as `Content-Type: application/json` (error under `Content-Type`)."),
        "403": _json(errors, "Sent from a web page whose `Origin` is not allowed (CHAT_ALLOWED_ORIGINS; error under `Origin`)."),
        "429": _json(
            errors, "Too many requests from this address (error under `request`).", {"Retry-After": _ref("headers", "RetryAfter")}
        ),
    }


def _chat_errors() -> dict[str, Any]:
    error = _ref("schemas", "ChatError")
    return {
        "400": _json(
            error,
            f"Not usable: not UTF-8 JSON, nested deeper than {MAX_DEPTH} levels, a bad `sender`, an empty message, "
            "or a `/…` message that is not one of the chat's button payloads (Rasa's own commands such as `/restart`).",
        ),
        "413": _json(error, "The body or the message is too long."),
        "415": _json(error, "The body was not sent as `Content-Type: application/json`."),
        "403": _json(error, "Sent from a web page whose `Origin` is not allowed (CHAT_ALLOWED_ORIGINS)."),
        "429": _json(error, "Too many messages from this address or conversation.", {"Retry-After": _ref("headers", "RetryAfter")}),
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
                "headers": {name: _ref("headers", name) for name in _CORS_HEADERS},
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
                "parameters": [_ref("parameters", "IdempotencyKey")],
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("schemas", "Report")}}},
                "responses": {
                    "201": _json(
                        _ref("schemas", "ReportAccepted"),
                        "The tip was stored (or, with a repeated `Idempotency-Key`, the first one is returned).",
                        {"Idempotent-Replayed": _ref("headers", "IdempotentReplayed")},
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
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("schemas", "ChatMessage")}}},
                "responses": {
                    "200": _json(_ref("schemas", "ChatReply"), "The assistant's answer."),
                    **_chat_errors(),
                    "503": _json(
                        _ref("schemas", "ChatReply"),
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
                "responses": {"200": _json(_ref("schemas", "Health"), "The gateway is running.")},
            }
        },
        "/readyz": {
            "get": {
                "operationId": "readiness",
                "summary": "Readiness: database, Rasa and action server",
                "responses": {
                    "200": _json(_ref("schemas", "Readiness"), "Everything needed for a conversation is up."),
                    "503": _json(_ref("schemas", "Readiness"), "Something is down; `checks` says what."),
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
            "schemas": _schemas(max_message_chars),
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
