"""Shared fixtures. Components a test needs are real; where one is missing the test says why
it skips, and under CI (CI=true) a missing required component fails instead of skipping."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from spotsigns.config import Settings
from spotsigns.storage.db import migrate
from spotsigns.storage.store import build_tip_store
from spotsigns.storage.tips import TipStore
from tests.peers import fake_rasa  # noqa: F401 (a fixture for the gateway tests)

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


@contextmanager
def postgres_schema(base_url: str) -> Iterator[str]:
    """A throw-away schema on the PostgreSQL server of TEST_DATABASE_URL; yields its URL."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, poolclass=NullPool)  # no connection kept between the two statements
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_settings(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Settings]:
    """The same settings on the embedded SQLite database and on PostgreSQL (TEST_DATABASE_URL)."""
    if request.param == "sqlite":
        migrate(settings)
        yield settings
        return
    base_url = os.environ.get("TEST_DATABASE_URL")
    require(bool(base_url), "TEST_DATABASE_URL is not set, so the PostgreSQL half of this test cannot run")
    with postgres_schema(str(base_url)) as url:
        pg_settings = Settings.load({**settings.env, "DATABASE_URL": url})
        migrate(pg_settings)
        yield pg_settings


@pytest.fixture
def tip_store(db_settings: Settings) -> Iterator[TipStore]:
    store = build_tip_store(db_settings)
    yield store
    store.close()
