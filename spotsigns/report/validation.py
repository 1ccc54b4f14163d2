"""Reading a report from JSON-like data (the API, the web form, `spotsigns triage`): every value
checked against the declaration in `spotsigns.report.fields`, cleaned by the one text rule, and
every problem named by field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spotsigns.report.fields import (
    FIELDS,
    LANGUAGES,
    MAX_CONTACT_CHARS,
    MAX_PEOPLE_COUNT,
    REPORT_FIELDS,
    SIGNS,
    Contact,
    Field,
    Report,
    missing_required,
)
from spotsigns.report.text import UnusableText, clean_text


class ReportError(ValueError):
    """A report field has a value outside SPEC §2. `errors` maps field name to message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def _echo(value: Any) -> str:
    """A value the client sent, made safe to send back in an error message: printable ASCII
    escapes for anything else (a lone surrogate included), and short. Never logged."""
    return str(value).encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")[:64]


def _text(value: Any, name: str, limit: int, errors: dict[str, str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        errors[name] = "must be text"
        return None
    try:
        cleaned = clean_text(value)  # the same cleaning as chat and SMS messages
    except UnusableText:
        errors[name] = "is not valid Unicode text"
        return None
    if len(cleaned) > limit:
        errors[name] = f"must be at most {limit} characters"
        return None
    return cleaned or None


def _choice(value: Any, name: str, allowed: tuple[str, ...], errors: dict[str, str]) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        errors[name] = f"must be one of: {', '.join(allowed)}"
        return None
    return str(value)


def _flag(value: Any, name: str, errors: dict[str, str]) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        errors[name] = "must be true or false"
        return False
    return value


def _signs(value: Any, errors: dict[str, str]) -> tuple[str, ...]:
    value = [] if value is None else value
    if not isinstance(value, list | tuple):
        errors["signs"] = "must be a list of indicator codes"
        return ()
    unknown = [s for s in value if s not in SIGNS]
    if unknown:
        errors["signs"] = f"unknown indicator codes: {', '.join(map(_echo, unknown))}"
    return tuple(s for s in SIGNS if s in value)  # canonical order, no duplicates


def _count(value: Any, name: str, errors: dict[str, str]) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PEOPLE_COUNT):
        errors[name] = f"must be a whole number from 0 to {MAX_PEOPLE_COUNT}, or null"
        return None
    return value


def _contact(value: Any, errors: dict[str, str]) -> Contact | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        errors["contact"] = "must be an object with name, phone, email, safe_times"
        return None
    extra = set(value) - set(Contact.__dataclass_fields__)
    if extra:
        errors["contact"] = f"unknown contact fields: {', '.join(sorted(map(_echo, extra)))}"
        return None
    return Contact(**{k: _text(value.get(k), f"contact.{k}", MAX_CONTACT_CHARS, errors) for k in Contact.__dataclass_fields__})


def _language(value: Any, errors: dict[str, str]) -> str:
    value = "en" if value is None else value
    if value not in LANGUAGES:
        errors["language"] = f"must be one of: {', '.join(LANGUAGES)}"
        return "en"
    return str(value)


def _parse(spec: Field, value: Any, errors: dict[str, str]) -> Any:
    match spec.kind:
        case "choice":
            return _choice(value, spec.name, spec.values, errors)
        case "flag":
            return _flag(value, spec.name, errors)
        case "text":
            return _text(value, spec.name, spec.max_chars, errors)
        case "signs":
            return _signs(value, errors)
        case "count":
            return _count(value, spec.name, errors)
        case "contact":
            return _contact(value, errors)
        case "language":
            return _language(value, errors)


def report_from_mapping(data: Mapping[str, Any], *, allow_unknown_keys: bool = False, submission: bool = False) -> Report:
    """Build a `Report` from JSON-like data, checking every value against SPEC §2, and with
    `submission` the report-level rules too (`missing_required`, judged after cleaning: a
    location of invisible characters is no location).

    Raises `ReportError` naming each bad field, so callers (API, CLI, form) can report them all.
    """
    errors: dict[str, str] = {}
    if not allow_unknown_keys:
        for key in data:
            if key not in REPORT_FIELDS:
                errors[_echo(key)] = "is not a report field"
    report = Report(**{spec.name: _parse(spec, data.get(spec.name), errors) for spec in FIELDS})
    if submission:
        for name, message in missing_required(report).items():
            errors.setdefault(name, message)
    if errors:
        raise ReportError(errors)
    return report
