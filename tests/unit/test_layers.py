"""The folders show the processes and the layers (issue 8; docs/architecture.md, "Where new
code goes"): each layer of the shared package imports nothing above it, and the code that
runs inside the Rasa server imports nothing of the app runtime."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from spotsigns.config import REPO_ROOT
from spotsigns.report.pseudonym import PREFIX

# What each part may import from this repository (its own modules included).
ALLOWED = {
    "spotsigns/report": ("spotsigns.config", "spotsigns.logs", "spotsigns.report"),
    "spotsigns/storage": ("spotsigns.config", "spotsigns.logs", "spotsigns.report", "spotsigns.storage"),
    "spotsigns/delivery": ("spotsigns.config", "spotsigns.logs", "spotsigns.report", "spotsigns.storage", "spotsigns.delivery"),
    "rasa_runtime": ("rasa_runtime",),
}
OURS = ("spotsigns", "bot", "actions", "web_form", "rasa_runtime", "tests")


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names if node.module == "spotsigns")
    return names


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_a_layer_imports_nothing_above_it(folder: str) -> None:
    wrong = []
    for path in sorted((REPO_ROOT / folder).rglob("*.py")):
        if "migrations" in path.parts and folder == "spotsigns/storage":
            continue  # Alembic's own scripts
        for module in imported_modules(path):
            ours = module.split(".")[0] in OURS
            if ours and not module.startswith(ALLOWED[folder]):
                wrong.append(f"{path.relative_to(REPO_ROOT)} imports {module}")
    assert wrong == []


def test_the_rasa_side_channel_knows_the_gateways_pseudonym_prefix() -> None:
    """It runs in Rasa's Python and cannot import the app; the copied constant must agree."""
    tree = ast.parse((REPO_ROOT / "rasa_runtime" / "channel.py").read_text(encoding="utf-8"))
    values = {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Constant)
    }
    assert values["PSEUDONYM_PREFIX"] == PREFIX


def test_no_python_file_of_the_services_is_over_300_lines() -> None:
    long = []
    for folder in ("spotsigns", "bot", "actions", "web_form", "rasa_runtime"):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            lines = path.read_text(encoding="utf-8").count("\n")
            if lines > 330 and "migrations" not in path.parts:
                long.append(f"{path.relative_to(REPO_ROOT)}: {lines}")
    assert long == []
