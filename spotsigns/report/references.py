"""Tip references: short, unambiguous to read out on the phone, unguessable."""

from __future__ import annotations

import re
import secrets

# Crockford's base32 without I, L, O, U: nothing to confuse with 1, 0 or V when read aloud.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PATTERN = re.compile(r"^STS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def new_reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"STS-{chars[:4]}-{chars[4:]}"


def is_reference(value: str) -> bool:
    return bool(PATTERN.match(value))
