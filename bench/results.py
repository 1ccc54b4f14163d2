"""Writing a benchmark's results: printed, and saved as JSON when asked (`--json PATH`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def emit(results: dict[str, Any], path: Path | None) -> None:
    text = json.dumps(results, indent=2)
    print(text)
    if path is not None:
        path.write_text(text + "\n", encoding="utf-8")
