"""The trained model is cached per user by the hash of what it is trained from, so a fresh
clone of the same commit (CI) takes it instead of training again; a changed input trains."""

from __future__ import annotations

from pathlib import Path

import pytest

from spotsigns.launcher import training


@pytest.fixture
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    models_dir = tmp_path / "models"
    monkeypatch.setattr(training, "MODELS_DIR", models_dir)
    monkeypatch.setattr(training.danger_model, "ensure_built", lambda: models_dir / "danger.pkl")
    monkeypatch.setenv("SPOTSIGNS_MODEL_CACHE", str(tmp_path / "cache"))
    return models_dir


def test_a_model_trained_from_the_same_inputs_is_taken_from_the_cache(
    models: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target_name = training.model_path().name
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / target_name).write_bytes(b"trained before")

    def must_not_train(target: Path, log_file: Path) -> None:
        raise AssertionError("trained although the cache held the model")

    monkeypatch.setattr(training, "_train", must_not_train)
    path = training.ensure_model()
    assert path == models / target_name
    assert path.read_bytes() == b"trained before"


def test_a_model_not_in_the_cache_is_trained_and_then_kept_there(models: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trained: list[Path] = []

    def fake_train(target: Path, log_file: Path) -> None:
        trained.append(target)
        target.write_bytes(b"new model")

    monkeypatch.setattr(training, "_train", fake_train)
    path = training.ensure_model()
    assert trained == [path]
    assert (tmp_path / "cache" / path.name).read_bytes() == b"new model"


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPOTSIGNS_MODEL_CACHE", "")
    assert training.model_cache_dir() is None


def test_the_pinned_rasa_version_is_part_of_the_fingerprint() -> None:
    assert "requirements/bot.lock" in training.TRAINING_INPUTS
