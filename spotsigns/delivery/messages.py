"""What each target receives. Built at the moment of sending from the outbox row's snapshot of
the anonymised tip; a consenting reporter's contact details are added only to police
messages and only when the reporter agreed (`contact_ok`)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from spotsigns.config import Settings
from spotsigns.report.fields import FIELD_BY_NAME, FIELDS, STORED_FIELDS, Contact, Field
from spotsigns.report.indicators import load_indicators

_WHEN = {"now": "happening now", "today": "earlier today", "this_week": "in the last week", "earlier": "more than a week ago"}
_KIND_TITLE = {"police_escalation": "EMERGENCY", "police_update": "Update to emergency", "inbox_notification": "New report"}


@dataclass(frozen=True, slots=True)
class Delivery:
    outbox_id: int
    kind: str
    target: str
    idempotency_key: str
    tip: dict[str, Any]
    attempt: int
    contact: Contact | None = None  # decrypted only for police targets of consenting reporters


def handling_code(tip: dict[str, Any], contact_included: bool) -> str:
    """A suggested 3x5x2 grading for the receiving force to confirm (APP intelligence report):
    source 2 (untested: a member of the public through an anonymous service); information A
    when the reporter saw it or it is their own situation, C otherwise; handling P, or C when
    the message carries the reporter's contact details (protect the source)."""
    first_hand = tip.get("reporter_is_victim") or tip.get("when_seen") is not None
    return f"2 {'A' if first_hand else 'C'} {'C' if contact_included else 'P'}"


def _police_value(spec: Field, tip: dict[str, Any]) -> str:
    """A field's value as the police read it: plain words, and "not given" where unknown."""
    value = tip.get(spec.name)
    setting = tip.get("setting")
    match spec.name:
        case "setting":
            return load_indicators().setting_label(value) if value else "not given"
        case "when_seen":
            return _WHEN.get(value or "", "not given")
        case "signs":
            return "; ".join(load_indicators().sign_label(s, setting) for s in value or []) or "none chosen"
        case "reporter_is_victim":
            return "the person affected (own situation)" if value else "a witness"
        case "contact_ok":
            return "yes (details below when included)" if value else "no: anonymous"
        case "language":
            return f"{value or 'en'} (an interpreter may be needed if not en)"
    if spec.kind == "count":
        return str(value) if value is not None else "not known"
    if spec.kind == "choice":
        return str(value) if value else "not answered"
    return str(value) if value else "not given"


def _tip_lines(tip: dict[str, Any]) -> list[str]:
    """Every stored field of the declaration (spotsigns.report.fields), the reporter's words last."""
    fields = [spec for spec in FIELDS if spec.name in STORED_FIELDS and spec.name != "description"]
    return [
        f"{'Reference:':<20}{tip['reference']}",
        f"{'Reported:':<20}{tip['created_at']} (UTC), by {tip['channel'].replace('_', ' ')}",
        f"{'Urgency:':<20}{tip['urgency'].upper()} (because: {', '.join(tip['reasons'])})",
        *(f"{spec.police_label + ':':<20}{_police_value(spec, tip)}" for spec in fields),
        "",
        f"{FIELD_BY_NAME['description'].police_label}:",
        tip.get("description") or "(nothing written)",
    ]


def _contact_lines(contact: Contact | None) -> list[str]:
    if contact is None:
        return ["", "Contact: the reporter stayed anonymous."]
    return [
        "",
        "Contact (the reporter agreed to be contacted; protect their identity):",
        f"  name: {contact.name or '-'}  phone: {contact.phone or '-'}  email: {contact.email or '-'}",
        f"  safe times / notes: {contact.safe_times or '-'}",
    ]


def _email(settings: Settings, to: str, subject: str, body: str, delivery: Delivery) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(idstring=delivery.idempotency_key.replace(":", "."), domain="spotsigns")
    # Receivers can de-duplicate a retried delivery on this header.
    message["X-Idempotency-Key"] = delivery.idempotency_key
    message["X-Spotsigns-Reference"] = delivery.tip["reference"]
    message.set_content(body)
    return message


def police_email(settings: Settings, delivery: Delivery) -> EmailMessage:
    tip = delivery.tip
    title = _KIND_TITLE[delivery.kind]
    intro = (
        "An emergency was reported to the council's Spot the Signs service. The reporter was told to call 999."
        if delivery.kind == "police_escalation"
        else "The full report for an emergency escalated earlier (same reference)."
    )
    body = "\n".join(
        [
            intro,
            "",
            *_tip_lines(tip),
            *_contact_lines(delivery.contact),
            "",
            f"Suggested 3x5x2 grading: {handling_code(tip, delivery.contact is not None)} (confirm before dissemination).",
            f"Delivery key: {delivery.idempotency_key}",
        ]
    )
    subject = f"[{title}] Modern slavery report {tip['reference']}"
    return _email(settings, settings.police_email or "", subject, body, delivery)


def inbox_email(settings: Settings, delivery: Delivery) -> EmailMessage:
    """A notification only: no content of the report travels by ordinary email."""
    tip = delivery.tip
    link = f"{settings.public_base_url}/staff/tips/{tip['reference']}"
    body = "\n".join(
        [
            f"A new report is in the community safety queue: {tip['reference']}",
            f"Urgency: {tip['urgency']}",
            f"Open it in the staff app: {link}",
            "",
            "The report itself is only in the staff app.",
        ]
    )
    subject = f"[{tip['urgency'].upper()}] New Spot the Signs report {tip['reference']}"
    return _email(settings, settings.inbox_email or "", subject, body, delivery)


def police_sms(delivery: Delivery) -> str:
    """Short enough for two SMS segments; the details go by email and webhook."""
    tip = delivery.tip
    indicators = load_indicators()
    setting = indicators.setting_label(tip.get("setting")) if tip.get("setting") else "place not given"
    location = (tip.get("location") or "location not given")[:60]
    return f"Spot the Signs EMERGENCY {tip['reference']}: {setting}, {location}. Reporter told to call 999. Full report by email."


def webhook_body(delivery: Delivery) -> bytes:
    body: dict[str, Any] = {
        "idempotency_key": delivery.idempotency_key,
        "kind": delivery.kind,
        "tip": delivery.tip,
        "handling_code": handling_code(delivery.tip, delivery.contact is not None),
    }
    if delivery.contact is not None:
        body["contact"] = {k: v for k, v in asdict(delivery.contact).items() if v}
    return json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
