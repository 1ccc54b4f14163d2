"""Write the translations in locales/<language>.yml into domain.yml as response variations
conditioned on the `language` slot, and list every translated string in
docs/translations.md for professional review.

    .venv/bin/python tools/merge_translations.py          # rewrite domain.yml and the doc
    .venv/bin/python tools/merge_translations.py --check  # exit 1 if either is out of date

English stays the unconditioned variation of each response: the fallback for any language
without a translation. Button payloads always come from the English variation; only titles
are translated. Comments and layout of domain.yml are kept (ruamel round trip).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from spotsigns.report.fields import LANGUAGE_NAMES

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "domain.yml"
LOCALES = ROOT / "locales"
DOC = ROOT / "docs" / "translations.md"
LANGUAGES = tuple(language for language in LANGUAGE_NAMES if language != "en")  # translated from English
NAMES = LANGUAGE_NAMES
# Responses whose variations were split into separate responses after translation started.
SPLIT = {"utter_ask_location": ("utter_ask_location_emergency", "utter_ask_location")}


def _load_locales() -> dict[str, dict[str, Any]]:
    locales = {}
    for language in LANGUAGES:
        path = LOCALES / f"{language}.yml"
        if path.is_file():
            locales[language] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return locales


def _translated_variations(locale: dict[str, Any], name: str) -> list[dict[str, Any]] | None:
    responses = locale.get("responses") or {}
    for source, targets in SPLIT.items():
        if name in targets and source in responses and name not in responses:
            return [responses[source][targets.index(name)]]
    return responses.get(name)


def _variation(english: dict[str, Any], translated: dict[str, Any], language: str) -> CommentedMap:
    variation = CommentedMap()
    variation["condition"] = CommentedSeq([CommentedMap([("type", "slot"), ("name", "language"), ("value", language)])])
    variation["text"] = translated["text"]
    english_buttons = english.get("buttons") or []
    if english_buttons:
        titles = translated.get("buttons") or []
        variation["buttons"] = CommentedSeq(
            CommentedMap([("title", titles[i] if i < len(titles) else button["title"]), ("payload", button["payload"])])
            for i, button in enumerate(english_buttons)
        )
    if "custom" in english:
        variation["custom"] = english["custom"]
    return variation


def merged_domain() -> str:
    loader = YAML()
    loader.preserve_quotes = True
    loader.width = 4096
    loader.indent(mapping=2, sequence=4, offset=2)
    domain = loader.load(DOMAIN.read_text(encoding="utf-8"))
    locales = _load_locales()
    for name, variations in domain["responses"].items():
        english = [v for v in variations if not any(c.get("name") == "language" for c in v.get("condition") or [])]
        if len(english) != 1:
            raise SystemExit(f"{name}: expected exactly one English variation, found {len(english)}")
        variations.clear()
        variations.append(english[0])
        for language, locale in locales.items():
            translated = _translated_variations(locale, name)
            if translated:
                variations.append(_variation(english[0], translated[0], language))
    out = io.StringIO()
    loader.dump(domain, out)
    return out.getvalue()


def translations_doc() -> str:
    locales = _load_locales()
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    english_strings = (yaml.safe_load((LOCALES / "en.yml").read_text(encoding="utf-8")) or {})["strings"]
    lines = [
        "# Translations for professional review",
        "",
        "Every string a reporter reads, in English and in each supported language. All non-English",
        "text was written by the developers (with careful checking) and is **awaiting review by a",
        "professional translator** who is a native speaker; until then it is marked *unreviewed*.",
        "",
        "Where they live: Rasa responses in `domain.yml` (variations conditioned on the `language`",
        "slot, written from `locales/<language>.yml` by `tools/merge_translations.py`); texts that",
        "actions build under `strings:` and place and sign wording under `indicators:` in",
        "`locales/<language>.yml`. Also unreviewed: danger-cue patterns in",
        "`spotsigns/report/danger_cues.yml`, the words of answers (yes/no, times, numbers, ages, stopping)",
        "in `spotsigns/report/answer_words.yml`, sign keywords as residents type them (colloquial,",
        "inflected, in Arabic and Urdu script and romanised) in `spotsigns/report/typed_sign_words/`, language names in",
        "`bot/language.py`, and the NLU examples in `data/nlu/<language>.yml`.",
        "",
        "| language | status |",
        "| --- | --- |",
        *(f"| {NAMES[lang]} ({lang}) | unreviewed |" for lang in locales),
        "",
        "## Rasa responses",
        "",
    ]
    for name, variations in domain["responses"].items():
        english = next(v for v in variations if not any(c.get("name") == "language" for c in v.get("condition") or []))
        lines.append(f"### `{name}`")
        lines.append("")
        lines.append(f"- **en**: {_one_line(english['text'])}" + _buttons(english))
        for variation in variations:
            condition = {c["name"]: c["value"] for c in variation.get("condition") or []}
            if "language" in condition:
                lines.append(f"- **{condition['language']}**: {_one_line(variation['text'])}" + _buttons(variation))
        lines.append("")
    lines += ["## Texts built by actions (`strings:`)", ""]
    for key, value in english_strings.items():
        lines.append(f"### `{key}`")
        lines.append("")
        lines.append(f"- **en**: {_one_line(value)}")
        for language, locale in locales.items():
            translated = (locale.get("strings") or {}).get(key)
            if translated:
                lines.append(f"- **{language}**: {_one_line(translated)}")
        lines.append("")
    english_helplines = {
        str(entry["key"]): entry
        for entry in yaml.safe_load((ROOT / "spotsigns" / "report" / "helplines.yml").read_text(encoding="utf-8"))["helplines"]
    }
    lines += ["## Helplines (`helplines:`)", "", "English and numbers: `spotsigns/report/helplines.yml` (HELPLINES_FILE).", ""]
    for key, entry in english_helplines.items():
        lines += [f"### `{key}`", "", f"- **en**: {_one_line(entry['name'])} — {_one_line(entry.get('when', ''))}"]
        for language, locale in locales.items():
            translated = (locale.get("helplines") or {}).get(key)
            if translated:
                lines.append(f"- **{language}**: {_one_line(translated.get('name', ''))} — {_one_line(translated.get('when', ''))}")
        lines.append("")
    lines += [
        "## Places and signs (`indicators:`)",
        "",
        "English: `spotsigns/report/indicators.yml`; translations: `indicators:` in each locale file.",
        "",
    ]
    return "\n".join(lines).rstrip() + "\n"


def _one_line(text: str) -> str:
    return str(text).replace("\n", " ⏎ ").replace("|", "\\|")


def _buttons(variation: dict[str, Any]) -> str:
    titles = [b["title"] for b in variation.get("buttons") or []]
    return f" — buttons: {' · '.join(titles)}" if titles else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that domain.yml and the doc are up to date")
    args = parser.parse_args()
    domain = merged_domain()
    if args.check:
        stale = []
        if DOMAIN.read_text(encoding="utf-8") != domain:
            stale.append("domain.yml")
        elif not DOC.is_file() or DOC.read_text(encoding="utf-8") != translations_doc():  # the doc is made from domain.yml
            stale.append("docs/translations.md")
        if stale:
            print(f"out of date: {', '.join(stale)}; run tools/merge_translations.py", file=sys.stderr)
            return 1
        return 0
    DOMAIN.write_text(domain, encoding="utf-8")
    DOC.write_text(translations_doc(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
