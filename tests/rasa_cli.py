"""Running Rasa's own CLI (bot environment) from the tests."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from spotsigns.config import REPO_ROOT
from spotsigns.launcher.training import bot_env, ensure_model, rasa_executable


def run_rasa(*args: str, log: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    log.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [str(rasa_executable()), *args], cwd=REPO_ROOT, env=bot_env(), capture_output=True, text=True, timeout=timeout, check=False
    )
    log.write_text(result.stdout + result.stderr, encoding="utf-8")
    return result


def model() -> Path:
    return ensure_model()


def read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
