"""The report fields of SPEC §2: allowed values and the typed report they make up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Final

from spotsigns.text import UnusableText, clean_text

SETTINGS: Final = (
    "car_wash",
    "nail_bar",
    "house",
    "farm",
    "factory",
    "construction",
    "hospitality",
    "cannabis_or_drugs",
    "sexual_exploitation",
    "domestic_servitude",
    "begging_or_crime",
    "other",
)
WHEN_SEEN: Final = ("now", "today", "this_week", "earlier")
TRISTATE: Final = ("yes", "no", "unsure")
SIGNS: Final = (
    "no_protective_gear",
    "living_on_site",
    "fearful_or_withdrawn",
    "injuries",
    "controlled_by_others",
    "transported_in_groups",
    "no_id_documents",
    "owes_debt",
    "not_paid_or_underpaid",
    "long_hours",
    "locked_in_or_cannot_leave",
    "overcrowded_housing",
    "poor_living_conditions",
    "appears_under_18",
    "cannot_speak_freely",
    "threats_or_violence",
    "cash_only_or_very_cheap",
    "many_people_coming_and_going",
    "windows_covered",
    "unsuitable_clothing",
)
LANGUAGES: Final = ("en", "pl", "ro", "sq", "vi", "lt", "ar", "ur")
CHANNELS: Final = ("web_chat", "sms", "web_form", "api")

# Text limits keep a single report bounded (a tip is read by a person, not a parser).
MAX_LOCATION_CHARS: Final = 300
MAX_DESCRIPTION_CHARS: Final = 4000
MAX_PEOPLE_COUNT: Final = 10_000
MAX_CONTACT_CHARS: Final = 200


class ReportError(ValueError):
    """A report field has a value outside SPEC §2. `errors` maps field name to message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


@dataclass(frozen=True, slots=True)
class Contact:
    """How a reporter who agreed to be contacted can be reached. Stored encrypted, apart."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    safe_times: str | None = None

    def is_empty(self) -> bool:
        return not any((self.name, self.phone, self.email, self.safe_times))


@dataclass(frozen=True, slots=True)
class Report:
    """A report as SPEC §2 defines it. Every field may be unknown (None) while a report is
    still being collected; an emergency is escalated with whatever is known by then."""

    setting: str | None = None
    location: str | None = None
    when_seen: str | None = None
    signs: tuple[str, ...] = ()
    people_count: int | None = None
    children_involved: str | None = None
    immediate_danger: str | None = None
    reporter_is_victim: bool = False
    description: str | None = None
    contact_ok: bool = False
    contact: Contact | None = field(default=None, repr=False)
    language: str = "en"

    def __post_init__(self) -> None:
        # One spelling of a sign list everywhere: SPEC order, no duplicates.
        object.__setattr__(self, "signs", tuple(s for s in SIGNS if s in self.signs))

    def as_dict(self, *, with_contact: bool = False) -> dict[str, Any]:
        data = asdict(self)
        data["signs"] = list(self.signs)
        if not with_contact:
            data.pop("contact")
        return data


REPORT_FIELDS: Final = frozenset(Report.__dataclass_fields__)


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


def report_from_mapping(data: Mapping[str, Any], *, allow_unknown_keys: bool = False) -> Report:
    """Build a `Report` from JSON-like data, checking every value against SPEC §2.

    Raises `ReportError` naming each bad field, so callers (API, CLI) can report them all.
    """
    errors: dict[str, str] = {}
    if not allow_unknown_keys:
        for key in data:
            if key not in REPORT_FIELDS:
                errors[_echo(key)] = "is not a report field"

    signs_value = data.get("signs")
    signs_value = [] if signs_value is None else signs_value
    signs: list[str] = []
    if not isinstance(signs_value, list | tuple):
        errors["signs"] = "must be a list of indicator codes"
    else:
        unknown = [s for s in signs_value if s not in SIGNS]
        if unknown:
            errors["signs"] = f"unknown indicator codes: {', '.join(map(_echo, unknown))}"
        signs = [s for s in SIGNS if s in signs_value]  # canonical order, no duplicates

    people = data.get("people_count")
    if people is not None and (isinstance(people, bool) or not isinstance(people, int) or not 0 <= people <= MAX_PEOPLE_COUNT):
        errors["people_count"] = f"must be a whole number from 0 to {MAX_PEOPLE_COUNT}, or null"
        people = None

    contact = None
    contact_value = data.get("contact")
    if contact_value is not None:
        if not isinstance(contact_value, Mapping):
            errors["contact"] = "must be an object with name, phone, email, safe_times"
        else:
            extra = set(contact_value) - {"name", "phone", "email", "safe_times"}
            if extra:
                errors["contact"] = f"unknown contact fields: {', '.join(sorted(map(_echo, extra)))}"
            else:
                contact = Contact(
                    **{
                        k: _text(contact_value.get(k), f"contact.{k}", MAX_CONTACT_CHARS, errors)
                        for k in ("name", "phone", "email", "safe_times")
                    }
                )

    language = data.get("language")
    language = "en" if language is None else language
    if language not in LANGUAGES:
        errors["language"] = f"must be one of: {', '.join(LANGUAGES)}"
        language = "en"

    report = Report(
        setting=_choice(data.get("setting"), "setting", SETTINGS, errors),
        location=_text(data.get("location"), "location", MAX_LOCATION_CHARS, errors),
        when_seen=_choice(data.get("when_seen"), "when_seen", WHEN_SEEN, errors),
        signs=tuple(signs),
        people_count=people,
        children_involved=_choice(data.get("children_involved"), "children_involved", TRISTATE, errors),
        immediate_danger=_choice(data.get("immediate_danger"), "immediate_danger", TRISTATE, errors),
        reporter_is_victim=_flag(data.get("reporter_is_victim"), "reporter_is_victim", errors),
        description=_text(data.get("description"), "description", MAX_DESCRIPTION_CHARS, errors),
        contact_ok=_flag(data.get("contact_ok"), "contact_ok", errors),
        contact=contact,
        language=language,
    )
    if errors:
        raise ReportError(errors)
    return report
