"""The Jinja2 environment shared by the public pages and the staff app (autoescaped)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from spotsigns.config import Settings
from spotsigns.report import i18n
from spotsigns.report.helplines import load_helplines, reporter_helpline, reporter_values

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def reporter_context(settings: Settings, language: str = "en") -> dict[str, object]:
    """What a page a reporter reads needs from configuration, in the page's language: the
    council's name, the helplines (all of them, and `helpline`, the one the texts name) and
    the chat's own failure messages (for chat.js, which has no words of its own)."""
    values = reporter_values(settings, language)
    return {
        "lang": language,
        "council_name": settings.council_name,
        "helplines": load_helplines(settings, language),
        "helpline": reporter_helpline(settings, language),
        "chat_failure": i18n.text("chat_failure", language, **values),
        "chat_offline": i18n.text("chat_offline", language, **values),
    }
