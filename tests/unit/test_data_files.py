"""The data files the conversation relies on agree with each other and with SPEC §2."""

from __future__ import annotations

from itertools import pairwise

import yaml

from spotsigns.config import REPO_ROOT
from spotsigns.report.fields import SETTINGS, SIGNS, WHEN_SEEN
from spotsigns.report.indicators import load_indicators
from spotsigns.report.text import fold_latin

NLU = REPO_ROOT / "data" / "nlu"
FIELDS = {"location", "setting", "when_seen", "signs", "people_count", "children_involved", "immediate_danger",
          "reporter_is_victim", "description", "contact_ok", "contact"}  # fmt: skip


def _lines(block: str) -> list[str]:
    return [line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("- ")]


def _by_key(path: str, key: str) -> dict[str, list[str]]:
    data = yaml.safe_load((NLU / path).read_text(encoding="utf-8"))
    return {item[key]: _lines(item["examples"]) for item in data["nlu"] if key in item}


def _all_by_key(key: str) -> dict[str, list[str]]:
    """Lookups or synonyms from every NLU file (English files and one file per language)."""
    merged: dict[str, list[str]] = {}
    for path in sorted(NLU.glob("*.yml")):
        for name, phrases in _by_key(path.name, key).items():
            merged.setdefault(name, []).extend(phrases)
    return merged


def test_every_lookup_phrase_maps_to_a_canonical_value() -> None:
    lookups = _all_by_key("lookup")
    synonyms = _all_by_key("synonym")
    phrase_to_value = {phrase.lower(): value for value, phrases in synonyms.items() for phrase in phrases}
    allowed = {"setting": set(SETTINGS), "when_seen": set(WHEN_SEEN), "field": FIELDS}
    assert set(lookups) <= set(allowed)
    assert set(_by_key("lookups.yml", "lookup")) == set(allowed)
    for entity, phrases in lookups.items():
        for phrase in phrases:
            value = phrase_to_value.get(phrase.lower(), phrase.lower())
            assert value in allowed[entity], f"{entity} lookup {phrase!r} maps to {value!r}"


def test_lookups_are_longest_first_so_the_longest_match_wins() -> None:
    for path in sorted(NLU.glob("*.yml")):
        for phrases in _by_key(path.name, "lookup").values():
            assert all(len(a) >= len(b) for a, b in pairwise(phrases)), path.name


def test_indicators_describe_every_setting_and_sign() -> None:
    indicators = load_indicators()
    assert list(indicators.signs) == list(SIGNS)
    assert list(indicators.settings) == list(SETTINGS)
    for setting in indicators.settings.values():
        codes = [code for code, _ in setting.signs]
        assert 6 <= len(codes) <= 9, setting.code
        assert {"appears_under_18", "fearful_or_withdrawn"} <= set(codes), setting.code
        assert {"threats_or_violence", "injuries", "locked_in_or_cannot_leave"} & set(codes), setting.code
        assert all(len(label) <= 40 for _, label in setting.signs), setting.code


def test_sign_keywords_are_unique_and_do_not_contain_each_other() -> None:
    keywords = [(fold_latin(k), sign.code) for sign in load_indicators().signs.values() for k in sign.keywords]
    assert len({k for k, _ in keywords}) == len(keywords)
    for word, sign in keywords:
        for other, other_sign in keywords:
            if sign != other_sign and word != other:
                assert f" {word} " not in f" {other} ", f"{word!r} ({sign}) is inside {other!r} ({other_sign})"


def _locale(language: str) -> dict:
    return yaml.safe_load((REPO_ROOT / "locales" / f"{language}.yml").read_text(encoding="utf-8"))


def test_every_language_translates_every_string_and_response() -> None:
    import re

    english_strings = _locale("en")["strings"]
    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
    english_responses = {
        name: next(v for v in variations if not any(c.get("name") == "language" for c in v.get("condition") or []))
        for name, variations in domain["responses"].items()
    }
    placeholder = re.compile(r"\{(\w+)\}")
    for language in ("pl", "ro", "sq", "vi", "lt", "ar", "ur"):
        locale = _locale(language)
        assert all(isinstance(key, str) for key in locale["strings"]), f"{language}: a key YAML read as a boolean"
        assert set(locale["strings"]) == set(english_strings), language
        variations = {
            name: next((v for v in vs if {"type": "slot", "name": "language", "value": language} in (v.get("condition") or [])), None)
            for name, vs in domain["responses"].items()
        }
        for name, english in english_responses.items():
            translated = variations[name]
            assert translated is not None, f"{language}: {name} has no translation in domain.yml"
            assert set(placeholder.findall(translated["text"])) == set(placeholder.findall(english["text"])), f"{language}: {name}"
            assert len(translated.get("buttons") or []) == len(english.get("buttons") or []), f"{language}: {name}"
            assert [b["payload"] for b in translated.get("buttons") or []] == [b["payload"] for b in english.get("buttons") or []]
        for code in load_indicators().settings:
            assert locale["indicators"]["settings"][code]["label"], f"{language}: setting {code}"
