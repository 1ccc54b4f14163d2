"""Contact details at rest: Fernet-encrypted JSON, readable only with the configured key."""

from __future__ import annotations

import json
import re
from dataclasses import asdict

from cryptography.fernet import Fernet, InvalidToken

from spotsigns.report.fields import Contact

# Chat and SMS answers to the contact question are replaced by this marker at the gateway,
# after the details are stored encrypted: the real details never reach Rasa.
CONTACT_PLACEHOLDER = "(contact details provided)"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+|00)?\d[\d\s().-]{7,}\d")


class ContactCipher:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    def encrypt(self, contact: Contact) -> bytes:
        return self._fernet.encrypt(json.dumps(asdict(contact), ensure_ascii=False).encode("utf-8"))

    def decrypt(self, token: bytes) -> Contact:
        try:
            return Contact(**json.loads(self._fernet.decrypt(token)))
        except (InvalidToken, ValueError, TypeError) as exc:
            raise ValueError("contact details cannot be decrypted with this key") from exc


def contact_from_text(text: str) -> Contact:
    """Split a free-text answer ("07700 900123, after 6pm, ask for Sam") into fields."""
    email = _EMAIL.search(text)
    rest = _EMAIL.sub(" ", text)
    phone = _PHONE.search(rest)
    rest = _PHONE.sub(" ", rest)
    rest = re.sub(r"(?:\s*[,;]\s*)+", ", ", " ".join(rest.split())).strip(" ,;.")
    rest = re.sub(r"^(?:(?:or|and|on|call me on|text me on|email me at)\b[\s,]*)+", "", rest, flags=re.IGNORECASE).strip(" ,;.")
    return Contact(
        phone=" ".join(phone.group(0).split()) if phone else None,
        email=email.group(0) if email else None,
        safe_times=rest or None,
    )


def _is_phone(match: re.Match[str]) -> bool:
    """A phone number has at least 9 digits; a date ("12.03.2024") or a count does not."""
    return sum(ch.isdigit() for ch in match.group(0)) >= 9


def split_contact_details(text: str) -> tuple[str, Contact | None]:
    """The text with any phone number or e-mail address replaced by the placeholder, and the
    details taken out ("yes, call me on 07700 900123" at the consent question; a number typed
    into the description), or None."""
    email = _EMAIL.search(text)
    phone = next((m for m in _PHONE.finditer(_EMAIL.sub(" ", text)) if _is_phone(m)), None)
    if email is None and phone is None:
        return text, None
    scrubbed = _PHONE.sub(lambda m: CONTACT_PLACEHOLDER if _is_phone(m) else m.group(0), _EMAIL.sub(CONTACT_PLACEHOLDER, text))
    scrubbed = scrubbed.replace(f"{CONTACT_PLACEHOLDER} {CONTACT_PLACEHOLDER}", CONTACT_PLACEHOLDER)
    contact = Contact(phone=" ".join(phone.group(0).split()) if phone else None, email=email.group(0) if email else None)
    return scrubbed, contact
