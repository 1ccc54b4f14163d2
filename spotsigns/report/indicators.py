"""The plain-English wording of settings and signs, read from `spotsigns/report/indicators.yml`.

One source for the chat, the SMS channel and the web form. Matching of free text against
the keywords is word-bounded and accent-insensitive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from spotsigns.report.fields import SETTINGS, SIGNS
from spotsigns.report.text import fold_latin

INDICATORS_FILE = Path(__file__).resolve().parent / "indicators.yml"


@dataclass(frozen=True, slots=True)
class SignWording:
    code: str
    label: str
    hint: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SettingWording:
    code: str
    label: str
    description: str
    signs: tuple[tuple[str, str], ...]  # (sign code, wording for this setting), most telling first


@dataclass(frozen=True, slots=True)
class Indicators:
    signs: dict[str, SignWording]
    settings: dict[str, SettingWording]

    def signs_for(self, setting: str | None) -> tuple[tuple[str, str], ...]:
        return self.settings[setting if setting in self.settings else "other"].signs

    def sign_label(self, sign: str, setting: str | None = None) -> str:
        return dict(self.signs_for(setting)).get(sign) or self.signs[sign].label

    def setting_label(self, setting: str | None) -> str:
        return self.settings[setting].label if setting in self.settings else self.settings["other"].label

    def match_signs(self, text: str) -> list[str]:
        """All signs whose keywords occur in `text`, in SPEC order."""
        folded = fold_latin(text)
        return [code for code in SIGNS if any(_contains(folded, k) for k in self.signs[code].keywords)]


@lru_cache(maxsize=4096)
def _pattern(keyword: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(fold_latin(keyword)) + r"(?!\w)")


def _contains(folded_text: str, keyword: str) -> bool:
    return bool(_pattern(keyword).search(folded_text))


def parse_indicators(raw: dict) -> Indicators:
    signs = {
        code: SignWording(code, str(v["label"]), str(v.get("hint", "")), tuple(v.get("keywords") or ()))
        for code, v in (raw.get("signs") or {}).items()
    }
    settings = {
        code: SettingWording(
            code,
            str(v["label"]),
            str(v.get("description", v["label"])),
            tuple((str(s), str(w)) for s, w in (v.get("signs") or {}).items()),
        )
        for code, v in (raw.get("settings") or {}).items()
    }
    if set(signs) != set(SIGNS) or set(settings) != set(SETTINGS):
        raise ValueError("indicators file must describe exactly the SPEC §2 signs and settings")
    for setting in settings.values():
        unknown = [s for s, _ in setting.signs if s not in signs]
        if unknown:
            raise ValueError(f"setting {setting.code} lists unknown signs: {unknown}")
    return Indicators(signs, settings)


@lru_cache(maxsize=2)
def load_indicators(path: Path = INDICATORS_FILE) -> Indicators:
    return parse_indicators(yaml.safe_load(path.read_text(encoding="utf-8")))
