"""How answers read back to the reporter: the summary before sending and the names of the
answers in the "which answer would you like to change?" picker."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from actions.conversation import full_description
from spotsigns.indicators import load_indicators

# The answers a reporter can change, in the order they are asked, with the picker's names.
FIELD_NAMES: Final = {
    "immediate_danger": "Danger now",
    "reporter_is_victim": "About you",
    "setting": "Place",
    "location": "Where",
    "when_seen": "When",
    "children_involved": "Under 18s",
    "signs": "Signs",
    "people_count": "How many people",
    "description": "What you saw",
    "contact_ok": "Contact",
}
_TRISTATE: Final = {"yes": "Yes", "no": "No", "unsure": "Not sure"}
_WHEN: Final = {"now": "Happening now", "today": "Earlier today", "this_week": "In the last week", "earlier": "Longer ago"}
_DESCRIPTION_PREVIEW: Final = 280


def summary_text(slots: Mapping[str, Any]) -> str:
    indicators = load_indicators()
    setting = slots.get("setting")
    signs = [indicators.sign_label(s, setting) for s in slots.get("signs") or []]
    people = slots.get("people_count")
    description = full_description(slots)
    if len(description) > _DESCRIPTION_PREVIEW:
        description = description[: _DESCRIPTION_PREVIEW - 1] + "…"
    lines = [
        ("Danger now", _TRISTATE.get(slots.get("immediate_danger") or "", "Not given")),
        ("About you", "Yes" if slots.get("reporter_is_victim") else "No, someone else"),
        ("Place", indicators.setting_label(setting)),
        ("Where", slots.get("location") or "Not given"),
        ("When", _WHEN.get(slots.get("when_seen") or "", "Not given")),
        ("Under 18s", _TRISTATE.get(slots.get("children_involved") or "", "Not given")),
        ("Signs", "; ".join(signs) if signs else "None chosen"),
        ("How many people", str(people) if isinstance(people, int) else "Don't know"),
        ("What you saw", f"“{description}”" if description else "Not given"),
        ("Contact", "You agreed to be contacted" if slots.get("contact_ok") else "Anonymous"),
    ]
    return "\n".join(f"• {name}: {value}" for name, value in lines)


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
