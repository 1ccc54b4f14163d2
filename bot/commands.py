"""Which "/…" messages a reporter's client may send.

Rasa treats a message that starts with "/" as an intent given directly (the buttons use
this: `/affirm`, `/inform{"setting": "car_wash"}`). Its reserved commands (`/restart`,
`/session_start`, `/back`…) and unknown intents would reset or break a conversation, so the
gateway lets through only the domain's own intents, with entities the domain declares as
string values, and the language choice `/lang xx`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Final

import yaml

from spotsigns.config import REPO_ROOT

_COMMAND: Final = re.compile(r"^/(?P<intent>[A-Za-z_][\w]*)(?P<entities>\{.*\})?$", re.DOTALL)
_LANGUAGE_CHOICE: Final = re.compile(r"^/lang(?:uage)?\s+[a-z]{2}$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _domain(path: Path = REPO_ROOT / "domain.yml") -> tuple[frozenset[str], frozenset[str]]:
    domain = yaml.safe_load(path.read_text(encoding="utf-8"))
    intents = frozenset(i if isinstance(i, str) else next(iter(i)) for i in domain.get("intents") or [])
    entities = frozenset(e if isinstance(e, str) else next(iter(e)) for e in domain.get("entities") or [])
    return intents, entities


def is_allowed_command(text: str) -> bool:
    """False for a "/…" message that is not one of the domain's intents (with its entities);
    True for everything else, including ordinary text."""
    if not text.startswith("/"):
        return True
    if _LANGUAGE_CHOICE.match(text):
        return True
    match = _COMMAND.match(text)
    if match is None:
        return False
    intents, entities = _domain()
    if match["intent"] not in intents:
        return False
    if match["entities"] is None:
        return True
    try:
        values = json.loads(match["entities"])
    except ValueError:
        return False
    return isinstance(values, dict) and all(k in entities and isinstance(v, str) for k, v in values.items())
