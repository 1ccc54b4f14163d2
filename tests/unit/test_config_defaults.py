"""Defaults that running installations depend on: a changed default database file would start
a council on an empty tip store without a word."""

from __future__ import annotations

from pathlib import Path

from spotsigns.config import Settings


def test_the_embedded_database_and_tracker_store_keep_their_file_names(tmp_path: Path) -> None:
    settings = Settings.load({"SPOTSIGNS_VAR_DIR": str(tmp_path), "SPOTSIGNS_ENV_FILE": str(tmp_path / "no.env")})
    assert settings.database_url == f"sqlite:///{tmp_path.resolve() / 'spotsigns.db'}"
    assert settings.tracker_database == str(tmp_path.resolve() / "rasa-trackers.db")
