"""Translations of the texts that custom actions build, and of the place and sign wording.

Rasa's own responses are translated in domain.yml (variations conditioned on the `language`
slot); everything else a reporter reads comes from `locales/<language>.yml`, falling back to
English for anything missing. Strings that name a configured fact (the helpline, the council)
take placeholders that the caller fills from configuration (`spotsigns.report.helplines.reporter_values`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from spotsigns.config import REPO_ROOT
from spotsigns.report.fields import LANGUAGES
from spotsigns.report.indicators import load_indicators

LOCALES = REPO_ROOT / "locales"


@lru_cache(maxsize=16)
def _catalog(language: str) -> dict[str, Any]:
    path: Path = LOCALES / f"{language}.yml"
    if language not in LANGUAGES or not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


class _KeepUnfilled(dict[str, object]):
    """Placeholders without a value stay as they are, for a caller that fills them later."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(key: str, language: str = "en", **values: object) -> str:
    """The string `key` in `language`, else in English, with `values` filled in (e.g. the
    `{helpline_number}` from `reporter_values`); placeholders not given are left as they are."""
    translated = (_catalog(language).get("strings") or {}).get(key)
    template = str(translated) if translated else str(_catalog("en")["strings"][key])
    return template.format_map(_KeepUnfilled(values)) if values else template


def helpline_wording(key: str, language: str = "en") -> dict[str, str]:
    """The `name` and `when` of the helpline `key` translated under `helplines:` in the
    language's file; empty for English and anything untranslated (the helplines file has the
    English)."""
    entry = (_catalog(language).get("helplines") or {}).get(key) or {}
    return {field: str(entry[field]) for field in ("name", "when") if isinstance(entry, dict) and entry.get(field)}


def setting_label(setting: str | None, language: str = "en") -> str:
    code = setting if setting in load_indicators().settings else "other"
    translated = ((_catalog(language).get("indicators") or {}).get("settings") or {}).get(code, {})
    return str(translated.get("label") or load_indicators().setting_label(code))


def setting_description(setting: str | None, language: str = "en") -> str:
    code = setting if setting in load_indicators().settings else "other"
    translated = ((_catalog(language).get("indicators") or {}).get("settings") or {}).get(code, {})
    return str(translated.get("description") or load_indicators().settings[code].description)


def sign_label(sign: str, setting: str | None, language: str = "en") -> str:
    """The sign's wording for the setting (or its general label) in `language`."""
    indicators = (_catalog(language).get("indicators") or {}) if language != "en" else {}
    by_setting = (indicators.get("setting_signs") or {}).get(setting or "other", {})
    if sign in by_setting and sign in dict(load_indicators().signs_for(setting)):
        return str(by_setting[sign])
    general = (indicators.get("signs") or {}).get(sign, {})
    if general.get("label") and sign not in dict(load_indicators().signs_for(setting)):
        return str(general["label"])
    return load_indicators().sign_label(sign, setting)


def signs_for(setting: str | None, language: str = "en") -> list[tuple[str, str]]:
    """The setting's signs, most telling first, worded in `language`."""
    return [(code, sign_label(code, setting, language)) for code, _ in load_indicators().signs_for(setting)]


def button_words(language: str | None, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The words of these buttons in the conversation's language and in English, so a
    reporter who types a button's text ("That's all", "Asta e tot") is understood."""
    languages = dict.fromkeys(["en", language or "en"])
    return tuple(text(key, lang) for lang in languages for key in keys)
