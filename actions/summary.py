"""How answers read back to the reporter: the summary before sending and the names of the
answers in the "which answer would you like to change?" picker."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from actions.conversation import full_description
from spotsigns import i18n

# The answers a reporter can change, in the order they are asked, with the key of their name
# in locales/<language>.yml (the same names head the summary's lines).
FIELD_NAMES: Final = {
    "immediate_danger": "summary_danger_now",
    "reporter_is_victim": "summary_about_you",
    "setting": "summary_place",
    "location": "summary_where",
    "when_seen": "summary_when",
    "children_involved": "summary_under_18",
    "signs": "summary_signs",
    "people_count": "summary_people",
    "description": "summary_what_you_saw",
    "contact_ok": "summary_contact",
}
_TRISTATE: Final = {"yes": "answer_yes", "no": "answer_no", "unsure": "not_sure"}
_DESCRIPTION_PREVIEW: Final = 280


def field_name(field: str, language: str) -> str:
    return i18n.text(FIELD_NAMES[field], language)


def summary_text(slots: Mapping[str, Any], language: str = "en") -> str:
    def t(key: str) -> str:
        return i18n.text(key, language)

    setting = slots.get("setting")
    signs = [i18n.sign_label(s, setting, language) for s in slots.get("signs") or []]
    people = slots.get("people_count")
    description = full_description(slots)
    if len(description) > _DESCRIPTION_PREVIEW:
        description = description[: _DESCRIPTION_PREVIEW - 1] + "…"
    danger, children, when = slots.get("immediate_danger"), slots.get("children_involved"), slots.get("when_seen")
    values = {
        "immediate_danger": t(_TRISTATE[danger]) if danger in _TRISTATE else t("not_given"),
        "reporter_is_victim": t("about_you_yes") if slots.get("reporter_is_victim") else t("about_you_no"),
        "setting": i18n.setting_label(setting, language),
        "location": slots.get("location") or t("not_given"),
        "when_seen": t(f"when_{when}") if when in ("now", "today", "this_week", "earlier") else t("not_given"),
        "children_involved": t(_TRISTATE[children]) if children in _TRISTATE else t("not_given"),
        "signs": "; ".join(signs) if signs else t("no_signs_chosen"),
        "people_count": str(people) if isinstance(people, int) else t("dont_know"),
        "description": f"“{description}”" if description else t("not_given"),
        "contact_ok": t("contact_agreed") if slots.get("contact_ok") else t("contact_anonymous"),
    }
    return "\n".join(f"• {field_name(field, language)}: {values[field]}" for field in FIELD_NAMES)


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
