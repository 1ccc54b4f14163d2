"""Which targets each kind of delivery goes to, given what is configured."""

from __future__ import annotations

from typing import Final

from spotsigns.config import Settings

TARGETS: Final = {
    "police_escalation": ("police_email", "police_sms", "police_webhook"),
    "police_update": ("police_email", "police_webhook"),
    "inbox_notification": ("inbox_email",),
}
HELD: Final = "held"


def target_configured(settings: Settings, target: str) -> bool:
    match target:
        case "police_email":
            return bool(settings.smtp_host and settings.police_email)
        case "inbox_email":
            return bool(settings.smtp_host and settings.inbox_email)
        case "police_sms":
            twilio = (settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_from_number)
            return bool(settings.police_sms_to and all(twilio))
        case "police_webhook":
            return bool(settings.police_webhook_url)
    return False


def configured_targets(settings: Settings, kind: str) -> list[str]:
    """The targets of `kind` that have a transport; empty means: hold until one is configured."""
    return [target for target in TARGETS[kind] if target_configured(settings, target)]
