"""The report fields of SPEC §2: allowed values and the typed report they make up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Final, Literal

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
# The one list of the conversation's languages (SPEC §4), with their English names.
LANGUAGE_NAMES: Final = {
    "en": "English", "pl": "Polish", "ro": "Romanian", "sq": "Albanian",
    "vi": "Vietnamese", "lt": "Lithuanian", "ar": "Arabic", "ur": "Urdu",
}  # fmt: skip
LANGUAGES: Final = tuple(LANGUAGE_NAMES)
CHANNELS: Final = ("web_chat", "sms", "web_form", "api")

# Text limits keep a single report bounded (a tip is read by a person, not a parser).
MAX_LOCATION_CHARS: Final = 300
MAX_DESCRIPTION_CHARS: Final = 4000
MAX_PEOPLE_COUNT: Final = 10_000
MAX_CONTACT_CHARS: Final = 200


@dataclass(frozen=True, slots=True)
class Contact:
    """How a reporter who agreed to be contacted can be reached. Stored encrypted, apart."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    safe_times: str | None = None

    def is_empty(self) -> bool:
        return not any((self.name, self.phone, self.email, self.safe_times))


FieldKind = Literal["choice", "flag", "text", "signs", "count", "contact", "language"]


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a report (SPEC §2): the one place its facts are written.

    Everything that lists the fields is derived from `FIELDS`: the API's validation
    (`spotsigns.report.validation`), the tip's columns and the outbox snapshot (`STORED_FIELDS`), the
    export, police messages, the reporter's summary and correction picker (`label_key`), the
    gateway's failsafe and the chat form's slots. Adding a field is this declaration, its
    `Report` attribute, a migration and its translations; tests/unit/test_field_declaration.py
    says what else is missing."""

    name: str
    kind: FieldKind
    values: tuple[str, ...] = ()  # the allowed values of a choice
    max_chars: int = 0  # of free text
    label_key: str | None = None  # its name in locales/ (reporter's summary, correction picker); None: not shown
    police_label: str = ""  # its line in police messages (English, the receiving force's language)
    stored: bool = True  # a column of the tip; contact details are kept apart, encrypted
    personal: bool = False  # identifies the reporter: never in a tip, snapshot, export or log
    required: bool = False  # a report without it cannot be submitted
    doc: str = ""  # one line for the API's documentation


# In the order the reporter is asked (domain.yml's form lists the same order; a test checks).
FIELDS: Final = (
    Field(
        "immediate_danger",
        "choice",
        TRISTATE,
        label_key="summary_danger_now",
        police_label="Danger now",
        doc="Whether someone is in danger now (`yes` makes the report an emergency).",
    ),
    Field(
        "reporter_is_victim",
        "flag",
        label_key="summary_about_you",
        police_label="Reporter",
        doc="The reporter describes their own situation.",
    ),
    Field("setting", "choice", SETTINGS, label_key="summary_place", police_label="Setting", doc="Where the concern is."),
    Field(
        "location",
        "text",
        max_chars=MAX_LOCATION_CHARS,
        label_key="summary_where",
        police_label="Location",
        required=True,
        doc="Address, postcode, business name or landmark (invisible characters are dropped).",
    ),
    Field("when_seen", "choice", WHEN_SEEN, label_key="summary_when", police_label="When seen", doc="When the reporter saw it."),
    Field(
        "children_involved",
        "choice",
        TRISTATE,
        label_key="summary_under_18",
        police_label="Under 18s involved",
        doc="Whether children are involved.",
    ),
    Field(
        "signs", "signs", SIGNS, label_key="summary_signs", police_label="Signs", doc="Indicator codes; stored once each, in a fixed order."
    ),
    Field(
        "people_count",
        "count",
        label_key="summary_people",
        police_label="People affected",
        doc="How many people seem affected; null when unknown.",
    ),
    Field(
        "description",
        "text",
        max_chars=MAX_DESCRIPTION_CHARS,
        label_key="summary_what_you_saw",
        police_label="In the reporter's words",
        doc="What the reporter saw, in any language.",
    ),
    Field(
        "contact_ok",
        "flag",
        label_key="summary_contact",
        police_label="Agreed to contact",
        doc="The reporter agrees to be contacted (default: anonymous).",
    ),
    Field(
        "contact",
        "contact",
        stored=False,
        personal=True,
        doc="How to reach the reporter; used only with `contact_ok`, stored apart and encrypted.",
    ),
    Field("language", "language", LANGUAGES, police_label="Language", doc="ISO 639-1 code of the reporter's language (default `en`)."),
)
FIELD_BY_NAME: Final = {f.name: f for f in FIELDS}
# The report as a tip stores it, and as deliveries and exports carry it.
STORED_FIELDS: Final = tuple(f.name for f in FIELDS if f.stored and not f.personal)
# The answers a reporter sees read back and can change, in the order asked.
ANSWER_FIELDS: Final = tuple(f.name for f in FIELDS if f.label_key)
REQUIRED_MESSAGES: Final = {"location": "is required: an address, postcode, business name or landmark"}


@dataclass(frozen=True, slots=True)
class Report:
    """A report as SPEC §2 defines it. Every field may be unknown (None) while a report is
    still being collected; an emergency is escalated with whatever is known by then. Its
    attributes are the names in `FIELDS` (checked at import)."""

    immediate_danger: str | None = None
    reporter_is_victim: bool = False
    setting: str | None = None
    location: str | None = None
    when_seen: str | None = None
    children_involved: str | None = None
    signs: tuple[str, ...] = ()
    people_count: int | None = None
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

    def stored_values(self) -> dict[str, Any]:
        """The values a tip stores (lists for JSON columns)."""
        return {name: list(self.signs) if name == "signs" else getattr(self, name) for name in STORED_FIELDS}


if tuple(Report.__dataclass_fields__) != tuple(f.name for f in FIELDS):
    raise RuntimeError("spotsigns.report.fields: Report's attributes must be the names in FIELDS, in the same order")


def report_from_stored(row: Any) -> Report:
    """The report a stored tip holds (an ORM row or a snapshot mapping), without contact."""
    get = row.get if isinstance(row, Mapping) else lambda name: getattr(row, name)
    values = {name: get(name) for name in STORED_FIELDS}
    values["signs"] = tuple(values["signs"] or ())
    values["reporter_is_victim"] = bool(values["reporter_is_victim"])
    values["contact_ok"] = bool(values["contact_ok"])
    values["language"] = values["language"] or "en"
    return Report(**values)


def missing_required(report: Report) -> dict[str, str]:
    """The report-level rule every channel applies before a report is submitted."""
    return {f.name: REQUIRED_MESSAGES[f.name] for f in FIELDS if f.required and not getattr(report, f.name)}


REPORT_FIELDS: Final = frozenset(Report.__dataclass_fields__)
