"""Helplines and support pathways, from configuration (SPEC §4).

`HELPLINES_FILE` (default `spotsigns/report/helplines.yml`) is the one place for their numbers: every
text a reporter reads gets them from here (locale strings take `{helpline_name}`,
`{helpline_number}` and `{council_name}` placeholders, filled from `reporter_values`). Names and
"when" come in the reporter's language from `helplines:` in `locales/<language>.yml`, keyed by
helpline key; a helpline without a translation keeps the file's English wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import yaml

from spotsigns.config import ConfigError, Settings
from spotsigns.report import i18n

# The helpline named in the texts reporters read (the SMS help, the failure messages, the page).
REPORTER_HELPLINE: Final = "modern_slavery_helpline"


@dataclass(frozen=True, slots=True)
class Helpline:
    key: str
    name: str
    number: str
    when: str


def _entries(settings: Settings) -> list[dict[str, Any]]:
    return _read_entries(settings.helplines_file)


@lru_cache(maxsize=4)
def _read_entries(path: Path) -> list[dict[str, Any]]:
    """The helplines file, read once per process (every page, SMS help and failure text needs it)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read helplines from {path}: {exc}") from None
    entries = raw.get("helplines") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) and entry.get("key") and entry.get("name") for entry in entries):
        raise ConfigError(f"{path}: expected `helplines:`, a list of entries with a key and a name (and a number)")
    return entries


def load_helplines(settings: Settings, language: str = "en") -> list[Helpline]:
    """The configured helplines, named and described in `language` (else in the file's
    English); entries whose number is not configured are left out."""
    values = {"council_name": settings.council_name, "council_phone": settings.council_phone or ""}
    lines: list[Helpline] = []
    for entry in _entries(settings):
        key = str(entry["key"])
        number = _fill(settings, str(entry.get("number", "")), values).strip()
        if not number:
            continue
        wording = i18n.helpline_wording(key, language)
        name = wording.get("name") or str(entry["name"])
        when = wording.get("when") or str(entry.get("when", ""))
        lines.append(Helpline(key, _fill(settings, name, values), number, _fill(settings, when, values)))
    return lines


def _fill(settings: Settings, text: str, values: dict[str, str]) -> str:
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        where = f"{settings.helplines_file} or locales/"
        raise ConfigError(f"helpline text {text!r} ({where}): only {{council_name}} and {{council_phone}} are filled ({exc})") from None


def reporter_helpline(settings: Settings, language: str = "en") -> Helpline:
    """The Modern Slavery & Exploitation Helpline as configured, in `language`."""
    for helpline in load_helplines(settings, language):
        if helpline.key == REPORTER_HELPLINE:
            return helpline
    raise ConfigError(f"{settings.helplines_file}: no `{REPORTER_HELPLINE}` entry with a number; the texts reporters read name it")


def reporter_values(settings: Settings, language: str = "en") -> dict[str, str]:
    """What reporter texts interpolate: `{helpline_name}`, `{helpline_number}`,
    `{helpline_when}`, `{council_name}` and `{council_phone}` (empty when not configured)."""
    helpline = reporter_helpline(settings, language)
    return {
        "helpline_name": helpline.name,
        "helpline_number": helpline.number,
        "helpline_when": helpline.when,
        "council_name": settings.council_name,
        "council_phone": settings.council_phone or "",
    }


def helplines_text(helplines: list[Helpline]) -> str:
    return "\n".join(f"• {h.name}: {h.number} ({h.when})" for h in helplines)
