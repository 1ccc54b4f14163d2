"""The schemas of the OpenAPI document (bot/openapi.py): the report built from its declaration
(spotsigns.report.fields), the API's answers, the web chat's messages and the health checks."""

from __future__ import annotations

import dataclasses
from typing import Any, Final

from spotsigns.report.fields import FIELDS, MAX_CONTACT_CHARS, MAX_PEOPLE_COUNT, Contact, Field
from spotsigns.report.text import INVISIBLE
from spotsigns.report.triage import URGENCIES

SENDER_PATTERN: Final = r"^[A-Za-z0-9_.:@+\-]{1,128}$"  # bot.messages: [\w.:@+\-]{1,128}, ASCII \w
# Text that is only white space, control, zero-width or bidi characters is empty once cleaned
# (spotsigns.report.text.clean_text): a location needs one character that is none of those.
VISIBLE_CHARACTER: Final = rf"[^\s{INVISIBLE}]"


def ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _choice(values: tuple[str, ...], description: str) -> dict[str, Any]:
    """One of `values`, or null for unknown."""
    return {"type": ["string", "null"], "enum": [*values, None], "description": description}


def _report_property(spec: Field) -> dict[str, Any]:
    """A report field's schema, from its declaration (spotsigns.report.fields)."""
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
            return {"anyOf": [ref("schemas", "Contact"), {"type": "null"}], "description": spec.doc}
    if spec.required:  # text that must say something once cleaned
        return {"type": "string", "minLength": 1, "maxLength": spec.max_chars, "pattern": VISIBLE_CHARACTER, "description": spec.doc}
    return {"type": ["string", "null"], "maxLength": spec.max_chars, "description": spec.doc}


def schemas(max_message_chars: int) -> dict[str, Any]:
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
            "items": ref("schemas", "BotMessage"),
            "description": "The assistant's messages, in order.",
        },
        "BotMessage": {
            "type": "object",
            "required": ["recipient_id"],
            "properties": {
                "recipient_id": {"type": "string", "description": "The `sender` of the request (never the pseudonym)."},
                "text": {"type": "string"},
                "buttons": {"type": "array", "items": ref("schemas", "Button")},
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
