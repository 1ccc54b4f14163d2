"""Helplines and support pathways, from configuration (SPEC §4)."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from spotsigns.config import ConfigError, Settings


@dataclass(frozen=True, slots=True)
class Helpline:
    key: str
    name: str
    number: str
    when: str


def load_helplines(settings: Settings) -> list[Helpline]:
    """The configured helplines; entries whose number is not configured are left out."""
    try:
        raw = yaml.safe_load(settings.helplines_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read helplines from {settings.helplines_file}: {exc}") from None
    values = {"council_name": settings.council_name, "council_phone": settings.council_phone or ""}
    lines: list[Helpline] = []
    for entry in raw.get("helplines", []):
        number = str(entry.get("number", "")).format(**values).strip()
        if number:
            lines.append(
                Helpline(str(entry["key"]), str(entry["name"]).format(**values), number, str(entry.get("when", "")).format(**values))
            )
    return lines


def helplines_text(helplines: list[Helpline]) -> str:
    return "\n".join(f"• {h.name}: {h.number} ({h.when})" for h in helplines)
