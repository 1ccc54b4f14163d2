"""The buttons' own words, typed instead of tapped ("Send it", "Wyślij", "Không, người khác",
"Happening now"): read as the button's payload (issue 10). The titles come from the responses
in domain.yml (every language's variation) and, for the buttons the actions build (places,
signs), from the wording the actions use (spotsigns.report.i18n)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Final

import yaml

from spotsigns.config import REPO_ROOT
from spotsigns.report import i18n
from spotsigns.report.fields import LANGUAGES, SETTINGS, SIGNS
from spotsigns.report.text import fold_arabic, fold_latin

# A typed button that would stop or leave the form is left to the NLU and the rules, which
# act on the NLU's intent: only answers are read from typed titles.
_ANSWER_INTENTS: Final = frozenset({"affirm", "deny", "unsure", "skip", "inform"})
_PAYLOAD: Final = re.compile(r"^/(\w+)(\{.*\})?$")


def _key(text: str) -> str:
    """Titles and typed text compared without case, accents, punctuation or emoji."""
    return " ".join(re.sub(r"[^\w ]+", " ", fold_arabic(fold_latin(text))).split())


@lru_cache(maxsize=1)
def _domain_buttons() -> dict[str, dict[str, str]]:
    """response → {typed title: payload}, over every language's variation."""
    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
    found: dict[str, dict[str, str]] = {}
    for response, variants in (domain.get("responses") or {}).items():
        for variant in variants:
            for button in variant.get("buttons") or []:
                payload = str(button["payload"]).replace("{{", "{").replace("}}", "}")
                found.setdefault(response, {})[_key(str(button["title"]))] = payload
    return found


@lru_cache(maxsize=1)
def _built_buttons() -> dict[str, dict[str, str]]:
    """The buttons the actions build: places, and signs (in every setting's wording)."""
    places = {_key(i18n.setting_label(code, lang)): f'/inform{{"setting": "{code}"}}' for code in SETTINGS for lang in LANGUAGES}
    signs = {
        _key(i18n.sign_label(code, setting, lang)): f'/inform{{"sign": "{code}"}}'
        for code in SIGNS
        for setting in (None, *SETTINGS)
        for lang in LANGUAGES
    }
    done = {_key(i18n.text(key, lang)): "/deny" for key in ("none_of_these", "thats_all") for lang in LANGUAGES}
    return {"setting": places, "signs": {**signs, **done}, "signs_done": {**signs, **done}}


# Questions whose button titles may open a longer answer ("Longer ago, about 3 weeks",
# "Car wash - the one by the Tesco"): the title before the first comma or dash counts.
_TITLE_THEN_MORE: Final = frozenset({"when_seen", "setting"})
_TITLE_END: Final = re.compile(r"\s*[,;:(—–]|\s+-\s+")


def typed_payload(requested: str | None, text: str) -> str | None:
    """The payload of the button of question `requested` whose title is `text` (or, for
    `_TITLE_THEN_MORE`, opens `text`), if any."""
    if not requested or not text or text.startswith("/"):
        return None
    payload = _typed_title(requested, text)
    if payload is None and requested in _TITLE_THEN_MORE and (title_end := _TITLE_END.search(text)):
        payload = _typed_title(requested, text[: title_end.start()])
    return payload


def _typed_title(requested: str, text: str) -> str | None:
    key = _key(text)
    if not key:
        return None
    responses = (f"utter_ask_{requested}", f"utter_ask_{requested}_victim", f"utter_ask_{requested}_emergency")
    domain = _domain_buttons()
    for response in responses:
        payload = domain.get(response, {}).get(key)
        if payload is not None:
            return payload if _intent(payload) in _ANSWER_INTENTS else None
    return _built_buttons().get(requested, {}).get(key)


def _intent(payload: str) -> str | None:
    match = _PAYLOAD.match(payload)
    return match.group(1) if match else None


def as_message(payload: str, message: dict[str, Any]) -> dict[str, Any]:
    """`message` as if the button had been tapped: its intent and entities."""
    match = _PAYLOAD.match(payload)
    if match is None:
        return message
    entities = [{"entity": k, "value": v} for k, v in json.loads(match.group(2) or "{}").items()]
    return {**message, "text": payload, "intent": {"name": match.group(1), "confidence": 1.0}, "entities": entities}
