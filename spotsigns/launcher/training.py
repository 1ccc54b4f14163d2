"""Training the Rasa model (and the danger model of triage), cached by a hash of what each is
trained from.

The model file is named after the SHA-256 of `config.yml`, `domain.yml`, every file under
`data/` and the pinned Rasa versions, so `make test` and `make run` retrain only when one of them
changed. A copy is kept in a per-user cache (`SPOTSIGNS_MODEL_CACHE`, default
`~/.cache/spotsigns/models`; empty turns it off), as pip keeps wheels, so a fresh clone of the
same commit on the same machine (CI) does not spend five minutes training the same model again.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from spotsigns.config import MODELS_DIR, REPO_ROOT
from spotsigns.report import danger_model

TRAINING_INPUTS = ("config.yml", "domain.yml", "data", "requirements/bot.lock")
CACHED_MODELS_KEPT = 3  # the cache holds the newest few; a model is 80 MB


class TrainingError(RuntimeError):
    pass


def bot_env() -> dict[str, str]:
    """Environment for every Rasa process: no telemetry, quiet legacy warnings."""
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONHASHSEED="0",  # deterministic training on top of the fixed random seeds
    )
    return env


def rasa_executable() -> Path:
    path = Path(os.environ.get("RASA_BIN") or REPO_ROOT / ".venv-bot" / "bin" / "rasa")
    if not path.exists():
        raise TrainingError(f"Rasa is not installed at {path}; run `make install` first")
    return path


def model_fingerprint(root: Path = REPO_ROOT) -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path(root: Path = REPO_ROOT) -> Path:
    return MODELS_DIR / f"spotsigns-{model_fingerprint(root)}.tar.gz"


def model_cache_dir() -> Path | None:
    """The per-user cache of trained models, or None when turned off."""
    configured = os.environ.get("SPOTSIGNS_MODEL_CACHE")
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "spotsigns" / "models"


def _from_cache(target: Path) -> bool:
    cache = model_cache_dir()
    cached = cache / target.name if cache else None
    if cached is None or not cached.is_file():
        return False
    scratch = target.with_name(f".cached-{target.name}")
    shutil.copyfile(cached, scratch)
    os.replace(scratch, target)  # whole or not at all, as after training
    print(f"the Rasa model {target.name} was trained before from the same inputs: taken from {cache}", file=sys.stderr)
    return True


def _to_cache(target: Path) -> None:
    cache = model_cache_dir()
    if cache is None:
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        scratch = cache / f".{target.name}.{os.getpid()}"
        shutil.copyfile(target, scratch)
        os.replace(scratch, cache / target.name)
        kept = sorted(cache.glob("spotsigns-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[CACHED_MODELS_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError as error:  # a full or read-only cache costs the next clone a retraining, nothing more
        print(f"warning: could not keep the model in {cache}: {error}", file=sys.stderr)


def ensure_model(*, force: bool = False, log_file: Path | None = None) -> Path:
    """Return the trained model for the current data, training it first if needed.

    Several processes may ask at once (`spotsigns serve`, tests, benchmarks): one trains under
    a lock while the others wait, and the model appears at its final path only when whole
    (trained into a temporary folder, then renamed), so nobody loads half a file. The learned
    danger signal of triage is built here too (in seconds, cached the same way)."""
    danger_model.ensure_built()
    target = model_path()
    if target.exists() and not force:
        return target
    MODELS_DIR.mkdir(exist_ok=True)
    with (MODELS_DIR / ".train.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.exists() and not force:
            return target  # trained by another process while this one waited
        if force or not _from_cache(target):
            _train(target, log_file or REPO_ROOT / "var" / "logs" / "train.log")
            _to_cache(target)
    for stale in MODELS_DIR.glob("spotsigns-*.tar.gz"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return target


def _train(target: Path, log_file: Path) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".training-", dir=MODELS_DIR) as scratch:
        command = [
            str(rasa_executable()), "train", "--fixed-model-name", target.name.removesuffix(".tar.gz"),
            "--out", scratch, "--config", "config.yml", "--domain", "domain.yml", "--data", "data",
        ]  # fmt: skip
        print(f"training the Rasa model ({target.name}); log: {log_file}", file=sys.stderr)
        with log_file.open("w", encoding="utf-8") as log:
            result = subprocess.run(command, cwd=REPO_ROOT, env=bot_env(), stdout=log, stderr=subprocess.STDOUT, check=False)
        trained = Path(scratch) / target.name
        if result.returncode != 0 or not trained.exists():
            tail = "\n".join(log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
            raise TrainingError(f"rasa train failed (exit {result.returncode}); last lines of {log_file}:\n{tail}")
        os.replace(trained, target)
