"""Shared fixtures. Components a test needs are real; where one is missing the test says why
it skips, and under CI (CI=true) a missing required component fails instead of skipping."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from spotsigns.config import Settings
from spotsigns.db import migrate
from spotsigns.store import build_tip_store
from spotsigns.tips import TipStore

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip when a component is missing, except in CI, where it must be there."""
    if not condition:
        if IN_CI:
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    env = {
        "SPOTSIGNS_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'spotsigns.db'}",
        "SPOTSIGNS_ENV_FILE": str(tmp_path / "no.env"),
    }
    return Settings.load(env)


@pytest.fixture
def tip_store(settings: Settings) -> Iterator[TipStore]:
    migrate(settings)
    return build_tip_store(settings)
