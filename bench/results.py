"""Writing a benchmark's results: printed, and saved as JSON when asked (`--json PATH`)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any


def emit(results: dict[str, Any], path: Path | None) -> None:
    text = json.dumps(results, indent=2)
    print(text)
    if path is not None:
        path.write_text(text + "\n", encoding="utf-8")


def run(evaluate: Callable[[], dict[str, Any]], description: str | None) -> int:
    """The command line of a benchmark that only evaluates: `--json PATH` saves the results."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path)
    emit(evaluate(), parser.parse_args().json)
    return 0
