"""How answers read back to the reporter: the summary before sending and the names of the
answers in the "which answer would you like to change?" picker."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from actions.conversation import full_description
from spotsigns.report import i18n
from spotsigns.report.fields import ANSWER_FIELDS, FIELD_BY_NAME, WHEN_SEEN

# The answers a reporter can change, in the order they are asked, with the key of their name
# in locales/<language>.yml (the same names head the summary's lines): from the declaration.
FIELD_NAMES: Final = {name: str(FIELD_BY_NAME[name].label_key) for name in ANSWER_FIELDS}
_TRISTATE: Final = {"yes": "answer_yes", "no": "answer_no", "unsure": "not_sure"}
_DESCRIPTION_PREVIEW: Final = 280


def field_name(field: str, language: str) -> str:
    return i18n.text(FIELD_NAMES[field], language)


def _answer(name: str, slots: Mapping[str, Any], language: str) -> str:
    """One answer as the reporter reads it back, in their language."""

    def t(key: str) -> str:
        return i18n.text(key, language)

    value = slots.get(name)
    match name:
        case "reporter_is_victim":
            return t("about_you_yes") if value else t("about_you_no")
        case "setting":
            return i18n.setting_label(value, language)
        case "when_seen":
            return t(f"when_{value}") if value in WHEN_SEEN else t("not_given")
        case "signs":
            return "; ".join(i18n.sign_label(s, slots.get("setting"), language) for s in value or []) or t("no_signs_chosen")
        case "people_count":
            return str(value) if isinstance(value, int) else t("dont_know")
        case "description":
            description = full_description(slots)
            if len(description) > _DESCRIPTION_PREVIEW:
                description = description[: _DESCRIPTION_PREVIEW - 1] + "…"
            return f"“{description}”" if description else t("not_given")
        case "contact_ok":
            return t("contact_agreed") if value else t("contact_anonymous")
    if FIELD_BY_NAME[name].kind == "choice":
        return t(_TRISTATE[value]) if value in _TRISTATE else t("not_given")
    return str(value) if value else t("not_given")


def summary_text(slots: Mapping[str, Any], language: str = "en") -> str:
    return "\n".join(f"• {field_name(name, language)}: {_answer(name, slots, language)}" for name in FIELD_NAMES)


def field_from_text(text: str) -> str | None:
    """Which answer a typed correction names ("the address was wrong" → location)."""
    words = {
        "location": ("address", "location", "where", "postcode", "street", "place name"),
        "setting": ("type of place", "kind of place", "setting", "business type"),
        "when_seen": ("when", "time", "date", "day"),
        "people_count": ("how many", "number of people", "count"),
        "signs": ("signs", "sign", "indicators"),
        "children_involved": ("under 18", "children", "child", "kids", "age"),
        "immediate_danger": ("danger",),
        "reporter_is_victim": ("about me", "my own situation", "victim"),
        "description": ("description", "what i saw", "details", "my words"),
        "contact_ok": ("contact", "anonymous"),
    }
    lowered = f" {text.lower()} "
    for field, keys in words.items():
        if any(f" {k} " in lowered or f" {k}," in lowered or f" {k}." in lowered for k in keys):
            return field
    return None
